// `plantarfe render <run folder> --field NAME [--step last|N] [--region ID]
// [--size WxH] [--no-warp] [--warp-scale S] [-o out.png]`: a PNG picture of
// one field of one load step, read from the run's results.h5.
#include "app/commands.h"
#include "base/errors.h"
#include "output/hdf5_reader.h"
#include "output/run_folder.h"
#include "render/vtk_render.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

namespace plantarfe::app
{
  namespace
  {
    const char *render_usage =
      "usage: plantarfe render <run folder> --field NAME [--step last|N] "
      "[--region ID] [--size WxH] [--no-warp] [--warp-scale S] [-o out.png]";

    struct RenderOptions
    {
      std::string        folder;
      std::string        field;
      std::string        step = "last";
      std::optional<int> region;
      unsigned int       width      = 1200;
      unsigned int       height     = 900;
      bool               warp       = true;
      double             warp_scale = 1.;
      std::string        output;
    };

    template <typename Number>
    Number
    parse_number(const std::string &option, const std::string &text)
    {
      std::istringstream in(text);
      Number             value{};
      in >> value;
      if (!in || !in.eof())
        throw ScenarioError("render: " + option + ": '" + text +
                            "' is not a number");
      return value;
    }

    RenderOptions
    parse_render_args(const std::vector<std::string> &args)
    {
      RenderOptions o;
      for (unsigned int i = 0; i < args.size(); ++i)
        {
          const std::string &a     = args[i];
          const auto         value = [&]() -> const std::string         &{
            if (i + 1 >= args.size())
              throw ScenarioError("render: " + a + " needs a value\n" +
                                  render_usage);
            return args[++i];
          };
          if (a == "--field" || a == "-f")
            o.field = value();
          else if (a == "--step")
            o.step = value();
          else if (a == "--region")
            o.region = parse_number<int>(a, value());
          else if (a == "--size")
            {
              const std::string &size = value();
              const auto         x    = size.find('x');
              if (x == std::string::npos)
                throw ScenarioError("render: --size: '" + size +
                                    "' is not WIDTHxHEIGHT (e.g. 1200x900)");
              o.width  = parse_number<unsigned int>(a, size.substr(0, x));
              o.height = parse_number<unsigned int>(a, size.substr(x + 1));
              if (o.width < 64 || o.height < 64 || o.width > 8192 ||
                  o.height > 8192)
                throw ScenarioError("render: --size: " + size +
                                    " is outside 64x64 ... 8192x8192");
            }
          else if (a == "--no-warp")
            o.warp = false;
          else if (a == "--warp-scale")
            o.warp_scale = parse_number<double>(a, value());
          else if (a == "-o" || a == "--output")
            o.output = value();
          else if (!a.empty() && a[0] == '-')
            throw ScenarioError("render: unknown option '" + a + "'\n" +
                                render_usage);
          else if (o.folder.empty())
            o.folder = a;
          else
            throw ScenarioError("render: unexpected argument '" + a + "'");
        }
      if (o.folder.empty())
        throw ScenarioError(std::string("render: no run folder given\n") +
                            render_usage);
      if (o.field.empty())
        throw ScenarioError(std::string("render: no --field given\n") +
                            render_usage);
      return o;
    }

    std::string
    join(const std::vector<std::string> &items)
    {
      std::string r;
      for (const auto &s : items)
        r += (r.empty() ? "" : ", ") + s;
      return r;
    }

    std::string
    format_number(const double v)
    {
      std::ostringstream s;
      s << std::setprecision(4) << v;
      return s.str();
    }

    /// A readable multiple of the SI unit for the colour bar: Pa -> kPa, MPa
    /// or GPa from 1e3, 1e6, 1e9; m -> mm below 0.1 m. Returns (unit,
    /// divisor).
    std::pair<std::string, double>
    display_unit(const std::string &unit, const double max_abs)
    {
      if (unit == "Pa")
        {
          if (max_abs >= 1e9)
            return {"GPa", 1e9};
          if (max_abs >= 1e6)
            return {"MPa", 1e6};
          if (max_abs >= 1e3)
            return {"kPa", 1e3};
        }
      if (unit == "m" && max_abs > 0. && max_abs < 0.1)
        return {"mm", 1e-3};
      return {unit.empty() ? "-" : unit, 1.};
    }

    /// "last" or an index as stored (1-based).
    const output::StepInfo &
    pick_step(const std::vector<output::StepInfo> &steps,
              const std::string                   &wanted)
    {
      if (wanted == "last")
        return steps.back();
      char      *end   = nullptr;
      const long index = std::strtol(wanted.c_str(), &end, 10);
      const bool valid = end != wanted.c_str() && *end == '\0';
      for (const auto &s : steps)
        if (valid && static_cast<long>(s.index) == index)
          return s;
      std::vector<std::string> names;
      for (const auto &s : steps)
        names.push_back(std::to_string(s.index) + " (load " +
                        format_number(s.load_fraction) + ")");
      throw ScenarioError("render: no step '" + wanted +
                          "'; steps: " + join(names) + ", or last");
    }

    void
    require_field(const output::StepInfo &step, const std::string &field)
    {
      const auto found = std::find_if(step.fields.begin(),
                                      step.fields.end(),
                                      [&](const output::FieldInfo &f) {
                                        return f.name == field;
                                      });
      if (found != step.fields.end())
        return;
      std::vector<std::string> names;
      for (const auto &f : step.fields)
        names.push_back(f.name);
      if (field == "region")
        throw ScenarioError(
          "render: 'region' is the mesh's material id, not a field; use "
          "--region ID to show one region. Available fields: " +
          join(names));
      throw ScenarioError("render: no field '" + field + "' in step " +
                          std::to_string(step.index) +
                          "; available fields: " + join(names));
    }

    /// Which cells are shown: all, or those of --region.
    std::vector<bool>
    shown_cells(const RenderOptions &o, render::RenderRequest &request)
    {
      const auto       &mesh = request.mesh;
      std::vector<bool> cell_shown(mesh.n_cells(), true);
      if (!o.region)
        return cell_shown;
      const std::set<int> regions(mesh.region.begin(), mesh.region.end());
      if (regions.count(*o.region) == 0)
        {
          std::vector<std::string> names;
          for (const int r : regions)
            names.push_back(std::to_string(r));
          throw ScenarioError("render: no cells in region " +
                              std::to_string(*o.region) +
                              "; regions in the mesh: " + join(names));
        }
      for (std::size_t c = 0; c < cell_shown.size(); ++c)
        cell_shown[c] = mesh.region[c] == *o.region;
      request.region = o.region;
      return cell_shown;
    }

    /// Colour values (vector fields by magnitude) in a display unit chosen
    /// from the largest value shown.
    void
    set_colours(const output::FieldValues &field,
                const std::string         &name,
                const std::vector<bool>   &cell_shown,
                render::RenderRequest     &request)
    {
      const auto        &mesh = request.mesh;
      const unsigned int nc   = field.info.components;
      const std::size_t  n    = field.values.size() / nc;
      request.colour.resize(n);
      for (std::size_t i = 0; i < n; ++i)
        {
          double sum = 0.;
          for (unsigned int c = 0; c < nc; ++c)
            sum += field.values[i * nc + c] * field.values[i * nc + c];
          request.colour[i] = nc == 1 ? field.values[i] : std::sqrt(sum);
        }
      request.colour_on_cells = field.info.on_cells;
      std::vector<bool> shown(n, false);
      if (field.info.on_cells)
        shown = cell_shown;
      else
        for (std::size_t c = 0; c < mesh.n_cells(); ++c)
          if (cell_shown[c])
            for (unsigned int v = 0; v < mesh.vertices_per_cell; ++v)
              shown[mesh.cells[c * mesh.vertices_per_cell + v]] = true;
      double max_abs = 0.;
      for (std::size_t i = 0; i < n; ++i)
        if (shown[i] && std::isfinite(request.colour[i]))
          max_abs = std::max(max_abs, std::abs(request.colour[i]));
      const auto [unit, divisor] = display_unit(field.info.unit, max_abs);
      for (double &v : request.colour)
        v /= divisor;
      request.colour_title =
        (nc == 1 ? name : "|" + name + "|") + " [" + unit + "]";
    }

    /// Refuses a --warp-scale that moves the picture off its model: with
    /// 1e308 the points went to infinity and a blank PNG came out, exit 0.
    void
    check_warp_scale(const render::RenderRequest &request)
    {
      const auto  &x     = request.mesh.points;
      const double inf   = std::numeric_limits<double>::infinity();
      double       lo[3] = {inf, inf, inf}, hi[3] = {-inf, -inf, -inf};
      for (std::size_t k = 0; k < x.size(); ++k)
        {
          lo[k % 3] = std::min(lo[k % 3], x[k]);
          hi[k % 3] = std::max(hi[k % 3], x[k]);
        }
      double size = 0., largest = 0.; // model size, largest |u|
      for (unsigned int d = 0; d < 3 && !x.empty(); ++d)
        size = std::max(size, hi[d] - lo[d]);
      const auto &u = request.displacement;
      for (std::size_t k = 0; k + 2 < u.size(); k += 3)
        largest = std::max(largest, std::hypot(u[k], u[k + 1], u[k + 2]));
      const double moved = largest * std::abs(request.warp_scale);
      // Ten model sizes: a scaled shape still recognisably drawn beside
      // its own size; beyond it the model shrinks to a dot.
      constexpr double max_size_ratio = 10.;
      if (std::isfinite(moved) && moved <= max_size_ratio * size)
        return;
      std::ostringstream why;
      why << "render: --warp-scale " << request.warp_scale
          << " moves points by up to " << moved << " m, more than "
          << max_size_ratio << " times the model's size (" << size
          << " m): the picture would show nothing";
      if (largest > 0. && size > 0.)
        why << "; use a scale up to " << max_size_ratio * size / largest;
      throw ScenarioError(why.str());
    }

    /// With --warp, the displacement to warp by; false when the step has
    /// none (the reference configuration is shown).
    bool
    set_warp(const RenderOptions      &o,
             const output::Hdf5Reader &h5,
             const output::StepInfo   &step,
             render::RenderRequest    &request)
    {
      if (!o.warp)
        return false;
      const bool has_displacement = std::any_of(
        step.fields.begin(), step.fields.end(), [](const output::FieldInfo &f) {
          return f.name == "displacement" && !f.on_cells && f.components == 3;
        });
      if (!has_displacement)
        {
          std::cerr << "plantarfe: render: step " << step.index
                    << " has no point field 'displacement'; showing the "
                       "reference configuration\n";
          return false;
        }
      request.displacement = h5.read_field(step.index, "displacement").values;
      request.warp_scale   = o.warp_scale;
      check_warp_scale(request);
      return true;
    }

    std::string
    title_of(const RenderOptions                 &o,
             const output::RunFolder             &run,
             const output::StepInfo              &step,
             const std::vector<output::StepInfo> &steps,
             const bool                           warped)
    {
      std::ostringstream title;
      title << run.name << ": " << o.field << ", step " << step.index << " of "
            << steps.back().index << ", load fraction "
            << format_number(step.load_fraction);
      const std::string status = output::text_of(run.status, "status");
      if (!status.empty() && status != "ok")
        title << " (" << status << ")";
      title << '\n'
            << (warped ?
                  (o.warp_scale == 1. ?
                     std::string("deformed configuration") :
                     "displacement scaled x" + format_number(o.warp_scale)) :
                  std::string("reference configuration"));
      if (o.region)
        title << ", region " << *o.region;
      return title.str();
    }
  } // namespace

  int
  render_command(const std::vector<std::string> &args)
  {
    const RenderOptions      o   = parse_render_args(args);
    const output::RunFolder  run = output::open_run_folder("render", o.folder);
    const output::Hdf5Reader h5(run.results);
    const auto               steps = h5.steps();
    if (steps.empty())
      throw ScenarioError("render: " + run.results +
                          " holds no load step (the run converged none)");
    const output::StepInfo &step = pick_step(steps, o.step);
    require_field(step, o.field);

    render::RenderRequest request;
    request.mesh                       = h5.read_mesh();
    const std::vector<bool> cell_shown = shown_cells(o, request);
    set_colours(h5.read_field(step.index, o.field),
                o.field,
                cell_shown,
                request);
    const bool warped = set_warp(o, h5, step, request);
    request.title     = title_of(o, run, step, steps, warped);
    request.width     = o.width;
    request.height    = o.height;
    request.output =
      o.output.empty() ?
        (std::filesystem::path(run.folder) / (o.field + ".png")).string() :
        o.output;

    const auto folder_of_output =
      std::filesystem::path(request.output).parent_path();
    std::error_code ec;
    if (!folder_of_output.empty() &&
        !std::filesystem::is_directory(folder_of_output, ec))
      throw IoError("render: cannot write " + request.output + ": folder " +
                    folder_of_output.string() + " does not exist");

    render::render_png(request);
    std::cout << request.output << '\n';
    return 0;
  }
} // namespace plantarfe::app
