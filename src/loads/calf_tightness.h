// Calf tightness -> slack length of the calf muscle-tendon unit (MTU).
//
// The MTU is a passive muscle (Thelen 2003 force-length curve, optimal fibre
// length l_o) in series with a linear tendon (stiffness k_t). Stretched by
// dL beyond slack it pulls with F, where
//   dL(F) = l_o eps0 / k_PE ln(1 + F (exp(k_PE) - 1) / F_max) + F / k_t.
// Clinically, tightness is the knee-extended dorsiflexion range theta_max:
// the angle at which the passive plantarflexor moment reaches the
// end-of-range moment M_end. With the Achilles moment arm r the MTU
// lengthens by r dtheta, so the slack angle is
//   theta_slack = theta_max - dL(M_end / r) / r,
// and a stance ankle angle theta stretches the MTU by r (theta -
// theta_slack). A tighter calf (smaller theta_max) has a larger slack
// deficit at the same stance angle, hence a larger Achilles force. The FE
// model applies this deficit as a pre-stretch of the muscle belly
// (fibre_family.h), so the force itself follows from the model.
#pragma once

namespace plantarfe::loads
{
  struct CalfUnit
  {
    double max_force        = 5000.; ///< F_max (N)
    double fibre_length     = 0.055; ///< l_o (m)
    double eps0             = 0.6;
    double shape            = 5.;    ///< k_PE
    double tendon_stiffness = 430e3; ///< k_t (N/m)
    double moment_arm       = 0.048; ///< r (m)

    /// MTU lengthening beyond slack that carries force F (m).
    double
    excess_length(double force_N) const;

    /// Passive force at lengthening dL (N); 0 when slack.
    double
    force(double excess_length_m) const;
  };

  struct CalfState
  {
    double slack_angle   = 0.; ///< rad
    double excess_length = 0.; ///< m at the stance angle (< 0: slack)
    double force_1d      = 0.; ///< N the 1D model predicts at stance
  };

  /// Slack angle and stance stretch for a dorsiflexion range, end-of-range
  /// moment (N m) and stance ankle angle (all angles in rad).
  CalfState
  calf_state(const CalfUnit &unit,
             double          dorsiflexion_range,
             double          end_of_range_moment,
             double          stance_angle);
} // namespace plantarfe::loads
