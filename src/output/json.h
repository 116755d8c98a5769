// The JSON records PlantarFE writes and reads (summary.json, status.json,
// `info --json`, `verify --json`), through nlohmann::json (Debian's
// nlohmann-json3-dev). ordered_json keeps keys in the order the code sets
// them, which is the documented order of every record.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

namespace plantarfe::output
{
  using Json = nlohmann::ordered_json;

  /// @p record as text, indented by two spaces, with a final newline.
  /// Doubles come out in the shortest form that reads back to the same
  /// value; NaN and infinities as null (JSON has no such numbers). Bytes that
  /// are not UTF-8 (e.g. in a file name within a message) become U+FFFD
  /// instead of failing the write.
  std::string
  json_text(const Json &record);

  /// Writes json_text(@p record) to @p path atomically (see atomic_file.h).
  void
  write_json_file(const std::string &path, const Json &record);

  /// Parses @p text; malformed input -> IoError naming @p source (a file
  /// name) and where the text goes wrong.
  Json
  parse_json(const std::string &text, const std::string &source);

  /// The contents of @p path, which must be a regular file (a link to one
  /// is fine) of at most @p max_bytes: a FIFO, a device or an oversized
  /// file planted under a record's name is an IoError, never a hang or an
  /// unbounded read.
  std::string
  read_regular_file(const std::string &path, std::size_t max_bytes);

  /// Reads and parses the file @p path (read_regular_file); IoError naming
  /// the file when it cannot be read or is not valid JSON.
  Json
  read_json_file(const std::string &path, std::size_t max_bytes = 64u << 20);

  /// The top-level entry @p key of the object @p record as text: strings
  /// as they are, doubles as number_text() (csv.h), integers and booleans
  /// as JSON writes them; "" when @p record is no object or the entry is
  /// missing, null, an object or an array.
  std::string
  text_of(const Json &record, const std::string &key);
} // namespace plantarfe::output
