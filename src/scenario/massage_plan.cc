#include "scenario/massage_plan.h"

#include "anatomy/point_text.h"
#include "anatomy/regions.h"
#include "base/errors.h"
#include "base/units.h"
#include "contact/tool_catalogue.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace plantarfe::scenario
{
  using namespace dealii;
  using contact::Matrix3;
  using contact::Vector3;

  namespace
  {
    /// Foot and shank: 1.45 % + 4.65 % of body mass (Winter, Biomechanics
    /// and Motor Control of Human Movement, Dempster's data).
    constexpr double leg_mass_fraction = 0.0145 + 0.0465;

    std::string
    mm(const double v)
    {
      return anatomy::length_in_mm(v, 3);
    }

    Vector3
    embed(const Tensor<1, 2> &v)
    {
      return Vector3({v[0], v[1], 0.});
    }
    /// How deep the tool reaches, for the bone checks: its contact radius,
    /// the full indentation (indentation control) and its shape.
    struct Reach
    {
      double                                   r0;
      Vector3                                  deepest;
      std::shared_ptr<const contact::Obstacle> shape;
    };

    Reach
    reach(const MassageParameters &m, const MassagePlan &plan, const int dim)
    {
      return {contact::contact_radius(m.tool),
              plan.force_controlled ? Vector3() :
                                      Vector3(-m.indentation * plan.normal),
              contact::make_tool_shape(m.tool, dim == 2)};
    }

    /// The tool must not reach a bone at any position (at full indentation
    /// for indentation control): the bone outlines are sampled every 0.5 mm.
    void
    check_clear_of_bones(const anatomy::FootOutline &outline,
                         const MassageParameters    &m,
                         const MassagePlan          &plan,
                         const int                   dim)
    {
      const auto [r0, deepest, shape] = reach(m, plan, dim);
      const auto &bones               = anatomy::bone_regions();
      for (const auto &c : plan.centres)
        for (const auto &r : outline.regions)
          {
            if (!anatomy::is_one_of(bones, r.id))
              continue;
            const auto &v = r.vertices;
            // A tool wholly inside a bone crosses no outline: test its tip
            // (the point that touched the skin) for being inside the polygon.
            {
              const Vector3 tip    = c + deepest - r0 * plan.normal;
              bool          inside = false;
              for (unsigned int i = 0, j = v.size() - 1; i < v.size(); j = i++)
                if ((v[i][1] > tip[1]) != (v[j][1] > tip[1]) &&
                    tip[0] < (v[j][0] - v[i][0]) * (tip[1] - v[i][1]) /
                                 (v[j][1] - v[i][1]) +
                               v[i][0])
                  inside = !inside;
              if (inside)
                reject_massage_entry(
                  plan.force_controlled ? "Offset" : "Indentation",
                  "the " + m.tool.name + " would reach into the " +
                    anatomy::region_name(r.id) + " at " +
                    plan.points.front().name + ": the tool is inside bone");
            }
            for (unsigned int i = 0; i < v.size(); ++i)
              {
                const Tensor<1, 2> e = v[(i + 1) % v.size()] - v[i];
                const unsigned int n = 1 + unsigned(e.norm() / 5e-4);
                for (unsigned int k = 0; k < n; ++k)
                  {
                    Vector3 x = embed(Tensor<1, 2>(v[i] + (double(k) / n) * e));
                    x[2]      = c[2];
                    const Vector3 xb =
                      transpose(plan.orientation) * (x - (c + deepest));
                    const double gap = shape->evaluate(xb).gap;
                    if (gap < 0.)
                      reject_massage_entry(
                        plan.force_controlled ? "Offset" : "Indentation",
                        "the " + m.tool.name + " would reach into the " +
                          anatomy::region_name(r.id) + " (by " + mm(-gap) +
                          ") at " + plan.points.front().name +
                          ": the tool is inside bone");
                  }
              }
          }
    }

    /// The same check on a mesh: the tool's tip in a bone cell, or a point
    /// of a bone's surface (sampled every 0.5 mm) inside the tool.
    void
    check_clear_of_bones(const anatomy::MeshSurface &surface,
                         const MassageParameters    &m,
                         const MassagePlan          &plan,
                         const int                   dim)
    {
      const auto [r0, deepest, shape] = reach(m, plan, dim);
      const std::string entry =
        plan.force_controlled ? "Offset" : "Indentation";
      for (const auto &c : plan.centres)
        {
          const Vector3 tip  = c + deepest - r0 * plan.normal;
          const auto    bone = surface.bone_at(Point<3>(tip));
          if (bone != numbers::invalid_material_id)
            reject_massage_entry(entry,
                                 "the " + m.tool.name +
                                   " would reach into the " +
                                   anatomy::region_name(bone) + " at " +
                                   plan.points.front().name +
                                   ": the tool is inside bone");
          for (const auto &b : surface.bone_points)
            {
              Vector3 x = b.x - Point<3>();
              if (dim == 2)
                x[2] = c[2];
              const double gap =
                shape
                  ->evaluate(transpose(plan.orientation) * (x - (c + deepest)))
                  .gap;
              if (gap < 0.)
                reject_massage_entry(entry,
                                     "the " + m.tool.name +
                                       " would reach into the " +
                                       anatomy::region_name(b.bone) + " (by " +
                                       mm(-gap) + ") at " +
                                       plan.points.front().name +
                                       ": the tool is inside bone");
            }
        }
    }

    /// The plan's points (Point, or the Path's), on the outline or on the
    /// mesh, all on the sole or all behind heel and calf.
    void
    place_points(const FootScenario         &foot,
                 const MassageParameters    &m,
                 const anatomy::FootOutline &outline,
                 const MeshFoot             *mesh,
                 MassagePlan                &plan)
    {
      const bool        roll  = m.protocol == MassageProtocol::roll;
      const std::string entry = roll ? "Massage/Path" : "Massage/Offset";
      for (const auto &n : roll ? m.path : std::vector<std::string>{m.point})
        plan.points.push_back(
          mesh ? anatomy::massage_point(mesh->surface,
                                        mesh->landmarks,
                                        n,
                                        m.offset_along,
                                        m.offset_lateral,
                                        entry) :
                 anatomy::massage_point(
                   outline, foot.geometry, n, m.offset_along, entry));
      plan.on_sole = plan.points.front().on_sole;
      for (const auto &p : plan.points)
        if (p.on_sole != plan.on_sole)
          reject_massage_entry(
            "Path",
            "the points must all be on the sole or all on the back of "
            "heel and calf (" +
              p.name + " is not with " + plan.points.front().name + ")");
    }

    /// 3D: the tool's lateral position @p z within the body's lateral
    /// extent (the Foot section's widths, or the mesh's foot or calf cells).
    void
    check_lateral(const FootScenario &foot,
                  const MeshFoot     *mesh,
                  const bool          on_sole,
                  const double        z)
    {
      const auto  &g  = foot.geometry;
      const auto  *S  = mesh ? &mesh->surface : nullptr;
      const double w  = on_sole ? g.foot_width : g.muscle_width;
      const double lo = !S ? -w / 2. : on_sole ? S->foot_z_min : S->calf_z_min;
      const double hi = !S ? w / 2. : on_sole ? S->foot_z_max : S->calf_z_max;
      const double half = (hi - lo) / 2.;
      if (std::abs(z - (lo + hi) / 2.) > half)
        reject_massage_entry("Offset",
                             "the lateral position " + mm(z) +
                               " is outside the " +
                               (on_sole ? "foot" : "calf") + " (half width " +
                               mm(half) + ")");
    }
  } // namespace

  MassagePlan
  plan_massage(const FootScenario      &foot,
               const MassageParameters &m,
               const int                dim,
               const unsigned int       press_steps,
               const MeshFoot          *mesh)
  {
    const auto  &g = foot.geometry;
    const double h = dim == 2 ? foot.mesh.mesh_size_2d : foot.mesh.mesh_size_3d;
    const anatomy::FootOutline outline = anatomy::make_foot_outline(g, h);
    MassagePlan                plan;

    if (foot.stance.heel_off)
      throw ScenarioError("Stance/Heel off: not available with a massage "
                          "(the ground is replaced by the tool)");
    const bool roll = m.protocol == MassageProtocol::roll;
    place_points(foot, m, outline, mesh, plan);
    const bool on_tool =
      m.load == MassageLoad::seated || m.load == MassageLoad::standing;
    if (on_tool && !plan.on_sole)
      reject_massage_entry(
        "Load",
        "seated and standing put the foot on the tool: the point must "
        "be on the sole (heel_attachment, central_arch, ball_of_foot)");
    if (dim == 2 && m.orientation != 0.)
      reject_massage_entry("Orientation", "turning the tool needs a 3D model");
    if (dim == 2 && m.offset_lateral != 0.)
      reject_massage_entry("Offset", "a lateral offset needs a 3D model");

    // Size: a tool larger than the part of the body it works on.
    const double limit =
      !mesh ?
        (plan.on_sole ? g.foot_length : g.tibia_length) :
      plan.on_sole ?
        mesh->surface.foot_length :
        (mesh->landmarks.knee_centre - mesh->landmarks.ankle_centre).norm();
    if (m.tool.diameter > limit)
      reject_massage_entry("Diameter",
                           "the " + m.tool.name + " (" + mm(m.tool.diameter) +
                             ") is bigger than the " +
                             (plan.on_sole ? "foot (" : "leg (") + mm(limit) +
                             ")");

    // Load.
    const double body     = foot.subject.body_mass * units::g_earth;
    plan.force_controlled = m.load != MassageLoad::indentation;
    plan.force =
      m.load == MassageLoad::force  ? m.force :
      m.load == MassageLoad::seated ? leg_mass_fraction * body + m.seated_push :
      m.load == MassageLoad::standing ? foot.subject.load_share * body :
                                        0.;
    if (plan.force_controlled && !(plan.force > 0.))
      reject_massage_entry(
        "Load",
        "the load through the leg must be > 0 N (Subject/Load share "
        "is 0?)");
    if (m.offset_normal > (plan.force_controlled ? 0. : 0.8 * m.indentation))
      reject_massage_entry(
        "Offset",
        "the tool starts " + mm(m.offset_normal) +
          " off the skin, so it would not touch: the tool is outside "
          "the body");

    const double mu_soft = 0.5 * foot.tissues.soft_tissue_c;
    plan.penalty =
      m.penalty > 0. ? m.penalty :
      m.deformable   ? m.tool.foam_modulus_Pa / (m.tool.diameter / 2.) :
                       15. * 3. * mu_soft / h;

    // Orientation: body x along the skin, y out of the skin, z across,
    // then turned about the normal.
    const auto &first = plan.points.front();
    plan.normal       = embed(first.normal);
    const Vector3 t   = embed(first.tangent);
    Matrix3       Q;
    const Vector3 axes[3] = {t, plan.normal, cross_product_3d(t, plan.normal)};
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = 0; j < 3; ++j)
        Q[i][j] = axes[j][i];
    plan.orientation = contact::rotation(plan.normal, m.orientation) * Q;
    plan.axis = std::abs(first.normal[1]) >= std::abs(first.normal[0]) ? 1 : 0;

    // Centres at the points, then spaced evenly along the polyline.
    const double         r0 = contact::contact_radius(m.tool);
    std::vector<Vector3> at_points;
    for (const auto &p : plan.points)
      {
        Vector3 c = embed(Tensor<1, 2>(p.skin));
        if (dim == 3)
          c[2] = p.z + m.offset_lateral;
        at_points.push_back(c + (r0 + m.offset_normal - plan.seat) *
                                  embed(p.normal));
      }
    if (dim == 3)
      check_lateral(foot, mesh, plan.on_sole, at_points.front()[2]);
    if (!roll)
      plan.centres = at_points;
    else
      {
        std::vector<double> s = {0.};
        for (unsigned int i = 1; i < at_points.size(); ++i)
          s.push_back(s.back() + (at_points[i] - at_points[i - 1]).norm());
        if (!(s.back() > 0.))
          reject_massage_entry(
            "Path", "the path has no length (the same point twice?)");
        for (unsigned int k = 0; k < m.positions; ++k)
          {
            const double target = s.back() * k / (m.positions - 1.);
            unsigned int i      = 0;
            while (i + 2 < s.size() && target > s[i + 1])
              ++i;
            const double f = (target - s[i]) / (s[i + 1] - s[i]);
            plan.centres.push_back(at_points[i] +
                                   f * (at_points[i + 1] - at_points[i]));
          }
      }

    if (mesh)
      check_clear_of_bones(mesh->surface, m, plan, dim);
    else
      check_clear_of_bones(outline, m, plan, dim);

    plan.press_steps = press_steps;
    plan.total_steps =
      press_steps +
      (roll ? static_cast<unsigned int>(plan.centres.size()) - 1 : 0);
    return plan;
  }
} // namespace plantarfe::scenario
