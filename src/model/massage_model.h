// A massage scenario -> solver Problem: the foot model of foot_problem.h with
// its ground and knee load replaced by the massage tool and how it is
// loaded.
//
// Force control without an extra unknown: the tool stays where it is placed
// and the limb, held at the knee in every other direction, is free to slide
// along one axis (y for tools on the sole, x for tools on the back of heel
// and calf) and is pushed onto the tool by the force, applied as a traction
// on the knee end. Equilibrium then makes the contact force along that axis
// equal the force at every converged state - for a practitioner pressing a
// held limb, and literally for a foot resting (seated) or standing on a
// ball or bottle. Indentation control clamps the knee and moves the tool.
// A roll first presses at the path's first point, then moves the tool one
// position per load step with the force held.
#pragma once

#include <deal.II/base/tensor.h>

#include "model/model_case.h"
#include "scenario/foot_parameters.h"
#include "scenario/massage_parameters.h"
#include "scenario/massage_plan.h"

#include <vector>

namespace plantarfe::model
{
  /// The case; settings.load_steps is the number of press steps (the roll
  /// adds one step per further position).
  template <int dim>
  ModelCase<dim>
  make_massage_case(const scenario::FootScenario      &foot,
                    const scenario::MassageParameters &massage,
                    const solver::Settings            &settings,
                    MPI_Comm                           comm);
} // namespace plantarfe::model
