// Every registered law: tangent against central differences, zero stress at
// F = I, objectivity, symmetry (implemented beside the laws).
#include "materials/material_checks.h"
#include "verification/suite.h"

namespace plantarfe::verification
{
  Rows
  material_laws()
  {
    return materials::check_all_registered_materials();
  }
} // namespace plantarfe::verification
