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
  } // namespace

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
    MassagePoint m;
    m.name = name;
    for (const auto &d : definitions())
      if (name == d.name)
        m.description = d.description;
    if (m.description.empty())
      throw ScenarioError(entry + ": unknown massage point '" + name +
                          "' (one of " + massage_point_names_pattern() + ")");

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
