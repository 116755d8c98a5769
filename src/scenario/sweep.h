// The Sweep section of a scenario: which entries to vary and over which
// values. One file then stands for one run per combination (grid) or per
// position in the value lists (zip):
//
//   subsection Sweep
//     set Mode       = grid
//     set Parameters = Subject/Calf/Dorsiflexion range; Subject/Body mass
//     set Values     = 15, 10, 5, 0; 60, 80
//   end
//
// Lists are separated by ';' (one per parameter), values by ','; a value
// that itself holds commas (a list entry) is written in braces {0.1, 0.04}.
// Each point is named after the file stem and its assignments,
// "<stem>_dorsiflexion_range=5_body_mass=60" (Labels replace the default
// short names). See docs/batch.md.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include <string>
#include <utility>
#include <vector>

namespace plantarfe::scenario
{
  struct Sweep
  {
    /// "grid" or "zip"; empty when the file defines no sweep.
    std::string                           mode;
    std::vector<std::string>              paths;
    std::vector<std::string>              labels;
    std::vector<std::vector<std::string>> values;

    bool
    active() const
    {
      return !mode.empty();
    }
  };

  struct SweepPoint
  {
    /// "dorsiflexion_range=5_body_mass=60" (appended to the file stem).
    std::string                                      suffix;
    std::vector<std::pair<std::string, std::string>> assignments;
  };

  void
  declare_sweep_parameters(dealii::ParameterHandler &prm);

  /// The Sweep section of @p prm, read from @p file. Checks that every path
  /// is a scenario entry, that every value matches its entry's pattern and
  /// that the lists fit the mode; throws ScenarioError
  /// "<file>:<line>: Sweep/<Entry>: why" otherwise.
  Sweep
  read_sweep(dealii::ParameterHandler &prm, const std::string &file);

  /// The runs a sweep stands for, in order (grid: the last parameter varies
  /// fastest).
  std::vector<SweepPoint>
  expand_sweep(const Sweep &sweep);

  /// @p text reduced to characters safe in folder names: letters, digits and
  /// ".+-" stay, anything else becomes '_'.
  std::string
  sanitise_name(const std::string &text);
} // namespace plantarfe::scenario
