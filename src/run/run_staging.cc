#include "run/run_staging.h"

#include "base/errors.h"
#include "output/atomic_file.h"
#include "output/folder_names.h"
#include "output/json.h"
#include "run/folder_ownership.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

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

    /// Removes the side folder @p side (a backup, a stale staging folder or
    /// an incomplete result) when it is ours; refuses when it is not.
    void
    clear_side_folder(const fs::path    &side,
                      const fs::path    &scenario,
                      const std::string &target)
    {
      std::error_code ec;
      if (!fs::exists(fs::symlink_status(side, ec)))
        return;
      // An empty folder holds nothing to lose. A run killed between making
      // its staging folder and marking it, or between unmarking and
      // removing it (remove_our_folder), leaves one, and refusing it would
      // block every later run into the folder (found by output.kill).
      if (fs::is_directory(fs::symlink_status(side, ec)) &&
          fs::is_empty(side, ec) && !ec)
        {
          fs::remove(side, ec);
          if (!ec)
            return;
        }
      const Owner owner = fs::is_directory(fs::symlink_status(side, ec)) ?
                            owner_of(side, scenario) :
                            Owner::not_ours;
      if (owner == Owner::not_ours)
        throw ScenarioError(side.string() + " is in the way of output folder " +
                            target +
                            " and holds no PlantarFE record; move it away or "
                            "choose another folder with -o");
      if (owner == Owner::other_scenario)
        throw ScenarioError(side.string() + " holds results of scenario '" +
                            scenario_named_in(side) +
                            "'; choose another folder with -o");
      remove_our_folder(side);
    }

    /// Takes an exclusive lock on @p path (created if need be) without
    /// waiting; returns its descriptor. Another run holding it ->
    /// ScenarioError: two runs must never write the same folder. The holder
    /// deletes the file when done (release_lock), so a lock taken on a file
    /// that was deleted meanwhile is retried on the file now at @p path.
    int
    lock_exclusively(const fs::path &path, const std::string &target)
    {
      for (unsigned int attempt = 0; attempt < 100; ++attempt)
        {
          const int fd =
            open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
          if (fd < 0)
            throw IoError("cannot create output folder " + target +
                          ": cannot create its lock " + path.string() + ": " +
                          std::strerror(errno));
          if (flock(fd, LOCK_EX | LOCK_NB) != 0)
            {
              close(fd);
              throw ScenarioError("output folder " + target +
                                  " is being written by another run (" +
                                  path.string() +
                                  " is locked); wait for it or choose "
                                  "another folder with -o");
            }
          struct stat held, named;
          if (fstat(fd, &held) == 0 && stat(path.c_str(), &named) == 0 &&
              held.st_ino == named.st_ino && held.st_dev == named.st_dev)
            return fd;
          close(fd); // the holder before us deleted it: take the new one
        }
      throw IoError("cannot lock " + path.string());
    }
  } // namespace

  RunStaging::RunStaging(const std::string &target_in,
                         const std::string &scenario_file,
                         const MPI_Comm     comm)
      : target(fs::path(target_in).lexically_normal().string())
      , comm(comm)
  {
    if (target.size() > 1 && target.back() == '/')
      target.pop_back();
    on_root(comm, [&] {
      std::error_code   ec;
      const std::string why =
        output::folder_name_problem(fs::path(target).filename().string());
      if (!why.empty())
        throw ScenarioError("output folder '" + target_in + "': " + why +
                            "; choose a folder of its own with -o");
      // A link to a folder: the results go where it points, the link stays.
      if (fs::is_symlink(fs::symlink_status(target, ec)))
        {
          const fs::path resolved = fs::canonical(target, ec);
          if (ec || !fs::is_directory(resolved, ec))
            throw ScenarioError("output folder " + target +
                                " is a symbolic link to no folder; choose "
                                "another folder with -o");
          target = resolved.string();
        }
      const fs::path t(target);
      const fs::path scenario =
        fs::weakly_canonical(fs::absolute(scenario_file, ec), ec);
      const auto side = [&](const std::string &suffix) {
        return t.parent_path() / ("." + t.filename().string() + suffix);
      };
      staging = side(".partial").string();
      make_folder(t.parent_path(), target);
      // Held until this object goes: a second run into the same folder
      // (another `run`, or a batch's) is refused instead of deleting this
      // run's staging folder and having its half-written files committed.
      lock_path = side(".lock").string();
      lock_fd   = lock_exclusively(lock_path, target);

      // A run killed between the two renames of the fallback in commit()
      // left the earlier result aside as .<name>.old: put it back first (or
      // delete it when the new result had already taken its place).
      const fs::path old = side(".old");
      if (fs::is_directory(fs::symlink_status(old, ec)) &&
          !fs::exists(fs::symlink_status(t, ec)) &&
          owner_of(old, scenario) == Owner::this_scenario)
        move(old, t);
      clear_side_folder(old, scenario, target);

      if (fs::exists(t) && !fs::is_directory(t))
        throw ScenarioError("output folder " + target +
                            " exists and is not a folder; choose another "
                            "folder with -o");
      if (fs::exists(t) && !fs::is_empty(t))
        {
          const Owner owner = owner_of(t, scenario);
          if (owner == Owner::other_scenario)
            throw ScenarioError(
              "output folder " + target + " holds results of scenario '" +
              scenario_named_in(t) + "'; choose another folder with -o");
          if (owner != Owner::this_scenario)
            throw ScenarioError("output folder " + target +
                                " exists and holds no PlantarFE results; "
                                "choose another folder with -o");
        }
      clear_side_folder(t.string() + ".incomplete", scenario, target);
      // A staging folder left by a killed run is stale: start clean.
      clear_side_folder(staging, scenario, target);
      make_folder(staging, target);
      output::write_file_atomically(
        (fs::path(staging) / staging_marker).string(),
        "A PlantarFE run is writing here; this folder replaces " + target +
          " when the run ends.\n");
    });
    target  = dealii::Utilities::MPI::broadcast(comm, target, 0);
    staging = dealii::Utilities::MPI::broadcast(comm, staging, 0);
  }

  RunStaging::~RunStaging()
  {
    if (lock_fd < 0)
      return;
    // Deleted while still held, so no other run can lock this file after
    // we let go and believe it owns the folder (see lock_exclusively).
    unlink(lock_path.c_str());
    close(lock_fd);
  }

  std::string
  RunStaging::commit(const bool complete)
  {
    std::string where = target;
    MPI_Barrier(comm);
    on_root(comm, [&] {
      const fs::path  t(target);
      std::error_code ec;
      fs::remove(fs::path(staging) / staging_marker, ec);
      if (!complete)
        {
          // Nothing but a complete result ever carries the target name: a
          // run that failed or did not converge is parked beside it (an
          // earlier complete result stays untouched), its converged steps
          // readable and its status.json saying how far it got.
          where = target + ".incomplete";
          remove_our_folder(where);
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
          remove_our_folder(staging);
          return;
        }
      // File systems without RENAME_EXCHANGE: move the earlier result aside
      // (restored by the next run if killed in between), then the new one in.
      const fs::path old =
        t.parent_path() / ("." + t.filename().string() + ".old");
      remove_our_folder(old);
      move(t, old);
      move(staging, t);
      remove_our_folder(old);
    });
    return dealii::Utilities::MPI::broadcast(comm, where, 0);
  }
} // namespace plantarfe::run
