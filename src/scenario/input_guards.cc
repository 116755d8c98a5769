// Scenario text checked before and after deal.II reads it; see
// input_guards.h.
#include "scenario/input_guards.h"

#include "base/errors.h"
#include "output/json.h"
#include "scenario/parameter_listing.h"

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <vector>

namespace plantarfe::scenario
{
  namespace fs = std::filesystem;

  namespace
  {
    /// Deeper include chains or JSON nesting than this are refused; the
    /// shipped scenarios use at most 2 and 6.
    constexpr unsigned int max_include_depth = 16;
    constexpr unsigned int max_json_depth    = 64;
    /// A scenario file larger than this is not a scenario.
    constexpr std::size_t max_scenario_bytes = 16u << 20;

    std::string
    trim(const std::string &s)
    {
      const auto b = s.find_first_not_of(" \t\r");
      if (b == std::string::npos)
        return "";
      const auto e = s.find_last_not_of(" \t\r");
      return s.substr(b, e - b + 1);
    }

    std::string
    read_scenario_text(const std::string &file, const std::string &where)
    {
      try
        {
          return output::read_regular_file(file, max_scenario_bytes);
        }
      catch (const IoError &e)
        {
          throw ScenarioError(where + e.what());
        }
    }

    /// Whether a .prm text sets anything: a `set` or an `include` line.
    bool
    sets_anything(const std::string &text)
    {
      std::istringstream in(text);
      for (std::string line; std::getline(in, line);)
        {
          const std::string t = trim(line.substr(0, line.find('#')));
          if (t.rfind("set ", 0) == 0 || t.rfind("include ", 0) == 0)
            return true;
        }
      return false;
    }

    /// Follows the `include` lines of @p file depth first; @p chain holds
    /// the files that include it, outermost first.
    void
    check_includes(const std::string &file, std::vector<fs::path> &chain)
    {
      std::error_code   ec;
      const fs::path    self = fs::weakly_canonical(fs::absolute(file), ec);
      const std::string text =
        read_scenario_text(file, chain.empty() ? "" : file + ": ");
      chain.push_back(self);
      std::istringstream in(text);
      unsigned int       number = 0;
      for (std::string line; std::getline(in, line);)
        {
          ++number;
          const std::string t = trim(line.substr(0, line.find('#')));
          if (t.rfind("include ", 0) != 0)
            continue;
          const std::string name = trim(t.substr(8));
          const std::string where =
            file + ":" + std::to_string(number) + ": include " + name + ": ";
          const fs::path target = fs::weakly_canonical(fs::absolute(name), ec);
          for (const auto &outer : chain)
            if (outer == target)
              throw ScenarioError(where +
                                  "the file includes itself (an include "
                                  "loop)");
          if (chain.size() >= max_include_depth)
            throw ScenarioError(where + "includes nest deeper than " +
                                std::to_string(max_include_depth) + " files");
          if (!fs::is_regular_file(target, ec))
            throw ScenarioError(where + (fs::exists(target, ec) ?
                                           "not a regular file (a folder?)" :
                                           "no such file"));
          check_includes(name, chain);
        }
      chain.pop_back();
    }

    /// The deepest nesting of objects and arrays in a JSON text (strings
    /// skipped), and the line where it first exceeds @p limit (0: never).
    unsigned int
    line_too_deep(const std::string &text, const unsigned int limit)
    {
      unsigned int depth = 0, line = 1;
      bool         in_string = false, escaped = false;
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
                in_string = false;
              continue;
            }
          if (c == '"')
            in_string = true;
          else if (c == '{' || c == '[')
            {
              if (++depth > limit)
                return line;
            }
          else if ((c == '}' || c == ']') && depth > 0)
            --depth;
        }
      return 0;
    }
  } // namespace

  void
  check_scenario_text(const std::string &file)
  {
    const bool json =
      file.size() > 5 && file.substr(file.size() - 5) == ".json";
    if (json)
      {
        const std::string text = read_scenario_text(file, "");
        if (const unsigned int line = line_too_deep(text, max_json_depth))
          throw ScenarioError(file + ":" + std::to_string(line) +
                              ": objects nested deeper than " +
                              std::to_string(max_json_depth) +
                              " levels; a scenario needs at most a few");
        if (text.find(':') == std::string::npos)
          throw ScenarioError(file +
                              ": sets no entry (an empty scenario would run "
                              "the default box); see `plantarfe params`");
        return;
      }
    std::vector<fs::path> chain;
    check_includes(file, chain);
    if (!sets_anything(read_scenario_text(file, "")))
      throw ScenarioError(file +
                          ": sets no entry (an empty scenario would run the "
                          "default box); see `plantarfe params`");
  }

  void
  check_numbers_readable(const dealii::ParameterHandler &prm,
                         const std::string              &file)
  {
    for (const auto &[path, value] : flat_parameters(prm))
      {
        std::stringstream list(value);
        for (std::string token; std::getline(list, token, ',');)
          {
            token = trim(token);
            if (token.empty())
              continue;
            char *end = nullptr;
            errno     = 0;
            std::strtod(token.c_str(), &end);
            if (end == token.c_str() || *end != '\0' || errno != ERANGE)
              continue;
            throw ScenarioError(file + ": " + path + " = " + value + ": " +
                                token +
                                " cannot be read as a number (smaller than "
                                "1e-307 or larger than 1e308 in magnitude); "
                                "write 0 or a number within that range");
          }
      }
  }
} // namespace plantarfe::scenario
