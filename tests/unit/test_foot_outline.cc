// The parametric foot outline (anatomy/foot_geometry.h) where the
// heel-attachment metric depends on it: the heel spur lies deep (dorsal) to
// the fascia band and never inside it, the enthesis section is on free band
// tissue, and an insertion region too short to hold that section is refused;
// the plantar ligament bands read their force on band tissue clear of the
// bones, the joints, the fascia and each other.
#include <gtest/gtest.h>

#include "anatomy/foot_geometry.h"
#include "anatomy/regions.h"
#include "base/errors.h"

#include <algorithm>
#include <cmath>
#include <string>

using namespace plantarfe;
using dealii::Point;

namespace
{
  /// The fascia band's top (dorsal) surface at x: its centre line plus half
  /// the thickness.
  double
  band_top(const anatomy::FootLandmarks &L,
           const double                  thickness,
           const double                  x)
  {
    const auto &line = L.fascia_line;
    for (unsigned int i = 0; i + 1 < line.size(); ++i)
      if (x <= line[i + 1][0])
        {
          const double f = (x - line[i][0]) / (line[i + 1][0] - line[i][0]);
          return line[i][1] + f * (line[i + 1][1] - line[i][1]) +
                 thickness / 2.;
        }
    return line.back()[1] + thickness / 2.;
  }

  bool
  inside(const std::vector<Point<2>> &poly, const Point<2> &p)
  {
    bool in = false;
    for (unsigned int i = 0, j = poly.size() - 1; i < poly.size(); j = i++)
      if ((poly[i][1] > p[1]) != (poly[j][1] > p[1]) &&
          p[0] < (poly[j][0] - poly[i][0]) * (p[1] - poly[i][1]) /
                     (poly[j][1] - poly[i][1]) +
                   poly[i][0])
        in = !in;
    return in;
  }

  const anatomy::RegionPolygon *
  find_region(const anatomy::FootOutline      &o,
              const dealii::types::material_id id)
  {
    for (const auto &r : o.regions)
      if (r.id == id)
        return &r;
    return nullptr;
  }
} // namespace

TEST(FootOutline, SpurLiesDeepToTheBand)
{
  anatomy::FootGeometry g;
  g.heel_spur_length  = 0.005;
  const auto  outline = anatomy::make_foot_outline(g, 0.003);
  const auto &L       = outline.landmarks;
  const auto *spur    = find_region(outline, anatomy::region::heel_spur);
  ASSERT_NE(spur, nullptr);
  double tip = -1.;
  for (const auto &p : spur->vertices)
    {
      tip = std::max(tip, p[0]);
      // Behind the tubercle the spur is inside the calcaneus (the bone wins
      // there); everywhere in front it keeps 1 mm of tissue above the band.
      if (p[0] >= L.medial_tubercle[0])
        {
          EXPECT_GE(p[1], band_top(L, g.fascia_thickness, p[0]) + 0.001 - 1e-9)
            << "spur vertex at x = " << p[0] * 1e3 << " mm";
        }
    }
  // Its length counts from where the band leaves the bone.
  EXPECT_NEAR(tip, L.enthesis_free_x + g.heel_spur_length, 1e-12);
}

TEST(FootOutline, NoSpurWithoutLength)
{
  const auto outline =
    anatomy::make_foot_outline(anatomy::FootGeometry(), 0.003);
  EXPECT_EQ(find_region(outline, anatomy::region::heel_spur), nullptr);
}

TEST(FootOutline, EnthesisSectionIsOnFreeBand)
{
  anatomy::FootGeometry g;
  const auto           &L     = anatomy::make_foot_outline(g, 0.003).landmarks;
  const double          x_end = L.medial_tubercle[0] + g.insertion_length;
  EXPECT_GT(L.enthesis_free_x, L.medial_tubercle[0]);
  EXPECT_NEAR(L.enthesis_section_x, 0.5 * (L.enthesis_free_x + x_end), 1e-12);
  // The metric's 5 mm slab fits between the bone and the region's end.
  EXPECT_GE(L.enthesis_section_x - 0.0025, L.enthesis_free_x);
  EXPECT_LE(L.enthesis_section_x + 0.0025, x_end);
}

TEST(FootOutline, ShortInsertionRegionIsRefused)
{
  anatomy::FootGeometry g;
  g.insertion_length = 0.003;
  try
    {
      anatomy::make_foot_outline(g, 0.003);
      FAIL() << "a 3 mm insertion region was accepted";
    }
  catch (const ScenarioError &e)
    {
      EXPECT_NE(std::string(e.what()).find("Insertion region length"),
                std::string::npos)
        << e.what();
    }
}

TEST(FootOutline, LigamentSectionsLieOnTheirOwnBand)
{
  anatomy::FootGeometry g;
  g.plantar_ligaments = true;
  const auto outline  = anatomy::make_foot_outline(g, 0.003);
  ASSERT_EQ(outline.ligaments.size(), anatomy::ligament_regions().size());
  for (const auto &band : outline.ligaments)
    {
      const std::string name = anatomy::region_name(band.id);
      // The band's section and points just before and after it along the
      // band are in its own polygon and in no other region's (regions
      // earlier in the list win where they overlap: bones, cartilage,
      // the other bands; the fascia and the pads come later).
      for (const double s : {-0.0025, 0., 0.0025})
        {
          const Point<2> p   = band.section_point + s * band.direction;
          unsigned int   own = 0;
          for (const auto &r : outline.regions)
            {
              if (r.id == anatomy::region::soft_tissue ||
                  r.id == anatomy::region::heel_pad)
                continue;
              if (r.id == band.id)
                own += inside(r.vertices, p);
              else
                EXPECT_FALSE(inside(r.vertices, p))
                  << name << " section at " << s * 1e3 << " mm lies in "
                  << anatomy::region_name(r.id);
            }
          EXPECT_EQ(own, 1u) << name;
        }
      EXPECT_GT(band.free_length, 0.010) << name;
      EXPECT_NEAR(band.direction.norm(), 1., 1e-12);
    }
  // The short plantar ligament lies under the spring ligament (stacked in
  // the section), the long plantar ligament under both.
  const auto &spring        = outline.ligaments[0],
             &short_plantar = outline.ligaments[1];
  EXPECT_EQ(spring.id, anatomy::region::spring_ligament);
  const dealii::Tensor<1, 2> up({-spring.direction[1], spring.direction[0]});
  EXPECT_NEAR((spring.section_point - short_plantar.section_point) * up,
              g.ligament_thickness,
              1e-12);
  EXPECT_NEAR((spring.section_point - short_plantar.section_point) *
                spring.direction,
              0.,
              1e-12);
}

TEST(FootOutline, NoLigamentBandsWhenCut)
{
  anatomy::FootGeometry g;
  g.plantar_ligaments = false;
  g.dorsal_ligaments  = false;
  const auto outline  = anatomy::make_foot_outline(g, 0.003);
  EXPECT_TRUE(outline.ligaments.empty());
  for (const auto id : anatomy::ligament_regions())
    EXPECT_EQ(find_region(outline, id), nullptr);
}

TEST(FootOutline, DorsalLigamentsBridgeTheirJointsAboveTheBones)
{
  // With the plantar bands cut, the two dorsal bands remain: each runs
  // from posterior to anterior above the dorsal corner of the joint it
  // holds (its section lies in no bone or joint layer), for the flat and
  // the hinged MTP geometry alike.
  for (const bool hinged : {false, true})
    {
      anatomy::FootGeometry g;
      g.plantar_ligaments = false;
      g.hinged_mtp        = hinged;
      const auto outline  = anatomy::make_foot_outline(g, 0.003);
      ASSERT_EQ(outline.ligaments.size(), 2u);
      EXPECT_EQ(outline.ligaments[0].id,
                anatomy::region::dorsal_talonavicular_ligament);
      EXPECT_EQ(outline.ligaments[1].id, anatomy::region::dorsal_tmt_ligament);
      // The Chopart joint face and the tarsometatarsal face (joint_faces 1
      // and 2): their highest point lies under the band's span, at least
      // 1 mm below the band's bone-side edge there.
      for (unsigned int k = 0; k < 2; ++k)
        {
          const auto &band = outline.ligaments[k];
          EXPECT_GT(band.direction[0], 0.) << "posterior to anterior";
          Point<2> corner(0., -1.);
          for (const auto &p : outline.joint_faces[1 + k])
            if (p[1] > corner[1])
              corner = p;
          ASSERT_GT(corner[0], band.origin[0]);
          ASSERT_LT(corner[0], band.insertion[0]);
          const double edge =
            band.origin[1] + (corner[0] - band.origin[0]) /
                               (band.insertion[0] - band.origin[0]) *
                               (band.insertion[1] - band.origin[1]);
          EXPECT_GE(edge - corner[1], 0.001 - 1e-12)
            << anatomy::region_name(band.id);
          // The section point is above the edge, inside the band.
          EXPECT_TRUE(inside(find_region(outline, band.id)->vertices,
                             band.section_point));
        }
    }
}

TEST(FootOutline, DorsalLigamentsThatReachTheSkinAreRefused)
{
  // 12 mm dorsal bands (beyond the entry's range, as an imported or
  // scripted geometry could ask) would come within 2 mm of the skin over
  // the tarsometatarsal joint: refused, naming the band thickness.
  anatomy::FootGeometry g;
  g.plantar_ligaments  = false;
  g.ligament_thickness = 0.012;
  try
    {
      anatomy::make_foot_outline(g, 0.003);
      FAIL() << "12 mm dorsal bands were accepted under the skin";
    }
  catch (const ScenarioError &e)
    {
      const std::string what = e.what();
      EXPECT_NE(what.find("Foot/Ligaments/Band thickness"), std::string::npos)
        << what;
      EXPECT_NE(what.find("Dorsal ligaments = off"), std::string::npos) << what;
    }
}

TEST(FootOutline, LigamentsThatDoNotFitUnderTheArchAreRefused)
{
  anatomy::FootGeometry g;
  g.plantar_ligaments  = true;
  g.ligament_thickness = 0.005; // a 10 mm stack under the Chopart joint
  try
    {
      anatomy::make_foot_outline(g, 0.003);
      FAIL() << "5 mm ligament bands were accepted under a 38 mm arch";
    }
  catch (const ScenarioError &e)
    {
      const std::string what = e.what();
      EXPECT_NE(what.find("Arch height"), std::string::npos) << what;
      EXPECT_NE(what.find("Band thickness"), std::string::npos) << what;
    }
}

TEST(FootOutline, HingedMtpHeadIsRoundAboutTheJointCentre)
{
  // A hinged MTP (sliding joints): the layer is an annulus sector of the
  // cartilage's thickness about the joint centre, the phalanx's base lies
  // on its outer arc, and the centre is inside the metatarsal head, so that
  // turning the toe about it slides the base along the layer.
  anatomy::FootGeometry g;
  g.hinged_mtp                         = true;
  const auto                   outline = anatomy::make_foot_outline(g, 0.003);
  const Point<2>              &C       = outline.landmarks.mtp_centre;
  const std::vector<Point<2>> *layer = nullptr, *head = nullptr,
                              *proximal = nullptr;
  for (const auto &r : outline.regions)
    {
      if (r.id == anatomy::region::arch_joint)
        layer = &r.vertices;
      if (r.id == anatomy::region::metatarsal)
        head = &r.vertices;
      if (r.id == anatomy::region::phalanges && proximal == nullptr)
        proximal = &r.vertices;
    }
  ASSERT_TRUE(layer && head && proximal);
  EXPECT_TRUE(inside(*head, C));
  double r_min = 1., r_max = 0.;
  for (const auto &p : *layer)
    {
      r_min = std::min(r_min, C.distance(p));
      r_max = std::max(r_max, C.distance(p));
    }
  EXPECT_NEAR(r_max - r_min, g.cartilage_thickness, 1e-9);
  unsigned int on_outer_arc = 0;
  for (const auto &p : *proximal)
    on_outer_arc += std::abs(C.distance(p) - r_max) < 1e-9;
  EXPECT_GE(on_outer_arc, 5u) << "the phalanx's base cups the head";
  // The joint's normals come from the head's face, a round arc too.
  ASSERT_EQ(outline.joint_faces.size(), 5u);
  for (const auto &p : outline.joint_faces[3])
    EXPECT_NEAR(C.distance(p), r_min, 1e-9);
  // The flat (bonded) joint keeps its layer out of the sliding region.
  for (const auto &r :
       anatomy::make_foot_outline(anatomy::FootGeometry(), 0.003).regions)
    EXPECT_NE(r.id, anatomy::region::arch_joint);
}
