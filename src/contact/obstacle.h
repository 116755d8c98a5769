// Rigid obstacles for contact: the ground, massage balls, rollers. An
// obstacle answers one question: for a point x of the deformed body (m), how
// far is it from the obstacle's surface along the surface normal, and in
// which direction does contact push it. Coordinates are always 3D; plane
// strain models have z = 0 (a sphere then acts as a cylinder along z).
#pragma once

#include <deal.II/base/tensor.h>

#include <string>

namespace plantarfe::contact
{
  using Vector3 = dealii::Tensor<1, 3>;

  struct GapAndNormal
  {
    GapAndNormal() = default;
    GapAndNormal(const double   gap,
                 const Vector3 &normal,
                 const double   curvature)
        : gap(gap)
        , normal(normal)
        , curvature(curvature)
    {}

    /// Signed distance (m): > 0 separated, <= 0 touching or penetrating.
    double gap = 0.;
    /// Unit normal of the obstacle surface at the closest point, pointing
    /// away from the obstacle (the direction contact pushes the body).
    Vector3 normal;
    /// Curvature of the surface there (1/m; 0 for a plane): the normal
    /// turns as dn/dx = curvature (I - n (x) n), which the tangent needs.
    double curvature = 0.;
    /// The full dn/dx (1/m, symmetric) where one curvature does not describe
    /// the surface (an ellipsoid or a cylinder seen in 3D, whose principal
    /// curvatures differ). 3D models use it instead of `curvature` when set:
    /// with the mean curvature in every direction the tangent of a point
    /// sliding over a thumb was wrong by up to 25 % and Newton converged
    /// only linearly.
    bool                 has_normal_gradient = false;
    dealii::Tensor<2, 3> normal_gradient;
  };

  class Obstacle
  {
  public:
    virtual ~Obstacle() = default;

    virtual GapAndNormal
    evaluate(const Vector3 &x) const = 0;

    virtual std::string
    describe() const = 0;

    /// Gap at load fraction t for obstacles that move with the load;
    /// static obstacles ignore t.
    virtual GapAndNormal
    evaluate_at(const Vector3 &x, const double /*load_fraction*/) const
    {
      return evaluate(x);
    }

    /// Where the obstacle's surface has carried a point that was at X at
    /// load fraction 0 (for sticking contact); X itself for static ones.
    virtual Vector3
    carried_point(const Vector3 &X, const double /*load_fraction*/) const
    {
      return X;
    }

    /// The inverse of carried_point: the position at load fraction 0 of
    /// the obstacle's material point that is at @p x at @p load_fraction
    /// (friction keeps its anchors there between load steps).
    virtual Vector3
    reference_point(const Vector3 &x, const double /*load_fraction*/) const
    {
      return x;
    }
  };

  /// The half space behind a plane through @p point with unit outward
  /// normal @p normal (e.g. the ground: point 0, normal +z or +y).
  class RigidPlane : public Obstacle
  {
  public:
    RigidPlane(const Vector3 &point, const Vector3 &normal);

    GapAndNormal
    evaluate(const Vector3 &x) const override;

    std::string
    describe() const override;

    /// A point of the plane and its unit outward normal (for writing the
    /// plane into another code's input).
    const Vector3 &
    plane_point() const
    {
      return point;
    }
    const Vector3 &
    plane_normal() const
    {
      return normal;
    }

  private:
    Vector3 point;
    Vector3 normal;
  };

  /// A rigid ball (a cylinder along z in plane strain).
  class RigidSphere : public Obstacle
  {
  public:
    RigidSphere(const Vector3 &center, double radius);

    GapAndNormal
    evaluate(const Vector3 &x) const override;

    std::string
    describe() const override;

  private:
    Vector3 center;
    double  radius;
  };

  /// A plane turned about the z axis through @p pivot by angle * t as the
  /// load fraction t goes from 0 to 1 (the ground under a forefoot that
  /// rolls over at heel-off). At t = 0 it is the plane (point, normal).
  class TiltingPlane : public Obstacle
  {
  public:
    TiltingPlane(const Vector3 &point,
                 const Vector3 &normal,
                 const Vector3 &pivot,
                 double         angle_rad);

    GapAndNormal
    evaluate(const Vector3 &x) const override;

    GapAndNormal
    evaluate_at(const Vector3 &x, double load_fraction) const override;

    Vector3
    carried_point(const Vector3 &X, double load_fraction) const override;

    Vector3
    reference_point(const Vector3 &x, double load_fraction) const override;

    std::string
    describe() const override;

  private:
    Vector3 point;
    Vector3 normal;
    Vector3 pivot;
    double  angle;
  };
} // namespace plantarfe::contact
