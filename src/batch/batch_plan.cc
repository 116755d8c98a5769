#include "batch/batch_plan.h"

#include <deal.II/base/parameter_handler.h>

#include "base/errors.h"
#include "batch/glob.h"
#include "output/folder_names.h"
#include "run/input_hash.h"
#include "scenario/parameter_listing.h"
#include "scenario/parameters.h"
#include "scenario/sweep.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace plantarfe::batch
{
  namespace fs = std::filesystem;

  namespace
  {
    /// Parses @p file with @p overrides like `run` does; on success fills
    /// @p run's parameters and hash. Returns the error message, or "".
    std::string
    read_point(const std::string              &file,
               const std::vector<std::string> &overrides,
               PlannedRun                     &run,
               scenario::Sweep                *sweep = nullptr)
    {
      try
        {
          dealii::ParameterHandler prm;
          scenario::declare_parameters(prm);
          scenario::read_scenario(prm, file, overrides);
          if (sweep)
            *sweep = scenario::read_sweep(prm, file);
          for (const auto &[path, value] : scenario::flat_parameters(prm))
            if (path.rfind("Sweep/", 0) != 0)
              run.parameters[path] = value;
          run.hash = run::input_hash(prm);
          return "";
        }
      catch (const std::exception &e)
        {
          return e.what();
        }
    }

    std::vector<std::string>
    expand_patterns(const std::vector<std::string> &patterns,
                    std::vector<std::string>       &errors)
    {
      std::vector<std::string> files;
      std::set<std::string>    seen;
      for (const auto &p : patterns)
        {
          std::vector<std::string> matched;
          if (has_wildcard(p))
            {
              matched = expand_glob(p);
              if (matched.empty())
                errors.push_back("'" + p + "' matches no file");
            }
          else
            {
              std::error_code ec;
              if (!fs::is_regular_file(p, ec))
                errors.push_back(p + ": no such scenario file");
              else
                matched.push_back(p);
            }
          for (const auto &f : matched)
            {
              // The same file through two patterns is one run, not a
              // duplicate name.
              std::error_code ec;
              const auto      key = fs::weakly_canonical(f, ec).string();
              if (seen.insert(key).second)
                files.push_back(f);
            }
        }
      return files;
    }
  } // namespace

  BatchPlan
  plan_batch(const std::vector<std::string> &patterns,
             const std::vector<std::string> &sets)
  {
    BatchPlan plan;
    if (patterns.empty())
      plan.errors.push_back("no scenario files given");
    const auto files = expand_patterns(patterns, plan.errors);

    for (const auto &file : files)
      {
        const std::string stem = fs::path(file).stem().string();
        PlannedRun        base;
        base.name      = stem;
        base.scenario  = file;
        base.overrides = sets;
        scenario::Sweep   sweep;
        const std::string error = read_point(file, sets, base, &sweep);
        if (!error.empty())
          {
            plan.errors.push_back(error);
            continue;
          }
        if (!sweep.active())
          {
            plan.runs.push_back(base);
            continue;
          }
        for (const auto &point : scenario::expand_sweep(sweep))
          {
            PlannedRun run;
            run.name      = stem + "_" + point.suffix;
            run.scenario  = file;
            run.overrides = sets;
            run.overrides.push_back("Sweep/Mode=none");
            for (const auto &[path, value] : point.assignments)
              run.overrides.push_back(path + "=" + value);
            run.swept           = point.assignments;
            const std::string e = read_point(file, run.overrides, run);
            if (!e.empty())
              plan.errors.push_back("sweep point " + run.name + ": " + e);
            else
              plan.runs.push_back(run);
          }
      }

    // Run names become folder names: they must be unique.
    std::map<std::string, std::string> owner;
    for (const auto &run : plan.runs)
      {
        // Run names become folders under the batch folder: each must stay
        // there (a file "...prm" would make the run "..").
        const std::string why = output::folder_name_problem(run.name);
        if (!why.empty())
          plan.errors.push_back(run.scenario + ": run name '" + run.name +
                                "' cannot be a folder name (" + why +
                                "); rename the file or set Sweep/Labels");
        // The batch keeps its run logs in <out>/logs/.
        if (run.name == "logs")
          plan.errors.push_back(run.scenario +
                                ": the run name 'logs' is reserved for the "
                                "batch's log folder; rename the file");
        const auto [it, fresh] = owner.emplace(run.name, run.scenario);
        if (!fresh)
          plan.errors.push_back(
            "duplicate run name '" + run.name + "' (" + it->second + " and " +
            run.scenario +
            "): each run needs its own folder; rename a file or set "
            "Sweep/Labels");
      }

    // Manifest columns: swept entries, then entries that differ.
    for (const auto &run : plan.runs)
      for (const auto &[path, value] : run.swept)
        if (std::find(plan.parameter_columns.begin(),
                      plan.parameter_columns.end(),
                      path) == plan.parameter_columns.end())
          plan.parameter_columns.push_back(path);
    if (!plan.runs.empty())
      for (const auto &[path, value] : plan.runs.front().parameters)
        {
          if (std::find(plan.parameter_columns.begin(),
                        plan.parameter_columns.end(),
                        path) != plan.parameter_columns.end())
            continue;
          for (const auto &run : plan.runs)
            {
              const auto it = run.parameters.find(path);
              if (it == run.parameters.end() || it->second != value)
                {
                  plan.parameter_columns.push_back(path);
                  break;
                }
            }
        }
    dealii::ParameterHandler prm;
    scenario::declare_parameters(prm);
    plan.units = scenario::parameter_units(prm);
    return plan;
  }
} // namespace plantarfe::batch
