#include "model/massage_model.h"

#include <deal.II/base/function.h>

#include "anatomy/regions.h"
#include "base/errors.h"
#include "base/units.h"
#include "contact/retreating_support.h"
#include "contact/tool_catalogue.h"
#include "loads/knee_loads.h"
#include "metrics/massage_metrics.h"
#include "model/foot_model.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <iostream>
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
    std::string
    num(const double v)
    {
      std::ostringstream s;
      s.precision(10);
      s << v;
      return s.str();
    }

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

    /// Solves the same limb without massage and returns its metrics.
    template <int dim>
    std::vector<Metric>
    solve_baseline(const scenario::FootScenario      &foot,
                   const scenario::MassageParameters &massage,
                   const scenario::MassagePlan       &plan,
                   const solver::Settings            &settings,
                   MPI_Comm                           comm)
    {
      scenario::FootScenario b    = foot;
      const double           body = foot.subject.body_mass * units::g_earth;
      const bool on_ground = massage.load == scenario::MassageLoad::seated ||
                             massage.load == scenario::MassageLoad::standing;
      if (on_ground)
        b.subject.load_share = plan.force / body;
      auto c = make_foot_case<dim>(b, comm);
      if (!on_ground)
        {
          c.problem.tractions.clear();
          c.problem.contacts.clear();
          c.problem.dirichlet = {hold_knee<dim>(dim)};
        }
      c.problem.settings            = settings;
      c.problem.settings.load_steps = plan.press_steps;
      if (Utilities::MPI::this_mpi_process(comm) == 0)
        std::cerr << "plantarfe: solving the no-massage baseline ("
                  << (on_ground ? "flat ground, same load" :
                                  "limb held at the knee, no tool")
                  << ")\n";
      solver::Solid<dim> solid(c.problem, comm);
      const auto         report = solid.solve();
      if (!report.converged)
        return {};
      return c.metrics(solid);
    }

    double
    value_of(const std::vector<Metric> &m, const std::string &name)
    {
      for (const auto &x : m)
        if (x.name == name)
          return x.value;
      return std::nan("");
    }
  } // namespace

  template <int dim>
  ModelCase<dim>
  make_massage_case(const scenario::FootScenario      &foot,
                    const scenario::MassageParameters &m,
                    const solver::Settings            &settings,
                    MPI_Comm                           comm)
  {
    const scenario::MassagePlan plan =
      scenario::plan_massage(foot, m, dim, settings.load_steps);
    const auto  &g = foot.geometry;
    const double h = dim == 2 ? foot.mesh.mesh_size_2d : foot.mesh.mesh_size_3d;
    const anatomy::FootOutline outline = anatomy::make_foot_outline(g, h);
    const auto                &L       = outline.landmarks;

    // The foot model (tissues, calf, mesh, foot metrics) without its ground
    // and knee load.
    ModelCase<dim> c                     = make_foot_case<dim>(foot, comm);
    auto           foot_metrics          = c.metrics;
    auto          &p                     = c.problem;
    p.settings                           = settings;
    p.settings.load_steps                = plan.total_steps;
    const solver::Settings base_settings = settings;
    p.tractions.clear();
    p.dirichlet.clear();
    p.contacts.clear();
    std::vector<std::pair<std::string, std::string>> notes;
    for (const auto &n : c.notes)
      if (n.first != "ground_penalty_Pa_per_m" &&
          n.first != "body_weight_on_foot_N")
        notes.push_back(n);
    c.notes = notes;

    const double t_press = double(plan.press_steps) / plan.total_steps;
    const bool   on_tool = m.load == scenario::MassageLoad::seated ||
                         m.load == scenario::MassageLoad::standing;
    metrics::MassageMetricContext mc;
    if (plan.force_controlled)
      {
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
        mc.support_contacts = {static_cast<unsigned int>(p.contacts.size()),
                               static_cast<unsigned int>(p.contacts.size() +
                                                         1)};
        mc.force_full       = t_hold;
        p.contacts.push_back({surface::skin, support, k_support, false});
        p.contacts.push_back({surface::free, support, k_support, false});
        c.notes.push_back({"massage_support_penalty_Pa_per_m", num(k_support)});
      }
    else
      p.dirichlet.push_back(hold_knee<dim>(dim));

    // The tool's path: pressed at the first position, then one position per
    // load step.
    contact::ToolPath path(plan.orientation);
    const Vector3     press =
      plan.force_controlled ? Vector3() : Vector3(-m.indentation * plan.normal);
    path.add(0., plan.centres.front());
    if (!plan.force_controlled || plan.centres.size() > 1)
      path.add(t_press, plan.centres.front() + press);
    for (unsigned int k = 1; k < plan.centres.size(); ++k)
      path.add(double(plan.press_steps + k) / plan.total_steps,
               plan.centres[k] + press);
    const double rolling = contact::rolling_radius(m.tool);
    if (rolling > 0.)
      path.roll(-plan.normal, rolling);
    const auto tool = std::make_shared<contact::MovingTool>(
      contact::make_tool_shape(m.tool, dim == 2), path);

    // Standing (or seated) on a tool ahead of the ankle: the knee is held
    // in place, so the tool's reaction F at a lever d ahead of the ankle
    // turns the foot up with F d. The passive calf alone cannot hold that
    // (about 0.9 kN of Achilles force with a bottle under the ball of the
    // foot standing): the foot dorsiflexed until the ankle cartilage's
    // front edge crushed (J -> 0.7, then inverted; the standing rolls
    // stopped at load 0.5, a floor under the bottle is not reached before
    // that). A person balancing on a bottle holds the foot with the calf,
    // as in a heel raise: the calf adds the active pull F d / moment arm
    // (tool ahead of the ankle only; behind it the foot rests on the
    // passive structures, as before).
    if (on_tool)
      {
        const double arm   = g.achilles_moment_arm;
        const double ankle = L.ankle_centre[0];
        const double area =
          g.muscle_thickness *
          (dim == 2 ? g.foot_width :
                      anatomy::region_width(g, region::calf_muscle));
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

    const double       penalty    = plan.penalty;
    const unsigned int first_tool = p.contacts.size();
    p.contacts.push_back({surface::skin, tool, penalty, false});
    p.contacts.push_back({surface::free, tool, penalty, false});

    // The floor the tool lies on (seated, standing): a rigid plane through
    // the tool's lowest point. Without it a passive foot standing on a
    // bottle ahead of the ankle can only balance the body weight's moment
    // by stretching the calf - about 0.9 kN of Achilles force with the
    // bottle under the ball of the foot, far beyond the passive calf's
    // range - so the foot dorsiflexed until the ankle's soft tissue
    // inverted (the standing rolls stopped at load 0.5). With the floor the
    // heel comes down onto it, as it does for a person standing on a
    // bottle, and shares the load.
    std::vector<unsigned int> floor_contacts;
    if (on_tool && m.floor)
      {
        double lowest = 0.;
        for (const auto &centre : plan.centres)
          lowest =
            std::min(lowest, centre[1] - contact::contact_radius(m.tool));
        floor_contacts.push_back(p.contacts.size());
        p.contacts.push_back({surface::skin,
                              std::make_shared<contact::RigidPlane>(
                                contact::Vector3({0., lowest, 0.}),
                                contact::Vector3({0., 1., 0.})),
                              penalty,
                              false});
        c.notes.push_back({"massage_floor_height_mm", num(lowest * 1e3)});
      }

    c.notes.push_back({"massage_tool", m.tool.name});
    c.notes.push_back({"massage_tool_shape", tool->describe()});
    c.notes.push_back({"massage_tool_size_source", m.tool.source});
    c.notes.push_back({"massage_point", plan.points.front().name});
    c.notes.push_back({"massage_load",
                       plan.force_controlled ?
                         "force " + num(plan.force) + " N" :
                         "indentation " + num(m.indentation * 1e3) + " mm"});
    c.notes.push_back(
      {"massage_positions", std::to_string(plan.centres.size())});
    c.notes.push_back({"massage_press_load_fraction", num(t_press)});
    c.notes.push_back({"massage_penalty_Pa_per_m", num(penalty)});
    if (m.protocol == scenario::MassageProtocol::hold)
      c.notes.push_back({"massage_hold_time_s", num(m.hold_time)});

    mc.tool_contacts   = {first_tool, first_tool + 1};
    mc.floor_contacts  = floor_contacts;
    mc.depth           = dim == 2 ? g.foot_width : 1.;
    mc.normal          = plan.normal;
    mc.applied_force_N = plan.force_controlled ? plan.force : 0.;
    mc.on_sole         = plan.on_sole;
    mc.knee_centre     = L.knee_centre;
    mc.seat            = plan.seat;
    auto baseline      = std::make_shared<std::optional<std::vector<Metric>>>();
    const bool                        want         = m.baseline;
    const scenario::FootScenario      foot_copy    = foot;
    const scenario::MassageParameters massage_copy = m;
    c.metrics = [=](const solver::Solid<dim> &solid) {
      std::vector<Metric> out;
      // The stance metrics, without those about a ground there is not.
      for (const auto &x : foot_metrics(solid))
        if (x.name != "peak_plantar_pressure" &&
            x.name != "rearfoot_peak_pressure" &&
            x.name != "forefoot_peak_pressure" && x.name != "contact_area" &&
            x.name != "ground_reaction" && x.name != "rearfoot_load_share" &&
            x.name != "fascia_tension_per_body_weight")
          out.push_back(x);
      const auto tool_metrics = metrics::massage_metrics<dim>(solid, mc);
      out.insert(out.end(), tool_metrics.begin(), tool_metrics.end());
      if (!want)
        return out;
      // The same limb without massage, solved once on first use (the
      // first converged step), then compared at every step.
      if (!baseline->has_value())
        *baseline = solve_baseline<dim>(
          foot_copy, massage_copy, plan, base_settings, solid.communicator());
      const auto &b = **baseline;
      for (const char *name : {"heel_attachment_peak_von_mises",
                               "heel_attachment_peak_max_principal",
                               "fascia_tension",
                               "fascia_peak_strain"})
        {
          const double now = value_of(out, name);
          const double was = value_of(b, name);
          std::string  unit;
          for (const auto &x : out)
            if (x.name == name)
              unit = x.unit;
          out.push_back({std::string(name) + "_baseline",
                         was,
                         unit,
                         std::string(name) +
                           " of the same limb without massage (null if that "
                           "solve failed)"});
          out.push_back(
            {std::string(name) + "_delta",
             now - was,
             unit,
             std::string(name) + " with massage minus without (the baseline)"});
        }
      return out;
    };
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
