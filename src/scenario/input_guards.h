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

namespace plantarfe::scenario
{
  /// Checks @p file (a .prm with its includes, or a .json) before it is
  /// parsed; for a .prm, returns where each entry is set (prm_scan.h).
  EntrySources
  check_scenario_text(const std::string &file);

  /// The text of the scenario @p file as its parser should read it: a
  /// regular file of bounded size, without a UTF-8 byte-order mark.
  std::string
  scenario_text_for_parser(const std::string &file);

  /// After parsing: every value of @p prm that is written as a number can
  /// be read as one (no underflow to a denormal, no overflow); the message
  /// starts with the entry.
  void
  check_numbers_readable(const dealii::ParameterHandler &prm);
} // namespace plantarfe::scenario
