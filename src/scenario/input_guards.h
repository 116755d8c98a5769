// Checks of a scenario file before deal.II's ParameterHandler reads it, for
// what its reader would crash on, hang on or silently accept: include loops
// and chains deeper than any real use (each level recurses in the reader),
// includes of what is not a regular file (a directory was ignored), JSON
// nested deeper than any scenario (the reader recurses once per level), an
// empty scenario (it ran the default box), and numbers that match a number
// pattern but cannot be read as a double (1e-320: a library banner).
// Each finding is one ScenarioError naming the file, the line and the entry.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include <string>

namespace plantarfe::scenario
{
  /// Checks @p file (a .prm with its includes, or a .json) before it is
  /// parsed.
  void
  check_scenario_text(const std::string &file);

  /// After parsing: every value of @p prm that is written as a number can
  /// be read as one (no underflow to a denormal, no overflow). @p file names
  /// the scenario in the message.
  void
  check_numbers_readable(const dealii::ParameterHandler &prm,
                         const std::string              &file);
} // namespace plantarfe::scenario
