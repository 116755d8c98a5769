// The foot scenario -> solver Problem: the generated mesh, a law per region
// with its fibre field, the calf's pre-stretch (or a prescribed Achilles
// pull), body weight on the knee end, the windlass rotation of the toes and
// the ground as a contact obstacle; plus the foot metrics.
#pragma once

#include "scenario/foot_parameters.h"
#include "scenario/model_case.h"

namespace plantarfe::scenario
{
  template <int dim>
  ModelCase<dim>
  make_foot_case(const FootScenario &scenario, MPI_Comm comm);
} // namespace plantarfe::scenario
