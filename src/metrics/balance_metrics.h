// How the body is held over the foot in stance: where the ground pushes (the
// centre of pressure, ahead of the ankle and along the foot), what a support
// at the knee had to add (its horizontal reaction: zero when the body is in
// balance, the hidden moment carrier of a held knee otherwise), and the
// calf's pull split into its passive part (set by tightness) and the active
// part balance asked for.
#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/types.h>

#include <functional>
#include <vector>

namespace plantarfe::metrics
{
  struct BalanceMetricContext
  {
    /// The Achilles force is set by balance (knee free); false: prescribed
    /// with the knee held.
    bool             balanced = false;
    dealii::Point<2> ankle_centre;             ///< reference (m)
    double           foot_length         = 0.; ///< heel (x = 0) to toe tip (m)
    double           body_weight_N       = 0.; ///< whole body
    double           weight_line_ahead_m = 0.; ///< balanced: where W acts
    /// Keys of the supports at the knee (a held face, a pin): their
    /// reactions add up to the knee's.
    std::vector<dealii::types::boundary_id> knee_supports;
    double depth = 1.; ///< 2D: model depth (m); 3D: 1
    /// Calf muscle: region, reference section (m^2, the whole muscle), its
    /// passive fibre law's nominal stress at a stretch (Pa), the active
    /// stress and least tension at full load (Pa).
    dealii::types::material_id    muscle_region  = 0;
    double                        muscle_section = 0.;
    std::function<double(double)> passive_stress;
    double                        active_stress = 0.;
    double                        tension_floor = 0.;
  };
} // namespace plantarfe::metrics
