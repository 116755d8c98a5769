// Scenario parameters for analytic-geometry runs: declarations (each with a
// pattern, a default and a doc string giving the unit), parsing of .prm/.json
// files with clear errors, and --set overrides.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include <string>
#include <utility>
#include <vector>

namespace plantarfe::scenario
{
  /// Declares every entry of a scenario.
  void
  declare_parameters(dealii::ParameterHandler &prm);

  /// Reads @p file (.prm or .json) into @p prm, then applies
  /// "Section/Entry=value" overrides. Throws ScenarioError with file, line and
  /// entry on bad input.
  void
  read_scenario(dealii::ParameterHandler       &prm,
                const std::string              &file,
                const std::vector<std::string> &overrides);

  /// Applies one "Section/Sub/Entry=value" override (pattern-checked).
  void
  apply_override(dealii::ParameterHandler &prm, const std::string &assignment);

  /// Sets the entry at @p path ("Section/Sub/Entry") to @p value; throws
  /// ScenarioError with ParameterHandler's reason only (no entry prefix) when
  /// the entry does not exist or the value does not match its pattern.
  void
  set_entry(dealii::ParameterHandler &prm,
            const std::string        &path,
            const std::string        &value);

  /// Cross-parameter checks that run before any mesh is built; each
  /// ScenarioError starts with the entry it is about.
  void
  check_consistency(dealii::ParameterHandler &prm);
} // namespace plantarfe::scenario
