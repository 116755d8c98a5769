// Meshing of the foot outline: Gmsh (OpenCASCADE kernel) builds the regions
// in priority order, makes their shared edges conforming and meshes them with
// quadrilaterals; the 3D model extrudes that mesh across the foot's width,
// keeping the leg structures and the fascia at their own widths.
#pragma once

#include <deal.II/base/mpi.h>
#include <deal.II/grid/tria.h>

#include "anatomy/foot_geometry.h"
#include "anatomy/mesh_files.h"

#include <array>
#include <map>
#include <string>

namespace plantarfe::anatomy
{
  struct FootMeshSettings
  {
    double       mesh_size_2d = 0.003; ///< target cell size in the foot (m)
    double       mesh_size_3d = 0.006; ///< in-plane size for the 3D model
    double       slice_size   = 0.012; ///< cell size across the width (3D)
    unsigned int refinements  = 0;     ///< global refinements afterwards
    /// Quadrilaterals from triangles split in three, not from recombined
    /// pairs: another mesh of the same anatomy (mesh-dependence checks).
    bool split_triangles = false;
    /// Foot/Mesh/3D foot = anatomical: the 3D foot built in 3D
    /// (anatomy/foot_solids.h), not the sagittal section extruded.
    bool anatomical = false;
    /// Geometry/Shape = mesh file: the mesh read instead (file empty: the
    /// generated foot).
    MeshImport imported;
    /// Geometry/Fibre directions = laplace: fibres from Laplace solutions
    /// on the mesh (anatomy/foot_fibre_rules.h), not from the outline.
    bool laplace_fibres = false;
    /// Geometry/Landmarks = mesh: the landmarks found on the mesh
    /// (anatomy/mesh_landmarks.h), with the points of Geometry/Landmark
    /// points (m) in place of found ones.
    bool                                    mesh_landmarks = false;
    std::map<std::string, dealii::Point<2>> landmark_points;
  };

  /// Gmsh's text (MSH 2.2) of the 2D mesh of @p outline. Collective: rank 0
  /// runs Gmsh and broadcasts the text. @p coarse_interiors: each region's
  /// interior takes its own target size instead of the finest size on its
  /// boundary (fewer cells; used for the 3D section). @p split_triangles:
  /// quadrilaterals by splitting every triangle in three instead of
  /// recombining triangle pairs (FootMeshSettings::split_triangles).
  std::string
  mesh_outline_msh(const FootOutline &outline,
                   double             mesh_size,
                   MPI_Comm           comm,
                   bool               coarse_interiors = false,
                   bool               split_triangles  = false);

  /// Fills @p tria (empty) with the foot: material ids from regions.h,
  /// boundary ids surface::skin / knee_end / free. dim = 2: the outline
  /// mesh; dim = 3: extruded over z in [-width/2, width/2]; or the mesh
  /// file of settings.imported. Then settings.refinements global
  /// refinements.
  template <int dim>
  void
  make_foot_mesh(const FootGeometry         &geometry,
                 const FootMeshSettings     &settings,
                 dealii::Triangulation<dim> &tria,
                 MPI_Comm                    comm);

  /// Mesh quality summary of a triangulation (this rank's cells).
  struct MeshQuality
  {
    unsigned int n_cells            = 0;
    unsigned int n_inverted         = 0;  ///< non-positive Jacobian at a vertex
    double       min_jacobian_ratio = 1.; ///< min/max Jacobian det per cell
    double       max_aspect_ratio   = 1.;
    double       min_cell_size      = 0.; ///< m (cell diameter)
    /// Centre (x, y, z in m) of the cell with the smallest Jacobian ratio.
    std::array<double, 3> worst_cell{{0., 0., 0.}};
  };

  template <int dim>
  MeshQuality
  mesh_quality(const dealii::Triangulation<dim> &tria, MPI_Comm comm);
} // namespace plantarfe::anatomy
