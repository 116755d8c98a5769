// The laws as FEBio materials (Material::febio_material and
// FibreLaw::febio_fibre, used by the FEBio model writer): the parameters put
// into FEBio's own energy functions (as FEBio's sources define them:
// FENeoHookean, FEMooneyRivlin and FEOgdenMaterial with the NIKE3D pressure
// model, FEFiberPowLinear, FEFiberExpPow) give our energy, so that a model
// exported to FEBio is the same model.
#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/base/tensor.h>

#include <gtest/gtest.h>

#include "materials/fibre_family.h"
#include "materials/fibre_law_registry.h"
#include "materials/fibre_laws.h"
#include "materials/laws.h"
#include "materials/material.h"

#include <array>
#include <cmath>
#include <map>
#include <string>
#include <vector>

using namespace plantarfe::materials;

namespace
{
  std::map<std::string, std::string>
  parameters(const FebioLaw &law)
  {
    return {law.parameters.begin(), law.parameters.end()};
  }

  double
  number(const FebioLaw &law, const std::string &name)
  {
    return std::stod(parameters(law).at(name));
  }

  /// A general deformation with volume change (J = det F != 1).
  Tensor2
  deformation(const double s)
  {
    Tensor2 F;
    F[0][0] = 1. + 0.3 * s;
    F[1][1] = 1. - 0.2 * s;
    F[2][2] = 1. + 0.05 * s;
    F[0][1] = 0.15 * s;
    F[1][2] = -0.1 * s;
    F[2][0] = 0.07 * s;
    return F;
  }

  /// FEBio's uncoupled volumetric energy with pressure_model NIKE3D.
  double
  nike3d_U(const double k, const double J)
  {
    return 0.25 * k * (J * J - 2. * std::log(J) - 1.);
  }

  /// Principal stretches of F (square roots of C's eigenvalues).
  std::array<double, 3>
  principal_stretches(const Tensor2 &F)
  {
    const auto C = dealii::symmetrize(dealii::transpose(F) * F);
    const auto e = dealii::eigenvectors(C);
    std::array<double, 3> l;
    for (unsigned int a = 0; a < 3; ++a)
      l[a] = std::sqrt(e[a].first);
    return l;
  }

  const PointData no_fibres;
} // namespace

TEST(FebioMaterials, CompressibleNeoHookeanIsFebioNeoHookean)
{
  const auto law   = make_neo_hookean(7.3e9, 0.3);
  const auto febio = law->febio_material();
  EXPECT_EQ(febio.type, "neo-Hookean");
  const double E = number(febio, "E"), v = number(febio, "v");
  EXPECT_NEAR(E / 7.3e9, 1., 1e-14);
  EXPECT_NEAR(v, 0.3, 1e-15);
  const double mu     = 0.5 * E / (1. + v),
               lambda = v * E / ((1. + v) * (1. - 2. * v));
  for (const double s : {0.01, 0.2})
    {
      const Tensor2 F  = deformation(s);
      const double  J  = dealii::determinant(F);
      const double  I1 = dealii::trace(dealii::transpose(F) * F);
      const double  W  = 0.5 * mu * (I1 - 3.) - mu * std::log(J) +
                       0.5 * lambda * std::log(J) * std::log(J);
      EXPECT_NEAR(W / total_energy(*law, F, no_fibres), 1., 1e-12);
    }
}

TEST(FebioMaterials,
     NearlyIncompressibleNeoHookeanIsMooneyRivlinWithNike3dPressure)
{
  const auto law   = make_nearly_incompressible_neo_hookean(5e5, 0.45);
  const auto febio = law->febio_material();
  EXPECT_EQ(febio.type, "Mooney-Rivlin");
  EXPECT_EQ(parameters(febio).at("pressure_model"), "NIKE3D");
  EXPECT_EQ(number(febio, "c2"), 0.);
  const double c1 = number(febio, "c1"), k = number(febio, "k");
  for (const double s : {0.01, 0.3})
    {
      const Tensor2 F = deformation(s);
      const double  J = dealii::determinant(F);
      const double  I1b =
        dealii::trace(dealii::transpose(F) * F) / std::cbrt(J * J);
      // The same energy; at 1 % strain I1bar - 3 ~ 1e-4 carries the
      // round-off of its terms (1e-16 / 1e-4 relative).
      EXPECT_NEAR((c1 * (I1b - 3.) + nike3d_U(k, J)) /
                    total_energy(*law, F, no_fibres),
                  1.,
                  1e-14 / (s * s));
    }
}

TEST(FebioMaterials, OgdenIsFebioOgdenWithNike3dPressure)
{
  // The heel pad's law (FEBio's own c1 = 26.52 kPa, m1 = 17.71, Petre
  // 2013) and a three-term law with a negative exponent.
  const double c = 26.52e3, m = 17.71;
  for (const auto &[mu, alpha] :
       std::vector<std::pair<std::vector<double>, std::vector<double>>>{
         {{c / m}, {m}}, {{4e3, -2e3, 1e3}, {2., -2., 8.}}})
    {
      const auto law   = make_ogden(mu, alpha, 0.49);
      const auto febio = law->febio_material();
      EXPECT_EQ(febio.type, "Ogden");
      EXPECT_EQ(parameters(febio).at("pressure_model"), "NIKE3D");
      if (mu.size() == 1)
        {
          EXPECT_NEAR(number(febio, "c1") / c, 1., 1e-14);
        }
      for (const double s : {0.01, 0.2})
        {
          const Tensor2 F = deformation(s);
          const double  J = dealii::determinant(F);
          const auto    l = principal_stretches(F);
          double        W = nike3d_U(number(febio, "k"), J);
          for (unsigned int i = 1; i <= mu.size(); ++i)
            {
              const double ci = number(febio, "c" + std::to_string(i)),
                           mi = number(febio, "m" + std::to_string(i));
              double sum      = 0.;
              for (const double la : l)
                sum += std::pow(la / std::cbrt(J), mi);
              W += ci / (mi * mi) * (sum - 3.);
            }
          EXPECT_NEAR(W / total_energy(*law, F, no_fibres), 1., 1e-11)
            << mu.size() << " terms, s = " << s;
        }
    }
}

TEST(FebioMaterials, LinearFibresAreFiberPowLinearToAMillionth)
{
  // FEFiberPowLinear: a power-law toe up to I0 = lam0^2, linear beyond.
  const double scale = 0.3; // a 2D slice's width factor, as scale_fibres
  const auto   law   = scale_fibres(create_fibre_law("linear", {350e6}), scale);
  const auto   febio = law->febio_fibre();
  EXPECT_EQ(febio.type, "fiber-pow-linear");
  const double E = number(febio, "E"), beta = number(febio, "beta"),
               lam0 = number(febio, "lam0");
  EXPECT_NEAR(E / (scale * 350e6), 1., 1e-14);
  const double I0 = lam0 * lam0;
  const double ksi =
    E / 4. / (beta - 1.) * std::pow(I0, -1.5) * std::pow(I0 - 1., 2. - beta);
  const double b = ksi * std::pow(I0 - 1., beta - 1.) + 0.5 * E / std::sqrt(I0);
  for (const double lambda :
       {1. + 5e-7, 1. + 1e-5, 1.0001, 1.001, 1.01, 1.05, 1.2, 1.5})
    {
      const double In = lambda * lambda;
      const double W  = In < I0 ? ksi / beta * std::pow(In - 1., beta) :
                                  b * (In - I0) - E * (lambda - lam0) +
                                   ksi / beta * std::pow(I0 - 1., beta);
      EXPECT_NEAR(W / law->evaluate(lambda).W,
                  1.,
                  lambda - 1. < 1e-4 ? 3e-6 : 1e-7)
        << "stretch " << lambda;
    }
  EXPECT_EQ(law->evaluate(0.99).W, 0.); // tension only in both
}

TEST(FebioMaterials, ExponentialFibresAreFiberExpPow)
{
  const auto law   = make_hgo_fibres(2e6, 5.);
  const auto febio = law->febio_fibre();
  EXPECT_EQ(febio.type, "fiber-exp-pow");
  const double ksi = number(febio, "ksi"), alpha = number(febio, "alpha"),
               beta = number(febio, "beta");
  for (const double lambda : {1.01, 1.1, 1.3})
    {
      const double In = lambda * lambda;
      const double W =
        ksi / (alpha * beta) * (std::exp(alpha * std::pow(In - 1., beta)) - 1.);
      EXPECT_NEAR(W / law->evaluate(lambda).W, 1., 1e-12);
    }
}

TEST(FebioMaterials, LawsFebioLacksAreRefused)
{
  // The ligament toe region and the exponential and polynomial fascia laws
  // are other curves than FEBio's; the fibre-reinforced tissue is written
  // by the model writer from its parts, not as one law.
  EXPECT_TRUE(
    make_toe_linear_fibres(264.8e6, 0., 0.03)->febio_fibre().type.empty());
  EXPECT_EQ(make_toe_linear_fibres(264.8e6, 0., 0.)->febio_fibre().type,
            "fiber-pow-linear");
  EXPECT_TRUE(make_natali_fibres(254e6, 10.4)->febio_fibre().type.empty());
  EXPECT_TRUE(make_gefen_fibres()->febio_fibre().type.empty());
  EXPECT_TRUE(
    make_thelen_passive_fibres(1e5, 0.6, 5., 4.)->febio_fibre().type.empty());
  const FibreFamily fascia(make_nearly_incompressible_neo_hookean(5e5, 0.45),
                           create_fibre_law("linear", {350e6}));
  EXPECT_TRUE(fascia.febio_material().type.empty());
  EXPECT_EQ(fascia.matrix().febio_material().type, "Mooney-Rivlin");
}
