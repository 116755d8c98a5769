#include "loads/rigid_rotation.h"

#include <algorithm>
#include <cmath>

namespace plantarfe::loads
{
  template <int dim>
  TurnAbout<dim>::TurnAbout(const dealii::Point<2> &centre,
                            const double            angle_rad,
                            const double            from)
      : dealii::Function<dim>(dim)
      , centre(centre)
      , angle(angle_rad)
      , from(from)
  {}

  template <int dim>
  double
  TurnAbout<dim>::value(const dealii::Point<dim> &X, const unsigned int c) const
  {
    const double s =
      std::clamp((this->get_time() - from) / (1. - from), 0., 1.);
    const double a = angle * s;
    const double x = X[0] - centre[0], y = X[1] - centre[1];
    if (c == 0)
      return std::cos(a) * x - std::sin(a) * y - x;
    if (c == 1)
      return std::sin(a) * x + std::cos(a) * y - y;
    return 0.;
  }

  template class TurnAbout<2>;
  template class TurnAbout<3>;
} // namespace plantarfe::loads
