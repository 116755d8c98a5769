// The anatomical 3D foot (anatomy/foot_solids.h), built once at a 12 mm
// cell size: every region of the outline is there, only soft tissue forms
// the skin, the heel is curved in both directions, the medial column stands
// higher than the lateral one, there are five metatarsals and six phalanx
// pieces (the hallux two), the fascia ends in five digital slips, the heel
// pad under the tubercle has the thickness the scenario gives, and the
// tetrahedra split into hexahedra none of which is inverted.
#include <deal.II/grid/tria.h>

#include <gtest/gtest.h>

#include "anatomy/foot_mesh.h"
#include "anatomy/foot_solids.h"
#include "anatomy/mesh_files.h"
#include "anatomy/regions.h"
#include "default_foot.h"
#include "mpi_environment.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <numeric>
#include <set>
#include <unistd.h>

using namespace plantarfe;
using dealii::Point;

namespace
{
  struct Built
  {
    scenario::FootScenario scenario;
    anatomy::FootOutline   outline;
    anatomy::MeshFileData  data;
  };

  const Built &
  built()
  {
    static const Built b = [] {
      Built out;
      out.scenario = default_foot();
      out.outline  = anatomy::make_foot_outline(out.scenario.geometry, 0.012);
      out.data =
        anatomy::anatomical_foot_mesh(out.scenario.geometry,
                                      out.outline,
                                      anatomy::anatomical_mesh_sizes(0.012));
      return out;
    }();
    return b;
  }

  Point<3>
  centre(const anatomy::FileElement &e)
  {
    Point<3> c;
    for (const auto v : e.nodes)
      c += built().data.nodes[v] / double(e.nodes.size());
    return c;
  }

  /// Exterior triangles (in one tetrahedron only) and that tetrahedron.
  std::map<std::array<unsigned int, 3>, unsigned int>
  exterior_faces()
  {
    std::map<std::array<unsigned int, 3>, std::pair<int, unsigned int>> count;
    const auto &cells = built().data.cells;
    for (unsigned int c = 0; c < cells.size(); ++c)
      for (unsigned int skip = 0; skip < 4; ++skip)
        {
          std::array<unsigned int, 3> f;
          for (unsigned int v = 0, j = 0; v < 4; ++v)
            if (v != skip)
              f[j++] = cells[c].nodes[v];
          std::sort(f.begin(), f.end());
          ++count[f].first;
          count[f].second = c;
        }
    std::map<std::array<unsigned int, 3>, unsigned int> out;
    for (const auto &[f, entry] : count)
      if (entry.first == 1)
        out[f] = entry.second;
    return out;
  }

  /// Pieces (connected through shared nodes) of the cells of @p group
  /// that @p keep accepts.
  unsigned int
  pieces(
    const std::string                                       &group,
    const std::function<bool(const anatomy::FileElement &)> &keep =
      [](const anatomy::FileElement &) { return true; })
  {
    const auto               &d = built().data;
    std::vector<unsigned int> parent(d.nodes.size());
    std::iota(parent.begin(), parent.end(), 0u);
    std::function<unsigned int(unsigned int)> root = [&](unsigned int v) {
      while (parent[v] != v)
        v = parent[v] = parent[parent[v]];
      return v;
    };
    std::set<unsigned int> nodes;
    for (const auto &c : d.cells)
      if (c.group == group && keep(c))
        for (const auto v : c.nodes)
          {
            parent[root(v)] = root(c.nodes[0]);
            nodes.insert(v);
          }
    std::set<unsigned int> roots;
    for (const auto v : nodes)
      roots.insert(root(v));
    return roots.size();
  }

  double
  lowest(const std::string                           &group,
         const std::function<bool(const Point<3> &)> &where)
  {
    double y = 1e9;
    for (const auto &c : built().data.cells)
      if (c.group == group)
        for (const auto v : c.nodes)
          if (where(built().data.nodes[v]))
            y = std::min(y, built().data.nodes[v][1]);
    return y;
  }
} // namespace

TEST(AnatomicalFoot, EveryRegionOfTheOutlineIsMeshed)
{
  std::set<std::string> groups;
  for (const auto &c : built().data.cells)
    groups.insert(c.group);
  for (const auto &r : built().outline.regions)
    EXPECT_TRUE(groups.count(anatomy::region_name(r.id)))
      << anatomy::region_name(r.id);
  EXPECT_GT(built().data.cells.size(), 5000u);
}

TEST(AnatomicalFoot, OnlySoftTissueFormsTheSkinOfTheFoot)
{
  const auto  &d     = built().data;
  unsigned int below = 0;
  for (const auto &[face, cell] : exterior_faces())
    {
      double y = 0.;
      for (const auto v : face)
        y += d.nodes[v][1] / 3.;
      if (y > 0.100)
        continue; // the leg leaves the foot through the skin's top
      ++below;
      const std::string &g = d.cells[cell].group;
      EXPECT_TRUE(g == "soft_tissue" || g == "heel_pad")
        << g << " on the foot's surface at y = " << y * 1e3 << " mm";
    }
  EXPECT_GT(below, 500u);
  std::map<std::string, unsigned int> faces;
  for (const auto &f : d.faces)
    ++faces[f.group];
  EXPECT_GT(faces["skin"], 500u);
  EXPECT_GT(faces["knee_end"], 4u);
}

TEST(AnatomicalFoot, TheHeelIsCurvedInBothDirections)
{
  const auto skin_low = [](const std::function<bool(const Point<3> &)> &at) {
    double y = 1e9;
    for (const auto &f : built().data.faces)
      if (f.group == "skin")
        for (const auto v : f.nodes)
          if (at(built().data.nodes[v]))
            y = std::min(y, built().data.nodes[v][1]);
    return y;
  };
  // The lowest point of the heel, on the ground, near its middle.
  const double bottom = skin_low([](const Point<3> &p) {
    return p[0] > 0.015 && p[0] < 0.040 && std::abs(p[2]) < 0.008;
  });
  EXPECT_LT(bottom, 0.0005);
  // Across: 20 mm to either side the sole has risen; along: so has it
  // 5 mm from the back of the heel.
  for (const double z : {-0.020, 0.020})
    EXPECT_GT(skin_low([z](const Point<3> &p) {
                return p[0] > 0.020 && p[0] < 0.035 &&
                       std::abs(p[2] - z) < 0.003;
              }),
              0.0015)
      << "z = " << z;
  EXPECT_GT(skin_low([](const Point<3> &p) { return p[0] < 0.005; }), 0.003);
}

TEST(AnatomicalFoot, TheMedialColumnStandsHigherThanTheLateral)
{
  // Navicular and cuneiforms against the cuboid; first metatarsal base
  // against the fifth's (the transverse arch at the tarsometatarsal joints).
  const double medial  = lowest("midfoot", [](const Point<3> &p) {
    return p[2] < -0.012 && p[0] > 0.100;
  });
  const double lateral = lowest("midfoot", [](const Point<3> &p) {
    return p[2] > 0.020 && p[0] > 0.100;
  });
  EXPECT_GT(medial - lateral, 0.010);
  const double first = lowest("metatarsal", [](const Point<3> &p) {
    return p[2] < -0.015 && p[0] < 0.150;
  });
  const double fifth = lowest("metatarsal", [](const Point<3> &p) {
    return p[2] > 0.028 && p[0] < 0.140;
  });
  EXPECT_GT(first - fifth, 0.010);
}

TEST(AnatomicalFoot, FiveRaysWithTheirToes)
{
  EXPECT_EQ(pieces("metatarsal"), 5u);
  EXPECT_EQ(pieces("phalanges"), 6u); // the hallux has two
  // The heads lie on an arc near the ground: every head's lowest point
  // within 10-16 mm of it.
  for (const auto &[z0, z1] : {std::make_pair(-0.035, -0.021),
                               std::make_pair(-0.012, 0.000),
                               std::make_pair(0.005, 0.015),
                               std::make_pair(0.018, 0.028),
                               std::make_pair(0.032, 0.042)})
    {
      const double y =
        lowest("metatarsal", [z0 = z0, z1 = z1](const Point<3> &p) {
          return p[2] > z0 && p[2] < z1 && p[0] > 0.160;
        });
      EXPECT_GT(y, 0.010) << z0;
      EXPECT_LT(y, 0.016) << z0;
    }
}

TEST(AnatomicalFoot, TheFasciaFansIntoFiveDigitalSlips)
{
  EXPECT_EQ(pieces("fascia",
                   [](const anatomy::FileElement &c) {
                     return centre(c)[0] > 0.195;
                   }),
            5u);
  // One band behind the slips, its insertion on the tubercle.
  EXPECT_EQ(pieces("fascia"), 1u);
  EXPECT_EQ(pieces("fascia_insertion"), 1u);
}

TEST(AnatomicalFoot, TheHeelPadUnderTheTubercleIsAsGiven)
{
  const auto  &g        = built().scenario.geometry;
  const auto  &tubercle = built().outline.landmarks.medial_tubercle;
  const double bone     = lowest("calcaneus", [&](const Point<3> &p) {
    return std::abs(p[0] - tubercle[0]) < 0.006 && std::abs(p[2]) < 0.010;
  });
  EXPECT_NEAR(bone, g.heel_pad_thickness, 0.001);
}

TEST(AnatomicalFoot, SplitsIntoHexahedraNoneInverted)
{
  const std::string path =
    std::filesystem::temp_directory_path() /
    ("plantarfe_anatomical_" + std::to_string(::getpid()) + ".msh");
  {
    std::ofstream out(path);
    out << anatomy::anatomical_foot_msh_text(built().data);
  }
  anatomy::MeshImport in;
  in.file            = path;
  in.metres_per_unit = 1.;
  dealii::Triangulation<3> tria;
  anatomy::read_mesh_file(in, tria);
  const auto landmarks = anatomy::read_mesh_file_landmarks(in, 3);
  std::filesystem::remove(path);
  EXPECT_EQ(tria.n_active_cells(), 4 * built().data.cells.size());
  const auto q = anatomy::mesh_quality(tria, MPI_COMM_SELF);
  EXPECT_EQ(q.n_inverted, 0u);
  // The landmarks travel with the file as node sets (moved with the foot
  // when its lowest point is put on the ground: by well under 1 mm).
  ASSERT_TRUE(landmarks.count("navicular"));
  EXPECT_NEAR(landmarks.at("navicular")[1],
              built().outline.landmarks.navicular[1],
              0.001);
}
