// Locks that keep concurrent writers of one batch folder apart. They are
// flock()s: the kernel drops them when the holder dies, even by SIGKILL, so
// a stale lock never blocks a rerun.
#pragma once

#include "batch/batch_plan.h"
#include "batch/manifest.h"

#include <map>
#include <string>

namespace plantarfe::batch
{
  /// Holds an exclusive lock on <folder>/.batch.lock while a batch runs: two
  /// batches writing the same folder would race for the same runs.
  class BatchFolderLock
  {
  public:
    /// ScenarioError when another batch holds the lock, IoError when the
    /// lock file cannot be created.
    explicit BatchFolderLock(const std::string &folder);
    ~BatchFolderLock();
    BatchFolderLock(const BatchFolderLock &) = delete;
    BatchFolderLock &
    operator=(const BatchFolderLock &) = delete;

  private:
    int fd = -1;
  };

  /// Rewrites <folder>/manifest.csv under <folder>/.manifest.lock (groups
  /// of MPI ranks finish concurrently); a failed write is reported on
  /// stderr as a warning, since the runs themselves are not affected.
  void
  update_manifest_locked(const BatchPlan                      &plan,
                         const std::string                    &folder,
                         const std::map<std::string, Attempt> &attempts);
} // namespace plantarfe::batch
