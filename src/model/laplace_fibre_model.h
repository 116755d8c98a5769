// Geometry/Fibre directions = laplace: the fibre fields the outline gives
// (a polyline for the fascia, fixed axes for the tendon, the muscle and the
// ligaments, the nearest joint face for the joint layers) replaced by the
// Laplace rules of anatomy/foot_fibre_rules.h solved on the model's mesh,
// so that the fibres follow the mesh's bands wherever it puts them (an
// imported foot).
#pragma once

#include "model/foot_model.h"

namespace plantarfe::model
{
  /// Replaces the field of every fibre region of @p c whose rule applies,
  /// solving on the frame's coarse mesh (before Foot/Mesh/Refinements).
  /// Throws ScenarioError naming Geometry/Fibre directions and the rule
  /// when a region has no direction (a band touching only one of its
  /// ends).
  template <int dim>
  void
  use_laplace_fibres(ModelCase<dim> &c, const FootFrame<dim> &f);
} // namespace plantarfe::model
