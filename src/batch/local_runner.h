// Runs `plantarfe run ...` child processes, at most N at a time, and
// reports their output lines and exits. A child is a separate process
// (fork + exec of this executable), so a crash or kill of one run cannot
// corrupt another, and N children are true parallelism. Children die with
// the batch (PR_SET_PDEATHSIG), so a killed batch leaves no orphan run
// writing into a folder the next batch will use.
#pragma once

#include "batch/manifest.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace plantarfe::batch
{
  struct ChildJob
  {
    /// Arguments after the executable name, e.g. {"run", "a.prm", "-o", ..}.
    std::vector<std::string> args;
    /// The child's stdout and stderr are copied here.
    std::string log_file;
  };

  struct ChildEvents
  {
    std::function<void(std::size_t job)> started;
    /// One complete output line of a running child.
    std::function<void(std::size_t job, const std::string &line)> line;
    std::function<void(std::size_t job, const Attempt &attempt)>  finished;
    /// Called about four times a second (progress display).
    std::function<void()> tick;
  };

  /// Runs @p jobs in order, @p parallel at a time, with @p env added to each
  /// child's environment. Returns false when SIGINT or SIGTERM stopped the
  /// batch (running children were sent SIGTERM and reaped).
  bool
  run_children(const std::vector<ChildJob>                            &jobs,
               unsigned int                                            parallel,
               const std::vector<std::pair<std::string, std::string>> &env,
               const ChildEvents                                      &events);

  /// The executable each child runs (default: this process's own,
  /// /proc/self/exe). The Python module, whose process is python3, names
  /// the plantarfe executable here.
  void
  set_child_executable(const std::string &path);
} // namespace plantarfe::batch
