// The released foundation (solver::FoundationSupport): a block under its
// own weight held only by a spring foundation under its base sinks by the
// closed form weight / (k area); a block hanging 0.2 mm above a rigid
// ground, which nothing holds until it touches, settles onto the ground
// with the foundation's help and, once the foundation has let go, the
// ground alone carries the weight (penetration = base pressure / penalty);
// without the foundation the same problem has no first Newton update. What
// the foundation reports carrying (Solid::foundation_forces) closes the
// balance with the ground at every step.
#include <deal.II/base/function.h>
#include <deal.II/lac/vector.h>

#include <gtest/gtest.h>

#include "anatomy/analytic_shapes.h"
#include "contact/obstacle.h"
#include "materials/registry.h"
#include "mpi_environment.h"
#include "solver/solid.h"
#include "weighted_block.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

using namespace plantarfe;

namespace
{
  constexpr double L = 0.02, H = 0.01, weight_density = 1e5; // N/m^3
  constexpr double E = 1e5, penalty = 2e9, gap = 2e-4;
  // Base pressure of the weight (Pa): with Poisson's ratio 0 the block
  // compresses in 1D and its base moves uniformly.
  constexpr double base_pressure = weight_density * H;

  /// Block L x L x H (4 x 4 x 2 cells, Q1) under its weight, on nothing.
  solver::Problem<3>
  free_block()
  {
    solver::Problem<3> p =
      test_setups::weighted_block(L, H, weight_density, std::to_string(E), "0");
    p.settings.degree             = 1;
    p.settings.formulation        = solver::Formulation::displacement;
    p.settings.load_steps         = 1;
    p.settings.residual_tolerance = 1e-12;
    p.settings.round_contact_kink = false;
    p.settings.max_cutbacks       = 2;
    return p;
  }

  /// The block hanging @p gap above a rigid ground it sticks to.
  solver::Problem<3>
  hanging_block()
  {
    solver::Problem<3> p = free_block();
    p.contacts.push_back(
      {anatomy::boundary::z_min,
       std::make_shared<contact::RigidPlane>(contact::Vector3({0., 0., -gap}),
                                             contact::Vector3({0., 0., 1.})),
       penalty,
       std::numeric_limits<double>::infinity(),
       "ground"});
    p.settings.load_steps = 8;
    return p;
  }

  /// Released by a quarter of the load, as the foot's settling support.
  std::function<double(double)>
  released_by_a_quarter(const double k0)
  {
    return [k0](const double t) {
      const double r = std::max(0., 1. - 4. * t);
      return k0 * r * r;
    };
  }

  double
  base_centre_settlement(const solver::Solid<3> &solid)
  {
    return solid.point_displacement(dealii::Point<3>(L / 2, L / 2, 0.))[2];
  }
} // namespace

TEST(SettlingSupport, FoundationAloneCarriesTheWeightAsAWinklerSpring)
{
  constexpr double   k = 1e8; // Pa/m
  solver::Problem<3> p = free_block();
  p.foundations.push_back(
    {anatomy::boundary::z_min, {}, [](const double) { return k; }});
  solver::Solid<3> solid(p);
  const auto       report = solid.solve();
  ASSERT_TRUE(report.converged) << report.failure_reason;
  EXPECT_NEAR(base_centre_settlement(solid),
              -base_pressure / k,
              1e-6 * base_pressure / k);
  // The spring term is linear: its tangent is exact, Newton converges
  // quadratically (a handful of iterations for a mildly nonlinear block).
  EXPECT_LE(report.total_newton_iterations, 5u);
  // What the foundation reports carrying is the whole weight.
  const double weight = weight_density * L * L * H;
  const auto   forces = solid.foundation_forces();
  ASSERT_EQ(forces.size(), 1u);
  EXPECT_NEAR(forces[0][2], weight, 1e-6 * weight);
  EXPECT_NEAR(forces[0][0], 0., 1e-9 * weight);
}

TEST(SettlingSupport, WhereSelectsThePointsItHolds)
{
  // A filter that keeps the whole base gives the unfiltered answer; one
  // that keeps none of it leaves the block unsupported.
  constexpr double k     = 1e8;
  const auto       solve = [](std::function<bool(const dealii::Point<3> &)> w,
                        double &settlement) {
    solver::Problem<3> p = free_block();
    p.foundations.push_back(
      {anatomy::boundary::z_min, w, [](const double) { return k; }});
    solver::Solid<3> solid(p);
    const auto       report = solid.solve();
    settlement =
      report.converged ? base_centre_settlement(solid) : std::nan("");
    return report.converged;
  };
  double settlement = 0.;
  ASSERT_TRUE(
    solve([](const dealii::Point<3> &X) { return X[2] < 1e-9; }, settlement));
  EXPECT_NEAR(settlement, -base_pressure / k, 1e-6 * base_pressure / k);
  EXPECT_FALSE(
    solve([](const dealii::Point<3> &X) { return X[2] > 1.; }, settlement));
}

TEST(SettlingSupport, HangingBlockSettlesAndTheGroundAloneCarriesIt)
{
  solver::Problem<3> p = hanging_block();
  p.foundations.push_back(
    {anatomy::boundary::z_min, {}, released_by_a_quarter(1e6)});
  solver::Solid<3> solid(p);
  // At every step the foundation and the ground together carry the load of
  // the step; the foundation's share is gone by a quarter of the load.
  const double weight                = weight_density * L * L * H;
  unsigned int steps_with_foundation = 0;
  const auto   report = solid.solve([&](const solver::StepRecord &step) {
    const double foundation = solid.foundation_forces().at(0)[2];
    const double ground     = solid.contact_results().at(0).force_N[2];
    EXPECT_NEAR(foundation + ground, step.load_fraction * weight, 1e-6 * weight)
      << "at load fraction " << step.load_fraction;
    if (step.load_fraction >= 0.25)
      EXPECT_EQ(foundation, 0.);
    else if (foundation > 1e-3 * weight)
      ++steps_with_foundation;
  });
  ASSERT_TRUE(report.converged) << report.failure_reason;
  EXPECT_GE(steps_with_foundation, 1u);
  // At full load the foundation has let go: the ground carries the weight.
  const auto ground = solid.contact_results().at(0);
  EXPECT_NEAR(ground.force_N[2], weight, 1e-6 * weight);
  EXPECT_NEAR(base_centre_settlement(solid),
              -gap - base_pressure / penalty,
              1e-3 * base_pressure / penalty);
}

TEST(SettlingSupport, WithoutItTheHangingBlockHasNoFirstStep)
{
  solver::Solid<3> solid(hanging_block());
  const auto       report = solid.solve();
  EXPECT_FALSE(report.converged);
  EXPECT_EQ(report.load_fraction_reached, 0.);
}
