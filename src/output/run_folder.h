// A finished run's folder as seen by `plantarfe info` and `plantarfe render`:
// checks that it exists and holds results.h5, and reads status.json.
#pragma once

#include "output/json.h"

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
    /// status.json as read; an empty object if there is none. Read entries
    /// with text_of() (json.h).
    Json status = Json::object();
  };

  /// Checks @p folder and reads its status.json. A folder that does not
  /// exist or holds no run output -> ScenarioError (bad input); a run folder
  /// without a complete results.h5 (interrupted run: only AtomicFile's
  /// temporary of it exists) or with an unreadable status.json -> IoError.
  /// @p command prefixes the messages.
  RunFolder
  open_run_folder(const std::string &command, const std::string &folder);
} // namespace plantarfe::output
