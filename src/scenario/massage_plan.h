// Where a massage tool goes and how it is driven, derived from the scenario
// and checked against the anatomy (the outline, or a mesh file's own surface
// and landmarks) before anything is solved: tool
// inside bone, off the body, bigger than the foot, posture vs point. The
// input checks (scenario/parameters.cc) and the massage model
// (model/massage_model.cc) share it.
#pragma once

#include "anatomy/massage_points.h"
#include "contact/moving_tool.h"
#include "scenario/foot_parameters.h"
#include "scenario/massage_parameters.h"

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
    contact::Vector3              normal;   ///< outward skin normal (3D)
    unsigned int                  axis = 1; ///< knee's free axis (force)
    bool                          force_controlled = true;
    double                        force            = 0.; ///< N
    double                        seat             = 0.; ///< m
    double                        penalty          = 0.; ///< Pa/m
    bool                          on_sole          = true;
    unsigned int                  press_steps      = 4;
    unsigned int                  total_steps      = 4;
  };

  /// A foot mesh's own surface and landmarks, when the massage points are
  /// found on the mesh (Geometry/Landmarks = mesh).
  struct MeshFoot
  {
    const anatomy::MeshSurface   &surface;
    const anatomy::FootLandmarks &landmarks;
  };

  /// Builds the plan and checks it against the anatomy (tool inside bone,
  /// off the body, bigger than the foot, posture vs point): ScenarioError
  /// naming the Massage entry, before solving. The anatomy is the outline
  /// of the Foot section, or @p mesh when given.
  MassagePlan
  plan_massage(const FootScenario      &foot,
               const MassageParameters &massage,
               int                      dim,
               unsigned int             press_steps,
               const MeshFoot          *mesh = nullptr);
} // namespace plantarfe::scenario
