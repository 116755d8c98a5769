// `plantarfe batch --expand`: one self-contained scenario file per planned
// run, for schedulers' job arrays.
#pragma once

#include "batch/batch_plan.h"

#include <string>
#include <vector>

namespace plantarfe::batch
{
  /// Path=value assignments ("Subject/Body mass=90") as nested
  /// subsection/set/end scenario text.
  std::string
  assignments_as_prm(const std::vector<std::string> &assignments);

  /// Writes <folder>/<run>.prm for every run of @p plan: the scenario file
  /// with its includes inlined and the batch's --set and sweep point set in
  /// place (a JSON scenario: every entry that differs from its default);
  /// prints each path. Refuses (ScenarioError, nothing written) to replace
  /// a scenario of the plan or any file an earlier --expand did not write.
  void
  write_expanded_scenarios(const BatchPlan &plan, const std::string &folder);
} // namespace plantarfe::batch
