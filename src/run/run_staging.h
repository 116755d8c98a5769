// Where a run writes while it is in flight, and how its results replace an
// earlier run's. Everything is written into a hidden staging folder beside
// the target (results/.<name>.partial); only at the end does it take the
// target's place:
//  - converged: the staging folder replaces the target; an earlier result of
//    the same scenario is swapped out in one atomic rename (RENAME_EXCHANGE)
//    and then deleted, so a kill at any moment leaves either the earlier or
//    the new complete result under the target name (without the exchange:
//    moved aside to .<name>.old first, restored by the next run if killed
//    in between);
//  - not converged or failed: it becomes the target only when there is no
//    earlier result there; otherwise it is kept as <target>.incomplete and
//    the earlier complete result stays untouched.
// A folder is ours only by its own record: a status.json we wrote (naming the
// scenario file by its absolute path) or the marker of a staging folder.
// A target, backup (.<name>.old), staging or .incomplete folder that holds
// another scenario's results or no record of ours is refused (bad input),
// never deleted; so is a target name that is not a folder of its own ("/",
// ".", ".."). A target that is a symbolic link to a folder is written
// through. While a run is in flight it holds an exclusive lock on
// .<name>.lock beside the target: a second run into the same folder is
// refused (the lock file is deleted when the run ends). A target whose folder
// cannot be created is an IoError that says why (e.g. which part of the path is
// a file).
#pragma once

#include <deal.II/base/mpi.h>

#include <string>

namespace plantarfe::run
{
  class RunStaging
  {
  public:
    /// Checks the target and prepares a clean staging folder (collective).
    /// Throws ScenarioError when @p target holds another scenario's results
    /// or unrelated files, IoError when the folders cannot be made.
    RunStaging(const std::string &target,
               const std::string &scenario_file,
               MPI_Comm           comm);
    /// Releases the folder's lock.
    ~RunStaging();
    RunStaging(const RunStaging &) = delete;
    RunStaging &
    operator=(const RunStaging &) = delete;

    /// The folder to write into.
    const std::string &
    folder() const
    {
      return staging;
    }

    /// Moves the staged results into place (collective); returns where they
    /// ended up.
    std::string
    commit(bool complete);

  private:
    std::string target;
    std::string staging;
    MPI_Comm    comm;
    int         lock_fd = -1; ///< rank 0: the folder's lock
    std::string lock_path;
  };
} // namespace plantarfe::run
