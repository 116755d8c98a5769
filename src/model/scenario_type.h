// Scenario types (`Geometry/Shape`): each turns a validated scenario into a
// model for dim = 2 or 3. The parametric foot (stance, or stance composed
// with massage tools) and the analytic verification shapes register here at
// the bottom of their .cc files; `make_model_case` looks the shape up by
// name. Adding one: model/<type>_model.{h,cc} with its builders and one
// Registry<ScenarioType>::add line, plus its name in Geometry/Shape's
// selection (scenario/parameters.cc; test ScenarioTypes.EveryShapeHasABuilder
// keeps the two lists equal).
#pragma once

#include "base/registry.h"
#include "model/model_case.h"

#include <functional>
#include <string>

namespace plantarfe::model
{
  template <int dim>
  using ModelBuilder =
    std::function<ModelCase<dim>(dealii::ParameterHandler &, MPI_Comm)>;

  struct ScenarioType
  {
    std::string     name; ///< as written in Geometry/Shape
    std::string     description;
    ModelBuilder<2> build_2d;
    ModelBuilder<3> build_3d;
  };

  using ScenarioTypes = Registry<ScenarioType>;
} // namespace plantarfe::model
