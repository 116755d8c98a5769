// Unit tests of the constitutive-law library: the shared numerical checks for
// every registered law (with and without fibres) plus closed-form values.
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/tensor.h>

#include <gtest/gtest.h>

#include "base/errors.h"
#include "materials/laws.h"
#include "materials/material.h"
#include "materials/material_checks.h"
#include "materials/registry.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

using namespace plantarfe;
using namespace plantarfe::materials;

namespace
{
  const std::vector<std::string> expected_laws = {
    "linear elastic",
    "neo-Hookean",
    "neo-Hookean nearly incompressible",
    "Ogden"};

  Tensor2
  identity()
  {
    Tensor2 I;
    for (unsigned int i = 0; i < 3; ++i)
      I[i][i] = 1.;
    return I;
  }

  double
  max_abs_diff(const Tensor2 &a, const Tensor2 &b)
  {
    double m = 0.;
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = 0; j < 3; ++j)
        m = std::max(m, std::abs(a[i][j] - b[i][j]));
    return m;
  }

  double
  max_abs(const Tensor2 &a)
  {
    return max_abs_diff(a, Tensor2());
  }

  Tensor2
  sample_deformation()
  {
    Tensor2 F = identity();
    F[0][0]   = 1.2;
    F[0][1]   = 0.15;
    F[1][1]   = 0.9;
    F[1][2]   = -0.07;
    F[2][0]   = 0.05;
    F[2][2]   = 1.03;
    return F;
  }
} // namespace

class AllLaws : public ::testing::TestWithParam<std::tuple<std::string, bool>>
{};

TEST_P(AllLaws, NumericalChecksPass)
{
  const auto [law, fibres] = GetParam();
  const auto material =
    create_material(law, {}, fibres ? "exponential" : "none");
  const plantarfe::CheckRows rows = check_material(*material, material->name());
  ASSERT_FALSE(rows.empty());
  for (const auto &row : rows)
    {
      EXPECT_TRUE(row.pass)
        << row.case_name << " | " << row.quantity << ": observed "
        << row.observed << ", criterion " << row.criterion;
    }
}

INSTANTIATE_TEST_SUITE_P(Materials,
                         AllLaws,
                         ::testing::Combine(::testing::ValuesIn(expected_laws),
                                            ::testing::Bool()),
                         [](const auto &info) {
                           std::string name =
                             std::get<0>(info.param) +
                             (std::get<1>(info.param) ? "_fibres" : "");
                           for (char &c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c)))
                               c = '_';
                           return name;
                         });

TEST(Registry, ListsExactlyTheExpectedLaws)
{
  std::vector<std::string> names;
  for (const auto &law : registered_laws())
    names.push_back(law.name);
  std::vector<std::string> expected = expected_laws;
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(names, expected);
}

TEST(Registry, AllRegisteredChecksPass)
{
  const plantarfe::CheckRows rows = check_all_registered_materials();
  EXPECT_GT(rows.size(), 100u);
  for (const auto &row : rows)
    EXPECT_TRUE(row.pass) << row.case_name << " | " << row.quantity << ": "
                          << row.observed;
}

TEST(Registry, ParameterHandlerRoute)
{
  dealii::ParameterHandler prm;
  prm.enter_subsection("Material");
  declare_material_parameters(prm);
  prm.set("Law", "Ogden");
  prm.set("Fibre family", "exponential");
  prm.enter_subsection("Ogden");
  prm.set("Shear moduli", "1000, 500");
  prm.set("Exponents", "2, -2");
  prm.leave_subsection();
  const auto material = create_material(prm);
  prm.leave_subsection();
  EXPECT_EQ(material->name(), "Ogden + exponential fibres");
  // mu0 = (1000 * 2 + 500 * (-2)) / 2
  EXPECT_DOUBLE_EQ(material->initial_shear_modulus(), 500.);
  EXPECT_TRUE(material->has_volumetric_split());
}

TEST(Registry, PoissonRatioHalfRejectedForCompressible)
{
  try
    {
      create_material("neo-Hookean", {{"Poisson's ratio", "0.5"}});
      FAIL() << "no exception";
    }
  catch (const ScenarioError &e)
    {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("Material/neo-Hookean/Poisson's ratio"),
                std::string::npos)
        << msg;
      EXPECT_NE(msg.find("0.5"), std::string::npos) << msg;
    }
  EXPECT_THROW(create_material("linear elastic", {{"Poisson's ratio", "0.5"}}),
               ScenarioError);
  EXPECT_THROW(create_material("neo-Hookean", {{"Poisson's ratio", "0.7"}}),
               ScenarioError);
}

TEST(Registry, BadValuesNameTheEntry)
{
  const auto message =
    [](const std::string                                      &law,
       const std::vector<std::pair<std::string, std::string>> &v) {
      try
        {
          create_material(law, v);
        }
      catch (const ScenarioError &e)
        {
          return std::string(e.what());
        }
      return std::string("no exception");
    };
  EXPECT_NE(message("Ogden",
                    {{"Shear moduli", "1000, 200"}, {"Exponents", "2"}})
              .find("Material/Ogden/Exponents"),
            std::string::npos);
  EXPECT_NE(
    message("Ogden", {{"Exponents", "0"}}).find("Material/Ogden/Exponents"),
    std::string::npos);
  EXPECT_NE(message("neo-Hookean nearly incompressible",
                    {{"Shear modulus", "0"}})
              .find("Material/neo-Hookean nearly incompressible/Shear modulus"),
            std::string::npos);
  EXPECT_NE(message("Ogden", {{"Shear moduli", "-1000"}})
              .find("Material/Ogden/Shear moduli"),
            std::string::npos);
  EXPECT_THROW(create_material("no such law", {}), ScenarioError);
  EXPECT_THROW(create_material("neo-Hookean",
                               {},
                               "exponential",
                               {{"Fibre exponent k2", "0"}}),
               ScenarioError);
}

TEST(NeoHookean, UniaxialStrainMatchesHandFormula)
{
  const double E = 2.0e5, nu = 0.3;
  const double mu     = E / (2 * (1 + nu)),
               lambda = E * nu / ((1 + nu) * (1 - 2 * nu));
  const auto material =
    create_material("neo-Hookean",
                    {{"Young's modulus", "2e5"}, {"Poisson's ratio", "0.3"}});
  const double s = 1.2;
  Tensor2      F = identity();
  F[0][0]        = s;
  Tensor2 P;
  total_first_piola(*material, F, PointData(), P, nullptr);
  // P = mu (F - F^{-T}) + lambda ln J F^{-T}, J = s.
  EXPECT_NEAR(P[0][0], mu * (s - 1 / s) + lambda * std::log(s) / s, 1e-10 * mu);
  EXPECT_NEAR(P[1][1], lambda * std::log(s), 1e-10 * mu);
  EXPECT_NEAR(P[2][2], lambda * std::log(s), 1e-10 * mu);
  EXPECT_NEAR(P[0][1], 0., 1e-10 * mu);
}

TEST(NeoHookean, SimpleShearMatchesHandFormula)
{
  const auto material =
    create_material("neo-Hookean", {{"Young's modulus", "2.6e5"}});
  const double mu    = 2.6e5 / (2 * 1.3);
  const double gamma = 0.4;
  Tensor2      F     = identity();
  F[0][1]            = gamma;
  // J = 1: sigma = mu (b - I), so sigma_12 = mu gamma, sigma_11 = mu gamma^2.
  const Tensor2 sigma = cauchy_stress(*material, F, PointData());
  EXPECT_NEAR(sigma[0][1], mu * gamma, 1e-10 * mu);
  EXPECT_NEAR(sigma[1][0], mu * gamma, 1e-10 * mu);
  EXPECT_NEAR(sigma[0][0], mu * gamma * gamma, 1e-10 * mu);
  EXPECT_NEAR(sigma[1][1], 0., 1e-10 * mu);
  EXPECT_NEAR(sigma[2][2], 0., 1e-10 * mu);
  EXPECT_DOUBLE_EQ(material->initial_shear_modulus(), mu);
}

TEST(Ogden, AlphaTwoEqualsNearlyIncompressibleNeoHookean)
{
  const auto ogden = create_material("Ogden",
                                     {{"Shear moduli", "3000"},
                                      {"Exponents", "2"},
                                      {"Bulk modulus", "5e5"}});
  const auto nh =
    create_material("neo-Hookean nearly incompressible",
                    {{"Shear modulus", "3000"}, {"Bulk modulus", "5e5"}});
  EXPECT_DOUBLE_EQ(ogden->initial_shear_modulus(), 3000.);
  EXPECT_DOUBLE_EQ(ogden->initial_bulk_modulus(), nh->initial_bulk_modulus());

  for (const Tensor2 &F : {sample_deformation(), identity()})
    {
      Tensor2 P_o, P_n;
      Tensor4 A_o, A_n;
      total_first_piola(*ogden, F, PointData(), P_o, &A_o);
      total_first_piola(*nh, F, PointData(), P_n, &A_n);
      EXPECT_LE(max_abs_diff(P_o, P_n), 1e-12 * std::max(max_abs(P_n), 3000.));
      double dA = 0., nA = 0.;
      for (unsigned int k = 0; k < Tensor4::n_independent_components; ++k)
        {
          const auto idx = Tensor4::unrolled_to_component_indices(k);
          dA             = std::max(dA, std::abs(A_o[idx] - A_n[idx]));
          nA             = std::max(nA, std::abs(A_n[idx]));
        }
      EXPECT_LE(dA, 1e-12 * nA);
      EXPECT_NEAR(ogden->energy(F, PointData()),
                  nh->energy(F, PointData()),
                  1e-12 * 3000.);
    }
}

TEST(Ogden, SmallShearGivesInitialShearModulus)
{
  // mu0 = sum mu_p alpha_p / 2 (the heel-pad constants of Chokhandre 2012).
  const auto material =
    create_material("Ogden", {{"Shear moduli", "1084"}, {"Exponents", "9.78"}});
  const double mu0 = 1084. * 9.78 / 2.;
  EXPECT_DOUBLE_EQ(material->initial_shear_modulus(), mu0);
  const double gamma  = 1e-6;
  Tensor2      F      = identity();
  F[0][1]             = gamma;
  const Tensor2 sigma = cauchy_stress(*material, F, PointData());
  EXPECT_NEAR(sigma[0][1] / gamma, mu0, 1e-5 * mu0);

  // Default Poisson's ratio 0.4999 gives kappa = 2 mu0 (1 + nu) / (3 (1 - 2
  // nu)).
  EXPECT_NEAR(material->initial_bulk_modulus(),
              2 * mu0 * 1.4999 / (3 * (1 - 2 * 0.4999)),
              1e-9 * material->initial_bulk_modulus());
}

TEST(Fibres, CompressionAddsNothing)
{
  const auto matrix = create_material("neo-Hookean nearly incompressible", {});
  const auto fibred =
    create_material("neo-Hookean nearly incompressible",
                    {},
                    "exponential",
                    {{"Fibre modulus k1", "5e4"}, {"Fibre exponent k2", "3"}});
  EXPECT_EQ(fibred->name(),
            "neo-Hookean nearly incompressible + exponential fibres");
  PointData point;
  point.fibre[0] = 1.;
  Tensor2 F      = identity();
  F[0][0]        = 0.9; // I4 = 0.81 < 1
  F[1][1]        = 1.05;
  F[2][2]        = 1.05;
  F[1][0]        = 0.02;
  Tensor2 P_m, P_f;
  Tensor4 A_m, A_f;
  matrix->first_piola(F, point, P_m, &A_m);
  fibred->first_piola(F, point, P_f, &A_f);
  EXPECT_EQ(max_abs_diff(P_m, P_f), 0.);
  EXPECT_TRUE(A_m == A_f);
  EXPECT_EQ(matrix->energy(F, point), fibred->energy(F, point));

  // In tension the fibre adds the closed-form stress 2 W'(I4) (F a0) (x) a0.
  F[0][0] = 1.1;
  F[1][0] = 0.;
  matrix->first_piola(F, point, P_m, nullptr);
  fibred->first_piola(F, point, P_f, nullptr);
  const double I4 = 1.21;
  EXPECT_NEAR(P_f[0][0] - P_m[0][0],
              2 * 5e4 * (I4 - 1) * std::exp(3 * (I4 - 1) * (I4 - 1)) * 1.1,
              1e-9 * 5e4);

  // No fibre direction: no fibre contribution at all.
  fibred->first_piola(F, PointData(), P_f, nullptr);
  EXPECT_EQ(max_abs_diff(P_m, P_f), 0.);
}

TEST(Ogden, MultiTermChecksPass)
{
  for (const auto &[mu, alpha] :
       std::vector<std::pair<std::string, std::string>>{
         {"1000, 500", "2, -2"}, {"3000, -400, 100", "1.5, -3, 8"}})
    {
      const auto material =
        create_material("Ogden",
                        {{"Shear moduli", mu}, {"Exponents", alpha}},
                        "exponential");
      for (const auto &row :
           check_material(*material, "Ogden " + mu + " / " + alpha))
        EXPECT_TRUE(row.pass)
          << row.case_name << " | " << row.quantity << ": " << row.observed;
    }
}

TEST(Ogden, TangentContinuousAtCoincidentStretches)
{
  // Exactly repeated principal stretches use f'' in the Daleckii-Krein
  // formula; a split of 1e-10 uses the divided difference. Both must agree.
  const auto material = create_material("Ogden", {});
  Tensor2    F_equal  = identity();
  F_equal[0][0]       = 1.2;
  F_equal[1][1]       = 0.95;
  F_equal[2][2]       = 0.95;
  Tensor2 F_split     = F_equal;
  F_split[2][2] *= 1. + 1e-10;
  Tensor2 P_e, P_s;
  Tensor4 A_e, A_s;
  material->first_piola(F_equal, PointData(), P_e, &A_e);
  material->first_piola(F_split, PointData(), P_s, &A_s);
  double dA = 0., nA = 0.;
  for (unsigned int k = 0; k < Tensor4::n_independent_components; ++k)
    {
      const auto idx = Tensor4::unrolled_to_component_indices(k);
      dA             = std::max(dA, std::abs(A_e[idx] - A_s[idx]));
      nA             = std::max(nA, std::abs(A_e[idx]));
    }
  EXPECT_LE(dA, 1e-7 * nA);
  EXPECT_LE(max_abs_diff(P_e, P_s), 1e-7 * max_abs(P_e));
}

// ---------------------------------------------------------------------------
// Tissue fibre laws (fibre_laws.h) against their published 1D curves.
#include "materials/fibre_family.h"
#include "materials/fibre_laws.h"

TEST(FibreLaws, TangentChecksPassWithAndWithoutPrestretch)
{
  for (const auto &make : fibre_law_samples())
    for (const double prestretch : {1., 1.03})
      {
        const FibreFamily material(
          create_material("neo-Hookean nearly incompressible", {}), make());
        for (const auto &row :
             check_material(material, material.name(), prestretch))
          EXPECT_TRUE(row.pass) << row.case_name << " | " << row.quantity
                                << ": observed " << row.observed;
      }
}

TEST(FibreLaws, TensionOnlyAndPublishedCurves)
{
  for (const auto &make : fibre_law_samples())
    {
      const auto law = make();
      const auto c   = law->evaluate(0.97);
      EXPECT_EQ(c.W, 0.) << law->name();
      EXPECT_EQ(c.dW, 0.) << law->name();
      EXPECT_GT(law->evaluate(1.02).dW, 0.) << law->name();
    }
  // Linear: nominal stress E (lambda - 1).
  EXPECT_NEAR(make_linear_fibres(350e6)->evaluate(1.02).dW, 7e6, 1e-3);
  // Natali 2010: Cauchy contribution k/(2 alpha)(exp(alpha(l^2-1))-1) l^2
  // equals lambda times the nominal stress.
  {
    const double l = 1.03, k = 254.02e6, a = 10.397;
    EXPECT_NEAR(l * make_natali_fibres(k, a)->evaluate(l).dW,
                k / (2 * a) * std::expm1(a * (l * l - 1)) * l * l,
                1e-6);
  }
  // Toe-linear (Blankevoort & Huiskes 1991), slack 1 %, toe strain 3 %:
  // E e^2 / (4 e_l) in the toe (e = lambda - 1 - slack), E (e - e_l) past
  // 2 e_l, continuous in stress and stiffness at 2 e_l; derivatives by
  // central differences in both pieces.
  {
    const double E = 264.8e6, s = 0.01, t = 0.03;
    const auto   law = make_toe_linear_fibres(E, s, t);
    EXPECT_EQ(law->evaluate(1. + s - 1e-9).dW, 0.);
    EXPECT_NEAR(law->evaluate(1. + s + t).dW, E * t / 4., 1e-6);
    EXPECT_NEAR(law->evaluate(1. + s + 3. * t).dW, E * 2. * t, 1e-6);
    const double knee = 1. + s + 2. * t;
    EXPECT_NEAR(law->evaluate(knee - 1e-12).dW,
                law->evaluate(knee + 1e-12).dW,
                1e-3);
    EXPECT_NEAR(law->evaluate(knee - 1e-12).d2W,
                law->evaluate(knee + 1e-12).d2W,
                1e-2);
    for (const double l : {1. + s + 0.5 * t, 1. + s + 4. * t})
      {
        const double h = 1e-7;
        const auto   p = law->evaluate(l + h), m = law->evaluate(l - h);
        EXPECT_NEAR((p.W - m.W) / (2. * h), law->evaluate(l).dW, 1e-3 * E * h);
        EXPECT_NEAR((p.dW - m.dW) / (2. * h), law->evaluate(l).d2W, 1e-6 * E);
      }
  }
  // Gefen 2002: sigma(1.1) = 11.84 MPa from the published polynomial.
  EXPECT_NEAR(1.1 * make_gefen_fibres()->evaluate(1.1).dW, 11.84e6, 0.01e6);
  // Thelen 2003: f_PE = (exp(k (l~ - 1)/eps0) - 1)/(exp(k) - 1) with
  // l~ = 1 + ratio (lambda - 1); at l~ = 1 + eps0 the force is sigma_max.
  EXPECT_NEAR(
    make_thelen_passive_fibres(3e5, 0.6, 5., 4.)->evaluate(1. + 0.6 / 4.).dW,
    3e5,
    1e-6);
}

TEST(FibreLaws, LeastTensionGovernsOnlyBelowThePassivePull)
{
  const FibreFamily material(create_material("neo-Hookean", {}),
                             make_linear_fibres(100e6));
  PointData         point;
  point.fibre[0] = 1.;
  Tensor2 F      = identity();
  F[0][0]        = 1.02; // passive nominal stress 2 MPa
  Tensor2 P_free, P_low, P_high;
  material.first_piola(F, point, P_free, nullptr);
  point.fibre_tension_floor = 1e6; // below the passive pull: no change
  material.first_piola(F, point, P_low, nullptr);
  EXPECT_EQ(P_low, P_free);
  point.fibre_tension_floor = 5e6; // above: the fibre pulls with 5 MPa
  material.first_piola(F, point, P_high, nullptr);
  EXPECT_NEAR(P_high[0][0] - P_free[0][0], 3e6, 1e-6);
  // The energy is the integral of the fibre stress: 5 MPa up to the
  // stretch 1.05 where the law reaches it, so 5e6 * 0.02 at 1.02.
  point.fibre_tension_floor = 0.;
  const double W_free       = material.energy(F, point);
  point.fibre_tension_floor = 5e6;
  EXPECT_NEAR(material.energy(F, point) - W_free,
              5e6 * 0.02 - 0.5 * 100e6 * 0.02 * 0.02,
              1e-3);
}

TEST(FibreLaws, PrestretchShiftsTheSlackLength)
{
  // A fibre whose slack length is 1/1.05 of the meshed length carries, at
  // F = I, the stress of a 5 % stretch.
  const FibreFamily material(create_material("neo-Hookean", {}),
                             make_linear_fibres(100e6));
  PointData         point;
  point.fibre[0]         = 1.;
  point.fibre_prestretch = 1.05;
  Tensor2 P;
  material.first_piola(identity(), point, P, nullptr);
  // P_xx = lambda0^2 W'(lambda)/lambda * |F a0| with lambda = 1.05
  EXPECT_NEAR(P[0][0], 1.05 * 1.05 * 100e6 * 0.05 / 1.05, 1e-3);
  EXPECT_DOUBLE_EQ(FibreFamily::fibre_stretch(identity(), point), 1.05);
}

// The typed constructors (laws.h) build the same law as the registry from
// the same constants written as text, bit for bit, and reject what the
// registry rejects.
TEST(TypedLaws, EqualTheRegistryRoute)
{
  const auto fmt = [](const double v) {
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
  };
  const double E = 2.3e5, nu = 0.31, mu = 1.7e4, c = 1084.;
  const double alpha = 9.78, nu_i = 0.45;
  std::vector<std::pair<std::unique_ptr<Material>, std::unique_ptr<Material>>>
    pairs;
  pairs.emplace_back(make_neo_hookean(E, nu),
                     create_material("neo-Hookean",
                                     {{"Young's modulus", fmt(E)},
                                      {"Poisson's ratio", fmt(nu)}}));
  pairs.emplace_back(make_nearly_incompressible_neo_hookean(mu, nu_i),
                     create_material("neo-Hookean nearly incompressible",
                                     {{"Shear modulus", fmt(mu)},
                                      {"Poisson's ratio", fmt(nu_i)}}));
  pairs.emplace_back(make_ogden({c / alpha}, {alpha}, nu_i),
                     create_material("Ogden",
                                     {{"Shear moduli", fmt(c / alpha)},
                                      {"Exponents", fmt(alpha)},
                                      {"Poisson's ratio", fmt(nu_i)}}));
  const Tensor2 F = sample_deformation();
  for (const auto &[typed, by_name] : pairs)
    {
      EXPECT_EQ(typed->name(), by_name->name());
      EXPECT_EQ(max_abs_diff(cauchy_stress(*typed, F, {}),
                             cauchy_stress(*by_name, F, {})),
                0.)
        << typed->name();
    }
  EXPECT_THROW(make_neo_hookean(-1., 0.3), ScenarioError);
  EXPECT_THROW(make_neo_hookean(1e5, 0.5), ScenarioError);
  EXPECT_THROW(make_nearly_incompressible_neo_hookean(1e4, -0.1),
               ScenarioError);
  EXPECT_THROW(make_ogden({1e3}, {0.}, 0.45), ScenarioError);
  EXPECT_THROW(make_ogden({1e3, 2e3}, {2.}, 0.45), ScenarioError);
}
