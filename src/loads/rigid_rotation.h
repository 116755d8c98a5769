// Prescribed rigid rotation of a region (e.g. the toes turned about the MTP
// joint for the windlass), as a displacement function of the load fraction.
#pragma once

#include <deal.II/base/function.h>
#include <deal.II/base/point.h>

namespace plantarfe::loads
{
  /// Displacement of a rigid rotation about the z axis through @p centre by
  /// angle * s, s = (t - from) / (1 - from) clamped to [0, 1] (t = the
  /// function's time, the load fraction): the turn starts at load fraction
  /// @p from and is complete at full load.
  template <int dim>
  class TurnAbout : public dealii::Function<dim>
  {
  public:
    TurnAbout(const dealii::Point<2> &centre,
              double                  angle_rad,
              double                  from = 0.);

    double
    value(const dealii::Point<dim> &X, unsigned int component) const override;

  private:
    dealii::Point<2> centre;
    double           angle;
    double           from;
  };
} // namespace plantarfe::loads
