// Prescribed rigid rotation of a region (e.g. the toes turned about the MTP
// joint for the windlass), as a displacement function of the load fraction.
#pragma once

#include <deal.II/base/function.h>
#include <deal.II/base/point.h>

namespace plantarfe::loads
{
  /// Displacement of a rigid rotation about the z axis through @p centre by
  /// angle * t (t = the function's time, the load fraction).
  template <int dim>
  class TurnAbout : public dealii::Function<dim>
  {
  public:
    TurnAbout(const dealii::Point<2> &centre, double angle_rad);

    double
    value(const dealii::Point<dim> &X, unsigned int component) const override;

  private:
    dealii::Point<2> centre;
    double           angle;
  };
} // namespace plantarfe::loads
