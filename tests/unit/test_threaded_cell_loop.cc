// threaded_cell_loop against MatrixFree::cell_loop: a Q2 Laplace operator
// with hanging nodes and Dirichlet rows on a p4est mesh gives the same result
// (to round-off; the chunk sums are added in another order), the same result
// bit for bit on every call (no dependence on task scheduling), keeps what
// was in the destination unless asked to zero it, and really splits the
// work (one destination copy per extra thread). Run on 1 and on 2 ranks
// (ghost entries are summed before they are sent to their owners).
#include <deal.II/base/multithread_info.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/mapping_q1.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/matrix_free/fe_evaluation.h>
#include <deal.II/matrix_free/matrix_free.h>

#include <gtest/gtest.h>

#include "mpi_environment.h"
#include "solver/threaded_cell_loop.h"

#include <cmath>
#include <utility>
#include <vector>

using namespace dealii;

namespace
{
  constexpr int dim    = 3;
  constexpr int degree = 2;
  using VectorType     = LinearAlgebra::distributed::Vector<double>;

  void
  laplace(const MatrixFree<dim, double>               &mf,
          VectorType                                  &dst,
          const VectorType                            &src,
          const std::pair<unsigned int, unsigned int> &range)
  {
    FEEvaluation<dim, degree> phi(mf);
    for (unsigned int batch = range.first; batch < range.second; ++batch)
      {
        phi.reinit(batch);
        phi.gather_evaluate(src, EvaluationFlags::gradients);
        for (unsigned int q = 0; q < phi.n_q_points; ++q)
          phi.submit_gradient(phi.get_gradient(q), q);
        phi.integrate_scatter(EvaluationFlags::gradients, dst);
      }
  }

  class ThreadedCellLoop : public ::testing::Test
  {
  protected:
    void
    SetUp() override
    {
      GridGenerator::hyper_cube(tria, -1., 1.);
      tria.refine_global(3);
      // Refine the cells near one corner: hanging nodes.
      for (const auto &cell : tria.active_cell_iterators())
        if (cell->is_locally_owned() && cell->center().norm() < 0.5)
          cell->set_refine_flag();
      tria.execute_coarsening_and_refinement();
      dof.distribute_dofs(fe);
      const IndexSet relevant = DoFTools::extract_locally_relevant_dofs(dof);
      constraints.reinit(relevant);
      DoFTools::make_hanging_node_constraints(dof, constraints);
      DoFTools::make_zero_boundary_constraints(dof, 0, constraints);
      constraints.close();
      mf.reinit(MappingQ1<dim>(), dof, constraints, QGauss<1>(degree + 1));
      mf.initialize_dof_vector(src);
      for (unsigned int i = 0; i < src.locally_owned_size(); ++i)
        src.local_element(i) =
          std::sin(0.37 * (src.get_partitioner()->local_to_global(i) + 1.));
    }

    void
    TearDown() override
    {
      MultithreadInfo::set_thread_limit(threads_before);
    }

    VectorType
    reference() const
    {
      VectorType dst;
      mf.initialize_dof_vector(dst);
      const plantarfe::solver::CellWorker<dim, double> worker = laplace;
      mf.cell_loop(worker, dst, src, true);
      return dst;
    }

    VectorType
    threaded(std::vector<VectorType> &scratch,
             const bool               zero_dst = true,
             const double             initial  = 0.) const
    {
      VectorType dst;
      mf.initialize_dof_vector(dst);
      dst = initial;
      plantarfe::solver::threaded_cell_loop(
        mf, dst, src, laplace, scratch, zero_dst);
      return dst;
    }

    const unsigned int threads_before = MultithreadInfo::n_threads();
    parallel::distributed::Triangulation<dim> tria{MPI_COMM_WORLD};
    FE_Q<dim>                                 fe{degree};
    DoFHandler<dim>                           dof{tria};
    AffineConstraints<double>                 constraints;
    MatrixFree<dim, double>                   mf;
    VectorType                                src;
  };

  double
  max_difference(const VectorType &a, const VectorType &b)
  {
    VectorType d = a;
    d -= b;
    return d.linfty_norm();
  }
} // namespace

TEST_F(ThreadedCellLoop, MatchesCellLoopAndIsReproducible)
{
  const VectorType ref = reference();
  ASSERT_GT(ref.linfty_norm(), 0.);
  for (const unsigned int n_threads : {2U, 3U, 5U})
    {
      MultithreadInfo::set_thread_limit(n_threads);
      std::vector<VectorType> scratch;
      const VectorType        first = threaded(scratch);
      EXPECT_EQ(scratch.size(), n_threads - 1) << "the work was not split";
      EXPECT_LE(max_difference(first, ref), 1e-13 * ref.linfty_norm())
        << n_threads << " threads";
      // Same chunks, same summation order: identical on every call.
      for (unsigned int repeat = 0; repeat < 3; ++repeat)
        EXPECT_EQ(max_difference(threaded(scratch), first), 0.)
          << n_threads << " threads, call " << repeat + 2;
      EXPECT_FALSE(src.has_ghost_elements()) << "ghosts left on the source";
    }
}

TEST_F(ThreadedCellLoop, AddsToTheDestinationUnlessZeroed)
{
  MultithreadInfo::set_thread_limit(3);
  const VectorType        ref = reference();
  std::vector<VectorType> scratch;
  VectorType              expected = ref;
  expected.add(1.);
  EXPECT_LE(max_difference(threaded(scratch, false, 1.), expected),
            1e-13 * expected.linfty_norm());
  EXPECT_LE(max_difference(threaded(scratch, true, 1.), ref),
            1e-13 * ref.linfty_norm());
}

TEST_F(ThreadedCellLoop, OneThreadIsTheCellLoop)
{
  MultithreadInfo::set_thread_limit(1);
  std::vector<VectorType> scratch;
  EXPECT_EQ(max_difference(threaded(scratch), reference()), 0.);
  EXPECT_TRUE(scratch.empty());
}
