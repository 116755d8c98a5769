// A .prm scenario read line by line, with its includes, the way deal.II's
// ParameterHandler will read it, before it does. The scan refuses what that
// reader would crash on, ignore or quote back (include loops, chains deeper
// than any real use, includes of folders, lines that are not scenario lines,
// entries set twice, overlong lines) with a message naming file and line but
// never echoing the text of a line that is not a scenario line (an include
// of /etc/passwd quoted its first line). It also records where each entry
// is set, so that checks which run after parsing can name the line.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace plantarfe::scenario
{
  /// A scenario file larger than this is not a scenario.
  constexpr std::size_t max_scenario_bytes = 16u << 20;

  /// One line of a scenario as deal.II sees it; an included file's lines
  /// follow its include line.
  struct ScannedLine
  {
    enum class Kind
    {
      blank, ///< empty or a comment only
      set,
      subsection,
      end,
      include
    };
    std::string file;    ///< as named by the user, or the include line's
                         ///< name relative to the including file's folder
    unsigned int number; ///< 1-based line number in @p file
    Kind         kind;
    std::string  path;   ///< set: "Section/Sub/Entry" (whitespace collapsed)
    std::string  value;  ///< set: the value as written, trimmed
    std::string  indent; ///< leading white space of the line
    std::string  text;   ///< the physical line(s) as written
    unsigned int include_depth = 0; ///< 0 in the scenario file itself
  };

  /// Where an entry is set: "file:line".
  using EntrySources = std::map<std::string, std::string>;

  /// Scans the .prm @p file and every file it includes (depth first, as
  /// deal.II reads them). A UTF-8 byte-order mark at the start of @p file
  /// is skipped (the caller strips it before deal.II reads the file); in an
  /// included file it is refused with a message that says what it is.
  /// Throws ScenarioError "file:line: why" on the first defect.
  std::vector<ScannedLine>
  scan_prm(const std::string &file);

  /// Where a line of a flattened scenario came from.
  struct LineOrigin
  {
    std::string  file;
    unsigned int number;
  };

  /// The scenario of @p lines (scan_prm's) as one text, each include line
  /// commented out and followed by the included file's lines, as deal.II
  /// reads an include (in the current subsection); @p origins gets the file
  /// and line of each of its lines. deal.II is given this text so that
  /// includes resolve relative to the including file, not to the working
  /// directory as its own reader would.
  std::string
  flattened_prm(const std::vector<ScannedLine> &lines,
                std::vector<LineOrigin>        &origins);

  /// The line each entry of @p lines is set on.
  EntrySources
  entry_sources(const std::vector<ScannedLine> &lines);

  /// @p message (of a ScenarioError raised after parsing) prefixed by where
  /// the entry it starts with ("Stance/Ankle dorsiflexion: ...") was set:
  /// "file:line: ", "--set: " for an override, else "@p file: ".
  std::string
  locate_entry_message(const std::string              &message,
                       const std::string              &file,
                       const EntrySources             &sources,
                       const std::vector<std::string> &overrides);

  /// Whether @p file is read as JSON (by its extension); else as .prm.
  bool
  is_json_scenario(const std::string &file);

  /// @p text without spaces, tabs and carriage returns at either end.
  std::string
  trimmed(const std::string &text);

  /// Whitespace as deal.II compares names: tabs as spaces, runs of spaces
  /// as one, none at either end.
  std::string
  normalised_name(const std::string &name);
} // namespace plantarfe::scenario
