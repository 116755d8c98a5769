// Names that become folder names under an output folder (run names from
// file stems and sweep points, the last component of -o). A name must stay
// where it is put: no "." or "..", no separator, no leading dot (PlantarFE's
// own hidden staging, lock and backup folders start with one), no control
// characters, and short enough for every file system.
#pragma once

#include <string>

namespace plantarfe::output
{
  /// Why @p name cannot be a folder name of ours, or "" when it can.
  std::string
  folder_name_problem(const std::string &name);
} // namespace plantarfe::output
