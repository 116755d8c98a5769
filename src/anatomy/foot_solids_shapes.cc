// The solids of the anatomical foot; see foot_solids_shapes.h.
#include "anatomy/foot_solids_shapes.h"

#include "base/errors.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace plantarfe::anatomy::foot_solids_detail
{


  int
  plane_polygon(const std::vector<Point<3>> &corners)
  {
    std::vector<int> points, lines;
    for (const auto &c : corners)
      points.push_back(occ::addPoint(c[0], c[1], c[2]));
    for (unsigned int i = 0; i < points.size(); ++i)
      lines.push_back(occ::addLine(points[i], points[(i + 1) % points.size()]));
    return occ::addPlaneSurface({occ::addCurveLoop(lines)});
  }

  int
  volume_of(const DimTags &extruded)
  {
    for (const auto &dt : extruded)
      if (dt.first == 3)
        return dt.second;
    throw SolverError("anatomical foot: an extrusion made no volume");
  }

  /// A sagittal polygon (x, y; m) extruded over z in [z0, z1].
  DimTags
  sagittal_prism(const std::vector<Point<2>> &poly,
                 const double                 z0,
                 const double                 z1)
  {
    std::vector<Point<3>> corners;
    for (const auto &p : poly)
      corners.emplace_back(p[0], p[1], z0);
    DimTags out;
    occ::extrude({{2, plane_polygon(corners)}}, 0., 0., z1 - z0, out);
    return {{3, volume_of(out)}};
  }

  /// A top-view polygon (points (x, z); m) extruded over y in [y0, y1].
  DimTags
  top_prism(const std::vector<Point<2>> &poly, const double y0, const double y1)
  {
    std::vector<Point<3>> corners;
    for (const auto &p : poly)
      corners.emplace_back(p[0], y0, p[1]);
    DimTags out;
    occ::extrude({{2, plane_polygon(corners)}}, 0., y1 - y0, 0., out);
    return {{3, volume_of(out)}};
  }

  /// A Gmsh boolean (intersect, cut, fuse) that consumes its operands.
  template <typename Operation>
  DimTags
  boolean(const Operation operation, const DimTags &a, const DimTags &b)
  {
    DimTags              out;
    std::vector<DimTags> map;
    operation(a, b, out, map, -1, true, true);
    return out;
  }

  DimTags
  intersection(const DimTags &a, const DimTags &b)
  {
    return boolean(occ::intersect, a, b);
  }

  DimTags
  united(const DimTags &a, const DimTags &b)
  {
    if (a.empty())
      return b;
    if (b.empty())
      return a;
    return boolean(occ::fuse, a, b);
  }


  /// Solids that do not overlap, side by side (fusing them lost one).
  DimTags
  joined(DimTags a, const DimTags &b)
  {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  }

  DimTags
  copy_of(const DimTags &a)
  {
    DimTags out;
    occ::copy(a, out);
    return out;
  }

  /// A top-view polygon given in the default anatomy's mm.
  std::vector<Point<2>>
  top_view(const Scale                                     &mm,
           std::initializer_list<std::pair<double, double>> corners)
  {
    std::vector<Point<2>> out;
    for (const auto &c : corners)
      out.emplace_back(mm(c.first), mm(c.second));
    return out;
  }

  /// One lesser ray (2-5) in the default anatomy's mm: the base's centre
  /// on its joint plane, the head's centre, radii, the toe's tip.
  struct LesserRay
  {
    double base_x, base_y, base_z, base_r;
    double head_x, head_y, head_z, head_r;
    double toe_r, tip_x;
  };

  /// Rays 2-5 (ray 1 is the outline's medial column). Bases on the
  /// transverse arch (second highest, fifth lowest), heads on an arc near
  /// the ground, declination falling from the second ray to the fifth.
  const std::array<LesserRay, 4> &
  lesser_rays()
  {
    static const std::array<LesserRay, 4> rays = {
      {{142., 46., -5., 6.5, 200., 18.5, -6., 6.0, 4.6, 251.},
       {142., 42., 9., 6.0, 194., 18., 10., 5.5, 4.4, 242.},
       {130., 32., 21., 6.0, 185., 17.5, 23., 5.5, 4.2, 230.},
       {130., 27., 34., 6.0, 172., 17., 37., 5.5, 4.0, 214.}}};
    return rays;
  }

  /// Closed section of the skin at x (m): a superellipse of exponent n
  /// between z_medial and z_lateral, from the sole (at the medial edge
  /// y_medial, at the lateral edge y_lateral, linear between) to y_top.
  int
  skin_section(const double x,
               const double z_medial,
               const double z_lateral,
               const double y_medial,
               const double y_lateral,
               const double y_top,
               const double n)
  {
    const unsigned int n_points = 32;
    const double       zc       = (z_medial + z_lateral) / 2.;
    const double       a        = (z_lateral - z_medial) / 2.;
    std::vector<int>   points;
    for (unsigned int k = 0; k < n_points; ++k)
      {
        const double t = 2. * M_PI * k / n_points;
        const double c = std::cos(t), s = std::sin(t);
        const double u  = (c < 0 ? -1. : 1.) * std::pow(std::abs(c), 2. / n);
        const double v  = (s < 0 ? -1. : 1.) * std::pow(std::abs(s), 2. / n);
        const double z  = zc + a * u;
        const double f  = (z_lateral - z) / (z_lateral - z_medial);
        const double yb = y_lateral + f * (y_medial - y_lateral);
        const double y  = yb + (y_top - yb) * (v + 1.) / 2.;
        points.push_back(occ::addPoint(x, y, z));
      }
    // A polygon, lofted with ruled faces: Gmsh 4.8 could not mesh the
    // faces of a smooth (spline) loft once other solids cut them.
    std::vector<int> lines;
    for (unsigned int k = 0; k < n_points; ++k)
      lines.push_back(occ::addLine(points[k], points[(k + 1) % n_points]));
    return occ::addWire(lines);
  }

  /// The skin's volume: a loft through rounded sections from the back of
  /// the heel to the tip of the hallux. The heel's sections are round
  /// below (exponent 2.5), so the heel is curved in both directions; the
  /// medial sole rises under the arch, the lateral sole stays near the
  /// ground (the footprint's midfoot band); the top follows the outline's
  /// dorsum up to where the leg leaves the foot.
  DimTags
  skin_volume(const Scale &mm, const double y_top_heel)
  {
    struct Section
    {
      double x, zm, zl, ym, yl, yt, n;
    };
    const double               H        = y_top_heel / mm(1.);
    const std::vector<Section> sections = {
      {0.5, -8., 8., 24., 24., 70., 2.2},
      {3., -19., 19., 9., 9., H, 2.4},
      {10., -27., 27., 2., 2., H, 2.5},
      {25., -31., 31., 0., 0., H, 2.5},
      {45., -32., 33., 0.5, 0.3, H, 3.},
      {70., -34., 38., 4., 1.5, H, 3.},
      {95., -41., 45., 7., 1., 104., 3.5},
      {125., -43., 49., 6., 0.5, 80., 3.5},
      {155., -44., 50., 3., 0., 62., 4.},
      {185., -44., 50., 0.5, 0., 45., 4.},
      {200., -44., 48., 0., 0., 38., 4.},
      {215., -43., 42., 0., 0.5, 34., 4.},
      {235., -42., 29., 1., 2.5, 30., 3.5},
      {252., -40., 11., 3., 7., 26., 3.},
      {262., -36., -15., 8., 10., 21., 2.5},
      {265.5, -26., -20., 12., 12., 16., 2.2}};
    std::vector<int> wires;
    for (const auto &q : sections)
      wires.push_back(skin_section(
        mm(q.x), mm(q.zm), mm(q.zl), mm(q.ym), mm(q.yl), mm(q.yt), q.n));
    DimTags out;
    occ::addThruSections(wires, out, -1, true, true);
    DimTags volumes;
    for (const auto &dt : out)
      if (dt.first == 3)
        volumes.push_back(dt);
    if (volumes.empty())
      throw SolverError("anatomical foot: the skin loft made no volume");
    return volumes;
  }

  /// Points of the arc of radius r about c from angle a0 to a1 (rad),
  /// n segments, appended to @p out.
  void
  append_arc(std::vector<Point<2>> &out,
             const Point<2>        &c,
             const double           r,
             const double           a0,
             const double           a1,
             const unsigned int     n)
  {
    for (unsigned int k = 0; k <= n; ++k)
      {
        const double a = a0 + (a1 - a0) * k / n;
        out.emplace_back(c[0] + r * std::cos(a), c[1] + r * std::sin(a));
      }
  }

  /// A band in top view (points (x, z)) from x0 to x1, its centre line
  /// from z0 to z1, half-widths w0 and w1.
  std::vector<Point<2>>
  top_band(const double x0,
           const double z0,
           const double w0,
           const double x1,
           const double z1,
           const double w1)
  {
    return {Point<2>(x0, z0 - w0),
            Point<2>(x1, z1 - w1),
            Point<2>(x1, z1 + w1),
            Point<2>(x0, z0 + w0)};
  }


  LesserRaySolids
  lesser_ray_solids(const Scale &mm, const double c)
  {
    const double deg   = M_PI / 180.;
    const auto   prism = [](const std::vector<Point<2>> &side,
                          const std::vector<Point<2>> &top) {
      return intersection(sagittal_prism(side, -1., 1.),
                          top_prism(top, -1., 1.));
    };
    LesserRaySolids out;
    for (const auto &r : lesser_rays())
      {
        const double   bx = mm(r.base_x), by = mm(r.base_y), bz = mm(r.base_z);
        const Point<2> head(mm(r.head_x), mm(r.head_y));
        const double   hz = mm(r.head_z);
        const double   rb = mm(r.base_r), rh = mm(r.head_r), rt = mm(r.toe_r);
        const double   block = mm(8.);

        std::vector<Point<2>> bone = {Point<2>(bx, by - rb),
                                      Point<2>(bx + block, by - 0.8 * rb)};
        append_arc(bone, head, rh, -100. * deg, 100. * deg, 10);
        bone.emplace_back(bx + block, by + 0.8 * rb);
        bone.emplace_back(bx, by + rb);
        const DimTags metatarsal =
          prism(bone, top_band(bx, bz, rb, head[0] + rh, hz, rh));
        out.metatarsals.insert(out.metatarsals.end(),
                               metatarsal.begin(),
                               metatarsal.end());

        const DimTags slab = prism({Point<2>(bx - c, by - rb),
                                    Point<2>(bx, by - rb),
                                    Point<2>(bx, by + rb),
                                    Point<2>(bx - c, by + rb)},
                                   top_band(bx - c, bz, rb, bx, bz, rb));
        // The layer over the head reaches as far round as the toe's
        // base: its angle where the toe's plantar and dorsal lines meet
        // the layer's outer circle.
        const double reach = std::asin(std::min(0.95, rt / (rh + c)));
        // A slice of the circle of radius r_h + c: the head, first in
        // priority, takes its inner part, so the layer's inner face is
        // the head's own (two polygons of one circle left slivers).
        std::vector<Point<2>> cap = {head};
        append_arc(cap, head, rh + c, -reach, reach, 6);
        const DimTags layer =
          prism(cap, top_band(head[0], hz, rt, head[0] + rh + c, hz, rt));
        for (const auto *part : {&slab, &layer})
          out.joints.insert(out.joints.end(), part->begin(), part->end());

        const double          tip = mm(r.tip_x);
        std::vector<Point<2>> toe;
        append_arc(toe, head, rh + c, -reach, reach, 6);
        append_arc(
          toe, Point<2>(tip - rt, head[1]), rt, M_PI / 2., -M_PI / 2., 6);
        const DimTags phalanges =
          prism(toe, top_band(head[0], hz, rt, tip, hz, 0.7 * rt));
        out.toes.insert(out.toes.end(), phalanges.begin(), phalanges.end());
      }
    return out;
  }


  TopViews
  top_views(const Scale &mm, const double ligament_width)
  {
    TopViews t;
    // Calcaneus: a posterior tuberosity rounded in top view (radius
    // 18 mm), the sustentaculum tali as a medial shelf under the talus,
    // the anterior process running laterally to the cuboid.
    for (int k = 0; k <= 8; ++k)
      {
        const double a = M_PI / 2. + M_PI * k / 8.;
        t.calcaneus.emplace_back(mm(26. + 18. * std::cos(a)),
                                 mm(2. + 18. * std::sin(a)));
      }
    for (const auto &c : top_view(mm,
                                  {{45., -20.},
                                   {52., -26.},
                                   {78., -26.},
                                   {90., 4.},
                                   {90., 30.},
                                   {60., 26.}}))
      t.calcaneus.push_back(c);
    // Talus: the body under the tibia, the neck and head turning
    // medially to the navicular.
    t.talus = top_view(mm,
                       {{38., -15.},
                        {38., 14.},
                        {78., 14.},
                        {96., -2.},
                        {100., -14.},
                        {97., -31.},
                        {88., -33.},
                        {72., -18.},
                        {60., -15.}});
    // Navicular and cuneiforms (one block for the medial column), and
    // the cuboid (the lateral column, lower: its own sagittal profile).
    t.medial_midfoot = top_view(mm,
                                {{84., -30.},
                                 {108., -36.},
                                 {140., -34.},
                                 {140., 16.},
                                 {112., 11.},
                                 {92., -2.},
                                 {84., -10.}});
    t.cuboid =
      top_view(mm,
               {{82., 8.}, {82., 38.}, {128., 41.}, {128., 13.}, {110., 9.}});
    t.first_metatarsal = top_view(mm,
                                  {{138., -33.5},
                                   {138., -14.5},
                                   {190., -21.},
                                   {211., -21.},
                                   {211., -35.},
                                   {190., -35.}});
    t.hallux           = top_view(mm,
                        {{192., -35.},
                                   {192., -21.},
                                   {240., -20.},
                                   {262., -24.},
                                   {262., -34.},
                                   {240., -36.}});
    // The fascia: its insertion is the central band's enthesis on the
    // medial tubercle; the three bands fan from the tubercle into five
    // digital slips.
    t.insertion =
      top_view(mm, {{18., -9.}, {18., 11.}, {47., 11.}, {47., -9.}});
    t.fascia_bands =
      top_view(mm, {{18., -17.},  {18., 19.},   {128., 34.},  {166., 41.},
                    {200., 41.},  {200., 31.},  {172., 31.},  {172., 28.},
                    {220., 28.},  {220., 18.},  {172., 18.},  {172., 14.},
                    {220., 14.},  {220., 4.},   {172., 4.},   {172., -1.},
                    {220., -1.},  {220., -11.}, {172., -11.}, {172., -23.},
                    {220., -23.}, {220., -33.}, {150., -30.}});
    // The ligament bands where the medial column's bones carry them,
    // centred 14 mm medial of the foot's axis.
    const double w = ligament_width / 2., zc = mm(-14.);
    t.ligaments = {Point<2>(mm(30.), zc - w),
                   Point<2>(mm(30.), zc + w),
                   Point<2>(mm(170.), zc + w),
                   Point<2>(mm(170.), zc - w)};
    t.spur = top_view(mm, {{0., -10.}, {0., 10.}, {60., 10.}, {60., -10.}});
    return t;
  }

  /// The cuboid's sagittal profile: its posterior face is the Chopart
  /// layer's anterior edge (so the calcaneocuboid joint is that layer),
  /// its plantar face lower than the medial column's.
  std::vector<Point<2>>
  cuboid_profile(const Scale &mm, const std::vector<Point<2>> &midfoot)
  {
    // The medial column's midfoot polygon starts with the Chopart
    // layer's lowest anterior corner and ends with the corner above it.
    return {midfoot.front(),
            Point<2>(mm(96.), mm(18.)),
            Point<2>(mm(128.), mm(20.)),
            Point<2>(mm(128.), mm(42.)),
            Point<2>(mm(110.), mm(50.)),
            midfoot.back()};
  }
} // namespace plantarfe::anatomy::foot_solids_detail
