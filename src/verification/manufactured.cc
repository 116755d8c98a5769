// Manufactured solution for the small-strain linear elastic law: a smooth
// displacement u*(X) on the unit square/cube, the body force b = -div sigma(u*)
// computed from its analytic second derivatives, u* imposed on the boundary.
// The observed L2 and H1 convergence rates under uniform refinement must
// reach p + 1 and p (minus 0.1), on hypercubes and on simplices (each
// hypercube of the box split into 8 triangles or 24 tetrahedra).
#include <deal.II/grid/grid_generator.h>

#include "anatomy/analytic_shapes.h"
#include "solver/solid.h"
#include "verification/case_helpers.h"
#include "verification/suite.h"

namespace plantarfe::verification
{
  using namespace dealii;

  namespace
  {
    // u_c(X) = A_c prod_d sin(k (X_d + s_cd)): smooth, non-polynomial, and
    // different in every component.
    template <int dim>
    class Manufactured : public Function<dim>
    {
    public:
      Manufactured()
          : Function<dim>(dim)
      {}

      static constexpr double k = 1.3 * numbers::PI;
      double
      amplitude(unsigned int c) const
      {
        return 1e-3 * (1. + 0.5 * c);
      }
      double
      shift(unsigned int c, unsigned int d) const
      {
        return 0.1 * (c + 1) + 0.23 * d;
      }
      // d^n/dX^n of sin(k(X + s)) for n = 0, 1, 2
      double
      factor(const Point<dim> &X,
             unsigned int      c,
             unsigned int      d,
             unsigned int      n) const
      {
        const double a = k * (X[d] + shift(c, d));
        switch (n)
          {
            case 0:
              return std::sin(a);
            case 1:
              return k * std::cos(a);
            default:
              return -k * k * std::sin(a);
          }
      }
      // derivative of u_c with orders[d] derivatives in direction d
      double
      derivative(const Point<dim>                  &X,
                 unsigned int                       c,
                 const std::array<unsigned int, 3> &orders) const
      {
        double v = amplitude(c);
        for (unsigned int d = 0; d < dim; ++d)
          v *= factor(X, c, d, orders[d]);
        return v;
      }
      double
      value(const Point<dim> &X, const unsigned int c) const override
      {
        return derivative(X, c, {{0, 0, 0}});
      }
      Tensor<1, dim>
      gradient(const Point<dim> &X, const unsigned int c) const override
      {
        Tensor<1, dim> g;
        for (unsigned int j = 0; j < dim; ++j)
          {
            std::array<unsigned int, 3> o{{0, 0, 0}};
            o[j] = 1;
            g[j] = derivative(X, c, o);
          }
        return g;
      }
      double
      second(const Point<dim> &X,
             unsigned int      c,
             unsigned int      i,
             unsigned int      j) const
      {
        std::array<unsigned int, 3> o{{0, 0, 0}};
        o[i] += 1;
        o[j] += 1;
        return derivative(X, c, o);
      }
    };

    // b_i = -(mu Laplace u_i + (lambda + mu) d_i div u)
    template <int dim>
    class BodyForce : public Function<dim>
    {
    public:
      BodyForce(double lambda, double mu)
          : Function<dim>(dim)
          , lambda(lambda)
          , mu(mu)
      {}
      double
      value(const Point<dim> &X, const unsigned int i) const override
      {
        double lap = 0., grad_div = 0.;
        for (unsigned int j = 0; j < dim; ++j)
          {
            lap += u.second(X, i, j, j);
            grad_div += u.second(X, j, i, j);
          }
        return -(mu * lap + (lambda + mu) * grad_div);
      }
      Manufactured<dim> u;
      double            lambda, mu;
    };
  } // namespace

  Rows
  manufactured_solution(const int          dim_in,
                        const unsigned int degree,
                        const bool         simplex)
  {
    const auto cells =
      simplex ? solver::CellShape::simplex : solver::CellShape::hypercube;
    const double E = 1e6, nu = 0.3;
    const double lambda = E * nu / ((1 + nu) * (1 - 2 * nu)),
                 mu     = E / (2 * (1 + nu));
    // Coarsest subdivision per direction and number of meshes: the rate is
    // read from the two finest.
    auto run = [&](auto dim_tag) {
      constexpr int                   dim = decltype(dim_tag)::value;
      const std::vector<unsigned int> subdivisions =
        dim == 2 ? (degree == 1 ? std::vector<unsigned int>{8, 16, 32, 64} :
                                  std::vector<unsigned int>{4, 8, 16, 32}) :
                   (degree == 1 ? std::vector<unsigned int>{4, 8, 16} :
                                  std::vector<unsigned int>{2, 4, 8});
      std::vector<double> l2, h1, h;
      for (const unsigned int n : subdivisions)
        {
          solver::Problem<dim> p;
          p.make_mesh = [n, simplex](Triangulation<dim> &t) {
            const auto box = [n](Triangulation<dim> &b) {
              anatomy::make_box<dim>(b, {{1., 1., 1.}}, {{n, n, n}}, 0);
            };
            if (simplex)
              anatomy::make_simplex_mesh<dim>(t, box);
            else
              box(t);
          };
          p.materials[0] =
            materials::create_material("linear elastic",
                                       {{"Young's modulus", "1e6"},
                                        {"Poisson's ratio", "0.3"}});
          auto exact = std::make_shared<Manufactured<dim>>();
          for (unsigned int b = 0; b < 2 * dim; ++b)
            p.dirichlet.push_back(full_dirichlet<dim>(b, exact));
          p.body_force           = std::make_shared<BodyForce<dim>>(lambda, mu);
          p.settings.cells       = cells;
          p.settings.degree      = degree;
          p.settings.formulation = solver::Formulation::displacement;
          p.settings.residual_tolerance = 1e-12;
          p.settings.linear_tolerance   = 1e-12;
          solver::Solid<dim> solid(p);
          solid.solve();
          const auto e = solid.displacement_errors(*exact);
          l2.push_back(e.first);
          h1.push_back(e.second);
          h.push_back(1. / n);
        }
      const unsigned int k    = l2.size() - 1;
      const std::string  name = "mms-" + std::to_string(dim) + "d-" +
                               (simplex ? "p" : "q") + std::to_string(degree) +
                               (simplex ? (dim == 2 ? "tri" : "tet") : "");
      Rows rows;
      rows.push_back(at_least(name,
                              "L2 rate",
                              rate(l2[k - 1], l2[k], h[k - 1], h[k]),
                              degree + 1 - 0.1));
      rows.push_back(at_least(
        name, "H1 rate", rate(h1[k - 1], h1[k], h[k - 1], h[k]), degree - 0.1));
      rows.push_back(at_most(name, "L2 error finest (m)", l2[k], l2[0]));
      return rows;
    };
    if (dim_in == 2)
      return run(std::integral_constant<int, 2>());
    return run(std::integral_constant<int, 3>());
  }
} // namespace plantarfe::verification
