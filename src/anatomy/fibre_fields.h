// Fibre direction fields (unit vectors in the reference configuration) for
// the fibre-reinforced regions: the fascia follows its band, the tendon and
// the calf muscle run along fixed axes of the sagittal plane; the joint
// layers close across their joint.
#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>

#include <functional>
#include <vector>

namespace plantarfe::anatomy
{
  template <int dim>
  using FibreField =
    std::function<dealii::Tensor<1, 3>(const dealii::Point<dim> &)>;

  /// Direction of the polyline segment above a point (by x): the fascia's
  /// fibres run along its band from the heel to the toes. Points beyond the
  /// last vertex take the last segment's direction.
  template <int dim>
  FibreField<dim>
  along_polyline(const std::vector<dealii::Point<2>> &line);

  /// The normal of the nearest joint face: each face is a polyline along
  /// the posterior (proximal) bone's articular surface, and the normal is
  /// its right-hand normal (pointing across the joint to the distal bone).
  /// The direction a joint layer closes along (materials/joint_layer.h).
  template <int dim>
  FibreField<dim>
  across_joints(const std::vector<std::vector<dealii::Point<2>>> &faces);

  /// The same unit direction everywhere (a sagittal-plane axis).
  template <int dim>
  FibreField<dim>
  along_axis(const dealii::Tensor<1, 2> &axis);
} // namespace plantarfe::anatomy
