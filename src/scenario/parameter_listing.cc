#include "scenario/parameter_listing.h"

#include <deal.II/base/utilities.h>

#include "base/declared_entry.h"
#include "scenario/prm_scan.h"

#include <sstream>

namespace plantarfe::scenario
{
  using namespace dealii;

  namespace
  {
    /// Walks the short PRM text ParameterHandler prints: "subsection X",
    /// "set A = v" and "end" lines. @p on_entry gets the path and the value.
    template <typename OnEntry>
    void
    walk_prm(const std::string &text, const OnEntry &on_entry)
    {
      std::istringstream       in(text);
      std::vector<std::string> sections;
      std::string              line;
      while (std::getline(in, line))
        {
          const std::string t = trimmed(line);
          if (t.rfind("subsection ", 0) == 0)
            sections.push_back(trimmed(t.substr(11)));
          else if (t == "end")
            {
              if (!sections.empty())
                sections.pop_back();
            }
          else if (t.rfind("set ", 0) == 0)
            {
              const auto  eq   = t.find('=');
              std::string path = "";
              for (const auto &s : sections)
                path += s + "/";
              path += trimmed(t.substr(4, eq - 4));
              // PRM output may append "# default: ..." after the value; '#'
              // cannot occur in a value (it starts a comment in input).
              std::string value =
                eq == std::string::npos ? "" : t.substr(eq + 1);
              value = trimmed(value.substr(0, value.find('#')));
              on_entry(path, value);
            }
        }
    }
  } // namespace

  std::vector<std::pair<std::string, std::string>>
  flat_parameters(const ParameterHandler &prm)
  {
    std::ostringstream text;
    prm.print_parameters(text, ParameterHandler::ShortPRM);
    std::vector<std::pair<std::string, std::string>> result;
    walk_prm(text.str(),
             [&](const std::string &path, const std::string &value) {
               result.emplace_back(path, value);
             });
    return result;
  }

  std::map<std::string, std::string>
  parameter_units(const ParameterHandler &prm)
  {
    const auto                        &declared = declared_units();
    std::map<std::string, std::string> result;
    for (const auto &[path, value] : flat_parameters(prm))
      if (const auto unit = declared.find(path); unit != declared.end())
        result[path] = unit->second;
    return result;
  }
  std::vector<std::pair<std::string, std::string>>
  name_value_pairs(const std::string &text)
  {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto &pair : dealii::Utilities::split_string_list(text, ','))
      {
        const auto colon = pair.find(':');
        pairs.emplace_back(dealii::Utilities::trim(pair.substr(0, colon)),
                           colon == std::string::npos ?
                             std::string() :
                             dealii::Utilities::trim(pair.substr(colon + 1)));
      }
    return pairs;
  }
} // namespace plantarfe::scenario
