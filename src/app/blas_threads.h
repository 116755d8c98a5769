// The BLAS behind the sparse direct solver (MUMPS calls it on its dense
// fronts) runs on one thread unless the user asks for more.
#pragma once

namespace plantarfe::app
{
  /// With OpenBLAS and neither OPENBLAS_NUM_THREADS nor OMP_NUM_THREADS
  /// set, limits OpenBLAS to one thread; does nothing with another BLAS.
  void
  limit_blas_threads();
} // namespace plantarfe::app
