// Self-checks of a constitutive law, shared by `plantarfe verify` and the
// unit tests: consistent tangent and stress against central differences,
// stress-free reference state, objectivity, Cauchy symmetry and the
// volumetric derivatives.
#pragma once

#include "materials/material.h"
#include "verification/verification.h"

#include <string>

namespace plantarfe::materials
{
  /// All rows for one law; case_name is "material:<label>".
  verification::Rows
  check_material(const Material &material, const std::string &label);

  /// check_material for every registered law with default parameters, with
  /// and without an exponential fibre family.
  verification::Rows
  check_all_registered_materials();
} // namespace plantarfe::materials
