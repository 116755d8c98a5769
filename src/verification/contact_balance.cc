// Penalty contact: a block under its own (scaled) weight rests on a rigid
// plane (3D) and on a rigid cylinder (2D plane strain, half model with a
// symmetry roller). Whatever the penalty, equilibrium requires the contact
// force to balance the weight exactly; the penetration must stay far below
// the element size.
#include <deal.II/base/function.h>

#include "anatomy/analytic_shapes.h"
#include "contact/obstacle.h"
#include "solver/solid.h"
#include "verification/case_helpers.h"
#include "verification/suite.h"

#include <cstdlib>

namespace plantarfe::verification
{
  using namespace dealii;

  namespace
  {
    template <int dim>
    Rows
    balance(const std::shared_ptr<const contact::Obstacle> &obstacle,
            const std::string                              &name)
    {
      namespace bnd          = anatomy::boundary;
      const double         L = 0.02, H = 0.01, weight_density = 1e5; // N/m^3
      solver::Problem<dim> p;
      p.make_mesh = [=](Triangulation<dim> &t) {
        anatomy::make_box<dim>(t,
                               {{L, dim == 2 ? H : L, H}},
                               {{8, dim == 2 ? 4u : 8u, 4}},
                               0);
      };
      p.materials[0] = materials::create_material("neo-Hookean",
                                                  {{"Young's modulus", "1e5"},
                                                   {"Poisson's ratio", "0.3"}});
      // Symmetry rollers leave the vertical direction to contact alone.
      p.dirichlet.push_back(roller<dim>(bnd::x_min, 0));
      if (dim == 3)
        p.dirichlet.push_back(roller<dim>(bnd::y_min, 1));
      Vector<double> b(dim);
      b[dim - 1]     = -weight_density;
      p.body_force   = std::make_shared<Functions::ConstantFunction<dim>>(b);
      const double h = H / 4;
      p.contacts.push_back(
        {dim == 2 ? bnd::y_min : bnd::z_min, obstacle, 100 * 1e5 / h});
      p.settings.degree             = 2;
      p.settings.load_steps         = 2;
      p.settings.residual_tolerance = 1e-12;
      // The sharp penalty law, whose Newton behaviour the iteration bound
      // measures: the rounding band (1 % of a cell, 1.25 mm here) is far
      // wider than the few micrometres of penetration, so with it the block
      // would rest inside the band on a much softer law.
      p.settings.round_contact_kink = false;
      p.settings.verbose            = std::getenv("PLANTARFE_DEBUG") != nullptr;
      solver::Solid<dim> solid(p);
      const auto         report = solid.solve();
      const auto         c      = solid.contact_results().at(0);
      const double       weight = weight_density * L * H * (dim == 3 ? L : 1.);
      Rows               rows;
      rows.push_back(
        at_least(name, "converged (1 = yes)", report.converged ? 1. : 0., 1.));
      rows.push_back(relative(
        name, "contact force / weight", c.force_N[dim - 1] / weight, 1., 1e-6));
      rows.push_back(
        at_most(name,
                "max penetration / element size",
                c.peak_pressure_Pa / p.contacts[0].penalty_Pa_per_m / h,
                0.05));
      rows.push_back(
        at_most(name,
                "Newton iterations per step",
                double(report.total_newton_iterations) / report.steps.size(),
                8.));
      return rows;
    }
  } // namespace

  Rows
  contact_balance()
  {
    Rows rows =
      balance<3>(std::make_shared<contact::RigidPlane>(
                   contact::Vector3(), contact::Vector3({0., 0., 1.})),
                 "contact-plane-3d");
    // A rigid cylinder (R = 0.5 m) under the symmetry plane x = 0. A free body
    // touching a curved obstacle at a single point has no vertical support
    // until it sinks in, so the cylinder starts 1 micrometre into the block:
    // enough for the first quadrature points to be in contact, small against
    // the equilibrium penetration of a few micrometres.
    const double R = 0.5, overlap = 1e-6;
    const auto   more = balance<2>(std::make_shared<contact::RigidSphere>(
                                   contact::Vector3({0., -R + overlap, 0.}), R),
                                 "contact-cylinder-2d");
    rows.insert(rows.end(), more.begin(), more.end());
    return rows;
  }
} // namespace plantarfe::verification
