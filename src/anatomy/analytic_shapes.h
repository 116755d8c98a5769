// Analytic verification geometries (the foot lives elsewhere). Each builder
// fills an empty triangulation, refines it, and sets boundary ids documented
// below; all lengths in metres.
#pragma once

#include <deal.II/grid/tria.h>

#include <array>
#include <functional>

namespace plantarfe::anatomy
{
  /// Boundary ids shared by the analytic shapes.
  namespace boundary
  {
    // Box: faces normal to x, y, z at min/max.
    constexpr unsigned int x_min = 0, x_max = 1, y_min = 2, y_max = 3,
                           z_min = 4, z_max = 5;
    // Cook's membrane: clamped left edge, loaded right edge, the rest free;
    // in 3D the two faces normal to z.
    constexpr unsigned int cook_clamped = 0, cook_loaded = 1, cook_free = 2,
                           cook_faces = 3;
    // Thick cylinder (quarter): inner and outer surfaces, the symmetry planes
    // x = 0 and y = 0, and in 3D the end planes z = 0 and z = height.
    constexpr unsigned int cyl_inner = 0, cyl_outer = 1, cyl_sym_x = 2,
                           cyl_sym_y = 3, cyl_ends = 4;
  } // namespace boundary

  /// Box [0, size[0]] x [0, size[1]] (x [0, size[2]]) with the given
  /// subdivisions per axis, then refined globally.
  template <int dim>
  void
  make_box(dealii::Triangulation<dim>        &tria,
           const std::array<double, 3>       &size,
           const std::array<unsigned int, 3> &subdivisions,
           unsigned int                       refinements);

  /// Cook's membrane: the trapezoid (0,0), (48,44), (48,60), (0,44) mm, in 3D
  /// extruded by @p thickness along z. @p n cells per edge.
  /// Fills @p tria with simplices (triangles, tetrahedra): the hypercube
  /// mesh @p make_hypercubes builds, each cell split by deal.II's
  /// convert_hypercube_to_simplex_mesh (8 triangles per quadrilateral, 24
  /// tetrahedra per hexahedron), material and boundary ids kept.
  template <int dim>
  void
  make_simplex_mesh(
    dealii::Triangulation<dim>                              &tria,
    const std::function<void(dealii::Triangulation<dim> &)> &make_hypercubes);

  template <int dim>
  void
  make_cook_membrane(dealii::Triangulation<dim> &tria,
                     unsigned int                n,
                     double                      thickness);

  /// Quarter of a thick-walled cylinder, inner radius a, outer b, around the
  /// z axis; in 3D of length @p height with @p n_axial cells.
  template <int dim>
  void
  make_thick_cylinder(dealii::Triangulation<dim> &tria,
                      double                      inner_radius,
                      double                      outer_radius,
                      double                      height,
                      unsigned int                refinements);
} // namespace plantarfe::anatomy
