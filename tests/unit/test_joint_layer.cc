// The joint layer (materials/joint_layer.h): it resists closing with the
// confined modulus, carries nothing of its own when the joint opens or
// slides, and its stress and tangent are the derivatives of its energy
// (central finite differences).
#include <gtest/gtest.h>

#include "materials/joint_layer.h"
#include "materials/laws.h"
#include "metrics/joint_checks.h"

#include <cmath>
#include <memory>
#include <string>
#include <utility>

using namespace plantarfe::materials;

namespace
{
  Vector3
  normal()
  {
    Vector3 n;
    n[0] = 0.3;
    n[1] = 1.;
    n[2] = -0.2;
    return n / n.norm();
  }

  PointData
  joint_point()
  {
    PointData p;
    p.fibre = normal();
    return p;
  }

  Tensor2
  identity()
  {
    Tensor2 I;
    for (unsigned int i = 0; i < 3; ++i)
      I[i][i] = 1.;
    return I;
  }

  /// F = I + e N (x) N: stretch (e > 0) or closure (e < 0) across the joint.
  Tensor2
  across(const double e)
  {
    return identity() + e * outer_product(normal(), normal());
  }

  /// Deformations that close the joint (h < 1) with shear and stretch in
  /// every direction mixed in.
  std::vector<Tensor2>
  closing_deformations()
  {
    Tensor2      G;
    const double g[3][3] = {{0.04, 0.11, -0.03},
                            {0.06, -0.02, 0.05},
                            {-0.02, 0.07, 0.03}};
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = 0; j < 3; ++j)
        G[i][j] = g[i][j];
    return {across(-0.12), across(-0.12) + G, across(-0.3) * (identity() + G)};
  }

  double
  max_abs(const Tensor2 &T)
  {
    double m = 0.;
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = 0; j < 3; ++j)
        m = std::max(m, std::abs(T[i][j]));
    return m;
  }

  const JointLayer &
  layer()
  {
    static const auto law = make_joint_layer(1e6, 0.4, 20e3);
    return dynamic_cast<const JointLayer &>(*law);
  }
} // namespace

TEST(JointLayer, ClosureModulusIsCartilagesConfinedModulus)
{
  // Closing by e across the joint: h = 1 - e and, past the smoothing, the
  // closure stress is -M (e - d) along N, M = E (1 - nu) / ((1 + nu)(1 - 2
  // nu)): the confined modulus, shifted by the smoothing strain d.
  const double M = 1e6 * 0.6 / (1.4 * 0.2);
  EXPECT_NEAR(layer().initial_bulk_modulus() -
                make_neo_hookean(2. * 20e3 * 1.3, 0.3)->initial_bulk_modulus(),
              M,
              1e-6 * M);
  const double e = 0.1;
  Tensor2      P, P_matrix;
  layer().first_piola(across(-e), joint_point(), P, nullptr);
  make_neo_hookean(2. * 20e3 * 1.3, 0.3)
    ->first_piola(across(-e), joint_point(), P_matrix, nullptr);
  EXPECT_NEAR(JointLayer::thickness_ratio(across(-e), joint_point()),
              1. - e,
              1e-14);
  const Tensor2 closure = P - P_matrix;
  const Vector3 N       = normal();
  const double  d       = JointLayer::smoothing;
  EXPECT_NEAR(N * (closure * N), -M * (e - d), 1e-9 * M);
  EXPECT_NEAR(max_abs(closure - (-M * (e - d)) * outer_product(N, N)),
              0.,
              1e-9 * M);
}

TEST(JointLayer, OpeningAndSlidingCarryOnlyTheMatrix)
{
  const auto matrix = make_neo_hookean(2. * 20e3 * 1.3, 0.3);
  Vector3    t;
  t[0] = 1.;
  t[1] = -0.3;
  t[2] = 0.;
  t -= (t * normal()) * normal();
  t /= t.norm();
  // Opening 20 % across the joint, and sliding by 40 % of the layer's
  // thickness along it (the thickness stays: h = 1).
  for (const Tensor2 &F :
       {across(0.2), Tensor2(identity() + 0.4 * outer_product(t, normal()))})
    {
      EXPECT_GE(JointLayer::thickness_ratio(F, joint_point()), 1. - 1e-14);
      Tensor2 P, P_matrix;
      layer().first_piola(F, joint_point(), P, nullptr);
      matrix->first_piola(F, joint_point(), P_matrix, nullptr);
      EXPECT_NEAR(max_abs(P - P_matrix), 0., 1e-9 * max_abs(P_matrix));
      EXPECT_NEAR(layer().energy(F, joint_point()),
                  matrix->energy(F, joint_point()),
                  1e-12);
    }
}

namespace
{
  /// Largest differences of P from dW/dF and of A from dP/dF (central
  /// differences), each relative to the largest entry of P or A.
  std::pair<double, double>
  derivative_errors(const Material  &law,
                    const Tensor2   &F,
                    const PointData &point)
  {
    Tensor2 P;
    Tensor4 A;
    law.first_piola(F, point, P, &A);
    const double d     = 1e-6;
    double       err_P = 0., err_A = 0., scale_A = 0.;
    for (unsigned int k = 0; k < 3; ++k)
      for (unsigned int L = 0; L < 3; ++L)
        {
          Tensor2 Fp = F, Fm = F;
          Fp[k][L] += d;
          Fm[k][L] -= d;
          const double dW =
            (law.energy(Fp, point) - law.energy(Fm, point)) / (2. * d);
          err_P = std::max(err_P, std::abs(dW - P[k][L]));
          Tensor2 Pp, Pm;
          law.first_piola(Fp, point, Pp, nullptr);
          law.first_piola(Fm, point, Pm, nullptr);
          for (unsigned int i = 0; i < 3; ++i)
            for (unsigned int J = 0; J < 3; ++J)
              {
                const double fd = (Pp[i][J] - Pm[i][J]) / (2. * d);
                err_A           = std::max(err_A, std::abs(fd - A[i][J][k][L]));
                scale_A         = std::max(scale_A, std::abs(A[i][J][k][L]));
              }
        }
    return {err_P / max_abs(P), err_A / scale_A};
  }
} // namespace

TEST(JointLayer, StressAndTangentAreTheEnergysDerivatives)
{
  const PointData point = joint_point();
  for (const Tensor2 &F : closing_deformations())
    {
      ASSERT_LT(JointLayer::thickness_ratio(F, point), 0.99);
      const auto [err_P, err_A] = derivative_errors(layer(), F, point);
      EXPECT_LT(err_P, 1e-6) << "P vs dW/dF";
      EXPECT_LT(err_A, 1e-6) << "A vs dP/dF";
    }
}

TEST(JointLayer, ABondedLayerAddsTheBondedLawInProportion)
{
  // Released under load: W = W_sliding + b W_bonded with b = layer_bond.
  const std::shared_ptr<const Material> bonded = make_neo_hookean(1e6, 0.4);
  const auto    law   = make_joint_layer(1e6, 0.4, 20e3, bonded);
  PointData     point = joint_point();
  const Tensor2 F     = closing_deformations()[1];
  Tensor2       P_free, P_bonded, P;
  law->first_piola(F, point, P_free, nullptr);
  bonded->first_piola(F, point, P_bonded, nullptr);
  EXPECT_NEAR(max_abs(P_free -
                      [&] {
                        Tensor2 Q;
                        layer().first_piola(F, point, Q, nullptr);
                        return Q;
                      }()),
              0.,
              1e-12 * max_abs(P_free))
    << "released (b = 0): the sliding layer";
  for (const double b : {0.3, 1.})
    {
      point.layer_bond = b;
      law->first_piola(F, point, P, nullptr);
      EXPECT_NEAR(max_abs(P - P_free - b * P_bonded), 0., 1e-9 * max_abs(P));
      EXPECT_NEAR(law->energy(F, point),
                  layer().energy(F, joint_point()) +
                    b * bonded->energy(F, point),
                  1e-9 * law->energy(F, point));
      const auto [err_P, err_A] = derivative_errors(*law, F, point);
      EXPECT_LT(err_P, 1e-6) << "P vs dW/dF, b = " << b;
      EXPECT_LT(err_A, 1e-6) << "A vs dP/dF, b = " << b;
    }
  // A bonded law with a volumetric split cannot be mixed in.
  EXPECT_ANY_THROW(make_joint_layer(
    1e6, 0.4, 20e3, make_nearly_incompressible_neo_hookean(3e5, 0.45)));
}

TEST(JointLayer, ClosureStartsSmoothly)
{
  // S, S' and S'' continuous at 0 and at 2d; S' = S'' = 0 when open.
  const double d = JointLayer::smoothing;
  for (const double x : {0., 2. * d})
    {
      const auto below = JointLayer::closure(x - 1e-12);
      const auto above = JointLayer::closure(x + 1e-12);
      EXPECT_NEAR(below.energy, above.energy, 1e-12) << x;
      EXPECT_NEAR(below.stress, above.stress, 1e-10) << x;
      EXPECT_NEAR(below.stiffness, above.stiffness, 1e-8) << x;
    }
  const auto open = JointLayer::closure(-0.1);
  EXPECT_EQ(open.stress, 0.);
  EXPECT_EQ(open.stiffness, 0.);
  // Derivatives by central differences inside each piece.
  for (const double x : {0.5 * d, 1.5 * d, 5. * d})
    {
      const double e = 1e-7;
      const auto p = JointLayer::closure(x + e), m = JointLayer::closure(x - e);
      const auto c = JointLayer::closure(x);
      EXPECT_NEAR((p.energy - m.energy) / (2. * e), c.stress, 1e-8) << x;
      EXPECT_NEAR((p.stress - m.stress) / (2. * e), c.stiffness, 1e-6) << x;
    }
}

TEST(JointDislocation, OnlyAJointWhoseFacesCameApartEverywhere)
{
  // A joint that hinges open on one side but still bears on the other
  // (least opening <= 0) is not dislocated, however far it opens; one whose
  // least opening is above the limit is, and the first such joint is named.
  using plantarfe::metrics::dislocated_joint;
  using plantarfe::metrics::Metrics;
  const std::vector<std::string> joints = {"chopart", "tarsometatarsal"};
  const Metrics                  hinged = {
                     {"chopart_joint_opening", 2.2, "mm", ""},
                     {"chopart_joint_least_opening", -0.54, "mm", ""},
                     {"tarsometatarsal_joint_least_opening", 0.1, "mm", ""}};
  EXPECT_EQ(dislocated_joint(hinged, joints, 0.2), "");
  const Metrics apart = {
    {"chopart_joint_least_opening", -0.1, "mm", ""},
    {"tarsometatarsal_joint_least_opening", 0.35, "mm", ""}};
  const std::string why = dislocated_joint(apart, joints, 0.2);
  EXPECT_NE(why.find("the tarsometatarsal joint dislocated"), std::string::npos)
    << why;
  EXPECT_NE(why.find("0.35 mm"), std::string::npos) << why;
  EXPECT_EQ(dislocated_joint(apart, {"chopart"}, 0.2), "");
}
