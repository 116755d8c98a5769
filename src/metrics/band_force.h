// The force a fibre band (fascia, tendon, ligament) carries through one of
// its sections, from the solved state: the nominal fibre stress averaged
// over a slab across the band times the band's reference section. The mean
// over the slab does not depend on how the quadrature points sample it (an
// integral over the slab divided by its length does: with a few points per
// cell it jumped 13 % between meshes).
#pragma once

#include <deal.II/base/tensor.h>

#include "solver/solid.h"

namespace plantarfe::metrics
{
  /// Nominal (first Piola) stress along the fibres at a point: the force per
  /// unloaded section that the fibres pass on.
  template <int dim>
  double
  nominal_fibre_stress(const solver::PointState<dim> &p)
  {
    const dealii::Tensor<1, 3> Fa = p.F * p.fibre;
    const double               n  = Fa.norm();
    return n > 0. ? (p.P * p.fibre) * Fa / n : 0.;
  }
} // namespace plantarfe::metrics
