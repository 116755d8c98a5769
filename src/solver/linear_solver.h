// Linear solves for the Newton tangent: a sparse direct solver (Trilinos
// Amesos) for small systems and CG (or GMRES when asked) preconditioned with
// Trilinos ML smoothed-aggregation AMG given the rigid-body modes as its
// near-null space. `automatic` picks direct below a DOF threshold; an
// unsymmetric tangent (friction) gets GMRES instead of CG.
#pragma once

#include <deal.II/lac/trilinos_parallel_block_vector.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>

#include "solver/problem.h"

#include <memory>
#include <string>
#include <vector>

namespace plantarfe::solver
{
  class DirectFactorisation;

  struct LinearSolveResult
  {
    unsigned int iterations = 0; ///< 1 for a direct solve
    std::string  method;
  };

  class LinearSolver
  {
  public:
    /// @p unsymmetric: the tangent is not symmetric (Coulomb friction while
    /// slipping), so CG is replaced by GMRES.
    LinearSolver(const Settings    &settings,
                 const unsigned int space_dim,
                 const unsigned int fe_degree,
                 const bool         unsymmetric = false);
    ~LinearSolver();

    /// Solves K x = b. @p near_null_space holds the rigid-body modes (used by
    /// AMG only). Throws SolverError when the solve fails.
    LinearSolveResult
    solve(const dealii::TrilinosWrappers::SparseMatrix &K,
          dealii::TrilinosWrappers::MPI::Vector        &x,
          const dealii::TrilinosWrappers::MPI::Vector  &b,
          const std::vector<dealii::TrilinosWrappers::MPI::Vector>
            &near_null_space);

    /// The method `automatic` resolves to for a system of n DOFs.
    LinearSolverKind
    resolve(const unsigned long long n_dofs) const;

  private:
    LinearSolveResult
    solve_direct(const dealii::TrilinosWrappers::SparseMatrix &K,
                 dealii::TrilinosWrappers::MPI::Vector        &x,
                 const dealii::TrilinosWrappers::MPI::Vector  &b);
    LinearSolveResult
    solve_iterative(
      LinearSolverKind                                          kind,
      const dealii::TrilinosWrappers::SparseMatrix             &K,
      dealii::TrilinosWrappers::MPI::Vector                    &x,
      const dealii::TrilinosWrappers::MPI::Vector              &b,
      const std::vector<dealii::TrilinosWrappers::MPI::Vector> &modes) const;

    Settings     settings;
    unsigned int space_dim;
    unsigned int fe_degree;
    bool         unsymmetric;
    /// Kept between solves: the symbolic factorisation is reused while the
    /// matrix and its pattern stay the same.
    std::unique_ptr<DirectFactorisation> direct;
  };
} // namespace plantarfe::solver
