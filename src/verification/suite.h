// The verification suite behind `plantarfe verify` and the CTest checks.
#pragma once

#include "verification/verification.h"

#include <string>
#include <vector>

namespace plantarfe::verification
{
  /// Names of all cases, in report order.
  std::vector<std::string>
  case_names();

  /// Whether a case takes minutes (the fine 3D Hertz series): `plantarfe
  /// verify` runs it only with --slow or when named with --case.
  bool
  is_slow(const std::string &name);

  /// Runs one case by name; throws std::invalid_argument for unknown names.
  Rows
  run_case(const std::string &name);

  // Cases (one file each).
  Rows
  patch_test();
  Rows
  manufactured_solution(int dim, unsigned int degree, bool simplex = false);
  Rows
  lame_cylinder();
  Rows
  uniaxial_neo_hookean();
  Rows
  cook_membrane();
  Rows
  material_laws();
  Rows
  contact_balance();
  Rows
  friction_block();
  Rows
  hertz_cylinder_2d();
  Rows
  hertz_sphere_3d();
  Rows
  hertz_sphere_3d_fine();
} // namespace plantarfe::verification
