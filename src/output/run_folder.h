// A finished run's folder as seen by `plantarfe info` and `plantarfe render`:
// checks that it exists and holds results.h5, and reads status.json.
#pragma once

#include <map>
#include <string>

namespace plantarfe::output
{
  struct RunFolder
  {
    /// The folder as given on the command line.
    std::string folder;
    /// Its last path component (used as the run name in titles).
    std::string name;
    /// folder + "/results.h5".
    std::string results;
    /// Top-level entries of status.json with scalar values (strings unquoted,
    /// numbers as written); empty if there is no status.json.
    std::map<std::string, std::string> status;
  };

  /// Checks @p folder and reads its status.json. A folder that does not
  /// exist or holds no run output -> ScenarioError (bad input); a run folder
  /// without a complete results.h5 (interrupted run) or with an unreadable
  /// status.json -> IoError. @p command prefixes the messages.
  RunFolder
  open_run_folder(const std::string &command, const std::string &folder);

  /// The values of a flat JSON object's top-level scalar entries; nested
  /// objects and arrays are skipped. Throws std::runtime_error on malformed
  /// input.
  std::map<std::string, std::string>
  parse_flat_json(const std::string &text);
} // namespace plantarfe::output
