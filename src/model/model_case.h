// What `plantarfe run` needs from any scenario: the solver's Problem and a
// function that turns a solved state into the named metrics users read
// (with units). Analytic shapes and the foot both produce one.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include "metrics/metric.h"
#include "solver/problem.h"
#include "solver/solid.h"

#include <functional>
#include <string>
#include <vector>

namespace plantarfe::model
{
  using metrics::Metric;

  template <int dim>
  struct ModelCase
  {
    solver::Problem<dim> problem;
    /// Metrics of the current state (collective over ranks).
    std::function<std::vector<Metric>(const solver::Solid<dim> &)> metrics;
    /// Lines for the log and the summary (derived inputs worth seeing, e.g.
    /// the calf's slack angle).
    std::vector<std::pair<std::string, std::string>> notes;
  };

  /// Builds the case the scenario describes (analytic shape or foot).
  template <int dim>
  ModelCase<dim>
  make_model_case(dealii::ParameterHandler &prm, MPI_Comm comm);
} // namespace plantarfe::model
