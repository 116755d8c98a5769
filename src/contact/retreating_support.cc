#include "contact/retreating_support.h"

#include <cmath>
#include <sstream>

namespace plantarfe::contact
{
  RetreatingSupport::RetreatingSupport(const Vector3 &point,
                                       const Vector3 &normal,
                                       const Vector3 &tangent,
                                       const double   half_length,
                                       const double   distance,
                                       const double   t_hold,
                                       const double   t_gone)
      : point(point)
      , normal(normal / normal.norm())
      , tangent(tangent / tangent.norm())
      , half_length(half_length)
      , distance(distance)
      , t_hold(t_hold)
      , t_gone(t_gone)
  {}

  GapAndNormal
  RetreatingSupport::evaluate(const Vector3 &x) const
  {
    return evaluate_at(x, 0.);
  }

  GapAndNormal
  RetreatingSupport::evaluate_at(const Vector3 &x, const double t) const
  {
    // Far away (beyond the strip, or after it has gone): no contact.
    const Vector3 r = x - point;
    if (t >= t_gone - 1e-12 || std::abs(r * tangent) > half_length)
      return {1.0, -normal, 0.};
    const double f = t <= t_hold ? 0. : (t - t_hold) / (t_gone - t_hold);
    return {distance * f * f - r * normal, -normal, 0.};
  }

  std::string
  RetreatingSupport::describe() const
  {
    std::ostringstream s;
    s << "support strip at (" << point << ") m, retreating " << distance
      << " m between load " << t_hold << " and " << t_gone;
    return s.str();
  }
} // namespace plantarfe::contact
