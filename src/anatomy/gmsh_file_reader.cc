// Reading Gmsh files through the Gmsh API: MSH 2 and 4 (and the other
// formats Gmsh opens) with their physical groups and names.
#include "anatomy/gmsh_session.h"
#include "anatomy/mesh_file_data.h"
#include "base/errors.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

namespace plantarfe::anatomy
{
  namespace
  {
    /// Gmsh's element types the model accepts: 3-node triangle (2), 4-node
    /// quadrilateral (3), 4-node tetrahedron (4), 8-node hexahedron (5)
    /// and, for surfaces in 2D, the 2-node line (1).
    unsigned int
    accepted_corners(const int gmsh_type, const int dim)
    {
      if (gmsh_type == 1 && dim == 2)
        return 2;
      if (gmsh_type == 2) // triangle: a 2D cell or a 3D surface face
        return 3;
      if (gmsh_type == 3)
        return 4;
      if (gmsh_type == 4 && dim == 3) // tetrahedron
        return 4;
      if (gmsh_type == 5 && dim == 3)
        return 8;
      return 0;
    }

    std::string
    element_type_name(const int gmsh_type)
    {
      std::string         name;
      int                 d = 0, order = 0, n = 0, primary = 0;
      std::vector<double> local;
      gmsh::model::mesh::getElementProperties(
        gmsh_type, name, d, order, n, local, primary);
      return name;
    }

    std::string
    group_name(const int d, const int tag)
    {
      std::string name;
      gmsh::model::getPhysicalName(d, tag, name);
      return name.empty() ? "physical group " + std::to_string(tag) : name;
    }
  } // namespace

  MeshFileData
  read_gmsh_file(const std::string &path, const int dim)
  {
    if (!std::filesystem::is_regular_file(path))
      throw ScenarioError(path + ": no such mesh file");
    GmshSession session;
    try
      {
        gmsh::open(path);
      }
    catch (const std::exception &e)
      {
        throw ScenarioError(path + ": Gmsh could not read it (" + e.what() +
                            ")");
      }

    MeshFileData                                  data;
    std::unordered_map<std::size_t, unsigned int> node_index;
    {
      std::vector<std::size_t> tags;
      std::vector<double>      xyz, parametric;
      gmsh::model::mesh::getNodes(tags, xyz, parametric, -1, -1, false, false);
      // In the file's node numbering, whatever order Gmsh returns them in.
      std::vector<std::size_t> order(tags.size());
      for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
      std::sort(order.begin(), order.end(), [&](auto a, auto b) {
        return tags[a] < tags[b];
      });
      data.nodes.reserve(tags.size());
      for (const auto i : order)
        {
          node_index[tags[i]] = data.nodes.size();
          data.nodes.emplace_back(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
        }
    }

    // Every element of a group, once; an element in two region groups
    // would have two materials.
    std::map<std::size_t, std::string> region_of;
    gmsh::vectorpair                   groups;
    gmsh::model::getPhysicalGroups(groups);
    for (const auto &[d, tag] : groups)
      {
        if (d == 0)
          {
            // A group of points: a node set (landmarks may be given so).
            std::vector<std::size_t> tags;
            std::vector<double>      xyz;
            gmsh::model::mesh::getNodesForPhysicalGroup(0, tag, tags, xyz);
            auto &set = data.node_sets[group_name(0, tag)];
            for (std::size_t i = 0; i + 2 < xyz.size(); i += 3)
              set.emplace_back(xyz[i], xyz[i + 1], xyz[i + 2]);
            continue;
          }
        if (d != dim && d != dim - 1)
          continue;
        const std::string name = group_name(d, tag);
        std::vector<int>  entities;
        gmsh::model::getEntitiesForPhysicalGroup(d, tag, entities);
        for (const int entity : entities)
          {
            std::vector<int>                      types;
            std::vector<std::vector<std::size_t>> element_tags, node_tags;
            gmsh::model::mesh::getElements(
              types, element_tags, node_tags, d, entity);
            for (std::size_t t = 0; t < types.size(); ++t)
              {
                const unsigned int n = accepted_corners(types[t], dim);
                // Simplices keep the file's corner order (split later).
                const bool simplex = types[t] == 2 || types[t] == 4;
                if (n == 0)
                  throw ScenarioError(
                    path + ": group '" + name + "': element " +
                    std::to_string(element_tags[t].at(0)) + " is a " +
                    element_type_name(types[t]) + "; PlantarFE reads " +
                    (dim == 2 ? "linear quadrilaterals or triangles" :
                                "linear hexahedra or tetrahedra") +
                    " (Gmsh: Mesh.ElementOrder = 1)");
                for (std::size_t e = 0; e < element_tags[t].size(); ++e)
                  {
                    FileElement element;
                    element.number = static_cast<long>(element_tags[t][e]);
                    element.group  = name;
                    for (unsigned int v = 0; v < n; ++v)
                      element.nodes.push_back(node_index.at(
                        node_tags[t]
                                 [e * n +
                                  (simplex ? v : file_to_dealii_corner[v])]));
                    if (d == dim)
                      {
                        const auto [it, fresh] =
                          region_of.emplace(element_tags[t][e], name);
                        if (!fresh && it->second != name)
                          throw ScenarioError(path + ": element " +
                                              std::to_string(element.number) +
                                              " is in two region groups, '" +
                                              it->second + "' and '" + name +
                                              "'");
                        if (fresh)
                          data.cells.push_back(std::move(element));
                      }
                    else
                      data.faces.push_back(std::move(element));
                  }
              }
          }
      }

    // In the file's element numbering, not group by group.
    std::sort(data.cells.begin(),
              data.cells.end(),
              [](const auto &a, const auto &b) { return a.number < b.number; });
    std::vector<int>                      types;
    std::vector<std::vector<std::size_t>> element_tags, node_tags;
    gmsh::model::mesh::getElements(types, element_tags, node_tags, dim, -1);
    for (const auto &tags : element_tags)
      for (const auto tag : tags)
        if (region_of.count(tag) == 0)
          data.ungrouped.push_back(static_cast<long>(tag));
    return data;
  }
} // namespace plantarfe::anatomy
