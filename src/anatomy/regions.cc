#include "anatomy/regions.h"

#include <algorithm>

namespace plantarfe::anatomy
{
  const std::vector<RegionInfo> &
  foot_regions()
  {
    static const std::vector<RegionInfo> regions = {
      {region::calcaneus,
       "calcaneus",
       "heel bone with its medial tubercle and posterior tuberosity"},
      {region::talus, "talus", "ankle bone; its dome carries the tibia"},
      {region::midfoot,
       "midfoot",
       "navicular, cuneiforms and cuboid as one block"},
      {region::metatarsal, "metatarsal", "first-ray metatarsal"},
      {region::phalanges, "phalanges", "proximal and distal phalanx"},
      {region::tibia, "tibia", "shank bone from the ankle to the knee"},
      {region::knee,
       "knee",
       "rigid block joining the tibia and the calf muscle at the knee"},
      {region::heel_spur,
       "heel_spur",
       "optional bony spur at the fascia origin"},
      {region::cartilage, "cartilage", "joint layers between foot bones"},
      {region::arch_joint,
       "arch_joint",
       "Chopart and tarsometatarsal joint layers when the arch's joints "
       "slide (Tissues/Joints/Model = sliding)"},
      {region::ankle_cartilage,
       "ankle_cartilage",
       "layer between the talar dome and the tibial plafond"},
      {region::fascia, "fascia", "plantar fascia away from the heel"},
      {region::fascia_insertion,
       "fascia_insertion",
       "plantar fascia next to its calcaneal attachment (heel-attachment "
       "region of the metrics)"},
      {region::heel_pad, "heel_pad", "heel fat pad under the calcaneus"},
      {region::soft_tissue,
       "soft_tissue",
       "plantar and dorsal soft tissue elsewhere"},
      {region::achilles_tendon,
       "achilles_tendon",
       "free Achilles tendon up to the muscle-tendon junction"},
      {region::calf_muscle,
       "calf_muscle",
       "gastrocnemius-soleus belly up to the knee"},
      {region::spring_ligament,
       "spring_ligament",
       "plantar calcaneonavicular ligament: calcaneus to the midfoot's "
       "plantar face, deepest band under the Chopart joint"},
      {region::short_plantar_ligament,
       "short_plantar_ligament",
       "plantar calcaneocuboid ligament: calcaneus to the midfoot, the band "
       "under the spring ligament (side by side in the foot)"},
      {region::long_plantar_ligament,
       "long_plantar_ligament",
       "long plantar ligament: plantar calcaneus to the metatarsal base, "
       "under the Chopart and tarsometatarsal joints"},
      {region::plantar_tmt_ligament,
       "plantar_tmt_ligament",
       "plantar tarsometatarsal ligament: midfoot to the metatarsal base"},
      {region::dorsal_talonavicular_ligament,
       "dorsal_talonavicular_ligament",
       "dorsal talonavicular ligament: talar neck to the navicular's dorsal "
       "face, over the Chopart joint"},
      {region::dorsal_tmt_ligament,
       "dorsal_tmt_ligament",
       "dorsal tarsometatarsal ligament: midfoot to the metatarsal base, "
       "over the tarsometatarsal joint"}};
    return regions;
  }

  const std::vector<dealii::types::material_id> &
  bone_regions()
  {
    static const std::vector<dealii::types::material_id> bones = {
      region::calcaneus,
      region::talus,
      region::midfoot,
      region::metatarsal,
      region::phalanges,
      region::tibia,
      region::knee,
      region::heel_spur};
    return bones;
  }

  bool
  is_one_of(const std::vector<dealii::types::material_id> &ids,
            const dealii::types::material_id               id)
  {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }

  bool
  is_leg_region(const dealii::types::material_id id)
  {
    return id == region::tibia || id == region::knee ||
           id == region::ankle_cartilage || id == region::achilles_tendon ||
           id == region::calf_muscle;
  }

  const std::vector<dealii::types::material_id> &
  ligament_regions()
  {
    static const std::vector<dealii::types::material_id> ligaments = {
      region::spring_ligament,
      region::short_plantar_ligament,
      region::long_plantar_ligament,
      region::plantar_tmt_ligament,
      region::dorsal_talonavicular_ligament,
      region::dorsal_tmt_ligament};
    return ligaments;
  }

  std::string
  region_name(const dealii::types::material_id id)
  {
    for (const auto &r : foot_regions())
      if (r.id == id)
        return r.name;
    return "region " + std::to_string(id);
  }
} // namespace plantarfe::anatomy
