// Typed constructors of the registered laws, for model builders that hold
// the constants as numbers (the foot's tissues). They apply the same checks
// and conversions as the registry does for a scenario's Material section, so
// both routes give the same law; ScenarioError names the law and the entry.
#pragma once

#include "materials/material.h"

#include <memory>
#include <vector>

namespace plantarfe::materials
{
  /// "neo-Hookean": E (Pa) > 0, -1 < nu < 0.5.
  std::unique_ptr<Material>
  make_neo_hookean(double youngs_modulus_Pa, double poisson_ratio);

  /// "neo-Hookean nearly incompressible": mu (Pa) > 0, 0 <= nu < 0.5 sets
  /// the bulk modulus 2 mu (1 + nu) / (3 (1 - 2 nu)).
  std::unique_ptr<Material>
  make_nearly_incompressible_neo_hookean(double shear_modulus_Pa,
                                         double poisson_ratio);

  /// "Ogden" with 1 to 3 terms: coefficients mu_p (Pa) and nonzero exponents
  /// alpha_p (W = sum_p mu_p/alpha_p (sum_a lbar_a^alpha_p - 3)), initial
  /// shear modulus sum_p mu_p alpha_p / 2 > 0, 0 <= nu < 0.5.
  std::unique_ptr<Material>
  make_ogden(const std::vector<double> &shear_moduli_Pa,
             const std::vector<double> &exponents,
             double                     poisson_ratio);
} // namespace plantarfe::materials
