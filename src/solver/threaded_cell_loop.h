// A thread-parallel replacement for MatrixFree::cell_loop.
//
// Why: Debian's deal.II 9.4 is built against oneTBB (DEAL_II_TBB_WITH_ONEAPI),
// and for that TBB deal.II 9.4 disables MatrixFree's task-parallel loops: the
// `tasks_parallel_scheme` is ignored and every cell loop runs on one thread,
// so a serial run of the matrix-free tangent used one core of two (measured:
// 109 % CPU, the same CG time with 1 and 2 threads).
//
// How: the cell batches are cut into one contiguous chunk per thread; each
// chunk adds into its own copy of the destination vector (the first chunk
// into the destination itself), and the copies are summed afterwards in
// chunk order. No two threads ever write the same entry, and the result does
// not depend on how the tasks were scheduled (same summation order every
// time). The extra memory is one vector per additional thread.
#pragma once

#include <deal.II/base/multithread_info.h>
#include <deal.II/base/parallel.h>
#include <deal.II/base/thread_management.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/matrix_free/matrix_free.h>

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

namespace plantarfe::solver
{
  /// The worker MatrixFree::cell_loop takes: (mf, dst, src, batch range).
  template <int dim, typename Number>
  using CellWorker = std::function<
    void(const dealii::MatrixFree<dim, Number> &,
         dealii::LinearAlgebra::distributed::Vector<Number> &,
         const dealii::LinearAlgebra::distributed::Vector<Number> &,
         const std::pair<unsigned int, unsigned int> &)>;

  /// Runs @p worker(mf, dst_copy, src, batch_range) over every cell batch of
  /// @p mf, like mf.cell_loop(worker, dst, src, zero_dst): ghost values of
  /// @p src are imported first (and dropped again afterwards if they were not
  /// set on entry), contributions to ghost entries of @p dst are sent to their
  /// owners. @p scratch holds the per-thread destination copies between calls.
  /// With one thread, or when @p dst does not use the MatrixFree object's own
  /// partitioner, this is mf.cell_loop (which overlaps communication with
  /// computation under MPI).
  template <int dim, typename Number, typename Worker>
  void
  threaded_cell_loop(
    const dealii::MatrixFree<dim, Number>                           &mf,
    dealii::LinearAlgebra::distributed::Vector<Number>              &dst,
    const dealii::LinearAlgebra::distributed::Vector<Number>        &src,
    const Worker                                                    &worker,
    std::vector<dealii::LinearAlgebra::distributed::Vector<Number>> &scratch,
    const bool zero_dst = false)
  {
    using namespace dealii;
    using VectorType             = LinearAlgebra::distributed::Vector<Number>;
    const unsigned int n_batches = mf.n_cell_batches();
    const unsigned int n_chunks =
      std::min<unsigned int>(MultithreadInfo::n_threads(), n_batches);
    if (n_chunks < 2 ||
        dst.get_partitioner().get() != mf.get_vector_partitioner().get() ||
        src.get_partitioner().get() != mf.get_vector_partitioner().get())
      {
        const CellWorker<dim, Number> f = worker;
        mf.cell_loop(f, dst, src, zero_dst);
        return;
      }

    const bool src_had_ghosts = src.has_ghost_elements();
    if (!src_had_ghosts)
      src.update_ghost_values();
    if (zero_dst)
      dst = Number(0);
    else
      dst.zero_out_ghost_values();
    scratch.resize(n_chunks - 1);
    for (VectorType &v : scratch)
      {
        if (v.get_partitioner().get() != dst.get_partitioner().get())
          v.reinit(dst, /*omit_zeroing_entries=*/true);
        v = Number(0); // owned and ghost entries
      }

    auto run_chunk = [&](const unsigned int chunk) {
      const unsigned int begin = n_batches * chunk / n_chunks;
      const unsigned int end   = n_batches * (chunk + 1) / n_chunks;
      worker(mf,
             chunk == 0 ? dst : scratch[chunk - 1],
             src,
             std::make_pair(begin, end));
    };
    Threads::TaskGroup<void> tasks;
    for (unsigned int chunk = 1; chunk < n_chunks; ++chunk)
      tasks += Threads::new_task([&run_chunk, chunk]() { run_chunk(chunk); });
    run_chunk(0);
    tasks.join_all();

    // Sum owned and ghost entries (the ghosts are contributions still to be
    // sent), split over the threads by entry range.
    const unsigned int n_local =
      dst.locally_owned_size() + dst.get_partitioner()->n_ghost_indices();
    Number *const target = dst.begin();
    parallel::apply_to_subranges(
      0U,
      n_local,
      [&](const unsigned int begin, const unsigned int end) {
        for (const VectorType &v : scratch)
          {
            const Number *const source = v.begin();
            for (unsigned int i = begin; i < end; ++i)
              target[i] += source[i];
          }
      },
      4096);
    dst.compress(VectorOperation::add);
    if (!src_had_ghosts)
      src.zero_out_ghost_values();
  }
} // namespace plantarfe::solver
