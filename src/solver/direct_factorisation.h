// A sparse direct solve (Trilinos Amesos) that keeps its symbolic
// factorisation between calls: Newton assembles every tangent into the same
// matrix with the same sparsity pattern, so the fill-reducing ordering and
// the elimination tree found for the first tangent serve all later ones and
// only the numeric factorisation is repeated.
#pragma once

#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>

#include <memory>
#include <string>

class Amesos_BaseSolver;
class Epetra_LinearProblem;

namespace plantarfe::solver
{
  class DirectFactorisation
  {
  public:
    /// @p amesos_name: an Amesos back-end (Amesos_Mumps, Amesos_Klu).
    explicit DirectFactorisation(const std::string &amesos_name);
    ~DirectFactorisation();

    /// Factorises @p K (numerically; symbolically only on the first call or
    /// when K is another matrix or its pattern changed) and solves K x = b.
    /// Throws SolverError on failure.
    void
    solve(const dealii::TrilinosWrappers::SparseMatrix &K,
          dealii::TrilinosWrappers::MPI::Vector        &x,
          const dealii::TrilinosWrappers::MPI::Vector  &b);

    /// Symbolic factorisations done so far (1 for a whole Newton run).
    unsigned int
    n_symbolic() const
    {
      return symbolic_count;
    }

  private:
    std::string                           name;
    std::unique_ptr<Epetra_LinearProblem> problem;
    std::unique_ptr<Amesos_BaseSolver>    solver;
    const void                           *matrix_id      = nullptr;
    long long                             matrix_nnz     = -1;
    unsigned int                          symbolic_count = 0;
  };
} // namespace plantarfe::solver
