#include "output/atomic_file.h"

#include "base/errors.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace plantarfe::output
{
  void
  write_file_atomically(const std::string &path, const std::string &content)
  {
    const std::filesystem::path target(path);
    const std::filesystem::path tmp =
      target.parent_path() / ("." + target.filename().string() + ".tmp");
    {
      errno = 0;
      std::ofstream out(tmp, std::ios::binary);
      if (!out)
        throw IoError("cannot write " + tmp.string() + ": " +
                      std::strerror(errno));
      out << content;
      out.close();
      if (!out)
        {
          // errno holds write(2)'s reason (ENOSPC, EFBIG, EIO, ...).
          const std::string reason =
            errno != 0 ? std::strerror(errno) : "write failed";
          std::remove(tmp.c_str());
          throw IoError("writing " + tmp.string() + " failed: " + reason);
        }
    }
    if (std::rename(tmp.c_str(), target.c_str()) != 0)
      {
        const std::string reason = std::strerror(errno);
        std::remove(tmp.c_str());
        throw IoError("cannot rename " + tmp.string() + " to " + path + ": " +
                      reason);
      }
  }

  void
  make_directory(const std::string &directory)
  {
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec)
      throw IoError("cannot create directory " + directory + ": " +
                    ec.message());
  }
} // namespace plantarfe::output
