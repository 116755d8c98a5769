#include "output/atomic_file.h"

#include "scenario/errors.h"

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
      std::ofstream out(tmp, std::ios::binary);
      if (!out)
        throw IoError("cannot write " + tmp.string() + ": " +
                      std::strerror(errno));
      out << content;
      out.flush();
      if (!out)
        {
          std::remove(tmp.c_str());
          throw IoError("writing " + tmp.string() + " failed (disk full?)");
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
