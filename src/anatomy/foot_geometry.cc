#include "anatomy/foot_geometry.h"

#include "anatomy/point_text.h"
#include "anatomy/regions.h"
#include "base/errors.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

namespace plantarfe::anatomy
{
  using dealii::Point;
  using dealii::Tensor;

  namespace
  {
    // The template foot is 266 mm long with a 16 mm heel pad, a 12 mm
    // forefoot pad and a 38 mm navicular height; coordinates in mm.
    constexpr double template_length = 266.;
    constexpr double template_heel   = 16.;
    constexpr double template_fore   = 12.;
    constexpr double template_arch   = 38.;
    constexpr double dome_radius_mm  = 17.;

    double
    ramp(const double x, const double x0, const double x1)
    {
      return std::clamp((x - x0) / (x1 - x0), 0., 1.);
    }

    /// Maps template bone coordinates (mm) to the parametrised foot (m).
    class TemplateMap
    {
    public:
      explicit TemplateMap(const FootGeometry &g)
          : g(g)
      {}

      Point<2>
      operator()(const double x, const double y) const
      {
        const double heel = 1. - ramp(x, 90., 140.);
        const double fore = ramp(x, 140., 190.);
        const double arch =
          x <= 110. ? ramp(x, 30., 110.) : 1. - ramp(x, 110., 190.);
        const double dy =
          (g.heel_pad_thickness * 1e3 - template_heel) * heel +
          (g.forefoot_pad_thickness * 1e3 - template_fore) * fore +
          (g.arch_height * 1e3 - template_arch) * arch;
        return {x * scale() * 1e-3, (y + dy) * 1e-3};
      }

      /// Horizontal scale: millimetres of template per millimetre of foot.
      double
      scale() const
      {
        return g.foot_length * 1e3 / template_length;
      }

    private:
      const FootGeometry &g;
    };

    Tensor<1, 2>
    unit(const Tensor<1, 2> &v)
    {
      return v / v.norm();
    }

    /// Left normal (rotated +90 degrees).
    Tensor<1, 2>
    left_normal(const Tensor<1, 2> &v)
    {
      return Tensor<1, 2>({-v[1], v[0]});
    }

    /// Offsets an open polyline by distance t to the right of its direction
    /// of travel (mitred corners).
    std::vector<Point<2>>
    offset_right(const std::vector<Point<2>> &line, const double t)
    {
      const unsigned int    n = line.size();
      std::vector<Point<2>> out(n);
      for (unsigned int i = 0; i < n; ++i)
        {
          Tensor<1, 2> n_prev, n_next;
          if (i > 0)
            n_prev = -left_normal(unit(line[i] - line[i - 1]));
          if (i + 1 < n)
            n_next = -left_normal(unit(line[i + 1] - line[i]));
          if (i == 0)
            n_prev = n_next;
          if (i + 1 == n)
            n_next = n_prev;
          const Tensor<1, 2> m   = unit(n_prev + n_next);
          const double       cos = std::max(m * n_prev, 0.3);
          out[i]                 = line[i] + (t / cos) * m;
        }
      return out;
    }

    void
    append(std::vector<Point<2>> &a, const std::vector<Point<2>> &b)
    {
      a.insert(a.end(), b.begin(), b.end());
    }

    std::vector<Point<2>>
    reversed(std::vector<Point<2>> v)
    {
      std::reverse(v.begin(), v.end());
      return v;
    }

    double
    polygon_area(const std::vector<Point<2>> &p)
    {
      double a = 0.;
      for (unsigned int i = 0; i < p.size(); ++i)
        {
          const auto &u = p[i];
          const auto &v = p[(i + 1) % p.size()];
          a += u[0] * v[1] - v[0] * u[1];
        }
      return 0.5 * a;
    }

    /// A length for a message: "12 mm".
    std::string
    mm(const double v)
    {
      return length_in_mm(v);
    }

    [[noreturn]] void
    reject(const std::string &entry, const std::string &why)
    {
      throw ScenarioError("Foot/" + entry + ": " + why);
    }

    void
    check_geometry(const FootGeometry &g)
    {
      if (!(g.arch_height > 0.))
        reject("Arch height", "must be > 0 (got " + mm(g.arch_height) + ")");
      if (g.arch_height < g.heel_pad_thickness + 0.010)
        reject("Arch height",
               "the navicular must sit at least 10 mm above the heel pad (" +
                 mm(g.arch_height) + " with a " + mm(g.heel_pad_thickness) +
                 " heel pad)");
      if (g.fascia_thickness > g.heel_pad_thickness - 0.005)
        reject("Fascia thickness",
               mm(g.fascia_thickness) + " leaves less than 5 mm of the " +
                 mm(g.heel_pad_thickness) +
                 " heel pad under the fascia; the fascia must be thinner "
                 "than the heel pad thickness minus 5 mm");
      if (g.fascia_thickness > g.forefoot_pad_thickness - 0.005)
        reject("Fascia thickness",
               mm(g.fascia_thickness) +
                 " does not fit under the metatarsal head with a " +
                 mm(g.forefoot_pad_thickness) +
                 " forefoot pad (needs pad - 5 mm)");
      if (g.fascia_width > g.foot_width)
        reject("Fascia width", "wider than the foot");
      if (g.achilles_width > g.foot_width || g.muscle_width > g.foot_width ||
          g.tibia_width > g.foot_width)
        reject("Leg/Muscle width", "leg structures wider than the foot");
      if (g.insertion_length > 0.3 * g.foot_length)
        reject("Insertion region length", "longer than 30 % of the foot");
      if (g.heel_spur_length > 0.030)
        reject("Heel spur length", "longer than 30 mm");
      const double dome = dome_radius_mm * 1e-3 * g.foot_length / 0.266;
      if (g.tibia_width / 2. >= dome + g.cartilage_thickness)
        reject("Leg/Tibia width",
               "wider than the talar dome (" + mm(2. * dome) + ")");
      if (g.achilles_moment_arm <
          g.tibia_width / 2. + g.achilles_thickness + 0.010)
        reject("Leg/Achilles moment arm",
               "tendon would run through the tibia (needs > tibia half "
               "width + tendon thickness + 10 mm)");
      if (std::abs(g.ankle_dorsiflexion) > 25. * M_PI / 180.)
        reject("Stance/Ankle dorsiflexion",
               "outside [-25, 25] degrees for the leg geometry");
    }
    /// The point of a polyline (x increasing) at @p x; beyond its last
    /// segment, that segment extended.
    Point<2>
    polyline_at(const std::vector<Point<2>> &line, const double x)
    {
      for (unsigned int i = 0; i + 1 < line.size(); ++i)
        if (x <= line[i + 1][0] || i + 2 == line.size())
          {
            const double f = (x - line[i][0]) / (line[i + 1][0] - line[i][0]);
            return Point<2>(x, line[i][1] + f * (line[i + 1][1] - line[i][1]));
          }
      return line.back();
    }

    struct FasciaPolygons
    {
      std::vector<Point<2>> insertion, band, spur;
    };

    /// The plantar fascia below its @p top_line (tubercle @p T, bone
    /// underside T -> @p C3; @p s the foot's length scale): the insertion
    /// region and the rest of the band, the landmarks the metrics read on
    /// them, and the optional heel spur deep to the band.
    FasciaPolygons
    fascia_polygons(const FootGeometry          &g,
                    const std::vector<Point<2>> &top_line,
                    const Point<2>              &T,
                    const Point<2>              &C3,
                    const double                 s,
                    FootLandmarks               &L)
    {
      const double tf = g.fascia_thickness;
      auto top_at = [&](const double x) { return polyline_at(top_line, x); };
      // Band between x_a and x_b: bottom line = top line moved down by tf.
      auto band = [&](const double xa, const double xb) {
        std::vector<Point<2>> top = {top_at(xa)};
        for (const auto &p : top_line)
          if (p[0] > xa && p[0] < xb)
            top.push_back(p);
        top.push_back(top_at(xb));
        std::vector<Point<2>> poly;
        for (const auto &p : top)
          poly.emplace_back(p[0], p[1] - tf);
        append(poly, reversed(top));
        return poly;
      };
      FasciaPolygons out;
      const double   x_ins = T[0] + g.insertion_length;
      out.insertion        = band(top_line.front()[0], x_ins);
      out.band             = band(x_ins, top_line.back()[0]);
      for (const auto &p : top_line)
        L.fascia_line.emplace_back(p[0], p[1] - tf / 2.);
      L.fascia_section_x = x_ins + 0.0055;
      // The band runs 1 mm into the bone at the tubercle; it leaves the bone
      // where its top line meets the bone's underside T -> C3. The enthesis
      // section (heel-attachment stress) lies halfway between there and the
      // end of the insertion region, on band tissue only.
      const double slope_bone = (C3[1] - T[1]) / (C3[0] - T[0]);
      const double slope_band =
        (top_line[2][1] - top_line[1][1]) / (top_line[2][0] - top_line[1][0]);
      const double x_free =
        T[0] + (top_line[1][1] - T[1]) / (slope_bone - slope_band);
      if (x_ins < x_free + 0.002)
        reject(
          "Insertion region length",
          mm(g.insertion_length) +
            " ends within 2 mm of where the fascia leaves the calcaneus (" +
            mm(x_free - T[0]) + " in front of the tubercle)");
      L.enthesis_section_x = 0.5 * (x_free + x_ins);
      L.enthesis_free_x    = x_free;

      // Heel spur (optional): a bony shelf growing forward from the tubercle
      // on the deep (dorsal) surface of the fascia, in the origin of flexor
      // digitorum brevis, where spurs are found (McCarthy & Gorecki 1979;
      // Kumai & Benjamin 2002; review: Kirkpatrick et al. 2017). Its lower
      // face runs parallel to the band's top line and its length counts
      // from where the band leaves the bone, so the band keeps all its
      // tissue: the spur can change the band's load only through the
      // foot's mechanics, never by replacing part of the band.
      if (g.heel_spur_length > 0.)
        {
          const double length = g.heel_spur_length;
          const double root   = std::min(0.003, 0.6 * length); // at the base
          // 1 mm of soft tissue (the muscle's origin) between the spur and
          // the band: the fascia's fibres insert on the tubercle, not on the
          // spur, and a bonded face would make the spur a second insertion
          // that takes over part of the band's load (-6.8 % fibre stress at
          // the enthesis with a 5 mm spur glued on, against -0.03 % here).
          const Tensor<1, 2> up({0., 0.001});
          out.spur = {Point<2>(T[0] - 0.003 * s, T[1] + 0.003),
                      top_at(T[0]) + up,
                      top_at(x_free + length) + up,
                      top_at(x_free + 0.3 * length) + up +
                        Tensor<1, 2>({0., root})};
        }
      return out;
    }
    /// The skin outline: plantar skin flat on the ground, heel and toe
    /// rounded, dorsal points following the bones (@p CA ankle centre,
    /// @p Rd talar dome radius, @p s the foot's length scale).
    std::vector<Point<2>>
    skin_envelope(const FootGeometry &g,
                  const TemplateMap  &map,
                  const Point<2>     &CA,
                  const double        Rd,
                  const double        s)
    {
      std::vector<Point<2>> envelope;
      const double          xs     = 1e-3 * s;
      const double          r_heel = 14e-3, r_toe = 13e-3 * std::min(1., s);
      const double          x_toe = g.foot_length - r_toe;
      envelope.emplace_back(r_heel, 0.);
      envelope.emplace_back(x_toe, 0.);
      for (unsigned int k = 1; k < 8; ++k)
        {
          const double a = -M_PI / 2. + M_PI * k / 8.;
          envelope.emplace_back(x_toe + r_toe * std::cos(a),
                                r_toe + r_toe * std::sin(a));
        }
      envelope.emplace_back(x_toe, 2. * r_toe);
      for (const auto &p :
           {map(238, 29), map(205, 37), map(150, 68), map(110, 86)})
        envelope.push_back(p);
      const double top = CA[1] + Rd + 0.013;
      envelope.emplace_back(92. * xs, top);
      envelope.emplace_back(4. * xs, top);
      envelope.emplace_back(2. * xs, CA[1] - 0.022);
      for (unsigned int k = 0; k < 8; ++k)
        {
          const double a = M_PI + M_PI / 2. * k / 8.;
          envelope.emplace_back(r_heel + r_heel * std::cos(a),
                                r_heel + r_heel * std::sin(a));
        }
      return envelope;
    }

    /// The leg's own frame: origin at the ankle centre, axis along the
    /// shank turned forward by the stance dorsiflexion @p th; leg(a, b) is
    /// the point a anterior and b up the leg.
    struct LegFrame
    {
      LegFrame(const Point<2> &ankle_centre, const double th)
          : origin(ankle_centre)
          , axis({std::sin(th), std::cos(th)})
          , anterior({std::cos(th), -std::sin(th)})
      {}

      Point<2>
      operator()(const double a, const double b) const
      {
        return origin + a * anterior + b * axis;
      }

      Point<2>     origin;
      Tensor<1, 2> axis, anterior;
    };

    struct LegPolygons
    {
      std::vector<Point<2>> tibia, knee, tendon, muscle;
      Point<2>              insertion; ///< Achilles tendon on the calcaneus
      Point<2>              mtj;       ///< muscle-tendon junction
      Point<2>              knee_centre;
      double                knee_end_b = 0., knee_end_length = 0.;
      double muscle_top_b = 0.; ///< the belly's top (the knee block's base)
    };

    /// The leg in its own frame, turned about the ankle centre @p CA by the
    /// stance dorsiflexion: tibia on the plafond @p outer_arc, knee block,
    /// Achilles tendon from the posterior calcaneus (@p C7 - @p C8) and the
    /// calf muscle.
    LegPolygons
    leg_polygons(const FootGeometry          &g,
                 const std::vector<Point<2>> &outer_arc,
                 const Point<2>              &CA,
                 const Point<2>              &C7,
                 const Point<2>              &C8)
    {
      const LegFrame        leg(CA, g.ankle_dorsiflexion);
      const Tensor<1, 2>   &d     = leg.axis;
      std::vector<Point<2>> tibia = outer_arc; // plafond, posterior -> anterior
      tibia.push_back(leg(g.tibia_width / 2., g.tibia_length));
      tibia.push_back(leg(-g.tibia_width / 2., g.tibia_length));

      const double knee_h = 0.020;
      const double a_back = -g.achilles_moment_arm - g.achilles_thickness / 2. -
                            (g.muscle_thickness - g.achilles_thickness);
      const double a_front = -g.achilles_moment_arm + g.achilles_thickness / 2.;
      const std::vector<Point<2>> knee = {
        leg(a_back, g.tibia_length),
        leg(g.tibia_width / 2., g.tibia_length),
        leg(g.tibia_width / 2., g.tibia_length + knee_h),
        leg(a_back, g.tibia_length + knee_h)};

      // The tendon runs from its insertion on the posterior calcaneus (C7-C8,
      // anchored 5 mm inside the bone) to the muscle-tendon junction on the
      // line a = -moment arm of the leg frame.
      const Point<2> insertion = C8 + 0.7 * (C7 - C8);
      const double   b_ins     = (insertion - CA) * d;
      const Point<2> mtj = leg(-g.achilles_moment_arm, b_ins + g.tendon_length);
      if (mtj * d - CA * d > g.tibia_length - 0.05)
        reject("Leg/Tendon length",
               "the muscle-tendon junction must lie at least 50 mm below the "
               "knee");
      const Tensor<1, 2> u  = unit(mtj - insertion);
      const Tensor<1, 2> nu = left_normal(u); // points posterior-ish
      const double       ht = g.achilles_thickness / 2.;
      const Point<2>     t0 = insertion - 0.006 * u;
      // Upper 40 % of the tendon widens into an aponeurosis that spans the
      // whole belly, so every muscle fibre pulls on the tendon (a narrow
      // junction would leave most of the soft belly unloaded).
      const double                b_mtj  = (mtj - CA) * d;
      const Point<2>              t_mid  = insertion + 0.6 * (mtj - insertion);
      const std::vector<Point<2>> tendon = {t0 - ht * nu,
                                            t_mid - ht * nu,
                                            leg(a_front, b_mtj),
                                            leg(a_back, b_mtj),
                                            t_mid + ht * nu,
                                            t0 + ht * nu};
      const std::vector<Point<2>> muscle = {leg(a_back, b_mtj),
                                            leg(a_front, b_mtj),
                                            leg(a_front, g.tibia_length),
                                            leg(a_back, g.tibia_length)};
      return {tibia,
              knee,
              tendon,
              muscle,
              insertion,
              mtj,
              leg(0.5 * (a_back + g.tibia_width / 2.), g.tibia_length + knee_h),
              g.tibia_length + knee_h,
              g.tibia_width / 2. - a_back,
              g.tibia_length};
    }

    struct AnklePolygons
    {
      std::vector<Point<2>> outer_arc; ///< tibial plafond, posterior first
      std::vector<Point<2>> cartilage, talus;
      Point<2> neck_top; ///< the dome's anterior end, atop the talar neck
    };

    /// The ankle cartilage (an annulus sector over the talar dome of radius
    /// @p Rd about @p CA, as wide as the tibia) and the talus, whose outline
    /// runs from @p talus_start over the dome to @p talus_end.
    AnklePolygons
    ankle_polygons(const FootGeometry          &g,
                   const Point<2>              &CA,
                   const double                 Rd,
                   const double                 tc,
                   const double                 h,
                   const std::vector<Point<2>> &talus_start,
                   const Point<2>              &talus_end)
    {
      const double   Rp = Rd + tc;
      const double   th = g.ankle_dorsiflexion;
      const LegFrame leg(CA, th);
      // Ankle cartilage: annulus sector over the dome, as wide as the tibia.
      // The talus dome and the tibial plafond reuse its vertices exactly so
      // that the polygons share edges.
      const double       phi_in  = std::asin(g.tibia_width / 2. / Rd);
      const double       phi_out = std::asin(g.tibia_width / 2. / Rp);
      const unsigned int n_arc   = std::max(6u, unsigned(2. * phi_in * Rd / h));
      std::vector<Point<2>> inner_arc, outer_arc; // left (posterior) -> right
      for (unsigned int k = 0; k <= n_arc; ++k)
        {
          const double f = -1. + 2. * k / n_arc;
          inner_arc.push_back(
            leg(Rd * std::sin(f * phi_in), Rd * std::cos(f * phi_in)));
          outer_arc.push_back(
            leg(Rp * std::sin(f * phi_out), Rp * std::cos(f * phi_out)));
        }
      std::vector<Point<2>> ankle_cartilage = inner_arc;
      append(ankle_cartilage, reversed(outer_arc));

      // Talus dome in foot-frame angles: anterior part from 20 degrees up to
      // the cartilage, the cartilage arc itself, the posterior part to 160.
      auto dome_point = [&](const double angle) {
        return CA + Rd * Tensor<1, 2>({std::cos(angle), std::sin(angle)});
      };
      const double a_right = M_PI / 2. - th - phi_in; // foot-frame angles
      const double a_left  = M_PI / 2. - th + phi_in;
      const double a0 = 20. * M_PI / 180., a1 = 160. * M_PI / 180.;
      if (a_right - a0 < 3. * M_PI / 180. || a1 - a_left < 3. * M_PI / 180.)
        reject("Stance/Ankle dorsiflexion",
               "the tibia would leave the talar dome at this angle with this "
               "tibia width (reduce either)");
      std::vector<Point<2>> talus = talus_start;
      {
        const unsigned int n = std::max(2u, unsigned((a_right - a0) * Rd / h));
        for (unsigned int k = 0; k < n; ++k)
          talus.push_back(dome_point(a0 + (a_right - a0) * k / n));
        append(talus, reversed(inner_arc)); // right -> left = increasing angle
        const unsigned int m = std::max(2u, unsigned((a1 - a_left) * Rd / h));
        for (unsigned int k = 1; k <= m; ++k)
          talus.push_back(dome_point(a_left + (a1 - a_left) * k / m));
        talus.push_back(talus_end);
      }
      return {outer_arc, ankle_cartilage, talus, dome_point(a0)};
    }


    /// Outline of a band whose top edge runs from @p a to @p b, @p t thick
    /// below that edge, with a tab at each end @p w long that rises @p e
    /// above the edge into the bone. With @p inner_t > 0 it wraps a band of
    /// thickness @p inner_t and tabs @p inner_w on the same edge (the band
    /// beside it in the foot, stacked in the sagittal section): its outline
    /// follows that band's bottom and outer tab sides exactly, so the two
    /// share edges and never overlap. Counter-clockwise.
    std::vector<Point<2>>
    band_outline(const Point<2> &a,
                 const Point<2> &b,
                 const double    t,
                 const double    w,
                 const double    e,
                 const double    inner_t = 0.,
                 const double    inner_w = 0.)
    {
      const Tensor<1, 2> u = unit(b - a), n = left_normal(u);
      const double       wo = inner_w + w, to = inner_t + t;
      if (inner_t > 0.)
        return {a - wo * u - to * n,
                b + wo * u - to * n,
                b + wo * u + e * n,
                b + inner_w * u + e * n,
                b + inner_w * u - inner_t * n,
                a - inner_w * u - inner_t * n,
                a - inner_w * u + e * n,
                a - wo * u + e * n};
      return {a - w * u - t * n,
              b + w * u - t * n,
              b + w * u + e * n,
              b + e * n,
              b,
              a,
              a + e * n,
              a - w * u + e * n};
    }

    /// A band whose bone-side edge runs from @p a to @p b (posterior to
    /// anterior), @p thickness thick above that edge (@p dorsal) or below
    /// it; its force is read at the middle of the span, halfway through.
    LigamentBand
    make_band(const dealii::types::material_id id,
              const Point<2>                  &a,
              const Point<2>                  &b,
              const double                     thickness,
              const bool                       dorsal)
    {
      LigamentBand band;
      band.id          = id;
      band.origin      = a;
      band.insertion   = b;
      band.thickness   = thickness;
      band.direction   = unit(b - a);
      band.free_length = (b - a).norm();
      band.section_point =
        a + 0.5 * (b - a) +
        (dorsal ? 0.5 : -0.5) * thickness * left_normal(band.direction);
      return band;
    }

    /// The plantar ligaments that tie the arch with the fascia, as bands
    /// between attachment points on the bones' plantar faces: @p calc_under
    /// (tubercle -> anterior process), @p mid_under (midfoot, back to front)
    /// and @p meta_under (metatarsal base -> head), @p corner the plantar
    /// corner of the Chopart joint. In the foot the spring and short plantar
    /// ligaments lie side by side across the Chopart joint; one sagittal
    /// section stacks them (spring deepest). The long plantar ligament runs
    /// below both to the metatarsal base, the plantar tarsometatarsal one
    /// under its joint. Attachment sites: anatomy texts (the spring ligament
    /// from the sustentaculum to the navicular; the long plantar ligament
    /// from the plantar calcaneus in front of the tubercles to the
    /// metatarsal bases); positions along each face are template choices.
    struct LigamentPolygons
    {
      std::vector<LigamentBand>          bands;
      std::vector<std::vector<Point<2>>> outlines;
    };

    /// Adds the bands of @p more after those of @p to.
    void
    append(LigamentPolygons &to, const LigamentPolygons &more)
    {
      to.bands.insert(to.bands.end(), more.bands.begin(), more.bands.end());
      to.outlines.insert(to.outlines.end(),
                         more.outlines.begin(),
                         more.outlines.end());
    }

    LigamentPolygons
    ligament_polygons(const FootGeometry          &g,
                      const std::vector<Point<2>> &calc_under,
                      const std::vector<Point<2>> &mid_under,
                      const std::vector<Point<2>> &meta_under,
                      const Point<2>              &corner,
                      const double                 fascia_top_at_corner)
    {
      const auto along = [](const std::vector<Point<2>> &face, const double f) {
        return face[0] + f * (face[1] - face[0]);
      };
      const double     t = g.ligament_thickness, tab = 0.003, rise = 0.003;
      LigamentPolygons out;
      auto             add = [&](const dealii::types::material_id id,
                     const Point<2>                  &a,
                     const Point<2>                  &b,
                     const std::vector<Point<2>>     &outline,
                     const double                     thickness) {
        out.bands.push_back(make_band(id, a, b, thickness, false));
        out.outlines.push_back(outline);
      };
      // Spring (deep) and short plantar ligament (wrapped around it).
      const Point<2> s0 = along(calc_under, 0.78), s1 = along(mid_under, 0.45);
      add(
        region::spring_ligament, s0, s1, band_outline(s0, s1, t, tab, rise), t);
      add(region::short_plantar_ligament,
          s0 - t * left_normal(unit(s1 - s0)),
          s1 - t * left_normal(unit(s1 - s0)),
          band_outline(s0, s1, t, tab, rise, t, tab),
          t);
      // Long plantar ligament: calcaneus in front of the tubercles to the
      // metatarsal base, well below the stack.
      const Point<2> l0 = along(calc_under, 0.37), l1 = along(meta_under, 0.36);
      add(region::long_plantar_ligament,
          l0,
          l1,
          band_outline(l0, l1, t, tab, rise),
          t);
      // Plantar tarsometatarsal ligament.
      const Point<2> m0 = along({mid_under[1], mid_under[2]}, 0.8),
                     m1 = along(meta_under, 0.2);
      add(region::plantar_tmt_ligament,
          m0,
          m1,
          band_outline(m0, m1, 0.75 * t, tab, rise),
          0.75 * t);

      // The bands must clear the joint above them and each other below:
      // the spring's top edge passes under the Chopart corner, the stack's
      // bottom above the long plantar ligament, which stays above the
      // fascia. A foot too flat for that is refused.
      const auto height_of =
        [](const Point<2> &a, const Point<2> &b, const double x) {
          return a[1] + (x - a[0]) * (b[1] - a[1]) / (b[0] - a[0]);
        };
      const double gap_joint = corner[1] - height_of(s0, s1, corner[0]);
      double       gap_stack = 1.;
      for (const double f : {0., 0.25, 0.5, 0.75, 1.})
        {
          const double x = s0[0] - 2. * tab + f * (s1[0] - s0[0] + 4. * tab);
          gap_stack =
            std::min(gap_stack,
                     height_of(s0, s1, x) - 2. * t - height_of(l0, l1, x));
        }
      const double gap_fascia =
        height_of(l0, l1, corner[0]) - t - fascia_top_at_corner;
      if (gap_joint < 0.0005 || gap_stack < 0.0005 || gap_fascia < 0.0005)
        reject("Arch height",
               "the plantar ligaments do not fit under the arch (" +
                 mm(std::min({gap_joint, gap_stack, gap_fascia})) +
                 " between bands, joint and fascia, needs 0.5 mm); raise the "
                 "arch, thin the bands (Foot/Ligaments/Band thickness) or "
                 "cut them (Foot/Ligaments/Plantar ligaments = off)");
      return out;
    }
    /// Height of the skin outline @p envelope above @p x: the highest of
    /// its edges' crossings of that vertical.
    double
    skin_top_at(const std::vector<Point<2>> &envelope, const double x)
    {
      double top = -1.;
      for (unsigned int i = 0; i < envelope.size(); ++i)
        {
          const Point<2> &p = envelope[i],
                         &q = envelope[(i + 1) % envelope.size()];
          if ((p[0] - x) * (q[0] - x) > 0. || p[0] == q[0])
            continue;
          top =
            std::max(top, p[1] + (x - p[0]) / (q[0] - p[0]) * (q[1] - p[1]));
        }
      return top;
    }

    /// The dorsal ligaments that hold the Chopart and tarsometatarsal
    /// joints together on the side away from the fascia, as bands lying on
    /// the bones' dorsal faces: dorsal talonavicular from the talar neck
    /// (@p talus_neck, joint corner -> dome) to the navicular's dorsal face
    /// (@p mid_top, back to front), dorsal tarsometatarsal from the
    /// midfoot's dorsal face to the metatarsal base (@p meta_top, base ->
    /// head). Each band's bone-side edge is the chord between its two
    /// attachment points, lifted until it passes 1 mm above the joint's
    /// dorsal corners @p corners (so that the joint can open and close
    /// under it), and its tabs reach 2 mm into the bones. The attachment
    /// sites follow anatomy texts; positions along each face are template
    /// choices. A band that would come within 2 mm of the skin
    /// (@p envelope) is refused.
    LigamentPolygons
    dorsal_ligament_polygons(const FootGeometry          &g,
                             const std::vector<Point<2>> &talus_neck,
                             const std::vector<Point<2>> &mid_top,
                             const std::vector<Point<2>> &meta_top,
                             const std::vector<Point<2>> &corners,
                             const std::vector<Point<2>> &envelope)
    {
      const auto along = [](const Point<2> &a, const Point<2> &b, double f) {
        return a + f * (b - a);
      };
      const double       t = g.ligament_thickness, tab = 0.003, clear = 0.001;
      const Tensor<1, 2> up({0., 1.});
      LigamentPolygons   out;
      double             skin_gap = 1.;
      auto               add      = [&](const dealii::types::material_id id,
                     const Point<2>                  &bone_a,
                     const Point<2>                  &bone_b) {
        const auto chord_at = [&](const double x) {
          return bone_a[1] + (x - bone_a[0]) / (bone_b[0] - bone_a[0]) *
                               (bone_b[1] - bone_a[1]);
        };
        double lift = clear;
        for (const auto &c : corners)
          if (c[0] > bone_a[0] && c[0] < bone_b[0])
            lift = std::max(lift, c[1] - chord_at(c[0]) + clear);
        const Point<2> a = bone_a + lift * up, b = bone_b + lift * up;
        out.bands.push_back(make_band(id, a, b, t, true));
        // Drawn from the insertion back: the band lies on the left of
        // b -> a, above the edge, and its tabs drop into the bones.
        out.outlines.push_back(band_outline(b, a, t, tab, lift + 0.002));
        for (const double f : {0., 0.25, 0.5, 0.75, 1.})
          {
            const double x = a[0] + f * (b[0] - a[0]);
            skin_gap =
              std::min(skin_gap,
                       skin_top_at(envelope, x) - (chord_at(x) + lift + t));
          }
      };
      add(region::dorsal_talonavicular_ligament,
          along(talus_neck[0], talus_neck[1], 0.45),
          along(mid_top[0], mid_top[1], 0.5));
      add(region::dorsal_tmt_ligament,
          along(mid_top[1], mid_top[2], 0.45),
          along(meta_top[0], meta_top[1], 0.25));
      if (skin_gap < 0.002)
        reject("Ligaments/Band thickness",
               "the dorsal ligaments come within " + mm(skin_gap) +
                 " of the skin (needs 2 mm); thin the bands or cut them "
                 "(Foot/Ligaments/Dorsal ligaments = off)");
      return out;
    }

    /// The heel pad's region: a box under the calcaneus from behind the
    /// heel to 20 mm (template, scale @p s) in front of the tubercle @p T,
    /// up to 15 mm above it; the mesher clips it to the skin outline and
    /// the bones, meshed first, take what it overlaps.
    std::vector<Point<2>>
    heel_pad_box(const Point<2> &T, const double s)
    {
      const double x_front = T[0] + 0.020 * s, top = T[1] + 0.015;
      return {Point<2>(-0.01, -0.01),
              Point<2>(x_front, -0.01),
              Point<2>(x_front, top),
              Point<2>(-0.01, top)};
    }

    /// Cell size in the cartilage layers.
    double
    h_cart_of(const FootGeometry &g, const double h)
    {
      return std::min(h, g.cartilage_thickness);
    }

    /// The first metatarsal, its MTP joint layer and the proximal phalanx.
    struct MtpPolygons
    {
      std::array<std::vector<Point<2>>, 3>
        parts; ///< metatarsal, layer, phalanx
      std::vector<Point<2>>
               face;   ///< the head's articular face, distal on the right
      Point<2> centre; ///< the joint's centre (L.mtp_centre)
      Point<2> distal_face_bottom; ///< the layer's far side, lowest
      double   head_low = 0.;      ///< lowest point of the face
    };

    /// Flat (bonded) joint: the head's distal face is a vertical segment
    /// and the centre the middle of the layer. Hinged (FootGeometry::
    /// hinged_mtp): the head is round, radius 7 mm (template) about its
    /// centre, its articular face runs from under the head (-90 degrees)
    /// over the tip to 110 degrees dorsally, the layer covers all of it,
    /// and the phalanx's base cups it from -90 to 30 degrees. Dorsiflexing
    /// the toe turns the cup about the centre, sliding in the layer; the
    /// part of the face it leaves bare dorsally (30-110 degrees) is what it
    /// slides onto (30 degrees of dorsiflexion reach 60). The shaft's
    /// ends @p shaft = {plantar base, plantar head, dorsal base} and the
    /// phalanx's distal corners @p toe = {plantar, dorsal}.
    MtpPolygons
    mtp_polygons(const FootGeometry            &g,
                 const TemplateMap             &map,
                 const std::array<Point<2>, 3> &shaft,
                 const std::array<Point<2>, 2> &toe,
                 const double                   h_cart)
    {
      const double       tc = g.cartilage_thickness;
      const Tensor<1, 2> ex({1., 0.});
      const auto &[MD3o, MH1, MD2o] = shaft;
      MtpPolygons out;
      auto &[metatarsal, layer, proximal] = out.parts;
      if (!g.hinged_mtp)
        {
          const Point<2> MH2 = map(204, 14), MH3 = map(204, 28),
                         MH4  = map(196, 32);
          const Point<2> MH2o = MH2 + tc * ex, MH3o = MH3 + tc * ex;
          metatarsal = {MD3o, MH1, MH2, MH3, MH4, MD2o};
          layer      = {MH2, MH2o, MH3o, MH3};
          proximal   = {MH2o, toe[0], toe[1], MH3o};
          out.face   = {MH2, MH3};
          out.centre =
            Point<2>(0.5 * (MH2[0] + MH2o[0]), 0.5 * (MH2[1] + MH3[1]));
          out.distal_face_bottom = MH2o;
          out.head_low           = MH2[1];
          return out;
        }
      const Point<2> C   = map(197, 21);
      const double   r   = (map(204, 21) - C).norm();
      const double   deg = M_PI / 180., a0 = -90. * deg, a1 = 110. * deg,
                   a_cup = 30. * deg;
      auto at            = [&](const double radius, const double angle) {
        return C + radius * Tensor<1, 2>({std::cos(angle), std::sin(angle)});
      };
      const unsigned int n =
        std::max(10u, unsigned(std::ceil((a1 - a0) * r / h_cart)));
      std::vector<Point<2>> inner, outer, cup;
      for (unsigned int k = 0; k <= n; ++k)
        {
          const double a = a0 + (a1 - a0) * k / n;
          inner.push_back(at(r, a));
          outer.push_back(at(r + tc, a));
          if (a <= a_cup + 1e-12)
            cup.push_back(outer.back());
        }
      if (cup.size() < 3)
        throw ScenarioError("internal: MTP cup has too few points");
      metatarsal = {MD3o, MH1};
      append(metatarsal, inner);
      metatarsal.push_back(MD2o);
      layer = reversed(inner); // clockwise about C: counter-clockwise outline
      append(layer, outer);
      proximal = {cup.front(), toe[0], toe[1]};
      append(proximal, reversed(cup));
      proximal.pop_back(); // cup.front() starts the outline
      out.face               = inner;
      out.centre             = C;
      out.distal_face_bottom = at(r + tc, 0.) - Tensor<1, 2>({0., r});
      out.head_low           = inner.front()[1];
      return out;
    }

    /// The landmarks that are points of the outline: ankle centre @p CA,
    /// tubercle @p T, navicular @p MB1, the first MTP centre (see
    /// MtpPolygons) and the leg's points; @p d the leg axis.
    void
    set_point_landmarks(FootLandmarks      &L,
                        const Point<2>     &CA,
                        const Point<2>     &T,
                        const Point<2>     &MB1,
                        const Point<2>     &mtp_centre,
                        const LegPolygons  &leg,
                        const Tensor<1, 2> &d)
    {
      L.ankle_centre           = CA;
      L.medial_tubercle        = T;
      L.heel_skin              = Point<2>(T[0], 0.);
      L.navicular              = MB1;
      L.mtp_centre             = mtp_centre;
      L.knee_centre            = leg.knee_centre;
      L.achilles_insertion     = leg.insertion;
      L.leg_axis               = d;
      L.muscle_tendon_junction = leg.mtj;
      L.knee_end_b             = leg.knee_end_b;
      L.knee_end_length        = leg.knee_end_length;
      L.tendon_mid   = leg.insertion + 0.3 * (leg.mtj - leg.insertion);
      L.belly_length = leg.muscle_top_b - (leg.mtj - CA) * d;
    }

  } // namespace

  double
  region_width(const FootGeometry &g, const dealii::types::material_id id)
  {
    switch (id)
      {
        case region::tibia:
        case region::ankle_cartilage:
          return g.tibia_width;
        case region::knee:
          return std::max(g.muscle_width, g.tibia_width);
        case region::achilles_tendon:
          return g.achilles_width;
        case region::calf_muscle:
          return g.muscle_width;
        case region::fascia:
        case region::fascia_insertion:
          return g.fascia_width;
        case region::spring_ligament:
        case region::short_plantar_ligament:
        case region::long_plantar_ligament:
        case region::plantar_tmt_ligament:
        case region::dorsal_talonavicular_ligament:
        case region::dorsal_tmt_ligament:
          return g.ligament_width;
        default:
          return g.foot_width;
      }
  }

  FootOutline
  make_foot_outline(const FootGeometry &g,
                    const double        h,
                    const unsigned int  fascia_layers)
  {
    check_geometry(g);
    const TemplateMap map(g);
    const double      s  = map.scale();
    const double      tc = g.cartilage_thickness;
    FootOutline       out;
    auto             &L = out.landmarks;

    // --- Calcaneus --------------------------------------------------------
    const Point<2> C1 = map(10, 28), C2 = map(16, 20), T = map(30, 16),
                   C3 = map(84, 35), C4 = map(88, 56), C5 = map(40, 62),
                   C6 = map(22, 66), C7 = map(12, 62), C8 = map(8, 45);
    std::vector<Point<2>> calcaneus = {C1, C2, T, C3, C4, C5, C6, C7, C8};

    // --- Subtalar joint and talus ------------------------------------------
    const Tensor<1, 2> n_st = left_normal(unit(C4 - C5)); // upward
    const Point<2>     TA1 = C5 + tc * n_st, TA2 = C4 + tc * n_st;
    const Point<2>     TA4 = map(96, 74), TA6 = map(44, 72);
    const Point<2>     CA = map(62, 82);
    const double       Rd = dome_radius_mm * 1e-3 * s;
    const Tensor<1, 2> d  = LegFrame(CA, g.ankle_dorsiflexion).axis;

    const AnklePolygons ankle =
      ankle_polygons(g, CA, Rd, tc, h, {TA1, TA2, TA4}, TA6);
    const auto &outer_arc       = ankle.outer_arc;
    const auto &ankle_cartilage = ankle.cartilage;
    const auto &talus           = ankle.talus;

    // --- Chopart joint and midfoot -----------------------------------------
    const std::vector<Point<2>> chopart_line = {C3, C4, TA2, TA4};
    const std::vector<Point<2>> chopart_off  = offset_right(chopart_line, tc);
    std::vector<Point<2>>       chopart      = reversed(chopart_line);
    append(chopart, chopart_off);
    // (reversed line runs top -> bottom on the posterior side, the offset
    // line bottom -> top on the anterior side: counter-clockwise)
    const Point<2> MB1 = map(110, 38), MD3 = map(140, 38), MD2 = map(140, 58),
                   MT1            = map(122, 68);
    std::vector<Point<2>> midfoot = {chopart_off[0], MB1, MD3, MD2, MT1};
    append(midfoot, reversed({chopart_off[1], chopart_off[2], chopart_off[3]}));

    // --- Tarsometatarsal joint, metatarsal, MTP, phalanges ------------------
    const Tensor<1, 2>          ex({1., 0.});
    const Point<2>              MD3o = MD3 + tc * ex, MD2o = MD2 + tc * ex;
    const std::vector<Point<2>> tmt = {MD3, MD3o, MD2o, MD2};
    const Point<2> MH1 = map(192, 13), PP1 = map(236, 13), PP2 = map(236, 24);
    const MtpPolygons first_mtp =
      mtp_polygons(g, map, {{MD3o, MH1, MD2o}}, {{PP1, PP2}}, h_cart_of(g, h));
    const auto &[metatarsal, mtp, proximal] = first_mtp.parts;
    const Point<2>              MH2o        = first_mtp.distal_face_bottom;
    const Point<2>              PP1o = PP1 + tc * ex, PP2o = PP2 + tc * ex;
    const std::vector<Point<2>> ip     = {PP1, PP1o, PP2o, PP2};
    const std::vector<Point<2>> distal = {
      PP1o, map(254, 12), map(258, 16), map(252, 21), PP2o};

    // --- Plantar fascia -----------------------------------------------------
    // Top line: from inside the calcaneus, past the tubercle, straight under
    // the metatarsal head (2 mm below it) and up into the proximal phalanx.
    const double          tf       = g.fascia_thickness;
    const double          mh_low   = std::min(MH1[1], first_mtp.head_low);
    std::vector<Point<2>> top_line = {
      Point<2>(T[0] - 0.006 * s, T[1] + 0.004),
      Point<2>(T[0], T[1] + 0.001),
      Point<2>(MH1[0], mh_low - 0.002),
      Point<2>(MH2o[0] + 0.002 * s, mh_low - 0.002),
      Point<2>(MH2o[0] + 0.012 * s, PP1[1] + 0.002)};
    const FasciaPolygons fascia_parts =
      fascia_polygons(g, top_line, T, C3, s, L);
    const auto &fascia_insertion = fascia_parts.insertion;
    const auto &fascia           = fascia_parts.band;
    const auto &spur             = fascia_parts.spur;

    // --- Leg: tibia, knee block, Achilles tendon, calf muscle ---------------
    const LegPolygons leg_parts = leg_polygons(g, outer_arc, CA, C7, C8);
    const auto       &tibia     = leg_parts.tibia;
    const auto       &knee      = leg_parts.knee;
    const auto       &tendon    = leg_parts.tendon;
    const auto       &muscle    = leg_parts.muscle;

    // --- Soft tissue envelope and heel pad ---------------------------------
    const std::vector<Point<2>> envelope = skin_envelope(g, map, CA, Rd, s);
    const std::vector<Point<2>> heel_pad = heel_pad_box(T, s);

    // --- Assemble in priority order ----------------------------------------
    const double h_bone   = 1.5 * h,
                 h_thin_f = std::min(h, tf / std::max(1u, fascia_layers)),
                 h_cart = h_cart_of(g, h), h_leg = 3. * h;
    auto add = [&](const dealii::types::material_id id,
                   const std::vector<Point<2>>     &poly,
                   const double                     size) {
      if (polygon_area(poly) <= 0.)
        throw ScenarioError("internal: foot outline polygon of " +
                            region_name(id) + " is not counter-clockwise");
      out.regions.push_back({id, poly, size});
    };
    add(region::knee, knee, h_leg);
    add(region::tibia, tibia, h_leg);
    add(region::calcaneus, calcaneus, h_bone);
    add(region::talus, talus, h_bone);
    add(region::midfoot, midfoot, h_bone);
    add(region::metatarsal, metatarsal, h_bone);
    add(region::phalanges, proximal, h_bone);
    add(region::phalanges, distal, h_bone);
    if (!spur.empty())
      add(region::heel_spur, spur, std::min(h, 0.001));
    add(region::ankle_cartilage, ankle_cartilage, h_cart);
    add(region::cartilage, {C5, C4, TA2, TA1}, h_cart);
    const auto arch_layer =
      g.sliding_arch_joints ? region::arch_joint : region::cartilage;
    add(arch_layer, chopart, h_cart);
    add(arch_layer, tmt, h_cart);
    add(g.hinged_mtp ? region::arch_joint : region::cartilage, mtp, h_cart);
    add(region::cartilage, ip, h_cart);
    LigamentPolygons ligaments;
    if (g.plantar_ligaments)
      ligaments = ligament_polygons(g,
                                    {T, C3},
                                    {chopart_off[0], MB1, MD3},
                                    {MD3o, MH1},
                                    C3,
                                    polyline_at(top_line, C3[0])[1]);
    if (g.dorsal_ligaments)
      append(ligaments,
             dorsal_ligament_polygons(g,
                                      {TA4, ankle.neck_top},
                                      {chopart_off[3], MT1, MD2},
                                      {MD2o, metatarsal[metatarsal.size() - 2]},
                                      {TA4, chopart_off[3], MD2, MD2o},
                                      envelope));
    for (unsigned int i = 0; i < ligaments.bands.size(); ++i)
      add(ligaments.bands[i].id,
          ligaments.outlines[i],
          std::min(h, ligaments.bands[i].thickness));
    out.ligaments = ligaments.bands;
    add(region::achilles_tendon, tendon, std::min(h, g.achilles_thickness));
    add(region::calf_muscle, muscle, h_leg);
    add(region::fascia_insertion, fascia_insertion, h_thin_f);
    add(region::fascia, fascia, h_thin_f);
    add(region::heel_pad, heel_pad, h);
    add(region::soft_tissue, envelope, h);

    // Proximal articular faces, each with the distal bone on its right.
    out.joint_faces = {
      {C4, C5}, chopart_line, {MD3, MD2}, first_mtp.face, {PP1, PP2}};
    set_point_landmarks(L, CA, T, MB1, first_mtp.centre, leg_parts, d);
    out.envelope = envelope;
    return out;
  }
} // namespace plantarfe::anatomy
