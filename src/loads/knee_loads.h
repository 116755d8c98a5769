// Tractions on the knee end of the leg (the cut through the shank where the
// rest of the body acts on the model). The solver multiplies a traction by
// the load fraction t and evaluates its function with time = t.
#pragma once

#include <deal.II/base/function.h>

namespace plantarfe::loads
{
  /// Body weight on the knee end: magnitude p (Pa), straight down (-y), or
  /// turning with the ground by turn * t about z at heel-off.
  template <int dim>
  class KneeLoad : public dealii::Function<dim>
  {
  public:
    KneeLoad(double pressure_Pa, double turn_rad);

    double
    value(const dealii::Point<dim> &X, unsigned int component) const override;

  private:
    double pressure;
    double turn;
  };

  /// Body weight on the knee end acting along a given vertical line: a
  /// downward traction varying linearly along the face's sagittal length,
  ///   p(s) = p0 (1 + 12 e s / b^2),  s = (X - centre) . along,
  /// whose resultant is p0 x face area and passes through the face point at
  /// s = e (e: offset along the face, b: the face's length). A line beyond
  /// the face (the centre of mass ahead of the knee) makes the back of the
  /// face pull: the knee moment the thigh transmits.
  template <int dim>
  class KneeLoadOnLine : public dealii::Function<dim>
  {
  public:
    KneeLoadOnLine(double                      mean_pressure_Pa,
                   const dealii::Point<2>     &face_centre,
                   const dealii::Tensor<1, 2> &along_face,
                   double                      face_length,
                   double                      offset_along_face);

    double
    value(const dealii::Point<dim> &X, unsigned int component) const override;

  private:
    double               pressure;
    dealii::Point<2>     centre;
    dealii::Tensor<1, 2> along;
    double               slope; ///< 12 e / b^2 (1/m)
  };

  /// Traction along one axis whose resultant grows linearly to its full
  /// value at load fraction t_full and then stays (the function returns
  /// full * min(1, t / t_full) / t, the solver multiplies by t).
  template <int dim>
  class RampedKneeLoad : public dealii::Function<dim>
  {
  public:
    RampedKneeLoad(unsigned int axis, double traction_Pa, double t_full);

    double
    value(const dealii::Point<dim> &X, unsigned int component) const override;

  private:
    unsigned int axis;
    double       traction;
    double       t_full;
  };
} // namespace plantarfe::loads
