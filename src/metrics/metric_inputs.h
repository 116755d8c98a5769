// What a model tells its metrics besides the solved state: the names of its
// contact conditions (metrics find the ground or the tool by name, never by
// position), the anatomy's landmarks and sizes, the massage set-up, the
// probe of an analytic case and the final metrics of companion runs (the
// no-massage baseline). Each metric group reads what it needs and says
// whether the model has it (MetricGroup::applies).
#pragma once

#include "metrics/balance_metrics.h"
#include "metrics/foot_metrics.h"
#include "metrics/massage_metrics.h"
#include "metrics/metric.h"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace plantarfe::metrics
{
  /// The point whose displacement an analytic case reports.
  struct ProbeFacts
  {
    std::array<double, 3> point{}; ///< reference position (m)
    std::string           label;   ///< e.g. "tip"
  };

  struct MetricInputs
  {
    /// Name of each contact condition, in the order of Problem::contacts.
    std::vector<std::string>            contact_names;
    std::optional<FootMetricContext>    foot;
    std::optional<BalanceMetricContext> balance;
    std::optional<MassageMetricContext> massage;
    std::optional<ProbeFacts>           probe;
    /// Final metrics of each companion run by its name (e.g. "baseline");
    /// nullopt when that run did not converge.
    std::map<std::string, std::optional<Metrics>> companions;

    /// Indices (into Problem::contacts) of the contacts called @p name.
    std::vector<unsigned int>
    contacts_named(const std::string &name) const
    {
      std::vector<unsigned int> found;
      for (unsigned int i = 0; i < contact_names.size(); ++i)
        if (contact_names[i] == name)
          found.push_back(i);
      return found;
    }
  };
} // namespace plantarfe::metrics
