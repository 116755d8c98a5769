// A rigid tool shape (tool_shapes.h, or RigidSphere at the origin) placed in
// the model by a pose that follows the load fraction: a path of centre
// positions (linear between knots; a press, then a roll) and an orientation
// that turns as the tool rolls without slipping over the skin. Rolling is
// quasi-static: each load step is one position, no inertia, no friction.
#pragma once

#include <deal.II/base/tensor.h>

#include "contact/obstacle.h"

#include <memory>
#include <vector>

namespace plantarfe::contact
{
  using Matrix3 = dealii::Tensor<2, 3>;

  /// Rotation by @p angle (rad) about the unit @p axis (Rodrigues).
  Matrix3
  rotation(const Vector3 &axis, double angle);

  struct ToolPose
  {
    Vector3 centre;
    Matrix3 orientation; ///< body frame -> model frame
  };

  class ToolPath
  {
  public:
    explicit ToolPath(const Matrix3 &orientation);

    /// Tool centre at load fraction t (knots in increasing t).
    void
    add(double load_fraction, const Vector3 &centre);

    /// The tool turns about (direction of travel x contact direction) by
    /// the distance travelled over @p rolling_radius, as a ball or roller
    /// rolling without slip; @p to_contact is the unit vector from the
    /// centre towards the skin. Without this call the tool only translates.
    void
    roll(const Vector3 &to_contact, double rolling_radius);

    ToolPose
    at(double load_fraction) const;

    const std::vector<std::pair<double, Vector3>> &
    knots() const
    {
      return points;
    }

  private:
    Matrix3                                 base;
    std::vector<std::pair<double, Vector3>> points;
    Vector3                                 contact_dir;
    double                                  radius = 0.;
  };

  class MovingTool : public Obstacle
  {
  public:
    MovingTool(std::shared_ptr<const Obstacle> shape, ToolPath path);

    GapAndNormal
    evaluate(const Vector3 &x) const override;

    GapAndNormal
    evaluate_at(const Vector3 &x, double load_fraction) const override;

    Vector3
    carried_point(const Vector3 &X, double load_fraction) const override;

    std::string
    describe() const override;

    const ToolPath &
    path() const
    {
      return tool_path;
    }

    /// Gap of the shape at a model point for a given pose (used to place
    /// the tool and to check it against the anatomy before meshing).
    GapAndNormal
    evaluate_posed(const Vector3 &x, const ToolPose &pose) const;

  private:
    std::shared_ptr<const Obstacle> shape;
    ToolPath                        tool_path;
  };
} // namespace plantarfe::contact
