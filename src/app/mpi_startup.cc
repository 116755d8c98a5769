#include "app/mpi_startup.h"

#include <deal.II/base/multithread_info.h>

#include "app/blas_threads.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace plantarfe::app
{
  namespace
  {
    /// Names the session folder this program set itself, so that a child
    /// process can tell it from one the user chose.
    constexpr const char *marker = "PLANTARFE_MPI_SESSION_FOLDER";

    bool
    started_by_launcher()
    {
      // Variables each launcher sets in the processes it starts: Open MPI's
      // mpirun, PMI-1/2 (MPICH's hydra, Slurm's srun --mpi=pmi2) and PMIx.
      for (const char *launched_by :
           {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMI_RANK", "PMIX_RANK"})
        if (std::getenv(launched_by) != nullptr)
          return true;
      return false;
    }
  } // namespace

  void
  prefer_lean_singleton_mpi()
  {
    if (started_by_launcher())
      return;
    // overwrite = 0: an explicit user setting wins.
    setenv("OMPI_MCA_ess_singleton_isolated", "1", 0);
    setenv("OMPI_MCA_pml", "ob1", 0);
  }

  PrivateMpiSessionFolder::PrivateMpiSessionFolder()
  {
    if (started_by_launcher())
      return;
    // A setting inherited from a plantarfe parent (a batch starting its
    // runs) is the parent's folder, not the user's choice: each run needs
    // its own, or the runs race in it again.
    const char *user_base   = std::getenv("OMPI_MCA_orte_tmpdir_base");
    const char *parent_base = std::getenv(marker);
    if (user_base != nullptr &&
        (parent_base == nullptr || std::string(user_base) != parent_base))
      return;
    const char       *tmp     = std::getenv("TMPDIR");
    std::string       base    = (tmp != nullptr && *tmp != '\0') ? tmp : "/tmp";
    std::string       pattern = base + "/plantarfe-mpi-XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    // mkdtemp creates the folder exclusively (mode 0700): it is ours alone,
    // so removing it with everything inside at the end deletes nothing that
    // belongs to anyone else.
    if (mkdtemp(name.data()) == nullptr)
      return;
    folder = name.data();
    setenv("OMPI_MCA_orte_tmpdir_base", folder.c_str(), 1);
    setenv(marker, folder.c_str(), 1);
  }

  PrivateMpiSessionFolder::~PrivateMpiSessionFolder()
  {
    if (folder.empty())
      return;
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
  }

  namespace
  {
    bool
    ask_for_lean_singleton()
    {
      prefer_lean_singleton_mpi();
      return true;
    }

    unsigned int
    requested_threads()
    {
      if (const char *env = std::getenv("PLANTARFE_THREADS"))
        return std::max(1, std::atoi(env));
      return dealii::numbers::invalid_unsigned_int; // all cores (divided
                                                    // among ranks)
    }
  } // namespace

  ProgramStart::ProgramStart(int &argc, char **&argv)
      : lean_singleton_asked(ask_for_lean_singleton())
      , mpi(argc, argv, requested_threads())
  {
    if (dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) > 1 &&
        !std::getenv("PLANTARFE_THREADS"))
      dealii::MultithreadInfo::set_thread_limit(1);
    limit_blas_threads();
  }
} // namespace plantarfe::app
