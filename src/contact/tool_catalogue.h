// The named massage tools users pick in a scenario (`Massage/Tool`), with
// their default sizes and where each size comes from. A tool's body frame:
// y points from the skin towards the tool's centre (the tool touches the
// skin with its -y side), x runs along the skin, z across it (the cylinder
// axis); the scenario turns this frame onto the skin at a massage point.
#pragma once

#include "contact/obstacle.h"

#include <memory>
#include <string>
#include <vector>

namespace plantarfe::contact
{
  struct ToolSpec
  {
    std::string name; ///< as written in scenarios, e.g. tennis_ball
    /// Registered shape (tool_shape_registry.h): "sphere", "ellipsoid",
    /// "cylinder" or "spiky ball".
    std::string shape = "sphere";
    /// Outer diameter (m): ball, roller, spiky ball over its spikes; for the
    /// ellipsoid twice its largest semi-axis (derived, for size checks).
    double diameter = 0.;
    double length   = 0.; ///< cylinder length along its axis (m)
    /// Ellipsoid semi-axes (m) along the skin, normal to it, across it.
    Vector3      semi_axes;
    double       spike_height = 0.; ///< spiky ball: spikes over the core (m)
    double       bump_radius  = 0.; ///< spiky ball: tip radius (m)
    unsigned int spikes_2d = 0, spikes_3d = 0;
    /// Foam rollers may be deformable: contact pressure = modulus / radius
    /// x penetration (a Winkler foam layer as deep as the roller's radius).
    double      foam_modulus_Pa = 0.;
    std::string source; ///< where the default size comes from
  };

  /// Every named tool, in the order the parameter pattern lists them.
  const std::vector<ToolSpec> &
  tool_catalogue();

  /// "thumb|knuckle|..." for Patterns::Selection.
  std::string
  tool_names_pattern();

  /// The named tool; throws ScenarioError for an unknown name.
  const ToolSpec &
  find_tool(const std::string &name);

  /// The rigid shape of @p spec in its body frame (centre at the origin);
  /// @p plane_strain builds the z = 0 section for 2D models.
  std::shared_ptr<const Obstacle>
  make_tool_shape(const ToolSpec &spec, bool plane_strain);

  /// Distance from the tool's centre to its surface along the body -y axis
  /// (where it first touches the skin), m.
  double
  contact_radius(const ToolSpec &spec);

  /// Radius the tool rolls on (m); 0 for tools that do not roll (thumb).
  double
  rolling_radius(const ToolSpec &spec);
} // namespace plantarfe::contact
