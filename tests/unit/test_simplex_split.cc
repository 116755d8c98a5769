// Simplices split into the solver's cells (anatomy/simplex_split.h): a box
// of six tetrahedra (Kuhn's split, some numbered mirrored) becomes 24
// hexahedra that fill it exactly and conform (the mesh's boundary is the
// box's six faces, each two triangles of three quadrilaterals), with the
// surface triangles split onto the cells' boundary faces; a square of two
// triangles becomes six quadrilaterals; the Abaqus (C3D4, CPE3, *SURFACE
// faces) and Gmsh (tetrahedra, triangles) readers give the same; a mesh
// mixing simplices and hexahedra, or faces of the wrong kind, is refused
// naming the elements.
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/tria.h>

#include <gtest/gtest.h>

#include "anatomy/mesh_file_data.h"
#include "anatomy/simplex_split.h"
#include "base/errors.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace plantarfe;
using namespace dealii;
namespace fs = std::filesystem;

namespace
{
  const double sx = 0.02, sy = 0.03, sz = 0.04; // the box, m

  /// Corner i of the box: x = bit 0, y = bit 1, z = bit 2.
  Point<3>
  corner(const unsigned i)
  {
    return Point<3>(sx * (i & 1u), sy * ((i >> 1) & 1u), sz * ((i >> 2) & 1u));
  }

  /// Kuhn's six tetrahedra around the 0-7 diagonal; every other one with
  /// two corners swapped (mirrored numbering, as files may have it).
  const std::vector<std::vector<unsigned>> tets = {{0, 1, 3, 7},
                                                   {0, 5, 1, 7},
                                                   {0, 2, 3, 7},
                                                   {0, 6, 2, 7},
                                                   {0, 4, 5, 7},
                                                   {0, 6, 4, 7}};
  /// The box's z = 0 and x = 0 faces, two triangles each.
  const std::vector<std::vector<unsigned>> skin = {{0, 1, 3},
                                                   {0, 3, 2},
                                                   {0, 2, 6},
                                                   {0, 6, 4}};

  anatomy::MeshFileData
  box_of_tetrahedra()
  {
    anatomy::MeshFileData data;
    for (unsigned i = 0; i < 8; ++i)
      data.nodes.push_back(corner(i));
    long number = 1;
    for (const auto &t : tets)
      data.cells.push_back({number++, "calcaneus", t});
    for (const auto &t : skin)
      data.faces.push_back({number++, "skin", t});
    return data;
  }

  template <int dim>
  Triangulation<dim>
  triangulation_of(const anatomy::MeshFileData &data)
  {
    std::vector<Point<dim>> vertices;
    for (const auto &x : data.nodes)
      {
        Point<dim> p;
        for (unsigned d = 0; d < dim; ++d)
          p[d] = x[d];
        vertices.push_back(p);
      }
    std::vector<CellData<dim>> cells;
    for (const auto &c : data.cells)
      {
        CellData<dim> cell;
        cell.vertices.assign(c.nodes.begin(), c.nodes.end());
        cells.push_back(cell);
      }
    Triangulation<dim> tria;
    tria.create_triangulation(vertices, cells, SubCellData());
    return tria;
  }

  /// Sorted vertex indices of every boundary face of @p tria.
  template <int dim>
  std::set<std::vector<unsigned>>
  boundary_faces(const Triangulation<dim> &tria)
  {
    std::set<std::vector<unsigned>> faces;
    for (const auto &cell : tria.active_cell_iterators())
      for (const auto f : cell->face_indices())
        if (cell->face(f)->at_boundary())
          {
            std::vector<unsigned> v;
            for (const auto i : cell->face(f)->vertex_indices())
              v.push_back(cell->face(f)->vertex_index(i));
            std::sort(v.begin(), v.end());
            faces.insert(v);
          }
    return faces;
  }

  /// Checks the split box: 24 hexahedra of the box's volume, conforming,
  /// the skin's 12 quadrilaterals on its boundary, file numbers kept.
  void
  expect_split_box(const anatomy::MeshFileData &data)
  {
    ASSERT_EQ(data.cells.size(), 24u);
    for (const auto &c : data.cells)
      {
        ASSERT_EQ(c.nodes.size(), 8u);
        EXPECT_EQ(c.group, "calcaneus");
      }
    const auto tria = triangulation_of<3>(data); // throws if inverted
    EXPECT_NEAR(GridTools::volume(tria), sx * sy * sz, 1e-15);
    const auto boundary = boundary_faces(tria);
    EXPECT_EQ(boundary.size(), 6u * 2u * 3u); // else not conforming
    ASSERT_EQ(data.faces.size(), 12u);
    for (const auto &f : data.faces)
      {
        ASSERT_EQ(f.nodes.size(), 4u);
        EXPECT_EQ(f.group, "skin");
        auto key = std::vector<unsigned>(f.nodes.begin(), f.nodes.end());
        std::sort(key.begin(), key.end());
        EXPECT_EQ(boundary.count(key), 1u);
      }
  }

  std::string
  folder()
  {
    const fs::path f = fs::temp_directory_path() /
                       ("plantarfe_simplex_" + std::to_string(::getpid()));
    fs::create_directories(f);
    return f.string();
  }

  std::string
  write(const std::string &name, const std::string &text)
  {
    const std::string path = folder() + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  std::string
  message_of(anatomy::MeshFileData data, const int dim)
  {
    try
      {
        anatomy::split_simplices("m.msh", data, dim);
      }
    catch (const ScenarioError &e)
      {
        return e.what();
      }
    return "(no error)";
  }
} // namespace

TEST(SimplexSplit, TetrahedraBecomeConformingHexahedra)
{
  auto data = box_of_tetrahedra();
  anatomy::split_simplices("box.msh", data, 3);
  expect_split_box(data);
  // Every piece keeps its element's number: four per tetrahedron.
  for (std::size_t c = 0; c < data.cells.size(); ++c)
    EXPECT_EQ(data.cells[c].number, long(c / 4 + 1));
  // The new nodes are made once: 8 corners, 19 edges, 18 faces, 6 centres.
  EXPECT_EQ(data.nodes.size(), 8u + 19u + 18u + 6u);
}

TEST(SimplexSplit, TrianglesBecomeQuadrilaterals)
{
  anatomy::MeshFileData data;
  for (unsigned i = 0; i < 4; ++i)
    data.nodes.push_back(corner(i));
  data.cells.push_back({1, "heel_pad", {0, 1, 3}});
  data.cells.push_back({2, "heel_pad", {0, 3, 2}}); // clockwise
  data.faces.push_back({3, "skin", {0, 1}});
  data.faces.push_back({4, "skin", {1, 3}});
  anatomy::split_simplices("square.msh", data, 2);
  ASSERT_EQ(data.cells.size(), 6u);
  const auto tria = triangulation_of<2>(data);
  EXPECT_NEAR(GridTools::volume(tria), sx * sy, 1e-15);
  const auto boundary = boundary_faces(tria);
  EXPECT_EQ(boundary.size(), 8u);
  ASSERT_EQ(data.faces.size(), 4u);
  for (const auto &f : data.faces)
    {
      auto key = std::vector<unsigned>(f.nodes.begin(), f.nodes.end());
      std::sort(key.begin(), key.end());
      EXPECT_EQ(boundary.count(key), 1u);
    }
}

TEST(SimplexSplit, QuadrilateralAndHexahedralMeshesAreLeftAlone)
{
  anatomy::MeshFileData data;
  for (unsigned i = 0; i < 8; ++i)
    data.nodes.push_back(corner(i));
  data.cells.push_back({1, "talus", {0, 1, 2, 3, 4, 5, 6, 7}});
  data.faces.push_back({2, "skin", {0, 1, 2, 3}});
  const auto before = data.nodes.size();
  anatomy::split_simplices("hex.msh", data, 3);
  EXPECT_EQ(data.cells.size(), 1u);
  EXPECT_EQ(data.nodes.size(), before);
}

TEST(SimplexSplit, MixedMeshesAreRefusedNamingBothElements)
{
  auto mixed = box_of_tetrahedra();
  mixed.cells.push_back({42, "talus", {0, 1, 2, 3, 4, 5, 6, 7}});
  EXPECT_NE(message_of(mixed, 3).find("m.msh: element 1 ('calcaneus') is a "
                                      "tetrahedron and element 42 ('talus') "
                                      "a hexahedron"),
            std::string::npos)
    << message_of(mixed, 3);

  anatomy::MeshFileData hexes;
  for (unsigned i = 0; i < 8; ++i)
    hexes.nodes.push_back(corner(i));
  hexes.cells.push_back({1, "talus", {0, 1, 2, 3, 4, 5, 6, 7}});
  hexes.faces.push_back({9, "skin", {0, 1, 3}});
  EXPECT_NE(message_of(hexes, 3).find("element 9 ('skin') is a triangle"),
            std::string::npos)
    << message_of(hexes, 3);

  auto quad_face = box_of_tetrahedra();
  quad_face.faces.push_back({77, "skin", {0, 1, 3, 2}});
  EXPECT_NE(message_of(quad_face, 3)
              .find("surface element 77 ('skin') has 4 corners; the faces "
                    "of tetrahedra are triangles"),
            std::string::npos)
    << message_of(quad_face, 3);
}

TEST(SimplexSplit, AbaqusTetrahedraAndTheirSurfacesAreRead)
{
  std::ostringstream inp;
  inp << "*NODE\n";
  for (unsigned i = 0; i < 8; ++i)
    inp << i + 1 << ", " << corner(i)[0] << ", " << corner(i)[1] << ", "
        << corner(i)[2] << '\n';
  // Kuhn's tetrahedra, three listed from another corner so that the skin
  // is on faces S1 to S4: z = 0 is S1 of element 1 and S2 of element 3,
  // x = 0 is S4 of element 4 and S3 of element 6.
  inp << "*ELEMENT, TYPE=C3D4, ELSET=calcaneus\n"
      << "1, 1, 2, 4, 8\n2, 1, 6, 2, 8\n3, 1, 3, 8, 4\n"
      << "4, 3, 8, 1, 7\n5, 1, 5, 6, 8\n6, 8, 1, 7, 5\n"
      << "*SURFACE, NAME=skin, TYPE=ELEMENT\n1, S1\n"
      << "*SURFACE, NAME=skin, TYPE=ELEMENT\n3, S2\n"
      << "*SURFACE, NAME=skin, TYPE=ELEMENT\n4, S4\n"
      << "*SURFACE, NAME=skin, TYPE=ELEMENT\n6, S3\n";
  const std::string path = write("box.inp", inp.str());
  auto data = anatomy::read_abaqus_file(path, 3, [](const std::string &name) {
    return name == "calcaneus";
  });
  anatomy::split_simplices(path, data, 3);
  expect_split_box(data);

  // S5 is no face of a tetrahedron.
  const std::string bad =
    write("bad.inp", inp.str() + "*SURFACE, NAME=skin, TYPE=ELEMENT\n2, S5\n");
  try
    {
      anatomy::read_abaqus_file(bad, 3, [](const std::string &) {
        return true;
      });
      ADD_FAILURE() << "S5 of a C3D4 was read";
    }
  catch (const ScenarioError &e)
    {
      EXPECT_NE(std::string(e.what()).find("element 2 has faces S1-S4, not S5"),
                std::string::npos)
        << e.what();
    }
}

TEST(SimplexSplit, GmshTetrahedraAndTrianglesAreRead)
{
  std::ostringstream msh;
  msh << "$MeshFormat\n2.2 0 8\n$EndMeshFormat\n"
      << "$PhysicalNames\n2\n2 1 \"skin\"\n3 2 \"calcaneus\"\n"
      << "$EndPhysicalNames\n$Nodes\n8\n";
  msh.precision(17);
  for (unsigned i = 0; i < 8; ++i)
    msh << i + 1 << ' ' << corner(i)[0] << ' ' << corner(i)[1] << ' '
        << corner(i)[2] << '\n';
  msh << "$EndNodes\n$Elements\n" << tets.size() + skin.size() << '\n';
  unsigned number = 1;
  for (const auto &t : skin)
    msh << number++ << " 2 2 1 1 " << t[0] + 1 << ' ' << t[1] + 1 << ' '
        << t[2] + 1 << '\n';
  for (const auto &t : tets)
    msh << number++ << " 4 2 2 1 " << t[0] + 1 << ' ' << t[1] + 1 << ' '
        << t[2] + 1 << ' ' << t[3] + 1 << '\n';
  msh << "$EndElements\n";
  const std::string path = write("box.msh", msh.str());
  auto              data = anatomy::read_gmsh_file(path, 3);
  anatomy::split_simplices(path, data, 3);
  expect_split_box(data);
}

TEST(SimplexSplit, AbaqusTrianglesAreRead)
{
  std::ostringstream inp;
  inp << "*NODE\n";
  for (unsigned i = 0; i < 4; ++i)
    inp << i + 1 << ", " << corner(i)[0] << ", " << corner(i)[1] << '\n';
  inp << "*ELEMENT, TYPE=CPE3, ELSET=heel_pad\n1, 1, 2, 4\n2, 1, 4, 3\n"
      << "*SURFACE, NAME=skin, TYPE=ELEMENT\n1, S1\n";
  const std::string path = write("square.inp", inp.str());
  auto data = anatomy::read_abaqus_file(path, 2, [](const std::string &name) {
    return name == "heel_pad";
  });
  anatomy::split_simplices(path, data, 2);
  ASSERT_EQ(data.cells.size(), 6u);
  EXPECT_NEAR(GridTools::volume(triangulation_of<2>(data)), sx * sy, 1e-15);
  ASSERT_EQ(data.faces.size(), 2u); // the y = 0 edge, halved
  for (const auto &f : data.faces)
    for (const auto n : f.nodes)
      EXPECT_NEAR(data.nodes[n][1], 0., 1e-15);
}
