// Plain data handed from the solver to the results writers (HDF5 + XDMF).
// Nothing here depends on deal.II or HDF5: the solver flattens its mesh and
// fields into these arrays, one part per MPI rank.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace plantarfe::output
{
  /// This rank's part of the mesh, flattened.
  struct MeshData
  {
    /// Spatial dimension of the model (2 or 3); points always carry 3
    /// coordinates.
    unsigned int dim = 3;
    /// n_points x 3 coordinates in metres (z = 0 in 2D), row major.
    std::vector<double> points;
    /// 2D: 3 (triangle) or 4 (quadrilateral); 3D: 4 (tetrahedron) or 8
    /// (hexahedron).
    unsigned int vertices_per_cell = 8;
    /// n_cells x vertices_per_cell point indices in VTK/XDMF vertex order,
    /// indexing into THIS rank's points (the writer makes them global).
    std::vector<std::uint64_t> cells;
    /// Material id per cell.
    std::vector<int> region;
    /// The name of every region id of the model (all ranks alike; written
    /// as the "names" attribute of /mesh/region, one "id name" per line).
    std::map<int, std::string> region_names;

    std::uint64_t
    n_points() const
    {
      return points.size() / 3;
    }

    std::uint64_t
    n_cells() const
    {
      return vertices_per_cell == 0 ? 0 : cells.size() / vertices_per_cell;
    }
  };

  /// One output field on this rank's points or cells. Tensors are passed as
  /// their named scalar components (stress_xx, ..., stress_xz).
  struct Field
  {
    /// Dataset name: letters, digits, '_' (no '/').
    std::string name;
    /// Units string stored as the "units" attribute ("Pa", "m", "-").
    std::string unit;
    /// 1 (scalar) or 3 (vector).
    unsigned int components = 1;
    /// false: one value per point; true: one value per cell.
    bool on_cells = false;
    /// n x components values, row major, n = points or cells of this rank.
    std::vector<double> values;
  };

  /// One converged load step.
  struct StepData
  {
    unsigned int       index         = 0;
    double             load_fraction = 0.;
    std::vector<Field> fields;
  };

  /// Global (all ranks) mesh sizes, as needed by the XDMF description.
  struct MeshInfo
  {
    unsigned int  dim               = 3;
    std::uint64_t n_points          = 0;
    std::uint64_t n_cells           = 0;
    unsigned int  vertices_per_cell = 8;

    /// "Triangle", "Quadrilateral", "Tetrahedron" or "Hexahedron" (XDMF
    /// topology type names).
    std::string
    cell_type() const
    {
      if (dim == 2)
        return vertices_per_cell == 3 ? "Triangle" : "Quadrilateral";
      return vertices_per_cell == 4 ? "Tetrahedron" : "Hexahedron";
    }
  };

  /// Description of one stored field (no values).
  struct FieldInfo
  {
    std::string  name;
    std::string  unit;
    unsigned int components = 1;
    bool         on_cells   = false;
  };

  /// Description of one completed step in the HDF5 file.
  struct StepInfo
  {
    unsigned int           index         = 0;
    double                 load_fraction = 0.;
    std::vector<FieldInfo> fields;
  };

  /// The HDF5 group name of a step: "0007" for index 7 ("%04u").
  inline std::string
  step_group_name(const unsigned int index)
  {
    char buffer[16];
    std::snprintf(buffer, sizeof(buffer), "%04u", index);
    return buffer;
  }
  /// VTK's cell type number of a mesh's cells (VTK_TRIANGLE 5, VTK_QUAD 9,
  /// VTK_TETRA 10, VTK_HEXAHEDRON 12), from its dimension and vertices per
  /// cell.
  inline int
  vtk_cell_type(const unsigned int dim, const unsigned int vertices_per_cell)
  {
    if (dim == 2)
      return vertices_per_cell == 3 ? 5 : 9;
    return vertices_per_cell == 4 ? 10 : 12;
  }
} // namespace plantarfe::output
