// The stance-balance metric group; see balance_metrics.h.
#include "metrics/balance_metrics.h"

#include <deal.II/base/mpi.h>

#include "metrics/metric_registry.h"

#include <algorithm>
#include <cmath>

namespace plantarfe::metrics
{
  using namespace dealii;

  namespace
  {
    /// Centre of pressure of the ground contact (current x, m), or NaN
    /// without contact.
    template <int dim>
    double
    centre_of_pressure_x(const solver::Solid<dim>        &solid,
                         const std::vector<unsigned int> &ground)
    {
      double force = 0., moment = 0.;
      solid.for_each_contact_point([&](
                                     const solver::ContactPointState<dim> &q) {
        if (q.pressure_Pa <= 0. ||
            std::find(ground.begin(), ground.end(), q.contact) == ground.end())
          return;
        const double f = q.pressure_Pa * q.JxW * q.normal.norm();
        force += f;
        moment += f * q.x[0];
      });
      const MPI_Comm comm = solid.communicator();
      force               = Utilities::MPI::sum(force, comm);
      moment              = Utilities::MPI::sum(moment, comm);
      return force > 0. ? moment / force : std::nan("");
    }

    /// The calf muscle's pull split into passive and active parts: the
    /// section times the volume-mean of each part of the fibre stress.
    struct CalfPull
    {
      double passive_N = 0., active_N = 0.;
    };

    template <int dim>
    CalfPull
    calf_pull(const solver::Solid<dim> &solid, const BalanceMetricContext &c)
    {
      double passive = 0., active = 0., volume = 0.;
      solid.for_each_point(
        {c.muscle_region}, [&](const solver::PointState<dim> &p) {
          if (p.fibre.norm() == 0.)
            return;
          // The total fibre stress from the state; its passive share from the
          // law at the point's stretch, so both parts sum to what pulls.
          const Tensor<1, 3> Fa    = p.F * p.fibre;
          const double       total = (p.P * p.fibre) * Fa / Fa.norm();
          const double       s_p =
            c.passive_stress ? c.passive_stress(p.fibre_stretch) : 0.;
          const double s_total =
            std::max(s_p + c.active_stress, c.tension_floor);
          const double share = s_total > 0. ? s_p / s_total : 1.;
          passive += share * total * p.JxW;
          active += (1. - share) * total * p.JxW;
          volume += p.JxW;
        });
      const MPI_Comm comm = solid.communicator();
      volume              = Utilities::MPI::sum(volume, comm);
      CalfPull pull;
      if (volume > 0.)
        {
          pull.passive_N =
            Utilities::MPI::sum(passive, comm) / volume * c.muscle_section;
          pull.active_N =
            Utilities::MPI::sum(active, comm) / volume * c.muscle_section;
        }
      return pull;
    }

    template <int dim>
    Metrics
    balance_group(const solver::Solid<dim> &solid,
                  const MetricInputs       &inputs,
                  const Metrics & /*earlier*/)
    {
      const BalanceMetricContext &c = *inputs.balance;
      Metrics                     m;
      Point<dim>                  ankle;
      ankle[0]             = c.ankle_centre[0];
      ankle[1]             = c.ankle_centre[1];
      const double ankle_x = ankle[0] + solid.point_displacement(ankle)[0];
      const double x_pressure =
        centre_of_pressure_x(solid, inputs.contacts_named("ground"));
      m.push_back({"centre_of_pressure_ahead_of_ankle",
                   (x_pressure - ankle_x) * 1e3,
                   "mm",
                   "horizontal distance from the ankle centre forward to the "
                   "centre of the ground pressure (deformed)"});
      m.push_back({"centre_of_pressure_along_foot",
                   100. * x_pressure / c.foot_length,
                   "%",
                   "centre of the ground pressure from the back of the heel, "
                   "in % of foot length"});
      double knee_x = 0.;
      for (const auto key : c.knee_supports)
        knee_x += solid.support_reaction(key)[0] * c.depth;
      m.push_back({"knee_horizontal_reaction",
                   knee_x,
                   "N",
                   c.balanced ?
                     "horizontal force of the pin at the knee centre "
                     "(no moment): what the loads leave out of "
                     "balance" :
                     "horizontal force of the support holding the "
                     "knee end (prescribed Achilles force: balance "
                     "not enforced)"});
      m.push_back({"knee_horizontal_reaction_per_body_weight",
                   c.body_weight_N > 0. ? 100. * knee_x / c.body_weight_N : 0.,
                   "%BW",
                   "knee horizontal reaction in % of body weight"});
      // The settling support (Stance/Settling support) holds the sole until
      // its contact patch forms; what it carries is load the ground does
      // not, so it is reported at every step (0 from a quarter of the load).
      const auto foundations = solid.foundation_forces();
      if (!foundations.empty())
        {
          double up = 0.;
          for (const auto &force : foundations)
            up += force[1] * c.depth;
          m.push_back({"settling_support_force",
                       up,
                       "N",
                       "upward force of the settling support under the "
                       "sole (released by a quarter of the load)"});
          m.push_back({"settling_support_force_per_body_weight",
                       c.body_weight_N > 0. ? 100. * up / c.body_weight_N : 0.,
                       "%BW",
                       "settling support force in % of body weight"});
        }
      if (c.balanced)
        m.push_back({"centre_of_mass_ahead_of_ankle",
                     c.weight_line_ahead_m * 1e3,
                     "mm",
                     "where body weight acts, ahead of the ankle (the "
                     "scenario's, or further forward where the passive calf "
                     "alone pulls more than balance needs)"});
      const CalfPull pull = calf_pull(solid, c);
      m.push_back({"achilles_force_passive",
                   pull.passive_N,
                   "N",
                   "passive part of the calf muscle's pull (set by its "
                   "tightness and stretch)"});
      m.push_back({"achilles_force_active",
                   pull.active_N,
                   "N",
                   c.balanced ? "active part of the calf muscle's pull that "
                                "balance at the ankle asks for" :
                                "prescribed active part of the calf "
                                "muscle's pull"});
      return m;
    }

    const bool balance_metrics_registered = MetricGroups::add(
      {"stance balance",
       "centre of pressure, the knee's horizontal reaction, passive and "
       "active calf pull",
       [](const MetricInputs &inputs) { return inputs.balance.has_value(); },
       balance_group<2>,
       balance_group<3>});
  } // namespace
} // namespace plantarfe::metrics
