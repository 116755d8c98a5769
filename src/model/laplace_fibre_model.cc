#include "model/laplace_fibre_model.h"

#include <deal.II/grid/tria.h>

#include "anatomy/foot_fibre_rules.h"
#include "base/errors.h"

#include <set>

namespace plantarfe::model
{
  using namespace dealii;

  template <int dim>
  void
  use_laplace_fibres(ModelCase<dim> &c, const FootFrame<dim> &f)
  {
    const auto                  &tria = *f.coarse_mesh;
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
              std::string("Geometry/Fibre directions: laplace: ") + e.what());
          }
      }
  }

  template void
  use_laplace_fibres(ModelCase<2> &, const FootFrame<2> &);
  template void
  use_laplace_fibres(ModelCase<3> &, const FootFrame<3> &);
} // namespace plantarfe::model
