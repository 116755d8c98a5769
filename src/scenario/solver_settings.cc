#include "scenario/solver_settings.h"

#include <deal.II/base/parameter_handler.h>

#include "base/declared_entry.h"

#include <string>

namespace plantarfe::scenario
{
  using namespace dealii;

  void
  declare_solver_settings(ParameterHandler &prm)
  {
    {
      const DeclaredSection discretisation(prm, "Discretisation");
      prm.declare_entry(
        "Polynomial degree",
        "2",
        Patterns::Integer(1, 4),
        "Degree of the Lagrange displacement element (Q1 or Q2).");
      prm.declare_entry(
        "Formulation",
        "mixed",
        Patterns::Selection("mixed|displacement"),
        "mixed = three-field u-p-J with cell-wise condensed pressure and "
        "dilatation "
        "(locking-free); displacement = pure displacement (locks when nearly "
        "incompressible).");
      prm.declare_entry(
        "Dilatation degree",
        "auto",
        Patterns::Selection("auto|0|1"),
        "Degree of the discontinuous pressure/dilatation space: "
        "auto = degree - 1 on hexahedra, 0 on tetrahedra.");
      prm.declare_entry(
        "Cells",
        "hexahedra",
        Patterns::Selection("hexahedra|tetrahedra"),
        "Shape of the solver's cells. hexahedra = quadrilaterals/hexahedra "
        "(every built-in shape; a triangle or tetrahedron of a mesh file is "
        "split into 3 or 4 of them). tetrahedra = a mesh file's triangles/"
        "tetrahedra kept as they are (Geometry/Shape = mesh file of "
        "simplices, or .stl surfaces), P1 or P2 with a constant dilatation "
        "(P2-P0, locking-free): a third of the unknowns of the split on the "
        "same mesh (docs/formulation.md, Cells).");
    }

    {
      const DeclaredSection solver(prm, "Solver");
      prm.declare_entry("Load steps",
                        "4",
                        Patterns::Integer(1, 100000),
                        "Number of equal load increments.");
      prm.declare_entry(
        "First load step",
        "1",
        Patterns::Double(1e-3, 1.),
        "The first load increment as a fraction of the nominal one (1 / "
        "Load steps); each accepted step doubles the next up to the "
        "nominal, and a step that would leave at most a quarter of itself "
        "takes the rest of the load. Below 1 when a model is hardest to "
        "start from rest (the stance files: the sole only begins to grip as "
        "it is loaded).");
      prm.declare_entry(
        "Max Newton iterations",
        "25",
        Patterns::Integer(1, 1000),
        "Newton iterations per load step before the step is cut back.");
      prm.declare_entry(
        "Residual tolerance",
        "1e-9",
        Patterns::Double(0., 1.),
        "Convergence when |R| <= tol * internal-force scale (dimensionless).");
      prm.declare_entry(
        "Line search",
        "true",
        Patterns::Bool(),
        "Safeguard the Newton step: halve it while it inverts an "
        "element (J <= 0).");
      declare_entry_with_unit(
        prm,
        "Max Newton displacement",
        "0",
        Patterns::Double(0., 1000.),
        entry_units::mm,
        "Largest nodal displacement one Newton update may make (mm); a longer "
        "update is scaled down to it. 0 = no limit. Helps when a moving tool "
        "or a large load increment lets the first full step overshoot (the "
        "massage rolls use 2 mm).");
      prm.declare_entry(
        "Max cut-backs",
        "6",
        Patterns::Integer(0, 50),
        "How often a failed load step may be halved before the run gives up.");
      prm.declare_entry(
        "Linear solver",
        "auto",
        Patterns::Selection("auto|direct|cg-amg|gmres-amg|mf-gmg"),
        "auto = sparse direct below 'Direct solver max DOFs', "
        "else CG with ML-AMG. mf-gmg = matrix-free tangent "
        "(never assembled) with CG and geometric multigrid over "
        "the refinement levels: least memory, best with "
        "'Global refinements' (or a box whose subdivisions "
        "halve); displacement formulation, Q1/Q2, no contact.");
      prm.declare_entry(
        "Direct solver max DOFs",
        "400000",
        Patterns::Integer(0),
        "Size limit for the direct solver when the choice is auto. "
        "The foot's contact and nearly incompressible tissue make CG + "
        "AMG slow there: the 3D foot with its ligament bands (60,414 "
        "DOFs) did 11 Newton iterations in 3.5 min on AMG and took 2 s "
        "per solve with MUMPS; the anatomical 3D foot at 12 mm (328,422 "
        "DOFs) factorises in 12 s with 2.6 GB (docs/formulation.md, "
        "Linear solvers).");
      prm.declare_entry(
        "Direct solver",
        "auto",
        Patterns::Selection("auto|mumps|klu"),
        "Sparse direct back-end (Trilinos Amesos): mumps (multifrontal, uses "
        "the optimised BLAS) or klu (no BLAS); auto = mumps. On the 2D foot "
        "with sliding joints and ligament bands (8.4k DOFs) mumps factorises "
        "in 18 ms where klu takes 38 ms (bench/foot); klu was the faster one "
        "on the older, bonded 2D foot.");
      prm.declare_entry("Linear tolerance",
                        "1e-10",
                        Patterns::Double(0., 1.),
                        "Relative residual reduction of the iterative solver.");
      prm.declare_entry("Verbose",
                        "false",
                        Patterns::Bool(),
                        "Print Newton residuals to stderr.");
    }
  }

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
    s.cells = prm.get("Cells") == "tetrahedra" ? solver::CellShape::simplex :
                                                 solver::CellShape::hypercube;
    prm.leave_subsection();
    prm.enter_subsection("Solver");
    s.load_steps            = prm.get_integer("Load steps");
    s.first_step_fraction   = prm.get_double("First load step");
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
    s.direct_solver_name =
      prm.get("Direct solver") == "klu" ? "Amesos_Klu" : "Amesos_Mumps";
    s.verbose = prm.get_bool("Verbose");
    prm.leave_subsection();
    return s;
  }
} // namespace plantarfe::scenario
