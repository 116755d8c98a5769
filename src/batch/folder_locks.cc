// flock()-based locks of a batch folder; see folder_locks.h.
#include "batch/folder_locks.h"

#include "base/errors.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <sys/file.h>
#include <unistd.h>

namespace plantarfe::batch
{
  namespace fs = std::filesystem;

  BatchFolderLock::BatchFolderLock(const std::string &folder)
  {
    const std::string path = (fs::path(folder) / ".batch.lock").string();
    fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      throw IoError("batch: cannot create " + path + ": " +
                    std::strerror(errno));
    if (flock(fd, LOCK_EX | LOCK_NB) != 0)
      {
        close(fd);
        throw ScenarioError("batch: another batch is writing into " + folder +
                            " (" + path +
                            " is locked); wait for it or use another -o");
      }
  }

  BatchFolderLock::~BatchFolderLock()
  {
    close(fd);
  }

  void
  update_manifest_locked(const BatchPlan                      &plan,
                         const std::string                    &folder,
                         const std::map<std::string, Attempt> &attempts)
  {
    const std::string lock = (fs::path(folder) / ".manifest.lock").string();
    const int fd = open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0)
      while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
        ;
    try
      {
        write_manifest(plan, folder, attempts);
      }
    catch (const std::exception &e)
      {
        std::cerr << "batch: warning: " << e.what() << '\n';
      }
    if (fd >= 0)
      close(fd);
  }
} // namespace plantarfe::batch
