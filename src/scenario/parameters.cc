#include "scenario/parameters.h"

#include <deal.II/base/patterns.h>
#include <deal.II/base/utilities.h>
#include <deal.II/grid/tria.h>

#include "anatomy/foot_fibre_rules.h"
#include "anatomy/foot_geometry.h"
#include "anatomy/mesh_files.h"
#include "anatomy/mesh_landmarks.h"
#include "base/declared_entry.h"
#include "base/errors.h"
#include "materials/registry.h"
#include "scenario/foot_parameters.h"
#include "scenario/input_guards.h"
#include "scenario/massage_parameters.h"
#include "scenario/massage_plan.h"
#include "scenario/parameter_listing.h"
#include "scenario/prm_scan.h"
#include "scenario/size_limits.h"
#include "scenario/solver_settings.h"
#include "scenario/sweep.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace plantarfe::scenario
{
  using namespace dealii;

  namespace
  {
    /// Geometry entries of the foot model: the mesh file to import, and
    /// where the landmarks and fibre directions come from (docs/import.md).
    void
    declare_foot_source_entries(ParameterHandler &prm)
    {
      prm.declare_entry(
        "Mesh file",
        "",
        Patterns::Anything(),
        "Shape = mesh file: the foot's volume mesh, Gmsh .msh (MSH 2 or "
        "4, physical groups) or Abaqus .inp (element sets, element-face "
        "surfaces); a relative path is relative to the scenario file. "
        "Groups are named after the model's regions and the surfaces "
        "skin and knee_end (docs/import.md); `plantarfe mesh` exports the "
        "built-in foot this way. Or, in 3D, the skin as a closed surface "
        "(.stl), filled with hexahedra together with the Inner surfaces "
        "and Painted surfaces below.");
      prm.declare_entry(
        "Inner surfaces",
        "",
        Patterns::Map(Patterns::Anything(), Patterns::Anything()),
        "Mesh file = a skin (.stl): closed surfaces inside the skin, apart "
        "from each other, meshed as regions of their own whose faces the "
        "tissue around them shares (bones, the tendon), as 'region: file' "
        "pairs, e.g. 'calcaneus: calcaneus.stl, tibia: tibia.stl'; files "
        "relative to the scenario file.");
      prm.declare_entry(
        "Painted surfaces",
        "",
        Patterns::Map(Patterns::Anything(), Patterns::Anything()),
        "Mesh file = a skin (.stl): closed surfaces whose inside turns the "
        "fill's cells (by their centre) into that region, e.g. 'heel_pad: "
        "heel_pad.stl' (may reach the skin); the first that holds a cell "
        "wins.");
      prm.declare_entry("Fill region",
                        "soft_tissue",
                        Patterns::Anything(),
                        "Mesh file = a skin (.stl): the region of the skin's "
                        "inside that no other surface claims.");
      prm.declare_entry("Length unit",
                        "m",
                        Patterns::Selection("m|mm"),
                        "Unit of the coordinates in Mesh file.");
      prm.declare_entry(
        "Region names",
        "",
        Patterns::Map(Patterns::Anything(), Patterns::Anything()),
        "Group names of Mesh file that differ from the model's, as "
        "'file name: model name' pairs separated by commas, e.g. "
        "'PF: fascia, Calc: calcaneus, Sole: skin'.");
      prm.declare_entry(
        "Fibre directions",
        "auto",
        Patterns::Selection("auto|outline|laplace"),
        "Where the fascia's, the tendon's, the calf muscle's, the "
        "ligaments' fibres and the joint layers' normals come from. "
        "auto: laplace for Shape = mesh file (a subject's foot has bands "
        "of its own), outline for the built-in foot. outline: the parametric "
        "outline of the Foot section (the band's "
        "centre line, the leg and tendon axes, the joint faces). laplace: "
        "the gradient of a Laplace solution on the mesh between each "
        "band's end regions (fascia: calcaneus to phalanges; tendon: "
        "calcaneus to calf muscle; a ligament or joint layer: between "
        "its bones), so that the fibres follow an imported mesh's "
        "bands (docs/import.md).");
      prm.declare_entry(
        "Landmarks",
        "auto",
        Patterns::Selection("auto|outline|mesh"),
        "Where the points the loads and metrics refer to come from "
        "(ankle centre, tubercle, navicular, MTP centre, knee end, "
        "Achilles insertion, the fascia's centre line and sections, "
        "each ligament's attachments and section, the sliding joints' "
        "faces, and from them the massage points). auto: mesh for Shape "
        "= mesh file with the fibres from the mesh, outline otherwise. "
        "outline: the "
        "parametric outline of the Foot section. mesh: found on the "
        "mesh's regions and surfaces (docs/import.md), with Landmark "
        "points in place of found ones, and the massage points on the "
        "mesh's own skin; needs Fibre directions = laplace.");
      prm.declare_entry(
        "Landmark points",
        "",
        Patterns::Map(Patterns::Anything(), Patterns::Anything()),
        "Landmarks = mesh: points given instead of found, as 'name: x y' "
        "pairs separated by commas, in Length unit (x anterior, y up; "
        "3D: z is not used), e.g. 'navicular: 110 38, mtp_centre: 197 "
        "21'. Names: ankle_centre, medial_tubercle, navicular, "
        "mtp_centre, knee_centre, achilles_insertion, "
        "muscle_tendon_junction. A point more than a millimetre (or a "
        "cell) outside its bone is refused.");
    }
  } // namespace

  void
  declare_parameters(ParameterHandler &prm)
  {
    {
      const DeclaredSection geometry(prm, "Geometry");
      {
        prm.declare_entry(
          "Shape",
          "box",
          Patterns::Selection(
            "foot|mesh file|box|cook membrane|thick cylinder"),
          "foot: the parametric foot and calf-Achilles model (sections Foot, "
          "Tissues, Subject, Stance; the Material section is not used); "
          "mesh file: the same model on a volume mesh read from Mesh file "
          "(docs/import.md); or "
          "an analytic verification geometry: box (clamped at x = 0, pressure "
          "on top), Cook's membrane (clamped left edge, shear on right edge), "
          "or a quarter thick-walled cylinder under internal pressure.");
        prm.declare_entry("Dimension",
                          "3",
                          Patterns::Integer(2, 3),
                          "2 = plane strain (x-y), 3 = full 3D.");
        declare_foot_source_entries(prm);
        prm.declare_entry("Global refinements",
                          "0",
                          Patterns::Integer(0, 8),
                          "Number of uniform refinements of the coarse mesh.");
        {
          const DeclaredSection box(prm, "Box");
          declare_entry_with_unit(
            prm,
            "Size",
            "0.1, 0.04, 0.02",
            Patterns::List(Patterns::Double(0.), 3, 3),
            entry_units::m,
            "Edge lengths along x, y, z (m); 2D uses x and the "
            "last entry as height "
            "(y).");
          prm.declare_entry(
            "Subdivisions",
            "10, 4, 2",
            Patterns::List(Patterns::Integer(1, 10000), 3, 3),
            "Coarse cells along x, y, z (2D uses x and the last entry).");
          declare_entry_with_unit(
            prm,
            "Top pressure",
            "1e5",
            Patterns::Double(),
            entry_units::Pa,
            "Downward dead-load pressure on the top face (Pa; "
            "positive pushes down).");
        }
        {
          const DeclaredSection cook(prm, "Cook membrane");
          prm.declare_entry("Cells per edge",
                            "8",
                            Patterns::Integer(1, 1024),
                            "Cells along each edge of the trapezoid.");
          declare_entry_with_unit(prm,
                                  "Thickness",
                                  "0.01",
                                  Patterns::Double(0.),
                                  entry_units::m,
                                  "Extrusion thickness in 3D (m); the faces "
                                  "normal to z are held in z "
                                  "(plane strain).");
          declare_entry_with_unit(
            prm,
            "Shear traction",
            "6.25e4",
            Patterns::Double(),
            entry_units::Pa,
            "Upward shear traction on the right edge (Pa; reference area).");
        }
        {
          const DeclaredSection cylinder(prm, "Thick cylinder");
          declare_entry_with_unit(prm,
                                  "Inner radius",
                                  "0.01",
                                  Patterns::Double(0.),
                                  entry_units::m,
                                  "Inner radius a (m).");
          declare_entry_with_unit(prm,
                                  "Outer radius",
                                  "0.02",
                                  Patterns::Double(0.),
                                  entry_units::m,
                                  "Outer radius b (m).");
          declare_entry_with_unit(prm,
                                  "Height",
                                  "0.005",
                                  Patterns::Double(0.),
                                  entry_units::m,
                                  "Axial length in 3D (m); the end planes are "
                                  "held in z (plane strain).");
          declare_entry_with_unit(prm,
                                  "Internal pressure",
                                  "1e6",
                                  Patterns::Double(),
                                  entry_units::Pa,
                                  "Pressure on the inner surface (Pa).");
        }
      }
    }

    {
      const DeclaredSection material(prm, "Material");
      materials::declare_material_parameters(prm);
      prm.declare_entry("Fibre direction",
                        "1, 0, 0",
                        Patterns::List(Patterns::Double(), 3, 3),
                        "Reference fibre direction (normalised; used when a "
                        "fibre family is on).");
    }

    declare_solver_settings(prm);

    {
      const DeclaredSection output(prm, "Output");
      prm.declare_entry("Write VTU",
                        "true",
                        Patterns::Bool(),
                        "Write a VTU file per load step and a PVD collection.");
      declare_entry_with_unit(
        prm,
        "Pressure sensor size",
        "5",
        Patterns::Double(0.5, 30.),
        entry_units::mm,
        "Side of the square sensor of the pressure platform the foot's "
        "sensor peak pressures imitate (mm): the rearfoot and forefoot "
        "sensor peaks are the largest mean pressure over one sensor. "
        "5 mm: Novel EMED-X (4 sensors per cm^2); a Tekscan MatScan's "
        "sensors are about 8.4 mm apart.");
    }

    declare_foot_parameters(prm);
    declare_sweep_parameters(prm);
    declare_massage_parameters(prm);
  }

  namespace
  {
    // ParameterHandler exceptions carry a developer banner; keep the lines
    // that describe the problem.
    std::string
    user_message(const std::exception &e)
    {
      std::istringstream in(e.what());
      std::string        line, out;
      bool               in_detail = false;
      while (std::getline(in, line))
        {
          if (line.find("Additional information:") != std::string::npos)
            {
              in_detail = true;
              continue;
            }
          if (line.find("Stacktrace:") != std::string::npos ||
              line.find("-----") != std::string::npos)
            {
              if (in_detail && !out.empty())
                break;
              continue;
            }
          if (in_detail)
            {
              const auto b = line.find_first_not_of(' ');
              if (b != std::string::npos)
                out += (out.empty() ? "" : " ") + line.substr(b);
            }
        }
      return out.empty() ? std::string(e.what()) : out;
    }

    /// deal.II's "Line <3> of file <st.prm>: The entry value 4 for the entry
    /// named Dimension does not match the given pattern: [...]" restated in
    /// the form of every other scenario error, with the entry's path from
    /// where the scan saw it set: "st.prm:3: Geometry/Dimension: the value 4
    /// does not match the given pattern [...]". Other messages unchanged.
    std::string
    restate_pattern_error(const std::string  &message,
                          const EntrySources &sources)
    {
      static const std::regex pattern_error(
        R"(^Line <(\d+)> of file <(.*)>: The entry value (.*) for the entry )"
        R"(named (.*) does not match the given pattern: (.*)$)");
      std::smatch m;
      if (!std::regex_match(message, m, pattern_error))
        return message;
      const std::string where = m[2].str() + ":" + m[1].str();
      const std::string name  = m[4].str();
      for (const auto &[path, source] : sources)
        if (source == where &&
            (path == name || (path.size() > name.size() &&
                              path.compare(path.size() - name.size() - 1,
                                           std::string::npos,
                                           "/" + name) == 0)))
          return where + ": " + path + ": the value " + m[3].str() +
                 " does not match the given pattern " + m[5].str();
      return message;
    }

    /// deal.II's "Line <n> of file <@p file>" of the flattened text as the
    /// file and line the text came from.
    std::string
    lines_of_origin(const std::string             &message,
                    const std::string             &file,
                    const std::vector<LineOrigin> &origins)
    {
      static const std::regex line_of_file(R"(Line <(\d+)> of file <([^>]*)>)");
      std::string             out;
      auto                    from = message.cbegin();
      for (std::sregex_iterator
             it(message.begin(), message.end(), line_of_file),
           end;
           it != end;
           ++it)
        {
          const auto &m = *it;
          out.append(from, m[0].first);
          const auto n = std::stoul(m[1].str());
          if (m[2].str() == file && n >= 1 && n <= origins.size())
            out += "Line <" + std::to_string(origins[n - 1].number) +
                   "> of file <" + origins[n - 1].file + ">";
          else
            out += m[0].str();
          from = m[0].second;
        }
      out.append(from, message.cend());
      return out;
    }

    std::string
    lower(std::string text)
    {
      for (auto &c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return text;
    }

    /// " (did you mean 'A/B/Entry'?)" for the declared entries named like
    /// @p entry in other sections: a path with a wrong or missing section
    /// is the most common --set mistake.
    std::string
    entries_named_like(const ParameterHandler &prm, const std::string &entry)
    {
      std::vector<std::string> found;
      for (const auto &[path, value] : flat_parameters(prm))
        {
          const auto slash = path.rfind('/');
          const auto name =
            slash == std::string::npos ? path : path.substr(slash + 1);
          if (lower(name) == lower(entry))
            found.push_back(path);
        }
      if (found.empty())
        return "";
      std::string out = " (did you mean ";
      for (std::size_t i = 0; i < found.size(); ++i)
        out += (i ? " or '" : "'") + found[i] + "'";
      return out + "?)";
    }
  } // namespace

  void
  set_entry(ParameterHandler  &prm,
            const std::string &path,
            const std::string &value)
  {
    std::vector<std::string> parts;
    std::stringstream        ss(path);
    for (std::string p; std::getline(ss, p, '/');)
      parts.push_back(p);
    if (parts.empty())
      throw ScenarioError("empty entry path");
    unsigned int entered = 0;
    try
      {
        for (unsigned int i = 0; i + 1 < parts.size(); ++i, ++entered)
          prm.enter_subsection(parts[i]);
        prm.set(parts.back(), value);
      }
    catch (const std::exception &e)
      {
        for (; entered > 0; --entered)
          prm.leave_subsection();
        std::string why = user_message(e);
        // Suggestions only for a name that is not there (they also came
        // with a value that failed the pattern of the right entry).
        if (why.find("not yet declared") == std::string::npos)
          throw ScenarioError(why);
        std::string section;
        for (std::size_t i = 0; i + 1 < parts.size(); ++i)
          section += (i ? "/" : "") + parts[i];
        why = "no entry '" + parts.back() + "'" +
              (section.empty() ? std::string(" at the top level") :
                                 " in section '" + section + "'");
        throw ScenarioError(why + entries_named_like(prm, parts.back()));
      }
    for (; entered > 0; --entered)
      prm.leave_subsection();
  }

  void
  apply_override(ParameterHandler &prm, const std::string &assignment)
  {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos)
      throw ScenarioError("--set \"" + assignment +
                          "\": expected Section/Entry=value");
    try
      {
        set_entry(prm, assignment.substr(0, eq), assignment.substr(eq + 1));
      }
    catch (const ScenarioError &e)
      {
        throw ScenarioError("--set \"" + assignment + "\": " + e.what());
      }
  }

  namespace
  {
    /// Geometry/Mesh file relative to the scenario file's folder, made
    /// absolute, so that runs from any folder (batch, sweeps, Python) find
    /// the same file.
    void
    resolve_mesh_file(ParameterHandler &prm, const std::string &scenario)
    {
      prm.enter_subsection("Geometry");
      const auto absolute = [&](const std::string &file) {
        if (file.empty() || !std::filesystem::path(file).is_relative())
          return file;
        return std::filesystem::absolute(
                 std::filesystem::path(scenario).parent_path() / file)
          .lexically_normal()
          .string();
      };
      prm.set("Mesh file", absolute(prm.get("Mesh file")));
      for (const char *entry : {"Inner surfaces", "Painted surfaces"})
        {
          std::string list;
          for (const auto &[region, file] : name_value_pairs(prm.get(entry)))
            list += (list.empty() ? "" : ", ") + region + ": " + absolute(file);
          prm.set(entry, list);
        }
      prm.leave_subsection();
    }
  } // namespace

  void
  read_scenario(ParameterHandler               &prm,
                const std::string              &file,
                const std::vector<std::string> &overrides)
  {
    // A .prm reaches deal.II flattened: its includes resolved relative to
    // the including file (prm_scan.h).
    const CheckedScenario checked = check_scenario_text(file);
    const EntrySources   &sources = checked.sources;
    try
      {
        std::istringstream in(checked.text);
        if (is_json_scenario(file))
          prm.parse_input_from_json(in);
        else
          prm.parse_input(in, file);
      }
    catch (const std::exception &e)
      {
        // .prm messages already name the file and line (of the flattened
        // text: mapped back); JSON ones do not.
        const std::string message = restate_pattern_error(
          lines_of_origin(user_message(e), file, checked.origins), sources);
        throw ScenarioError(message.find(file) == std::string::npos ?
                              file + ": " + message :
                              message);
      }
    for (const auto &o : overrides)
      apply_override(prm, o);
    resolve_mesh_file(prm, file);
    // Checks after parsing name the line (or the --set) of their entry.
    try
      {
        check_numbers_readable(prm);
        check_consistency(prm);
      }
    catch (const ScenarioError &e)
      {
        throw ScenarioError(
          locate_entry_message(e.what(), file, sources, overrides));
      }
  }

  namespace
  {
    /// An imported mesh is read (and so checked) before anything is built,
    /// so that its errors name the scenario's Mesh file entry, and so are
    /// the landmarks and fibre directions found on it (their errors name
    /// Landmarks, Landmark points or Fibre directions).
    /// With the landmarks from the mesh, a massage tool is placed and
    /// checked on the mesh's own surface too (true: @p massage was checked).
    template <int dim>
    bool
    check_mesh_file(const FootScenario &foot, const MassageParameters &massage)
    {
      auto  mesh = std::make_shared<Triangulation<dim>>();
      auto &tria = *mesh;
      try
        {
          anatomy::read_mesh_file(foot.mesh.imported, tria);
          // Landmarks and fibres are found on hexahedra, as the model does
          // (model/foot_model.cc, FootFrame): the split of kept simplices.
          if (foot.mesh.imported.keep_simplices)
            {
              auto split           = foot.mesh.imported;
              split.keep_simplices = false;
              tria.clear();
              anatomy::read_mesh_file(split, tria);
            }
        }
      catch (const ScenarioError &e)
        {
          throw ScenarioError(std::string("Geometry/Mesh file: ") + e.what());
        }
      const double h =
        dim == 2 ? foot.mesh.mesh_size_2d : foot.mesh.mesh_size_3d;
      if (foot.mesh.mesh_landmarks)
        {
          auto outline = anatomy::make_foot_outline(foot.geometry, h);
          anatomy::find_landmarks_for(tria, foot.mesh, h, outline);
          if (massage.enabled)
            {
              const auto     surface = anatomy::mesh_surface<dim>(mesh);
              const MeshFoot on_mesh{surface, outline.landmarks};
              plan_massage(foot, massage, dim, 1, &on_mesh);
            }
        }
      if (foot.mesh.laplace_fibres)
        for (const auto &rule : anatomy::foot_fibre_rules())
          {
            bool present = false;
            for (const auto &cell : tria.active_cell_iterators())
              present = present || cell->material_id() == rule.regions.front();
            if (!present)
              continue;
            try
              {
                anatomy::laplace_fibre_directions(tria, rule);
              }
            catch (const ScenarioError &e)
              {
                throw ScenarioError(
                  std::string("Geometry/Fibre directions: laplace: ") +
                  e.what());
              }
          }
      return foot.mesh.mesh_landmarks;
    }
  } // namespace

  void
  check_consistency(ParameterHandler &prm)
  {
    prm.enter_subsection("Geometry");
    const std::string shape = prm.get("Shape");
    prm.enter_subsection("Thick cylinder");
    const double a = prm.get_double("Inner radius"),
                 b = prm.get_double("Outer radius");
    prm.leave_subsection();
    prm.leave_subsection();
    // Edges of zero length pass the patterns (>= 0) but leave no body: a
    // zero-size box ended as "not converged" (exit 1) instead of bad input.
    prm.enter_subsection("Geometry");
    prm.enter_subsection("Box");
    const std::string box_size = prm.get("Size");
    prm.leave_subsection();
    prm.enter_subsection("Cook membrane");
    const double thickness = prm.get_double("Thickness");
    prm.leave_subsection();
    const bool in_3d = prm.get_integer("Dimension") == 3;
    prm.leave_subsection();
    // 2D uses the first and the last edge.
    const auto edges = Utilities::split_string_list(box_size, ',');
    if (shape == "box")
      for (std::size_t k = 0; k < edges.size(); ++k)
        if ((in_3d || k != 1) && !(Utilities::string_to_double(edges[k]) > 0.))
          throw ScenarioError("Geometry/Box/Size: every edge must be > 0 m "
                              "(got " +
                              box_size + ")");
    if (shape == "cook membrane" && in_3d && !(thickness > 0.))
      throw ScenarioError("Geometry/Cook membrane/Thickness: must be > 0 m "
                          "(got " +
                          std::to_string(thickness) + ")");
    if (shape == "thick cylinder" && !(b > a && a > 0.))
      throw ScenarioError("Geometry/Thick cylinder/Outer radius (" +
                          std::to_string(b) + " m) must exceed Inner radius (" +
                          std::to_string(a) + " m) > 0");
    // Entries inside their patterns can still ask for more memory than
    // there is (6.5e12 cells ended in std::bad_alloc after 70 s).
    check_model_size(prm);
    // The foot's entries are checked as they are read (before meshing).
    if (shape == "foot" || shape == "mesh file")
      {
        {
          // The anatomy's cross-checks (fascia fits the pads, tibia on the
          // dome, ...) run on the outline, which is cheap: no mesh yet.
          const auto foot = read_foot_parameters(prm);
          anatomy::make_foot_outline(foot.geometry, foot.mesh.mesh_size_2d);
          prm.enter_subsection("Geometry");
          const int dim = prm.get_integer("Dimension");
          prm.leave_subsection();
          const auto massage = read_massage_parameters(prm);
          const bool massage_checked =
            shape == "mesh file" &&
            (dim == 2 ? check_mesh_file<2>(foot, massage) :
                        check_mesh_file<3>(foot, massage));
          // The massage tool against the anatomy (inside bone, off the
          // body, too big), on the outline unless done on the mesh.
          if (massage.enabled && !massage_checked)
            plan_massage(foot, massage, dim, 1);
        }
        return;
      }
    // The law's own checks (moduli > 0, nu < 0.5, ...) run when it is built.
    prm.enter_subsection("Material");
    try
      {
        materials::create_material(prm);
      }
    catch (const ScenarioError &e)
      {
        prm.leave_subsection();
        throw;
      }
    prm.leave_subsection();
  }
} // namespace plantarfe::scenario
