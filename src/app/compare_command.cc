// `plantarfe compare`: one metric of a batch per value of one parameter,
// with the change against a baseline run, as a terminal table, a CSV and a
// PNG chart. Everything comes from manifest.csv, so it works for any metric
// and any parameter column the batch wrote.
#include "app/commands.h"
#include "base/errors.h"
#include "base/printable.h"
#include "output/atomic_file.h"
#include "output/csv.h"
#include "render/chart_png.h"
#include "scenario/sweep.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>

namespace plantarfe::app
{
  namespace fs = std::filesystem;

  namespace
  {
    struct CompareOptions
    {
      std::string source, metric, by, baseline, prefix;
      bool        has_baseline = false;
    };

    CompareOptions
    parse_compare_args(const std::vector<std::string> &args)
    {
      CompareOptions o;
      for (std::size_t i = 0; i < args.size(); ++i)
        {
          const std::string &a     = args[i];
          const auto         value = [&]() -> const std::string         &{
            if (i + 1 >= args.size())
              throw ScenarioError("compare: " + a + " needs a value");
            return args[++i];
          };
          if (a == "--metric")
            o.metric = value();
          else if (a == "--by")
            o.by = value();
          else if (a == "--baseline")
            {
              o.baseline     = value();
              o.has_baseline = true;
            }
          else if (a == "-o" || a == "--output")
            o.prefix = value();
          else if (!a.empty() && a[0] == '-')
            throw ScenarioError("compare: unknown option '" + a + "'");
          else if (o.source.empty())
            o.source = a;
          else
            throw ScenarioError("compare: unexpected argument '" + a + "'");
        }
      if (o.source.empty() || o.metric.empty() || o.by.empty())
        throw ScenarioError("compare: usage: compare <results dir | "
                            "manifest.csv> --metric NAME --by \"Section/"
                            "Entry\" [--baseline VALUE] [-o PREFIX]");
      return o;
    }

    /// "name [unit]" -> {name, unit}.
    std::pair<std::string, std::string>
    split_header(const std::string &h)
    {
      const auto open = h.rfind(" [");
      if (open == std::string::npos || h.back() != ']')
        return {h, ""};
      return {h.substr(0, open), h.substr(open + 2, h.size() - open - 3)};
    }

    bool
    to_number(const std::string &s, double &v)
    {
      if (s.empty())
        return false;
      char *end = nullptr;
      v         = std::strtod(s.c_str(), &end);
      return *end == '\0' && std::isfinite(v);
    }

    bool
    same_value(const std::string &a, const std::string &b)
    {
      double x, y;
      if (to_number(a, x) && to_number(b, y))
        return x == y;
      return a == b;
    }

    std::string
    fmt(double v, const char *format = "%.8g")
    {
      if (!std::isfinite(v))
        return "-";
      char s[48];
      std::snprintf(s, sizeof(s), format, v);
      return s;
    }

    std::string
    names(const std::vector<std::string> &list)
    {
      std::string s;
      for (const auto &n : list)
        s += (s.empty() ? "" : ", ") + n;
      return s.empty() ? "(none)" : s;
    }

    /// A batch manifest as a table, with where its columns are.
    struct Manifest
    {
      fs::path                              path;
      std::vector<std::vector<std::string>> table; ///< header first
      std::size_t                           status_col = 0;
      std::size_t                           wall_col   = 0;
      std::vector<std::string>              parameters, metrics;
    };

    Manifest
    read_manifest(const std::string &source)
    {
      Manifest        m;
      std::error_code ec;
      m.path = fs::is_directory(source, ec) ?
                 fs::path(source) / "manifest.csv" :
                 fs::path(source);
      std::ifstream in(m.path);
      if (!in)
        throw ScenarioError(
          "compare: cannot open " + m.path.string() +
          " (give a batch output folder or its manifest.csv)");
      std::stringstream text;
      text << in.rdbuf();
      m.table = output::parse_csv(text.str());
      if (m.table.size() < 2)
        throw ScenarioError("compare: " + m.path.string() + " has no runs");

      // Columns: name, scenario, parameters..., status, metrics...,
      // wall_time [s], folder, input_hash, message (docs/batch.md).
      const auto &head   = m.table.front();
      const auto  status = std::find(head.begin(), head.end(), "status");
      const auto  wall   = std::find(head.begin(), head.end(), "wall_time [s]");
      if (head.size() < 3 || head[0] != "name" || status == head.end() ||
          wall == head.end() || wall < status)
        throw ScenarioError("compare: " + m.path.string() +
                            " is not a batch manifest");
      m.status_col = status - head.begin();
      m.wall_col   = wall - head.begin();
      for (std::size_t c = 2; c < m.status_col; ++c)
        m.parameters.push_back(split_header(head[c]).first);
      for (std::size_t c = m.status_col + 1; c < m.wall_col; ++c)
        m.metrics.push_back(split_header(head[c]).first);
      for (std::size_t r = 1; r < m.table.size(); ++r)
        if (m.table[r].size() != head.size())
          throw ScenarioError("compare: " + m.path.string() + ": row " +
                              std::to_string(r + 1) + " has " +
                              std::to_string(m.table[r].size()) + " fields, " +
                              "the header " + std::to_string(head.size()));
      return m;
    }

    /// One chart line: the runs that share the values of the other
    /// parameters.
    struct Group
    {
      std::string              label;
      std::vector<std::size_t> rows;
    };

    std::vector<Group>
    group_rows(const Manifest &m, const std::vector<std::size_t> &others)
    {
      const auto        &head = m.table.front();
      std::vector<Group> groups;
      for (std::size_t r = 1; r < m.table.size(); ++r)
        {
          std::string label;
          for (const auto c : others)
            {
              const std::string name = split_header(head[c]).first;
              label += (label.empty() ? "" : ", ") +
                       name.substr(name.rfind('/') + 1) + "=" + m.table[r][c];
            }
          auto g = std::find_if(groups.begin(), groups.end(), [&](auto &x) {
            return x.label == label;
          });
          if (g == groups.end())
            {
              groups.push_back({label, {}});
              g = groups.end() - 1;
            }
          g->rows.push_back(r);
        }
      return groups;
    }

    /// The comparison: table rows (header first) and chart series.
    struct Comparison
    {
      std::vector<std::vector<std::string>> rows;
      render::ChartRequest                  chart;
      std::vector<std::string>              categories;
    };

    /// Rows of one group against its baseline run, and its chart series.
    void
    compare_group(const CompareOptions &o,
                  const Manifest       &m,
                  const std::size_t     by_col,
                  const std::size_t     metric_col,
                  const bool            all_numeric,
                  const Group          &g,
                  Comparison           &result)
    {
      const auto &table    = m.table;
      const auto  value_of = [&](std::size_t r) {
        double v;
        return table[r][m.status_col] == "ok" &&
                   to_number(table[r][metric_col], v) ?
                  v :
                  std::numeric_limits<double>::quiet_NaN();
      };
      // Baseline: the run with --baseline's value, else the group's first
      // run (a sweep's first value, e.g. the supple calf).
      std::size_t base  = g.rows.front();
      bool        found = !o.has_baseline;
      if (o.has_baseline)
        for (const auto r : g.rows)
          if (same_value(table[r][by_col], o.baseline))
            {
              base  = r;
              found = true;
              break;
            }
      const double b =
        found ? value_of(base) : std::numeric_limits<double>::quiet_NaN();
      render::ChartSeries series;
      series.label = g.label;
      for (const auto r : g.rows)
        {
          const double v = value_of(r);
          result.rows.push_back(
            {g.label,
             table[r][by_col],
             fmt(v),
             fmt(v - b),
             fmt(b != 0. ? 100. * (v - b) / b :
                           std::numeric_limits<double>::quiet_NaN(),
                 "%+.2f"),
             found ? table[base][by_col] : "-",
             table[r][m.status_col],
             table[r][0]});
          double x;
          if (all_numeric)
            to_number(table[r][by_col], x);
          else
            {
              auto &categories = result.categories;
              auto  it         = std::find(categories.begin(),
                                  categories.end(),
                                  table[r][by_col]);
              if (it == categories.end())
                {
                  categories.push_back(table[r][by_col]);
                  it = categories.end() - 1;
                }
              x = it - categories.begin();
            }
          series.x.push_back(x);
          series.y.push_back(v);
        }
      result.chart.series.push_back(series);
      if (o.has_baseline && !found)
        std::cerr << printable("compare: warning: no run with " + o.by + " = " +
                               o.baseline +
                               (g.label.empty() ? "" : " for " + g.label) +
                               "; no change shown")
                  << '\n';
    }

    /// Terminal table, columns aligned; numbers right-aligned.
    void
    print_table(const std::vector<std::vector<std::string>> &out,
                const bool                                   grouped)
    {
      std::vector<std::size_t> width(out.front().size(), 0);
      for (const auto &row : out)
        for (std::size_t c = 0; c < row.size(); ++c)
          width[c] = std::max(width[c], row[c].size());
      for (std::size_t r = 0; r < out.size(); ++r)
        {
          std::string line;
          for (std::size_t c = 0; c < out[r].size(); ++c)
            {
              const std::string pad(width[c] - out[r][c].size(), ' ');
              const bool        text_col =
                (grouped && c == 0) || c + 2 >= out[r].size();
              line += (c ? "  " : "") +
                      (text_col ? out[r][c] + pad : pad + out[r][c]);
            }
          // Cells come from the manifest: shown, never sent raw.
          std::cout << printable(line.substr(0, line.find_last_not_of(' ') + 1))
                    << '\n';
        }
    }
  } // namespace

  int
  compare_command(const std::vector<std::string> &args)
  {
    const CompareOptions o    = parse_compare_args(args);
    const Manifest       m    = read_manifest(o.source);
    const auto          &head = m.table.front();

    const auto by_it =
      std::find(m.parameters.begin(), m.parameters.end(), o.by);
    if (by_it == m.parameters.end())
      throw ScenarioError(
        "compare: --by \"" + o.by + "\" is not a parameter column of " +
        m.path.string() +
        "; parameters that vary there: " + names(m.parameters));
    const auto metric_it =
      std::find(m.metrics.begin(), m.metrics.end(), o.metric);
    if (metric_it == m.metrics.end())
      throw ScenarioError("compare: --metric " + o.metric + " is not in " +
                          m.path.string() + "; metrics: " + names(m.metrics));
    const std::size_t by_col = 2 + (by_it - m.parameters.begin());
    const std::size_t metric_col =
      m.status_col + 1 + (metric_it - m.metrics.begin());
    const std::string by_unit     = split_header(head[by_col]).second;
    const std::string metric_unit = split_header(head[metric_col]).second;
    std::vector<std::size_t> others;
    for (std::size_t c = 2; c < m.status_col; ++c)
      if (c != by_col)
        others.push_back(c);

    // Table rows: [group label], value, metric, change, change %, status.
    const std::string metric_head =
      o.metric + (metric_unit.empty() ? "" : " [" + metric_unit + "]");
    const std::string change_head =
      "change" + (metric_unit.empty() ? "" : " [" + metric_unit + "]");
    Comparison result;
    result.rows      = {{"group",
                         head[by_col],
                         metric_head,
                         change_head,
                         "change [%]",
                         "baseline",
                         "status",
                         "name"}};
    bool all_numeric = true;
    for (std::size_t r = 1; r < m.table.size(); ++r)
      {
        double x;
        all_numeric = all_numeric && to_number(m.table[r][by_col], x);
      }
    for (const auto &g : group_rows(m, others))
      compare_group(o, m, by_col, metric_col, all_numeric, g, result);
    const bool grouped = !others.empty();
    if (!grouped)
      for (auto &row : result.rows)
        row.erase(row.begin());
    print_table(result.rows, grouped);

    // CSV and chart beside the manifest unless -o says otherwise.
    const std::string prefix =
      !o.prefix.empty() ?
        o.prefix :
        (m.path.parent_path() /
         ("compare_" + scenario::sanitise_name(o.metric) + "_by_" +
          scenario::sanitise_name(o.by.substr(o.by.rfind('/') + 1))))
          .string();
    {
      std::string csv;
      for (const auto &row : result.rows)
        csv += output::csv_line(row);
      try
        {
          output::write_file_atomically(prefix + ".csv", csv);
        }
      catch (const IoError &e)
        {
          throw IoError(std::string("compare: ") + e.what());
        }
    }
    render::ChartRequest &chart = result.chart;
    chart.title        = o.metric + " vs " + o.by.substr(o.by.rfind('/') + 1);
    chart.x_label      = o.by + (by_unit.empty() ? "" : " [" + by_unit + "]");
    chart.y_label      = metric_head;
    chart.x_categories = result.categories;
    chart.output       = prefix + ".png";
    render::write_chart_png(chart);
    std::cerr << "compare: table " << prefix << ".csv, chart " << prefix
              << ".png\n";
    return 0;
  }
} // namespace plantarfe::app
