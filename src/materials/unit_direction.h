// The unit direction a law reads from PointData::fibre (a fibre family's
// fibres, a joint layer's normal), or zero where the point has none.
#pragma once

#include "materials/material.h"

namespace plantarfe::materials
{
  inline Vector3
  unit_direction(const PointData &point)
  {
    const double n = point.fibre.norm();
    return n > 0. ? Vector3(point.fibre / n) : Vector3();
  }
} // namespace plantarfe::materials
