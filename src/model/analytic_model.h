// Turns a parsed analytic-geometry scenario into the solver's Problem, and
// names the point whose displacement the summary reports.
#pragma once

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>

#include "solver/problem.h"

namespace plantarfe::model
{
  template <int dim>
  struct AnalyticCase
  {
    solver::Problem<dim> problem;
    dealii::Point<dim>   probe; ///< where the summary reads the displacement
    std::string          probe_label; ///< e.g. "tip"
  };

  template <int dim>
  AnalyticCase<dim>
  make_analytic_case(dealii::ParameterHandler &prm);
} // namespace plantarfe::model
