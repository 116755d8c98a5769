#include "anatomy/massage_points.h"

#include "anatomy/regions.h"
#include "base/errors.h"

#include <cmath>
#include <sstream>

namespace plantarfe::anatomy
{
  using dealii::Point;
  using dealii::Tensor;

  namespace
  {
    struct Definition
    {
      const char *name;
      const char *description;
    };

    const std::vector<Definition> &
    definitions()
    {
      static const std::vector<Definition> d = {
        {"heel_attachment",
         "plantar skin under the fascia's heel attachment (medial calcaneal "
         "tubercle), middle of the insertion region"},
        {"central_arch",
         "plantar skin under the arch, midway between the heel attachment "
         "and the ball of the foot"},
        {"ball_of_foot", "plantar skin under the first metatarsal head"},
        {"achilles_junction",
         "back of the heel at the height of the Achilles tendon's insertion "
         "on the calcaneus"},
        {"gastrocnemius",
         "back of the calf, upper belly (65 % of the way from the "
         "muscle-tendon junction to the knee)"},
        {"soleus",
         "back of the lower calf (20 % up from the muscle-tendon junction; "
         "lateral in 3D)"}};
      return d;
    }

    [[noreturn]] void
    off_skin(const std::string &entry,
             const std::string &name,
             const std::string &stretch,
             const double       shift)
    {
      std::ostringstream s;
      s << entry << ": shifting the point " << name << " by " << shift * 1e3
        << " mm along the skin leaves the " << stretch
        << " it lies on (the tool would be outside the body)";
      throw ScenarioError(s.str());
    }

    /// Outward normal of the edge p -> q of a counter-clockwise polygon.
    Tensor<1, 2>
    outward(const Point<2> &p, const Point<2> &q)
    {
      const Tensor<1, 2> d = q - p;
      return Tensor<1, 2>({d[1], -d[0]}) / d.norm();
    }

    /// The point's name and description; an unknown name is refused.
    MassagePoint
    described(const std::string &name, const std::string &entry)
    {
      MassagePoint m;
      m.name = name;
      for (const auto &d : definitions())
        if (name == d.name)
          m.description = d.description;
      if (m.description.empty())
        throw ScenarioError(entry + ": unknown massage point '" + name +
                            "' (one of " + massage_point_names_pattern() + ")");
      return m;
    }

    /// Where the line p + t d crosses the edge e, if it does (t returned).
    bool
    line_meets(const Point<2>     &p,
               const Tensor<1, 2> &d,
               const SkinEdge     &e,
               double             &t)
    {
      const Tensor<1, 2> s   = e.b - e.a;
      const double       det = d[0] * (-s[1]) - d[1] * (-s[0]);
      if (std::abs(det) < 1e-14 * s.norm())
        return false;
      const Tensor<1, 2> r = e.a - p;
      t                    = (r[0] * (-s[1]) - r[1] * (-s[0])) / det;
      const double u       = (d[0] * r[1] - d[1] * r[0]) / det;
      return u >= 0. && u <= 1.;
    }

    /// The crossing of the line p + t d with the section's edges whose
    /// normal points along @p d (an outer face seen from inside) that lies
    /// farthest along d; false if there is none.
    bool
    outermost(const std::vector<SkinEdge> &edges,
              const Point<2>              &p,
              const Tensor<1, 2>          &d,
              Point<2>                    &at,
              Tensor<1, 2>                &normal)
    {
      bool   found = false;
      double best  = 0.;
      for (const auto &e : edges)
        {
          double t = 0.;
          if (e.normal * d > 0.5 && line_meets(p, d, e, t) &&
              (!found || t > best))
            {
              found  = true;
              best   = t;
              at     = p + t * d;
              normal = e.normal;
            }
        }
      return found;
    }

    /// The unit tangent of the skin (normal turned by 90 degrees) that
    /// points along @p towards.
    Tensor<1, 2>
    tangent_towards(const Tensor<1, 2> &normal, const Tensor<1, 2> &towards)
    {
      const Tensor<1, 2> t({-normal[1], normal[0]});
      return t * towards >= 0. ? t : Tensor<1, 2>(-t);
    }
  } // namespace

  MassagePoint
  massage_point(const MeshSurface   &surface,
                const FootLandmarks &L,
                const std::string   &name,
                const double         shift,
                const double         lateral,
                const std::string   &entry)
  {
    MassagePoint       m = described(name, entry);
    const Tensor<1, 2> up({0., 1.}), forward({1., 0.});
    const bool         calf = name == "gastrocnemius" || name == "soleus";
    if (surface.dim == 3 && name == "soleus")
      m.z =
        surface.calf_z_min + 0.75 * (surface.calf_z_max - surface.calf_z_min);
    else if (surface.dim == 3)
      m.z = 0.5 * ((calf ? surface.calf_z_min : surface.foot_z_min) +
                   (calf ? surface.calf_z_max : surface.foot_z_max));
    const auto edges = surface.section(m.z + lateral);

    if (!calf && name != "achilles_junction")
      {
        const double x_heel = surface.insertion_centre_x;
        const double x_ball =
          L.mtp_centre[0] - 0.006 * surface.foot_length / 0.266;
        const double x = (name == "heel_attachment" ? x_heel :
                          name == "ball_of_foot"    ? x_ball :
                                                      0.5 * (x_heel + x_ball)) +
                         shift;
        // The sole: the lowest downward-facing skin below the foot.
        if (!outermost(edges, Point<2>(x, 0.), -up, m.skin, m.normal))
          off_skin(entry, name, "sole", shift);
        m.tangent = tangent_towards(m.normal, forward);
        m.on_sole = true;
        return m;
      }

    m.on_sole = false;
    if (name == "achilles_junction")
      {
        // Back of the heel at the insertion's height.
        const Point<2> p(L.ankle_centre[0], L.achilles_insertion[1] + shift);
        if (!outermost(edges, p, -forward, m.skin, m.normal) ||
            m.normal[0] > -0.5)
          off_skin(entry, name, "back of the heel", shift);
        m.tangent = tangent_towards(m.normal, up);
        return m;
      }

    // Back of the calf, along the leg axis from the muscle-tendon junction
    // to the belly's top (the knee block).
    const Tensor<1, 2> &axis = L.leg_axis;
    const double        len  = L.belly_length;
    const double f = (name == "gastrocnemius" ? 0.65 : 0.20) + shift / len;
    const Tensor<1, 2> back({-axis[1], axis[0]});
    if (f < 0.05 || f > 0.95 ||
        !outermost(edges,
                   L.muscle_tendon_junction + f * len * axis,
                   back,
                   m.skin,
                   m.normal))
      off_skin(entry, name, "back of the calf", shift);
    m.tangent = tangent_towards(m.normal, axis);
    return m;
  }

  std::vector<std::string>
  massage_point_names()
  {
    std::vector<std::string> names;
    for (const auto &d : definitions())
      names.emplace_back(d.name);
    return names;
  }

  std::string
  massage_point_names_pattern()
  {
    std::string p;
    for (const auto &n : massage_point_names())
      p += (p.empty() ? "" : "|") + n;
    return p;
  }

  MassagePoint
  massage_point(const FootOutline  &outline,
                const FootGeometry &g,
                const std::string  &name,
                const double        shift,
                const std::string  &entry)
  {
    const auto  &L = outline.landmarks;
    MassagePoint m = described(name, entry);

    if (name == "heel_attachment" || name == "central_arch" ||
        name == "ball_of_foot")
      {
        // The plantar skin is flat on the ground (y = 0) between the heel's
        // and the toes' roundings: the outline's first two vertices.
        const double x_heel = L.medial_tubercle[0] + 0.5 * g.insertion_length;
        const double x_ball = L.mtp_centre[0] - 0.006 * g.foot_length / 0.266;
        double       x      = name == "heel_attachment" ? x_heel :
                              name == "ball_of_foot"    ? x_ball :
                                                          0.5 * (x_heel + x_ball);
        x += shift;
        const auto &E = outline.envelope;
        if (x < E[0][0] || x > E[1][0])
          off_skin(entry, name, "flat sole", shift);
        m.skin    = Point<2>(x, 0.);
        m.normal  = Tensor<1, 2>({0., -1.});
        m.tangent = Tensor<1, 2>({1., 0.});
        m.on_sole = true;
        return m;
      }

    m.on_sole = false;
    if (name == "achilles_junction")
      {
        // Posterior skin at the insertion's height: the envelope edge that
        // crosses that height behind the ankle.
        const double y     = L.achilles_insertion[1] + shift;
        const auto  &E     = outline.envelope;
        bool         found = false;
        for (unsigned int i = 0; i < E.size(); ++i)
          {
            const Point<2> &p = E[i], &q = E[(i + 1) % E.size()];
            if (p[0] > L.ankle_centre[0] || q[0] > L.ankle_centre[0])
              continue;
            if ((p[1] - y) * (q[1] - y) > 0. || p[1] == q[1])
              continue;
            const double   f = (y - p[1]) / (q[1] - p[1]);
            const Point<2> s = p + f * (q - p);
            if (found && s[0] >= m.skin[0])
              continue;
            found                = true;
            m.skin               = s;
            m.normal             = outward(p, q);
            const Tensor<1, 2> t = (q - p) / (q - p).norm();
            m.tangent            = t[1] < 0. ? Tensor<1, 2>(-t) : t; // upwards
          }
        // Above the heel's rounding and below the top of the skin outline.
        if (!found || y < 0.014 || m.normal[0] > -0.5)
          off_skin(entry, name, "back of the heel", shift);
        return m;
      }

    // Calf: the posterior face of the muscle belly, from the muscle-tendon
    // junction (vertex 0) to the knee (vertex 3).
    for (const auto &r : outline.regions)
      if (r.id == region::calf_muscle)
        {
          const Point<2> &bottom = r.vertices[0], &top = r.vertices[3];
          const double    len = (top - bottom).norm();
          const double    f =
            (name == "gastrocnemius" ? 0.65 : 0.20) + shift / len;
          if (f < 0.05 || f > 0.95)
            off_skin(entry, name, "back of the calf", shift);
          m.skin    = bottom + f * (top - bottom);
          m.normal  = outward(top, bottom);
          m.tangent = (top - bottom) / len;
          m.z       = name == "soleus" ? 0.25 * g.muscle_width : 0.;
          return m;
        }
    throw ScenarioError("internal: the outline has no calf muscle");
  }
} // namespace plantarfe::anatomy
