// A batch under mpirun: the ranks form groups of --ranks-per-run K, and each
// group runs scenarios in-process on its own sub-communicator (no fork under
// Open MPI). Assignment is dynamic: a group that is free takes the next run
// from a shared counter in the output folder (a file under flock), so long
// runs do not hold up the rest and no rank has to stop computing to hand out
// work; rank 0's group runs scenarios like every other.
#pragma once

#include "batch/batch_plan.h"
#include "batch/manifest.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace plantarfe::batch
{
  /// Runs plan.runs[i] for every i in @p todo. @p finished is called on the
  /// group's first rank after each run. Collective over MPI_COMM_WORLD;
  /// returns every group's attempts on rank 0 (empty elsewhere).
  std::map<std::string, Attempt>
  run_on_mpi_ranks(
    const BatchPlan                                         &plan,
    const std::vector<std::size_t>                          &todo,
    const std::string                                       &out_dir,
    unsigned int                                             ranks_per_run,
    const std::function<void(std::size_t, const Attempt &)> &finished);
} // namespace plantarfe::batch
