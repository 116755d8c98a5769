// `plantarfe info <run folder> [--json]`: what a run produced, read from
// status.json and results.h5 (status, mesh, steps, fields, summary scalars,
// provenance).
#include "app/commands.h"
#include "base/errors.h"
#include "output/hdf5_reader.h"
#include "output/json_writer.h"
#include "output/run_folder.h"

#include <algorithm>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace plantarfe::app
{
  namespace
  {
    std::string
    status_line(const output::RunFolder &run)
    {
      const auto get = [&](const std::string &key) -> std::string {
        const auto it = run.status.find(key);
        return it == run.status.end() ? "" : it->second;
      };
      if (run.status.empty())
        return "unknown (no status.json)";
      std::string line = get("status");
      if (line.empty())
        line = "unknown";
      if (line != "ok" && !get("load_fraction_reached").empty())
        line += " at load fraction " + get("load_fraction_reached");
      if (!get("message").empty())
        line += ": " + get("message");
      return line;
    }

    std::string
    format_value(const double v)
    {
      std::ostringstream s;
      s << std::setprecision(6) << v;
      return s.str();
    }

    std::string
    center_name(const output::FieldInfo &f)
    {
      return f.on_cells ? "Cell" : "Node";
    }
  } // namespace


  int
  info_command(const std::vector<std::string> &args)
  {
    bool        json = false;
    std::string folder;
    for (const auto &a : args)
      if (a == "--json")
        json = true;
      else if (!a.empty() && a[0] == '-')
        throw ScenarioError("info: unknown option '" + a +
                            "' (usage: plantarfe info <run folder> [--json])");
      else if (folder.empty())
        folder = a;
      else
        throw ScenarioError("info: unexpected argument '" + a + "'");
    if (folder.empty())
      throw ScenarioError(
        "info: no run folder given (usage: plantarfe info <run folder> "
        "[--json])");

    const output::RunFolder  run = output::open_run_folder("info", folder);
    const output::Hdf5Reader h5(run.results);
    const auto               mesh       = h5.mesh_info();
    const auto               steps      = h5.steps();
    const auto               summary    = h5.summary();
    const auto               provenance = h5.texts("/provenance");
    const double last_load = steps.empty() ? 0. : steps.back().load_fraction;

    if (json)
      {
        output::JsonWriter j;
        j.begin_object();
        j.value("run", run.folder);
        j.value("results", run.results);
        const auto status = run.status.find("status");
        j.value("status",
                status == run.status.end() ? "unknown" : status->second);
        for (const auto &[key, value] : run.status)
          {
            if (key == "status")
              continue;
            // Numbers stay numbers, everything else is a string.
            char        *end    = nullptr;
            const double number = std::strtod(value.c_str(), &end);
            if (key != "message" && !value.empty() &&
                end == value.c_str() + value.size())
              j.value(key, number);
            else
              j.value(key, value);
          }
        j.begin_object("mesh");
        j.value("dimension", mesh.dim);
        j.value("points", static_cast<unsigned long long>(mesh.n_points));
        j.value("cells", static_cast<unsigned long long>(mesh.n_cells));
        j.value("cell_type", mesh.cell_type());
        j.end_object();
        j.value("step_count", static_cast<unsigned int>(steps.size()));
        j.value("last_load_fraction", last_load);
        j.begin_array("steps");
        for (const auto &s : steps)
          {
            j.begin_object();
            j.value("index", s.index);
            j.value("load_fraction", s.load_fraction);
            j.end_object();
          }
        j.end_array();
        j.begin_array("fields");
        if (!steps.empty())
          for (const auto &f : steps.back().fields)
            {
              j.begin_object();
              j.value("name", f.name);
              j.value("unit", f.unit);
              j.value("center", center_name(f));
              j.value("components", f.components);
              j.end_object();
            }
        j.end_array();
        j.begin_object("summary");
        for (const auto &[name, value, unit] : summary)
          {
            j.begin_object(name);
            j.value("value", value);
            j.value("unit", unit);
            j.end_object();
          }
        j.end_object();
        j.begin_object("provenance");
        for (const auto &[key, value] : provenance)
          j.value(key, value);
        j.end_object();
        j.end_object();
        std::cout << j.str() << '\n';
        return 0;
      }

    std::ostream &out = std::cout;
    out << "run         " << run.folder << '\n'
        << "status      " << status_line(run) << '\n'
        << "mesh        " << mesh.dim << "D, " << mesh.n_points << " points, "
        << mesh.n_cells << ' ' << mesh.cell_type() << " cells\n"
        << "steps       " << steps.size();
    if (!steps.empty())
      out << " (last: step " << steps.back().index << ", load fraction "
          << format_value(last_load) << ')';
    out << '\n';
    if (!steps.empty())
      {
        out << "fields      ";
        const auto &fields = steps.back().fields;
        for (unsigned int i = 0; i < fields.size(); ++i)
          out << (i > 0 ? ", " : "") << fields[i].name << " [" << fields[i].unit
              << ", " << (fields[i].on_cells ? "cell" : "point")
              << (fields[i].components == 3 ? ", vector" : "") << ']';
        out << '\n';
      }

    std::size_t name_width = 4, value_width = 5;
    for (const auto &[name, value, unit] : summary)
      {
        name_width  = std::max(name_width, name.size());
        value_width = std::max(value_width, format_value(value).size());
      }
    out << "\nsummary\n"
        << "  " << std::left << std::setw(name_width) << "name"
        << "  " << std::right << std::setw(value_width) << "value"
        << "  unit\n";
    for (const auto &[name, value, unit] : summary)
      out << "  " << std::left << std::setw(name_width) << name << "  "
          << std::right << std::setw(value_width) << format_value(value) << "  "
          << unit << '\n';

    if (!provenance.empty())
      {
        std::size_t key_width = 0;
        for (const auto &[key, value] : provenance)
          key_width = std::max(key_width, key.size());
        out << "\nprovenance\n";
        for (const auto &[key, value] : provenance)
          out << "  " << std::left << std::setw(key_width) << key << "  "
              << value << '\n';
      }
    return 0;
  }
} // namespace plantarfe::app
