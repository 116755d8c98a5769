#include "app/blas_threads.h"

#include <cstdlib>
#include <dlfcn.h>

namespace plantarfe::app
{
  void
  limit_blas_threads()
  {
    // OpenBLAS threads busy-wait between calls. MUMPS makes many mid-sized
    // BLAS calls, and on a 2-core machine with other work running the
    // spinning threads took the cores from the factorisation: the coarse
    // 3D foot's 15 factorisations took 84 s with OpenBLAS' default threads
    // and 11 s with one (load average 12). Looked up at run time so that
    // any other BLAS still links and runs.
    if (std::getenv("OPENBLAS_NUM_THREADS") || std::getenv("OMP_NUM_THREADS"))
      return;
    using SetThreads = void (*)(int);
    if (auto set = reinterpret_cast<SetThreads>(
          dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
      set(1);
  }
} // namespace plantarfe::app
