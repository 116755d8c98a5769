// A model: what `plantarfe run` needs from any scenario type. The solver's
// Problem (mesh, materials, loads, supports, named contacts), the facts its
// metric groups read (metrics/metric_inputs.h), the derived inputs worth
// logging, and companion runs that are solved first into sub-folders of the
// run with records of their own (the no-massage baseline), whose final
// metrics the model's metrics compare against.
#pragma once

#include <deal.II/base/mpi.h>

#include "metrics/metric.h"
#include "metrics/metric_inputs.h"
#include "solver/problem.h"

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dealii
{
  class ParameterHandler;
}

namespace plantarfe::model
{
  using metrics::Metric;

  template <int dim>
  struct ModelCase;

  /// A run solved before the main one into <run folder>/<name>/.
  template <int dim>
  struct Companion
  {
    std::string                     name;        ///< folder and metrics key
    std::string                     description; ///< for the log
    std::shared_ptr<ModelCase<dim>> model;
  };

  template <int dim>
  struct ModelCase
  {
    solver::Problem<dim> problem;
    /// What the metric groups read (contact names are filled from
    /// problem.contacts by the run).
    metrics::MetricInputs metric_inputs;
    /// Lines for the log and the summary (derived inputs worth seeing, e.g.
    /// the calf's slack angle).
    std::vector<std::pair<std::string, std::string>> notes;
    std::vector<Companion<dim>>                      companions;
    /// Checks of each converged step's metrics: empty when the state is one
    /// the model stands for, else why not (e.g. a joint that dislocated).
    /// The run then fails at that step as a solve that does not converge.
    std::vector<std::function<std::string(const metrics::Metrics &)>>
      step_checks;
  };

  /// Builds the model the scenario describes through the scenario-type
  /// registry (model/scenario_type.h), by Geometry/Shape.
  template <int dim>
  ModelCase<dim>
  make_model_case(dealii::ParameterHandler &prm, MPI_Comm comm);
} // namespace plantarfe::model
