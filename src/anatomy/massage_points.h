// Named massage points on the skin of the foot model (practitioner guides:
// heel attachment, central arch, ball of foot, Achilles-calcaneus junction,
// gastrocnemius belly, soleus): where on the reference skin each lies, the
// skin's outward normal and its direction along the skin there, so a tool
// can be placed touching the skin at the point, shifted along the skin by an
// offset. Derived from the outline's landmarks, so they follow the anatomy
// parameters and the stance angle. 2D: the sagittal section (the medial
// column); 3D adds the lateral position z.
#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>

#include "anatomy/foot_geometry.h"
#include "anatomy/mesh_surface.h"

#include <string>
#include <vector>

namespace plantarfe::anatomy
{
  struct MassagePoint
  {
    std::string          name;
    std::string          description;
    dealii::Point<2>     skin;    ///< on the reference skin (m)
    dealii::Tensor<1, 2> normal;  ///< outward unit normal of the skin
    dealii::Tensor<1, 2> tangent; ///< along the skin: toes / knee-wards
    double               z = 0.;  ///< 3D lateral position (m, + lateral)
    /// true on the sole (the tool pushes up), false on the back of the
    /// heel and calf (the tool pushes forward).
    bool on_sole = true;
  };

  /// "heel_attachment|central_arch|..." for Patterns::Selection.
  std::string
  massage_point_names_pattern();

  std::vector<std::string>
  massage_point_names();

  /// The point @p name moved by @p shift (m) along the skin. Throws
  /// ScenarioError naming @p entry when the shift leaves the stretch of skin
  /// the point lies on (the flat sole, the back of the heel, the back of the
  /// calf) or the name is unknown.
  MassagePoint
  massage_point(const FootOutline  &outline,
                const FootGeometry &geometry,
                const std::string  &name,
                double              shift,
                const std::string  &entry);

  /// The same point on a foot mesh's own surface (Geometry/Landmarks =
  /// mesh), defined by the mesh's landmarks @p L as the outline's points
  /// are by the outline's: the sole under the fascia's insertion region
  /// (its centroid), under the first metatarsal head and midway; the back
  /// of the heel at the Achilles insertion's height; the back of the calf
  /// at 65 % / 20 % of the belly's length up the leg axis from the
  /// muscle-tendon junction. 3D: found in the sagittal plane at the point's own
  /// lateral position plus @p lateral (m). Errors as above.
  MassagePoint
  massage_point(const MeshSurface   &surface,
                const FootLandmarks &L,
                const std::string   &name,
                double               shift,
                double               lateral,
                const std::string   &entry);
} // namespace plantarfe::anatomy
