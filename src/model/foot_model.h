// The foot scenario -> solver Problem: the generated mesh, a law per region
// with its fibre field, the calf's pre-stretch (or a prescribed Achilles
// pull), body weight on the knee end, the windlass rotation of the toes and
// the ground as a contact obstacle; plus the foot metrics.
#pragma once

#include "model/model_case.h"
#include "scenario/foot_parameters.h"

namespace plantarfe::model
{
  template <int dim>
  ModelCase<dim>
  make_foot_case(const scenario::FootScenario &foot, MPI_Comm comm);
} // namespace plantarfe::model
