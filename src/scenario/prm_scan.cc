// Line-by-line scan of a .prm scenario and its includes; see prm_scan.h.
#include "scenario/prm_scan.h"

#include "base/errors.h"
#include "output/json.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>

namespace plantarfe::scenario
{
  namespace fs = std::filesystem;

  namespace
  {
    /// Deeper include chains than this are refused; the shipped scenarios
    /// use at most 2.
    constexpr unsigned int max_include_depth = 16;
    /// Nor is a line longer than this (a 2 MB line came back as a 2 MB
    /// message); the longest shipped line is under 200 characters.
    constexpr std::size_t max_line_bytes = 64u << 10;

    const std::string utf8_bom = "\xEF\xBB\xBF";

    /// The line without its comment: '#' starts one unless escaped as
    /// "\#" (deal.II's rule).
    std::string
    without_comment(const std::string &line)
    {
      for (std::size_t k = 0; k < line.size(); ++k)
        if (line[k] == '#' && (k == 0 || line[k - 1] != '\\'))
          return line.substr(0, k);
      return line;
    }

    /// The first word in lower case and the rest of the line, trimmed.
    std::pair<std::string, std::string>
    keyword_and_rest(const std::string &line)
    {
      const auto  end  = line.find_first_of(" \t");
      std::string word = line.substr(0, end);
      for (char &c : word)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return {word, end == std::string::npos ? "" : trimmed(line.substr(end))};
    }

    class Scanner
    {
    public:
      std::vector<ScannedLine> lines;

      void
      scan(const std::string &file, std::vector<fs::path> &chain)
      {
        std::error_code ec;
        const fs::path  self = fs::weakly_canonical(fs::absolute(file), ec);
        std::string     text = read_text(file, chain.empty());
        if (text.compare(0, utf8_bom.size(), utf8_bom) == 0)
          {
            if (!chain.empty())
              throw ScenarioError(file +
                                  ":1: the file starts with a UTF-8 "
                                  "byte-order mark (bytes EF BB BF), which "
                                  "the reader of included files cannot "
                                  "take; save it as UTF-8 without one");
            text.erase(0, utf8_bom.size());
          }
        chain.push_back(self);
        const std::size_t        depth = chain.size() - 1;
        std::vector<std::string> sections;
        std::istringstream       in(text);
        unsigned int             number = 0;
        for (std::string physical; std::getline(in, physical);)
          {
            ++number;
            ScannedLine line;
            line.file          = file;
            line.number        = number;
            line.include_depth = static_cast<unsigned int>(depth);
            line.text          = physical;
            // A line ending in a backslash continues on the next one.
            while (!trimmed(physical).empty() &&
                   trimmed(physical).back() == '\\' &&
                   std::getline(in, physical))
              {
                ++number;
                line.text += "\n" + physical;
              }
            if (line.text.size() > max_line_bytes)
              throw ScenarioError(where(line) + "the line is " +
                                  std::to_string(line.text.size()) +
                                  " bytes long; a scenario line holds at "
                                  "most " +
                                  std::to_string(max_line_bytes));
            line.indent =
              line.text.substr(0, line.text.find_first_not_of(" \t"));
            classify(line, sections, chain);
          }
        if (!sections.empty())
          throw ScenarioError(file + ": subsection " + sections.back() +
                              " is not closed (an 'end' is missing)");
        chain.pop_back();
      }

    private:
      static std::string
      where(const ScannedLine &line)
      {
        return line.file + ":" + std::to_string(line.number) + ": ";
      }

      static std::string
      read_text(const std::string &file, const bool top)
      {
        try
          {
            return output::read_regular_file(file, max_scenario_bytes);
          }
        catch (const IoError &e)
          {
            throw ScenarioError((top ? "" : file + ": ") +
                                std::string(e.what()));
          }
      }

      void
      classify(ScannedLine              &line,
               std::vector<std::string> &sections,
               std::vector<fs::path>    &chain)
      {
        // The statement: continued lines joined as deal.II joins them (a
        // single line is the same loop once), the comment dropped.
        std::string        joined;
        std::istringstream parts(line.text);
        for (std::string p; std::getline(parts, p);)
          {
            p = trimmed(p);
            if (!p.empty() && p.back() == '\\')
              p = trimmed(p.substr(0, p.size() - 1));
            joined += (joined.empty() ? "" : " ") + p;
          }
        const std::string statement = trimmed(without_comment(joined));
        if (statement.empty())
          {
            line.kind = ScannedLine::Kind::blank;
            lines.push_back(line);
            return;
          }
        const auto [word, rest] = keyword_and_rest(statement);
        if (word == "subsection" && !rest.empty())
          {
            line.kind = ScannedLine::Kind::subsection;
            sections.push_back(normalised_name(rest));
            lines.push_back(line);
            return;
          }
        if (word == "end" && rest.empty())
          {
            if (sections.empty())
              throw ScenarioError(where(line) +
                                  "'end' without an open subsection");
            sections.pop_back();
            line.kind = ScannedLine::Kind::end;
            lines.push_back(line);
            return;
          }
        if (word == "set")
          {
            const auto eq = rest.find('=');
            if (eq == std::string::npos || trimmed(rest.substr(0, eq)).empty())
              throw ScenarioError(where(line) +
                                  "a 'set' line needs 'set Entry = value'");
            line.kind  = ScannedLine::Kind::set;
            line.value = trimmed(rest.substr(eq + 1));
            for (const auto &s : sections)
              line.path += s + "/";
            line.path += normalised_name(rest.substr(0, eq));
            lines.push_back(line);
            return;
          }
        if (word == "include" && !rest.empty())
          {
            line.kind = ScannedLine::Kind::include;
            lines.push_back(line);
            include(line, rest, chain);
            return;
          }
        // Not quoted: the line may come from a file that is no scenario
        // (an include of /etc/passwd echoed its first line).
        throw ScenarioError(
          where(line) +
          "not a scenario line: each line is 'subsection Name', 'set Entry "
          "= value', 'end', 'include file.prm', a # comment or blank");
      }

      void
      include(const ScannedLine     &line,
              const std::string     &name,
              std::vector<fs::path> &chain)
      {
        const std::string at = where(line) + "include " + name + ": ";
        // Relative to the including file, as Mesh file is to the scenario
        // (deal.II's own reader takes the working directory; it is given
        // the flattened text instead, see flattened_prm).
        fs::path named(name);
        if (named.is_relative())
          named =
            (fs::path(line.file).parent_path() / named).lexically_normal();
        const std::string path = named.string();
        std::error_code   ec;
        const fs::path target = fs::weakly_canonical(fs::absolute(named), ec);
        for (const auto &outer : chain)
          if (outer == target)
            throw ScenarioError(at +
                                "the file includes itself (an include loop)");
        if (chain.size() >= max_include_depth)
          throw ScenarioError(at + "includes nest deeper than " +
                              std::to_string(max_include_depth) + " files");
        if (!fs::is_regular_file(target, ec))
          throw ScenarioError(at + (fs::exists(target, ec) ?
                                      "not a regular file (a folder?)" :
                                      "no such file"));
        try
          {
            scan(path, chain);
          }
        catch (const ScenarioError &e)
          {
            throw ScenarioError(at + e.what());
          }
      }
    };
  } // namespace

  std::string
  trimmed(const std::string &s)
  {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos)
      return "";
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
  }

  bool
  is_json_scenario(const std::string &file)
  {
    return file.size() > 5 && file.substr(file.size() - 5) == ".json";
  }

  std::string
  normalised_name(const std::string &name)
  {
    std::string out;
    bool        space = false;
    for (const char c : trimmed(name))
      if (c == ' ' || c == '\t')
        space = true;
      else
        {
          if (space)
            out += ' ';
          space = false;
          out += c;
        }
    return out;
  }

  std::vector<ScannedLine>
  scan_prm(const std::string &file)
  {
    Scanner               scanner;
    std::vector<fs::path> chain;
    scanner.scan(file, chain);
    // Set twice, the last value won without a word: refused, naming both.
    std::map<std::string, const ScannedLine *> first;
    for (const auto &line : scanner.lines)
      {
        if (line.kind != ScannedLine::Kind::set)
          continue;
        const auto [it, fresh] = first.emplace(line.path, &line);
        if (!fresh)
          throw ScenarioError(
            line.file + ":" + std::to_string(line.number) + ": " + line.path +
            " is set a second time (first at " + it->second->file + ":" +
            std::to_string(it->second->number) +
            "); set each entry once (use --set to change one for a run)");
      }
    return std::move(scanner.lines);
  }

  std::string
  flattened_prm(const std::vector<ScannedLine> &lines,
                std::vector<LineOrigin>        &origins)
  {
    std::string text;
    origins.clear();
    for (const auto &line : lines)
      {
        // The include line stays as a comment; the included lines follow.
        const std::string physical =
          line.kind == ScannedLine::Kind::include ?
            line.indent + "# " + line.text.substr(line.indent.size()) :
            line.text;
        text += physical + '\n';
        const auto n = std::count(physical.begin(), physical.end(), '\n') + 1;
        for (long k = 0; k < n; ++k)
          origins.push_back(
            {line.file, line.number + static_cast<unsigned>(k)});
      }
    return text;
  }

  EntrySources
  entry_sources(const std::vector<ScannedLine> &lines)
  {
    EntrySources sources;
    for (const auto &line : lines)
      if (line.kind == ScannedLine::Kind::set)
        sources[line.path] = line.file + ":" + std::to_string(line.number);
    return sources;
  }

  std::string
  locate_entry_message(const std::string              &message,
                       const std::string              &file,
                       const EntrySources             &sources,
                       const std::vector<std::string> &overrides)
  {
    // The message starts with its entry, or a list of them ("A/B, C/D: ").
    const auto               colon = message.find(": ");
    std::vector<std::string> heads;
    if (colon != std::string::npos)
      {
        std::stringstream list(message.substr(0, colon));
        for (std::string head; std::getline(list, head, ',');)
          heads.push_back(normalised_name(head));
      }
    // An override wins over the file, as it does when parsing.
    for (const auto &head : heads)
      for (const auto &o : overrides)
        if (normalised_name(o.substr(0, o.find('='))) == head)
          return file + ": --set \"" + o + "\": " + message;
    for (const auto &head : heads)
      if (const auto it = sources.find(head); it != sources.end())
        return it->second + ": " + message;
    return file + ": " + message;
  }
} // namespace plantarfe::scenario
