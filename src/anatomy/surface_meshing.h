// A 3D volume mesh from closed surface meshes (STL, as segmentation gives
// them): the skin encloses everything; closed surfaces inside it (bones,
// tendons: "inner") become regions of their own, meshed so that they share
// their faces with the tissue around them; the rest of the skin's inside is
// the fill region, whose cells are repainted where their centre lies inside
// a "painted" surface (the heel pad, which may reach the skin). Gmsh meshes
// the volumes with tetrahedra bounded by the surfaces' own triangles; every
// tetrahedron is then split into four hexahedra as a tetrahedral mesh file
// is (simplex_split.h: every new node the exact centre of the nodes that
// define it), the cells the solver takes.
// docs/import.md describes it.
#pragma once

#include "anatomy/mesh_file_data.h"

#include <string>
#include <utility>
#include <vector>

namespace plantarfe::anatomy
{
  struct SurfaceSet
  {
    std::string skin_file; ///< closed surface: the skin
    std::string fill_region = "soft_tissue";
    /// (region, file): closed surfaces inside the skin, apart from each
    /// other, meshed as their own volumes.
    std::vector<std::pair<std::string, std::string>> inner;
    /// (region, file): closed surfaces whose inside repaints fill cells.
    std::vector<std::pair<std::string, std::string>> painted;
    /// The knee end (the load's entry) is the skin's faces facing up (within
    /// 30 degrees) within this depth (file units) of the skin's top.
    double knee_end_depth = 2.;
    /// Keep the tetrahedra (Discretisation/Cells = tetrahedra) instead of
    /// splitting each into four hexahedra.
    bool keep_simplices = false;
  };

  /// The volume mesh of @p set as a mesh file would give it: nodes in the
  /// files' units, hexahedra grouped by region, the skin's quadrilaterals
  /// as groups skin and knee_end. Throws ScenarioError naming the file and
  /// a point for a surface that is missing, not closed (an edge on one
  /// triangle) or not a manifold (an edge on three), an inner surface
  /// outside the skin or inside another, surfaces that cross, and a skin
  /// with no face at its top.
  MeshFileData
  mesh_from_surfaces(const SurfaceSet &set);
} // namespace plantarfe::anatomy
