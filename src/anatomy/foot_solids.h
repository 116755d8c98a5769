// The anatomical 3D foot (Foot/Model 3D = anatomical): OpenCASCADE solids
// built in 3D through the Gmsh API, not the sagittal section extruded. Every
// foot bone is its sagittal profile (from the outline, so the medial column
// matches the 2D model) intersected with its own top-view profile; the
// lateral column (cuboid, rays 4-5) is lower than the medial one, the five
// metatarsals have their bases on a transverse arch and their heads on an
// arc near the ground, each ray has its phalanges (the hallux two), the skin
// is lofted through rounded sections (a heel curved in both directions), the
// plantar fascia is three bands (central, medial, lateral) fanning into five
// digital slips. Regions are cut in the outline's priority order and
// fragmented so the mesh is conforming; Gmsh meshes them with tetrahedra,
// which the import path splits into hexahedra.
#pragma once

#include "anatomy/foot_geometry.h"
#include "anatomy/mesh_file_data.h"

#include <string>

namespace plantarfe::anatomy
{
  struct FootSolidsMeshSizes
  {
    double bone  = 0.008; ///< target tetrahedron size in bones (m)
    double soft  = 0.010; ///< in the soft tissue and heel pad
    double layer = 0.004; ///< in the fascia, joint layers, ligaments
    double leg   = 0.020; ///< in the leg above the ankle
  };

  /// The anatomical foot of @p g as a tetrahedral mesh: one group per
  /// region (named as regions.h names it), the skin and knee_end surfaces
  /// as groups of triangles, and node sets of the landmarks the mesh cannot
  /// show by itself (navicular, first MTP centre). Metres. Runs Gmsh in a
  /// session of its own. @p outline: make_foot_outline(g, ...).
  MeshFileData
  anatomical_foot_mesh(const FootGeometry        &g,
                       const FootOutline         &outline,
                       const FootSolidsMeshSizes &sizes);

  /// The sizes for a target hexahedron size @p h (Foot/Mesh/Cell size 3D):
  /// every tetrahedron becomes four hexahedra about half its size, so
  /// the thin layers get tetrahedra of h, bones 2h, soft tissue 2.5h,
  /// the leg 3h.
  FootSolidsMeshSizes
  anatomical_mesh_sizes(double h);

  /// Why a run does not take Foot/Mesh/3D foot = anatomical yet, and the
  /// two-step route it takes instead (one line, for the run's refusal).
  std::string
  anatomical_run_refusal();

  /// @p data as Gmsh MSH 2.2 text: nodes in metres, the tetrahedra in one
  /// physical group per region (tag = region id), the skin and knee_end
  /// triangles, each node set a physical group of points (on nodes added
  /// for them), as `Geometry/Shape = mesh file` reads it.
  std::string
  anatomical_foot_msh_text(const MeshFileData &data);
} // namespace plantarfe::anatomy
