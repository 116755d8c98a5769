// Internal pressure on a surface around the z axis as a dead-load traction:
// t = p X_r / |X_r| in the reference configuration, i.e. pushing outward
// from the axis (the outward normal of the inner surface of a tube points
// towards the axis, so this is the pressure of a fluid inside it).
#pragma once

#include <deal.II/base/function.h>
#include <deal.II/lac/vector.h>

#include <cmath>

namespace plantarfe::loads
{
  template <int dim>
  class RadialPressure : public dealii::Function<dim>
  {
  public:
    explicit RadialPressure(const double pressure_Pa)
        : dealii::Function<dim>(dim)
        , pressure_Pa(pressure_Pa)
    {}

    void
    vector_value(const dealii::Point<dim> &X,
                 dealii::Vector<double>   &t) const override
    {
      const double r = std::hypot(X[0], X[1]);
      t              = 0.;
      t[0]           = pressure_Pa * X[0] / r;
      t[1]           = pressure_Pa * X[1] / r;
    }

  private:
    double pressure_Pa;
  };
} // namespace plantarfe::loads
