// The outer surface and the bones of a foot mesh, in the form a massage plan
// needs them when its points are found on the mesh (Geometry/Landmarks =
// mesh): the skin's sagittal section at a lateral position, whether a point
// lies in bone, points sampled on the bones' surfaces, and the sizes the
// plan's checks compare a tool with. Built once from the coarse mesh, which
// it keeps (bone_at searches its cells).
#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>
#include <deal.II/base/types.h>
#include <deal.II/grid/tria.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace plantarfe::anatomy
{
  /// A straight piece of the skin's sagittal section, with the outward
  /// unit normal of the surface there (its sagittal part).
  struct SkinEdge
  {
    dealii::Point<2>     a, b;
    dealii::Tensor<1, 2> normal;
  };

  /// A point on a bone's surface, and the bone.
  struct BonePoint
  {
    dealii::Point<3>           x;
    dealii::types::material_id bone;
  };

  struct MeshSurface
  {
    int dim = 2;
    /// Outer faces (every boundary face but the knee end): two corners in
    /// 2D (z = 0), four in 3D (deal.II's face order, so 0-1-3-2 is the
    /// loop), and each face's outward unit normal.
    std::vector<std::vector<dealii::Point<3>>> faces;
    std::vector<dealii::Tensor<1, 3>>          normals;
    /// Bone surfaces (faces of bone cells not shared with bone) sampled at
    /// most @p spacing apart.
    std::vector<BonePoint> bone_points;
    /// The bone containing a point (3D; 2D uses x and y), or
    /// numbers::invalid_material_id.
    std::function<dealii::types::material_id(const dealii::Point<3> &)> bone_at;
    double foot_length        = 0.; ///< x extent of every region but the leg
    double insertion_centre_x = 0.; ///< centroid of fascia_insertion (m)
    /// 3D: lateral (z) extents of the foot and of the calf muscle.
    double foot_z_min = 0., foot_z_max = 0.;
    double calf_z_min = 0., calf_z_max = 0.;

    /// The outer surface cut by the sagittal plane at @p z (2D: all of it):
    /// the edges, with the faces' outward normals. Faces whose normal lies
    /// across the plane (|n_xy| < 0.1) are left out.
    std::vector<SkinEdge>
    section(double z) const;
  };

  /// The surface of @p tria (a foot mesh with the model's regions and
  /// surfaces), bone surfaces sampled every @p spacing (m).
  template <int dim>
  MeshSurface
  mesh_surface(std::shared_ptr<const dealii::Triangulation<dim>> tria,
               double spacing = 5e-4);
} // namespace plantarfe::anatomy
