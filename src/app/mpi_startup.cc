#include "app/mpi_startup.h"

#include <cstdlib>
#include <initializer_list>

namespace plantarfe::app
{
  void
  prefer_lean_singleton_mpi()
  {
    // Variables each launcher sets in the processes it starts: Open MPI's
    // mpirun, PMI-1/2 (MPICH's hydra, Slurm's srun --mpi=pmi2) and PMIx.
    for (const char *launched_by :
         {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMI_RANK", "PMIX_RANK"})
      if (std::getenv(launched_by) != nullptr)
        return;
    // overwrite = 0: an explicit user setting wins.
    setenv("OMPI_MCA_ess_singleton_isolated", "1", 0);
    setenv("OMPI_MCA_pml", "ob1", 0);
  }
} // namespace plantarfe::app
