// Region (material id) and surface (boundary id) numbering of the foot model.
// meshes/README.md lists the same table; results files store these ids.
#pragma once

#include <deal.II/base/types.h>

#include <string>
#include <vector>

namespace plantarfe::anatomy
{
  namespace region
  {
    constexpr dealii::types::material_id calcaneus = 1, talus = 2, midfoot = 3,
                                         metatarsal = 4, phalanges = 5,
                                         tibia = 6, knee = 7, heel_spur = 8,
                                         cartilage = 10, ankle_cartilage = 11,
                                         arch_joint = 12, fascia = 20,
                                         fascia_insertion = 21, heel_pad = 30,
                                         soft_tissue = 31, achilles_tendon = 40,
                                         calf_muscle = 41, spring_ligament = 50,
                                         short_plantar_ligament        = 51,
                                         long_plantar_ligament         = 52,
                                         plantar_tmt_ligament          = 53,
                                         dorsal_talonavicular_ligament = 54,
                                         dorsal_tmt_ligament           = 55;
  } // namespace region

  namespace surface
  {
    /// Skin of the foot that may touch the ground or a massage tool.
    constexpr dealii::types::boundary_id skin = 1;
    /// Proximal end of the leg (the knee), where the tibia's motion and the
    /// body weight are applied.
    constexpr dealii::types::boundary_id knee_end = 2;
    /// Not a face: the key under which the pin at the knee centre (a
    /// balanced stance's only horizontal hold) reports its reaction.
    constexpr dealii::types::boundary_id knee_pin = 3;
    /// Every other free surface (bone above the skin, tendon, muscle).
    constexpr dealii::types::boundary_id free = 0;
  } // namespace surface

  struct RegionInfo
  {
    dealii::types::material_id id;
    std::string                name;
    std::string                description;
  };

  /// Every region of the foot model, in id order.
  const std::vector<RegionInfo> &
  foot_regions();

  /// The regions made of bone (the stiff, compressible material): foot and
  /// leg bones, the knee block and the optional heel spur.
  const std::vector<dealii::types::material_id> &
  bone_regions();

  /// Whether @p id is one of @p ids.
  bool
  is_one_of(const std::vector<dealii::types::material_id> &ids,
            dealii::types::material_id                     id);

  /// The leg's regions (tibia, knee, ankle cartilage, Achilles tendon,
  /// calf muscle): narrower than the foot in 3D, and not part of its length.
  bool
  is_leg_region(dealii::types::material_id id);

  /// The ligament bands, in id order.
  const std::vector<dealii::types::material_id> &
  ligament_regions();

  /// Name of a region id ("calcaneus"), or "region <id>".
  std::string
  region_name(dealii::types::material_id id);
} // namespace plantarfe::anatomy
