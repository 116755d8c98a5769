// The sizes the foot model's laws and metrics are calibrated or reported
// by: the Achilles tendon's length, section and moment arm (its stiffness
// k = E A / L, its force per section, the calf's dorsiflexion-to-stretch
// model), the fascia's section (force per unloaded section), the calf's
// section (force per section), the foot's length (centre of pressure in
// % of it, rearfoot and forefoot zones). Taken from the Foot section, or
// measured on the mesh when the landmarks are the mesh's own
// (Geometry/Landmarks = mesh), so that a foot of another size carries its
// own sizes.
#pragma once

#include <deal.II/grid/tria.h>

#include "anatomy/foot_geometry.h"

namespace plantarfe::anatomy
{
  /// Sections are per unit depth in 2D (a thickness, m) and areas in 3D
  /// (m^2).
  struct BodySizes
  {
    double foot_length = 0.; ///< x extent of the foot (m)
    double foot_start  = 0.; ///< x of the heel's back (m)
    /// The muscle-tendon junction's distance from the leg axis through the
    /// ankle centre (m).
    double achilles_moment_arm = 0.;
    double tendon_length       = 0.; ///< insertion to junction, along the leg
    double tendon_section      = 0.; ///< Achilles tendon, across its line
    double fascia_section      = 0.; ///< fascia at its tension section
    double muscle_section      = 0.; ///< calf belly: volume / belly length
  };

  /// The Foot section's sizes (3D: thickness x the structure's width).
  template <int dim>
  BodySizes
  foot_section_sizes(const FootGeometry &g);

  /// The sizes measured on @p tria (the coarse foot mesh) from its
  /// landmarks @p L: the tendon's section at its metric point across the
  /// line insertion -> junction, the fascia's across its centre line at
  /// the tension section, the calf's volume over the belly's length.
  /// Throws ScenarioError when a section finds no cells.
  template <int dim>
  BodySizes
  measure_body_sizes(const dealii::Triangulation<dim> &tria,
                     const FootLandmarks              &L);
} // namespace plantarfe::anatomy
