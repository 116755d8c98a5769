// Export of the foot's mesh: Gmsh files through the Gmsh API, Abaqus input
// written here (Gmsh's own .inp writer has no *SURFACE, which CalculiX's
// contact needs).
#include "anatomy/gmsh_session.h"
#include "anatomy/mesh_file_data.h"
#include "anatomy/mesh_files.h"
#include "anatomy/mesh_tables.h"
#include "anatomy/regions.h"
#include "base/abaqus_numbers.h"
#include "base/errors.h"
#include "output/atomic_file.h"

#include <algorithm>
#include <iomanip>
#include <map>

namespace plantarfe::anatomy
{
  using namespace dealii;

  MeshFileFormat
  mesh_file_format(const std::string &name)
  {
    if (name == "msh" || name == "msh4")
      return MeshFileFormat::msh4;
    if (name == "msh2")
      return MeshFileFormat::msh2;
    if (name == "inp")
      return MeshFileFormat::inp;
    throw ScenarioError("mesh format '" + name +
                        "': expected msh (= msh4), msh2 or inp");
  }

  MeshFileFormat
  mesh_file_format_of(const std::string &path)
  {
    const auto dot = path.rfind('.');
    return mesh_file_format(dot == std::string::npos ? path :
                                                       path.substr(dot + 1));
  }

  template <int dim>
  MeshTables<dim>::MeshTables(const Triangulation<dim> &tria)
  {
    const auto &used = tria.get_used_vertices();
    node_number.assign(used.size(), 0);
    for (std::size_t v = 0; v < used.size(); ++v)
      if (used[v])
        {
          nodes.push_back(tria.get_vertices()[v]);
          node_number[v] = nodes.size();
        }
    const auto &faces = abaqus_element_faces(dim);
    for (const auto &cell : tria.active_cell_iterators())
      {
        const std::size_t        number = cell->active_cell_index() + 1;
        std::vector<std::size_t> corners;
        for (const unsigned int v : cell->vertex_indices())
          corners.push_back(
            node_number[cell->vertex_index(file_to_dealii_corner[v])]);
        for (const auto f : cell->face_indices())
          {
            if (!cell->face(f)->at_boundary())
              continue;
            const auto id = cell->face(f)->boundary_id();
            if (id != surface::skin && id != surface::knee_end)
              continue;
            std::vector<std::size_t> on_face;
            for (const auto v : cell->face(f)->vertex_indices())
              on_face.push_back(node_number[cell->face(f)->vertex_index(v)]);
            std::sort(on_face.begin(), on_face.end());
            for (unsigned int k = 0; k < faces.size(); ++k)
              {
                std::vector<std::size_t> candidate;
                for (const auto c : faces[k])
                  candidate.push_back(corners[c]);
                std::vector<std::size_t> sorted = candidate;
                std::sort(sorted.begin(), sorted.end());
                if (sorted == on_face)
                  surfaces[id].emplace_back(number, k, candidate);
              }
          }
        regions[cell->material_id()].emplace_back(number, corners);
      }
  }

  template struct MeshTables<2>;
  template struct MeshTables<3>;

  namespace
  {
    std::string
    surface_name(const types::boundary_id id)
    {
      return id == surface::skin ? "skin" : "knee_end";
    }

    template <int dim>
    void
    write_gmsh(const MeshTables<dim> &t,
               const std::string     &path,
               const double           version)
    {
      GmshSession session;
      gmsh::model::add("plantarfe_foot");
      std::vector<std::size_t> tags;
      std::vector<double>      xyz;
      for (std::size_t n = 0; n < t.nodes.size(); ++n)
        {
          tags.push_back(n + 1);
          for (unsigned int d = 0; d < 3; ++d)
            xyz.push_back(d < dim ? t.nodes[n][d] : 0.);
        }
      bool        nodes_added = false;
      std::size_t next_face   = 1;
      for (const auto &[id, cells] : t.regions)
        next_face = std::max(next_face, cells.back().first + 1);
      const int cell_type = dim == 2 ? 3 : 5, face_type = dim == 2 ? 1 : 3;
      for (const auto &[id, cells] : t.regions)
        {
          const int entity = gmsh::model::addDiscreteEntity(dim);
          if (!nodes_added)
            gmsh::model::mesh::addNodes(dim, entity, tags, xyz);
          nodes_added = true;
          std::vector<std::size_t> numbers, corners;
          for (const auto &[number, nodes] : cells)
            {
              numbers.push_back(number);
              corners.insert(corners.end(), nodes.begin(), nodes.end());
            }
          gmsh::model::mesh::addElementsByType(entity,
                                               cell_type,
                                               numbers,
                                               corners);
          gmsh::model::addPhysicalGroup(dim, {entity}, id);
          gmsh::model::setPhysicalName(dim, id, region_name(id));
        }
      for (const auto &[id, faces] : t.surfaces)
        {
          const int entity = gmsh::model::addDiscreteEntity(dim - 1);
          std::vector<std::size_t> numbers, corners;
          for (const auto &[element, k, nodes] : faces)
            {
              numbers.push_back(next_face++);
              corners.insert(corners.end(), nodes.begin(), nodes.end());
            }
          gmsh::model::mesh::addElementsByType(entity,
                                               face_type,
                                               numbers,
                                               corners);
          gmsh::model::addPhysicalGroup(dim - 1, {entity}, id);
          gmsh::model::setPhysicalName(dim - 1, id, surface_name(id));
        }
      gmsh::option::setNumber("Mesh.MshFileVersion", version);
      gmsh::option::setNumber("Mesh.Binary", 0);
      gmsh::option::setNumber("Mesh.SaveAll", 0);
      output::AtomicFile file(path, nullptr, true);
      gmsh::write(file.temporary());
      file.commit();
    }

    template <int dim>
    void
    write_abaqus(const MeshTables<dim> &t, std::ostream &out)
    {
      out << "** PlantarFE foot mesh: " << t.nodes.size() << " nodes; "
          << "each region an element set, skin and knee_end element-face\n"
          << "** surfaces; lengths in m. "
          << (dim == 2 ? "Plane strain (CPE4), per unit depth.\n" : "\n");
      out << "*NODE, NSET=NALL\n" << std::setprecision(abaqus_digits);
      for (std::size_t n = 0; n < t.nodes.size(); ++n)
        {
          out << n + 1;
          for (unsigned int d = 0; d < dim; ++d)
            out << ", " << t.nodes[n][d];
          out << '\n';
        }
      for (const auto &[id, cells] : t.regions)
        {
          out << "*ELEMENT, TYPE=" << (dim == 2 ? "CPE4" : "C3D8")
              << ", ELSET=" << region_name(id) << '\n';
          for (const auto &[number, nodes] : cells)
            {
              out << number;
              for (const auto n : nodes)
                out << ", " << n;
              out << '\n';
            }
        }
      for (const auto &[id, faces] : t.surfaces)
        {
          out << "*SURFACE, NAME=" << surface_name(id) << ", TYPE=ELEMENT\n";
          for (const auto &[element, k, nodes] : faces)
            out << element << ", S" << k + 1 << '\n';
        }
    }
  } // namespace

  template <int dim>
  void
  write_mesh_file(const Triangulation<dim> &tria,
                  const std::string        &path,
                  const MeshFileFormat      format)
  {
    const MeshTables<dim> tables(tria);
    if (format == MeshFileFormat::inp)
      {
        output::AtomicFile file(path);
        write_abaqus(tables, file.stream());
        file.commit();
      }
    else
      write_gmsh(tables, path, format == MeshFileFormat::msh2 ? 2.2 : 4.1);
  }

  template <int dim>
  void
  write_abaqus_mesh(const Triangulation<dim> &tria, std::ostream &out)
  {
    write_abaqus(MeshTables<dim>(tria), out);
  }

  template void
  write_abaqus_mesh(const Triangulation<2> &, std::ostream &);
  template void
  write_abaqus_mesh(const Triangulation<3> &, std::ostream &);

  template void
  write_mesh_file(const Triangulation<2> &,
                  const std::string &,
                  MeshFileFormat);
  template void
  write_mesh_file(const Triangulation<3> &,
                  const std::string &,
                  MeshFileFormat);
} // namespace plantarfe::anatomy
