// What `plantarfe batch` and `plantarfe sweep` were asked to do (the command
// line, parsed by app/batch_command.cc).
#pragma once

#include <string>
#include <vector>

namespace plantarfe::batch
{
  struct BatchOptions
  {
    std::string              command = "batch"; ///< "batch" or "sweep"
    std::vector<std::string> patterns;          ///< scenario files or globs
    std::string              output;            ///< the batch folder
    unsigned int             parallel      = 1; ///< local runs at a time
    unsigned int             ranks_per_run = 1; ///< under mpirun
    bool                     force         = false;
    bool                     list          = false;
    std::string              expand; ///< folder for --expand, or empty
    std::vector<std::string> sets;   ///< --set Section/Entry=value
  };
} // namespace plantarfe::batch
