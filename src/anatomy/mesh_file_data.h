// A mesh file as read, before it becomes a triangulation: nodes in file
// units and elements with their group names and the file's own numbers, so
// that every check can name what it rejects. The Gmsh and Abaqus readers
// fill it; mesh_import.cc checks and builds from it.
#pragma once

#include <deal.II/base/point.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace plantarfe::anatomy
{
  struct FileElement
  {
    long        number = 0; ///< the file's element number
    std::string group;      ///< name of its region or surface group
    /// Node indices (into MeshFileData::nodes) in deal.II's order
    /// (lexicographic: x fastest, then y, then z).
    std::vector<unsigned int> nodes;
  };

  struct MeshFileData
  {
    std::vector<dealii::Point<3>> nodes; ///< file units
    std::vector<FileElement>      cells; ///< volume (3D) or area (2D) elements
    std::vector<FileElement>      faces; ///< surface-group faces
    /// Elements of the model's dimension that are in no group (numbers),
    /// and what the reader knows about why (e.g. the sets they are in).
    std::vector<long> ungrouped;
    std::string       ungrouped_hint;
    /// Named node sets (Gmsh: physical groups of points; Abaqus: *NSET):
    /// their nodes' coordinates, file units.
    std::map<std::string, std::vector<dealii::Point<3>>> node_sets;
  };

  /// Gmsh and Abaqus number a quadrilateral's corners counter-clockwise and
  /// a hexahedron's bottom then top face counter-clockwise; deal.II numbers
  /// them lexicographically. The permutation is its own inverse.
  constexpr unsigned int file_to_dealii_corner[8] = {0, 1, 3, 2, 4, 5, 7, 6};

  /// Corners (0-based, in the file's order) of the faces S1..S6 of an
  /// Abaqus C3D8 element (dim 3) and S1..S4 of a CPE4 (dim 2).
  inline const std::vector<std::vector<unsigned int>> &
  abaqus_element_faces(const int dim)
  {
    static const std::vector<std::vector<unsigned int>> hex  = {{0, 1, 2, 3},
                                                                {4, 7, 6, 5},
                                                                {0, 4, 5, 1},
                                                                {1, 5, 6, 2},
                                                                {2, 6, 7, 3},
                                                                {3, 7, 4, 0}};
    static const std::vector<std::vector<unsigned int>> quad = {{0, 1},
                                                                {1, 2},
                                                                {2, 3},
                                                                {3, 0}};
    return dim == 3 ? hex : quad;
  }

  /// Reads a Gmsh file (MSH 2 or 4, physical groups) with the Gmsh API.
  MeshFileData
  read_gmsh_file(const std::string &path, int dim);

  /// Reads an Abaqus/CalculiX input file: *NODE, *ELEMENT (ELSET=),
  /// *ELSET (lists and GENERATE), *SURFACE (TYPE=ELEMENT, faces S1-S6).
  /// An element may be in many sets (ELSET=EALL, ...): its region is the
  /// one set that @p is_region names; surface faces come from *SURFACE and
  /// from face elements (S4, CPS4, ... in 3D; T2D2, B21 in 2D) in a set.
  MeshFileData
  read_abaqus_file(const std::string                              &path,
                   int                                             dim,
                   const std::function<bool(const std::string &)> &is_region);
} // namespace plantarfe::anatomy
