#include "output/json.h"

#include "base/errors.h"
#include "output/atomic_file.h"
#include "output/csv.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace plantarfe::output
{
  std::string
  json_text(const Json &record)
  {
    return record.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  }


  void
  write_json_file(const std::string &path, const Json &record)
  {
    write_file_atomically(path, json_text(record));
  }


  Json
  parse_json(const std::string &text, const std::string &source)
  {
    try
      {
        return Json::parse(text);
      }
    catch (const Json::parse_error &e)
      {
        // e.what() reads "[json.exception.parse_error.101] parse error at
        // line 2, column 7: ..."; the part after the bracket is the reason.
        const std::string what = e.what();
        const auto        end  = what.find("] ");
        throw IoError(source + " is not valid JSON: " +
                      (end == std::string::npos ? what : what.substr(end + 2)));
      }
  }


  std::string
  read_regular_file(const std::string &path, const std::size_t max_bytes)
  {
    // O_NONBLOCK: a FIFO planted under the name must not hang the reader
    // before fstat can tell it is no regular file.
    const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
      throw IoError("cannot read " + path + ": " + std::strerror(errno));
    struct stat info;
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode))
      {
        close(fd);
        throw IoError("cannot read " + path + ": not a regular file");
      }
    if (static_cast<std::size_t>(info.st_size) > max_bytes)
      {
        close(fd);
        throw IoError("cannot read " + path + ": larger than " +
                      std::to_string(max_bytes >> 20) + " MiB");
      }
    std::string text(static_cast<std::size_t>(info.st_size), '\0');
    std::size_t done = 0;
    while (done < text.size())
      {
        const ssize_t n = read(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
          continue;
        if (n <= 0)
          break;
        done += static_cast<std::size_t>(n);
      }
    close(fd);
    text.resize(done);
    return text;
  }


  Json
  read_json_file(const std::string &path, const std::size_t max_bytes)
  {
    return parse_json(read_regular_file(path, max_bytes), path);
  }


  std::string
  text_of(const Json &record, const std::string &key)
  {
    if (!record.is_object())
      return "";
    const auto it = record.find(key);
    if (it == record.end() || it->is_null() || it->is_structured())
      return "";
    if (it->is_string())
      return it->get<std::string>();
    // Doubles as the CSV files write them, so that texts built from a
    // record (e.g. `info`'s status line) read as they always did.
    if (it->is_number_float())
      return number_text(it->get<double>());
    return it->dump();
  }
} // namespace plantarfe::output
