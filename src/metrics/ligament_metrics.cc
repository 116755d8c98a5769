// The ligament group: the force each ligament band carries through
// the middle of its free span (metrics/band_force.h), in N of the real
// ligament (2D: per unit depth times the model's depth, the band's law
// being scaled to the real section): the tension of its fibres, so never
// negative (the matrix they are embedded in is soft tissue, not ligament).
#include <deal.II/base/mpi.h>

#include "metrics/band_force.h"
#include "metrics/metric_registry.h"

#include <cmath>

namespace plantarfe::metrics
{
  namespace
  {
    template <int dim>
    Metrics
    ligament_group(const solver::Solid<dim> &solid,
                   const MetricInputs       &inputs,
                   const Metrics & /*earlier*/)
    {
      const FootMetricContext                &c = *inputs.foot;
      const unsigned int                      n = c.ligaments.size();
      std::vector<double>                     stress(n, 0.), volume(n, 0.);
      std::vector<dealii::types::material_id> regions;
      for (const BandSection &b : c.ligaments)
        regions.push_back(b.region);
      solid.for_each_point(regions, [&](const solver::PointState<dim> &p) {
        for (unsigned int i = 0; i < n; ++i)
          {
            const BandSection &b = c.ligaments[i];
            if (p.region != b.region)
              continue;
            const dealii::Point<2> X(p.X[0], p.X[1]);
            if (std::abs((X - b.point) * b.direction) < b.slab / 2.)
              {
                stress[i] +=
                  (b.fibres ? b.fibres->evaluate(p.fibre_stretch).dW :
                              nominal_fibre_stress(p)) *
                  p.JxW;
                volume[i] += p.JxW;
              }
          }
      });
      const MPI_Comm comm = solid.communicator();
      dealii::Utilities::MPI::sum(stress, comm, stress);
      dealii::Utilities::MPI::sum(volume, comm, volume);
      Metrics m;
      for (unsigned int i = 0; i < n; ++i)
        {
          const BandSection &b = c.ligaments[i];
          const double       force =
            volume[i] > 0. ? stress[i] / volume[i] * b.section * c.depth : 0.;
          // "spring_ligament" -> "spring_ligament_force"
          m.push_back({b.name + "_force",
                       force,
                       "N",
                       "tension of the " + b.name +
                         " band through the middle of its free span"});
        }
      return m;
    }

    const bool ligament_metrics_registered = MetricGroups::add(
      {"ligaments",
       "tension of each ligament band (spring, short plantar, long "
       "plantar, plantar tarsometatarsal; dorsal talonavicular and dorsal "
       "tarsometatarsal)",
       [](const MetricInputs &inputs) {
         return inputs.foot.has_value() && !inputs.foot->ligaments.empty();
       },
       ligament_group<2>,
       ligament_group<3>});
  } // namespace
} // namespace plantarfe::metrics
