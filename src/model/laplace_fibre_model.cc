#include "model/laplace_fibre_model.h"

#include <deal.II/grid/tria.h>

#include "anatomy/foot_fibre_rules.h"
#include "anatomy/foot_mesh.h"
#include "base/errors.h"

#include <set>

namespace plantarfe::model
{
  using namespace dealii;

  template <int dim>
  void
  use_laplace_fibres(ModelCase<dim> &c, const FootFrame<dim> &f, MPI_Comm comm)
  {
    auto settings        = f.sc.mesh;
    settings.refinements = 0;
    Triangulation<dim> tria;
    anatomy::make_foot_mesh<dim>(f.sc.geometry, settings, tria, comm);
    std::set<types::material_id> present;
    for (const auto &cell : tria.active_cell_iterators())
      present.insert(cell->material_id());

    auto &fibres = c.problem.fibre_directions;
    for (const auto &rule : anatomy::foot_fibre_rules())
      {
        const auto id = rule.regions.front();
        if (!present.count(id) || !fibres.count(id))
          continue;
        try
          {
            const auto field = anatomy::laplace_fibre_field(tria, rule);
            for (const auto r : rule.regions)
              if (fibres.count(r))
                fibres[r] = field;
          }
        catch (const ScenarioError &e)
          {
            throw ScenarioError(
              std::string("Geometry/Fibre directions = laplace: ") + e.what());
          }
      }
  }

  template void
  use_laplace_fibres(ModelCase<2> &, const FootFrame<2> &, MPI_Comm);
  template void
  use_laplace_fibres(ModelCase<3> &, const FootFrame<3> &, MPI_Comm);
} // namespace plantarfe::model
