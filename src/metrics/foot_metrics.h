// The quantities users read from a stance or massage run: fascia tension,
// heel-attachment stresses, fascia strain, Achilles force, arch drop, plantar
// pressures and contact area, heel-pad compression. Computed from the solved
// state on all ranks; forces of a 2D (plane strain) model are per unit depth
// times the model's depth.
#pragma once

#include "anatomy/foot_geometry.h"
#include "materials/fibre_laws.h"
#include "metrics/metric.h"
#include "solver/solid.h"

#include <memory>
#include <string>
#include <vector>

namespace plantarfe::metrics
{
  /// Where a band's force is read: a slab across the band @p region
  /// centred on @p point, @p slab long along @p direction; the force is the
  /// slab's volume-mean nominal fibre stress times the band's model
  /// section (2D: its thickness, per unit depth).
  struct BandSection
  {
    std::string                name; ///< the region's name
    dealii::types::material_id region = 0;
    dealii::Point<2>           point;
    dealii::Tensor<1, 2>       direction;
    double                     slab    = 0.005;
    double                     section = 0.;
    /// The band's fibre law as meshed (scaled to its section): the force is
    /// the fibres' tension at the solved stretch, without the soft matrix
    /// the fibres are embedded in (which a slack band compresses). Null:
    /// the whole nominal stress along the fibres.
    std::shared_ptr<const materials::FibreLaw> fibres;
  };

  /// A sliding joint (region @p region): its points are those of the
  /// region nearest to @p face (the proximal bone's articular face) among
  /// the sliding joints'; its opening is the growth of the layer's
  /// thickness (@p thickness at rest) across the joint.
  struct JointSection
  {
    std::string                   name; ///< e.g. "chopart"
    dealii::types::material_id    region = 0;
    std::vector<dealii::Point<2>> face;
    double                        thickness = 0.;
  };

  struct FootMetricContext
  {
    anatomy::FootLandmarks landmarks;
    double                 depth         = 1.; ///< 2D: model depth (m); 3D: 1
    double                 body_weight_N = 0.;
    /// Model stress in the fascia -> the real band's stress: 2D scales the
    /// whole band's stiffness by its real width / the slice's depth, so its
    /// stresses are that much smaller than the band's (3D: 1).
    double fascia_stress_factor = 1.;
    /// Length of the slab over which a section force is averaged (m).
    double fascia_slab = 0.005;
    double tendon_slab = 0.020;
    /// Reference cross-section of the free Achilles tendon (m^2; 2D: per
    /// unit depth, i.e. its thickness). When set, the tendon force is the
    /// slab's volume-mean nominal fibre stress times this section, which
    /// does not depend on how many quadrature points fall into the slab.
    double tendon_section = 0.;
    /// The same for the fascia band (model section: 2D thickness per unit
    /// depth, 3D thickness x width).
    double fascia_section = 0.;
    /// The ground's turn at full load (rad, about z through ground_pivot;
    /// heel-off turns the ground under the toes): heights are measured
    /// above the ground where it is at the end, not in the global frame.
    double           ground_turn = 0.;
    dealii::Point<2> ground_pivot;
    /// The ligament bands whose forces are reported (empty: none).
    std::vector<BandSection> ligaments;
    /// The sliding joints whose opening is reported (empty: none).
    std::vector<JointSection> sliding_joints;
    /// Plantar contact with x below this is rearfoot, above forefoot_x
    /// forefoot (m).
    double rearfoot_x = 0.;
    double forefoot_x = 0.;
    /// Side of the square sensor a pressure platform averages over (m):
    /// 5 mm, Novel EMED-X (4 sensors per cm^2).
    double pressure_sensor = 0.005;
  };

  /// The foot's metrics; those about the ground (plantar pressures, contact
  /// area, ground reaction, rearfoot share, fascia tension per body weight)
  /// only when @p ground (indices of the ground's contact conditions) is not
  /// empty.
  template <int dim>
  Metrics
  foot_metrics(const solver::Solid<dim>        &solid,
               const FootMetricContext         &c,
               const std::vector<unsigned int> &ground);
} // namespace plantarfe::metrics
