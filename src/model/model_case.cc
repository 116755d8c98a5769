#include "model/model_case.h"

#include <deal.II/base/parameter_handler.h>

#include "model/scenario_type.h"

namespace plantarfe::model
{
  template <int dim>
  ModelCase<dim>
  make_model_case(dealii::ParameterHandler &prm, MPI_Comm comm)
  {
    prm.enter_subsection("Geometry");
    const std::string shape = prm.get("Shape");
    prm.leave_subsection();
    const ScenarioType &type = ScenarioTypes::get(shape, "Geometry/Shape");
    if constexpr (dim == 2)
      return type.build_2d(prm, comm);
    else
      return type.build_3d(prm, comm);
  }

  template ModelCase<2>
  make_model_case(dealii::ParameterHandler &, MPI_Comm);
  template ModelCase<3>
  make_model_case(dealii::ParameterHandler &, MPI_Comm);
} // namespace plantarfe::model
