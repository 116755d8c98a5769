// The point of a straight segment nearest to a given point: shared by the
// joint normals (fibre_fields.cc) and the joint metrics that sort points by
// their nearest articular face.
#pragma once

#include <deal.II/base/point.h>

#include <algorithm>

namespace plantarfe::anatomy
{
  /// The point of segment @p a - @p b nearest to @p x.
  inline dealii::Point<2>
  nearest_on_segment(const dealii::Point<2> &a,
                     const dealii::Point<2> &b,
                     const dealii::Point<2> &x)
  {
    const dealii::Tensor<1, 2> d = b - a;
    return a + std::clamp((x - a) * d / d.norm_square(), 0., 1.) * d;
  }
} // namespace plantarfe::anatomy
