#include "solver/linear_solver.h"

#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/solver_gmres.h>
#include <deal.II/lac/trilinos_precondition.h>

#include <Epetra_MultiVector.h>
#include <Teuchos_ParameterList.hpp>

#include "base/errors.h"
#include "solver/direct_factorisation.h"

namespace plantarfe::solver
{
  using namespace dealii;

  LinearSolver::LinearSolver(const Settings    &settings,
                             const unsigned int space_dim,
                             const unsigned int fe_degree,
                             const bool         unsymmetric)
      : settings(settings)
      , space_dim(space_dim)
      , fe_degree(fe_degree)
      , unsymmetric(unsymmetric)
  {}

  LinearSolver::~LinearSolver() = default;

  LinearSolverKind
  LinearSolver::resolve(const unsigned long long n_dofs) const
  {
    LinearSolverKind kind = settings.linear_solver;
    if (kind == LinearSolverKind::automatic)
      kind = n_dofs <= settings.direct_solver_max_dofs ?
               LinearSolverKind::direct :
               LinearSolverKind::cg_amg;
    // CG needs a symmetric operator; a slipping frictional point makes the
    // tangent unsymmetric.
    if (kind == LinearSolverKind::cg_amg && unsymmetric)
      kind = LinearSolverKind::gmres_amg;
    return kind;
  }

  namespace
  {
    // ML smoothed aggregation with the rigid-body modes as near-null space
    // and the block size of the elasticity operator; deal.II's AdditionalData
    // cannot pass rotation modes, so the parameter list is completed here.
    void
    setup_amg(TrilinosWrappers::PreconditionAMG                &amg,
              const TrilinosWrappers::SparseMatrix             &K,
              const std::vector<TrilinosWrappers::MPI::Vector> &modes,
              const unsigned int                                space_dim,
              const unsigned int                                fe_degree,
              std::unique_ptr<Epetra_MultiVector>              &null_space)
    {
      TrilinosWrappers::PreconditionAMG::AdditionalData data;
      data.elliptic              = true;
      data.higher_order_elements = fe_degree > 1;
      data.smoother_sweeps       = 2;
      data.aggregation_threshold = 1e-4;
      Teuchos::ParameterList              parameters;
      std::unique_ptr<Epetra_MultiVector> unused;
      data.set_parameters(parameters, unused, K);

      const Epetra_Map &map = K.trilinos_matrix().DomainMap();
      null_space = std::make_unique<Epetra_MultiVector>(map, modes.size());
      for (unsigned int m = 0; m < modes.size(); ++m)
        {
          const Epetra_Vector &mode = *modes[m].trilinos_vector()(0);
          for (int i = 0; i < map.NumMyElements(); ++i)
            (*null_space)[m][i] = mode[i];
        }
      parameters.set("PDE equations", static_cast<int>(space_dim));
      parameters.set("null space: type", "pre-computed");
      parameters.set("null space: dimension", null_space->NumVectors());
      parameters.set("null space: vectors", null_space->Values());
      amg.initialize(K, parameters);
    }
  } // namespace

  LinearSolveResult
  LinearSolver::solve_direct(const TrilinosWrappers::SparseMatrix &K,
                             TrilinosWrappers::MPI::Vector        &x,
                             const TrilinosWrappers::MPI::Vector  &b)
  {
    if (!direct)
      direct =
        std::make_unique<DirectFactorisation>(settings.direct_solver_name);
    try
      {
        direct->solve(K, x, b);
      }
    catch (const SolverError &)
      {
        // A failed factorisation leaves nothing worth keeping.
        direct.reset();
        throw;
      }
    return {1, "direct (" + settings.direct_solver_name + ")"};
  }

  LinearSolveResult
  LinearSolver::solve_iterative(
    const LinearSolverKind                            kind,
    const TrilinosWrappers::SparseMatrix             &K,
    TrilinosWrappers::MPI::Vector                    &x,
    const TrilinosWrappers::MPI::Vector              &b,
    const std::vector<TrilinosWrappers::MPI::Vector> &modes) const
  {
    TrilinosWrappers::PreconditionAMG   amg;
    std::unique_ptr<Epetra_MultiVector> null_space;
    setup_amg(amg, K, modes, space_dim, fe_degree, null_space);

    const double target =
      std::max(settings.linear_tolerance * b.l2_norm(), 1e-300);
    SolverControl     control(std::max<unsigned int>(1000, K.m() / 10), target);
    LinearSolveResult result;
    try
      {
        if (kind == LinearSolverKind::cg_amg)
          {
            SolverCG<TrilinosWrappers::MPI::Vector> cg(control);
            cg.solve(K, x, b, amg);
            result.method = "CG + ML-AMG";
          }
        else
          {
            SolverGMRES<TrilinosWrappers::MPI::Vector> gmres(
              control,
              SolverGMRES<TrilinosWrappers::MPI::Vector>::AdditionalData(100));
            gmres.solve(K, x, b, amg);
            result.method = "GMRES + ML-AMG";
          }
      }
    catch (const SolverControl::NoConvergence &e)
      {
        throw SolverError("iterative linear solver did not converge in " +
                          std::to_string(e.last_step) +
                          " iterations (residual " +
                          std::to_string(e.last_residual) + ")");
      }
    result.iterations = control.last_step();
    return result;
  }

  LinearSolveResult
  LinearSolver::solve(const TrilinosWrappers::SparseMatrix             &K,
                      TrilinosWrappers::MPI::Vector                    &x,
                      const TrilinosWrappers::MPI::Vector              &b,
                      const std::vector<TrilinosWrappers::MPI::Vector> &modes)
  {
    const auto kind = resolve(K.m());
    if (kind == LinearSolverKind::direct)
      return solve_direct(K, x, b);
    try
      {
        return solve_iterative(kind, K, x, b, modes);
      }
    catch (const SolverError &)
      {
        // In automatic mode a failed AMG solve (nearly incompressible
        // tissue makes the condensed tangent very ill-conditioned) falls
        // back to the direct solver while that is affordable.
        if (settings.linear_solver != LinearSolverKind::automatic ||
            K.m() > settings.direct_fallback_max_dofs)
          throw;
      }
    x        = 0.;
    auto res = solve_direct(K, x, b);
    res.method += kind == LinearSolverKind::cg_amg ?
                    " after CG + ML-AMG failed" :
                    " after GMRES + ML-AMG failed";
    return res;
  }
} // namespace plantarfe::solver
