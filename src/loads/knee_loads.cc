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
  KneeLoadOnLine<dim>::KneeLoadOnLine(const double            mean_pressure_Pa,
                                      const dealii::Point<2> &face_centre,
                                      const dealii::Tensor<1, 2> &along_face,
                                      const double                face_length,
                                      const double offset_along_face)
      : dealii::Function<dim>(dim)
      , pressure(mean_pressure_Pa)
      , centre(face_centre)
      , along(along_face / along_face.norm())
      , slope(12. * offset_along_face / (face_length * face_length))
  {}

  template <int dim>
  double
  KneeLoadOnLine<dim>::value(const dealii::Point<dim> &X,
                             const unsigned int        c) const
  {
    if (c != 1)
      return 0.;
    const double s =
      (X[0] - centre[0]) * along[0] + (X[1] - centre[1]) * along[1];
    return -pressure * (1. + slope * s);
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

  template class KneeLoadOnLine<2>;
  template class KneeLoadOnLine<3>;
  template class KneeLoad<2>;
  template class KneeLoad<3>;
  template class RampedKneeLoad<2>;
  template class RampedKneeLoad<3>;
} // namespace plantarfe::loads
