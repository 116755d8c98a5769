// What a batch shows while it runs. On a terminal: one line, redrawn in
// place, with runs done/total, failures, each running run's last load step,
// elapsed time and ETA; failures are also printed as lines of their own.
// Otherwise (a log file, CI): one plain line per started and finished run.
// Everything goes to stderr (results go to files).
#pragma once

#include <chrono>
#include <map>
#include <string>

namespace plantarfe::batch
{
  class BatchProgress
  {
  public:
    /// @p done: runs already complete before this batch (skipped).
    BatchProgress(std::size_t total, std::size_t done, unsigned int parallel);

    void
    started(const std::string &name);
    /// A line of a running run's output (the load step is read from it).
    void
    output(const std::string &name, const std::string &line);
    void
    finished(const std::string &name,
             const std::string &status,
             double             wall_s,
             const std::string &detail);
    /// Redraws the terminal line (no-op otherwise).
    void
    tick();
    /// Ends the terminal line.
    void
    close();

    /// "1:05" or "1:02:03".
    static std::string
    clock(double seconds);

  private:
    std::string
    counts() const;
    void
    print_line(const std::string &text);

    bool                                  tty;
    std::size_t                           total, done, failed = 0;
    unsigned int                          parallel;
    std::size_t                           ran           = 0;
    double                                ran_wall_s    = 0.;
    bool                                  line_is_drawn = false;
    std::chrono::steady_clock::time_point begin;
    /// Running runs and their last load step ("" before the first).
    std::map<std::string, std::string> running;
  };
} // namespace plantarfe::batch
