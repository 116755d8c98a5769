#include "anatomy/foot_fibre_rules.h"

#include "anatomy/regions.h"

#include <map>

namespace plantarfe::anatomy
{
  namespace
  {
    std::vector<LaplaceFibreRule>
    make_rules()
    {
      std::vector<LaplaceFibreRule> rules = {
        {"the fascia",
         {region::fascia, region::fascia_insertion},
         {{region::calcaneus, 0.},
          {region::heel_spur, 0.},
          {region::phalanges, 1.}},
         true},
        {"the Achilles tendon",
         {region::achilles_tendon},
         {{region::calcaneus, 0.}, {region::calf_muscle, 1.}},
         true},
        {"the calf muscle",
         {region::calf_muscle},
         {{region::achilles_tendon, 0.}, {region::knee, 1.}},
         true},
        {"the arch joints", {region::arch_joint}, bone_ray_order(), false}};
      for (const auto id : ligament_regions())
        rules.push_back(
          {"the " + region_name(id), {id}, bone_ray_order(), true});
      return rules;
    }
  } // namespace

  const std::map<dealii::types::material_id, double> &
  bone_ray_order()
  {
    static const std::map<dealii::types::material_id, double> order = {
      {region::calcaneus, 0.},
      {region::heel_spur, 0.},
      {region::talus, 0.},
      {region::midfoot, 1.},
      {region::metatarsal, 2.},
      {region::phalanges, 3.}};
    return order;
  }

  const std::vector<LaplaceFibreRule> &
  foot_fibre_rules()
  {
    static const std::vector<LaplaceFibreRule> rules = make_rules();
    return rules;
  }
} // namespace plantarfe::anatomy
