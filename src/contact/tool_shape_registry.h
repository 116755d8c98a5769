// Tool shapes by name: each registered shape builds its rigid obstacle from a
// catalogue entry (tool_catalogue.h) and says how far its skin-facing side
// lies from its centre and on what radius it rolls. A new shape is its
// Obstacle class (.h/.cc) with one ToolShapes::add line at the bottom of the
// .cc file; catalogue entries name it in ToolSpec::shape.
#pragma once

#include "base/registry.h"
#include "contact/obstacle.h"

#include <functional>
#include <memory>
#include <string>

namespace plantarfe::contact
{
  struct ToolSpec;

  struct ToolShape
  {
    std::string name; ///< as catalogue entries name it, e.g. "cylinder"
    std::string description;
    /// The shape in its body frame (centre at the origin); plane_strain
    /// builds the z = 0 section for 2D models.
    std::function<std::shared_ptr<const Obstacle>(const ToolSpec &,
                                                  bool plane_strain)>
      create;
    /// Distance from the centre to the surface along the body -y axis
    /// (where the tool first touches the skin), m.
    std::function<double(const ToolSpec &)> contact_radius;
    /// Radius the tool rolls on (m); 0 for shapes that do not roll.
    std::function<double(const ToolSpec &)> rolling_radius;
    /// Whether a foam layer (ToolSpec::foam_modulus_Pa) may cover it.
    bool may_be_foam = false;
  };

  using ToolShapes = Registry<ToolShape>;
} // namespace plantarfe::contact
