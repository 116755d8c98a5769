// Rigid massage-tool shapes in their own body frame (centre at the origin):
// an ellipsoid (thumb pad), a capped cylinder along z (bottle, rollers) and a
// spiky ball (a core sphere plus small spherical bumps). A ball is the
// existing RigidSphere at the origin. Each answers the Obstacle question
// (signed gap, outward normal, curvature for the tangent); MovingTool
// (moving_tool.h) places and moves them in the model.
//
// Plane strain (dim = 2): the model lies in z = 0 and every obstacle must be
// the same along z. A sphere evaluated at z = 0 already is (a cylinder along
// z); the ellipsoid and the spiky ball are then built as their z = 0 sections
// (`plane_strain`), and the cylinder's axis must be z.
#pragma once

#include "contact/obstacle.h"

#include <vector>

namespace plantarfe::contact
{
  /// Ellipsoid x^2/a^2 + y^2/b^2 + z^2/c^2 = 1 (semi-axes in m). The gap is
  /// the exact signed distance (closest point by bisection on the Lagrange
  /// parameter, as in Eberly's "Distance from a point to an ellipse, an
  /// ellipsoid, or a hyperellipsoid", 2013). The tangent gets the ellipse's
  /// curvature in plane strain and, in 3D, the full normal gradient from
  /// both principal curvatures at the closest point (a single mean
  /// curvature made Newton converge only linearly on the 3D thumb).
  class RigidEllipsoid : public Obstacle
  {
  public:
    RigidEllipsoid(const Vector3 &semi_axes, bool plane_strain);

    GapAndNormal
    evaluate(const Vector3 &x) const override;

    std::string
    describe() const override;

  private:
    Vector3 axes;
    bool    planar;
  };

  /// Solid cylinder of @p radius around the z axis, from z = -length/2 to
  /// +length/2 with flat ends (length <= 0: infinitely long). The curvature
  /// reported is 1/r, exact in the cross-section (the only part a plane
  /// strain model sees); on the mantle 3D models get the normal gradient,
  /// which does not turn along the axis. At the rim the scalar 1/d remains.
  class RigidCylinder : public Obstacle
  {
  public:
    RigidCylinder(double radius, double length);

    GapAndNormal
    evaluate(const Vector3 &x) const override;

    std::string
    describe() const override;

  private:
    double radius;
    double half_length;
  };

  /// A spiky massage ball: a core sphere of radius @p core_radius and bumps
  /// (spheres of radius @p bump_radius) whose outer points lie at
  /// core_radius + spike_height from the centre. The gap is the minimum over
  /// the core and the bumps (the union of solids). In plane strain the bumps
  /// are spread evenly round the z = 0 circle, the first pointing along -y;
  /// in 3D over the sphere by a Fibonacci lattice, the first along -y.
  class SpikyBall : public Obstacle
  {
  public:
    SpikyBall(double       core_radius,
              double       spike_height,
              double       bump_radius,
              unsigned int n_bumps,
              bool         plane_strain);

    GapAndNormal
    evaluate(const Vector3 &x) const override;

    std::string
    describe() const override;

    const std::vector<Vector3> &
    bump_centres() const
    {
      return centres;
    }

  private:
    double               core_radius;
    double               bump_radius;
    std::vector<Vector3> centres;
  };
} // namespace plantarfe::contact
