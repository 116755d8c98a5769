// The batch engine; see run_batch.h. Four stages: check the plan, find what
// is up to date, claim the folder, run (locally or on MPI ranks), count.
#include "batch/run_batch.h"

#include <deal.II/base/mpi.h>

#include "base/errors.h"
#include "base/printable.h"
#include "batch/batch_plan.h"
#include "batch/batch_progress.h"
#include "batch/expanded_scenarios.h"
#include "batch/folder_locks.h"
#include "batch/local_runner.h"
#include "batch/manifest.h"
#include "batch/mpi_runner.h"
#include "output/atomic_file.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

namespace plantarfe::batch
{
  namespace fs = std::filesystem;
  using namespace dealii;

  namespace
  {
    bool
    is_root()
    {
      return Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    }

    /// What one batch call shares between its stages.
    struct BatchState
    {
      const BatchOptions            &options;
      const BatchPlan               &plan;
      std::vector<std::size_t>       todo; ///< indices into plan.runs
      std::map<std::string, Attempt> attempts;

      std::string
      log_of(const std::size_t i) const
      {
        return (fs::path(options.output) / "logs" /
                (plan.runs[i].name + ".log"))
          .string();
      }
    };

    /// Why a run is not ok, in one line for the progress display.
    std::string
    describe(const RunResult &r, const Attempt &a, const std::string &log)
    {
      if (r.status == "ok")
        return "";
      const std::string why =
        printable(r.message.empty() ? a.message : r.message, 160);
      return why + (why.empty() ? "" : " ") + "(log: " + log + ")";
    }

    int
    exit_code_for(const std::size_t failed)
    {
      return failed == 0 ?
               0 :
               static_cast<int>(std::min<std::size_t>(10 + failed, 125));
    }

    /// Prints the plan's input errors (root); true when there are none.
    bool
    plan_is_valid(const BatchPlan &plan)
    {
      if (plan.errors.empty())
        return true;
      if (is_root())
        {
          for (const auto &e : plan.errors)
            std::cerr << "plantarfe: error: " << printable(e) << '\n';
          std::cerr << "batch: " << plan.errors.size()
                    << " input error(s); nothing was run\n";
        }
      return false;
    }

    /// Runs whose folder holds no ok result for the same input (all with
    /// --force).
    std::vector<std::size_t>
    runs_to_do(const BatchOptions &options, const BatchPlan &plan)
    {
      std::vector<std::size_t> todo;
      for (std::size_t i = 0; i < plan.runs.size(); ++i)
        {
          const RunResult r = find_result(options.output, plan.runs[i]);
          if (options.force || r.status != "ok" ||
              r.folder != plan.runs[i].name)
            todo.push_back(i);
        }
      return todo;
    }

    /// --list: one line per run, to run or up to date.
    void
    print_list(const BatchState &s)
    {
      const auto &runs = s.plan.runs;
      for (std::size_t i = 0, k = 0; i < runs.size(); ++i)
        {
          const bool run = k < s.todo.size() && s.todo[k] == i;
          k += run;
          std::cout << runs[i].name << '\t' << (run ? "to run" : "up to date")
                    << '\t' << runs[i].scenario;
          for (const auto &[path, value] : runs[i].swept)
            std::cout << '\t' << path << '=' << value;
          std::cout << '\n';
        }
    }

    /// Creates the folder and its log folder and takes the batch lock
    /// (root). Returns 0, or the exit code (2 locked, 1 cannot write) on
    /// every rank.
    int
    claim_folder(const BatchOptions               &options,
                 std::unique_ptr<BatchFolderLock> &lock)
    {
      int         failed = 0;
      std::string error;
      if (is_root())
        {
          try
            {
              output::make_directory(
                (fs::path(options.output) / "logs").string());
              lock = std::make_unique<BatchFolderLock>(options.output);
            }
          catch (const ScenarioError &e)
            {
              failed = 2;
              error  = e.what();
            }
          catch (const std::exception &e)
            {
              failed = 1;
              error  = e.what();
            }
        }
      failed = Utilities::MPI::max(failed, MPI_COMM_WORLD);
      if (failed && is_root())
        std::cerr << "plantarfe: error: " << printable(error) << '\n';
      return failed;
    }

    void
    announce(const BatchState &s, const unsigned int ranks)
    {
      const BatchOptions &o = s.options;
      std::cerr << "batch: " << s.plan.runs.size() << " run(s), "
                << s.plan.runs.size() - s.todo.size() << " up to date, "
                << s.todo.size() << " to run";
      if (ranks > 1)
        std::cerr << " on " << ranks << " MPI ranks ("
                  << ranks / o.ranks_per_run << " at a time)";
      else
        std::cerr << ", " << o.parallel << " at a time";
      std::cerr << " -> " << o.output << '\n';
    }

    /// Under mpirun: groups of ranks run in-process, one run per group.
    void
    run_on_ranks(BatchState &s)
    {
      const BatchOptions &o = s.options;
      if (is_root() && o.parallel > 1)
        std::cerr << "batch: -j is ignored under mpirun (one run per "
                     "group of ranks)\n";
      s.attempts = run_on_mpi_ranks(
        s.plan,
        s.todo,
        o.output,
        o.ranks_per_run,
        [&](const std::size_t i, const Attempt &a) {
          const PlannedRun &run = s.plan.runs[i];
          s.attempts[run.name]  = a;
          const RunResult r     = find_result(o.output, run, a.exit_code != 0);
          std::cerr << "batch: " << (r.status.empty() ? "failed" : r.status)
                    << " " << run.name << " (" << BatchProgress::clock(a.wall_s)
                    << ", rank "
                    << Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) << ")";
          const std::string why = describe(r, a, s.log_of(i));
          std::cerr << (why.empty() ? "" : ": ") << why << std::endl;
          update_manifest_locked(s.plan, o.output, s.attempts);
        });
    }

    /// The environment of local child runs.
    std::vector<std::pair<std::string, std::string>>
    child_environment(const BatchOptions &o)
    {
      // Parallel runs get one thread each: -j N is then N cores.
      std::vector<std::pair<std::string, std::string>> env;
      if (o.parallel > 1 && !std::getenv("PLANTARFE_THREADS"))
        env.emplace_back("PLANTARFE_THREADS", "1");
      // Each child is a one-process MPI job (a singleton): it needs no Open
      // MPI daemon and no transport but "self". Skipping their start-up
      // halves a run's fixed cost (~1.0 -> ~0.5 s here), which is most of
      // the time of small runs. Set by the user: kept.
      for (const auto &[key, value] :
           {std::pair<const char *, const char *>{
              "OMPI_MCA_ess_singleton_isolated", "1"},
            {"OMPI_MCA_pml", "ob1"},
            {"OMPI_MCA_btl", "self"}})
        if (!std::getenv(key))
          env.emplace_back(key, value);
      return env;
    }

    /// Without mpirun: `plantarfe run` child processes, -j at a time.
    /// Returns false when stopped by a signal.
    bool
    run_locally(BatchState &s)
    {
      const BatchOptions   &o = s.options;
      std::vector<ChildJob> jobs;
      for (const std::size_t i : s.todo)
        {
          const PlannedRun &run = s.plan.runs[i];
          ChildJob          job;
          job.args = {"run",
                      run.scenario,
                      "-o",
                      (fs::path(o.output) / run.name).string()};
          for (const auto &assignment : run.overrides)
            {
              job.args.push_back("--set");
              job.args.push_back(assignment);
            }
          job.log_file = s.log_of(i);
          jobs.push_back(job);
        }
      BatchProgress progress(s.plan.runs.size(),
                             s.plan.runs.size() - s.todo.size(),
                             o.parallel);
      ChildEvents   events;
      events.started = [&](const std::size_t j) {
        progress.started(s.plan.runs[s.todo[j]].name);
      };
      events.line = [&](const std::size_t j, const std::string &line) {
        progress.output(s.plan.runs[s.todo[j]].name, line);
      };
      events.finished = [&](const std::size_t j, const Attempt &a) {
        const std::size_t i   = s.todo[j];
        const PlannedRun &run = s.plan.runs[i];
        s.attempts[run.name]  = a;
        const RunResult r     = find_result(o.output, run, a.exit_code != 0);
        progress.finished(run.name,
                          r.status.empty() ? "failed" : r.status,
                          a.wall_s,
                          describe(r, a, s.log_of(i)));
        update_manifest_locked(s.plan, o.output, s.attempts);
      };
      events.tick = [&]() { progress.tick(); };
      const bool stopped =
        !run_children(jobs, o.parallel, child_environment(o), events);
      progress.close();
      return !stopped;
    }

    /// The final manifest and the count of runs that are not ok (root).
    int
    report_totals(const BatchState &s, const bool stopped)
    {
      const BatchOptions &o = s.options;
      update_manifest_locked(s.plan, o.output, s.attempts);
      // Counted as the manifest labels them: a run that was never attempted
      // (or was stopped before it ended) is pending, not failed.
      std::size_t ok = 0, pending = 0;
      for (const auto &run : s.plan.runs)
        {
          const auto        a         = s.attempts.find(run.name);
          const bool        attempted = a != s.attempts.end();
          const std::string status =
            find_result(o.output, run, attempted && a->second.exit_code != 0)
              .status;
          ok += status == "ok";
          pending += status.empty() && !attempted;
        }
      const std::size_t failed = s.plan.runs.size() - ok - pending;
      std::cerr << "batch: " << ok << " of " << s.plan.runs.size()
                << " run(s) ok";
      if (failed > 0)
        std::cerr << ", " << failed << " failed or not converged";
      if (pending > 0)
        std::cerr << ", " << pending << " not run";
      std::cerr << " -> " << (fs::path(o.output) / "manifest.csv").string()
                << '\n';
      if (stopped)
        std::cerr << "batch: stopped; run the same command again to "
                     "finish (completed runs are kept)\n";
      return stopped ? 130 : exit_code_for(failed);
    }
  } // namespace

  int
  run_batch(const BatchOptions &o)
  {
    const unsigned int ranks = Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD);
    const bool         root  = is_root();
    if (o.ranks_per_run > 1 && ranks % o.ranks_per_run != 0)
      throw ScenarioError(
        o.command + ": --ranks-per-run " + std::to_string(o.ranks_per_run) +
        " must divide the number of MPI ranks (" + std::to_string(ranks) +
        "; start with mpirun -np <multiple of K>)");

    // 1. Everything is checked before anything runs.
    const BatchPlan plan = plan_batch(o.patterns, o.sets);
    if (!plan_is_valid(plan))
      return 2;
    if (!o.expand.empty())
      {
        if (root)
          write_expanded_scenarios(plan, o.expand);
        return 0;
      }

    // 2. Runs whose folder holds an ok result for the same input are done.
    BatchState state{o, plan, runs_to_do(o, plan), {}};
    if (o.list)
      {
        if (root)
          print_list(state);
        return 0;
      }

    std::unique_ptr<BatchFolderLock> lock;
    if (const int failed = claim_folder(o, lock))
      return failed;
    if (root)
      {
        announce(state, ranks);
        update_manifest_locked(plan, o.output, {});
      }

    // 3. Run.
    bool stopped = false;
    if (ranks > 1)
      run_on_ranks(state);
    else
      stopped = !run_locally(state);

    // 4. The final manifest and the count of runs that are not ok.
    const int code = root ? report_totals(state, stopped) : 0;
    return Utilities::MPI::broadcast(MPI_COMM_WORLD, code, 0);
  }
} // namespace plantarfe::batch
