// Uniaxial stretch of a neo-Hookean cube: stretch lambda along x by a
// prescribed displacement, symmetry rollers on the three planes through the
// origin, lateral faces free. The state is homogeneous, so the FE Cauchy
// stress must equal the closed form with the lateral stretch t solved from
// sigma_yy = 0 (a scalar equation, solved here by bisection from the
// formulas below, not from the material code).
#include <deal.II/grid/grid_generator.h>

#include "anatomy/analytic_shapes.h"
#include "solver/solid.h"
#include "verification/case_helpers.h"
#include "verification/suite.h"

#include <functional>

namespace plantarfe::verification
{
  using namespace dealii;

  namespace
  {
    double
    bisect(const std::function<double(double)> &f, double lo, double hi)
    {
      for (int i = 0; i < 200; ++i)
        {
          const double mid                 = 0.5 * (lo + hi);
          (f(lo) * f(mid) <= 0. ? hi : lo) = mid;
        }
      return 0.5 * (lo + hi);
    }

    class Stretch : public Function<3>
    {
    public:
      Stretch(double l)
          : Function<3>(3)
          , l(l)
      {}
      double
      value(const Point<3> &X, const unsigned int c) const override
      {
        return c == 0 ? get_time() * (l - 1.) * X[0] : 0.;
      }
      double l;
    };

    double
    fe_sigma_xx(const std::string                                      &law,
                const std::vector<std::pair<std::string, std::string>> &v,
                double                                                  l,
                double &sigma_yy)
    {
      solver::Problem<3> p;
      p.make_mesh = [](Triangulation<3> &t) {
        anatomy::make_box<3>(t, {{0.01, 0.01, 0.01}}, {{2, 2, 2}}, 0);
      };
      p.materials[0] = materials::create_material(law, v);
      ComponentMask x_only(3, false);
      x_only.set(0, true);
      p.dirichlet.push_back({1, x_only, std::make_shared<Stretch>(l)});
      p.dirichlet.push_back(roller<3>(0, 0));
      p.dirichlet.push_back(roller<3>(2, 1));
      p.dirichlet.push_back(roller<3>(4, 2));
      p.settings.degree             = 2;
      p.settings.load_steps         = 4;
      p.settings.residual_tolerance = 1e-12;
      solver::Solid<3> solid(p);
      solid.solve();
      const auto s = solid.point_cauchy_stress(Point<3>(0.004, 0.006, 0.003));
      sigma_yy     = s[1][1];
      return s[0][0];
    }
  } // namespace

  Rows
  uniaxial_neo_hookean()
  {
    Rows         rows;
    const double l = 1.3;
    {
      // Compressible: sigma = [mu (b - I) + lambda ln J I] / J
      const double E = 1e6, nu = 0.3;
      const double mu     = E / (2 * (1 + nu)),
                   lambda = E * nu / ((1 + nu) * (1 - 2 * nu));
      auto lateral        = [&](double t) {
        const double J = l * t * t;
        return (mu * (t * t - 1.) + lambda * std::log(J)) / J;
      };
      const double t        = bisect(lateral, 0.5, 1.0);
      const double J        = l * t * t;
      const double expected = (mu * (l * l - 1.) + lambda * std::log(J)) / J;
      double       syy      = 0.;
      const double sxx =
        fe_sigma_xx("neo-Hookean",
                    {{"Young's modulus", "1e6"}, {"Poisson's ratio", "0.3"}},
                    l,
                    syy);
      rows.push_back(relative("uniaxial-neo-hookean",
                              "sigma_xx (Pa), lambda = 1.3",
                              sxx,
                              expected,
                              1e-8));
      rows.push_back(at_most("uniaxial-neo-hookean",
                             "|sigma_yy| / sigma_xx",
                             std::abs(syy) / expected,
                             1e-8));
    }
    {
      // Nearly incompressible (isochoric split): sigma = mu J^-5/3 dev(b) +
      // U'(J) I, U = kappa/4 (J^2 - 1 - 2 ln J).
      const double mu = 1e5, nu = 0.4999;
      const double kappa  = 2 * mu * (1 + nu) / (3 * (1 - 2 * nu));
      auto         stress = [&](double t, unsigned int c) {
        const double J = l * t * t, trb = l * l + 2 * t * t;
        const double bcc = c == 0 ? l * l : t * t;
        return mu * std::pow(J, -5. / 3.) * (bcc - trb / 3.) +
               0.5 * kappa * (J - 1. / J);
      };
      const double t = bisect([&](double t) { return stress(t, 1); }, 0.5, 1.0);
      const double expected = stress(t, 0);
      double       syy      = 0.;
      const double sxx =
        fe_sigma_xx("neo-Hookean nearly incompressible",
                    {{"Shear modulus", "1e5"}, {"Poisson's ratio", "0.4999"}},
                    l,
                    syy);
      rows.push_back(relative("uniaxial-neo-hookean-nearly-incompressible",
                              "sigma_xx (Pa), lambda = 1.3",
                              sxx,
                              expected,
                              1e-8));
      // and the incompressible limit mu (l^2 - 1/l), within O(mu/kappa)
      rows.push_back(relative("uniaxial-neo-hookean-nearly-incompressible",
                              "sigma_xx vs incompressible mu(l^2 - 1/l)",
                              sxx,
                              mu * (l * l - 1. / l),
                              1e-3));
    }
    return rows;
  }
} // namespace plantarfe::verification
