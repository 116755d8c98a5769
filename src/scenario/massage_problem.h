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

#include "anatomy/massage_points.h"
#include "contact/moving_tool.h"
#include "scenario/foot_parameters.h"
#include "scenario/massage_parameters.h"
#include "scenario/model_case.h"

#include <vector>

namespace plantarfe::scenario
{
  /// Where the tool goes and how it is driven, before any mesh exists.
  struct MassagePlan
  {
    std::vector<anatomy::MassagePoint> points; ///< Point, or the Path's
    /// Tool centre per position (m): touching the skin (minus the seat for
    /// force control); positions[0] is where the press happens.
    std::vector<contact::Vector3> centres;
    contact::Matrix3              orientation;
    contact::Vector3              normal; ///< outward skin normal (3D)
    unsigned int                  axis = 1; ///< knee's free axis (force)
    bool                          force_controlled = true;
    double                        force            = 0.; ///< N
    double                        seat             = 0.; ///< m
    double                        penalty          = 0.; ///< Pa/m
    bool                          on_sole          = true;
    unsigned int                  press_steps      = 4;
    unsigned int                  total_steps      = 4;
  };

  /// Builds the plan and checks it against the anatomy (tool inside bone,
  /// off the body, bigger than the foot, posture vs point): ScenarioError
  /// naming the Massage entry, before meshing.
  MassagePlan
  plan_massage(const FootScenario      &foot,
               const MassageParameters &massage,
               int                      dim,
               unsigned int             press_steps);

  /// The case; settings.load_steps is the number of press steps (the roll
  /// adds one step per further position).
  template <int dim>
  ModelCase<dim>
  make_massage_case(const FootScenario      &foot,
                    const MassageParameters &massage,
                    const solver::Settings  &settings,
                    MPI_Comm                 comm);
} // namespace plantarfe::scenario
