#include "contact/obstacle.h"

#include "scenario/errors.h"

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
} // namespace plantarfe::contact
