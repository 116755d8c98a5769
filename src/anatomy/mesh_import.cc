// Import of a volume mesh file: group names to region and surface ids, the
// checks that name what they reject, and the triangulation. The readers
// (gmsh_file_reader.cc, abaqus_file_reader.cc) only parse.
#include <deal.II/grid/grid_tools.h>

#include "anatomy/mesh_file_data.h"
#include "anatomy/mesh_files.h"
#include "anatomy/mesh_landmarks.h"
#include "anatomy/point_text.h"
#include "anatomy/regions.h"
#include "anatomy/simplex_split.h"
#include "anatomy/surface_meshing.h"
#include "base/errors.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

namespace plantarfe::anatomy
{
  using namespace dealii;

  namespace
  {
    const std::map<std::string, types::boundary_id> &
    surface_ids()
    {
      static const std::map<std::string, types::boundary_id> ids = {
        {"skin", surface::skin}, {"knee_end", surface::knee_end}};
      return ids;
    }

    /// The regions and surfaces a foot scenario cannot do without: the
    /// loads act on the knee end, the ground on the skin, the metrics read
    /// the fascia, the heel pad and the Achilles chain.
    const std::vector<types::material_id> &
    required_regions()
    {
      static const std::vector<types::material_id> ids = {
        region::calcaneus,
        region::tibia,
        region::knee,
        region::fascia,
        region::fascia_insertion,
        region::heel_pad,
        region::achilles_tendon,
        region::calf_muscle};
      return ids;
    }

    std::string
    known_region_names()
    {
      std::string s;
      for (const auto &r : foot_regions())
        s += (s.empty() ? "" : ", ") + r.name;
      return s;
    }

    class Names
    {
    public:
      explicit Names(const MeshImport &in)
          : map(in.names)
      {}

      std::string
      model_name(const std::string &file_name) const
      {
        const auto it = map.find(file_name);
        return it == map.end() ? file_name : it->second;
      }

      bool
      region(const std::string &file_name, types::material_id &id) const
      {
        const std::string name = model_name(file_name);
        for (const auto &r : foot_regions())
          if (r.name == name)
            return id = r.id, true;
        return false;
      }

    private:
      std::map<std::string, std::string> map;
    };

    /// Determinants of the Jacobian at the corners of a Q1 cell whose
    /// corners are in deal.II's (lexicographic) order.
    template <int dim>
    std::vector<double>
    corner_jacobians(const std::vector<Point<3>>     &x,
                     const std::vector<unsigned int> &corners)
    {
      std::vector<double> det;
      for (unsigned int v = 0; v < corners.size(); ++v)
        {
          Tensor<2, dim> J;
          for (unsigned int d = 0; d < dim; ++d)
            {
              const unsigned int w    = v ^ (1u << d);
              const double       sign = (v >> d) & 1u ? -1. : 1.;
              for (unsigned int c = 0; c < dim; ++c)
                J[c][d] = sign * (x[corners[w]][c] - x[corners[v]][c]);
            }
          det.push_back(determinant(J));
        }
      return det;
    }

    /// Flips cells numbered with the other handedness (all corner
    /// Jacobians negative: a mirrored numbering, harmless) and rejects
    /// inverted (signs differ) or degenerate (a corner's Jacobian below a
    /// millionth of the largest) ones.
    /// The Jacobian determinant of a simplex (dim! times its signed
    /// volume) and its longest edge.
    template <int dim>
    std::pair<double, double>
    simplex_jacobian(const std::vector<Point<3>>     &x,
                     const std::vector<unsigned int> &corners)
    {
      Tensor<2, dim> J;
      for (unsigned int d = 0; d < dim; ++d)
        for (unsigned int c = 0; c < dim; ++c)
          J[c][d] = x[corners[d + 1]][c] - x[corners[0]][c];
      double longest = 0.;
      for (unsigned int a = 0; a < corners.size(); ++a)
        for (unsigned int b = a + 1; b < corners.size(); ++b)
          longest = std::max(longest, x[corners[a]].distance(x[corners[b]]));
      return {determinant(J), longest};
    }

    /// A simplex's orientation: a mirrored numbering is flipped (its last
    /// two corners swapped); a flat one is rejected.
    template <int dim>
    void
    orient_simplex(const std::string           &path,
                   FileElement                 &cell,
                   const std::vector<Point<3>> &x)
    {
      auto [det, longest] = simplex_jacobian<dim>(x, cell.nodes);
      if (det < 0.)
        {
          std::swap(cell.nodes[dim - 1], cell.nodes[dim]);
          det = -det;
        }
      if (!(det > 1e-6 * std::pow(longest, dim)))
        throw ScenarioError(path + ": element " + std::to_string(cell.number) +
                            " ('" + cell.group +
                            "') is degenerate (flat: its volume is near zero)");
    }

    template <int dim>
    void
    check_orientation(const std::string &path, MeshFileData &data)
    {
      for (auto &cell : data.cells)
        {
          if (cell.nodes.size() == dim + 1)
            {
              orient_simplex<dim>(path, cell, data.nodes);
              continue;
            }
          auto det = corner_jacobians<dim>(data.nodes, cell.nodes);
          if (std::all_of(det.begin(), det.end(), [](double j) {
                return j < 0.;
              }))
            {
              // Swap the two halves across the last axis.
              const unsigned int half = cell.nodes.size() / 2;
              for (unsigned int v = 0; v < half; ++v)
                std::swap(cell.nodes[v], cell.nodes[v + half]);
              det = corner_jacobians<dim>(data.nodes, cell.nodes);
            }
          const auto [lo, hi] = std::minmax_element(det.begin(), det.end());
          if (!(*lo > 1e-6 * *hi))
            throw ScenarioError(
              path + ": element " + std::to_string(cell.number) + " ('" +
              cell.group + "') is " +
              (*lo <= 0. ? "inverted (its corner Jacobians change sign)" :
                           "degenerate (a corner's Jacobian is near zero)"));
        }
    }

    /// Length of the foot (x extent of every region but the leg), m.
    double
    foot_length(const MeshFileData                    &data,
                const std::vector<types::material_id> &ids)
    {
      double lo = std::numeric_limits<double>::max(), hi = -lo;
      for (std::size_t c = 0; c < data.cells.size(); ++c)
        if (!is_leg_region(ids[c]))
          for (const auto v : data.cells[c].nodes)
            {
              lo = std::min(lo, data.nodes[v][0]);
              hi = std::max(hi, data.nodes[v][0]);
            }
      return hi > lo ? hi - lo : 0.;
    }

    std::string
    millimetres(const double metres)
    {
      return length_in_mm(metres, 4);
    }
  } // namespace

  namespace
  {
    /// Simplices split into hypercubes, or (MeshImport::keep_simplices) kept
    /// as they are, in which case every element must be one.
    void
    split_or_keep_simplices(const MeshImport &in,
                            MeshFileData     &data,
                            const int         dim)
    {
      if (!in.keep_simplices)
        {
          split_simplices(in.file, data, dim);
          return;
        }
      for (const auto &cell : data.cells)
        if (cell.nodes.size() != static_cast<std::size_t>(dim + 1))
          throw ScenarioError(
            in.file + ": element " + std::to_string(cell.number) + " ('" +
            cell.group + "') is a " +
            (dim == 2 ? "quadrilateral" : "hexahedron") +
            "; Discretisation/Cells = tetrahedra takes a mesh of " +
            (dim == 2 ? "triangles" : "tetrahedra") +
            " only (use Cells = hexahedra for this file)");
    }

    /// The file parsed by its format's reader, with every element grouped.
    MeshFileData
    parse_file(const MeshImport &in, const int dim)
    {
      const std::string &path = in.file;
      const auto         extension =
        path.size() > 4 ? path.substr(path.size() - 4) : std::string();
      MeshFileData data;
      if (extension == ".msh")
        {
          data = read_gmsh_file(path, dim);
          split_or_keep_simplices(in, data, dim);
        }
      else if (extension == ".inp")
        {
          data = read_abaqus_file(path, dim, [&in](const std::string &name) {
            types::material_id id;
            return Names(in).region(name, id);
          });
          split_or_keep_simplices(in, data, dim);
        }
      else if (extension == ".stl")
        {
          if (dim != 3)
            throw ScenarioError(path + ": surfaces (.stl) make a 3D mesh; set "
                                       "Geometry/Dimension = 3");
          SurfaceSet set;
          set.skin_file      = path;
          set.fill_region    = in.fill_region;
          set.inner          = in.inner_surfaces;
          set.painted        = in.painted_surfaces;
          set.knee_end_depth = 2e-3 / in.metres_per_unit;
          set.keep_simplices = in.keep_simplices;
          data               = mesh_from_surfaces(set);
        }
      else
        throw ScenarioError(
          path + ": unknown mesh format (expected .msh, .inp or .stl)");
      if (data.cells.empty())
        throw ScenarioError(path + ": no " +
                            (dim == 2 ? "quadrilateral or triangular" :
                                        "hexahedral or tetrahedral") +
                            " elements in a region group (is it a " +
                            std::to_string(dim) + "D mesh?)");
      if (!data.ungrouped.empty())
        throw ScenarioError(
          path + ": " + std::to_string(data.ungrouped.size()) +
          " elements (first: " + std::to_string(data.ungrouped.front()) +
          ") are in no region group" +
          (data.ungrouped_hint.empty() ? "" : "; " + data.ungrouped_hint));
      return data;
    }

    /// parse_file, with the last file's result kept: a run reads its mesh
    /// file several times (the input check, the coarse mesh that landmarks
    /// and fibres are found on, the model's mesh, the node sets), and a 3D
    /// file takes seconds to parse. The key is everything the result
    /// depends on, the file's size and time stamp included.
    const MeshFileData &
    parse(const MeshImport &in, const int dim)
    {
      using Stamp = std::pair<std::uintmax_t, std::filesystem::file_time_type>;
      using Key   = std::tuple<std::string,
                             int,
                             std::map<std::string, std::string>,
                             Stamp,
                             std::vector<std::pair<std::string, std::string>>,
                             std::vector<std::pair<std::string, std::string>>,
                             std::string,
                             std::vector<Stamp>>;
      static std::mutex                                  guard;
      static std::optional<std::pair<Key, MeshFileData>> last;
      std::error_code                                    size_error, time_error;
      const auto size  = std::filesystem::file_size(in.file, size_error);
      const auto stamp = std::filesystem::last_write_time(in.file, time_error);
      if (size_error || time_error)
        {
          parse_file(in, dim); // throws for a missing file, naming it
          throw ScenarioError(in.file + ": cannot read its size and time");
        }
      // The surfaces a skin (.stl) comes with are part of the mesh too.
      std::vector<Stamp> surfaces;
      for (const auto *list : {&in.inner_surfaces, &in.painted_surfaces})
        for (const auto &[region, file] : *list)
          {
            std::error_code error;
            const auto      bytes = std::filesystem::file_size(file, error);
            surfaces.emplace_back(error ? 0 : bytes,
                                  error ?
                                    std::filesystem::file_time_type() :
                                    std::filesystem::last_write_time(file,
                                                                     error));
          }
      Key                               key(in.file,
              dim + (in.keep_simplices ? 10 : 0),
              in.names,
              Stamp(size, stamp),
              in.inner_surfaces,
              in.painted_surfaces,
              in.fill_region,
              surfaces);
      const std::lock_guard<std::mutex> lock(guard);
      if (!last || last->first != key)
        {
          last.reset();
          last.emplace(std::move(key), parse_file(in, dim));
        }
      return last->second;
    }

    /// Group names as the model's ids: a region per cell, a surface per
    /// face (by its sorted node indices); every required group present.
    struct GroupIds
    {
      std::vector<types::material_id>                         cells;
      std::map<std::vector<unsigned int>, types::boundary_id> faces;
    };

    GroupIds
    group_ids(const MeshImport &in, const MeshFileData &data)
    {
      const std::string           &path = in.file;
      const Names                  names(in);
      GroupIds                     ids;
      std::set<types::material_id> present;
      for (const auto &cell : data.cells)
        {
          types::material_id id;
          if (!names.region(cell.group, id))
            throw ScenarioError(
              path + ": group '" + cell.group +
              "' is not a region of the model (regions: " +
              known_region_names() +
              "); name it so, or map it in Geometry/Region names");
          ids.cells.push_back(id);
          present.insert(id);
        }
      std::set<std::string> surfaces;
      for (const auto &face : data.faces)
        {
          const auto it = surface_ids().find(names.model_name(face.group));
          if (it == surface_ids().end())
            throw ScenarioError(path + ": surface group '" + face.group +
                                "' is not a surface of the model (skin, "
                                "knee_end); rename it, map it in "
                                "Geometry/Region names or remove it");
          auto key = face.nodes;
          std::sort(key.begin(), key.end());
          ids.faces[key] = it->second;
          surfaces.insert(it->first);
        }
      std::string missing;
      for (const auto id : required_regions())
        if (present.count(id) == 0)
          missing += (missing.empty() ? "" : ", ") + region_name(id);
      for (const auto &[name, id] : surface_ids())
        if (surfaces.count(name) == 0)
          missing += (missing.empty() ? "surface " : ", surface ") + name;
      if (!missing.empty())
        throw ScenarioError(path + ": the mesh has no group for " + missing);
      return ids;
    }

    /// Planarity (2D), units, orientation and the foot's length.
    template <int dim>
    void
    check_geometry(const MeshImport                      &in,
                   const std::vector<types::material_id> &ids,
                   MeshFileData                          &data)
    {
      const std::string &path = in.file;
      if (dim == 2)
        for (std::size_t v = 0; v < data.nodes.size(); ++v)
          if (data.nodes[v][2] != 0.)
            throw ScenarioError(path +
                                ": a 2D mesh lies in the plane z = 0; "
                                "node " +
                                std::to_string(v + 1) +
                                " has z = " + std::to_string(data.nodes[v][2]));
      for (auto &x : data.nodes)
        x *= in.metres_per_unit;
      check_orientation<dim>(path, data);

      const double length = foot_length(data, ids);
      if (length < 0.1 || length > 0.5)
        throw ScenarioError(
          path + ": the foot (every region but the leg) is " +
          millimetres(length) + " long in Geometry/Length unit = " +
          (in.metres_per_unit == 1. ? "m" : "mm") +
          "; a foot is 100-500 mm long: is the file in the other unit?");
      if (in.expected_foot_length > 0. &&
          std::abs(length - in.expected_foot_length) >
            0.1 * in.expected_foot_length)
        throw ScenarioError(
          path + ": the mesh's foot is " + millimetres(length) +
          " long but Foot/Anatomy/Foot length is " +
          millimetres(in.expected_foot_length) +
          ": the landmarks (and a massage tool's points) come from the Foot "
          "section's anatomy, so it must describe this foot; or find them "
          "on the mesh with Geometry/Landmarks = mesh (docs/import.md)");
    }

    /// deal.II's input: only the nodes the cells use, in the file's order,
    /// and the surface faces renumbered alike.
    template <int dim>
    struct TriangulationInput
    {
      std::vector<Point<dim>>                                 vertices;
      std::vector<CellData<dim>>                              cells;
      std::map<std::vector<unsigned int>, types::boundary_id> boundary;
    };

    template <int dim>
    TriangulationInput<dim>
    triangulation_input(const std::string  &path,
                        const MeshFileData &data,
                        const GroupIds     &ids)
    {
      TriangulationInput<dim> t;
      std::vector<bool>       used(data.nodes.size(), false);
      for (const auto &cell : data.cells)
        for (const auto v : cell.nodes)
          used[v] = true;
      std::vector<unsigned int> new_index(data.nodes.size(),
                                          numbers::invalid_unsigned_int);
      for (std::size_t v = 0; v < data.nodes.size(); ++v)
        if (used[v])
          {
            new_index[v] = t.vertices.size();
            Point<dim> p;
            for (unsigned int d = 0; d < dim; ++d)
              p[d] = data.nodes[v][d];
            t.vertices.push_back(p);
          }
      t.cells.resize(data.cells.size());
      for (std::size_t c = 0; c < data.cells.size(); ++c)
        {
          // CellData comes sized for a hypercube: assign, do not append.
          const auto &nodes = data.cells[c].nodes;
          t.cells[c].vertices.resize(nodes.size());
          for (std::size_t v = 0; v < nodes.size(); ++v)
            t.cells[c].vertices[v] = new_index[nodes[v]];
          t.cells[c].material_id = ids.cells[c];
        }
      for (const auto &[key, id] : ids.faces)
        {
          std::vector<unsigned int> k;
          for (const auto v : key)
            {
              if (new_index[v] == numbers::invalid_unsigned_int)
                throw ScenarioError(
                  path + ": a " + (id == surface::skin ? "skin" : "knee_end") +
                  " face uses node " + std::to_string(v + 1) +
                  ", which no element of a region uses");
              k.push_back(new_index[v]);
            }
          std::sort(k.begin(), k.end());
          t.boundary[k] = id;
        }
      return t;
    }

    /// Boundary ids from the surface faces (matched by their vertices);
    /// every surface face must be a boundary face.
    template <int dim>
    void
    set_surfaces(
      const std::string                                             &path,
      const std::map<std::vector<unsigned int>, types::boundary_id> &boundary,
      Triangulation<dim>                                            &tria)
    {
      std::size_t matched = 0;
      for (const auto &cell : tria.active_cell_iterators())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary())
            {
              std::vector<unsigned int> key;
              for (const auto v : cell->face(f)->vertex_indices())
                key.push_back(cell->face(f)->vertex_index(v));
              std::sort(key.begin(), key.end());
              const auto it = boundary.find(key);
              cell->face(f)->set_boundary_id(
                it == boundary.end() ? surface::free : it->second);
              matched += it != boundary.end();
            }
      if (matched != boundary.size())
        throw ScenarioError(path + ": " +
                            std::to_string(boundary.size() - matched) +
                            " faces of the skin or knee_end groups are not "
                            "on the mesh's boundary");
    }
  } // namespace

  template <int dim>
  void
  read_mesh_file(const MeshImport &in, Triangulation<dim> &tria)
  {
    MeshFileData   data = parse(in, dim); // a copy: the checks mend it
    const GroupIds ids  = group_ids(in, data);
    check_geometry<dim>(in, ids.cells, data);
    auto input = triangulation_input<dim>(in.file, data, ids);

    Triangulation<dim> serial;
    try
      {
        // Hypercubes need their faces' orientations made consistent;
        // deal.II orients simplices' faces itself.
        if (!in.keep_simplices)
          GridTools::consistently_order_cells(input.cells);
        serial.create_triangulation(input.vertices, input.cells, SubCellData());
      }
    catch (const std::exception &e)
      {
        const std::string why = e.what();
        throw ScenarioError(in.file +
                            ": deal.II cannot build a mesh from it (" +
                            why.substr(0, why.find('\n')) +
                            "); are elements duplicated or overlapping?");
      }
    set_surfaces(in.file, input.boundary, serial);
    tria.copy_triangulation(serial);
  }

  std::map<std::string, Point<2>>
  read_mesh_file_landmarks(const MeshImport &in, const int dim)
  {
    const MeshFileData             &data = parse(in, dim);
    const Names                     names(in);
    const auto                     &known = settable_landmarks();
    std::map<std::string, Point<2>> points;
    for (const auto &[file_name, nodes] : data.node_sets)
      {
        const std::string name = names.model_name(file_name);
        if (nodes.empty() ||
            std::find(known.begin(), known.end(), name) == known.end())
          continue;
        Point<3> centre;
        for (const auto &x : nodes)
          centre += x / double(nodes.size());
        points[name] = Point<2>(centre[0] * in.metres_per_unit,
                                centre[1] * in.metres_per_unit);
      }
    return points;
  }

  template void
  read_mesh_file(const MeshImport &, Triangulation<2> &);
  template void
  read_mesh_file(const MeshImport &, Triangulation<3> &);
} // namespace plantarfe::anatomy
