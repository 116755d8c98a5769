// Coulomb friction of a contact point as a tangential penalty spring with a
// slip limit (return mapping; Wriggers, Computational Contact Mechanics,
// 2006, ch. 5; Laursen 2002). The spring ties the point to an anchor on the
// obstacle; while the spring force stays within friction * pressure the
// point sticks, beyond it the force is friction * pressure along the slip
// and the anchor is dragged along (booked by the caller once a load step
// has converged). Pure point law: no mesh, so it is tangent-checked alone.
#pragma once

#include <deal.II/base/tensor.h>

namespace plantarfe::contact
{
  struct FrictionInput
  {
    dealii::Tensor<1, 3> x;            ///< deformed position of the point (m)
    dealii::Tensor<1, 3> anchor;       ///< where its spring is tied (m)
    dealii::Tensor<1, 3> normal;       ///< unit obstacle normal at x
    double               penalty = 0.; ///< normal penalty eps (Pa/m)
    double slope = 0.; ///< d penetration / d(-gap) of the normal law
    /// d slope / d(-gap): 0 for the sharp law, 1/(2d) inside a smoothing
    /// band of half-width d (the spring fades in with the slope).
    double slope_rate  = 0.;
    double penetration = 0.; ///< effective penetration (m): p = eps * pen
    double coefficient = 0.; ///< Coulomb mu; +infinity = no slip
    /// Half-width, as a fraction of the limit mu p, over which the kink
    /// between stick and slip is rounded (C1); 0 = sharp.
    double rounding = 0.;
    /// Elastic slip (m): how far a sticking point may creep before it
    /// slips. > 0 (with a finite coefficient): the spring's stiffness is
    /// mu p / elastic_slip, so the stick zone is the same at every
    /// pressure. 0: the spring is as stiff as the normal penalty (eps
    /// slope), so the stick zone, mu * penetration, shrinks to nothing
    /// where the pressure does.
    double elastic_slip = 0.;
  };

  struct FrictionResponse
  {
    /// Tangential force per reference area that the point exerts on the
    /// obstacle (Pa); the body feels its negative. It enters the residual
    /// as an internal force, as the normal penalty force does.
    dealii::Tensor<1, 3> force;
    /// d force / d x (Pa/m), with the pressure's dependence on x (which
    /// makes it unsymmetric while slipping). The turning of the normal on
    /// curved obstacles is left out.
    dealii::Tensor<2, 3> stiffness;
    bool                 slipping = false;
    /// Where the anchor goes if this state is accepted: x - force / k, so
    /// that the spring carries exactly the force (x itself when the point
    /// is out of contact).
    dealii::Tensor<1, 3> next_anchor;
  };

  /// The frictional response at one point (see the file comment). The
  /// spring stiffness is eps * slope or mu p / elastic_slip, so it fades in
  /// with the normal law and vanishes where the point is out of contact.
  FrictionResponse
  coulomb_friction(const FrictionInput &in);
} // namespace plantarfe::contact
