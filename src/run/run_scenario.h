// One scenario run (`plantarfe run`), callable on any communicator so that
// an MPI batch can run scenarios in-process on a sub-communicator.
#pragma once

#include <deal.II/base/mpi.h>

#include <string>
#include <vector>

namespace plantarfe::run
{
  struct RunRequest
  {
    std::string              scenario;
    std::string              output;
    std::vector<std::string> overrides;
  };

  /// Solves the scenario on @p comm and writes its run folder atomically.
  /// Returns 0 (converged) or 1 (not converged); throws ScenarioError for
  /// bad input and SolverError/IoError for failures (status.json then says
  /// failed).
  int
  run_scenario(const RunRequest &request, MPI_Comm comm);
} // namespace plantarfe::run
