#include "output/json.h"

#include "base/errors.h"
#include "output/atomic_file.h"
#include "output/csv.h"

#include <fstream>
#include <sstream>

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


  Json
  read_json_file(const std::string &path)
  {
    std::ifstream      in(path, std::ios::binary);
    std::ostringstream text;
    if (in)
      text << in.rdbuf();
    if (!in)
      throw IoError("cannot read " + path);
    return parse_json(text.str(), path);
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
