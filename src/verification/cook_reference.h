// Cook's membrane, nearly incompressible, as set up by Elguedj, Bazilevs,
// Calo & Hughes (2008), CMAME 197:2732-2762: trapezoid (0,0), (48,44),
// (48,60), (0,44) mm, plane strain, E = 240.565 MPa, nu = 0.4999
// (mu = 80.194 MPa), left edge clamped, total shear F = 100 N per mm of
// thickness on the right edge (6.25 N/mm^2). Reference: the tip (48, 60)
// vertical displacement converges to about 8.0 mm (B-bar Q4 regression data
// of the OpenGeoSys benchmark reproducing that set-up: 7.951, 7.976, 8.000 mm
// at 20, 25, 30 elements per side, still rising slowly).
//
// We run the nearly incompressible neo-Hookean law with the load scaled by
// 1/1000 so that the response is in its linear range (strains ~1e-4); the
// small-strain answer is then the reference times 1/1000.
#pragma once

#include "base/errors.h"

#include <string>
#include <utility>
#include <vector>

namespace plantarfe::verification::cook
{
  inline const std::string law = "neo-Hookean nearly incompressible";
  inline const std::vector<std::pair<std::string, std::string>> law_values =
    {{"Shear modulus", "80.194e6"}, {"Poisson's ratio", "0.4999"}};
  constexpr double       load_scale        = 1e-3;
  constexpr double       shear_traction_Pa = 6.25e6 * load_scale;
  constexpr unsigned int load_steps        = 1;
  /// 8.0 mm at full load, in metres at the scaled load.
  constexpr double reference_tip_m = 8.0e-3 * load_scale;
  /// The literature value is itself known to ~0.5 % (still rising with
  /// refinement in the source); 1.5 % covers that plus our own mesh error.
  constexpr double reference_tolerance = 0.015;
} // namespace plantarfe::verification::cook
