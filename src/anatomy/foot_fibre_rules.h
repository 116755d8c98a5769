// The foot model's Laplace fibre rules (Geometry/Fibre directions =
// laplace): for every fibre-reinforced region, the neighbouring regions its
// fibres run between. The fascia runs from the calcaneus to the proximal
// phalanges, the Achilles tendon from the calcaneus to the calf muscle, the
// muscle from the tendon to the knee; a ligament runs between the bones it
// ties, and a joint layer is crossed from one bone to the next, both valued
// by the bones' order along the ray (calcaneus and talus, midfoot,
// metatarsal, phalanges). Bands have graded ends (they attach along a side
// over long footprints); joint layers are crossed along their normal.
#pragma once

#include "anatomy/laplace_fibres.h"

#include <map>
#include <vector>

namespace plantarfe::anatomy
{
  /// Each foot bone's place along the ray, proximal to distal (the heel
  /// spur is part of the calcaneus): a ligament or joint layer between two
  /// bones runs from the lower place to the higher.
  const std::map<dealii::types::material_id, double> &
  bone_ray_order();

  /// One rule per fibre region (fascia and its insertion together): the
  /// fascia, the Achilles tendon, the calf muscle, the arch joints, then
  /// the ligaments in id order.
  const std::vector<LaplaceFibreRule> &
  foot_fibre_rules();
} // namespace plantarfe::anatomy
