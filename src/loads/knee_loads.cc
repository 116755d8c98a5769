#include "loads/knee_loads.h"

#include <cmath>

namespace plantarfe::loads
{
  template <int dim>
  KneeLoad<dim>::KneeLoad(const double pressure_Pa, const double turn_rad)
      : dealii::Function<dim>(dim)
      , pressure(pressure_Pa)
      , turn(turn_rad)
  {}

  template <int dim>
  double
  KneeLoad<dim>::value(const dealii::Point<dim> &, const unsigned int c) const
  {
    const double a = turn * this->get_time();
    if (c == 0)
      return pressure * std::sin(a);
    if (c == 1)
      return -pressure * std::cos(a);
    return 0.;
  }

  template <int dim>
  RampedKneeLoad<dim>::RampedKneeLoad(const unsigned int axis,
                                      const double       traction_Pa,
                                      const double       t_full)
      : dealii::Function<dim>(dim)
      , axis(axis)
      , traction(traction_Pa)
      , t_full(t_full)
  {}

  template <int dim>
  double
  RampedKneeLoad<dim>::value(const dealii::Point<dim> &,
                             const unsigned int c) const
  {
    if (c != axis)
      return 0.;
    const double t = this->get_time();
    return t <= t_full ? traction / t_full : traction / t;
  }

  template class KneeLoad<2>;
  template class KneeLoad<3>;
  template class RampedKneeLoad<2>;
  template class RampedKneeLoad<3>;
} // namespace plantarfe::loads
