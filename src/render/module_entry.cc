// The entry points of the render module (plantarfe_render.so). VTK's
// rendering stack is 40 shared libraries; linked into the executable they
// cost every run about 0.15 s of start-up (symbol relocation), though only
// `render` and `compare` draw anything. The module is loaded on first use
// by src/app/render_module.cc, which defines render_png and write_chart_png
// for the executable and forwards here. C linkage keeps the names plain
// for dlsym; exceptions still propagate (one C++ runtime in the process).
#include "render/chart_png.h"
#include "render/vtk_render.h"

extern "C" {
__attribute__((visibility("default"))) void
plantarfe_render_png(const plantarfe::render::RenderRequest *request)
{
  plantarfe::render::render_png(*request);
}

__attribute__((visibility("default"))) void
plantarfe_write_chart_png(const plantarfe::render::ChartRequest *request)
{
  plantarfe::render::write_chart_png(*request);
}
}
