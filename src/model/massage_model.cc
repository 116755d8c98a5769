#include "model/massage_model.h"

#include <deal.II/base/function.h>

#include "anatomy/regions.h"
#include "base/errors.h"
#include "base/units.h"
#include "contact/retreating_support.h"
#include "contact/tool_catalogue.h"
#include "loads/knee_loads.h"
#include "metrics/massage_metrics.h"
#include "model/foot_loads.h"
#include "model/foot_model.h"
#include "model/note_text.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>

namespace plantarfe::model
{
  using namespace dealii;
  using contact::Matrix3;
  using contact::Vector3;
  namespace region  = anatomy::region;
  namespace surface = anatomy::surface;

  namespace
  {

    Vector3
    embed(const Tensor<1, 2> &v)
    {
      return Vector3({v[0], v[1], 0.});
    }

    /// Knee end held in every direction but @p free_axis (or all when
    /// free_axis >= dim).
    template <int dim>
    solver::DirichletCondition<dim>
    hold_knee(const unsigned int free_axis)
    {
      std::vector<bool> mask(dim, true);
      if (free_axis < dim)
        mask[free_axis] = false;
      return {surface::knee_end,
              ComponentMask(mask),
              std::make_shared<Functions::ZeroFunction<dim>>(dim)};
    }

    /// The same limb without the tool, as a companion run: on the flat
    /// ground under the same load (seated, standing), or held at the knee.
    template <int dim>
    ModelCase<dim>
    make_baseline_case(const scenario::FootScenario      &foot,
                       const scenario::MassageParameters &massage,
                       const scenario::MassagePlan       &plan,
                       const solver::Settings            &settings,
                       MPI_Comm                           comm)
    {
      scenario::FootScenario b    = foot;
      const double           body = foot.subject.body_mass * units::g_earth;
      const bool on_ground = massage.load == scenario::MassageLoad::seated ||
                             massage.load == scenario::MassageLoad::standing;
      ModelCase<dim> c;
      if (on_ground)
        {
          // The tool case holds the knee, so its baseline does too (the
          // balanced stance of make_foot_case would change the calf's pull
          // between the two runs the massage metrics compare).
          b.subject.load_share = plan.force / body;
          const FootFrame<dim> frame(b, comm);
          c = make_limb_case(frame, comm);
          add_foot_loads(held_stance_loads, c, frame);
          add_ground(c, frame);
        }
      else
        {
          const FootFrame<dim> frame(b, comm);
          c = make_limb_case(frame, comm);
          add_foot_loads({"toe dorsiflexion"}, c, frame);
          c.problem.dirichlet = {hold_knee<dim>(dim)};
        }
      c.problem.settings            = settings;
      c.problem.settings.load_steps = plan.press_steps;
      return c;
    }
  } // namespace

  namespace
  {
    /// Force control: the limb, free to slide along the plan's axis only,
    /// is pushed onto the tool by a ramped traction on the knee end, and a
    /// retreating strip shares the load early in the press. Returns the
    /// load fraction at which the full force is reached.
    template <int dim>
    double
    add_press_support(ModelCase<dim>              &c,
                      const FootFrame<dim>        &frame,
                      const scenario::MassagePlan &plan,
                      const double                 t_press)
    {
      const auto &g = frame.sc.geometry;
      const auto &L = frame.outline.landmarks;
      auto       &p = c.problem;
      // Push the limb onto the tool: along +normal (the tool sits outside
      // the skin on that side).
      const double depth = dim == 2 ? g.foot_width : 1.;
      const double knee_area =
        L.knee_end_length *
        (dim == 2 ? depth : anatomy::region_width(g, region::knee));
      const double sign = plan.normal[plan.axis] > 0. ? 1. : -1.;
      // The force ramps up over the first half of the press while a soft
      // strip tangent to the skin shares the load, then the strip retreats
      // over the second half (retreating_support.h): the limb is never
      // without support, and at the end of the press the tool alone
      // carries the force.
      const double t_hold = 0.5 * t_press;
      p.tractions.push_back(
        {surface::knee_end,
         std::make_shared<loads::RampedKneeLoad<dim>>(
           plan.axis, sign * plan.force / knee_area, t_hold)});
      // Hold the whole knee block, not only its end face: a face held
      // across the load could still turn about the knee (the leg would
      // swing as a pendulum on a frictionless tool); the block can only
      // slide along the load.
      {
        std::vector<bool> mask(dim, true);
        mask[plan.axis] = false;
        p.region_dirichlet.push_back(
          {region::knee,
           ComponentMask(mask),
           std::make_shared<Functions::ZeroFunction<dim>>(dim)});
      }
      const auto  &first = plan.points.front();
      const double half  = first.on_sole                     ? 0.060 :
                           first.name == "achilles_junction" ? 0.030 :
                                                               0.040;
      const double width =
        dim == 2 ? depth : (first.on_sole ? g.foot_width : g.muscle_width);
      // Soft enough that the force alone would sink the limb 5 mm into
      // it, so its retreat (25 mm, slow at first) keeps it in contact
      // while the tool's patch grows.
      const double cushion = 0.005, retreat = 0.025;
      const double k_support = plan.force / (2. * half * width * cushion);
      const auto   support   = std::make_shared<contact::RetreatingSupport>(
        embed(Tensor<1, 2>(first.skin)),
        plan.normal,
        embed(first.tangent),
        half,
        retreat,
        t_hold,
        t_press);
      p.contacts.push_back(
        {surface::skin, support, k_support, 0., "tool support"});
      p.contacts.push_back(
        {surface::free, support, k_support, 0., "tool support"});
      c.notes.push_back(
        {"massage_support_penalty_Pa_per_m", note_number(k_support, 10)});
      return t_hold;
    }

    /// The tool's path: pressed at the first position, then one position
    /// per load step (rolling where the shape rolls).
    template <int dim>
    contact::ToolPath
    tool_path(const scenario::MassagePlan       &plan,
              const scenario::MassageParameters &m,
              const double                       t_press)
    {
      contact::ToolPath path(plan.orientation);
      const Vector3     press = plan.force_controlled ?
                                  Vector3() :
                                  Vector3(-m.indentation * plan.normal);
      path.add(0., plan.centres.front());
      if (!plan.force_controlled || plan.centres.size() > 1)
        path.add(t_press, plan.centres.front() + press);
      for (unsigned int k = 1; k < plan.centres.size(); ++k)
        path.add(double(plan.press_steps + k) / plan.total_steps,
                 plan.centres[k] + press);
      const double rolling = contact::rolling_radius(m.tool);
      if (rolling > 0.)
        path.roll(-plan.normal, rolling);
      return path;
    }

    /// Standing (or seated) on a tool ahead of the ankle: the knee is held
    /// in place, so the tool's reaction F at a lever d ahead of the ankle
    /// turns the foot up with F d. The passive calf alone cannot hold that
    /// (about 0.9 kN of Achilles force with a bottle under the ball of the
    /// foot standing): the foot dorsiflexed until the ankle cartilage's
    /// front edge crushed (J -> 0.7, then inverted; the standing rolls
    /// stopped at load 0.5, a floor under the bottle is not reached before
    /// that). A person balancing on a bottle holds the foot with the calf,
    /// as in a heel raise: the calf adds the active pull F d / moment arm
    /// (tool ahead of the ankle only; behind it the foot rests on the
    /// passive structures, as before).
    template <int dim>
    void
    add_calf_balance(ModelCase<dim>              &c,
                     const FootFrame<dim>        &frame,
                     const scenario::MassagePlan &plan,
                     const contact::ToolPath     &path,
                     const double                 t_press)
    {
      const auto  &L      = frame.outline.landmarks;
      auto        &p      = c.problem;
      const double arm    = frame.sizes.achilles_moment_arm;
      const double ankle  = L.ankle_centre[0];
      const double area   = calf_section(frame);
      const double force  = plan.force;
      const double t_full = 0.5 * t_press;
      auto         before = p.fibre_active_stress.count(region::calf_muscle) ?
                              p.fibre_active_stress[region::calf_muscle] :
                              std::function<double(double)>();
      p.fibre_active_stress[region::calf_muscle] = [=](const double t) {
        const double lever = std::max(0., path.at(t).centre[0] - ankle);
        const double pull  = force * std::min(1., t / t_full) * lever / arm;
        return (before ? before(t) : 0.) + pull / area;
      };
      c.notes.push_back({"massage_calf_balance",
                         "active calf pull = tool load x (tool x - ankle x) "
                         "/ Achilles moment arm, tool ahead of the ankle"});
    }

    /// The floor the tool lies on (seated, standing): a rigid plane through
    /// the tool's lowest point. Without it a passive foot standing on a
    /// bottle ahead of the ankle can only balance the body weight's moment
    /// by stretching the calf - about 0.9 kN of Achilles force with the
    /// bottle under the ball of the foot, far beyond the passive calf's
    /// range - so the foot dorsiflexed until the ankle's soft tissue
    /// inverted (the standing rolls stopped at load 0.5). With the floor the
    /// heel comes down onto it, as it does for a person standing on a
    /// bottle, and shares the load.
    template <int dim>
    void
    add_floor(ModelCase<dim>                    &c,
              const scenario::MassagePlan       &plan,
              const scenario::MassageParameters &m)
    {
      auto  &p      = c.problem;
      double lowest = 0.;
      for (const auto &centre : plan.centres)
        lowest = std::min(lowest, centre[1] - contact::contact_radius(m.tool));
      p.contacts.push_back(
        {surface::skin,
         std::make_shared<contact::RigidPlane>(
           contact::Vector3({0., lowest, 0.}), contact::Vector3({0., 1., 0.})),
         plan.penalty,
         0.,
         "floor"});
      c.notes.push_back(
        {"massage_floor_height_mm", note_number(lowest * 1e3, 10)});
    }

    /// What the log and the summary show of the massage set-up.
    template <int dim>
    void
    add_massage_notes(ModelCase<dim>                    &c,
                      const scenario::MassagePlan       &plan,
                      const scenario::MassageParameters &m,
                      const contact::Obstacle           &tool,
                      const double                       t_press)
    {
      const double penalty = plan.penalty;
      c.notes.push_back({"massage_tool", m.tool.name});
      c.notes.push_back({"massage_tool_shape", tool.describe()});
      c.notes.push_back({"massage_tool_size_source", m.tool.source});
      c.notes.push_back({"massage_point", plan.points.front().name});
      c.notes.push_back(
        {"massage_load",
         plan.force_controlled ?
           "force " + note_number(plan.force, 10) + " N" :
           "indentation " + note_number(m.indentation * 1e3, 10) + " mm"});
      c.notes.push_back(
        {"massage_positions", std::to_string(plan.centres.size())});
      c.notes.push_back(
        {"massage_press_load_fraction", note_number(t_press, 10)});
      c.notes.push_back({"massage_penalty_Pa_per_m", note_number(penalty, 10)});
      if (m.protocol == scenario::MassageProtocol::hold)
        c.notes.push_back(
          {"massage_hold_time_s", note_number(m.hold_time, 10)});
    }
  } // namespace

  template <int dim>
  ModelCase<dim>
  make_massage_case(const scenario::FootScenario      &foot,
                    const scenario::MassageParameters &m,
                    const solver::Settings            &settings,
                    MPI_Comm                           comm)
  {
    // The stance model's limb (mesh, tissues, calf, foot metric facts) and
    // its windlass, composed with the tool and how the limb is pressed onto
    // it; no ground and no body weight on the knee.
    const FootFrame<dim> frame(foot, comm);
    // The points are the mesh's own when its landmarks are.
    std::optional<anatomy::MeshSurface> surface;
    std::optional<scenario::MeshFoot>   on_mesh;
    if (foot.mesh.mesh_landmarks)
      {
        surface.emplace(anatomy::mesh_surface<dim>(frame.coarse_mesh));
        on_mesh.emplace(scenario::MeshFoot{*surface, frame.outline.landmarks});
      }
    const scenario::MassagePlan plan = scenario::plan_massage(
      foot, m, dim, settings.load_steps, on_mesh ? &*on_mesh : nullptr);
    const auto    &g = foot.geometry;
    const auto    &L = frame.outline.landmarks;
    ModelCase<dim> c = make_limb_case(frame, comm);
    add_foot_loads({"toe dorsiflexion"}, c, frame);
    auto &p               = c.problem;
    p.settings            = settings;
    p.settings.load_steps = plan.total_steps;

    const double t_press = double(plan.press_steps) / plan.total_steps;
    const bool   on_tool = m.load == scenario::MassageLoad::seated ||
                         m.load == scenario::MassageLoad::standing;
    metrics::MassageMetricContext mc;
    if (plan.force_controlled)
      mc.force_full = add_press_support(c, frame, plan, t_press);
    else
      p.dirichlet.push_back(hold_knee<dim>(dim));

    const contact::ToolPath path = tool_path<dim>(plan, m, t_press);
    const auto              tool = std::make_shared<contact::MovingTool>(
      contact::make_tool_shape(m.tool, dim == 2), path);
    if (on_tool)
      add_calf_balance(c, frame, plan, path, t_press);
    p.contacts.push_back({surface::skin, tool, plan.penalty, 0., "tool"});
    p.contacts.push_back({surface::free, tool, plan.penalty, 0., "tool"});
    if (on_tool && m.floor)
      add_floor(c, plan, m);
    add_massage_notes(c, plan, m, *tool, t_press);

    mc.depth                = dim == 2 ? g.foot_width : 1.;
    mc.normal               = plan.normal;
    mc.applied_force_N      = plan.force_controlled ? plan.force : 0.;
    mc.on_sole              = plan.on_sole;
    mc.knee_centre          = L.knee_centre;
    mc.seat                 = plan.seat;
    c.metric_inputs.massage = mc;
    if (m.baseline)
      c.companions.push_back(
        {"baseline",
         std::string("the no-massage baseline: ") +
           (on_tool ? "flat ground, same load" :
                      "limb held at the knee, no tool"),
         std::make_shared<ModelCase<dim>>(
           make_baseline_case<dim>(foot, m, plan, settings, comm))});
    return c;
  }

  template ModelCase<2>
  make_massage_case(const scenario::FootScenario &,
                    const scenario::MassageParameters &,
                    const solver::Settings &,
                    MPI_Comm);
  template ModelCase<3>
  make_massage_case(const scenario::FootScenario &,
                    const scenario::MassageParameters &,
                    const solver::Settings &,
                    MPI_Comm);
} // namespace plantarfe::model
