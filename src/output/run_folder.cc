#include "output/run_folder.h"

#include "base/errors.h"
#include "output/atomic_file.h"
#include "output/hdf5_reader.h"

#include <filesystem>

namespace plantarfe::output
{
  RunFolder
  open_run_folder(const std::string &command, const std::string &folder)
  {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (folder.empty())
      throw ScenarioError(command + ": no run folder given");
    if (!fs::exists(folder, ec))
      throw ScenarioError(command + ": run folder " + folder +
                          " does not exist");
    if (!fs::is_directory(folder, ec))
      throw ScenarioError(command + ": " + folder +
                          " is not a folder (give the folder of a run, e.g. "
                          "results/cook_membrane)");

    RunFolder run;
    run.folder  = folder;
    run.results = (fs::path(folder) / "results.h5").string();
    run.name =
      fs::weakly_canonical(fs::absolute(folder, ec), ec).filename().string();
    if (run.name.empty())
      run.name = folder;

    const fs::path status_path = fs::path(folder) / "status.json";
    // results.h5 is written through an AtomicFile: a run that was killed, or
    // is still running, leaves only its temporary (of a random name).
    const std::vector<std::string> temporaries = temporaries_of(run.results);
    const bool                     has_results = fs::exists(run.results, ec);
    const bool                     has_status  = fs::exists(status_path, ec);
    const bool                     has_temp    = !temporaries.empty();
    if (!has_results && !has_status && !has_temp)
      throw ScenarioError(command + ": " + folder +
                          " is not a run folder (no results.h5, no "
                          "status.json); run `plantarfe run` first");
    // Folders that hold no readable result are bad input to the command
    // (exit 2), not a failure to write.
    if (!has_results)
      throw UnreadableResultsError(
        command + ": incomplete run folder " + folder + ": no results.h5" +
        (has_temp ? " (" + fs::path(temporaries.front()).filename().string() +
                      " exists: the run was interrupted or is still running)" :
                    std::string()));
    if (has_status)
      {
        try
          {
            run.status = read_json_file(status_path.string());
          }
        catch (const IoError &e)
          {
            throw UnreadableResultsError(command + ": " + e.what());
          }
      }
    return run;
  }
} // namespace plantarfe::output
