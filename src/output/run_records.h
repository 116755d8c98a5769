// The small records of a run folder: summary.json, summary.csv, steps.csv
// and status.json (docs/results-format.md). They are built from plain numbers
// here, below the solver and the metrics, so that every run that writes a
// folder (a scenario, a companion run, a failed run) formats them one way.
#pragma once

#include "output/json.h"

#include <string>
#include <utility>
#include <vector>

namespace plantarfe::output
{
  /// A quantity the run reports at every converged load step.
  struct MetricColumn
  {
    std::string name;
    std::string unit;
    std::string description;
    bool        mesh_dependent = false; ///< a peak (metrics/metric.h)
  };

  /// One converged load step as the solver reports it.
  struct StepLine
  {
    double              load_fraction     = 0.;
    unsigned int        newton_iterations = 0;
    unsigned int        linear_iterations = 0;
    std::vector<double> residuals_N; ///< free-DOF residual norm per iteration
  };

  /// Wall-clock seconds spent per stage of the run.
  struct RunTiming
  {
    double setup        = 0.;
    double assembly     = 0.;
    double linear_solve = 0.;
    double model        = 0.; ///< building the model, before the solver
    double output       = 0.; ///< writing results during the solve
    double wall         = 0.;
  };

  /// Everything the records of one finished (converged or not) run say.
  struct RunRecord
  {
    std::string scenario; ///< the scenario file as given
    /// Its absolute path: how a later run knows the folder is its own.
    std::string        scenario_path;
    std::string        input_hash; ///< of the effective parameters
    bool               converged = false;
    std::string        failure_reason; ///< empty when converged
    double             load_fraction_reached = 0.;
    int                dimension             = 0;
    unsigned long long n_dofs                = 0;
    std::string        linear_solver;
    unsigned int       mpi_ranks = 1;
    /// The model's notes (e.g. the derived Achilles force), in order.
    std::vector<std::pair<std::string, std::string>> model_notes;

    std::vector<MetricColumn> metric_columns;
    /// metric_values[s][m]: metric m after converged step s.
    std::vector<std::vector<double>> metric_values;
    std::vector<StepLine>            steps;

    unsigned int cutbacks                 = 0;
    unsigned int total_newton_iterations  = 0;
    unsigned int total_linear_iterations  = 0;
    unsigned int failed_newton_iterations = 0;
    double       contact_smoothing_m      = 0.; ///< 0: the sharp law
    RunTiming    timing;
  };

  /// summary.json: status, metrics of the last converged step with units
  /// and descriptions, model notes, convergence record, timings, provenance.
  Json
  summary_json(const RunRecord &record);

  /// summary.csv: quantity,unit,value rows.
  std::string
  summary_csv(const RunRecord &record);

  /// steps.csv: one row per converged load step with every metric.
  std::string
  steps_csv(const RunRecord &record);

  /// status.json of a run that ended (ok or not_converged).
  Json
  status_json(const RunRecord &record);

  /// status.json of a run that stopped on an error.
  Json
  failed_status_json(const std::string &scenario,
                     const std::string &scenario_path,
                     const std::string &input_hash,
                     const std::string &message);

  /// Writes the four records into @p folder, each atomically; status.json
  /// last, so a folder whose status says ok has all of them. status.json
  /// lists the size of results.h5 and of the other records ("files").
  void
  write_run_records(const std::string &folder, const RunRecord &record);

  /// What is wrong with the files of the run folder @p folder whose
  /// status.json is @p status: a listed file missing or of another size
  /// than when written, or a summary.json that does not read or disagrees
  /// with the status; "" when nothing is. A batch trusts no status.json
  /// alone before it skips a run as up to date.
  std::string
  damage_of(const std::string &folder, const Json &status);
} // namespace plantarfe::output
