#include "model/model_case.h"

#include "model/analytic_model.h"
#include "model/foot_model.h"
#include "model/massage_model.h"
#include "scenario/foot_parameters.h"
#include "scenario/massage_parameters.h"
#include "scenario/solver_settings.h"

namespace plantarfe::model
{
  template <int dim>
  ModelCase<dim>
  make_model_case(dealii::ParameterHandler &prm, MPI_Comm comm)
  {
    prm.enter_subsection("Geometry");
    const std::string shape = prm.get("Shape");
    prm.leave_subsection();
    if (shape == "foot")
      {
        const auto massage = scenario::read_massage_parameters(prm);
        if (massage.enabled)
          return make_massage_case<dim>(scenario::read_foot_parameters(prm),
                                        massage,
                                        scenario::read_settings(prm),
                                        comm);
        auto c = make_foot_case<dim>(scenario::read_foot_parameters(prm), comm);
        c.problem.settings = scenario::read_settings(prm);
        return c;
      }
    auto           a = make_analytic_case<dim>(prm);
    ModelCase<dim> c;
    c.problem        = std::move(a.problem);
    const auto probe = a.probe;
    const auto label = a.probe_label;
    c.metrics        = [probe, label](const solver::Solid<dim> &solid) {
      const auto          u    = solid.point_displacement(probe);
      const char         *axes = "xyz";
      std::vector<Metric> m;
      for (unsigned int d = 0; d < dim; ++d)
        m.push_back({std::string("probe_displacement_") + axes[d],
                     u[d],
                     "m",
                     "displacement of the " + label + " point"});
      return m;
    };
    return c;
  }

  template ModelCase<2>
  make_model_case(dealii::ParameterHandler &, MPI_Comm);
  template ModelCase<3>
  make_model_case(dealii::ParameterHandler &, MPI_Comm);
} // namespace plantarfe::model
