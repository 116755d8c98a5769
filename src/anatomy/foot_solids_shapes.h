// Internal to the anatomical foot (foot_solids.cc): the OpenCASCADE solids
// it is assembled from, built through the Gmsh API in the current session.
// Lengths of the default anatomy are written in mm for a 266 mm foot and
// scaled with the foot's length (Scale).
#pragma once

#include <deal.II/base/point.h>

#include <gmsh.h>
#include <utility>
#include <vector>

namespace plantarfe::anatomy::foot_solids_detail
{
  using dealii::Point;
  using DimTags = std::vector<std::pair<int, int>>;
  namespace occ = gmsh::model::occ;

  /// Lengths of the default anatomy (mm, for a 266 mm foot) in metres,
  /// scaled with the foot's length.
  struct Scale
  {
    double s;
    double
    operator()(const double mm) const
    {
      return 1e-3 * s * mm;
    }
  };

  /// A sagittal polygon (x, y; m) extruded over z in [z0, z1].
  DimTags
  sagittal_prism(const std::vector<Point<2>> &poly, double z0, double z1);

  /// A top-view polygon (points (x, z); m) extruded over y in [y0, y1].
  DimTags
  top_prism(const std::vector<Point<2>> &poly, double y0, double y1);

  /// Boolean operations; each consumes its operands.
  DimTags
  intersection(const DimTags &a, const DimTags &b);
  DimTags
  united(const DimTags &a, const DimTags &b);

  /// Solids that do not overlap, side by side (fusing them lost one).
  DimTags
  joined(DimTags a, const DimTags &b);

  DimTags
  copy_of(const DimTags &a);

  /// The skin's volume: a loft through rounded sections from the back of
  /// the heel to the tip of the hallux, its top at @p y_top_heel behind the
  /// ankle (where the leg leaves the foot).
  DimTags
  skin_volume(const Scale &mm, double y_top_heel);

  /// Rays 2-5, each bone and layer its sagittal profile intersected with
  /// its top view (planar faces only: Gmsh 4.8 failed to mesh the seams
  /// and poles of spheres cut by other solids):
  ///  - the metatarsal: a base block of height 2 r_b on the joint plane,
  ///    a shaft tapering to the head, a head rounded as a circle of
  ///    radius r_h in the sagittal plane;
  ///  - the joint layers: a slab of cartilage before the base, and a
  ///    layer of the same thickness over the head's distal half;
  ///  - the toe: from that layer (its base fits the head) to its tip.
  struct LesserRaySolids
  {
    DimTags metatarsals, joints, toes;
  };

  LesserRaySolids
  lesser_ray_solids(const Scale &mm, double cartilage);

  /// The top views (points (x, z)) that shape the bones and bands of the
  /// medial column and the hindfoot, in the default anatomy's mm.
  struct TopViews
  {
    std::vector<Point<2>> calcaneus, talus, medial_midfoot, cuboid,
      first_metatarsal, hallux, insertion, fascia_bands, ligaments, spur;
  };

  TopViews
  top_views(const Scale &mm, double ligament_width);

  /// The cuboid's sagittal profile from the medial column's midfoot
  /// polygon (its posterior face is the Chopart layer's anterior edge).
  std::vector<Point<2>>
  cuboid_profile(const Scale &mm, const std::vector<Point<2>> &midfoot);
} // namespace plantarfe::anatomy::foot_solids_detail
