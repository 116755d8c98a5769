// Exponential fibre family (Holzapfel, Gasser & Ogden 2000 form): the HGO law
// of fibre_laws.h in a FibreFamily, for the generic Material section. Added to
// any matrix law as a decorator:
//
//   W_f = k1 / (2 k2) (exp(k2 (I4 - 1)^2) - 1)   for I4 > 1, 0 otherwise,
//   I4  = a0 . C a0  with the FULL C (not Cbar) and the unit reference fibre
//   direction a0 (PointData::fibre, normalised here; no fibre when zero).
//
// Fibres carry tension only (they buckle in compression). With
// W1 = dW_f/dI4 = k1 (I4 - 1) exp(k2 (I4 - 1)^2) and
// W2 = d^2W_f/dI4^2 = k1 (1 + 2 k2 (I4 - 1)^2) exp(k2 (I4 - 1)^2):
//   S_f  = 2 W1 a0 (x) a0,   CC_f = 4 W2 (a0 (x) a0) (x) (a0 (x) a0),
//   P_f  = 2 W1 (F a0) (x) a0,
//   A_f  = delta_ik S_f,JL + 4 W2 (F a0)_i a0_J (F a0)_k a0_L.
// The fibre part belongs to the displacement-carried response; the matrix's
// volumetric energy and moduli are forwarded unchanged. Note W2 jumps from k1
// to 0 at I4 = 1, so the tangent is discontinuous there (inherent to the
// tension-only switch).
#pragma once

#include "materials/fibre_family.h"
#include "materials/material.h"

#include <memory>

namespace dealii
{
  class ParameterHandler;
}

namespace plantarfe::materials
{
  /// Declares "Fibre modulus k1" and "Fibre exponent k2" in the current
  /// subsection.
  void
  declare_exponential_fibre_parameters(dealii::ParameterHandler &prm);

  /// Wraps @p matrix using the entries above (handler positioned in their
  /// subsection). Throws ScenarioError "Exponential fibres/<entry>: ...".
  std::unique_ptr<Material>
  create_exponential_fibres(const dealii::ParameterHandler &prm,
                            std::unique_ptr<Material>       matrix);
} // namespace plantarfe::materials
