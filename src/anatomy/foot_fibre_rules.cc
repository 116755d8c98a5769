#include "anatomy/foot_fibre_rules.h"

#include "anatomy/regions.h"

#include <map>

namespace plantarfe::anatomy
{
  namespace
  {
    /// Each foot bone's place along the ray, proximal to distal: a ligament
    /// or joint layer between two bones runs from the lower value to the
    /// higher. The heel spur is part of the calcaneus.
    std::map<dealii::types::material_id, double>
    ray_order()
    {
      return {{region::calcaneus, 0.},
              {region::heel_spur, 0.},
              {region::talus, 0.},
              {region::midfoot, 1.},
              {region::metatarsal, 2.},
              {region::phalanges, 3.}};
    }

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
        {"the arch joints", {region::arch_joint}, ray_order(), false}};
      for (const auto id : ligament_regions())
        rules.push_back({"the " + region_name(id), {id}, ray_order(), true});
      return rules;
    }
  } // namespace

  const std::vector<LaplaceFibreRule> &
  foot_fibre_rules()
  {
    static const std::vector<LaplaceFibreRule> rules = make_rules();
    return rules;
  }
} // namespace plantarfe::anatomy
