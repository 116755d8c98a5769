// Self-checks of a constitutive law, shared by `plantarfe verify` and the
// unit tests: consistent tangent and stress against central differences,
// stress-free reference state, objectivity, Cauchy symmetry and the
// volumetric derivatives.
#pragma once

#include "base/check_row.h"
#include "materials/fibre_laws.h"
#include "materials/material.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace plantarfe::materials
{
  /// All rows for one law; case_name is "material:<label>". The test point
  /// carries the given fibre pre-stretch and least fibre tension (Pa).
  CheckRows
  check_material(const Material    &material,
                 const std::string &label,
                 double             fibre_prestretch    = 1.,
                 double             fibre_tension_floor = 0.);

  /// One sample of every registered fibre law (fibre_law_registry.h).
  std::vector<std::function<std::unique_ptr<FibreLaw>()>>
  fibre_law_samples();

  /// check_material for every registered law with default parameters, with
  /// and without an exponential fibre family, and for every tissue fibre law
  /// on a nearly incompressible matrix (with and without pre-stretch).
  CheckRows
  check_all_registered_materials();
} // namespace plantarfe::materials
