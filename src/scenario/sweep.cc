#include "scenario/sweep.h"

#include <deal.II/base/patterns.h>

#include "base/errors.h"
#include "scenario/parameter_listing.h"
#include "scenario/parameters.h"
#include "scenario/prm_scan.h"
#include "scenario/size_limits.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace plantarfe::scenario
{
  using namespace dealii;

  namespace
  {
    /// Splits @p text at @p separator outside braces; items are trimmed.
    std::vector<std::string>
    split_top(const std::string &text, const char separator)
    {
      std::vector<std::string> items;
      std::string              item;
      int                      depth = 0;
      for (const char c : text)
        {
          if (c == '{')
            ++depth;
          else if (c == '}')
            --depth;
          if (c == separator && depth == 0)
            {
              items.push_back(trimmed(item));
              item.clear();
            }
          else
            item += c;
        }
      items.push_back(trimmed(item));
      return items;
    }

    /// "{0.1, 0.04}" -> "0.1, 0.04"; other values unchanged.
    std::string
    unbrace(const std::string &value)
    {
      if (value.size() >= 2 && value.front() == '{' && value.back() == '}')
        return trimmed(value.substr(1, value.size() - 2));
      return value;
    }

    /// "Dorsiflexion range" -> "dorsiflexion_range".
    std::string
    default_label(const std::string &path)
    {
      std::string name = path.substr(path.rfind('/') + 1);
      std::transform(name.begin(), name.end(), name.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      });
      return sanitise_name(name);
    }
  } // namespace

  std::string
  sanitise_name(const std::string &text)
  {
    std::string out;
    for (const char c : text)
      out += std::isalnum(static_cast<unsigned char>(c)) || c == '.' ||
                 c == '+' || c == '-' ?
               c :
               '_';
    return out;
  }

  void
  declare_sweep_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Sweep");
    prm.declare_entry(
      "Mode",
      "auto",
      Patterns::Selection("auto|grid|zip|none"),
      "How the value lists combine when Parameters names entries: grid = "
      "every combination, zip = the i-th values together (lists of equal "
      "length), auto = allowed for one parameter only, none = the sweep is "
      "off (plantarfe run and the files of sweep --expand use this). Only "
      "plantarfe batch and plantarfe sweep expand sweeps.");
    prm.declare_entry(
      "Parameters",
      "",
      Patterns::Anything(),
      "Entries to vary, as Section/Sub/Entry paths separated by ';'. Empty: "
      "no sweep.");
    prm.declare_entry(
      "Values",
      "",
      Patterns::Anything(),
      "One list per parameter, lists separated by ';', values within a list "
      "by ','; a value that itself contains commas is written in braces, "
      "e.g. {0.1, 0.04, 0.02}. Each value must match its entry's pattern.");
    prm.declare_entry(
      "Labels",
      "",
      Patterns::Anything(),
      "Optional short names for the run names, one per parameter separated "
      "by ';' (default: the entry name in lower case with '_' for spaces), "
      "e.g. 'dorsiflexion' names runs <file stem>_dorsiflexion=5.");
    prm.leave_subsection();
  }

  Sweep
  read_sweep(ParameterHandler &prm, const std::string &file)
  {
    prm.enter_subsection("Sweep");
    const std::string mode       = prm.get("Mode");
    const std::string parameters = trimmed(prm.get("Parameters"));
    const std::string values     = trimmed(prm.get("Values"));
    const std::string labels     = trimmed(prm.get("Labels"));
    prm.leave_subsection();

    // Errors name the line that set the entry (the file when it was set
    // by --set, in JSON, or not at all).
    const auto fail = [&](const std::string &entry, const std::string &why) {
      std::string where = file;
      if (!is_json_scenario(file))
        {
          const auto sources = entry_sources(scan_prm(file));
          if (const auto it = sources.find("Sweep/" + entry);
              it != sources.end())
            where = it->second;
        }
      throw ScenarioError(where + ": Sweep/" + entry + ": " + why);
    };

    Sweep sweep;
    if (mode == "none" || (parameters.empty() && values.empty()))
      return sweep;
    if (parameters.empty())
      fail("Parameters", "Values are given but no Parameters to sweep");

    sweep.paths      = split_top(parameters, ';');
    const auto flat  = flat_parameters(prm);
    const auto known = [&](const std::string &path) {
      return std::any_of(flat.begin(), flat.end(), [&](const auto &e) {
        return e.first == path;
      });
    };
    std::set<std::string> seen;
    for (const auto &path : sweep.paths)
      {
        if (path.empty())
          fail("Parameters", "empty path in '" + parameters + "'");
        if (path.rfind("Sweep/", 0) == 0)
          fail("Parameters", "the Sweep section cannot sweep itself");
        if (!known(path))
          fail("Parameters",
               "'" + path +
                 "' is not a scenario entry (write Section/Sub/Entry as in "
                 "plantarfe params)");
        if (!seen.insert(path).second)
          fail("Parameters", "'" + path + "' is listed twice");
      }

    const auto lists = split_top(values, ';');
    if (lists.size() != sweep.paths.size())
      fail("Values",
           std::to_string(lists.size()) + " value list(s) for " +
             std::to_string(sweep.paths.size()) +
             " parameter(s); separate the lists with ';'");
    // Bounded before any value is checked: a list of a million values took
    // minutes to validate, and each point becomes a run and a folder.
    {
      double points = mode == "zip" ? 0. : 1.;
      for (const auto &list : lists)
        {
          const double n = static_cast<double>(split_top(list, ',').size());
          points         = mode == "zip" ? std::max(points, n) : points * n;
        }
      if (points > static_cast<double>(max_sweep_points()))
        fail("Values",
             "the sweep has " +
               std::to_string(static_cast<long long>(std::min(points, 9e18))) +
               " points; a batch holds at most " +
               std::to_string(max_sweep_points()) +
               " runs (set PLANTARFE_MAX_RUNS to allow more, or split the "
               "sweep)");
    }
    for (unsigned int i = 0; i < lists.size(); ++i)
      {
        std::vector<std::string> list;
        for (const auto &v : split_top(lists[i], ','))
          list.push_back(unbrace(v));
        if (std::any_of(list.begin(), list.end(), [](const auto &v) {
              return v.empty();
            }))
          fail("Values", "empty value in the list for " + sweep.paths[i]);
        // Each value must pass the entry's own pattern; the entry keeps its
        // value from the file afterwards.
        const auto original =
          std::find_if(flat.begin(), flat.end(), [&](const auto &e) {
            return e.first == sweep.paths[i];
          })->second;
        for (const auto &v : list)
          {
            try
              {
                set_entry(prm, sweep.paths[i], v);
              }
            catch (const ScenarioError &e)
              {
                fail("Values",
                     "value '" + v + "' for " + sweep.paths[i] + ": " +
                       e.what());
              }
          }
        set_entry(prm, sweep.paths[i], original);
        sweep.values.push_back(list);
      }

    if (sweep.paths.size() > 1 && mode == "auto")
      fail("Mode",
           "several parameters are swept: state how they combine, set Mode "
           "= grid (every combination) or zip (i-th values together)");
    sweep.mode = mode == "zip" ? "zip" : "grid";
    if (sweep.mode == "zip")
      for (const auto &list : sweep.values)
        if (list.size() != sweep.values.front().size())
          fail("Values",
               "Mode = zip needs lists of equal length (" +
                 std::to_string(sweep.values.front().size()) + " and " +
                 std::to_string(list.size()) + ")");

    if (!labels.empty())
      {
        sweep.labels = split_top(labels, ';');
        if (sweep.labels.size() != sweep.paths.size())
          fail("Labels",
               std::to_string(sweep.labels.size()) + " label(s) for " +
                 std::to_string(sweep.paths.size()) + " parameter(s)");
        for (auto &l : sweep.labels)
          {
            l = sanitise_name(l);
            if (l.empty())
              fail("Labels", "empty label");
          }
      }
    else
      for (const auto &p : sweep.paths)
        sweep.labels.push_back(default_label(p));
    return sweep;
  }

  std::vector<SweepPoint>
  expand_sweep(const Sweep &sweep)
  {
    std::vector<SweepPoint> points;
    if (!sweep.active())
      return points;
    const unsigned int n = sweep.paths.size();
    // Index of the value of each parameter in the current point.
    std::vector<std::size_t> at(n, 0);
    const auto               add = [&]() {
      SweepPoint p;
      for (unsigned int i = 0; i < n; ++i)
        {
          const std::string &v = sweep.values[i][at[i]];
          p.assignments.emplace_back(sweep.paths[i], v);
          p.suffix +=
            (i > 0 ? "_" : "") + sweep.labels[i] + "=" + sanitise_name(v);
        }
      points.push_back(p);
    };
    if (sweep.mode == "zip")
      {
        for (std::size_t k = 0; k < sweep.values.front().size(); ++k)
          {
            std::fill(at.begin(), at.end(), k);
            add();
          }
        return points;
      }
    while (true)
      {
        add();
        // Odometer: the last parameter varies fastest.
        int i = n - 1;
        for (; i >= 0; --i)
          {
            if (++at[i] < sweep.values[i].size())
              break;
            at[i] = 0;
          }
        if (i < 0)
          return points;
      }
  }
} // namespace plantarfe::scenario
