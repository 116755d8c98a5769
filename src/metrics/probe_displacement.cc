// Metric group "probe": the displacement of the point an analytic case names
// (the tip of Cook's membrane, the loaded corner of the block, ...).
#include <deal.II/base/point.h>

#include "metrics/metric_registry.h"

namespace plantarfe::metrics
{
  namespace
  {
    template <int dim>
    Metrics
    probe_displacement(const solver::Solid<dim> &solid,
                       const MetricInputs       &inputs,
                       const Metrics & /*earlier*/)
    {
      const ProbeFacts  &probe = *inputs.probe;
      dealii::Point<dim> X;
      for (unsigned int d = 0; d < dim; ++d)
        X[d] = probe.point[d];
      const auto  u    = solid.point_displacement(X);
      const char *axes = "xyz";
      Metrics     m;
      for (unsigned int d = 0; d < dim; ++d)
        m.push_back({std::string("probe_displacement_") + axes[d],
                     u[d],
                     "m",
                     "displacement of the " + probe.label + " point"});
      return m;
    }

    const bool probe_displacement_registered = MetricGroups::add(
      {"probe",
       "displacement of an analytic case's probe point",
       [](const MetricInputs &inputs) { return inputs.probe.has_value(); },
       probe_displacement<2>,
       probe_displacement<3>});
  } // namespace
} // namespace plantarfe::metrics
