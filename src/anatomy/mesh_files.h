// The foot's mesh to and from files. Export writes the mesh a scenario
// solves on, each region and surface a named group, so that another solver
// (CalculiX, Abaqus, Gmsh-based tools) sees the same model. Import reads a
// volume mesh whose groups are named after the model's regions (table in
// regions.h, `plantarfe params` lists them) and surfaces ("skin",
// "knee_end"), checks it (names, units, element types and orientation) and
// builds the triangulation the solver uses. docs/import.md is the guide.
#pragma once

#include <deal.II/grid/tria.h>

#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace plantarfe::anatomy
{
  enum class MeshFileFormat
  {
    msh4, ///< Gmsh MSH 4.1 (text)
    msh2, ///< Gmsh MSH 2.2 (text)
    inp   ///< Abaqus/CalculiX input: *NODE, *ELEMENT, *ELSET, *SURFACE
  };

  /// "msh" (= msh4), "msh4", "msh2" or "inp"; throws ScenarioError
  /// otherwise.
  MeshFileFormat
  mesh_file_format(const std::string &name);

  /// The format a file name's extension implies (.msh -> msh4, .inp).
  MeshFileFormat
  mesh_file_format_of(const std::string &path);

  /// Writes the active cells of @p tria to @p path (atomically): one group
  /// per region (material id, named by region_name) and per named surface
  /// (boundary ids skin and knee_end); the free surface is not a group.
  /// Coordinates in metres: 17 significant digits in .msh, 14 in .inp (the
  /// 20-character numbers CalculiX reads).
  template <int dim>
  void
  write_mesh_file(const dealii::Triangulation<dim> &tria,
                  const std::string                &path,
                  MeshFileFormat                    format);

  /// The mesh part of the .inp that write_mesh_file writes, to @p out:
  /// *NODE (NSET=NALL), one *ELEMENT block per region (ELSET = its name),
  /// the skin and knee_end element-face *SURFACEs; metres. Node n (from 1)
  /// is the n-th used vertex in vertex-index order; element e is the cell
  /// with active_cell_index e - 1. The solver deck (model/solver_deck.h)
  /// adds the model to it.
  template <int dim>
  void
  write_abaqus_mesh(const dealii::Triangulation<dim> &tria, std::ostream &out);

  /// What a scenario says about an imported mesh (Geometry section).
  struct MeshImport
  {
    std::string file;                   ///< absolute, or relative to the cwd
    double      metres_per_unit = 1e-3; ///< Length unit: mm -> 1e-3
    /// Group names of the file -> model names ("Region names" entry).
    std::map<std::string, std::string> names;
    /// When > 0: the foot length (m) the scenario's anatomy describes; the
    /// mesh's foot must be within 10 % of it, since the landmarks (or the
    /// massage points) come from that anatomy.
    double expected_foot_length = 0.;
    /// A file ending in .stl is the skin of a foot built from closed
    /// surfaces (surface_meshing.h): (region, file) pairs of the surfaces
    /// inside it meshed as regions of their own, of those whose inside
    /// repaints the fill, and the fill's region.
    std::vector<std::pair<std::string, std::string>> inner_surfaces;
    std::vector<std::pair<std::string, std::string>> painted_surfaces;
    std::string fill_region = "soft_tissue";
    /// Discretisation/Cells = tetrahedra: triangles/tetrahedra are kept as
    /// the solver's cells (every element must be one) instead of being
    /// split into quadrilaterals/hexahedra (simplex_split.h).
    bool keep_simplices = false;
  };

  /// Reads @p in into @p tria (empty): material ids from the region groups,
  /// boundary ids from the surface groups (other boundary faces: free).
  /// Throws ScenarioError naming the file and the group or element on a
  /// missing or unknown group, an element type other than quadrilaterals
  /// (2D) or hexahedra (3D) (with keep_simplices: triangles or tetrahedra),
  /// an element in no region, an inverted or
  /// degenerate element, a surface face not on the boundary, or a foot whose
  /// length (everything but the leg) is outside 0.1-0.5 m.
  template <int dim>
  void
  read_mesh_file(const MeshImport &in, dealii::Triangulation<dim> &tria);

  /// Landmarks the file gives as named node sets (Gmsh: physical groups of
  /// points; Abaqus: *NSET), for Geometry/Landmarks = mesh: each set named
  /// after a landmark (settable_landmarks(), or mapped to one in Region
  /// names) gives the centroid of its nodes, sagittal (x, y) in metres.
  /// Other node sets are not the model's business and are ignored.
  std::map<std::string, dealii::Point<2>>
  read_mesh_file_landmarks(const MeshImport &in, int dim);
} // namespace plantarfe::anatomy
