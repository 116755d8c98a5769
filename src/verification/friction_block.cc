// Coulomb friction: an elastic block pressed onto a rigid plane by a
// uniform pressure p on its top face while that face is pulled sideways by
// a prescribed displacement. Below the friction limit the sole sticks (it
// moves only by the penalty's compliance and a little slip at its edges);
// pulled well past the limit it slides, and then every contact point
// carries exactly mu x its pressure, whatever the mesh or penalty. In 2D
// plane strain all points slip along x, so the pulling force is mu N; in 3D
// the sole's Poisson spread turns some slip sideways, so there the sum of
// |friction| over the sole is what equals mu N.
#include <deal.II/base/function.h>
#include <deal.II/base/mpi.h>

#include "anatomy/analytic_shapes.h"
#include "contact/obstacle.h"
#include "solver/solid.h"
#include "verification/case_helpers.h"
#include "verification/suite.h"

#include <cmath>
#include <cstdlib>
#include <string>

namespace plantarfe::verification
{
  using namespace dealii;

  namespace
  {
    /// u_x = pull * t on the top face (t: the load fraction).
    template <int dim>
    class SidewaysPull : public Function<dim>
    {
    public:
      explicit SidewaysPull(const double pull)
          : Function<dim>(dim)
          , pull(pull)
      {}

      double
      value(const Point<dim> &, const unsigned int component) const override
      {
        return component == 0 ? pull * this->get_time() : 0.;
      }

    private:
      double pull;
    };

    struct BlockResult
    {
      bool   converged         = false;
      double pull_force_ratio  = 0.; ///< support reaction / (mu N)
      double shear_force_ratio = 0.; ///< integrated friction / (mu N)
      /// Integral of |friction| over mu x integral of pressure.
      double shear_magnitude_ratio = 0.;
      double normal_force_ratio    = 0.; ///< contact normal force / N
      double slide_ratio           = 0.; ///< mean sole displacement / pull
      double newton_per_step       = 0.;
    };

    /// The block W x H (x W in 3D), E = 1 MPa, pressed by p = 20 kPa with
    /// mu = 0.4 and its top pulled by @p pull (m) in x.
    template <int dim>
    BlockResult
    pressed_and_pulled(const double pull, const unsigned int load_steps)
    {
      namespace bnd          = anatomy::boundary;
      const double         W = 0.02, H = 0.01, E = 1e6, p = 2e4, mu = 0.4;
      const auto           top  = dim == 2 ? bnd::y_max : bnd::z_max;
      const auto           sole = dim == 2 ? bnd::y_min : bnd::z_min;
      solver::Problem<dim> problem;
      problem.make_mesh = [=](Triangulation<dim> &t) {
        anatomy::make_box<dim>(t, {{W, dim == 2 ? H : W, H}}, {{8, 4, 4}}, 0);
      };
      problem.materials[0] =
        materials::create_material("neo-Hookean",
                                   {{"Young's modulus", "1e6"},
                                    {"Poisson's ratio", "0.3"}});
      // The top face is pulled in x (and held in y in 3D); pressure does the
      // rest, so the block's height is found by contact.
      ComponentMask pulled(dim, false);
      pulled.set(0, true);
      if (dim == 3)
        pulled.set(1, true);
      problem.dirichlet.push_back(
        {top, pulled, std::make_shared<SidewaysPull<dim>>(pull)});
      Vector<double> down(dim);
      down[dim - 1] = -p;
      problem.tractions.push_back(
        {top, std::make_shared<Functions::ConstantFunction<dim>>(down)});
      contact::Vector3 up;
      up[dim - 1] = 1.;
      problem.contacts.push_back(
        {sole,
         std::make_shared<contact::RigidPlane>(contact::Vector3(), up),
         100. * E / (H / 4),
         mu,
         "ground"});
      problem.settings.degree             = 2;
      problem.settings.formulation        = solver::Formulation::displacement;
      problem.settings.load_steps         = load_steps;
      problem.settings.residual_tolerance = 1e-10;
      problem.settings.verbose = std::getenv("PLANTARFE_DEBUG") != nullptr;
      solver::Solid<dim> solid(problem);
      const auto         report = solid.solve();

      const double N = p * W * (dim == 3 ? W : 1.);
      BlockResult  r;
      r.converged = report.converged;
      r.newton_per_step =
        double(report.total_newton_iterations) / report.steps.size();
      r.pull_force_ratio   = solid.support_reaction(top)[0] / (mu * N);
      const auto c         = solid.contact_results().at(0);
      r.shear_force_ratio  = -c.force_N[0] / (mu * N);
      r.normal_force_ratio = c.force_N[dim - 1] / N;
      double slid = 0., area = 0., shear = 0., pressure = 0.;
      solid.for_each_contact_point(
        [&](const solver::ContactPointState<dim> &s) {
          slid += (s.x[0] - s.X[0]) * s.JxW;
          area += s.JxW;
          shear += s.shear_Pa.norm() * s.JxW;
          pressure += s.pressure_Pa * s.JxW;
        });
      // Sums over this rank's sole points: add up over all ranks.
      const MPI_Comm comm     = solid.communicator();
      slid                    = Utilities::MPI::sum(slid, comm);
      area                    = Utilities::MPI::sum(area, comm);
      shear                   = Utilities::MPI::sum(shear, comm);
      pressure                = Utilities::MPI::sum(pressure, comm);
      r.slide_ratio           = slid / area / pull;
      r.shear_magnitude_ratio = shear / (mu * pressure);
      return r;
    }

    /// Traction on the block's top (the assembler multiplies it by the load
    /// fraction t): the pressure p grows to full by t = 0.5, then a sideways
    /// push grows from 0 to 1.25 mu p at t = 1 under the full pressure.
    class PressThenPush : public Function<2>
    {
    public:
      PressThenPush(const double p, const double mu)
          : Function<2>(2)
          , p(p)
          , mu(mu)
      {}

      double
      value(const Point<2> &, const unsigned int component) const override
      {
        const double t = this->get_time();
        if (t <= 0.)
          return 0.;
        const double pressure = p * std::min(1., 2. * t);
        const double push     = 1.25 * mu * p * std::max(0., 2. * t - 1.);
        return (component == 0 ? push : -pressure) / t;
      }

    private:
      double p, mu;
    };

    /// Past the limit: the 2D block's top is pushed sideways by a force (not
    /// a displacement) that reaches mu N at load fraction 0.9 and 1.25 mu N
    /// at 1. Beyond 0.9 nothing holds the block: there is no equilibrium, so
    /// the solve must fail, say where, and not report that load as reached.
    struct LimitResult
    {
      bool        converged = true;
      double      load      = 0.;
      std::string reason;
    };

    LimitResult
    pushed_past_the_limit()
    {
      namespace bnd        = anatomy::boundary;
      const double       W = 0.02, H = 0.01, E = 1e6, p = 2e4, mu = 0.4;
      solver::Problem<2> problem;
      problem.make_mesh = [=](Triangulation<2> &t) {
        anatomy::make_box<2>(t, {{W, H, H}}, {{8, 4, 4}}, 0);
      };
      problem.materials[0] =
        materials::create_material("neo-Hookean",
                                   {{"Young's modulus", "1e6"},
                                    {"Poisson's ratio", "0.3"}});
      problem.tractions.push_back(
        {bnd::y_max, std::make_shared<PressThenPush>(p, mu)});
      problem.contacts.push_back(
        {bnd::y_min,
         // The plane starts 1 nm into the sole (a contact pressure of 40 Pa):
         // the sole touches from the first iterate, so friction holds the
         // block sideways from the start (a sole that only touches after
         // the first Newton update leaves the block free in x).
         std::make_shared<contact::RigidPlane>(contact::Vector3({0., 1e-9, 0.}),
                                               contact::Vector3({0., 1., 0.})),
         100. * E / (H / 4),
         mu,
         "ground"});
      problem.settings.degree      = 2;
      problem.settings.formulation = solver::Formulation::displacement;
      problem.settings.load_steps  = 5;
      // Enough cut-backs that the step, not the budget, runs out: the
      // load-increment floor (1e-6) must then end the solve and call the
      // load a limit point.
      problem.settings.max_cutbacks       = 40;
      problem.settings.residual_tolerance = 1e-10;
      problem.settings.verbose = std::getenv("PLANTARFE_DEBUG") != nullptr;
      solver::Solid<2> solid(problem);
      const auto       report = solid.solve();
      return {report.converged,
              report.load_fraction_reached,
              report.failure_reason};
    }

    template <int dim>
    Rows
    friction_rows()
    {
      const std::string name = "friction-block-" + std::to_string(dim) + "d";
      Rows              rows;
      // Pulled by a quarter of the shear that would reach mu p: sticks.
      const auto stick = pressed_and_pulled<dim>(5e-5, 2);
      rows.push_back(at_least(
        name, "stick: converged (1 = yes)", stick.converged ? 1. : 0., 1.));
      rows.push_back(at_most(
        name, "stick: pull force / (mu N)", stick.pull_force_ratio, 0.5));
      rows.push_back(at_most(
        name, "stick: sole displacement / pull", stick.slide_ratio, 0.05));
      rows.push_back(relative(name,
                              "stick: contact normal force / N",
                              stick.normal_force_ratio,
                              1.,
                              1e-6));
      // Pulled by five times that shear: slides, at exactly mu N.
      const auto slide = pressed_and_pulled<dim>(1e-3, 4);
      rows.push_back(at_least(
        name, "slide: converged (1 = yes)", slide.converged ? 1. : 0., 1.));
      rows.push_back(relative(name,
                              "slide: |friction| / (mu pressure) over the sole",
                              slide.shear_magnitude_ratio,
                              1.,
                              1e-6));
      if (dim == 2)
        {
          rows.push_back(relative(name,
                                  "slide: pull force / (mu N)",
                                  slide.pull_force_ratio,
                                  1.,
                                  1e-6));
          rows.push_back(relative(name,
                                  "slide: friction on the sole / (mu N)",
                                  slide.shear_force_ratio,
                                  1.,
                                  1e-6));
        }
      else
        rows.push_back(relative(name,
                                "slide: friction on the sole / pull force",
                                slide.shear_force_ratio,
                                slide.pull_force_ratio,
                                1e-6));
      rows.push_back(at_least(
        name, "slide: sole displacement / pull", slide.slide_ratio, 0.5));
      rows.push_back(at_most(
        name, "slide: Newton iterations per step", slide.newton_per_step, 10.));
      return rows;
    }
  } // namespace

  Rows
  friction_block()
  {
    Rows rows = friction_rows<2>();
    {
      const std::string name  = "friction-block-2d";
      const auto        limit = pushed_past_the_limit();
      rows.push_back(
        at_least(name,
                 "pushed past the limit: the solve fails (1 = yes)",
                 limit.converged ? 0. : 1.,
                 1.));
      rows.push_back(relative(name,
                              "pushed past the limit: load reached (limit 0.9)",
                              limit.load,
                              0.9,
                              0.01));
      rows.push_back(
        at_least(name,
                 "pushed past the limit: the failure names the "
                 "limit point (1 = yes)",
                 limit.reason.find("limit point") != std::string::npos ? 1. :
                                                                         0.,
                 1.));
    }
    const auto more = friction_rows<3>();
    rows.insert(rows.end(), more.begin(), more.end());
    return rows;
  }
} // namespace plantarfe::verification
