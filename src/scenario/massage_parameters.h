// Scenario entries of a massage (`subsection Massage`): which tool, where on
// the foot or calf, how it is loaded (a practitioner's force or indentation,
// or the person's own weight seated or standing on it) and the protocol (a
// press, a sustained hold, a roll along a path of points). Users write mm,
// N, degrees and kPa; read_massage_parameters converts to SI.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include "contact/tool_catalogue.h"

#include <string>
#include <vector>

namespace plantarfe::scenario
{
  enum class MassageLoad
  {
    force,       ///< a practitioner pushes with Force; the limb is held
    indentation, ///< the tool moves Indentation into the skin; limb held
    seated,      ///< foot on the tool, foot + shank weight (+ push)
    standing     ///< foot on the tool, Subject/Load share of body weight
  };

  enum class MassageProtocol
  {
    press,
    hold,
    roll
  };

  struct MassageParameters
  {
    bool              enabled = false; ///< Tool != none
    contact::ToolSpec tool;            ///< with the size overrides applied
    bool              deformable = false;
    std::string       point      = "central_arch";
    /// Offset (m): along the skin, along the outward normal (a gap), and
    /// across (3D lateral).
    double          offset_along = 0., offset_normal = 0., offset_lateral = 0.;
    double          orientation = 0.; ///< rad, about the skin normal
    MassageLoad     load        = MassageLoad::force;
    double          force       = 40.;   ///< N
    double          indentation = 0.005; ///< m
    double          seated_push = 0.;    ///< N on top of the leg's weight
    MassageProtocol protocol    = MassageProtocol::press;
    double          hold_time   = 60.; ///< s (recorded; elastic model)
    std::vector<std::string> path;     ///< point names, in order
    unsigned int             positions = 20;
    double                   penalty   = 0.; ///< Pa/m; 0 = automatic
    bool                     baseline  = true;
    /// Seated/standing: the tool lies on a rigid floor on which the rest
    /// of the sole rests where it comes low enough.
    bool floor = true;
  };

  /// Throws the ScenarioError "Massage/<entry>: <why>".
  [[noreturn]] void
  reject_massage_entry(const std::string &entry, const std::string &why);

  void
  declare_massage_parameters(dealii::ParameterHandler &prm);

  /// Reads the Massage section (SI). Throws ScenarioError "Massage/<Entry>:
  /// why" for values no anatomy could make valid (force <= 0, a roll
  /// without a path, ...); the checks against the anatomy run in
  /// check_massage (massage_problem.h), also before any mesh.
  MassageParameters
  read_massage_parameters(dealii::ParameterHandler &prm);
} // namespace plantarfe::scenario
