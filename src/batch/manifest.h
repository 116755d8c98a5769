// manifest.csv of a batch: one row per planned run with its swept (and
// otherwise differing) parameters, status, metrics with units, wall time and
// folder. The rows are rebuilt from the run folders themselves (status.json
// with the same input hash, summary.csv), so a resumed batch, an MPI batch
// and a local one write the same manifest, and the file is rewritten
// atomically after every finished run.
#pragma once

#include "batch/batch_plan.h"

#include <map>
#include <string>

namespace plantarfe::batch
{
  /// Where the result of a planned run is, if any.
  struct RunResult
  {
    /// ok, not_converged or failed; empty: no result for this input hash.
    std::string status;
    /// Folder relative to the batch output folder (<name> or
    /// <name>.incomplete).
    std::string folder;
    std::string message;
  };

  /// Looks for @p run's result under @p out_dir: <name>/status.json, then
  /// <name>.incomplete/status.json, with the run's input hash. A run that
  /// just failed next to an earlier complete result of the same input
  /// (--force) parks its record in .incomplete: @p failed_now looks there
  /// first so that the failure is what the manifest shows.
  RunResult
  find_result(const std::string &out_dir,
              const PlannedRun  &run,
              bool               failed_now = false);

  /// What the batch saw of a run it started (a crash leaves no status.json).
  struct Attempt
  {
    /// Exit code of the run, or 128 + signal number when it was killed.
    int         exit_code = 0;
    double      wall_s    = 0.;
    std::string message;
  };

  /// The manifest text. Runs with no result are "failed" when @p attempts
  /// holds them (the run left no record, e.g. it crashed), else "pending".
  std::string
  manifest_csv(const BatchPlan                      &plan,
               const std::string                    &out_dir,
               const std::map<std::string, Attempt> &attempts);

  /// Writes <out_dir>/manifest.csv atomically.
  void
  write_manifest(const BatchPlan                      &plan,
                 const std::string                    &out_dir,
                 const std::map<std::string, Attempt> &attempts);
} // namespace plantarfe::batch
