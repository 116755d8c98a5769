// Mesh export and import (anatomy/mesh_files.h): the built-in foot written
// as Gmsh 4.1 and Abaqus input reads back as the same mesh (vertices, cells
// in order with their corner order, regions, surfaces; Gmsh 2.2: the same
// cells in another order), group names
// map through Geometry/Region names, a mirrored element numbering is
// flipped, and every kind of bad file fails with a message that names the
// file and the group or element.
#include <deal.II/base/mpi.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/tria.h>

#include <gtest/gtest.h>

#include "anatomy/analytic_shapes.h"
#include "anatomy/foot_mesh.h"
#include "anatomy/mesh_files.h"
#include "anatomy/regions.h"
#include "base/errors.h"
#include "scenario/foot_parameters.h"
#include "scenario/parameters.h"

// Meshing the foot asks deal.II for MPI (a communicator of one).
#include "default_foot.h"
#include "mpi_environment.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace plantarfe;
using namespace dealii;
namespace fs = std::filesystem;

namespace
{
  template <int dim>
  const Triangulation<dim> &
  foot_mesh()
  {
    static Triangulation<dim> tria;
    if (tria.n_active_cells() == 0)
      {
        const auto sc = default_foot();
        anatomy::make_foot_mesh<dim>(sc.geometry, sc.mesh, tria, MPI_COMM_SELF);
      }
    return tria;
  }

  std::string
  folder()
  {
    const fs::path f = fs::temp_directory_path() /
                       ("plantarfe_mesh_files_" + std::to_string(::getpid()));
    fs::create_directories(f);
    return f.string();
  }

  std::string
  read_text(const std::string &path)
  {
    std::ifstream      in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  void
  write_text(const std::string &path, const std::string &text)
  {
    std::ofstream(path) << text;
  }

  /// The same mesh: vertices to the digits the files keep (17 significant
  /// in .msh; 14 in .inp, the most CalculiX's 20-character numbers hold:
  /// every coordinate is below 1 m, so it is rounded by at most 0.5e-14 m),
  /// each cell's vertex indices in order, its region and its faces'
  /// surfaces.
  template <int dim>
  void
  expect_same_cells_in_any_order(const Triangulation<dim> &a,
                                 const Triangulation<dim> &b);

  template <int dim>
  void
  expect_same_mesh(const Triangulation<dim> &a, const Triangulation<dim> &b)
  {
    ASSERT_EQ(a.n_vertices(), b.n_vertices());
    ASSERT_EQ(a.n_active_cells(), b.n_active_cells());
    for (unsigned int v = 0; v < a.n_vertices(); ++v)
      ASSERT_LT(a.get_vertices()[v].distance(b.get_vertices()[v]),
                std::sqrt(3.) * 0.5e-14)
        << "vertex " << v;
    auto cb = b.begin_active();
    for (const auto &ca : a.active_cell_iterators())
      {
        ASSERT_EQ(ca->material_id(), cb->material_id());
        for (const auto v : ca->vertex_indices())
          ASSERT_EQ(ca->vertex_index(v), cb->vertex_index(v));
        for (const auto f : ca->face_indices())
          {
            if (!ca->face(f)->at_boundary())
              continue;
            ASSERT_EQ(ca->face(f)->boundary_id(), cb->face(f)->boundary_id());
          }
        ++cb;
      }
  }

  /// Gmsh's MSH 2 writer numbers the elements group by group: the same
  /// vertices and, cell for cell (matched by their vertices), the same
  /// region and surfaces.
  template <int dim>
  void
  expect_same_cells_in_any_order(const Triangulation<dim> &a,
                                 const Triangulation<dim> &b)
  {
    ASSERT_EQ(a.n_vertices(), b.n_vertices());
    ASSERT_EQ(a.n_active_cells(), b.n_active_cells());
    for (unsigned int v = 0; v < a.n_vertices(); ++v)
      ASSERT_LT(a.get_vertices()[v].distance(b.get_vertices()[v]), 1e-15);
    using Key           = std::vector<unsigned int>;
    const auto describe = [](const auto &cell) {
      Key key;
      for (const auto v : cell->vertex_indices())
        key.push_back(cell->vertex_index(v));
      std::sort(key.begin(), key.end());
      std::multiset<unsigned int> surfaces;
      for (const auto f : cell->face_indices())
        if (cell->face(f)->at_boundary())
          surfaces.insert(cell->face(f)->boundary_id());
      return std::make_pair(key, std::make_pair(cell->material_id(), surfaces));
    };
    std::map<Key, std::pair<types::material_id, std::multiset<unsigned int>>>
      cells;
    for (const auto &cell : a.active_cell_iterators())
      cells.insert(describe(cell));
    for (const auto &cell : b.active_cell_iterators())
      {
        const auto [key, facts] = describe(cell);
        ASSERT_EQ(cells.count(key), 1u);
        ASSERT_EQ(cells.at(key), facts);
      }
  }

  template <int dim>
  void
  round_trip(const std::string &format)
  {
    const auto       &tria = foot_mesh<dim>();
    const std::string path = folder() + "/foot" + std::to_string(dim) + "d." +
                             (format == "inp" ? "inp" : "msh");
    anatomy::write_mesh_file(tria, path, anatomy::mesh_file_format(format));
    anatomy::MeshImport in;
    in.file            = path;
    in.metres_per_unit = 1.;
    Triangulation<dim> back;
    anatomy::read_mesh_file(in, back);
    if (format == "msh2")
      expect_same_cells_in_any_order(tria, back);
    else
      expect_same_mesh(tria, back);
  }

  /// Reading @p text as a 2D .inp fails with a message matching @p why.
  void
  expect_refused(const std::string &text,
                 const std::string &why,
                 const double       metres_per_unit = 1.)
  {
    const std::string path = folder() + "/bad.inp";
    write_text(path, text);
    anatomy::MeshImport in;
    in.file            = path;
    in.metres_per_unit = metres_per_unit;
    Triangulation<2> tria;
    try
      {
        anatomy::read_mesh_file(in, tria);
        ADD_FAILURE() << "accepted a file that should fail with: " << why;
      }
    catch (const ScenarioError &e)
      {
        EXPECT_TRUE(std::regex_search(e.what(), std::regex(why)))
          << e.what() << "\n  expected: " << why;
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos)
          << e.what();
      }
  }

  /// The 2D foot as Abaqus text.
  const std::string &
  foot_inp()
  {
    static std::string text;
    if (text.empty())
      {
        const std::string path = folder() + "/foot.inp";
        anatomy::write_mesh_file(foot_mesh<2>(),
                                 path,
                                 anatomy::MeshFileFormat::inp);
        text = read_text(path);
      }
    return text;
  }

  /// The first element line after the *ELEMENT line of @p region.
  std::size_t
  first_element_line(const std::string &text, const std::string &region)
  {
    const auto header = text.find("ELSET=" + region + "\n");
    return text.find('\n', header) + 1;
  }

  /// @p text with the node list of that element replaced.
  std::string
  with_element_nodes(const std::string                    &text,
                     const std::string                    &region,
                     const std::function<std::vector<std::string>(
                       const std::vector<std::string> &)> &change)
  {
    const auto               begin = first_element_line(text, region);
    const auto               end   = text.find('\n', begin);
    std::vector<std::string> items;
    std::stringstream        line(text.substr(begin, end - begin));
    for (std::string s; std::getline(line, s, ',');)
      items.push_back(s);
    const std::vector<std::string> nodes(items.begin() + 1, items.end());
    std::string                    out = items[0];
    for (const auto &n : change(nodes))
      out += "," + n;
    return text.substr(0, begin) + out + text.substr(end);
  }
} // namespace

TEST(MeshFiles, FootRoundTripsThroughGmsh41)
{
  round_trip<2>("msh");
}

TEST(MeshFiles, FootRoundTripsThroughGmsh22)
{
  round_trip<2>("msh2");
}

TEST(MeshFiles, FootRoundTripsThroughAbaqus)
{
  round_trip<2>("inp");
}

TEST(MeshFiles, Foot3dRoundTripsThroughGmshAndAbaqus)
{
  round_trip<3>("msh");
  round_trip<3>("inp");
}

namespace
{
  /// MSH 2.2 text of a triangle mesh: a physical group per region and the
  /// skin and knee_end edges; triangle @p mirrored (if any) numbered the
  /// other way round.
  std::string
  triangle_msh(const Triangulation<2> &tria, const unsigned int mirrored)
  {
    std::ostringstream msh;
    msh.precision(17);
    msh << "$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$PhysicalNames\n";
    std::set<types::material_id> regions;
    for (const auto &cell : tria.active_cell_iterators())
      regions.insert(cell->material_id());
    msh << regions.size() + 2 << "\n1 " << anatomy::surface::skin
        << " \"skin\"\n1 " << anatomy::surface::knee_end << " \"knee_end\"\n";
    for (const auto id : regions)
      msh << "2 " << 100 + id << " \"" << anatomy::region_name(id) << "\"\n";
    msh << "$EndPhysicalNames\n$Nodes\n" << tria.n_vertices() << "\n";
    for (unsigned int v = 0; v < tria.n_vertices(); ++v)
      msh << v + 1 << ' ' << tria.get_vertices()[v][0] << ' '
          << tria.get_vertices()[v][1] << " 0\n";
    std::ostringstream elements;
    unsigned int       n = 0;
    for (const auto &cell : tria.active_cell_iterators())
      for (const auto f : cell->face_indices())
        if (cell->face(f)->at_boundary() &&
            (cell->face(f)->boundary_id() == anatomy::surface::skin ||
             cell->face(f)->boundary_id() == anatomy::surface::knee_end))
          elements << ++n << " 1 2 " << cell->face(f)->boundary_id() << ' '
                   << cell->face(f)->boundary_id() << ' '
                   << cell->face(f)->vertex_index(0) + 1 << ' '
                   << cell->face(f)->vertex_index(1) + 1 << '\n';
    for (const auto &cell : tria.active_cell_iterators())
      {
        std::vector<unsigned int> v = {cell->vertex_index(0),
                                       cell->vertex_index(1),
                                       cell->vertex_index(2)};
        if (cell->active_cell_index() == mirrored)
          std::swap(v[1], v[2]);
        // One elementary entity per region, as Gmsh writes them.
        elements << ++n << " 2 2 " << 100 + cell->material_id() << ' '
                 << 100 + cell->material_id() << ' ' << v[0] + 1 << ' '
                 << v[1] + 1 << ' ' << v[2] + 1 << '\n';
      }
    msh << "$EndNodes\n$Elements\n"
        << n << '\n'
        << elements.str() << "$EndElements\n";
    return msh.str();
  }

  /// Area of the straight-sided cells (GridTools::volume integrates with
  /// a quadrilateral rule, which a triangle's weights do not fit).
  double
  area(const Triangulation<2> &tria)
  {
    double a = 0.;
    for (const auto &cell : tria.active_cell_iterators())
      a += cell->measure();
    return a;
  }

  unsigned int
  skin_faces(const Triangulation<2> &tria)
  {
    unsigned int n = 0;
    for (const auto &cell : tria.active_cell_iterators())
      for (const auto f : cell->face_indices())
        n += cell->face(f)->at_boundary() &&
             cell->face(f)->boundary_id() == anatomy::surface::skin;
    return n;
  }
} // namespace

TEST(MeshFiles, TrianglesAreKeptForTetrahedralCellsOrSplit)
{
  // The built-in foot's quadrilaterals split into triangles make a
  // simplex file (one triangle numbered mirrored).
  Triangulation<2> triangles;
  anatomy::make_simplex_mesh<2>(triangles, [](Triangulation<2> &t) {
    t.copy_triangulation(foot_mesh<2>());
  });
  const std::string path = folder() + "/triangles.msh";
  write_text(path, triangle_msh(triangles, 7));
  anatomy::MeshImport in;
  in.file            = path;
  in.metres_per_unit = 1.;

  // Kept (Discretisation/Cells = tetrahedra): the same triangles, the
  // mirrored one flipped, the skin on the same edges.
  in.keep_simplices = true;
  Triangulation<2> kept;
  anatomy::read_mesh_file(in, kept);
  EXPECT_TRUE(kept.all_reference_cells_are_simplex());
  EXPECT_EQ(kept.n_active_cells(), triangles.n_active_cells());
  EXPECT_NEAR(area(kept), area(triangles), 1e-12);
  EXPECT_EQ(skin_faces(kept), skin_faces(triangles));

  // Split (hexahedra): three quadrilaterals per triangle.
  in.keep_simplices = false;
  Triangulation<2> split;
  anatomy::read_mesh_file(in, split);
  EXPECT_TRUE(split.all_reference_cells_are_hyper_cube());
  EXPECT_EQ(split.n_active_cells(), 3 * triangles.n_active_cells());
  EXPECT_NEAR(area(split), area(triangles), 1e-12);

  // A file of quadrilaterals cannot be kept as simplices.
  const std::string quads = folder() + "/quads.msh";
  anatomy::write_mesh_file(foot_mesh<2>(),
                           quads,
                           anatomy::mesh_file_format("msh"));
  in.file           = quads;
  in.keep_simplices = true;
  Triangulation<2> refused;
  try
    {
      anatomy::read_mesh_file(in, refused);
      ADD_FAILURE() << "a quadrilateral mesh was kept as triangles";
    }
  catch (const ScenarioError &e)
    {
      const std::string what = e.what();
      EXPECT_NE(what.find(quads), std::string::npos) << what;
      EXPECT_NE(what.find("Cells = tetrahedra"), std::string::npos) << what;
    }
}

TEST(MeshFiles, WrittenFileNamesEveryRegionAndBothSurfaces)
{
  const auto &text = foot_inp();
  for (const auto *name : {"ELSET=calcaneus",
                           "ELSET=fascia_insertion",
                           "ELSET=heel_pad",
                           "ELSET=calf_muscle",
                           "*SURFACE, NAME=skin",
                           "*SURFACE, NAME=knee_end"})
    EXPECT_NE(text.find(name), std::string::npos) << name;
}

TEST(MeshFiles, RegionNamesMapTheFilesGroups)
{
  std::string text =
    std::regex_replace(foot_inp(), std::regex("ELSET=fascia\n"), "ELSET=PF\n");
  text = std::regex_replace(text, std::regex("NAME=skin,"), "NAME=Sole,");
  const std::string path = folder() + "/renamed.inp";
  write_text(path, text);
  anatomy::MeshImport in;
  in.file            = path;
  in.metres_per_unit = 1.;
  in.names           = {{"PF", "fascia"}, {"Sole", "skin"}};
  Triangulation<2> tria;
  anatomy::read_mesh_file(in, tria);
  expect_same_mesh(foot_mesh<2>(), tria);
}

TEST(MeshFiles, MirroredNumberingIsFlippedNotRefused)
{
  // Clockwise corners: every Jacobian negative, a consistent mirror.
  const std::string text = with_element_nodes(
    foot_inp(), "calcaneus", [](const std::vector<std::string> &n) {
      return std::vector<std::string>{n[0], n[3], n[2], n[1]};
    });
  const std::string path = folder() + "/mirrored.inp";
  write_text(path, text);
  anatomy::MeshImport in;
  in.file            = path;
  in.metres_per_unit = 1.;
  Triangulation<2> tria;
  anatomy::read_mesh_file(in, tria);
  for (const auto &cell : tria.active_cell_iterators())
    ASSERT_GT(cell->measure(), 0.);
  EXPECT_EQ(tria.n_active_cells(), foot_mesh<2>().n_active_cells());
}

TEST(MeshFiles, BadFilesAreRefusedNamingWhat)
{
  const auto &good = foot_inp();
  // A group that is not a region.
  expect_refused(std::regex_replace(good,
                                    std::regex("ELSET=heel_pad\n"),
                                    "ELSET=fat_pad\n"),
                 "element sets \\(fat_pad\\) are not regions of the "
                 "model.*Region names");
  // A required surface missing.
  expect_refused(std::regex_replace(good,
                                    std::regex("NAME=knee_end"),
                                    "NAME=top"),
                 "surface group 'top' is not a surface");
  {
    const auto at = good.find("*SURFACE, NAME=knee_end");
    expect_refused(good.substr(0, at), "no group for surface knee_end");
  }
  // Millimetres read as metres and the other way round.
  expect_refused(good, "0\\.26[0-9]* mm long.*other unit", 1e-3);
  // A bow-tie element: two corners swapped.
  expect_refused(with_element_nodes(
                   good,
                   "talus",
                   [](const std::vector<std::string> &n) {
                     return std::vector<std::string>{n[0], n[2], n[1], n[3]};
                   }),
                 "element [0-9]+ \\('talus'\\) is inverted");
  // Triangles among quadrilaterals (a mesh of triangles only is split).
  expect_refused(std::regex_replace(good,
                                    std::regex("TYPE=CPE4, ELSET=talus"),
                                    "TYPE=CPE3, ELSET=talus"),
                 "element [0-9]+ \\('talus'\\) is a triangle and element "
                 "[0-9]+ \\('[a-z_]+'\\) a quadrilateral; a mesh is all "
                 "simplices");
  // Quadratic elements.
  expect_refused(std::regex_replace(good,
                                    std::regex("TYPE=CPE4, ELSET=talus"),
                                    "TYPE=CPE8, ELSET=talus"),
                 "element type CPE8: PlantarFE reads linear quadrilaterals "
                 "\\(CPE4\\) or triangles \\(CPE3\\)");
  // Elements in no region: their set named, not a region.
  expect_refused(std::regex_replace(good,
                                    std::regex("ELSET=midfoot\n"),
                                    "ELSET=EALL\n"),
                 "elements \\(first: [0-9]+\\) are in no region group; "
                 "their element sets \\(EALL\\)");
  // A node that does not exist.
  expect_refused(
    with_element_nodes(
      good,
      "phalanges",
      [](const std::vector<std::string> &n) {
        return std::vector<std::string>{" 99999999", n[1], n[2], n[3]};
      }),
    "uses node 99999999, which \\*NODE does not define");
}

TEST(MeshFiles, AChangedFileIsReadAgain)
{
  // A run parses its mesh file once and keeps the result (mesh_import.cc);
  // a file changed since, in its bytes or only its time stamp, is parsed
  // again.
  const std::string path = folder() + "/changing.inp";
  write_text(path, foot_inp());
  anatomy::MeshImport in;
  in.file            = path;
  in.metres_per_unit = 1.;
  Triangulation<2> first;
  anatomy::read_mesh_file(in, first);

  // The same size: talus and tibia swap names, found by the time stamp
  // alone.
  std::string text = std::regex_replace(foot_inp(),
                                        std::regex("ELSET=talus\n"),
                                        "ELSET=TALUS\n");
  text = std::regex_replace(text, std::regex("ELSET=tibia\n"), "ELSET=talus\n");
  text = std::regex_replace(text, std::regex("ELSET=TALUS\n"), "ELSET=tibia\n");
  ASSERT_EQ(text.size(), foot_inp().size());
  const auto stamp = fs::last_write_time(path);
  write_text(path, text);
  fs::last_write_time(path, stamp + std::chrono::seconds(2));
  Triangulation<2> second;
  anatomy::read_mesh_file(in, second);
  const auto count = [](const Triangulation<2> &t, types::material_id id) {
    unsigned n = 0;
    for (const auto &cell : t.active_cell_iterators())
      n += cell->material_id() == id;
    return n;
  };
  using namespace anatomy::region;
  EXPECT_NE(count(first, talus), count(first, tibia));
  EXPECT_EQ(count(second, talus), count(first, tibia));
  EXPECT_EQ(count(second, tibia), count(first, talus));

  // Another size: a region renamed away is missed at once.
  write_text(path,
             std::regex_replace(foot_inp(),
                                std::regex("ELSET=heel_pad\n"),
                                "ELSET=soft_tissue\n"));
  Triangulation<2> third;
  EXPECT_THROW(anatomy::read_mesh_file(in, third), ScenarioError);
}

TEST(MeshFiles, UnknownFormatAndMissingFileAreRefused)
{
  anatomy::MeshImport in;
  in.file = folder() + "/foot.xyz";
  Triangulation<2> tria;
  try
    {
      anatomy::read_mesh_file(in, tria);
      ADD_FAILURE();
    }
  catch (const ScenarioError &e)
    {
      EXPECT_NE(std::string(e.what()).find("unknown mesh format"),
                std::string::npos)
        << e.what();
    }
  // Surfaces make 3D meshes only.
  in.file = folder() + "/skin.stl";
  EXPECT_THROW(anatomy::read_mesh_file(in, tria), ScenarioError);
  in.file = folder() + "/absent.msh";
  try
    {
      anatomy::read_mesh_file(in, tria);
      ADD_FAILURE();
    }
  catch (const ScenarioError &e)
    {
      EXPECT_NE(std::string(e.what()).find("no such mesh file"),
                std::string::npos)
        << e.what();
    }
  EXPECT_THROW(anatomy::mesh_file_format("stl"), ScenarioError);
}

TEST(MeshFiles, NodeSetsNamedAfterLandmarksGiveThem)
{
  // Abaqus: *NSET lists, a set mapped through Region names, GENERATE; a set
  // that is no landmark is not the model's business. Nodes are numbered
  // from 1 in the solver's order, so node k is vertex k - 1.
  const auto       &v    = foot_mesh<2>().get_vertices();
  const std::string path = folder() + "/landmarks.inp";
  write_text(path,
             foot_inp() + "*NSET, NSET=navicular\n1, 2\n*NSET, NSET=PT\n3\n" +
               "*NSET, NSET=fixed, GENERATE\n1, 10, 3\n");
  anatomy::MeshImport in;
  in.file            = path;
  in.metres_per_unit = 1.;
  in.names           = {{"PT", "mtp_centre"}};
  auto points        = anatomy::read_mesh_file_landmarks(in, 2);
  ASSERT_EQ(points.size(), 2u);
  const Point<2> mid = v[0] + 0.5 * (v[1] - v[0]);
  EXPECT_LT(points.at("navicular").distance(mid), 1e-15);
  EXPECT_LT(points.at("mtp_centre").distance(v[2]), 1e-15);
  // A node the file does not define.
  write_text(path, foot_inp() + "*NSET, NSET=navicular\n99999999\n");
  try
    {
      anatomy::read_mesh_file_landmarks(in, 2);
      ADD_FAILURE() << "accepted a node set with an undefined node";
    }
  catch (const ScenarioError &e)
    {
      EXPECT_TRUE(std::regex_search(
        e.what(),
        std::regex("landmarks.inp: NSET navicular: node 99999999, which "
                   "\\*NODE does not define")))
        << e.what();
    }

  // Gmsh: a physical group of points, in millimetres.
  const std::string msh = folder() + "/landmarks.msh";
  write_text(msh,
             "$MeshFormat\n2.2 0 8\n$EndMeshFormat\n"
             "$PhysicalNames\n2\n0 1 \"navicular\"\n2 2 \"calcaneus\"\n"
             "$EndPhysicalNames\n$Nodes\n4\n1 0 0 0\n2 200 0 0\n"
             "3 200 100 0\n4 0 100 0\n$EndNodes\n$Elements\n2\n"
             "1 15 2 1 1 3\n2 3 2 2 1 1 2 3 4\n$EndElements\n");
  in.file            = msh;
  in.metres_per_unit = 1e-3;
  points             = anatomy::read_mesh_file_landmarks(in, 2);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_LT(points.at("navicular").distance(Point<2>(0.2, 0.1)), 1e-15);
}
