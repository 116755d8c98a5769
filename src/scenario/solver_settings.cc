#include "scenario/solver_settings.h"

#include <deal.II/base/parameter_handler.h>

#include <string>

namespace plantarfe::scenario
{
  using namespace dealii;

  solver::Settings
  read_settings(ParameterHandler &prm)
  {
    solver::Settings s;
    prm.enter_subsection("Discretisation");
    s.degree              = prm.get_integer("Polynomial degree");
    s.formulation         = prm.get("Formulation") == "mixed" ?
                              solver::Formulation::mixed :
                              solver::Formulation::displacement;
    const std::string dil = prm.get("Dilatation degree");
    s.dilatation_degree   = dil == "auto" ? -1 : std::stoi(dil);
    prm.leave_subsection();
    prm.enter_subsection("Solver");
    s.load_steps            = prm.get_integer("Load steps");
    s.max_newton_iterations = prm.get_integer("Max Newton iterations");
    s.residual_tolerance    = prm.get_double("Residual tolerance");
    s.line_search           = prm.get_bool("Line search");
    s.max_cutbacks          = prm.get_integer("Max cut-backs");
    s.max_displacement_increment =
      prm.get_double("Max Newton displacement") * 1e-3;
    const std::string ls = prm.get("Linear solver");
    s.linear_solver      = ls == "direct" ? solver::LinearSolverKind::direct :
                           ls == "cg-amg" ? solver::LinearSolverKind::cg_amg :
                           ls == "gmres-amg" ? solver::LinearSolverKind::gmres_amg :
                           ls == "mf-gmg" ? solver::LinearSolverKind::mf_gmg :
                                            solver::LinearSolverKind::automatic;
    s.direct_solver_max_dofs = prm.get_integer("Direct solver max DOFs");
    s.linear_tolerance       = prm.get_double("Linear tolerance");
    const std::string direct = prm.get("Direct solver");
    prm.leave_subsection();
    prm.enter_subsection("Geometry");
    const bool plane = prm.get_integer("Dimension") == 2;
    prm.leave_subsection();
    prm.enter_subsection("Solver");
    s.direct_solver_name = direct == "klu" || (direct == "auto" && plane) ?
                             "Amesos_Klu" :
                             "Amesos_Mumps";
    s.verbose            = prm.get_bool("Verbose");
    prm.leave_subsection();
    return s;
  }
} // namespace plantarfe::scenario
