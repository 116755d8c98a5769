// Sizes of a region measured on a mesh, for the laws and metrics that are
// calibrated or reported per section (the Achilles tendon's stiffness
// k = E A / L, force per unloaded section of the fascia and the tendon, the
// calf's force per section) when the landmarks are the mesh's own
// (Geometry/Landmarks = mesh), so that a foot of another size carries its
// own sections instead of the Foot section's.
#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>
#include <deal.II/base/types.h>
#include <deal.II/grid/tria.h>

#include <vector>

namespace plantarfe::anatomy
{
  /// Section of the cells of @p regions within @p radius of @p point, cut
  /// by the line (2D: its length, m) or the plane (3D: its area, m^2)
  /// through @p point with the sagittal normal @p normal. Each cell's cut is
  /// the polygon through the points where its edges cross the plane: exact
  /// for straight-edged cells whose faces are planar.
  template <int dim>
  double
  region_section(const dealii::Triangulation<dim>              &tria,
                 const std::vector<dealii::types::material_id> &regions,
                 const dealii::Point<2>                        &point,
                 const dealii::Tensor<1, 2>                    &normal,
                 double                                         radius);

  /// Area (2D) or volume (3D) of the cells of @p regions.
  template <int dim>
  double
  region_measure(const dealii::Triangulation<dim>              &tria,
                 const std::vector<dealii::types::material_id> &regions);
} // namespace plantarfe::anatomy
