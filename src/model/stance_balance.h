// The body in moment balance over the foot in stance (inverted-pendulum
// statics, Winter 1995). The subject's share of body weight W acts along the
// vertical through the body's centre of mass, a distance d in front of the
// ankle (Stance/Centre of mass ahead of ankle). With the knee free, nothing
// but the ground and the calf can hold the moment W d about the ankle, so
// the plantarflexors pull with F = W d / r (r: Achilles moment arm): the
// calf's passive pull, set by its tightness, and an active part where that
// falls short. A calf whose passive pull alone exceeds W d / r tips the body
// forward until the moment balances again: the weight line moves to
// d' = F_passive r / W, and the run says so.
#pragma once

#include "anatomy/foot_geometry.h"
#include "loads/calf_tightness.h"
#include "scenario/foot_parameters.h"

namespace plantarfe::model
{
  /// The calf muscle-tendon unit of a foot scenario: its tissues and
  /// @p moment_arm (m; the Foot section's, or the mesh's: FootFrame::sizes).
  loads::CalfUnit
  calf_unit(const scenario::FootScenario &sc, double moment_arm);

  struct StanceBalance
  {
    double weight_N          = 0.; ///< body weight on this foot
    double requested_ahead_m = 0.; ///< Stance/Centre of mass ahead of ankle
    double line_ahead_m    = 0.; ///< where the weight acts, ahead of the ankle
    double moment_arm_m    = 0.; ///< ankle centre to the tendon's line
    double needed_force_N  = 0.; ///< plantarflexor force of that moment
    double passive_force_N = 0.; ///< the calf's passive pull (1D model)
    bool   passive_governs = false; ///< the passive pull moved the line
  };

  /// The balance of a stance scenario with a balanced Achilles force.
  /// Throws ScenarioError (before any mesh is built) when the weight line
  /// would leave the foot's support (behind the heel or past the metatarsal
  /// heads): no centre of pressure on the foot could balance it.
  StanceBalance
  stance_balance(const scenario::FootScenario &sc,
                 const anatomy::FootLandmarks &landmarks,
                 double                        calf_moment_arm);
} // namespace plantarfe::model
