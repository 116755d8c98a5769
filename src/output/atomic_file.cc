#include "output/atomic_file.h"

#include "base/errors.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <unistd.h>

namespace plantarfe::output
{
  namespace fs = std::filesystem;

  namespace
  {
    constexpr char        alphabet[] = "abcdefghijklmnopqrstuvwxyz"
                                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    constexpr std::size_t n_random   = 6;
    const std::string     suffix     = ".tmp";

    /// "." + name + "." (the part of a temporary's name before the random
    /// characters).
    std::string
    prefix_of(const fs::path &target)
    {
      return "." + target.filename().string() + ".";
    }

    /// Why a file cannot be created in @p folder, with @p error the errno of
    /// open(2): a missing folder or a file in its place is named, since
    /// "No such file or directory" alone does not say which.
    std::string
    reason(const fs::path &folder, const int error)
    {
      std::error_code ec;
      if (error == ENOENT && !fs::exists(folder, ec))
        return "folder " + folder.string() + " does not exist";
      if (error == ENOTDIR ||
          (error == ENOENT && !fs::is_directory(folder, ec)))
        return folder.string() + " is not a folder";
      return std::strerror(error);
    }
  } // namespace


  AtomicFile::AtomicFile(const std::string                  &target,
                         const std::function<std::string()> &random_part,
                         const bool                          keep_extension)
      : target_path(target)
  {
    const fs::path    t(target);
    const std::string ending =
      suffix + (keep_extension ? t.extension().string() : std::string());
    if (t.filename().empty())
      throw IoError("cannot write '" + target + "': not a file name");
    const fs::path folder =
      t.parent_path().empty() ? fs::path(".") : t.parent_path();
    // Unpredictable names (not mkstemp, whose files get mode 0600 instead of
    // what the umask gives every other output).
    std::random_device                      seed;
    std::mt19937                            random(seed());
    std::uniform_int_distribution<unsigned> pick(0, sizeof alphabet - 2);
    for (unsigned int attempt = 0; attempt < 100; ++attempt)
      {
        std::string name = prefix_of(t);
        if (random_part)
          name += random_part();
        else
          for (std::size_t i = 0; i < n_random; ++i)
            name += alphabet[pick(random)];
        temp_path       = (t.parent_path() / (name + ending)).string();
        const int fd    = ::open(temp_path.c_str(),
                              O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                              0666);
        const int error = errno;
        if (fd >= 0)
          {
            ::close(fd);
            return;
          }
        if (error != EEXIST)
          throw IoError("cannot create " + temp_path + ": " +
                        reason(folder, error));
      }
    throw IoError("cannot create a temporary file for " + target +
                  ": every name tried exists");
  }


  AtomicFile::~AtomicFile()
  {
    if (committed)
      return;
    out.reset();
    std::remove(temp_path.c_str());
  }


  std::ostream &
  AtomicFile::stream()
  {
    if (!out)
      {
        errno = 0;
        out =
          std::make_unique<std::ofstream>(temp_path,
                                          std::ios::binary | std::ios::trunc);
        const int error = errno;
        if (!*out)
          throw IoError("cannot write " + temp_path + ": " +
                        std::strerror(error));
      }
    return *out;
  }


  void
  AtomicFile::commit()
  {
    if (committed)
      throw std::logic_error("AtomicFile: " + target_path + " committed twice");
    if (out)
      {
        out->close();
        // errno holds write(2)'s reason (ENOSPC, EFBIG, EIO, ...).
        const int error = errno;
        if (!*out)
          throw IoError("writing " + temp_path + " failed: " +
                        (error != 0 ? std::strerror(error) : "write failed"));
      }
    if (std::rename(temp_path.c_str(), target_path.c_str()) != 0)
      {
        const int error = errno;
        throw IoError("cannot rename " + temp_path + " to " + target_path +
                      ": " + std::strerror(error));
      }
    committed = true;
  }


  std::vector<std::string>
  temporaries_of(const std::string &target)
  {
    const fs::path t(target);
    const fs::path folder =
      t.parent_path().empty() ? fs::path(".") : t.parent_path();
    const std::string        prefix = prefix_of(t);
    std::vector<std::string> found;
    std::error_code          ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end;
         it.increment(ec))
      {
        const std::string name = it->path().filename().string();
        // ".tmp", or ".tmp" with the target's extension (keep_extension).
        const auto ends_with = [&](const std::string &ending) {
          return name.size() == prefix.size() + n_random + ending.size() &&
                 name.compare(name.size() - ending.size(),
                              ending.size(),
                              ending) == 0;
        };
        if (name.compare(0, prefix.size(), prefix) != 0 ||
            !(ends_with(suffix) || ends_with(suffix + t.extension().string())))
          continue;
        const std::string random = name.substr(prefix.size(), n_random);
        if (random.find_first_not_of(alphabet) == std::string::npos)
          found.push_back(it->path().string());
      }
    return found;
  }


  void
  write_file_atomically(const std::string &path, const std::string &content)
  {
    AtomicFile file(path);
    file.stream() << content;
    file.commit();
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
