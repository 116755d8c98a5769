// Writes one self-contained scenario file per planned run; see
// expanded_scenarios.h.
#include "batch/expanded_scenarios.h"

#include <deal.II/base/parameter_handler.h>

#include "base/errors.h"
#include "output/atomic_file.h"
#include "scenario/parameter_listing.h"
#include "scenario/parameters.h"
#include "scenario/prm_scan.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace plantarfe::batch
{
  namespace fs = std::filesystem;

  std::string
  assignments_as_prm(const std::vector<std::string> &assignments)
  {
    std::ostringstream text;
    for (const auto &assignment : assignments)
      {
        const auto               eq = assignment.find('=');
        std::vector<std::string> parts;
        std::stringstream        path(assignment.substr(0, eq));
        for (std::string part; std::getline(path, part, '/');)
          parts.push_back(part);
        for (std::size_t k = 0; k + 1 < parts.size(); ++k)
          text << std::string(2 * k, ' ') << "subsection " << parts[k] << '\n';
        text << std::string(2 * (parts.size() - 1), ' ') << "set "
             << parts.back() << " = " << assignment.substr(eq + 1) << '\n';
        for (std::size_t k = parts.size() - 1; k-- > 0;)
          text << std::string(2 * k, ' ') << "end\n";
      }
    return text.str();
  }

  namespace
  {
    /// First line of every file --expand writes: only such files are
    /// replaced by a later --expand.
    const std::string expanded_header =
      "# Scenario written by `plantarfe batch --expand`";

    /// "Section/Entry=value" overrides as path -> value, in order; a later
    /// one replaces an earlier one, as when they are applied.
    std::vector<std::pair<std::string, std::string>>
    override_values(const std::vector<std::string> &overrides)
    {
      std::vector<std::pair<std::string, std::string>> values;
      for (const auto &o : overrides)
        {
          const auto        eq   = o.find('=');
          const std::string path = scenario::normalised_name(o.substr(0, eq));
          const std::string value =
            eq == std::string::npos ? "" : o.substr(eq + 1);
          const auto same =
            std::find_if(values.begin(), values.end(), [&](const auto &v) {
              return v.first == path;
            });
          if (same != values.end())
            same->second = value;
          else
            values.emplace_back(path, value);
        }
      return values;
    }

    /// A .prm scenario with its includes inlined and every overridden entry
    /// set in place (the others appended), so that no entry is set twice.
    std::string
    expanded_prm(const PlannedRun &run)
    {
      auto               values = override_values(run.overrides);
      std::ostringstream text;
      for (const auto &line : scenario::scan_prm(run.scenario))
        {
          if (line.kind == scenario::ScannedLine::Kind::include)
            {
              text << line.indent << "# "
                   << line.text.substr(line.indent.size())
                   << "  (inlined below by --expand)\n";
              continue;
            }
          const auto v =
            std::find_if(values.begin(), values.end(), [&](const auto &o) {
              return o.first == line.path;
            });
          if (line.kind != scenario::ScannedLine::Kind::set ||
              v == values.end())
            {
              text << line.text << '\n';
              continue;
            }
          const std::string name = line.path.substr(line.path.rfind('/') + 1);
          text << line.indent << "set " << name << " = " << v->second
               << "  # set by the batch (was " << line.value.substr(0, 80)
               << ")\n";
          values.erase(v);
        }
      std::vector<std::string> rest;
      for (const auto &[path, value] : values)
        rest.push_back(path + "=" + value);
      if (!rest.empty())
        text << "\n# The batch's --set and sweep point:\n"
             << assignments_as_prm(rest);
      return text.str();
    }

    /// A JSON scenario as .prm text: every entry whose effective value
    /// differs from its default.
    std::string
    expanded_json(const PlannedRun &run)
    {
      dealii::ParameterHandler defaults;
      scenario::declare_parameters(defaults);
      std::map<std::string, std::string> default_values;
      for (const auto &[path, value] : scenario::flat_parameters(defaults))
        default_values[path] = value;
      std::vector<std::string> changed;
      for (const auto &[path, value] : run.parameters)
        if (default_values.count(path) == 0 || default_values[path] != value)
          changed.push_back(path + "=" + value);
      return assignments_as_prm(changed);
    }

    /// Throws ScenarioError if writing @p path would replace a scenario of
    /// the plan or a file --expand did not write.
    void
    check_replaceable(const fs::path &path, const BatchPlan &plan)
    {
      std::error_code ec;
      if (!fs::exists(fs::symlink_status(path, ec)))
        return;
      for (const auto &run : plan.runs)
        if (fs::equivalent(path, run.scenario, ec))
          throw ScenarioError("--expand: " + path.string() +
                              " is the scenario file of run " + run.name +
                              "; writing there would replace it, choose "
                              "another folder");
      std::string first_line;
      if (fs::is_regular_file(fs::symlink_status(path, ec)))
        {
          std::ifstream in(path);
          std::getline(in, first_line);
        }
      if (first_line.rfind(expanded_header, 0) != 0)
        throw ScenarioError("--expand: " + path.string() +
                            " exists and was not written by --expand; "
                            "choose another folder (nothing was written)");
    }
  } // namespace

  void
  write_expanded_scenarios(const BatchPlan &plan, const std::string &folder)
  {
    // Every target is checked before anything is written.
    std::vector<std::pair<fs::path, std::string>> files;
    for (const auto &run : plan.runs)
      {
        const fs::path path = fs::path(folder) / (run.name + ".prm");
        check_replaceable(path, plan);
        const bool json = scenario::is_json_scenario(run.scenario);
        files.emplace_back(path,
                           expanded_header + " from " + run.scenario +
                             " (run " + run.name +
                             "): includes inlined, the batch's --set and "
                             "the sweep point set in place.\n" +
                             (json ? expanded_json(run) : expanded_prm(run)));
      }
    output::make_directory(folder);
    for (const auto &[path, text] : files)
      {
        output::write_file_atomically(path.string(), text);
        std::cout << path.string() << '\n';
      }
  }
} // namespace plantarfe::batch
