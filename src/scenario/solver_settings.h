// The Solver and Discretisation sections as the solver's typed Settings.
#pragma once

#include "solver/problem.h"

namespace dealii
{
  class ParameterHandler;
}

namespace plantarfe::scenario
{
  /// Reads the Solver and Discretisation sections into Settings.
  solver::Settings
  read_settings(dealii::ParameterHandler &prm);
} // namespace plantarfe::scenario
