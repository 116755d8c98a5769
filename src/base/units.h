// Physical constants and unit conversions shared by every stage. The code
// works in SI (m, N, Pa, kg, s, rad); scenario files and documentation quote
// mm, kPa and degrees where users think in them, converted at the boundary.
#pragma once

#include <cmath>

namespace plantarfe::units
{
  /// Standard gravity used for body weight (m/s^2).
  constexpr double g_earth = 9.81;

  constexpr double mm         = 1e-3; ///< m per mm
  constexpr double kPa        = 1e3;  ///< Pa per kPa
  constexpr double MPa        = 1e6;  ///< Pa per MPa
  constexpr double deg_to_rad = M_PI / 180.;
} // namespace plantarfe::units
