// Checks of a scenario file before deal.II's ParameterHandler reads it, for
// what its reader would crash on, hang on or silently accept: the .prm scan
// of prm_scan.h (include loops and depth, folders as includes, lines that
// are not scenario lines, entries set twice), JSON nested deeper than any
// scenario or with a key given twice, an empty scenario (it ran the default
// box), and numbers that match a number pattern but cannot be read as a
// double (1e-320: a library banner).
// Each finding is one ScenarioError naming the file, the line and the entry.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include "scenario/prm_scan.h"

#include <string>
#include <vector>

namespace plantarfe::scenario
{
  /// A scenario file checked and ready for its parser.
  struct CheckedScenario
  {
    EntrySources sources; ///< .prm: where each entry is set (prm_scan.h)
    std::string  text;    ///< what the parser reads: a .prm flattened with
                          ///< its includes (flattened_prm), a .json as is
                          ///< (without a UTF-8 byte-order mark)
    std::vector<LineOrigin> origins; ///< .prm: file and line of each line
  };

  /// Checks @p file (a .prm with its includes, or a .json) before it is
  /// parsed, reading it (and each include) once.
  CheckedScenario
  check_scenario_text(const std::string &file);

  /// After parsing: every value of @p prm that is written as a number can
  /// be read as one (no underflow to a denormal, no overflow); the message
  /// starts with the entry.
  void
  check_numbers_readable(const dealii::ParameterHandler &prm);
} // namespace plantarfe::scenario
