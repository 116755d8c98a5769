// A line chart as PNG, drawn in software: lines and markers into an RGB
// buffer, text rasterised by VTK's FreeType tools (embedded fonts), written
// with vtkPNGWriter. Unlike `plantarfe render` it needs no OpenGL and no X
// display, so `compare` works on login nodes and in CI. No VTK types appear
// here (built into the render module, like vtk_render).
#pragma once

#include <string>
#include <vector>

namespace plantarfe::render
{
  struct ChartSeries
  {
    std::string         label;
    std::vector<double> x, y;
  };

  struct ChartRequest
  {
    std::string              title;
    std::string              x_label;
    std::string              y_label;
    std::vector<ChartSeries> series;
    /// Non-empty: x holds indices into these names (a non-numeric parameter).
    std::vector<std::string> x_categories;
    unsigned int             width  = 1000;
    unsigned int             height = 650;
    /// Written atomically (temporary name, then renamed).
    std::string output;
  };

  /// Draws @p request; throws IoError when the PNG cannot be written.
  void
  write_chart_png(const ChartRequest &request);
} // namespace plantarfe::render
