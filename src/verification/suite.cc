#include "verification/suite.h"

#include <functional>
#include <map>
#include <stdexcept>

namespace plantarfe::verification
{
  namespace
  {
    const std::vector<std::pair<std::string, std::function<Rows()>>> &
    cases()
    {
      static const std::vector<std::pair<std::string, std::function<Rows()>>>
        list = {
          {"materials", material_laws},
          {"patch-test", patch_test},
          {"mms-2d-q1", [] { return manufactured_solution(2, 1); }},
          {"mms-2d-q2", [] { return manufactured_solution(2, 2); }},
          {"mms-3d-q1", [] { return manufactured_solution(3, 1); }},
          {"mms-3d-q2", [] { return manufactured_solution(3, 2); }},
          {"mms-2d-p2tri", [] { return manufactured_solution(2, 2, true); }},
          {"mms-3d-p2tet", [] { return manufactured_solution(3, 2, true); }},
          {"lame-cylinder", lame_cylinder},
          {"uniaxial-neo-hookean", uniaxial_neo_hookean},
          {"cook-membrane", cook_membrane},
          {"contact-balance", contact_balance},
          {"friction-block", friction_block},
          {"hertz-cylinder-2d", hertz_cylinder_2d},
          {"hertz-sphere-3d", hertz_sphere_3d},
          {"hertz-sphere-3d-fine", hertz_sphere_3d_fine},
        };
      return list;
    }
  } // namespace

  std::vector<std::string>
  case_names()
  {
    std::vector<std::string> names;
    for (const auto &c : cases())
      names.push_back(c.first);
    return names;
  }

  bool
  is_slow(const std::string &name)
  {
    return name == "hertz-sphere-3d-fine";
  }

  Rows
  run_case(const std::string &name)
  {
    for (const auto &c : cases())
      if (c.first == name)
        return c.second();
    throw std::invalid_argument("unknown verification case '" + name + "'");
  }
} // namespace plantarfe::verification
