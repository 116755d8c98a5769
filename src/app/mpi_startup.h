// Start-up settings for MPI that must be made before MPI_Init.
#pragma once

namespace plantarfe::app
{
  /// When the process was not started by an MPI launcher (mpirun, srun,
  /// mpiexec), asks Open MPI for a lean singleton: no helper daemon and only
  /// the shared-memory/self message layer. Open MPI otherwise forks `orted`
  /// and loads its network transports (UCX, libfabric) just to run alone,
  /// which costs ~0.3 s of every `plantarfe` call (0.78 -> 0.46 s for
  /// `plantarfe version` on the 2-core CI machine). Settings the user made
  /// in the environment are kept.
  void
  prefer_lean_singleton_mpi();
} // namespace plantarfe::app
