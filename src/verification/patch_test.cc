// Patch test: a homogeneous deformation u = (F0 - I) X imposed on the whole
// boundary of a distorted mesh must be reproduced exactly (to round-off) in
// the interior, for compressible and nearly incompressible (mixed) laws, in
// 2D and 3D, Q1 and Q2 on quadrilaterals/hexahedra, P1 and P2 on
// triangles/tetrahedra.
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_tools.h>

#include "anatomy/analytic_shapes.h"
#include "solver/solid.h"
#include "verification/case_helpers.h"
#include "verification/suite.h"

namespace plantarfe::verification
{
  using namespace dealii;

  namespace
  {
    template <int dim>
    class Homogeneous : public Function<dim>
    {
    public:
      Homogeneous(const Tensor<2, dim> &H)
          : Function<dim>(dim)
          , H(H)
      {}
      double
      value(const Point<dim> &X, const unsigned int c) const override
      {
        // scaled by the load fraction (time) so the load can be stepped
        return this->get_time() * (H * X)[c];
      }
      Tensor<1, dim>
      gradient(const Point<dim> &, const unsigned int c) const override
      {
        return this->get_time() * H[c];
      }
      Tensor<2, dim> H;
    };

    template <int dim>
    Rows
    patch(const std::string                                      &law,
          const std::vector<std::pair<std::string, std::string>> &values,
          unsigned int                                            degree,
          solver::CellShape cells = solver::CellShape::hypercube)
    {
      const bool           simplex = cells == solver::CellShape::simplex;
      solver::Problem<dim> p;
      p.make_mesh = [simplex](Triangulation<dim> &t) {
        const auto box = [](Triangulation<dim> &b) {
          anatomy::make_box<dim>(b, {{1., 1., 1.}}, {{3, 3, 3}}, 0);
        };
        if (simplex)
          anatomy::make_simplex_mesh<dim>(t, box);
        else
          box(t);
        // Smooth interior distortion that leaves the boundary in place.
        GridTools::transform(
          [](const Point<dim> &x) {
            Point<dim> y    = x;
            double     bump = 1.;
            for (unsigned int d = 0; d < dim; ++d)
              bump *= std::sin(numbers::PI * x[d]);
            y[0] += 0.12 * bump;
            y[1] -= 0.08 * bump;
            return y;
          },
          t);
      };
      p.materials[0] = materials::create_material(law, values);
      Tensor<2, dim> H;
      H[0][0] = 0.08;
      H[1][1] = -0.05;
      H[0][1] = 0.04;
      H[1][0] = -0.02;
      if (dim == 3)
        {
          H[2][2] = 0.03;
          H[0][2] = 0.02;
          H[2][1] = -0.03;
        }
      auto g = std::make_shared<Homogeneous<dim>>(H);
      for (unsigned int b = 0; b < 2 * dim; ++b)
        p.dirichlet.push_back(full_dirichlet<dim>(b, g));
      p.settings.cells              = cells;
      p.settings.degree             = degree;
      p.settings.load_steps         = 2;
      p.settings.residual_tolerance = 1e-13;
      p.settings.linear_solver      = solver::LinearSolverKind::direct;

      solver::Solid<dim> solid(p);
      const auto         report = solid.solve();
      g->set_time(1.);
      const auto errors = solid.displacement_errors(*g);
      // |u| in L2 over the unit domain is of order |H|.
      const std::string shape = simplex ? (dim == 2 ? "tri" : "tet") : "";
      const std::string name  = "patch-" + std::to_string(dim) + "d-" +
                               (simplex ? "p" : "q") + std::to_string(degree) +
                               shape + "-" + law;
      Rows rows;
      rows.push_back(
        at_least(name, "converged (1 = yes)", report.converged ? 1. : 0., 1.));
      rows.push_back(
        at_most(name, "L2 error / |H|", errors.first / H.norm(), 1e-10));
      rows.push_back(
        at_most(name, "H1 error / |H|", errors.second / H.norm(), 1e-9));
      return rows;
    }
  } // namespace

  Rows
  patch_test()
  {
    Rows rows;
    auto add = [&rows](const Rows &r) {
      rows.insert(rows.end(), r.begin(), r.end());
    };
    const std::vector<std::pair<std::string, std::string>> nh = {
      {"Young's modulus", "1e6"}, {"Poisson's ratio", "0.3"}};
    const std::vector<std::pair<std::string, std::string>> nhi = {
      {"Shear modulus", "1e5"}, {"Poisson's ratio", "0.4999"}};
    add(patch<2>("linear elastic", nh, 1));
    add(patch<2>("neo-Hookean", nh, 1));
    add(patch<2>("neo-Hookean nearly incompressible", nhi, 2));
    add(patch<3>("neo-Hookean", nh, 1));
    add(patch<3>("neo-Hookean nearly incompressible", nhi, 2));
    // Triangles and tetrahedra (P1, and P2 with a constant dilatation).
    const auto simplex = solver::CellShape::simplex;
    add(patch<2>("neo-Hookean", nh, 1, simplex));
    add(patch<2>("neo-Hookean nearly incompressible", nhi, 2, simplex));
    add(patch<3>("neo-Hookean", nh, 1, simplex));
    add(patch<3>("neo-Hookean nearly incompressible", nhi, 2, simplex));
    return rows;
  }
} // namespace plantarfe::verification
