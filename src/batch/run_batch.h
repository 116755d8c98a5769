// The batch engine behind `plantarfe batch` and `plantarfe sweep`: validate
// every scenario and sweep point first, then run what is not up to date
// (child processes locally, or in-process groups of ranks under mpirun),
// keeping manifest.csv current.
#pragma once

#include "batch/batch_options.h"

namespace plantarfe::batch
{
  /// Runs the batch @p options describes on MPI_COMM_WORLD; every rank calls
  /// it. Returns the exit code (docs/batch.md): 0 all runs ok, 2 bad input
  /// (nothing ran), 10 + n when n runs failed or did not converge (125 at
  /// most), 1 when the batch itself could not work (e.g. cannot write its
  /// folder), 130 stopped by SIGINT/SIGTERM.
  int
  run_batch(const BatchOptions &options);
} // namespace plantarfe::batch
