// `plantarfe mesh`: builds the foot mesh a scenario describes, reports its
// size and quality (no inverted cells allowed), and writes it for viewing
// (.vtu with region ids) or as Gmsh text (.msh, 2D). The default meshes in
// meshes/ are made with this command (see meshes/README.md).
#include <deal.II/base/mpi.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/lac/vector.h>
#include <deal.II/numerics/data_out.h>

#include "anatomy/foot_mesh.h"
#include "anatomy/regions.h"
#include "app/commands.h"
#include "base/errors.h"
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
    template <int dim>
    int
    mesh_dim(const scenario::FootScenario &sc, const std::string &output)
    {
      Triangulation<dim> tria;
      anatomy::make_foot_mesh<dim>(sc.geometry, sc.mesh, tria, MPI_COMM_SELF);
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
      if (!output.empty())
        {
          std::ostringstream text;
          if (output.size() > 4 && output.substr(output.size() - 4) == ".msh")
            {
              if (dim != 2)
                throw ScenarioError("mesh: .msh output is for 2D meshes");
              const auto outline =
                anatomy::make_foot_outline(sc.geometry, sc.mesh.mesh_size_2d);
              text << anatomy::mesh_outline_msh(outline,
                                                sc.mesh.mesh_size_2d,
                                                MPI_COMM_SELF);
            }
          else
            {
              DataOut<dim> out;
              out.attach_triangulation(tria);
              Vector<double> region(tria.n_active_cells());
              for (const auto &cell : tria.active_cell_iterators())
                region(cell->active_cell_index()) = cell->material_id();
              out.add_data_vector(region, "region");
              out.build_patches();
              out.write_vtu(text);
            }
          output::write_file_atomically(output, text.str());
          std::cout << "written to " << output << '\n';
        }
      return q.n_inverted == 0 ? 0 : 1;
    }
  } // namespace

  int
  mesh_command(const std::vector<std::string> &args)
  {
    std::string              scenario_file, output;
    std::vector<std::string> overrides;
    for (unsigned int i = 0; i < args.size(); ++i)
      {
        if ((args[i] == "-o" || args[i] == "--output") && i + 1 < args.size())
          output = args[++i];
        else if (args[i] == "--set" && i + 1 < args.size())
          overrides.push_back(args[++i]);
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
    if (shape != "foot")
      throw ScenarioError(scenario_file +
                          ": mesh: Geometry/Shape must be foot");
    const auto sc = scenario::read_foot_parameters(prm);
    return dim == 2 ? mesh_dim<2>(sc, output) : mesh_dim<3>(sc, output);
  }
} // namespace plantarfe::app
