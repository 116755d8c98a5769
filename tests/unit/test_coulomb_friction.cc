// The Coulomb point law (contact/coulomb_friction.h): its tangent against
// central finite differences of its force, sticking and slipping, on a
// tilted plane so that no component is trivially zero; the slip limit; and
// the anchor the slip history books.
#include <gtest/gtest.h>

#include "contact/coulomb_friction.h"

#include <cmath>
#include <limits>

using namespace plantarfe;
using dealii::Tensor;

namespace
{
  /// A plane through the origin with a tilted unit normal, sharp penalty
  /// law: gap = n.x, penetration = max(0, -gap), slope 1 in contact.
  struct TiltedGround
  {
    Tensor<1, 3> n;
    double       eps = 2e9;
    double       mu  = 0.5;
    /// Half-width (m) of the rounded kink of the normal law; 0 = sharp.
    double smoothing = 0.;
    /// Rounding of the stick-slip kink (fraction of mu p).
    double rounding = 0.;
    /// Elastic slip (m); 0 = spring as stiff as the penalty.
    double elastic_slip = 0.;

    TiltedGround()
    {
      n[0] = 0.2;
      n[1] = 1.;
      n[2] = -0.3;
      n /= n.norm();
    }

    contact::FrictionResponse
    at(const Tensor<1, 3> &x, const Tensor<1, 3> &anchor) const
    {
      contact::FrictionInput in;
      in.x           = x;
      in.anchor      = anchor;
      in.normal      = n;
      in.penalty     = eps;
      const double g = n * x, d = smoothing;
      if (g <= -d)
        {
          in.slope       = g < 0. ? 1. : 0.;
          in.penetration = std::max(0., -g);
        }
      else if (g < d)
        {
          in.penetration = (d - g) * (d - g) / (4. * d);
          in.slope       = (d - g) / (2. * d);
          in.slope_rate  = 1. / (2. * d);
        }
      in.coefficient  = mu;
      in.rounding     = rounding;
      in.elastic_slip = elastic_slip;
      return contact::coulomb_friction(in);
    }
  };

  /// Largest |K_ab - dF_a/dx_b| relative to |K|.
  double
  tangent_error(const TiltedGround &ground,
                const Tensor<1, 3> &x,
                const Tensor<1, 3> &anchor)
  {
    const auto   response = ground.at(x, anchor);
    const double h        = 1e-10;
    double       worst = 0., scale = response.stiffness.norm();
    for (unsigned int b = 0; b < 3; ++b)
      {
        Tensor<1, 3> xp = x, xm = x;
        xp[b] += h;
        xm[b] -= h;
        const auto dF =
          (ground.at(xp, anchor).force - ground.at(xm, anchor).force) /
          (2. * h);
        for (unsigned int a = 0; a < 3; ++a)
          worst =
            std::max(worst, std::abs(response.stiffness[a][b] - dF[a]) / scale);
      }
    return worst;
  }

  /// A point pressed @p depth (m) into the ground and displaced @p slip (m)
  /// along a tangent of the plane from its anchor.
  Tensor<1, 3>
  pressed_point(const TiltedGround &ground,
                const double        slip,
                const double        depth = 1e-5)
  {
    Tensor<1, 3> t;
    t[0] = 1.;
    t -= (t * ground.n) * ground.n;
    t /= t.norm();
    Tensor<1, 3> side = cross_product_3d(ground.n, t);
    return -depth * ground.n + slip * (0.8 * t + 0.6 * side);
  }
} // namespace

TEST(CoulombFriction, StickingTangentMatchesFiniteDifferences)
{
  const TiltedGround ground;
  // mu p = 0.5 * 2e9 * 1e-5 = 1e4 Pa; spring 2e9 * 1e-6 = 2e3 Pa: sticks.
  const auto x = pressed_point(ground, 1e-6);
  ASSERT_FALSE(ground.at(x, Tensor<1, 3>()).slipping);
  EXPECT_LT(tangent_error(ground, x, Tensor<1, 3>()), 1e-5);
}

TEST(CoulombFriction, TangentsInsideTheSmoothingBandMatchFiniteDifferences)
{
  // The point sits 10 um deep inside a 40 um band: the spring stiffens as
  // it sinks, which the stick tangent must carry.
  TiltedGround ground;
  ground.smoothing = 4e-5;
  const auto stick = pressed_point(ground, 1e-7);
  ASSERT_FALSE(ground.at(stick, Tensor<1, 3>()).slipping);
  EXPECT_LT(tangent_error(ground, stick, Tensor<1, 3>()), 1e-5);
  const auto slip = pressed_point(ground, 1e-4);
  ASSERT_TRUE(ground.at(slip, Tensor<1, 3>()).slipping);
  EXPECT_LT(tangent_error(ground, slip, Tensor<1, 3>()), 1e-5);
}

TEST(CoulombFriction, TangentInsideTheRoundedKinkMatchesFiniteDifferences)
{
  // mu p = 1e4 Pa; a spring force of 1.02e4 Pa lies inside the rounding
  // band [0.9, 1.1] mu p, where the force is below both the spring and the
  // limit, and C1 at both ends of the band.
  TiltedGround ground;
  ground.rounding = 0.1;
  const auto x    = pressed_point(ground, 5.1e-6);
  const auto r    = ground.at(x, Tensor<1, 3>());
  ASSERT_TRUE(r.slipping);
  EXPECT_LT(r.force.norm(), 1e4);
  EXPECT_GT(r.force.norm(), 0.97 * 1e4);
  EXPECT_LT(tangent_error(ground, x, Tensor<1, 3>()), 1e-5);
  // Evaluated again with the booked anchor, the same force (the anchor is
  // not simply x - force / k inside the band).
  const auto again = ground.at(x, r.next_anchor);
  EXPECT_NEAR((again.force - r.force).norm(), 0., 1e-6 * 1e4);
  // Past the band: exactly mu p again, and booked so that it stays.
  const auto x_far = pressed_point(ground, 1e-4);
  const auto far   = ground.at(x_far, Tensor<1, 3>());
  EXPECT_NEAR(far.force.norm(), 1e4, 1e-6);
  EXPECT_NEAR(ground.at(x_far, far.next_anchor).force.norm(), 1e4, 1e-6);
}

TEST(CoulombFriction, SlippingTangentMatchesFiniteDifferences)
{
  const TiltedGround ground;
  // Spring 2e9 * 1e-4 = 2e5 Pa > mu p = 1e4 Pa: slips. The tangent is
  // unsymmetric (pressing in raises the friction force).
  const auto x = pressed_point(ground, 1e-4);
  const auto r = ground.at(x, Tensor<1, 3>());
  ASSERT_TRUE(r.slipping);
  EXPECT_LT(tangent_error(ground, x, Tensor<1, 3>()), 1e-5);
  EXPECT_GT((r.stiffness - transpose(r.stiffness)).norm(),
            1e-3 * r.stiffness.norm());
}

TEST(CoulombFriction, SlipCarriesMuTimesPressureAlongTheSlipAndMovesTheAnchor)
{
  const TiltedGround ground;
  const auto         x        = pressed_point(ground, 1e-4);
  const auto         r        = ground.at(x, Tensor<1, 3>());
  const double       pressure = ground.eps * 1e-5;
  EXPECT_NEAR(r.force.norm(), ground.mu * pressure, 1e-9 * pressure);
  EXPECT_NEAR(r.force * ground.n, 0., 1e-9 * pressure);
  // The booked anchor ties the spring at exactly the limit force, so the
  // next step starts on the slip surface, not beyond it.
  const auto again = ground.at(x, r.next_anchor);
  EXPECT_NEAR((again.force - r.force).norm(), 0., 1e-6 * pressure);
}

TEST(CoulombFriction, NoSlipAndOutOfContactLimits)
{
  TiltedGround ground;
  ground.mu    = std::numeric_limits<double>::infinity();
  const auto x = pressed_point(ground, 1e-3);
  const auto r = ground.at(x, Tensor<1, 3>());
  EXPECT_FALSE(r.slipping);
  EXPECT_NEAR(r.force.norm(), ground.eps * 1e-3, 1e-6 * ground.eps * 1e-3);
  // Lifted off: no force, and the anchor follows the point.
  const Tensor<1, 3> above = x + 1e-3 * ground.n;
  const auto         off   = ground.at(above, Tensor<1, 3>());
  EXPECT_EQ(off.force.norm(), 0.);
  EXPECT_EQ((off.next_anchor - above).norm(), 0.);
}

TEST(CoulombFriction, ElasticSlipTangentsMatchFiniteDifferences)
{
  // Spring mu p / gamma with gamma = 50 um: sticking at 10 um, inside the
  // rounded kink at 51 um, slipping at 100 um. The spring now stiffens
  // with the pressure everywhere, which the stick tangent must carry.
  TiltedGround ground;
  ground.elastic_slip = 5e-5;
  ground.rounding     = 0.1;
  for (const double slip : {1e-5, 5.1e-5, 1e-4})
    {
      const auto x = pressed_point(ground, slip);
      EXPECT_EQ(ground.at(x, Tensor<1, 3>()).slipping, slip > 4.5e-5) << slip;
      EXPECT_LT(tangent_error(ground, x, Tensor<1, 3>()), 1e-5) << slip;
    }
}

TEST(CoulombFriction, ElasticSlipKeepsTheStickZoneAtLowPressure)
{
  // With the penalty spring a point pressed 10 nm in (p = 20 Pa) slips
  // after 5 nm; with a constant elastic slip it sticks up to gamma at any
  // pressure, carrying the same fraction of mu p, and slips beyond it with
  // exactly mu p; the booked anchor keeps the force.
  TiltedGround ground;
  ground.elastic_slip = 5e-5;
  for (const double depth : {1e-5, 1e-8})
    {
      const double limit = ground.mu * ground.eps * depth;
      const auto   half =
        ground.at(pressed_point(ground, 2.5e-5, depth), Tensor<1, 3>());
      EXPECT_FALSE(half.slipping) << depth;
      EXPECT_NEAR(half.force.norm(), 0.5 * limit, 1e-9 * limit) << depth;
      const auto x    = pressed_point(ground, 1e-4, depth);
      const auto slip = ground.at(x, Tensor<1, 3>());
      EXPECT_TRUE(slip.slipping) << depth;
      EXPECT_NEAR(slip.force.norm(), limit, 1e-9 * limit) << depth;
      const auto again = ground.at(x, slip.next_anchor);
      EXPECT_NEAR((again.force - slip.force).norm(), 0., 1e-9 * limit) << depth;
    }
  TiltedGround penalty_spring;
  EXPECT_TRUE(penalty_spring.at(pressed_point(penalty_spring, 2.5e-5, 1e-8), {})
                .slipping);
}
