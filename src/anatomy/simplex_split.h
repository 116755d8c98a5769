// Simplices into the cells the solver takes. Segmentation pipelines (Gmsh,
// TetGen, iso2mesh, FEBio Studio) give tetrahedra; deal.II 9.4's finite
// strain machinery here runs on hexahedra. Every tetrahedron becomes four
// hexahedra (one per corner: the corner, three edge midpoints, three face
// centres and the centre), every triangle three quadrilaterals, and a
// surface's triangles (3D) or lines (2D) the faces those cells show, so a
// conforming simplex mesh stays conforming and its named groups carry over.
#pragma once

#include "anatomy/mesh_file_data.h"

#include <string>

namespace plantarfe::anatomy
{
  /// Splits @p data's simplices in place: cells with dim + 1 corners and
  /// surface faces with dim corners (any corner order: the new cells are
  /// numbered so that their Jacobian is positive). Each piece keeps its
  /// element's file number and group, so messages name the file's element.
  /// New nodes are appended at the exact centres of the nodes that define
  /// them, shared between neighbours. A mesh mixing simplices with
  /// quadrilaterals or hexahedra is refused (a split simplex would leave
  /// hanging nodes at their interface), naming @p path and both elements.
  void
  split_simplices(const std::string &path, MeshFileData &data, int dim);
} // namespace plantarfe::anatomy
