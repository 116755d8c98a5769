// Start-up settings for MPI that must be made before MPI_Init, and the
// program's whole MPI and thread start-up (ProgramStart), shared by the
// executable and the Python module.
#pragma once

#include <deal.II/base/mpi.h>

#include <string>

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

  /// A session folder of its own for an Open MPI singleton, removed again
  /// when this object goes (declare it before MPI_InitFinalize so that it
  /// outlives MPI_Finalize).
  ///
  /// Why: Open MPI 4.1 puts every singleton's session files under one shared
  /// tree, $TMPDIR/ompi.<host>.<uid>/jf.0/, and a singleton that finishes
  /// removes the parts it thinks are empty while another one is creating
  /// its own below them. Concurrent `plantarfe` processes (a batch with
  /// -j N, CTest -j2) then fail in MPI_Init with "A call to mkdir was unable
  /// to create the desired directory" (12 of 212 starts of
  /// `plantarfe version`, four at a time, on the 2-core CI machine; 0 of
  /// 1000 with this folder). Processes started by a launcher, or with the
  /// user's own OMPI_MCA_orte_tmpdir_base, are left alone.
  class PrivateMpiSessionFolder
  {
  public:
    PrivateMpiSessionFolder();
    ~PrivateMpiSessionFolder();
    PrivateMpiSessionFolder(const PrivateMpiSessionFolder &) = delete;
    PrivateMpiSessionFolder &
    operator=(const PrivateMpiSessionFolder &) = delete;

    /// The folder created, empty if none was needed (or none could be made;
    /// Open MPI then uses its shared default).
    const std::string &
    path() const
    {
      return folder;
    }

  private:
    std::string folder;
  };

  /// The start-up of every PlantarFE process, the executable's and the
  /// Python module's alike: a lean singleton (prefer_lean_singleton_mpi)
  /// with a session folder of its own, MPI_Init with PLANTARFE_THREADS
  /// threads (unset: all cores, or one per rank when several ranks share
  /// the machine), and the BLAS held to one thread. MPI ends, and then the
  /// session folder goes, when this object is destroyed.
  class ProgramStart
  {
  public:
    ProgramStart(int &argc, char **&argv);

  private:
    /// Set before the folder and MPI are made (members are built in order).
    bool                                     lean_singleton_asked;
    PrivateMpiSessionFolder                  session_folder;
    dealii::Utilities::MPI::MPI_InitFinalize mpi;
  };
} // namespace plantarfe::app
