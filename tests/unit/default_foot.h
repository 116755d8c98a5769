// The foot scenario with every entry at its default, as a unit test's
// starting point (read from the declared parameters, so it follows them).
#pragma once

#include <deal.II/base/parameter_handler.h>

#include "scenario/foot_parameters.h"
#include "scenario/parameters.h"

namespace
{
  inline plantarfe::scenario::FootScenario
  default_foot()
  {
    dealii::ParameterHandler prm;
    plantarfe::scenario::declare_parameters(prm);
    return plantarfe::scenario::read_foot_parameters(prm);
  }
} // namespace
