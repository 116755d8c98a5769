// render_png and write_chart_png for the executable: they load the render
// module (plantarfe_render.so, src/render/module_entry.cc) on first use and
// forward to it, so that a `run` never loads VTK's rendering libraries.
// The module is looked for beside the executable (the build tree) and in
// ../lib/plantarfe relative to it (an installed tree).
#include "base/errors.h"
#include "render/chart_png.h"
#include "render/vtk_render.h"

#include <dlfcn.h>
#include <filesystem>
#include <string>
#include <system_error>

namespace plantarfe::render
{
  namespace
  {
    namespace fs = std::filesystem;

    void *
    render_module()
    {
      static void *handle = []() -> void * {
        std::error_code ec;
        const fs::path  exe = fs::read_symlink("/proc/self/exe", ec);
        std::string     tried;
        for (const fs::path &candidate :
             {exe.parent_path() / "plantarfe_render.so",
              exe.parent_path().parent_path() / "lib" / "plantarfe" /
                "plantarfe_render.so"})
          {
            if (void *h = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL))
              return h;
            const char *why = dlerror();
            tried += "\n  " + candidate.string() + ": " +
                     (why != nullptr ? why : "not loadable");
          }
        throw IoError("cannot load the render module (VTK rendering):" + tried);
      }();
      return handle;
    }

    template <typename Request>
    void
    call(const char *symbol, const Request &request)
    {
      using Entry = void (*)(const Request *);
      auto entry  = reinterpret_cast<Entry>(dlsym(render_module(), symbol));
      if (entry == nullptr)
        throw IoError(std::string("the render module has no ") + symbol +
                      " (a module from another build?)");
      entry(&request);
    }
  } // namespace

  void
  render_png(const RenderRequest &request)
  {
    call("plantarfe_render_png", request);
  }

  void
  write_chart_png(const ChartRequest &request)
  {
    call("plantarfe_write_chart_png", request);
  }
} // namespace plantarfe::render
