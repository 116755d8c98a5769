// Scenario text checked before and after deal.II reads it; see
// input_guards.h.
#include "scenario/input_guards.h"

#include "base/errors.h"
#include "output/json.h"
#include "scenario/parameter_listing.h"
#include "scenario/prm_scan.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <vector>

namespace plantarfe::scenario
{
  namespace
  {
    /// JSON nested deeper than this is refused; the shipped scenarios use 6.
    constexpr unsigned int max_json_depth = 64;

    /// What is wrong with the structure of a JSON text, with its line:
    /// nesting deeper than @p limit (the reader recurses once per level)
    /// or a key given twice in one object (the last one won silently).
    /// Empty when neither.
    std::string
    json_structure_problem(const std::string &text, const unsigned int limit)
    {
      struct Level
      {
        bool                                object;
        std::map<std::string, unsigned int> keys; ///< key -> line
        bool                                expect_key = false;
      };
      std::vector<Level> levels;
      unsigned int       line = 1;
      std::string        token;
      bool               in_string = false, escaped = false;
      for (const char c : text)
        {
          if (c == '\n')
            ++line;
          if (in_string)
            {
              if (escaped)
                escaped = false;
              else if (c == '\\')
                escaped = true;
              else if (c == '"')
                {
                  in_string = false;
                  if (!levels.empty() && levels.back().object &&
                      levels.back().expect_key)
                    {
                      levels.back().expect_key = false;
                      const auto [it, fresh] =
                        levels.back().keys.emplace(token, line);
                      if (!fresh)
                        return std::to_string(line) + ": key \"" + token +
                               "\" is given a second time in one " +
                               "object (first at line " +
                               std::to_string(it->second) +
                               "); give each entry once";
                    }
                  continue;
                }
              if (token.size() < 256)
                token += c;
              continue;
            }
          if (c == '"')
            {
              in_string = true;
              token.clear();
            }
          else if (c == '{' || c == '[')
            {
              if (levels.size() >= limit)
                return std::to_string(line) + ": objects nested deeper than " +
                       std::to_string(limit) +
                       " levels; a scenario needs at most a few";
              levels.push_back({c == '{', {}, c == '{'});
            }
          else if ((c == '}' || c == ']') && !levels.empty())
            levels.pop_back();
          else if (c == ',' && !levels.empty() && levels.back().object)
            levels.back().expect_key = true;
        }
      return "";
    }

    /// The text of a JSON scenario: a regular file of bounded size, without
    /// a UTF-8 byte-order mark (some Windows editors write one).
    std::string
    json_text(const std::string &file)
    {
      std::string text;
      try
        {
          text = output::read_regular_file(file, max_scenario_bytes);
        }
      catch (const IoError &e)
        {
          throw ScenarioError(e.what());
        }
      if (text.compare(0, 3, "\xEF\xBB\xBF") == 0)
        text.erase(0, 3);
      return text;
    }
  } // namespace

  CheckedScenario
  check_scenario_text(const std::string &file)
  {
    CheckedScenario checked;
    if (is_json_scenario(file))
      {
        checked.text = json_text(file);
        if (const std::string why =
              json_structure_problem(checked.text, max_json_depth);
            !why.empty())
          throw ScenarioError(file + ":" + why);
        if (checked.text.find(':') == std::string::npos)
          throw ScenarioError(file +
                              ": sets no entry (an empty scenario would run "
                              "the default box); see `plantarfe params`");
        return checked;
      }
    // Scanned once: the same lines give the checks, the sources and the
    // parser's text.
    const auto lines = scan_prm(file);
    if (std::none_of(lines.begin(), lines.end(), [](const ScannedLine &l) {
          return l.kind == ScannedLine::Kind::set ||
                 l.kind == ScannedLine::Kind::include;
        }))
      throw ScenarioError(file +
                          ": sets no entry (an empty scenario would run the "
                          "default box); see `plantarfe params`");
    checked.sources = entry_sources(lines);
    checked.text    = flattened_prm(lines, checked.origins);
    return checked;
  }

  void
  check_numbers_readable(const dealii::ParameterHandler &prm)
  {
    for (const auto &[path, value] : flat_parameters(prm))
      {
        std::stringstream list(value);
        for (std::string token; std::getline(list, token, ',');)
          {
            token = trimmed(token);
            if (token.empty())
              continue;
            char *end = nullptr;
            errno     = 0;
            std::strtod(token.c_str(), &end);
            if (end == token.c_str() || *end != '\0' || errno != ERANGE)
              continue;
            throw ScenarioError(path + ": " + token +
                                " cannot be read as a number (smaller than "
                                "1e-307 or larger than 1e308 in magnitude); "
                                "write 0 or a number within that range");
          }
      }
  }
} // namespace plantarfe::scenario
