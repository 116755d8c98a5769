#include "contact/obstacle.h"

#include "base/errors.h"

#include <cmath>
#include <sstream>

namespace plantarfe::contact
{
  RigidPlane::RigidPlane(const Vector3 &point, const Vector3 &normal_in)
      : point(point)
      , normal(normal_in)
  {
    if (!(normal.norm() > 0.))
      throw ScenarioError("contact plane: the normal must not be zero");
    normal /= normal.norm();
  }

  GapAndNormal
  RigidPlane::evaluate(const Vector3 &x) const
  {
    return {(x - point) * normal, normal, 0.};
  }

  std::string
  RigidPlane::describe() const
  {
    std::ostringstream s;
    s << "plane through (" << point << ") m with normal (" << normal << ")";
    return s.str();
  }

  RigidSphere::RigidSphere(const Vector3 &center, const double radius)
      : center(center)
      , radius(radius)
  {
    if (!(radius > 0.))
      throw ScenarioError("contact sphere: the radius must be > 0");
  }

  GapAndNormal
  RigidSphere::evaluate(const Vector3 &x) const
  {
    const Vector3 r = x - center;
    const double  d = r.norm();
    // At the centre itself the direction is undefined; any unit vector is
    // as good as another for a point that deep inside.
    const Vector3 n = d > 0. ? Vector3(r / d) : Vector3({0., 0., 1.});
    return {d - radius, n, d > 0. ? 1. / d : 0.};
  }

  std::string
  RigidSphere::describe() const
  {
    std::ostringstream s;
    s << "sphere of radius " << radius << " m at (" << center << ") m";
    return s.str();
  }

  TiltingPlane::TiltingPlane(const Vector3 &point,
                             const Vector3 &normal,
                             const Vector3 &pivot,
                             const double   angle_rad)
      : point(point)
      , normal(normal / normal.norm())
      , pivot(pivot)
      , angle(angle_rad)
  {}

  GapAndNormal
  TiltingPlane::evaluate(const Vector3 &x) const
  {
    return evaluate_at(x, 0.);
  }

  GapAndNormal
  TiltingPlane::evaluate_at(const Vector3 &x, const double t) const
  {
    const double c = std::cos(angle * t), s = std::sin(angle * t);
    auto         turn = [&](const Vector3 &v) {
      Vector3 r = v;
      r[0]      = c * v[0] - s * v[1];
      r[1]      = s * v[0] + c * v[1];
      return r;
    };
    const Vector3 n = turn(normal);
    const Vector3 p = pivot + turn(point - pivot);
    GapAndNormal  g;
    g.gap    = (x - p) * n;
    g.normal = n;
    return g;
  }

  namespace
  {
    /// @p X turned by @p angle about the z axis through @p pivot.
    Vector3
    turned_about_z(const Vector3 &X, const Vector3 &pivot, const double angle)
    {
      const double  c = std::cos(angle), s = std::sin(angle);
      const Vector3 d = X - pivot;
      Vector3       r = pivot;
      r[0] += c * d[0] - s * d[1];
      r[1] += s * d[0] + c * d[1];
      r[2] += d[2];
      return r;
    }
  } // namespace

  Vector3
  TiltingPlane::carried_point(const Vector3 &X, const double t) const
  {
    return turned_about_z(X, pivot, angle * t);
  }

  Vector3
  TiltingPlane::reference_point(const Vector3 &x, const double t) const
  {
    return turned_about_z(x, pivot, -angle * t);
  }

  std::string
  TiltingPlane::describe() const
  {
    std::ostringstream s;
    s << "plane through (" << point << ") with normal (" << normal
      << ") turning by " << angle * 180. / M_PI << " deg about (" << pivot
      << ")";
    return s.str();
  }
} // namespace plantarfe::contact
