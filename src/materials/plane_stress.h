// Plane stress for a 2D (plane-strain) model: a law whose out-of-plane
// stretch is not held at 1 but follows from zero out-of-plane stress.
//
// Why: a nearly incompressible pad in plane strain cannot bulge across the
// section, so it is confined like a pad between two walls. The heel and
// plantar pads of a foot are a few times wider than they are thick and bulge
// sideways freely; a 3D foot whose pads are held across (u_z = 0) gives the
// plane-strain answer to within 1 % (docs/model.md, "3D against 2D").
//
// At every point the wrapper solves P_zz(F*) = 0 for the stretch lambda of
// F* = F with F*_zz = lambda (Newton, a few steps), and returns the complete
// (isochoric + volumetric) response of the wrapped law at F*, with the
// tangent condensed on the in-plane components:
//   A'_iJkL = A_iJkL - A_iJzz A_zzkL / A_zzzz.
// The wrapped law's volume constraint is carried by lambda, so the result
// is a compressible law (no volumetric split) that does not lock.
// For 2D models only: the zz entry of the F it is given does not change the
// answer; when it is not 1 it is the search's starting guess (a completed F
// converges at its first evaluation).
#pragma once

#include "materials/material.h"

#include <memory>

namespace plantarfe::materials
{
  /// The wrapped law in plane stress (see above).
  std::shared_ptr<const Material>
  make_plane_stress(std::shared_ptr<const Material> law);

  /// The out-of-plane stretch lambda with P_zz(F*) = 0 for the in-plane part
  /// of @p F (its zz entry, when not 1, is the starting guess). Throws
  /// std::runtime_error when no positive root is found.
  double
  plane_stress_stretch(const Material  &law,
                       const Tensor2   &F,
                       const PointData &point);
} // namespace plantarfe::materials
