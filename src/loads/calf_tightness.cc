#include "loads/calf_tightness.h"

#include <cmath>

namespace plantarfe::loads
{
  double
  CalfUnit::excess_length(const double F) const
  {
    if (F <= 0.)
      return 0.;
    return fibre_length * eps0 / shape *
             std::log1p(F * std::expm1(shape) / max_force) +
           F / tendon_stiffness;
  }

  double
  CalfUnit::force(const double dL) const
  {
    if (dL <= 0.)
      return 0.;
    // excess_length is increasing and convex-ish; bisect on [0, F_hi].
    double lo = 0., hi = max_force;
    while (excess_length(hi) < dL)
      hi *= 2.;
    for (unsigned int i = 0; i < 200 && hi - lo > 1e-9 * hi; ++i)
      {
        const double mid                    = 0.5 * (lo + hi);
        (excess_length(mid) < dL ? lo : hi) = mid;
      }
    return 0.5 * (lo + hi);
  }

  CalfState
  calf_state(const CalfUnit &unit,
             const double    dorsiflexion_range,
             const double    end_of_range_moment,
             const double    stance_angle)
  {
    CalfState    s;
    const double dL_end =
      unit.excess_length(end_of_range_moment / unit.moment_arm);
    s.slack_angle   = dorsiflexion_range - dL_end / unit.moment_arm;
    s.excess_length = unit.moment_arm * (stance_angle - s.slack_angle);
    s.force_1d      = unit.force(s.excess_length);
    return s;
  }
} // namespace plantarfe::loads
