#include "run/run_staging.h"

#include "base/errors.h"
#include "output/json.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>

namespace plantarfe::run
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

    /// Atomically swaps the folders @p a and @p b (both must exist).
    /// Returns false when the file system cannot (no RENAME_EXCHANGE).
    bool
    swap_folders(const fs::path &a, const fs::path &b)
    {
      if (renameat2(
            AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0)
        return true;
      if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP)
        return false;
      throw IoError("cannot move " + a.string() + " into place at " +
                    b.string() + ": " + std::strerror(errno));
    }

    /// rename(2) with an IoError that names both folders and the reason.
    void
    move(const fs::path &from, const fs::path &to)
    {
      if (std::rename(from.c_str(), to.c_str()) != 0)
        throw IoError("cannot move " + from.string() + " to " + to.string() +
                      ": " + std::strerror(errno));
    }

    /// Creates @p folder (and parents) for the output folder @p target;
    /// throws IoError naming the target and the reason, e.g. which part of
    /// the path is a file.
    void
    make_folder(const fs::path &folder, const std::string &target)
    {
      if (folder.empty())
        return;
      std::error_code ec;
      fs::create_directories(folder, ec);
      if (!ec && fs::is_directory(folder, ec))
        return;
      std::string reason = ec ? ec.message() : "not a folder";
      for (fs::path p = folder; !p.empty() && p != p.parent_path();
           p          = p.parent_path())
        {
                   std::error_code e;
                   if (fs::exists(p, e))
            {
                       if (!fs::is_directory(p, e))
                reason = p.string() + " is a file, not a folder";
              break;
            }
        }
      throw IoError("cannot create output folder " + target + ": " + reason);
    }

    /// The scenario named by @p folder's status.json; "" when there is none
    /// or it cannot be read.
    std::string
    scenario_of(const fs::path &folder)
    {
      try
        {
          return output::text_of(output::read_json_file(
                                   (folder / "status.json").string()),
                                 "scenario");
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
      std::error_code ec;
      // A run killed between the two renames of the fallback in commit()
      // left the earlier result aside as .<name>.old: put it back first (or
      // delete it when the new result had already taken its place).
      const fs::path old =
        t.parent_path() / ("." + t.filename().string() + ".old");
      if (fs::is_directory(old, ec))
        {
          if (!fs::exists(t, ec))
            move(old, t);
          else
            fs::remove_all(old, ec);
        }
      if (fs::exists(t) && !fs::is_directory(t))
        throw ScenarioError("output folder " + target +
                            " exists and is not a folder; choose another "
                            "folder with -o");
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
      fs::remove_all(staging, ec);
      make_folder(t.parent_path(), target);
      make_folder(staging, target);
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
      if (!complete)
        {
          // Nothing but a complete result ever carries the target name: a
          // run that failed or did not converge is parked beside it (an
          // earlier complete result stays untouched), its converged steps
          // readable and its status.json saying how far it got.
          where = target + ".incomplete";
          fs::remove_all(where, ec);
          move(staging, where);
          return;
        }
      if (!fs::exists(t))
        {
          move(staging, t);
          return;
        }
      // Swap in one step: at no moment is there no result under the target
      // name. The staging folder then holds the earlier result; a kill
      // before it is deleted leaves only a stale staging folder.
      if (swap_folders(staging, t))
        {
          fs::remove_all(staging, ec);
          return;
        }
      // File systems without RENAME_EXCHANGE: move the earlier result aside
      // (restored by the next run if killed in between), then the new one in.
      const fs::path old =
        t.parent_path() / ("." + t.filename().string() + ".old");
      fs::remove_all(old, ec);
      move(t, old);
      move(staging, t);
      fs::remove_all(old, ec);
    });
    return dealii::Utilities::MPI::broadcast(comm, where, 0);
  }
} // namespace plantarfe::run
