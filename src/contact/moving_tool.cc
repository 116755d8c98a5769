#include "contact/moving_tool.h"

#include "base/errors.h"

#include <cmath>
#include <sstream>

namespace plantarfe::contact
{
  Matrix3
  rotation(const Vector3 &axis_in, const double angle)
  {
    Matrix3 R;
    for (unsigned int i = 0; i < 3; ++i)
      R[i][i] = 1.;
    const double n = axis_in.norm();
    if (n == 0. || angle == 0.)
      return R;
    const Vector3 a = axis_in / n;
    const double  c = std::cos(angle), s = std::sin(angle);
    Matrix3       K; // cross-product matrix of a
    K[0][1] = -a[2];
    K[0][2] = a[1];
    K[1][0] = a[2];
    K[1][2] = -a[0];
    K[2][0] = -a[1];
    K[2][1] = a[0];
    return R + s * K + (1. - c) * (K * K);
  }

  ToolPath::ToolPath(const Matrix3 &orientation)
      : base(orientation)
  {}

  void
  ToolPath::add(const double t, const Vector3 &centre)
  {
    if (!points.empty() && !(t > points.back().first))
      throw ScenarioError("internal: tool path knots must increase");
    points.emplace_back(t, centre);
  }

  void
  ToolPath::roll(const Vector3 &to_contact, const double rolling_radius)
  {
    contact_dir = to_contact / to_contact.norm();
    radius      = rolling_radius;
  }

  ToolPose
  ToolPath::at(const double t) const
  {
    ToolPose pose{points.empty() ? Vector3() : points.front().second, base};
    if (points.empty())
      return pose;
    // Centre: linear between knots, constant before the first and after
    // the last. The orientation turns by the distance rolled so far.
    Matrix3 turned = base;
    for (unsigned int k = 0; k + 1 < points.size(); ++k)
      {
        const auto &[t0, c0] = points[k];
        const auto &[t1, c1] = points[k + 1];
        if (t <= t0)
          break;
        const double  f    = std::min(1., (t - t0) / (t1 - t0));
        const Vector3 step = f * (c1 - c0);
        pose.centre        = c0 + step;
        if (radius > 0. && step.norm() > 0.)
          turned = rotation(cross_product_3d(step, contact_dir),
                            step.norm() / radius) *
                   turned;
        if (t <= t1)
          break;
      }
    if (t >= points.back().first)
      pose.centre = points.back().second;
    pose.orientation = turned;
    return pose;
  }

  MovingTool::MovingTool(std::shared_ptr<const Obstacle> shape, ToolPath path)
      : shape(std::move(shape))
      , tool_path(std::move(path))
  {}

  GapAndNormal
  MovingTool::evaluate_posed(const Vector3 &x, const ToolPose &pose) const
  {
    // Into the body frame, evaluate, normal back to the model frame.
    const Vector3 xb = transpose(pose.orientation) * (x - pose.centre);
    GapAndNormal  g  = shape->evaluate(xb);
    g.normal         = pose.orientation * g.normal;
    if (g.has_normal_gradient)
      g.normal_gradient =
        pose.orientation * g.normal_gradient * transpose(pose.orientation);
    return g;
  }

  GapAndNormal
  MovingTool::evaluate(const Vector3 &x) const
  {
    return evaluate_at(x, 0.);
  }

  GapAndNormal
  MovingTool::evaluate_at(const Vector3 &x, const double t) const
  {
    return evaluate_posed(x, tool_path.at(t));
  }

  Vector3
  MovingTool::carried_point(const Vector3 &X, const double t) const
  {
    const ToolPose p0 = tool_path.at(0.), p = tool_path.at(t);
    return p.centre +
           p.orientation * (transpose(p0.orientation) * (X - p0.centre));
  }

  std::string
  MovingTool::describe() const
  {
    std::ostringstream s;
    const ToolPose     p = tool_path.at(0.);
    s << shape->describe() << ", centre (" << p.centre << ") m at load 0, "
      << tool_path.knots().size() << " path knots";
    return s.str();
  }
} // namespace plantarfe::contact
