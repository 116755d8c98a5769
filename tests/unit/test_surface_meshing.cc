// A volume mesh from closed surfaces (anatomy/surface_meshing.h): a box
// "skin" with a sphere "bone" inside and a painted sphere reaching the skin,
// written as STL files. The hexahedra fill the skin exactly (their volume
// is the box's), the bone's cells fill its polyhedron exactly, the knee end
// is the box's top, painted cells have their centres in the painted sphere;
// holes, surfaces that leave the skin or touch each other are refused with
// the file and a point.
#include <deal.II/base/point.h>

#include <gtest/gtest.h>

#include "anatomy/surface_meshing.h"
#include "base/errors.h"

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>
#include <vector>

using namespace plantarfe;
using dealii::Point;
namespace fs = std::filesystem;

namespace
{
  using Triangle = std::array<Point<3>, 3>;

  std::string
  folder()
  {
    const fs::path f = fs::temp_directory_path() /
                       ("plantarfe_surfaces_" + std::to_string(::getpid()));
    fs::create_directories(f);
    return f.string();
  }

  std::string
  write_stl(const std::string &name, const std::vector<Triangle> &triangles)
  {
    const std::string path = folder() + "/" + name;
    std::ofstream     out(path);
    out.precision(17);
    out << "solid " << name << '\n';
    for (const auto &t : triangles)
      {
        out << "facet normal 0 0 0\n outer loop\n";
        for (const auto &p : t)
          out << "  vertex " << p[0] << ' ' << p[1] << ' ' << p[2] << '\n';
        out << " endloop\nendfacet\n";
      }
    out << "endsolid " << name << '\n';
    return path;
  }

  /// The box [lo, hi] with n x n squares per face, two triangles each.
  std::vector<Triangle>
  box(const Point<3> &lo, const Point<3> &hi, const unsigned n)
  {
    std::vector<Triangle> t;
    for (unsigned axis = 0; axis < 3; ++axis)
      for (const bool upper : {false, true})
        {
          const unsigned u = (axis + 1) % 3, v = (axis + 2) % 3;
          auto           point = [&](unsigned i, unsigned j) {
            Point<3> p;
            p[axis] = upper ? hi[axis] : lo[axis];
            p[u]    = lo[u] + (hi[u] - lo[u]) * i / n;
            p[v]    = lo[v] + (hi[v] - lo[v]) * j / n;
            return p;
          };
          for (unsigned i = 0; i < n; ++i)
            for (unsigned j = 0; j < n; ++j)
              {
                t.push_back(Triangle{
                  {point(i, j), point(i + 1, j), point(i + 1, j + 1)}});
                t.push_back(Triangle{
                  {point(i, j), point(i + 1, j + 1), point(i, j + 1)}});
              }
        }
    return t;
  }

  /// An icosphere (20 triangles, each split into four @p levels times).
  std::vector<Triangle>
  sphere(const Point<3> &centre, const double r, const unsigned levels)
  {
    const double                       g = (1. + std::sqrt(5.)) / 2.;
    std::vector<Point<3>>              v = {{-1, g, 0},
                                            {1, g, 0},
                                            {-1, -g, 0},
                                            {1, -g, 0},
                                            {0, -1, g},
                                            {0, 1, g},
                                            {0, -1, -g},
                                            {0, 1, -g},
                                            {g, 0, -1},
                                            {g, 0, 1},
                                            {-g, 0, -1},
                                            {-g, 0, 1}};
    std::vector<std::vector<unsigned>> f = {{0, 11, 5}, {0, 5, 1},   {0, 1, 7},
                                            {0, 7, 10}, {0, 10, 11}, {1, 5, 9},
                                            {5, 11, 4}, {11, 10, 2}, {10, 7, 6},
                                            {7, 1, 8},  {3, 9, 4},   {3, 4, 2},
                                            {3, 2, 6},  {3, 6, 8},   {3, 8, 9},
                                            {4, 9, 5},  {2, 4, 11},  {6, 2, 10},
                                            {8, 6, 7},  {9, 8, 1}};
    for (auto &p : v)
      p /= p.norm();
    for (unsigned l = 0; l < levels; ++l)
      {
        std::map<std::pair<unsigned, unsigned>, unsigned> mid;
        auto middle = [&](unsigned a, unsigned b) {
          const auto key = std::minmax(a, b);
          const auto it  = mid.find(key);
          if (it != mid.end())
            return it->second;
          Point<3> p = 0.5 * (v[a] + v[b]);
          v.push_back(p / p.norm());
          return mid[key] = v.size() - 1;
        };
        std::vector<std::vector<unsigned>> next;
        for (const auto &abc : f)
          {
            const unsigned a = abc[0], b = abc[1], c = abc[2];
            const unsigned ab = middle(a, b), bc = middle(b, c),
                           ca = middle(c, a);
            next.insert(next.end(),
                        {{a, ab, ca}, {b, bc, ab}, {c, ca, bc}, {ab, bc, ca}});
          }
        f = next;
      }
    std::vector<Triangle> t;
    for (const auto &abc : f)
      t.push_back(Triangle{{centre + r * (v[abc[0]] - Point<3>()),
                            centre + r * (v[abc[1]] - Point<3>()),
                            centre + r * (v[abc[2]] - Point<3>())}});
    return t;
  }

  /// Volume enclosed by triangles (the divergence theorem), unsigned.
  double
  enclosed_volume(const std::vector<Triangle> &triangles)
  {
    double v = 0.;
    for (const auto &t : triangles)
      v += (t[0] - Point<3>()) *
           dealii::cross_product_3d(t[1] - Point<3>(), t[2] - Point<3>()) / 6.;
    return std::abs(v);
  }

  /// A hexahedron's volume from its corners in deal.II's order: the six
  /// tetrahedra around its 0-7 diagonal (exact for planar faces).
  double
  hex_volume(const std::vector<Point<3>> &x, const std::vector<unsigned> &c)
  {
    static const unsigned path[6][2] = {
      {1, 3}, {3, 2}, {2, 6}, {6, 4}, {4, 5}, {5, 1}};
    double v = 0.;
    for (const auto &[a, b] : path)
      v += (x[c[a]] - x[c[0]]) *
           dealii::cross_product_3d(x[c[b]] - x[c[0]], x[c[7]] - x[c[0]]) / 6.;
    return std::abs(v);
  }

  const Point<3> lo(0, 0, 0), hi(0.1, 0.05, 0.05);

  std::string
  message_of(const anatomy::SurfaceSet &set)
  {
    try
      {
        anatomy::mesh_from_surfaces(set);
      }
    catch (const ScenarioError &e)
      {
        return e.what();
      }
    return "(no error)";
  }
} // namespace

TEST(SurfaceMeshing, HexahedraFillTheSkinAndTheBoneExactly)
{
  const auto          bone = sphere(Point<3>(0.04, 0.025, 0.025), 0.012, 2);
  const auto          pad  = sphere(Point<3>(0.08, 0.0, 0.025), 0.015, 2);
  anatomy::SurfaceSet set;
  set.skin_file      = write_stl("skin.stl", box(lo, hi, 6));
  set.inner          = {{"calcaneus", write_stl("bone.stl", bone)}};
  set.painted        = {{"heel_pad", write_stl("pad.stl", pad)}};
  set.knee_end_depth = 1e-3;
  const auto data    = anatomy::mesh_from_surfaces(set);

  std::map<std::string, double>   volume;
  std::map<std::string, unsigned> cells;
  for (const auto &cell : data.cells)
    {
      ASSERT_EQ(cell.nodes.size(), 8u);
      volume[cell.group] += hex_volume(data.nodes, cell.nodes);
      ++cells[cell.group];
    }
  EXPECT_EQ(cells.size(), 3u) << "soft_tissue, calcaneus and heel_pad";
  double total = 0.;
  for (const auto &[group, v] : volume)
    total += v;
  EXPECT_NEAR(total / (0.1 * 0.05 * 0.05), 1., 1e-12);
  EXPECT_NEAR(volume["calcaneus"] / enclosed_volume(bone), 1., 1e-12);
  // Painted by the cells' centres: about the sphere's part inside the box.
  EXPECT_GT(volume["heel_pad"], 0.3 * enclosed_volume(pad));
  EXPECT_LT(volume["heel_pad"], 0.7 * enclosed_volume(pad));

  // The knee end: the box's top (y = 0.05), its 72 triangles split into
  // three quadrilaterals each; every other boundary quadrilateral is skin.
  unsigned knee = 0, skin = 0;
  for (const auto &face : data.faces)
    {
      ASSERT_EQ(face.nodes.size(), 4u);
      if (face.group == "knee_end")
        {
          ++knee;
          for (const auto n : face.nodes)
            EXPECT_NEAR(data.nodes[n][1], 0.05, 1e-15);
        }
      else
        ++skin;
    }
  EXPECT_EQ(knee, 72u * 3u);
  EXPECT_EQ(skin, 5u * 72u * 3u);
}

TEST(SurfaceMeshing, BadSurfacesAreRefusedNamingTheFileAndAPoint)
{
  anatomy::SurfaceSet set;
  set.skin_file = write_stl("skin2.stl", box(lo, hi, 4));
  auto holed    = sphere(Point<3>(0.05, 0.025, 0.025), 0.01, 1);
  holed.pop_back();
  set.inner = {{"calcaneus", write_stl("holed.stl", holed)}};
  EXPECT_NE(message_of(set).find("holed.stl: the surface is not closed"),
            std::string::npos)
    << message_of(set);

  set.inner = {
    {"calcaneus",
     write_stl("poking.stl", sphere(Point<3>(0.05, 0.045, 0.025), 0.01, 1))}};
  EXPECT_NE(message_of(set).find("reaches outside the skin"), std::string::npos)
    << message_of(set);

  set.inner = {
    {"calcaneus",
     write_stl("one.stl", sphere(Point<3>(0.04, 0.025, 0.025), 0.01, 1))},
    {"talus",
     write_stl("two.stl", sphere(Point<3>(0.05, 0.025, 0.025), 0.01, 1))}};
  EXPECT_NE(message_of(set).find("reaches into"), std::string::npos)
    << message_of(set);

  set.inner = {{"calcaneus", folder() + "/missing.stl"}};
  EXPECT_NE(message_of(set).find("missing.stl: no such surface file"),
            std::string::npos)
    << message_of(set);

  set.inner          = {};
  set.knee_end_depth = 0.;
  EXPECT_NE(message_of(set).find("no face of the skin faces up"),
            std::string::npos)
    << message_of(set);
}
