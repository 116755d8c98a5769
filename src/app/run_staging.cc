#include "app/run_staging.h"

#include "app/run_folder.h"
#include "output/atomic_file.h"
#include "scenario/errors.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace plantarfe::app
{
  namespace fs = std::filesystem;

  namespace
  {
    // Runs @p work on rank 0 and re-throws its error, with the same type, on
    // every rank so that all ranks leave together.
    template <typename Work>
    void
    on_root(const MPI_Comm comm, const Work &work)
    {
      int         kind = 0; // 0 ok, 1 ScenarioError, 2 IoError
      std::string message;
      if (dealii::Utilities::MPI::this_mpi_process(comm) == 0)
        {
          try
            {
              work();
            }
          catch (const ScenarioError &e)
            {
              kind    = 1;
              message = e.what();
            }
          catch (const std::exception &e)
            {
              kind    = 2;
              message = e.what();
            }
        }
      kind    = dealii::Utilities::MPI::max(kind, comm);
      message = dealii::Utilities::MPI::broadcast(comm, message, 0);
      if (kind == 1)
        throw ScenarioError(message);
      if (kind == 2)
        throw IoError(message);
    }

    std::string
    scenario_of(const fs::path &folder)
    {
      std::ifstream in(folder / "status.json");
      if (!in)
        return "";
      std::stringstream text;
      text << in.rdbuf();
      try
        {
          const auto status = parse_flat_json(text.str());
          const auto it     = status.find("scenario");
          return it == status.end() ? "" : it->second;
        }
      catch (const std::exception &)
        {
          return "";
        }
    }
  } // namespace

  RunStaging::RunStaging(const std::string &target_in,
                         const std::string &scenario_file,
                         const MPI_Comm     comm)
      : target(fs::path(target_in).lexically_normal().string())
      , comm(comm)
  {
    if (!target.empty() && target.back() == '/')
      target.pop_back();
    const fs::path t(target);
    staging =
      (t.parent_path() / ("." + t.filename().string() + ".partial")).string();
    on_root(comm, [&] {
      if (fs::exists(t) && !fs::is_empty(t))
        {
          if (!fs::exists(t / "status.json"))
            throw ScenarioError("output folder " + target +
                                " exists and holds no PlantarFE results; "
                                "choose another folder with -o");
          const std::string other = scenario_of(t);
          const std::string mine  = fs::path(scenario_file).filename().string();
          if (!other.empty() && fs::path(other).filename().string() != mine)
            throw ScenarioError("output folder " + target +
                                " holds results of scenario '" + other +
                                "'; choose another folder with -o");
        }
      // A staging folder left by a killed run is stale: start clean.
      std::error_code ec;
      fs::remove_all(staging, ec);
      output::make_directory(staging);
    });
  }

  std::string
  RunStaging::commit(const bool complete)
  {
    std::string where = target;
    MPI_Barrier(comm);
    on_root(comm, [&] {
      const fs::path  t(target);
      std::error_code ec;
      const bool      earlier = fs::exists(t) && !fs::is_empty(t);
      if (!complete && earlier)
        {
          // Keep the earlier complete result; park this one beside it.
          where = target + ".incomplete";
          fs::remove_all(where, ec);
          fs::rename(staging, where);
          return;
        }
      const fs::path old =
        t.parent_path() / ("." + t.filename().string() + ".old");
      fs::remove_all(old, ec);
      if (fs::exists(t))
        fs::rename(t, old);
      fs::rename(staging, t);
      fs::remove_all(old, ec);
    });
    return dealii::Utilities::MPI::broadcast(comm, where, 0);
  }
} // namespace plantarfe::app
