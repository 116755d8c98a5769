// Lame's thick-walled cylinder under internal pressure (linear elastic,
// plane strain): u_r(r) = (1+nu) p a^2 / (E (b^2 - a^2)) ((1 - 2 nu) r + b^2 /
// r). Quarter model with symmetry rollers; curved boundaries are followed with
// an isoparametric mapping, so the error must fall at the element's rate.
#include "anatomy/analytic_shapes.h"
#include "loads/radial_pressure.h"
#include "solver/solid.h"
#include "verification/case_helpers.h"
#include "verification/suite.h"

namespace plantarfe::verification
{
  using namespace dealii;

  namespace
  {
    template <int dim>
    class LameDisplacement : public Function<dim>
    {
    public:
      LameDisplacement(double a, double b, double p, double E, double nu)
          : Function<dim>(dim)
          , a(a)
          , b(b)
          , p(p)
          , E(E)
          , nu(nu)
      {}
      double
      radial(double r) const
      {
        return (1 + nu) * p * a * a / (E * (b * b - a * a)) *
               ((1 - 2 * nu) * r + b * b / r);
      }
      double
      value(const Point<dim> &x, const unsigned int c) const override
      {
        if (c >= 2)
          return 0.;
        const double r = std::hypot(x[0], x[1]);
        return radial(r) * x[c] / r;
      }
      double a, b, p, E, nu;
    };

    template <int dim>
    std::pair<double, double>
    solve(unsigned int refinements, double &u_inner)
    {
      namespace bnd  = anatomy::boundary;
      const double a = 0.01, b = 0.02, pressure = 1e6, E = 2e9, nu = 0.3,
                   h = 0.004;
      solver::Problem<dim> p;
      p.make_mesh = [=](Triangulation<dim> &t) {
        anatomy::make_thick_cylinder<dim>(t, a, b, h, refinements);
      };
      p.materials[0] = materials::create_material("linear elastic",
                                                  {{"Young's modulus", "2e9"},
                                                   {"Poisson's ratio", "0.3"}});
      p.dirichlet.push_back(roller<dim>(bnd::cyl_sym_x, 0));
      p.dirichlet.push_back(roller<dim>(bnd::cyl_sym_y, 1));
      if (dim == 3)
        p.dirichlet.push_back(roller<dim>(bnd::cyl_ends, 2));
      p.tractions.push_back(
        {bnd::cyl_inner,
         std::make_shared<loads::RadialPressure<dim>>(pressure)});
      p.settings.degree             = 2;
      p.settings.mapping_degree     = 2;
      p.settings.formulation        = solver::Formulation::displacement;
      p.settings.residual_tolerance = 1e-12;
      p.settings.linear_tolerance   = 1e-12;
      solver::Solid<dim> solid(p);
      solid.solve();
      LameDisplacement<dim> exact(a, b, pressure, E, nu);
      Point<dim>            X;
      X[0]         = a * std::cos(0.3);
      X[1]         = a * std::sin(0.3);
      const auto u = solid.point_displacement(X);
      u_inner      = (u[0] * X[0] + u[1] * X[1]) / a / exact.radial(a);
      return solid.displacement_errors(exact);
    }
  } // namespace

  Rows
  lame_cylinder()
  {
    Rows                rows;
    std::vector<double> l2;
    double              ratio = 0.;
    for (unsigned int r = 1; r <= 3; ++r)
      l2.push_back(solve<2>(r, ratio).first);
    rows.push_back(
      relative("lame-2d-q2", "u_r(a) / closed form", ratio, 1., 1e-5));
    rows.push_back(
      at_least("lame-2d-q2", "L2 rate", std::log2(l2[1] / l2[2]), 2.9));
    double ratio3 = 0.;
    solve<3>(2, ratio3);
    rows.push_back(
      relative("lame-3d-q2", "u_r(a) / closed form", ratio3, 1., 1e-4));
    return rows;
  }
} // namespace plantarfe::verification
