// The parametric sagittal outline of the foot and calf-Achilles chain: named
// polygons (metres) in priority order and the landmarks the loads and metrics
// need. The 2D model meshes this outline; the 3D model extrudes that mesh
// across the foot's width (foot_mesh.h).
//
// Frame: x anterior (heel back at x = 0, toe tip at x = foot length), y up,
// ground at y = 0, z lateral (3D). The bones come from one template of a
// 267 mm foot (medial column: calcaneus, talus, midfoot block, first
// metatarsal, phalanges) mapped by the parameters: lengths scale with the
// foot length; the heel pad, forefoot pad and arch height move the bones
// above a pad line. The leg (tibia, Achilles tendon, calf muscle, knee block)
// is built in its own frame and turned about the ankle centre by the stance
// dorsiflexion angle, so the same anatomy serves every stance phase.
#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/types.h>

#include <string>
#include <vector>

namespace plantarfe::anatomy
{
  /// Anatomy parameters in SI units (the scenario reads mm and degrees).
  struct FootGeometry
  {
    double foot_length            = 0.266; ///< heel to toe tip
    double foot_width             = 0.090; ///< 3D width; 2D model depth
    double heel_pad_thickness     = 0.016; ///< under the medial tubercle
    double forefoot_pad_thickness = 0.012; ///< under the metatarsal head
    double arch_height            = 0.038; ///< navicular landmark height
    double fascia_thickness       = 0.0032;
    double fascia_width           = 0.020; ///< 3D band width / 2D scaling
    double insertion_length       = 0.012; ///< fascia length of the heel region
    double heel_spur_length       = 0.;    ///< 0 = no spur
    double cartilage_thickness    = 0.002;
    /// The Chopart and tarsometatarsal layers are their own region
    /// (arch_joint) so that they can slide while the others stay bonded.
    bool sliding_arch_joints = false;
    /// The first MTP joint as a hinge: a round metatarsal head cupped by
    /// the proximal phalanx through a sliding layer (region arch_joint), so
    /// that the toe turns about the head's centre (L.mtp_centre). False: a
    /// flat bonded joint face.
    bool hinged_mtp = false;
    /// Plantar ligaments as bands (false: cut, as in sectioning studies).
    bool plantar_ligaments = true;
    /// Dorsal ligaments of the Chopart and tarsometatarsal joints as bands.
    bool   dorsal_ligaments    = true;
    double ligament_thickness  = 0.002; ///< each band's sagittal thickness
    double ligament_width      = 0.020; ///< 3D width of every band
    double tibia_length        = 0.380; ///< ankle centre to knee
    double tibia_width         = 0.026;
    double achilles_moment_arm = 0.048; ///< ankle centre to tendon line
    double achilles_thickness  = 0.006;
    double achilles_width      = 0.020; ///< 3D width (stiffness fixed)
    double tendon_length       = 0.150; ///< insertion to muscle junction
    double muscle_thickness    = 0.030;
    double muscle_width        = 0.020; ///< 3D width, as the tendon
    /// Stance ankle dorsiflexion (rad): tibia turned forward about the ankle.
    double ankle_dorsiflexion = 0.;
  };

  /// Points the loads and metrics refer to (reference configuration).
  struct FootLandmarks
  {
    dealii::Point<2> ankle_centre;       ///< centre of the talar dome
    dealii::Point<2> medial_tubercle;    ///< fascia origin on the calcaneus
    dealii::Point<2> heel_skin;          ///< plantar skin below the tubercle
    dealii::Point<2> navicular;          ///< arch-height landmark
    dealii::Point<2> mtp_centre;         ///< first MTP joint (toe rotation)
    dealii::Point<2> knee_centre;        ///< middle of the knee end
    dealii::Point<2> achilles_insertion; ///< tendon on the calcaneus
    /// Unit leg axis (ankle -> knee) and the tendon's line of action.
    dealii::Tensor<1, 2> leg_axis;
    /// Fascia centre line from the tubercle to the phalanx, and the arc
    /// length at which the fascia tension is evaluated.
    std::vector<dealii::Point<2>> fascia_line;
    /// x of the section where the fascia tension is evaluated (just distal
    /// to the insertion region).
    double fascia_section_x = 0.;
    /// x where the band leaves the calcaneus, and x of the enthesis section
    /// (halfway from there to the end of the insertion region) where the
    /// heel-attachment fibre stress is evaluated.
    double           enthesis_free_x    = 0.;
    double           enthesis_section_x = 0.;
    dealii::Point<2> muscle_tendon_junction;
    /// Leg-frame coordinate (along leg_axis from the ankle centre) of the
    /// knee end, and of the tendon's mid-length (Achilles force section).
    double knee_end_b      = 0.;
    double knee_end_length = 0.; ///< sagittal length of the knee end face
    dealii::Point<2> tendon_mid;
    /// Length of the calf belly along the leg axis, from the muscle-tendon
    /// junction to the knee block (m).
    double belly_length = 0.;
  };

  /// A ligament as a band of the sagittal outline. Its bone-side edge runs
  /// from @p origin to @p insertion (posterior to anterior); a plantar band
  /// hangs below that line, a dorsal band lies above it, and each reaches
  /// at both ends into the bone it is attached to (the bone, meshed first,
  /// takes what the band's end overlaps).
  struct LigamentBand
  {
    dealii::types::material_id id;
    dealii::Point<2>           origin, insertion;
    double                     thickness = 0.;
    /// Midpoint of the free span and the band's direction (origin to
    /// insertion): where and along what the band's force is read.
    dealii::Point<2>     section_point;
    dealii::Tensor<1, 2> direction;
    double               free_length = 0.; ///< origin to insertion (m)
  };

  struct RegionPolygon
  {
    dealii::types::material_id    id;
    std::vector<dealii::Point<2>> vertices;       ///< counter-clockwise, metres
    double                        mesh_size = 0.; ///< local target (m)
  };

  struct FootOutline
  {
    /// Highest priority first: where polygons overlap, the earlier one wins.
    std::vector<RegionPolygon> regions;
    /// The skin outline (soft tissue before anything is cut out of it).
    std::vector<dealii::Point<2>> envelope;
    FootLandmarks                 landmarks;
    /// Each foot joint's articular face on its proximal bone (subtalar,
    /// Chopart, tarsometatarsal, MTP, interphalangeal), as a polyline whose
    /// right-hand normal points across the joint: the direction the joint
    /// layers close along.
    std::vector<std::vector<dealii::Point<2>>> joint_faces;
    /// The ligament bands, plantar then dorsal (empty when cut).
    std::vector<LigamentBand> ligaments;
  };

  /// Builds the outline. Throws ScenarioError naming the parameter when the
  /// anatomy is impossible (e.g. a fascia thicker than the heel pad allows).
  /// @p fascia_layers: cells through the fascia's thickness (its target
  /// cell size is min(mesh_size, thickness / fascia_layers)).
  FootOutline
  make_foot_outline(const FootGeometry &g,
                    double              mesh_size,
                    unsigned int        fascia_layers = 2);

  /// Width (z extent, m) of a region in the 3D model.
  double
  region_width(const FootGeometry &g, dealii::types::material_id id);
} // namespace plantarfe::anatomy
