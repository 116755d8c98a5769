// Scenario entries of the foot model: anatomy (Foot), tissue laws (Tissues),
// the person (Subject, with the calf) and the posture (Stance). Users write
// mm, degrees, kg, kPa/MPa and N/mm, as stated in each doc string; everything
// is converted to SI here. Cross-checks that need several entries (e.g. the
// fascia must fit in the heel pad) run in make_foot_outline before meshing.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include "anatomy/foot_geometry.h"
#include "anatomy/foot_mesh.h"

#include <string>

namespace plantarfe::scenario
{
  struct TissueParameters
  {
    double bone_E = 7.3e9, bone_nu = 0.3;
    double cartilage_E = 1e6, cartilage_nu = 0.4;
    /// Ogden, FEBio's uncoupled convention W = c/m^2 sum(l^m - 1)
    double heel_pad_c = 26.52e3, heel_pad_m = 17.71, heel_pad_nu = 0.49;
    double soft_tissue_c = 26.52e3, soft_tissue_m = 17.71,
           soft_tissue_nu = 0.49;
    /// How the 2D section treats the pads across the foot: "plane stress"
    /// (free to bulge sideways) or "plane strain" (held). 3D ignores it.
    std::string heel_pad_2d = "plane stress", soft_tissue_2d = "plane stress";
    std::string fascia_law = "linear"; ///< linear | Natali 2010 | Gefen 2002
    double      fascia_E   = 350e6;
    double      fascia_natali_mu = 14.449e6, fascia_natali_k = 254.02e6,
           fascia_natali_alpha = 10.397;
    double fascia_matrix_mu = 0.5e6; ///< matrix shear modulus (linear, Gefen)
    /// false: the fibre-reinforced tissues are their isotropic matrix alone
    /// (a simplification other codes can run: bench/foot_peer).
    bool fibres = true;
    /// false: the calf muscle alone is its matrix (no Thelen passive
    /// curve, which FEBio lacks): the foot FEBio can run with the fibres of
    /// the fascia, tendon and ligaments.
    bool calf_fibres = true;
    /// Foot joints (cartilage layers between foot bones): "bonded" (the
    /// layer is isotropic cartilage) or "sliding" (materials/joint_layer.h).
    std::string joints           = "sliding";
    double      joint_sliding_mu = 20e3; ///< Pa
    /// Load fraction by which a sliding layer, bonded at the start, has
    /// been released (materials/joint_layer.h); 0 = sliding from the start.
    double joint_released_by = 0.5;
    /// Ligaments: linear tension-only fibres on a soft matrix; each
    /// band's stiffness is scaled to its real section (m^2).
    double ligament_E = 264.8e6, ligament_slack = 0., ligament_toe = 0.,
           ligament_matrix_mu = 0.5e6;
    double spring_section = 70e-6, short_plantar_section = 60e-6,
           long_plantar_section = 100e-6, plantar_tmt_section = 40e-6,
           dorsal_talonavicular_section = 30e-6, dorsal_tmt_section = 25e-6;
    double achilles_stiffness  = 430e3; ///< N/m of the free tendon
    double tendon_matrix_mu    = 0.5e6;
    double muscle_max_force    = 5000.; ///< N, triceps surae
    double muscle_fibre_length = 0.055; ///< optimal fibre length (m)
    double muscle_eps0         = 0.6;
    double muscle_shape        = 5.;
    double muscle_matrix_mu    = 5e3;
  };

  struct SubjectParameters
  {
    double body_mass           = 70.; ///< kg
    double load_share          = 0.5; ///< fraction of body weight on this foot
    double dorsiflexion_range  = 15. * M_PI / 180.; ///< knee extended (rad)
    double end_of_range_moment = 27.;               ///< N m
    /// false: balanced (passive calf + active where needed); true: the
    /// force below, with the knee held.
    bool   prescribed_achilles = false;
    double achilles_force      = 0.; ///< N, when prescribed
  };

  struct StanceParameters
  {
    double ankle_dorsiflexion = 3. * M_PI / 180.; ///< rad
    double toe_dorsiflexion   = 0.;               ///< rad, windlass
    bool   heel_off           = false; ///< ground turns with the toes
    double ground_penalty     = 0.;    ///< Pa/m; 0 = automatic
    /// coulomb | stick (no slip) | frictionless
    std::string ground_friction             = "coulomb";
    double      ground_friction_coefficient = 0.6; ///< Coulomb mu
    /// How far a sticking sole point creeps before it slips (m).
    double ground_elastic_slip = 0.05e-3;
    /// Stiffness (Pa/m) of the settling support under the sole, released
    /// by a quarter of the load; 0 = none.
    double settling_support = 0.;
    /// Ankle centre to the body's centre-of-mass line, forward (m).
    double centre_of_mass_ahead = 0.040;
  };

  struct FootScenario
  {
    anatomy::FootGeometry     geometry;
    anatomy::FootMeshSettings mesh;
    TissueParameters          tissues;
    SubjectParameters         subject;
    StanceParameters          stance;
  };

  void
  declare_foot_parameters(dealii::ParameterHandler &prm);

  /// Reads every foot section (SI). Throws ScenarioError "<Section>/<Entry>:
  /// why" for values outside their documented range.
  FootScenario
  read_foot_parameters(dealii::ParameterHandler &prm);
} // namespace plantarfe::scenario
