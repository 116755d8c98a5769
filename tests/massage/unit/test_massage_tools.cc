// Massage tool shapes and their motion: gaps and normals against closed
// forms, the pose along a path, rolling without slip.
#include <gtest/gtest.h>

#include "contact/moving_tool.h"
#include "contact/tool_catalogue.h"
#include "contact/tool_shapes.h"

#include <cmath>

using namespace plantarfe::contact;

TEST(MassageTools, EllipsoidWithEqualAxesIsASphere)
{
  const RigidEllipsoid e(Vector3({0.01, 0.01, 0.01}), false);
  const RigidSphere    s(Vector3(), 0.01);
  for (const Vector3 &x : {Vector3({0.02, 0.003, -0.004}),
                           Vector3({0.001, -0.009, 0.002}),
                           Vector3({0., 0., 0.0095})})
    {
      const auto ge = e.evaluate(x), gs = s.evaluate(x);
      EXPECT_NEAR(ge.gap, gs.gap, 1e-12);
      EXPECT_NEAR((ge.normal - gs.normal).norm(), 0., 1e-8);
      EXPECT_NEAR(ge.curvature, gs.curvature, 1e-6 * gs.curvature);
    }
}

TEST(MassageTools, EllipsoidGapAlongAnAxisAndItsNormal)
{
  const RigidEllipsoid e(Vector3({0.0125, 0.008, 0.010}), false);
  // Below the short (y) semi-axis: gap = |y| - b, normal -y.
  auto g = e.evaluate(Vector3({0., -0.0085, 0.}));
  EXPECT_NEAR(g.gap, 0.0005, 1e-12);
  EXPECT_NEAR(g.normal[1], -1., 1e-12);
  g = e.evaluate(Vector3({0., -0.0075, 0.}));
  EXPECT_NEAR(g.gap, -0.0005, 1e-12);
  // Curvature at the pole of a 2D ellipse: b / a^2.
  const RigidEllipsoid planar(Vector3({0.0125, 0.008, 1.}), true);
  EXPECT_NEAR(planar.evaluate(Vector3({0., -0.008, 0.})).curvature,
              0.008 / (0.0125 * 0.0125),
              1e-6);
  // A generic outside point: the gap is the distance to the closest point,
  // whose normal points back at the query point.
  const Vector3 x({0.011, -0.006, 0.004});
  g = e.evaluate(x);
  const Vector3 c = x - g.gap * g.normal;
  const double  level = std::pow(c[0] / 0.0125, 2) + std::pow(c[1] / 0.008, 2) +
                       std::pow(c[2] / 0.010, 2);
  EXPECT_NEAR(level, 1., 1e-9);
  EXPECT_GT(g.gap, 0.);
}

TEST(MassageTools, CylinderMantleEndsAndRim)
{
  const RigidCylinder c(0.0325, 0.2);
  EXPECT_NEAR(c.evaluate(Vector3({0., -0.033, 0.05})).gap, 0.0005, 1e-12);
  EXPECT_NEAR(c.evaluate(Vector3({0., 0., 0.102})).gap, 0.002, 1e-12);
  EXPECT_NEAR(c.evaluate(Vector3({0.0335, 0., 0.101})).gap,
              std::hypot(0.001, 0.001),
              1e-12);
  // Inside near the mantle: the mantle is nearer than the end.
  const auto g = c.evaluate(Vector3({0., -0.032, 0.}));
  EXPECT_NEAR(g.gap, -0.0005, 1e-12);
  EXPECT_NEAR(g.normal[1], -1., 1e-12);
}

TEST(MassageTools, SpikyBallTouchesWithItsFirstSpike)
{
  const SpikyBall b(0.032, 0.006, 0.003, 16, true);
  // The first spike points along -y: its tip at 38 mm.
  EXPECT_NEAR(b.evaluate(Vector3({0., -0.039, 0.})).gap, 0.001, 1e-12);
  // Between two spikes the core is nearer: 22.5 degrees off -y.
  const double a = -M_PI / 2. + M_PI / 16.;
  const auto   g = b.evaluate(0.0325 * Vector3({std::cos(a), std::sin(a), 0.}));
  EXPECT_NEAR(g.gap, 0.0005, 1e-12);
  const SpikyBall b3(0.032, 0.006, 0.003, 60, false);
  EXPECT_EQ(b3.bump_centres().size(), 60u);
  EXPECT_NEAR(b3.bump_centres()[0][1], -0.035, 1e-12);
}

TEST(MassageTools, PathInterpolatesAndRollsWithoutSlip)
{
  Matrix3 I;
  for (unsigned int i = 0; i < 3; ++i)
    I[i][i] = 1.;
  ToolPath path(I);
  path.add(0., Vector3({0., -0.03, 0.}));
  path.add(0.5, Vector3({0., -0.03, 0.}));
  path.add(1., Vector3({0.1, -0.03, 0.}));
  path.roll(Vector3({0., 1., 0.}), 0.03);
  EXPECT_NEAR(path.at(0.25).centre[0], 0., 1e-15);
  EXPECT_NEAR(path.at(0.75).centre[0], 0.05, 1e-15);
  EXPECT_NEAR(path.at(2.).centre[0], 0.1, 1e-15);
  // Rolling without slip: the contact point's velocity v + w x (R m) is
  // zero, so the tool turns by distance / radius about v x m (+z here) and
  // the body point that was on top moves backwards (-x) relative to the
  // centre.
  const ToolPose p     = path.at(0.75);
  const Vector3  top_b = Vector3({0., 0.03, 0.}); // body frame
  const double   angle = std::atan2(-(p.orientation * top_b)[0],
                                  (p.orientation * top_b)[1]);
  EXPECT_NEAR(angle, 0.05 / 0.03, 1e-9);
  // The moving tool reports the gap of its shape at the posed centre.
  MovingTool tool(std::make_shared<RigidSphere>(Vector3(), 0.03), path);
  EXPECT_NEAR(tool.evaluate_at(Vector3({0.05, 0.001, 0.}), 0.75).gap,
              0.001,
              1e-12);
}

TEST(MassageTools, CatalogueNamesAndSizes)
{
  EXPECT_EQ(tool_names_pattern(),
            "thumb|knuckle|tennis_ball|lacrosse_ball|spiky_ball|frozen_"
            "bottle|wooden_roller|foam_roller");
  EXPECT_NEAR(find_tool("tennis_ball").diameter, 0.067, 1e-12);
  EXPECT_NEAR(find_tool("foam_roller").diameter, 0.152, 1e-12);
  for (const auto &t : tool_catalogue())
    {
      const auto shape = make_tool_shape(t, true);
      // Every tool touches with its -y side at contact_radius.
      EXPECT_NEAR(shape->evaluate(Vector3({0., -contact_radius(t), 0.})).gap,
                  0.,
                  1e-9)
        << t.name;
    }
}

// The tangent of a 3D contact needs dn/dx; with one (mean) curvature for
// the thumb's two different ones Newton converged only linearly. Check the
// full gradient against central differences of the normal, outside and
// slightly inside, for the thumb and a turned tool, and the cylinder's
// mantle (no turning along its axis).
TEST(MassageTools, NormalGradientMatchesFiniteDifferences)
{
  const RigidEllipsoid thumb(Vector3({0.0125, 0.008, 0.010}), false);
  const RigidCylinder  bottle(0.0325, 0.2);
  ToolPath             path(rotation(Vector3({0.3, 1., 0.2}), 0.7));
  path.add(0., Vector3({0.01, -0.02, 0.003}));
  const MovingTool turned(std::make_shared<RigidEllipsoid>(thumb), path);
  struct Case
  {
    const Obstacle *shape;
    Vector3         x;
  };
  for (const Case &c : {Case{&thumb, Vector3({0.004, -0.0086, 0.003})},
                        Case{&thumb, Vector3({-0.009, -0.004, 0.006})},
                        Case{&thumb, Vector3({0.002, -0.0077, -0.002})},
                        Case{&bottle, Vector3({0.01, -0.033, 0.05})},
                        Case{&turned, Vector3({0.013, -0.027, 0.006})}})
    {
      const auto g = c.shape->evaluate(c.x);
      ASSERT_TRUE(g.has_normal_gradient);
      const double h = 1e-7;
      for (unsigned int j = 0; j < 3; ++j)
        {
          Vector3 dx;
          dx[j]            = h;
          const Vector3 dn = (c.shape->evaluate(c.x + dx).normal -
                              c.shape->evaluate(c.x - dx).normal) /
                             (2. * h);
          for (unsigned int i = 0; i < 3; ++i)
            EXPECT_NEAR(g.normal_gradient[i][j], dn[i], 1e-4 * g.curvature)
              << "component " << i << j << " at " << c.x;
        }
    }
}
