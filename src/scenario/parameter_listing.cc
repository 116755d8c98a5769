#include "scenario/parameter_listing.h"

#include <sstream>

namespace plantarfe::scenario
{
  using namespace dealii;

  namespace
  {
    std::string
    trim(const std::string &s)
    {
      const auto b = s.find_first_not_of(" \t");
      if (b == std::string::npos)
        return "";
      const auto e = s.find_last_not_of(" \t");
      return s.substr(b, e - b + 1);
    }

    /// Walks the PRM text ParameterHandler prints: "subsection X", "set A =
    /// v", "end" and "# doc" lines. @p on_entry gets the path, the value and
    /// the doc comment lines that preceded the entry.
    template <typename OnEntry>
    void
    walk_prm(const std::string &text, const OnEntry &on_entry)
    {
      std::istringstream       in(text);
      std::vector<std::string> sections;
      std::string              line, doc;
      while (std::getline(in, line))
        {
          const std::string t = trim(line);
          if (t.rfind("subsection ", 0) == 0)
            {
              sections.push_back(trim(t.substr(11)));
              doc.clear();
            }
          else if (t == "end")
            {
              if (!sections.empty())
                sections.pop_back();
              doc.clear();
            }
          else if (t.rfind("set ", 0) == 0)
            {
              const auto  eq   = t.find('=');
              std::string path = "";
              for (const auto &s : sections)
                path += s + "/";
              path += trim(t.substr(4, eq - 4));
              // PRM output may append "# default: ..." after the value; '#'
              // cannot occur in a value (it starts a comment in input).
              std::string value =
                eq == std::string::npos ? "" : t.substr(eq + 1);
              value = trim(value.substr(0, value.find('#')));
              on_entry(path, value, doc);
              doc.clear();
            }
          else if (t.rfind("#", 0) == 0)
            {
              const std::string d = trim(t.substr(1));
              // The printed default and pattern are not part of the doc.
              if (d.rfind("Default:", 0) != 0 && d.rfind("Pattern:", 0) != 0)
                doc += (doc.empty() ? "" : " ") + d;
            }
        }
    }

    std::string
    unit_from_doc(const std::string &doc)
    {
      const auto open = doc.find('(');
      if (open == std::string::npos)
        return "";
      const auto end = doc.find_first_of(",;)", open + 1);
      if (end == std::string::npos)
        return "";
      const std::string unit = trim(doc.substr(open + 1, end - open - 1));
      // A sentence in brackets is not a unit.
      if (unit.empty() || unit.size() > 12 ||
          unit.find(' ') != std::string::npos)
        return "";
      return unit;
    }
  } // namespace

  std::vector<std::pair<std::string, std::string>>
  flat_parameters(const ParameterHandler &prm)
  {
    std::ostringstream text;
    prm.print_parameters(text, ParameterHandler::ShortPRM);
    std::vector<std::pair<std::string, std::string>> result;
    walk_prm(text.str(),
             [&](const std::string &path,
                 const std::string &value,
                 const std::string &) { result.emplace_back(path, value); });
    return result;
  }

  std::map<std::string, std::string>
  parameter_units(const ParameterHandler &prm)
  {
    std::ostringstream text;
    prm.print_parameters(text, ParameterHandler::PRM);
    std::map<std::string, std::string> result;
    walk_prm(text.str(),
             [&](const std::string &path,
                 const std::string &,
                 const std::string &doc) {
               const std::string unit = unit_from_doc(doc);
               if (!unit.empty())
                 result[path] = unit;
             });
    return result;
  }
} // namespace plantarfe::scenario
