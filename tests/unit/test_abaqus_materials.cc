// The laws as Abaqus/CalculiX materials (Material::abaqus_material, used by
// the solver deck): the card's constants put into Abaqus' own energy
// functions (as its manual defines them) give our energy, so that a model
// exported to CalculiX is the same model.
#include <deal.II/base/tensor.h>

#include <gtest/gtest.h>

#include "materials/fibre_family.h"
#include "materials/fibre_law_registry.h"
#include "materials/laws.h"
#include "materials/material.h"

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

using namespace plantarfe::materials;

namespace
{
  /// The card's keyword line and its numbers (all data lines).
  struct Card
  {
    std::string         keyword;
    std::vector<double> numbers;
  };

  Card
  read_card(const std::string &text)
  {
    Card               card;
    std::istringstream in(text);
    std::getline(in, card.keyword);
    std::string line;
    while (std::getline(in, line))
      {
        std::istringstream values(line);
        std::string        value;
        while (std::getline(values, value, ','))
          card.numbers.push_back(std::stod(value));
      }
    return card;
  }

  Tensor2
  stretch(const double l1, const double l2, const double l3)
  {
    Tensor2 F;
    F[0][0] = l1;
    F[1][1] = l2;
    F[2][2] = l3;
    return F;
  }

  /// Abaqus' Ogden energy: sum_i 2 mu_i / alpha_i^2 (sum_a lbar_a^alpha_i
  /// - 3) + sum_i (J - 1)^(2i) / D_i, principal stretches @p l.
  double
  abaqus_ogden(const std::vector<double> &numbers,
               const unsigned int         terms,
               const double               l[3])
  {
    const double J = l[0] * l[1] * l[2];
    double       W = 0.;
    for (unsigned int i = 0; i < terms; ++i)
      {
        const double mu = numbers[2 * i], alpha = numbers[2 * i + 1];
        double       sum = 0.;
        for (unsigned int a = 0; a < 3; ++a)
          sum += std::pow(l[a] / std::cbrt(J), alpha);
        W += 2. * mu / (alpha * alpha) * (sum - 3.);
      }
    for (unsigned int i = 0; i < terms; ++i)
      if (numbers[2 * terms + i] != 0.)
        W += std::pow(J - 1., 2 * (i + 1)) / numbers[2 * terms + i];
    return W;
  }

  /// Abaqus' neo-Hookean energy C10 (I1bar - 3) + (J - 1)^2 / D1.
  double
  abaqus_neo_hookean(const double C10, const double D1, const double l[3])
  {
    const double J = l[0] * l[1] * l[2];
    const double I1 =
      (l[0] * l[0] + l[1] * l[1] + l[2] * l[2]) / std::pow(J, 2. / 3.);
    return C10 * (I1 - 3.) + (J - 1.) * (J - 1.) / D1;
  }

  const PointData no_fibres;
} // namespace

TEST(AbaqusMaterials, OgdenCardGivesTheSameIsochoricEnergyAndBulkModulus)
{
  // The heel pad's law (Petre 2013, FEBio's c1 = 26.52 kPa, m1 = 17.71),
  // and a three-term law whose card runs onto a second data line.
  const double c = 26.52e3, m = 17.71;
  for (const auto &[mu, alpha] :
       std::vector<std::pair<std::vector<double>, std::vector<double>>>{
         {{c / m}, {m}}, {{4e3, -2e3, 1e3}, {2., -2., 8.}}})
    {
      const auto law  = make_ogden(mu, alpha, 0.49);
      const Card card = read_card(law->abaqus_material());
      const auto n    = mu.size();
      EXPECT_EQ(card.keyword, "*HYPERELASTIC, OGDEN, N=" + std::to_string(n));
      ASSERT_EQ(card.numbers.size(), 3 * n);
      for (const auto &l : std::vector<std::vector<double>>{
             {1.2, 1. / std::sqrt(1.2), 1. / std::sqrt(1.2)},
             {0.8, 1.1, 1. / 0.88},
             {1.05, 0.9, 1. / 0.945}})
        {
          const double ours =
            total_energy(*law, stretch(l[0], l[1], l[2]), no_fibres);
          EXPECT_NEAR(abaqus_ogden(card.numbers, n, l.data()) / ours, 1., 1e-12)
            << "isochoric stretches " << l[0] << ' ' << l[1];
        }
      // Volumetric: the same bulk modulus, 2 / D1 = kappa.
      EXPECT_NEAR(2. / card.numbers[2 * n] / law->initial_bulk_modulus(),
                  1.,
                  1e-14);
      // So a small dilatation costs the same energy to second order.
      const double j = std::cbrt(1.001), l[3] = {j, j, j};
      EXPECT_NEAR(abaqus_ogden(card.numbers, n, l) /
                    total_energy(*law, stretch(j, j, j), no_fibres),
                  1.,
                  1e-3);
    }
}

TEST(AbaqusMaterials, NearlyIncompressibleNeoHookeanIsAbaqusNeoHooke)
{
  const auto law  = make_nearly_incompressible_neo_hookean(5e5, 0.45);
  const Card card = read_card(law->abaqus_material());
  EXPECT_EQ(card.keyword, "*HYPERELASTIC, NEO HOOKE");
  ASSERT_EQ(card.numbers.size(), 2u);
  for (const auto &l : std::vector<std::vector<double>>{
         {1.3, 1. / std::sqrt(1.3), 1. / std::sqrt(1.3)},
         {0.7, 1.2, 1. / 0.84}})
    EXPECT_NEAR(abaqus_neo_hookean(card.numbers[0], card.numbers[1], l.data()) /
                  total_energy(*law, stretch(l[0], l[1], l[2]), no_fibres),
                1.,
                1e-12);
  EXPECT_NEAR(2. / card.numbers[1] / law->initial_bulk_modulus(), 1., 1e-14);
}

TEST(AbaqusMaterials, CompressibleNeoHookeanAgreesToSecondOrder)
{
  // Bone: the two energies differ in how they split volume change, which
  // shows only beyond second order in the strain.
  const auto law  = make_neo_hookean(7.3e9, 0.3);
  const Card card = read_card(law->abaqus_material());
  EXPECT_EQ(card.keyword, "*HYPERELASTIC, NEO HOOKE");
  ASSERT_EQ(card.numbers.size(), 2u);
  EXPECT_NEAR(card.numbers[0], 0.5 * law->initial_shear_modulus(), 1e-3);
  for (const double e : {1e-3, 1e-4})
    {
      const double l[3] = {1. + e, 1. - 0.5 * e, 1. + 0.2 * e};
      const double ours =
        total_energy(*law, stretch(l[0], l[1], l[2]), no_fibres);
      EXPECT_NEAR(abaqus_neo_hookean(card.numbers[0], card.numbers[1], l) /
                    ours,
                  1.,
                  5. * e)
        << "strain " << e;
    }
}

TEST(AbaqusMaterials, FibreReinforcedLawHasNoCard)
{
  const FibreFamily fascia(make_nearly_incompressible_neo_hookean(5e5, 0.45),
                           create_fibre_law("linear", {350e6}));
  EXPECT_TRUE(fascia.abaqus_material().empty());
}
