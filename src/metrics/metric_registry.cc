#include "metrics/metric_registry.h"

namespace plantarfe::metrics
{
  template <int dim>
  Metrics
  compute_metrics(const solver::Solid<dim> &solid, const MetricInputs &inputs)
  {
    Metrics all;
    for (const MetricGroup &group : MetricGroups::entries())
      if (group.applies(inputs))
        {
          Metrics part;
          if constexpr (dim == 2)
            part = group.compute_2d(solid, inputs, all);
          else
            part = group.compute_3d(solid, inputs, all);
          all.insert(all.end(), part.begin(), part.end());
        }
    return all;
  }

  template Metrics
  compute_metrics(const solver::Solid<2> &, const MetricInputs &);
  template Metrics
  compute_metrics(const solver::Solid<3> &, const MetricInputs &);
} // namespace plantarfe::metrics
