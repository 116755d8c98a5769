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
  /// followed by the batch's --set and the sweep point; prints each path.
  void
  write_expanded_scenarios(const BatchPlan &plan, const std::string &folder);
} // namespace plantarfe::batch
