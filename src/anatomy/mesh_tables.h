// The foot's mesh in file terms, shared by the mesh exports
// (mesh_files.h) and the FEBio model writer (model/febio_model.h): node
// numbers from 1 over the used vertices, element numbers from 1 over the
// active cells, each cell's corners in the Abaqus/FEBio order, and the
// faces of the named surfaces (skin, knee_end).
#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/types.h>
#include <deal.II/grid/tria.h>

#include <cstddef>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

namespace plantarfe::anatomy
{
  template <int dim>
  struct MeshTables
  {
    explicit MeshTables(const dealii::Triangulation<dim> &tria);

    std::vector<std::size_t>        node_number; ///< per vertex; 0 = unused
    std::vector<dealii::Point<dim>> nodes;
    /// Region id -> its cells: element number and file-order node numbers
    /// (C3D8/hex8: one face's four corners, then the opposite face's).
    std::map<dealii::types::material_id,
             std::vector<std::pair<std::size_t, std::vector<std::size_t>>>>
      regions;
    /// Surface id -> (element number, Abaqus face index, face nodes in
    /// Abaqus' face order, abaqus_element_faces in mesh_file_data.h).
    std::map<dealii::types::boundary_id,
             std::vector<
               std::tuple<std::size_t, unsigned int, std::vector<std::size_t>>>>
      surfaces;
  };
} // namespace plantarfe::anatomy
