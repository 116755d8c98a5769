// `plantarfe info <run folder> [--json]`: what a run produced, read from
// status.json and results.h5 (status, mesh, steps, fields, summary scalars,
// provenance).
#include "app/commands.h"
#include "base/errors.h"
#include "base/printable.h"
#include "output/hdf5_reader.h"
#include "output/json.h"
#include "output/run_folder.h"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

namespace plantarfe::app
{
  namespace
  {
    std::string
    status_line(const output::RunFolder &run)
    {
      const auto get = [&](const std::string &key) {
        return output::text_of(run.status, key);
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
      // Text from files: shown, never sent to the terminal raw.
      return printable(line);
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
        output::Json j;
        j["run"]                 = run.folder;
        j["results"]             = run.results;
        const std::string status = output::text_of(run.status, "status");
        j["status"]              = status.empty() ? "unknown" : status;
        // The other scalar entries of status.json in alphabetical order, as
        // info has always listed them: numbers stay numbers (except the
        // message), everything else becomes its text.
        std::map<std::string, output::Json> entries;
        if (run.status.is_object())
          for (const auto &entry : run.status.items())
            if (entry.key() != "status" && entry.value().is_primitive())
              entries[entry.key()] =
                entry.value().is_number() && entry.key() != "message" ?
                  entry.value() :
                  output::Json(entry.value().is_string() ?
                                 entry.value().get<std::string>() :
                                 entry.value().dump());
        for (const auto &[key, value] : entries)
          j[key] = value;
        j["mesh"]               = {{"dimension", mesh.dim},
                                   {"points", mesh.n_points},
                                   {"cells", mesh.n_cells},
                                   {"cell_type", mesh.cell_type()}};
        j["step_count"]         = steps.size();
        j["last_load_fraction"] = last_load;
        j["steps"]              = output::Json::array();
        for (const auto &s : steps)
          j["steps"].push_back(
            {{"index", s.index}, {"load_fraction", s.load_fraction}});
        j["fields"] = output::Json::array();
        if (!steps.empty())
          for (const auto &f : steps.back().fields)
            j["fields"].push_back({{"name", f.name},
                                   {"unit", f.unit},
                                   {"center", center_name(f)},
                                   {"components", f.components}});
        j["summary"] = output::Json::object();
        for (const auto &[name, value, unit] : summary)
          j["summary"][name] = {{"value", value}, {"unit", unit}};
        j["provenance"] = output::Json::object();
        for (const auto &[key, value] : provenance)
          j["provenance"][key] = value;
        std::cout << output::json_text(j) << '\n';
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
          out << (i > 0 ? ", " : "") << printable(fields[i].name, 200) << " ["
              << printable(fields[i].unit, 200) << ", "
              << (fields[i].on_cells ? "cell" : "point")
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
      out << "  " << std::left << std::setw(name_width) << printable(name, 200)
          << "  " << std::right << std::setw(value_width) << format_value(value)
          << "  " << printable(unit, 200) << '\n';

    if (!provenance.empty())
      {
        std::size_t key_width = 0;
        for (const auto &[key, value] : provenance)
          key_width = std::max(key_width, key.size());
        out << "\nprovenance\n";
        for (const auto &[key, value] : provenance)
          out << "  " << std::left << std::setw(key_width)
              << printable(key, 200) << "  " << printable(value) << '\n';
      }
    return 0;
  }
} // namespace plantarfe::app
