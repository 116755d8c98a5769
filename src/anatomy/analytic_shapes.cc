#include "anatomy/analytic_shapes.h"

#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/manifold_lib.h>
#include <deal.II/grid/tria.h>

#include <cmath>

namespace plantarfe::anatomy
{
  using namespace dealii;

  template <int dim>
  void
  make_box(Triangulation<dim>                &tria,
           const std::array<double, 3>       &size,
           const std::array<unsigned int, 3> &subdivisions,
           const unsigned int                 refinements)
  {
    Point<dim>                p1, p2;
    std::vector<unsigned int> reps(dim);
    for (unsigned int d = 0; d < dim; ++d)
      {
        p2[d]   = size[d];
        reps[d] = subdivisions[d];
      }
    // Every coarse cell is a p4est tree, which costs set-up time and memory:
    // build the same mesh from a coarser one by halving the subdivisions
    // while they stay even and the coarse mesh keeps at least 64 cells.
    unsigned int extra_refinements = 0;
    for (;;)
      {
        unsigned long long coarse = 1;
        bool               even   = true;
        for (unsigned int d = 0; d < dim; ++d)
          {
            even = even && reps[d] % 2 == 0;
            coarse *= reps[d] / 2;
          }
        if (!even || coarse < 64)
          break;
        for (unsigned int d = 0; d < dim; ++d)
          reps[d] /= 2;
        ++extra_refinements;
      }
    // colorize: face ids 0..5 = x_min, x_max, y_min, y_max, z_min, z_max
    GridGenerator::subdivided_hyper_rectangle(tria, reps, p1, p2, true);
    // colorize also numbers the cells by position; the box is one region.
    for (const auto &cell : tria.active_cell_iterators())
      cell->set_material_id(0);
    tria.refine_global(refinements + extra_refinements);
  }

  template <int dim>
  void
  make_cook_membrane(Triangulation<dim> &tria,
                     const unsigned int  n,
                     const double        thickness)
  {
    // Map the unit square onto the trapezoid bilinearly.
    std::vector<unsigned int> reps(dim, n);
    Point<dim>                p1, p2;
    for (unsigned int d = 0; d < dim; ++d)
      p2[d] = 1.;
    if (dim == 3)
      reps[2] = std::max(1u, n / 4);
    GridGenerator::subdivided_hyper_rectangle(tria, reps, p1, p2);
    GridTools::transform(
      [thickness](const Point<dim> &p) {
        Point<dim>   x;
        const double s = p[0], t = p[1];
        x[0] = 0.048 * s;
        // lower edge from (0,0) to (48,44), upper from (0,44) to (48,60) mm
        const double y_low = 0.044 * s, y_high = 0.044 + 0.016 * s;
        x[1] = y_low + t * (y_high - y_low);
        if (dim == 3)
          x[2] = thickness * p[2];
        return x;
      },
      tria);
    for (const auto &cell : tria.active_cell_iterators())
      for (const auto f : cell->face_indices())
        if (cell->face(f)->at_boundary())
          {
            const auto   c  = cell->face(f)->center();
            unsigned int id = boundary::cook_free;
            if (std::abs(c[0]) < 1e-9)
              id = boundary::cook_clamped;
            else if (std::abs(c[0] - 0.048) < 1e-9)
              id = boundary::cook_loaded;
            else if (dim == 3 && (std::abs(c[dim - 1]) < 1e-12 ||
                                  std::abs(c[dim - 1] - thickness) < 1e-12))
              id = boundary::cook_faces;
            cell->face(f)->set_boundary_id(id);
          }
  }

  template <int dim>
  void
  make_thick_cylinder(Triangulation<dim> &tria,
                      const double        a,
                      const double        b,
                      const double        height,
                      const unsigned int  refinements)
  {
    Triangulation<2> annulus;
    GridGenerator::quarter_hyper_shell(annulus, Point<2>(), a, b, 2, false);
    if constexpr (dim == 2)
      {
        tria.copy_triangulation(annulus);
        tria.set_all_manifold_ids(0);
        tria.set_manifold(0, SphericalManifold<2>());
      }
    else
      {
        GridGenerator::extrude_triangulation(annulus, 3, height, tria);
        tria.set_all_manifold_ids(0);
        tria.set_manifold(0, CylindricalManifold<3>(2));
      }
    // Only the straight-sided interior edges would stay straight; that is
    // what the manifold on every cell fixes. Boundary ids by geometry:
    for (const auto &cell : tria.active_cell_iterators())
      for (const auto f : cell->face_indices())
        if (cell->face(f)->at_boundary())
          {
            const auto   c = cell->face(f)->center(true);
            const double r = std::hypot(c[0], c[1]);
            unsigned int id;
            if (dim == 3 &&
                (std::abs(c[2]) < 1e-12 || std::abs(c[2] - height) < 1e-12))
              id = boundary::cyl_ends;
            else if (std::abs(c[0]) < 1e-12)
              id = boundary::cyl_sym_x;
            else if (std::abs(c[1]) < 1e-12)
              id = boundary::cyl_sym_y;
            else
              id =
                r < 0.5 * (a + b) ? boundary::cyl_inner : boundary::cyl_outer;
            cell->face(f)->set_boundary_id(id);
          }
    tria.refine_global(refinements);
  }

  template <int dim>
  void
  make_simplex_mesh(
    Triangulation<dim>                              &tria,
    const std::function<void(Triangulation<dim> &)> &make_hypercubes)
  {
    Triangulation<dim> hypercubes, coarse;
    make_hypercubes(hypercubes);
    // The conversion takes a coarse mesh: the refined one made coarse.
    GridGenerator::flatten_triangulation(hypercubes, coarse);
    GridGenerator::convert_hypercube_to_simplex_mesh(coarse, tria);
  }

  template void
  make_simplex_mesh<2>(Triangulation<2> &,
                       const std::function<void(Triangulation<2> &)> &);
  template void
  make_simplex_mesh<3>(Triangulation<3> &,
                       const std::function<void(Triangulation<3> &)> &);
  template void
  make_box<2>(Triangulation<2> &,
              const std::array<double, 3> &,
              const std::array<unsigned int, 3> &,
              unsigned int);
  template void
  make_box<3>(Triangulation<3> &,
              const std::array<double, 3> &,
              const std::array<unsigned int, 3> &,
              unsigned int);
  template void
  make_cook_membrane<2>(Triangulation<2> &, unsigned int, double);
  template void
  make_cook_membrane<3>(Triangulation<3> &, unsigned int, double);
  template void
  make_thick_cylinder<2>(Triangulation<2> &,
                         double,
                         double,
                         double,
                         unsigned int);
  template void
  make_thick_cylinder<3>(Triangulation<3> &,
                         double,
                         double,
                         double,
                         unsigned int);
} // namespace plantarfe::anatomy
