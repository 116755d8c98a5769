#include "contact/tool_catalogue.h"

#include "base/errors.h"
#include "contact/tool_shape_registry.h"

namespace plantarfe::contact
{
  namespace
  {
    ToolSpec
    ball(const std::string &name, const double d, const std::string &source)
    {
      ToolSpec s;
      s.name     = name;
      s.shape    = "sphere";
      s.diameter = d;
      s.source   = source;
      return s;
    }

    ToolSpec
    roller(const std::string &name,
           const double       d,
           const double       length,
           const std::string &source)
    {
      ToolSpec s;
      s.name     = name;
      s.shape    = "cylinder";
      s.diameter = d;
      s.length   = length;
      s.source   = source;
      return s;
    }
  } // namespace

  const std::vector<ToolSpec> &
  tool_catalogue()
  {
    static const std::vector<ToolSpec> list = [] {
      std::vector<ToolSpec> l;
      ToolSpec              thumb;
      thumb.name      = "thumb";
      thumb.shape     = "ellipsoid";
      thumb.semi_axes = Vector3({0.0125, 0.008, 0.010});
      thumb.diameter  = 0.025;
      thumb.source =
        "thumb pad as an ellipsoid 25 mm long, 20 mm wide, 16 mm deep "
        "(assumed adult thumb tip; not a measured figure)";
      l.push_back(thumb);
      l.push_back(ball("knuckle",
                       0.020,
                       "flexed finger knuckle as a 20 mm sphere (assumed "
                       "adult proximal interphalangeal joint breadth)"));
      l.push_back(ball("tennis_ball",
                       0.067,
                       "ITF rules: 65.4-68.6 mm; rigid here (a real ball "
                       "deflects 5.6-7.4 mm under 80 N)"));
      l.push_back(ball("lacrosse_ball",
                       0.064,
                       "NCAA specification: 62.7-64.7 mm, solid rubber"));
      ToolSpec spiky;
      spiky.name         = "spiky_ball";
      spiky.shape        = "spiky ball";
      spiky.diameter     = 0.076;
      spiky.spike_height = 0.006;
      spiky.bump_radius  = 0.003;
      spiky.spikes_2d    = 16;
      spiky.spikes_3d    = 60;
      spiky.source =
        "64 mm core with 6 mm spikes with 3 mm tips (typical product "
        "size; assumed)";
      l.push_back(spiky);
      l.push_back(roller("frozen_bottle",
                         0.065,
                         0.200,
                         "500 ml water bottle: 65 mm diameter, 200 mm long "
                         "(common product size)"));
      l.push_back(roller("wooden_roller",
                         0.035,
                         0.150,
                         "foot roller 35 mm diameter, 150 mm long (typical "
                         "product; assumed)"));
      ToolSpec foam = roller("foam_roller",
                             0.152,
                             0.300,
                             "foam roller 152 mm diameter (common product "
                             "size), 300 mm long");
      // Assumed: not calibrated. Curran et al. 2008 measured 33.4 kPa over
      // 68 cm^2 (foam) vs 51.8 kPa over 47 cm^2 (rigid) on the thigh.
      foam.foam_modulus_Pa = 300e3;
      l.push_back(foam);
      return l;
    }();
    return list;
  }

  std::string
  tool_names_pattern()
  {
    std::string p;
    for (const auto &t : tool_catalogue())
      p += (p.empty() ? "" : "|") + t.name;
    return p;
  }

  const ToolSpec &
  find_tool(const std::string &name)
  {
    for (const auto &t : tool_catalogue())
      if (t.name == name)
        return t;
    throw ScenarioError("Massage/Tool: unknown tool '" + name + "' (one of " +
                        tool_names_pattern() + ")");
  }

  std::shared_ptr<const Obstacle>
  make_tool_shape(const ToolSpec &s, const bool plane_strain)
  {
    return ToolShapes::get(s.shape, "Massage/Tool").create(s, plane_strain);
  }

  double
  contact_radius(const ToolSpec &s)
  {
    return ToolShapes::get(s.shape, "Massage/Tool").contact_radius(s);
  }

  double
  rolling_radius(const ToolSpec &s)
  {
    return ToolShapes::get(s.shape, "Massage/Tool").rolling_radius(s);
  }
} // namespace plantarfe::contact
