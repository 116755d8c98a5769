// When a sliding joint has dislocated, read from a step's metrics (the
// joints group, metrics/joint_metrics.cc): its faces have come apart
// everywhere, the least opening across the joint above @p apart_mm. A joint
// that hinges open on one side while its other side bears is not
// dislocated, however far it opens.
#pragma once

#include "metrics/metric.h"

#include <sstream>
#include <string>
#include <vector>

namespace plantarfe::metrics
{
  /// Why the first of @p joints (names as in "<name>_joint_least_opening")
  /// that came apart did, or empty when none did.
  inline std::string
  dislocated_joint(const Metrics                  &step,
                   const std::vector<std::string> &joints,
                   const double                    apart_mm)
  {
    for (const auto &name : joints)
      for (const auto &metric : step)
        if (metric.name == name + "_joint_least_opening" &&
            metric.value > apart_mm)
          {
            std::ostringstream why;
            why << "the " << name << " joint dislocated: its faces came "
                << "apart everywhere (by at least " << metric.value
                << " mm, more than " << apart_mm << " mm)";
            return why.str();
          }
    return {};
  }
} // namespace plantarfe::metrics
