#include "batch/manifest.h"

#include "output/atomic_file.h"
#include "output/csv.h"
#include "output/json.h"
#include "output/run_records.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace plantarfe::batch
{
  namespace fs = std::filesystem;

  namespace
  {
    std::string
    read_file(const fs::path &path)
    {
      return output::read_regular_file(path.string(), 64u << 20);
    }

    /// summary.csv rows that are not metrics (see docs/results-format.md).
    bool
    is_metric(const std::string &quantity)
    {
      return quantity != "dofs" && quantity != "load_fraction_reached" &&
             quantity != "newton_iterations" && quantity != "wall_time";
    }

    struct Metric
    {
      std::string name, unit, value;
    };

    /// Metrics and wall time of a run folder, from its summary.csv.
    std::vector<Metric>
    read_summary(const fs::path &folder, std::string &wall)
    {
      std::vector<Metric> metrics;
      std::error_code     ec;
      if (!fs::exists(folder / "summary.csv", ec))
        return metrics;
      try
        {
          const auto rows =
            output::parse_csv(read_file(folder / "summary.csv"));
          for (std::size_t i = 1; i < rows.size(); ++i)
            {
              if (rows[i].size() < 3)
                continue;
              if (rows[i][0] == "wall_time")
                wall = rows[i][2];
              else if (is_metric(rows[i][0]))
                metrics.push_back({rows[i][0], rows[i][1], rows[i][2]});
            }
        }
      catch (const std::exception &)
        {}
      return metrics;
    }

    std::string
    header(const std::string &name, const std::string &unit)
    {
      return unit.empty() ? name : name + " [" + unit + "]";
    }
  } // namespace

  RunResult
  find_result(const std::string &out_dir,
              const PlannedRun  &run,
              const bool         failed_now)
  {
    std::vector<std::string> folders = {run.name, run.name + ".incomplete"};
    if (failed_now)
      std::swap(folders[0], folders[1]);
    for (const auto &folder : folders)
      {
        const fs::path  status = fs::path(out_dir) / folder / "status.json";
        std::error_code ec;
        if (!fs::exists(status, ec))
          continue;
        try
          {
            const auto fields = output::read_json_file(status.string());
            if (output::text_of(fields, "input_hash") != run.hash)
              continue;
            RunResult r;
            r.folder  = folder;
            r.status  = output::text_of(fields, "status");
            r.message = output::text_of(fields, "message");
            if (r.status.empty())
              r.status = "failed";
            // An ok that the files do not bear out is no result to skip.
            if (r.status == "ok")
              if (const std::string damage =
                    output::damage_of((fs::path(out_dir) / folder).string(),
                                      fields);
                  !damage.empty())
                {
                  r.status  = "damaged";
                  r.message = damage;
                }
            return r;
          }
        catch (const std::exception &)
          {
            // Unreadable: treated as no result (the run is redone).
          }
      }
    return {};
  }

  std::string
  manifest_csv(const BatchPlan                      &plan,
               const std::string                    &out_dir,
               const std::map<std::string, Attempt> &attempts)
  {
    struct Row
    {
      RunResult           result;
      std::vector<Metric> metrics;
      std::string         wall;
    };
    std::vector<Row>                                 rows;
    std::vector<std::pair<std::string, std::string>> metric_columns;
    for (const auto &run : plan.runs)
      {
        Row        row;
        const auto a = attempts.find(run.name);
        row.result =
          find_result(out_dir,
                      run,
                      a != attempts.end() && a->second.exit_code != 0);
        if (!row.result.status.empty())
          row.metrics =
            read_summary(fs::path(out_dir) / row.result.folder, row.wall);
        else
          {
            if (a != attempts.end())
              {
                row.result.status  = "failed";
                row.result.message = a->second.message;
                std::ostringstream w;
                w << a->second.wall_s;
                row.wall = w.str();
              }
            else
              row.result.status = "pending";
          }
        for (const auto &m : row.metrics)
          if (std::none_of(metric_columns.begin(),
                           metric_columns.end(),
                           [&](const auto &c) { return c.first == m.name; }))
            metric_columns.emplace_back(m.name, m.unit);
        rows.push_back(row);
      }

    std::vector<std::string> head = {"name", "scenario"};
    for (const auto &p : plan.parameter_columns)
      {
        const auto unit = plan.units.find(p);
        head.push_back(header(p, unit == plan.units.end() ? "" : unit->second));
      }
    head.push_back("status");
    for (const auto &[name, unit] : metric_columns)
      head.push_back(header(name, unit));
    for (const std::string h :
         {"wall_time [s]", "folder", "input_hash", "message"})
      head.push_back(h);

    std::string text = output::csv_line(head);
    for (std::size_t i = 0; i < rows.size(); ++i)
      {
        const auto              &run = plan.runs[i];
        const auto              &row = rows[i];
        std::vector<std::string> f   = {run.name, run.scenario};
        for (const auto &p : plan.parameter_columns)
          {
            const auto v = run.parameters.find(p);
            f.push_back(v == run.parameters.end() ? "" : v->second);
          }
        f.push_back(row.result.status);
        for (const auto &[name, unit] : metric_columns)
          {
            const auto m =
              std::find_if(row.metrics.begin(),
                           row.metrics.end(),
                           [&](const Metric &x) { return x.name == name; });
            f.push_back(m == row.metrics.end() ? "" : m->value);
          }
        f.push_back(row.wall);
        f.push_back(row.result.folder);
        f.push_back(run.hash);
        // One line per cell: messages may span several.
        std::string message = row.result.message;
        std::replace(message.begin(), message.end(), '\n', ' ');
        f.push_back(message);
        text += output::csv_line(f);
      }
    return text;
  }

  void
  write_manifest(const BatchPlan                      &plan,
                 const std::string                    &out_dir,
                 const std::map<std::string, Attempt> &attempts)
  {
    output::write_file_atomically((fs::path(out_dir) / "manifest.csv").string(),
                                  manifest_csv(plan, out_dir, attempts));
  }
} // namespace plantarfe::batch
