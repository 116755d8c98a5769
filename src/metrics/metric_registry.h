// Metric groups: each computes a set of related quantities from the solved
// state in one pass over the points it needs (a group, not a single number,
// because the fascia tension, the heel-attachment stresses and the strains
// share one visit of the quadrature points). A group registers itself at
// the bottom of its .cc file and says from the model's MetricInputs whether
// it applies (foot landmarks present, a contact named "tool", ...), so every
// model reports every group that fits it without naming it.
//
// Groups run in name order; each sees the metrics of the groups before it
// (the massage group compares the stance group's numbers with the baseline).
#pragma once

#include "base/registry.h"
#include "metrics/metric.h"
#include "metrics/metric_inputs.h"
#include "solver/solid.h"

#include <functional>
#include <string>

namespace plantarfe::metrics
{
  template <int dim>
  using GroupFunction = std::function<Metrics(const solver::Solid<dim> &,
                                              const MetricInputs &,
                                              const Metrics &earlier)>;

  struct MetricGroup
  {
    std::string                               name;
    std::string                               description;
    std::function<bool(const MetricInputs &)> applies;
    GroupFunction<2>                          compute_2d;
    GroupFunction<3>                          compute_3d;
  };

  using MetricGroups = Registry<MetricGroup>;

  /// Every applicable group's metrics, in group-name order (collective over
  /// the solid's ranks).
  template <int dim>
  Metrics
  compute_metrics(const solver::Solid<dim> &solid, const MetricInputs &inputs);
} // namespace plantarfe::metrics
