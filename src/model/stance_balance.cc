#include "model/stance_balance.h"

#include "base/errors.h"
#include "base/units.h"

#include <cmath>
#include <sstream>

namespace plantarfe::model
{
  using dealii::Tensor;
  loads::CalfUnit
  calf_unit(const scenario::FootScenario &sc, const double moment_arm)
  {
    const auto     &t = sc.tissues;
    loads::CalfUnit unit;
    unit.max_force        = t.muscle_max_force;
    unit.fibre_length     = t.muscle_fibre_length;
    unit.eps0             = t.muscle_eps0;
    unit.shape            = t.muscle_shape;
    unit.tendon_stiffness = t.achilles_stiffness;
    unit.moment_arm       = moment_arm;
    return unit;
  }

  StanceBalance
  stance_balance(const scenario::FootScenario &sc,
                 const anatomy::FootLandmarks &L,
                 const double                  calf_moment_arm)
  {
    StanceBalance b;
    // The tendon's line of action in the model (insertion to the
    // muscle-tendon junction) passes the ankle centre at this distance; the
    // Moment arm entry sets it only approximately (the insertion sits on
    // the calcaneus, so the line leans).
    const Tensor<1, 2> along =
      (L.muscle_tendon_junction - L.achilles_insertion) /
      (L.muscle_tendon_junction - L.achilles_insertion).norm();
    const Tensor<1, 2> to_ankle = L.ankle_centre - L.achilles_insertion;
    const double       arm =
      std::abs(to_ankle[0] * along[1] - to_ankle[1] * along[0]);
    b.moment_arm_m = arm;
    b.weight_N = sc.subject.body_mass * units::g_earth * sc.subject.load_share;
    b.requested_ahead_m = sc.stance.centre_of_mass_ahead;
    b.passive_force_N   = loads::calf_state(calf_unit(sc, calf_moment_arm),
                                          sc.subject.dorsiflexion_range,
                                          sc.subject.end_of_range_moment,
                                          sc.stance.ankle_dorsiflexion)
                          .force_1d;
    b.line_ahead_m = b.requested_ahead_m;
    if (b.passive_force_N * arm > b.weight_N * b.requested_ahead_m)
      {
        b.line_ahead_m    = b.passive_force_N * arm / b.weight_N;
        b.passive_governs = true;
      }
    b.needed_force_N = b.weight_N * b.line_ahead_m / arm;

    const double x_line = L.ankle_centre[0] + b.line_ahead_m;
    const double x_ball = L.mtp_centre[0];
    if (x_line <= 0. || x_line >= x_ball)
      {
        std::ostringstream m;
        m.precision(3);
        m << "Stance/Centre of mass ahead of ankle: the body's weight would "
          << "act " << b.line_ahead_m * 1e3 << " mm in front of the ankle";
        if (b.passive_governs)
          m << " (where Subject/Calf/Dorsiflexion range's passive pull of "
            << b.passive_force_N << " N puts it)";
        m << ", outside the foot's support (heel to metatarsal heads, "
          << -L.ankle_centre[0] * 1e3 << " to "
          << (x_ball - L.ankle_centre[0]) * 1e3
          << " mm from the ankle): no stance on a flat foot balances it";
        throw ScenarioError(m.str());
      }
    return b;
  }
} // namespace plantarfe::model
