// `plantarfe batch` and `plantarfe sweep`: validate every scenario and sweep
// point first, then run what is not up to date (child processes locally, or
// in-process groups of ranks under mpirun), keeping manifest.csv current.
// Exit codes (docs/batch.md): 0 all runs ok, 2 bad input (nothing ran),
// 10 + n when n runs failed or did not converge (125 at most), 1 when the
// batch itself could not work (e.g. cannot write its folder), 130 stopped by
// SIGINT/SIGTERM.
#include <deal.II/base/mpi.h>

#include "app/commands.h"
#include "base/errors.h"
#include "batch/batch_plan.h"
#include "batch/batch_progress.h"
#include "batch/local_runner.h"
#include "batch/manifest.h"
#include "batch/mpi_runner.h"
#include "output/atomic_file.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <sys/file.h>
#include <unistd.h>

namespace plantarfe::app
{
  namespace fs = std::filesystem;
  using namespace dealii;

  namespace
  {
    struct BatchOptions
    {
      std::vector<std::string> patterns;
      std::string              output;
      unsigned int             parallel      = 1;
      unsigned int             ranks_per_run = 1;
      bool                     force         = false;
      bool                     list          = false;
      std::string              expand;
      std::vector<std::string> sets;
    };

    unsigned int
    positive_count(const std::string &option, const std::string &text)
    {
      char      *end = nullptr;
      const long n   = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || n < 1 || n > 4096)
        throw ScenarioError(option + " needs a positive number (got '" + text +
                            "')");
      return static_cast<unsigned int>(n);
    }

    BatchOptions
    parse_batch_args(const std::string              &command,
                     const std::vector<std::string> &args)
    {
      BatchOptions o;
      for (std::size_t i = 0; i < args.size(); ++i)
        {
          const std::string &a     = args[i];
          const auto         value = [&]() -> const std::string         &{
            if (i + 1 >= args.size())
              throw ScenarioError(command + ": " + a + " needs a value");
            return args[++i];
          };
          if (a == "-j" || a == "--jobs")
            o.parallel = positive_count(a, value());
          else if (a.rfind("-j", 0) == 0 && a.size() > 2)
            o.parallel = positive_count("-j", a.substr(2));
          else if (a == "-o" || a == "--output")
            o.output = value();
          else if (a == "--force")
            o.force = true;
          else if (a == "--ranks-per-run")
            o.ranks_per_run = positive_count(a, value());
          else if (a == "--set")
            o.sets.push_back(value());
          else if (a == "--list")
            o.list = true;
          else if (a == "--expand")
            o.expand = value();
          else if (!a.empty() && a[0] == '-')
            throw ScenarioError(command + ": unknown option '" + a + "'");
          else
            o.patterns.push_back(a);
        }
      if (command == "sweep" && o.patterns.size() != 1)
        throw ScenarioError("sweep: give exactly one scenario file (use "
                            "batch for several)");
      if (o.output.empty())
        o.output = command == "sweep" ?
                     "results/" + fs::path(o.patterns.front()).stem().string() :
                     "results";
      return o;
    }

    /// The --set lines of a sweep point as scenario text.
    std::string
    as_prm(const std::vector<std::string> &assignments)
    {
      std::ostringstream text;
      for (const auto &a : assignments)
        {
          const auto               eq = a.find('=');
          std::vector<std::string> parts;
          std::stringstream        path(a.substr(0, eq));
          for (std::string p; std::getline(path, p, '/');)
            parts.push_back(p);
          for (std::size_t k = 0; k + 1 < parts.size(); ++k)
            text << std::string(2 * k, ' ') << "subsection " << parts[k]
                 << '\n';
          text << std::string(2 * (parts.size() - 1), ' ') << "set "
               << parts.back() << " = " << a.substr(eq + 1) << '\n';
          for (std::size_t k = parts.size() - 1; k-- > 0;)
            text << std::string(2 * k, ' ') << "end\n";
        }
      return text.str();
    }

    /// --expand: one self-contained scenario file per run, for job arrays.
    void
    write_expanded(const batch::BatchPlan &plan, const std::string &folder)
    {
      output::make_directory(folder);
      for (const auto &run : plan.runs)
        {
          std::ifstream      in(run.scenario);
          std::ostringstream text;
          text << in.rdbuf();
          const std::string path =
            (fs::path(folder) / (run.name + ".prm")).string();
          output::write_file_atomically(
            path,
            text.str() + "\n# Run " + run.name +
              " of `plantarfe batch --expand`: the batch's --set and the "
              "sweep point.\n" +
              as_prm(run.overrides));
          std::cout << path << '\n';
        }
    }

    /// Holds an exclusive lock on <out>/.batch.lock while the batch runs:
    /// two batches writing the same folder would race for the same runs.
    /// The kernel drops the lock when the process dies, even by SIGKILL.
    class OutputLock
    {
    public:
      explicit OutputLock(const std::string &out)
      {
        const std::string path = (fs::path(out) / ".batch.lock").string();
        fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0)
          throw IoError("batch: cannot create " + path + ": " +
                        std::strerror(errno));
        if (flock(fd, LOCK_EX | LOCK_NB) != 0)
          throw ScenarioError("batch: another batch is writing into " + out +
                              " (" + path +
                              " is locked); wait for it or use another -o");
      }
      ~OutputLock()
      {
        close(fd);
      }

    private:
      int fd = -1;
    };

    /// Rewrites the manifest under a lock (MPI groups finish concurrently).
    void
    update_manifest(const batch::BatchPlan                      &plan,
                    const std::string                           &out,
                    const std::map<std::string, batch::Attempt> &attempts)
    {
      const std::string lock = (fs::path(out) / ".manifest.lock").string();
      const int fd = open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
      if (fd >= 0)
        while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
          ;
      try
        {
          batch::write_manifest(plan, out, attempts);
        }
      catch (const std::exception &e)
        {
          std::cerr << "batch: warning: " << e.what() << '\n';
        }
      if (fd >= 0)
        close(fd);
    }

    std::string
    describe(const batch::RunResult &r,
             const batch::Attempt   &a,
             const std::string      &log)
    {
      if (r.status == "ok")
        return "";
      std::string why = r.message.empty() ? a.message : r.message;
      if (why.size() > 160)
        why = why.substr(0, 157) + "...";
      return why + (why.empty() ? "" : " ") + "(log: " + log + ")";
    }

    int
    exit_code_for(const std::size_t failed)
    {
      return failed == 0 ?
               0 :
               static_cast<int>(std::min<std::size_t>(10 + failed, 125));
    }

    int
    run_batch(const std::string &command, const std::vector<std::string> &args)
    {
      const BatchOptions o = parse_batch_args(command, args);
      const unsigned int ranks =
        Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD);
      const bool root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
      if (o.ranks_per_run > 1 && ranks % o.ranks_per_run != 0)
        throw ScenarioError(
          command + ": --ranks-per-run " + std::to_string(o.ranks_per_run) +
          " must divide the number of MPI ranks (" + std::to_string(ranks) +
          "; start with mpirun -np <multiple of K>)");

      // 1. Everything is checked before anything runs.
      const batch::BatchPlan plan = batch::plan_batch(o.patterns, o.sets);
      if (!plan.errors.empty())
        {
          if (root)
            {
              for (const auto &e : plan.errors)
                std::cerr << "plantarfe: error: " << e << '\n';
              std::cerr << "batch: " << plan.errors.size()
                        << " input error(s); nothing was run\n";
            }
          return 2;
        }
      if (!o.expand.empty())
        {
          if (root)
            write_expanded(plan, o.expand);
          return 0;
        }

      // 2. Runs whose folder holds an ok result for the same input are done.
      std::vector<std::size_t> todo;
      for (std::size_t i = 0; i < plan.runs.size(); ++i)
        {
          const batch::RunResult r = batch::find_result(o.output, plan.runs[i]);
          if (o.force || r.status != "ok" || r.folder != plan.runs[i].name)
            todo.push_back(i);
        }
      if (o.list)
        {
          if (root)
            for (std::size_t i = 0, k = 0; i < plan.runs.size(); ++i)
              {
                const bool run = k < todo.size() && todo[k] == i;
                k += run;
                std::cout << plan.runs[i].name << '\t'
                          << (run ? "to run" : "up to date") << '\t'
                          << plan.runs[i].scenario;
                for (const auto &[path, value] : plan.runs[i].swept)
                  std::cout << '\t' << path << '=' << value;
                std::cout << '\n';
              }
          return 0;
        }

      std::unique_ptr<OutputLock> lock;
      int                         setup_failed = 0;
      std::string                 setup_error;
      if (root)
        {
          try
            {
              output::make_directory((fs::path(o.output) / "logs").string());
              lock = std::make_unique<OutputLock>(o.output);
            }
          catch (const ScenarioError &e)
            {
              setup_failed = 2;
              setup_error  = e.what();
            }
          catch (const std::exception &e)
            {
              setup_failed = 1;
              setup_error  = e.what();
            }
        }
      setup_failed = Utilities::MPI::max(setup_failed, MPI_COMM_WORLD);
      if (setup_failed)
        {
          if (root)
            std::cerr << "plantarfe: error: " << setup_error << '\n';
          return setup_failed;
        }
      if (root)
        {
          std::cerr << "batch: " << plan.runs.size() << " run(s), "
                    << plan.runs.size() - todo.size() << " up to date, "
                    << todo.size() << " to run";
          if (ranks > 1)
            std::cerr << " on " << ranks << " MPI ranks ("
                      << ranks / o.ranks_per_run << " at a time)";
          else
            std::cerr << ", " << o.parallel << " at a time";
          std::cerr << " -> " << o.output << '\n';
          update_manifest(plan, o.output, {});
        }

      // 3. Run.
      std::map<std::string, batch::Attempt> attempts;
      bool                                  stopped = false;
      const auto                            log_of  = [&](const std::size_t i) {
        return (fs::path(o.output) / "logs" / (plan.runs[i].name + ".log"))
          .string();
      };
      if (ranks > 1)
        {
          if (root && o.parallel > 1)
            std::cerr << "batch: -j is ignored under mpirun (one run per "
                         "group of ranks)\n";
          attempts = batch::run_on_mpi_ranks(
            plan,
            todo,
            o.output,
            o.ranks_per_run,
            [&](const std::size_t i, const batch::Attempt &a) {
              attempts[plan.runs[i].name] = a;
              const batch::RunResult r =
                batch::find_result(o.output, plan.runs[i], a.exit_code != 0);
              const std::string status = r.status.empty() ? "failed" : r.status;
              std::cerr << "batch: " << status << " " << plan.runs[i].name
                        << " (" << batch::BatchProgress::clock(a.wall_s)
                        << ", rank "
                        << Utilities::MPI::this_mpi_process(MPI_COMM_WORLD)
                        << ")";
              const std::string d = describe(r, a, log_of(i));
              std::cerr << (d.empty() ? "" : ": ") << d << std::endl;
              update_manifest(plan, o.output, attempts);
            });
        }
      else
        {
          std::vector<batch::ChildJob> jobs;
          for (const std::size_t i : todo)
            {
              const batch::PlannedRun &run = plan.runs[i];
              batch::ChildJob          job;
              job.args = {"run",
                          run.scenario,
                          "-o",
                          (fs::path(o.output) / run.name).string()};
              for (const auto &s : run.overrides)
                {
                  job.args.push_back("--set");
                  job.args.push_back(s);
                }
              job.log_file = log_of(i);
              jobs.push_back(job);
            }
          // Parallel runs get one thread each: -j N is then N cores.
          std::vector<std::pair<std::string, std::string>> env;
          if (o.parallel > 1 && !std::getenv("PLANTARFE_THREADS"))
            env.emplace_back("PLANTARFE_THREADS", "1");
          // Each child is a one-process MPI job (a singleton): it needs no
          // Open MPI daemon and no transport but "self". Skipping their
          // start-up halves a run's fixed cost (~1.0 -> ~0.5 s here), which
          // is most of the time of small runs. Set by the user: kept.
          for (const auto &[key, value] :
               {std::pair<const char *, const char *>{
                  "OMPI_MCA_ess_singleton_isolated", "1"},
                {"OMPI_MCA_pml", "ob1"},
                {"OMPI_MCA_btl", "self"}})
            if (!std::getenv(key))
              env.emplace_back(key, value);
          batch::BatchProgress progress(plan.runs.size(),
                                        plan.runs.size() - todo.size(),
                                        o.parallel);
          batch::ChildEvents   events;
          events.started = [&](const std::size_t j) {
            progress.started(plan.runs[todo[j]].name);
          };
          events.line = [&](const std::size_t j, const std::string &line) {
            progress.output(plan.runs[todo[j]].name, line);
          };
          events.finished = [&](const std::size_t j, const batch::Attempt &a) {
            const std::size_t i         = todo[j];
            attempts[plan.runs[i].name] = a;
            const batch::RunResult r =
              batch::find_result(o.output, plan.runs[i], a.exit_code != 0);
            progress.finished(plan.runs[i].name,
                              r.status.empty() ? "failed" : r.status,
                              a.wall_s,
                              describe(r, a, log_of(i)));
            update_manifest(plan, o.output, attempts);
          };
          events.tick = [&]() { progress.tick(); };
          stopped     = !batch::run_children(jobs, o.parallel, env, events);
          progress.close();
        }

      // 4. The final manifest and the count of runs that are not ok.
      int code = 0;
      if (root)
        {
          update_manifest(plan, o.output, attempts);
          std::size_t ok = 0;
          for (const auto &run : plan.runs)
            {
              const auto a = attempts.find(run.name);
              ok += batch::find_result(o.output,
                                       run,
                                       a != attempts.end() &&
                                         a->second.exit_code != 0)
                      .status == "ok";
            }
          const std::size_t failed = plan.runs.size() - ok;
          std::cerr << "batch: " << ok << " of " << plan.runs.size()
                    << " run(s) ok";
          if (failed > 0)
            std::cerr << ", " << failed << " failed or not converged";
          std::cerr << " -> " << (fs::path(o.output) / "manifest.csv").string()
                    << '\n';
          code = stopped ? 130 : exit_code_for(failed);
          if (stopped)
            std::cerr << "batch: stopped; run the same command again to "
                         "finish (completed runs are kept)\n";
        }
      return Utilities::MPI::broadcast(MPI_COMM_WORLD, code, 0);
    }
  } // namespace

  int
  batch_command(const std::vector<std::string> &args)
  {
    return run_batch("batch", args);
  }

  int
  sweep_command(const std::vector<std::string> &args)
  {
    return run_batch("sweep", args);
  }
} // namespace plantarfe::app
