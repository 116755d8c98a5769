// Loads on the parametric foot, one registry entry each (FootLoads), applied
// by name in the order a model lists them:
//  - "body weight in balance": the subject's share of body weight along the
//    line through the body's centre of mass, the knee end free, the calf
//    pulling with what balance asks (model/stance_balance.h);
//  - "body weight at the knee": the share as a uniform traction on the knee
//    end (turning with the ground at heel-off), the knee end held
//    horizontally (prescribed Achilles force);
//  - "toe dorsiflexion": the toes turned about the MTP centre by the stance's
//    toe angle (nothing at 0 degrees).
// The stance model applies balanced_ or held_stance_loads; the massage model
// and its baseline apply the toe dorsiflexion only (the tool or the knee hold
// carry the limb).
//
// Adding a load: its load function (a dealii::Function, a pre-stretch
// curve, ...) in loads/<name>.{h,cc}; an add_<name> in model/foot_loads.cc
// with one FootLoads::add line; its name in the list of the model that
// applies it. Test Registries.FootLoads lists every expected name.
#pragma once

#include "base/registry.h"
#include "model/foot_model.h"

#include <functional>
#include <string>
#include <vector>

namespace plantarfe::model
{
  template <int dim>
  using AddFootLoad =
    std::function<void(ModelCase<dim> &, const FootFrame<dim> &)>;

  struct FootLoad
  {
    std::string    name;
    std::string    description;
    AddFootLoad<2> add_2d;
    AddFootLoad<3> add_3d;
  };

  using FootLoads = Registry<FootLoad>;

  /// The loads of a balanced stance (the Achilles force set by balance), in
  /// order.
  inline const std::vector<std::string> balanced_stance_loads =
    {"body weight in balance", "toe dorsiflexion"};
  /// The loads of a stance with a prescribed Achilles force: the knee held.
  inline const std::vector<std::string> held_stance_loads =
    {"body weight at the knee", "toe dorsiflexion"};

  /// Adds the registered loads called @p names to @p c, in that order.
  template <int dim>
  void
  add_foot_loads(const std::vector<std::string> &names,
                 ModelCase<dim>                 &c,
                 const FootFrame<dim>           &frame);
} // namespace plantarfe::model
