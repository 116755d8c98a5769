#include "scenario/massage_parameters.h"

#include "anatomy/massage_points.h"
#include "base/declared_entry.h"
#include "base/errors.h"
#include "contact/tool_shape_registry.h"

#include <cmath>
#include <sstream>

namespace plantarfe::scenario
{
  using namespace dealii;

  void
  reject_massage_entry(const std::string &entry, const std::string &why)
  {
    throw ScenarioError("Massage/" + entry + ": " + why);
  }

  namespace
  {
    std::vector<double>
    doubles(const std::string &text)
    {
      std::vector<double> v;
      for (const auto &s : Utilities::split_string_list(text, ','))
        v.push_back(Utilities::string_to_double(s));
      return v;
    }

    /// Which tool, its size and whether it gives.
    void
    declare_tool(ParameterHandler &prm)
    {
      prm.declare_entry(
        "Tool",
        "none",
        Patterns::Selection("none|" + contact::tool_names_pattern()),
        "none = no massage (a stance scenario). thumb (ellipsoid 25 x 20 x 16 "
        "mm), knuckle (20 mm sphere), tennis_ball (67 mm, ITF), lacrosse_ball "
        "(64 mm, NCAA), spiky_ball (64 mm core + 6 mm spikes), frozen_bottle "
        "(cylinder 65 x 200 mm), wooden_roller (35 x 150 mm), foam_roller "
        "(152 x 300 mm). Rigid unless Deformable. In 2D every tool acts as a "
        "roller across the model's depth (plane strain).");
      declare_entry_with_unit(
        prm,
        "Diameter",
        "0",
        Patterns::Double(0., 1000.),
        entry_units::mm,
        "Tool diameter (mm) over any spikes; 0 = the tool's "
        "default. For the thumb: twice its longest semi-axis "
        "(the ellipsoid is scaled).");
      declare_entry_with_unit(
        prm,
        "Length",
        "0",
        Patterns::Double(0., 2000.),
        entry_units::mm,
        "Roller/bottle length (mm, 3D); 0 = the default.");
      prm.declare_entry("Deformable",
                        "false",
                        Patterns::Bool(),
                        "Foam roller only: the foam gives, contact pressure = "
                        "Foam modulus / roller radius x penetration (a Winkler "
                        "foam layer), instead of a rigid penalty.");
      declare_entry_with_unit(
        prm,
        "Foam modulus",
        "300",
        Patterns::Double(1., 1e5),
        entry_units::kPa,
        "Young's modulus of the foam of a deformable roller "
        "(kPa; assumed, not calibrated).");
    }

    /// Where the tool touches and how it is turned.
    void
    declare_placement(ParameterHandler &prm)
    {
      prm.declare_entry("Point",
                        "central_arch",
                        Patterns::Selection(
                          anatomy::massage_point_names_pattern()),
                        "Where the tool touches the skin: heel_attachment "
                        "(under the medial calcaneal tubercle), central_arch, "
                        "ball_of_foot (first metatarsal head), "
                        "achilles_junction (back of the heel), gastrocnemius "
                        "(upper calf), soleus (lower calf). For a roll: the "
                        "first point unless Path is set.");
      declare_entry_with_unit(
        prm,
        "Offset",
        "0, 0, 0",
        Patterns::List(Patterns::Double(-500., 500.), 3, 3),
        entry_units::mm,
        "Tool placement relative to the point (mm): along the "
        "skin (towards the toes on the sole, towards the knee "
        "on the leg), along the outward skin normal (> 0 "
        "leaves a gap), across the foot (3D, + lateral).");
      declare_entry_with_unit(
        prm,
        "Orientation",
        "0",
        Patterns::Double(-180., 180.),
        entry_units::degrees,
        "Turn of the tool about the skin normal (degrees; 3D "
        "only): 0 puts a roller's axis across the foot or leg "
        "and the thumb's long axis along the skin.");
    }

    /// How the tool is pressed: a hand or the body's weight.
    void
    declare_load(ParameterHandler &prm)
    {
      prm.declare_entry("Load",
                        "force",
                        Patterns::Selection(
                          "force|indentation|seated|standing"),
                        "force: a practitioner pushes the tool with Force (the "
                        "limb held at the knee); indentation: the tool moves "
                        "Indentation into the skin (limb clamped at the knee); "
                        "seated: the foot rests on the tool with the weight "
                        "of foot and shank (6.1 % of body mass, Winter) plus "
                        "Seated push; standing: the foot on the tool carries "
                        "Subject/Load share of the body weight.");
      declare_entry_with_unit(prm,
                              "Force",
                              "40",
                              Patterns::Double(),
                              entry_units::N,
                              "Tool force for Load = force (N, > 0).");
      declare_entry_with_unit(
        prm,
        "Indentation",
        "5",
        Patterns::Double(),
        entry_units::mm,
        "Tool travel into the skin for Load = indentation (mm, "
        "> 0).");
      declare_entry_with_unit(
        prm,
        "Seated push",
        "0",
        Patterns::Double(0., 2000.),
        entry_units::N,
        "Extra downward push through the leg when seated (N).");
    }

    /// Press, hold or roll; the baseline and the floor.
    void
    declare_protocol(ParameterHandler &prm)
    {
      prm.declare_entry("Protocol",
                        "press",
                        Patterns::Selection("press|hold|roll"),
                        "press: load the tool at Point; hold: the same, "
                        "recorded with Hold time (the tissues are elastic, so "
                        "the held state equals the pressed one); roll: load "
                        "at the first point of Path, then move the tool "
                        "through Positions positions along Path (one load "
                        "step each).");
      declare_entry_with_unit(prm,
                              "Hold time",
                              "60",
                              Patterns::Double(0., 3600.),
                              entry_units::s,
                              "Duration of a sustained hold (s; 30-90 s in "
                              "practitioner guides). Recorded only.");
      prm.declare_entry(
        "Path",
        "",
        Patterns::List(
          Patterns::Selection(anatomy::massage_point_names_pattern()), 0, 6),
        "Points the roll passes through, in order (all on "
        "the sole, or all on the back of heel and calf), e.g. "
        "heel_attachment, ball_of_foot.");
      prm.declare_entry("Positions",
                        "20",
                        Patterns::Integer(),
                        "Tool positions along the path (>= 2), evenly spaced; "
                        "each is one load step in results.h5.");
      declare_entry_with_unit(
        prm,
        "Contact penalty",
        "0",
        Patterns::Double(0., 1e15),
        entry_units::Pa_per_m,
        "Tool contact penalty (Pa/m); 0 = automatic: 15 x 3 x "
        "soft-tissue shear modulus / cell size (the ground's "
        "200 x made Newton cycle between active sets while a "
        "tool rolls; the penetration stays a few % of the "
        "tissue's compression).");
      prm.declare_entry("Baseline",
                        "true",
                        Patterns::Bool(),
                        "Also solve the same scenario without massage (foot "
                        "on flat ground with the same load for seated/"
                        "standing; the limb held without a tool otherwise) "
                        "and report the heel-attachment stress change.");
      prm.declare_entry("Floor",
                        "true",
                        Patterns::Bool(),
                        "Seated and standing: the tool lies on a rigid floor "
                        "(frictionless, the tool's penalty) and the heel or "
                        "the toes rest on it wherever the foot tilts down far "
                        "enough, as when one stands on a bottle under the "
                        "ball of the foot; false: the tool alone carries the "
                        "foot. Ignored for force and indentation.");
    }
  } // namespace

  void
  declare_massage_parameters(ParameterHandler &prm)
  {
    const DeclaredSection massage(prm, "Massage");
    declare_tool(prm);
    declare_placement(prm);
    declare_load(prm);
    declare_protocol(prm);
  }

  MassageParameters
  read_massage_parameters(ParameterHandler &prm)
  {
    MassageParameters m;
    prm.enter_subsection("Massage");
    const std::string tool = prm.get("Tool");
    m.enabled              = tool != "none";
    if (!m.enabled)
      {
        prm.leave_subsection();
        return m;
      }
    m.tool         = contact::find_tool(tool);
    const double d = prm.get_double("Diameter") * 1e-3;
    if (d > 0.)
      {
        const double s = d / m.tool.diameter;
        m.tool.diameter *= s;
        m.tool.semi_axes *= s;
        m.tool.spike_height *= s;
        m.tool.bump_radius *= s;
      }
    const double length = prm.get_double("Length") * 1e-3;
    if (length > 0.)
      m.tool.length = length;
    m.deformable = prm.get_bool("Deformable");
    if (m.deformable &&
        !contact::ToolShapes::get(m.tool.shape, "Massage/Tool").may_be_foam)
      reject_massage_entry("Deformable",
                           "only rollers (cylinders) can be deformable");
    if (m.deformable)
      m.tool.foam_modulus_Pa = prm.get_double("Foam modulus") * 1e3;
    m.point                = prm.get("Point");
    const auto off         = doubles(prm.get("Offset"));
    m.offset_along         = off[0] * 1e-3;
    m.offset_normal        = off[1] * 1e-3;
    m.offset_lateral       = off[2] * 1e-3;
    m.orientation          = prm.get_double("Orientation") * M_PI / 180.;
    const std::string load = prm.get("Load");
    m.load                 = load == "force"       ? MassageLoad::force :
                             load == "indentation" ? MassageLoad::indentation :
                             load == "seated"      ? MassageLoad::seated :
                                                     MassageLoad::standing;
    m.force                = prm.get_double("Force");
    m.indentation          = prm.get_double("Indentation") * 1e-3;
    m.seated_push          = prm.get_double("Seated push");
    if (m.load == MassageLoad::force && !(m.force > 0.))
      reject_massage_entry("Force",
                           "must be > 0 N (got " + prm.get("Force") + ")");
    if (m.load == MassageLoad::indentation && !(m.indentation > 0.))
      reject_massage_entry("Indentation",
                           "must be > 0 mm (got " + prm.get("Indentation") +
                             ")");
    const std::string protocol = prm.get("Protocol");
    m.protocol                 = protocol == "press" ? MassageProtocol::press :
                                 protocol == "hold"  ? MassageProtocol::hold :
                                                       MassageProtocol::roll;
    m.hold_time                = prm.get_double("Hold time");
    m.path      = Utilities::split_string_list(prm.get("Path"), ',');
    const int n = prm.get_integer("Positions");
    if (m.protocol == MassageProtocol::roll)
      {
        if (m.path.size() < 2)
          reject_massage_entry(
            "Path",
            "a roll needs at least two points to roll between (got " +
              std::to_string(m.path.size()) + ")");
        if (n < 2)
          reject_massage_entry("Positions",
                               "a roll needs at least 2 positions (got " +
                                 prm.get("Positions") + ")");
      }
    else if (n < 1)
      reject_massage_entry("Positions",
                           "must be >= 1 (got " + prm.get("Positions") + ")");
    m.positions = static_cast<unsigned int>(std::max(n, 1));
    m.penalty   = prm.get_double("Contact penalty");
    m.baseline  = prm.get_bool("Baseline");
    m.floor     = prm.get_bool("Floor");
    prm.leave_subsection();
    return m;
  }
} // namespace plantarfe::scenario
