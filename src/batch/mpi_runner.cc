#include "batch/mpi_runner.h"

#include <deal.II/base/mpi.h>

#include "base/errors.h"
#include "base/printable.h"
#include "run/run_scenario.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/file.h>
#include <unistd.h>

namespace plantarfe::batch
{
  namespace fs = std::filesystem;
  using namespace dealii;

  namespace
  {
    /// Takes the next position from the counter file (0, 1, 2, ...).
    long
    next_position(const std::string &counter)
    {
      const int fd = open(counter.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
      if (fd < 0)
        throw IoError("batch: cannot open " + counter + ": " +
                      std::strerror(errno));
      while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
        ;
      char              text[32] = {};
      const ssize_t     n        = pread(fd, text, sizeof(text) - 1, 0);
      const long        position = n > 0 ? std::atol(text) : 0;
      const std::string next     = std::to_string(position + 1) + "\n";
      const bool        ok =
        ftruncate(fd, 0) == 0 && pwrite(fd, next.data(), next.size(), 0) ==
                                   static_cast<ssize_t>(next.size());
      flock(fd, LOCK_UN);
      close(fd);
      if (!ok)
        throw IoError("batch: cannot update " + counter);
      return position;
    }

    /// Runs one scenario in-process with its log in @p log (group root) or
    /// discarded (other ranks of the group).
    Attempt
    run_in_process(const PlannedRun  &run,
                   const std::string &out_dir,
                   const MPI_Comm     group)
    {
      const bool    root = Utilities::MPI::this_mpi_process(group) == 0;
      std::ofstream log(
        root ? (fs::path(out_dir) / "logs" / (run.name + ".log")).string() :
               "/dev/null",
        std::ios::trunc);
      std::streambuf *const saved = std::cerr.rdbuf(log.rdbuf());
      const auto            begin = std::chrono::steady_clock::now();
      Attempt               a;
      try
        {
          a.exit_code =
            run::run_scenario({run.scenario,
                               (fs::path(out_dir) / run.name).string(),
                               run.overrides},
                              group);
        }
      catch (const ScenarioError &e)
        {
          a.exit_code = 2;
          a.message   = e.what();
        }
      catch (const std::exception &e)
        {
          a.exit_code = 1;
          a.message   = e.what();
        }
      if (!a.message.empty())
        std::cerr << "plantarfe: error: " << printable(a.message) << '\n';
      std::cerr.rdbuf(saved);
      a.wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin)
          .count();
      return a;
    }
  } // namespace

  std::map<std::string, Attempt>
  run_on_mpi_ranks(
    const BatchPlan                                         &plan,
    const std::vector<std::size_t>                          &todo,
    const std::string                                       &out_dir,
    const unsigned int                                       ranks_per_run,
    const std::function<void(std::size_t, const Attempt &)> &finished)
  {
    const unsigned int rank = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD);
    MPI_Comm           group;
    MPI_Comm_split(MPI_COMM_WORLD, rank / ranks_per_run, rank, &group);
    const bool group_root = Utilities::MPI::this_mpi_process(group) == 0;

    // A fresh counter for this batch (a killed batch's is stale).
    const std::string counter = (fs::path(out_dir) / ".batch-counter").string();
    if (rank == 0)
      {
        std::error_code ec;
        fs::remove(counter, ec);
      }
    MPI_Barrier(MPI_COMM_WORLD);

    std::ostringstream mine; // "index\texit\twall\tmessage\n" per run
    while (true)
      {
        long position = -1;
        if (group_root)
          position = next_position(counter);
        position = Utilities::MPI::broadcast(group, position, 0);
        if (position < 0 || position >= static_cast<long>(todo.size()))
          break;
        const std::size_t index = todo[position];
        const Attempt     a = run_in_process(plan.runs[index], out_dir, group);
        if (group_root)
          {
            std::string message = a.message;
            for (char &c : message)
              if (c == '\n' || c == '\t')
                c = ' ';
            mine << index << '\t' << a.exit_code << '\t' << a.wall_s << '\t'
                 << message << '\n';
            finished(index, a);
          }
      }
    MPI_Comm_free(&group);

    const auto all = Utilities::MPI::gather(MPI_COMM_WORLD, mine.str(), 0);
    std::map<std::string, Attempt> attempts;
    for (const auto &text : all)
      {
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);)
          {
            std::istringstream fields(line);
            std::size_t        index;
            Attempt            a;
            fields >> index >> a.exit_code >> a.wall_s;
            fields.get();
            std::getline(fields, a.message);
            attempts[plan.runs[index].name] = a;
          }
      }
    if (rank == 0)
      {
        std::error_code ec;
        fs::remove(counter, ec);
      }
    return attempts;
  }
} // namespace plantarfe::batch
