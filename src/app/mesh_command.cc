// `plantarfe mesh`: builds the foot mesh a scenario describes (generated or
// imported), reports its size and quality (no inverted cells allowed), and
// writes it for viewing (.vtu with region ids) or for other solvers and a
// later import (--format msh|msh2|inp, or by the extension: regions and the
// skin and knee_end surfaces as named groups); with --model, the whole
// model as a CalculiX/Abaqus deck (model/solver_deck.h); as .feb (--format
// feb), the whole 3D model for FEBio (model/febio_model.h). The meshes in
// meshes/ are made with this command (see meshes/README.md).
#include <deal.II/base/mpi.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/lac/vector.h>
#include <deal.II/numerics/data_out.h>

#include "anatomy/foot_mesh.h"
#include "anatomy/foot_solids.h"
#include "anatomy/mesh_files.h"
#include "anatomy/regions.h"
#include "app/commands.h"
#include "base/errors.h"
#include "model/febio_model.h"
#include "model/model_case.h"
#include "model/solver_deck.h"
#include "output/atomic_file.h"
#include "scenario/foot_parameters.h"
#include "scenario/parameters.h"

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace plantarfe::app
{
  using namespace dealii;

  namespace
  {
    bool
    ends_with(const std::string &s, const std::string &end)
    {
      return s.size() >= end.size() &&
             s.compare(s.size() - end.size(), end.size(), end) == 0;
    }

    /// Prints the size and quality of @p tria; whether no cell is inverted.
    template <int dim>
    bool
    report_mesh(const Triangulation<dim> &tria)
    {
      const auto q = anatomy::mesh_quality(tria, MPI_COMM_SELF);
      std::map<types::material_id, unsigned int> cells;
      for (const auto &cell : tria.active_cell_iterators())
        ++cells[cell->material_id()];
      std::cout << "foot mesh (" << dim << "D): " << q.n_cells << " cells, "
                << tria.n_vertices() << " vertices\n"
                << "  inverted cells:      " << q.n_inverted << '\n'
                << "  min Jacobian ratio:  " << q.min_jacobian_ratio << " (at "
                << q.worst_cell[0] * 1e3 << ", " << q.worst_cell[1] * 1e3
                << ", " << q.worst_cell[2] * 1e3 << " mm)\n"
                << "  max aspect ratio:    " << q.max_aspect_ratio << '\n'
                << "  smallest cell (mm):  " << q.min_cell_size * 1e3 << '\n'
                << "  cells per region:\n";
      for (const auto &[id, n] : cells)
        std::cout << "    " << id << ' ' << anatomy::region_name(id) << ": "
                  << n << '\n';
      return q.n_inverted == 0;
    }

    /// Foot/Mesh/3D foot = anatomical: the tetrahedral foot as a Gmsh file
    /// (it is run as a mesh file), then read back as a run would read it
    /// (tetrahedra split into hexahedra) for the quality report.
    int
    mesh_anatomical(const scenario::FootScenario &sc,
                    const std::string            &output,
                    const std::string            &format)
    {
      if (output.empty() || !ends_with(output, ".msh") ||
          (!format.empty() && format != "msh2"))
        throw ScenarioError("mesh: Foot/Mesh/3D foot = anatomical is written "
                            "as a Gmsh file of tetrahedra; give -o FILE.msh");
      const auto outline =
        anatomy::make_foot_outline(sc.geometry, sc.mesh.mesh_size_3d);
      const auto data =
        anatomy::anatomical_foot_mesh(sc.geometry,
                                      outline,
                                      anatomy::anatomical_mesh_sizes(
                                        sc.mesh.mesh_size_3d));
      output::write_file_atomically(output,
                                    anatomy::anatomical_foot_msh_text(data));
      std::cout << "anatomical foot: " << data.cells.size() << " tetrahedra, "
                << data.nodes.size() << " nodes, written to " << output << '\n';
      anatomy::MeshImport in;
      in.file            = output;
      in.metres_per_unit = 1.;
      Triangulation<3> tria;
      anatomy::read_mesh_file(in, tria);
      return report_mesh(tria) ? 0 : 1;
    }

    template <int dim>
    int
    mesh_dim(const scenario::FootScenario &sc,
             const std::string            &output,
             const std::string            &format)
    {
      Triangulation<dim> tria;
      anatomy::make_foot_mesh<dim>(sc.geometry, sc.mesh, tria, MPI_COMM_SELF);
      const bool ok = report_mesh(tria);
      if (!output.empty())
        {
          if (format.empty() && ends_with(output, ".vtu"))
            {
              DataOut<dim> out;
              out.attach_triangulation(tria);
              Vector<double> region(tria.n_active_cells());
              for (const auto &cell : tria.active_cell_iterators())
                region(cell->active_cell_index()) = cell->material_id();
              out.add_data_vector(region, "region");
              out.build_patches();
              std::ostringstream text;
              out.write_vtu(text);
              output::write_file_atomically(output, text.str());
            }
          else
            anatomy::write_mesh_file(tria,
                                     output,
                                     format.empty() ?
                                       anatomy::mesh_file_format_of(output) :
                                       anatomy::mesh_file_format(format));
          std::cout << "written to " << output << '\n';
        }
      return ok ? 0 : 1;
    }

    /// -o FILE.feb (or --format feb): the 3D model for FEBio.
    void
    write_febio(ParameterHandler  &prm,
                const std::string &scenario_file,
                const std::string &output)
    {
      auto c = model::make_model_case<3>(prm, MPI_COMM_SELF);
      model::write_febio_model(c, output, "PlantarFE: " + scenario_file);
      std::cout << "FEBio model written to " << output << '\n';
    }

    /// --model: the scenario's whole model as a solver deck.
    template <int dim>
    void
    write_deck(ParameterHandler  &prm,
               const std::string &scenario_file,
               const std::string &output)
    {
      auto c = model::make_model_case<dim>(prm, MPI_COMM_SELF);
      model::write_solver_deck(c, output, "PlantarFE: " + scenario_file);
      std::cout << "solver deck written to " << output << '\n';
    }
  } // namespace

  int
  mesh_command(const std::vector<std::string> &args)
  {
    std::string              scenario_file, output, format;
    std::vector<std::string> overrides;
    bool                     model = false;
    for (unsigned int i = 0; i < args.size(); ++i)
      {
        if ((args[i] == "-o" || args[i] == "--output") && i + 1 < args.size())
          output = args[++i];
        else if (args[i] == "--format" && i + 1 < args.size())
          format = args[++i];
        else if (args[i] == "--set" && i + 1 < args.size())
          overrides.push_back(args[++i]);
        else if (args[i] == "--model")
          model = true;
        else if (scenario_file.empty())
          scenario_file = args[i];
        else
          throw ScenarioError("mesh: unexpected argument '" + args[i] + "'");
      }
    if (scenario_file.empty())
      throw ScenarioError("mesh: no scenario file given");
    ParameterHandler prm;
    scenario::declare_parameters(prm);
    scenario::read_scenario(prm, scenario_file, overrides);
    prm.enter_subsection("Geometry");
    const std::string shape = prm.get("Shape");
    const int         dim   = prm.get_integer("Dimension");
    prm.leave_subsection();
    if (shape != "foot" && shape != "mesh file")
      throw ScenarioError(scenario_file +
                          ": mesh: Geometry/Shape must be foot or mesh file");
    const auto sc = scenario::read_foot_parameters(prm);
    if (format == "feb" || (format.empty() && ends_with(output, ".feb")))
      {
        // An FEBio file is always the whole model (FEBio has no mesh-only
        // input), and FEBio solves 3D continua only.
        if (output.empty())
          throw ScenarioError("mesh --format feb: give -o FILE.feb");
        if (dim != 3)
          throw ScenarioError(scenario_file +
                              ": mesh: FEBio models are 3D; set "
                              "Geometry/Dimension = 3");
        write_febio(prm, scenario_file, output);
        return 0;
      }
    if (!format.empty())
      anatomy::mesh_file_format(format); // a wrong name fails before meshing
    if (model)
      {
        if (output.empty() ||
            (format.empty() ? anatomy::mesh_file_format_of(output) :
                              anatomy::mesh_file_format(format)) !=
              anatomy::MeshFileFormat::inp)
          throw ScenarioError("mesh --model: writes a CalculiX/Abaqus deck; "
                              "give -o FILE.inp");
        if (dim == 2)
          write_deck<2>(prm, scenario_file, output);
        else
          write_deck<3>(prm, scenario_file, output);
        return 0;
      }
    if (dim == 3 && sc.mesh.anatomical && shape == "foot")
      return mesh_anatomical(sc, output, format);
    return dim == 2 ? mesh_dim<2>(sc, output, format) :
                      mesh_dim<3>(sc, output, format);
  }
} // namespace plantarfe::app
