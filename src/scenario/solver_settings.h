// The Solver and Discretisation sections, declared and read side by side
// into the solver's typed Settings.
#pragma once

#include "solver/problem.h"

namespace dealii
{
  class ParameterHandler;
}

namespace plantarfe::scenario
{
  /// Declares the Solver and Discretisation sections.
  void
  declare_solver_settings(dealii::ParameterHandler &prm);

  /// Reads the Solver and Discretisation sections into Settings.
  solver::Settings
  read_settings(dealii::ParameterHandler &prm);
} // namespace plantarfe::scenario
