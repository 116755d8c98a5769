// Off-screen picture of one result field with VTK (OpenGL2): the mesh,
// optionally warped by the displacement and restricted to one region,
// coloured by a scalar (vector fields by magnitude), with a colour bar and a
// title, written as PNG. No VTK types appear here: VTK stays inside
// vtk_render.cc, which is built into the render module plantarfe_render.so
// (loaded by `render` and `compare` only; neither a `run` nor the unit tests
// linking plantarfe_core load VTK's rendering libraries).
#pragma once

#include "output/results_data.h"

#include <optional>
#include <string>
#include <vector>

namespace plantarfe::render
{
  struct RenderRequest
  {
    /// Reference mesh (global point indices, VTK vertex order).
    output::MeshData mesh;
    /// Point displacement (n_points x 3, m); empty: no warp.
    std::vector<double> displacement;
    double              warp_scale = 1.;
    /// Colour values: one scalar per point or per cell (vectors already
    /// reduced to their magnitude), in display units.
    std::vector<double> colour;
    bool                colour_on_cells = false;
    /// Colour bar title, e.g. "von_mises [kPa]".
    std::string colour_title;
    /// Show only the cells of this region (material id).
    std::optional<int> region;
    /// Title text (may hold '\n').
    std::string  title;
    unsigned int width  = 1200;
    unsigned int height = 900;
    /// PNG written atomically (temporary name beside it, then renamed).
    std::string output;
  };

  /// A TrueType font with the full ASCII set (Debian's VTK embeds URW
  /// Gothic, which draws '[' and '|' as '(' and 'l'); empty: none found, use
  /// VTK's own.
  std::string
  find_font_file();

  /// Renders @p request off screen and writes the PNG. Without DISPLAY it
  /// starts a private Xvfb for the duration (app/virtual_display.h). Throws
  /// IoError if there is no usable X server, rendering fails, or the file
  /// cannot be written.
  void
  render_png(const RenderRequest &request);
} // namespace plantarfe::render
