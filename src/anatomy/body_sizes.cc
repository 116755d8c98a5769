#include "anatomy/body_sizes.h"

#include "anatomy/region_sections.h"
#include "anatomy/regions.h"
#include "base/errors.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace plantarfe::anatomy
{
  using namespace dealii;

  namespace
  {
    [[noreturn]] void
    cannot_measure(const std::string &what)
    {
      throw ScenarioError("Geometry/Landmarks: mesh: cannot measure the " +
                          what + " on the mesh (no cells there)");
    }
  } // namespace

  template <int dim>
  BodySizes
  foot_section_sizes(const FootGeometry &g)
  {
    const auto across = [&g](const types::material_id id) {
      return dim == 2 ? 1. : region_width(g, id);
    };
    BodySizes s;
    s.foot_length         = g.foot_length;
    s.foot_start          = 0.;
    s.achilles_moment_arm = g.achilles_moment_arm;
    s.tendon_length       = g.tendon_length;
    s.tendon_section = g.achilles_thickness * across(region::achilles_tendon);
    s.fascia_section = g.fascia_thickness * across(region::fascia);
    s.muscle_section = g.muscle_thickness * across(region::calf_muscle);
    return s;
  }

  /// The same sizes measured on the mesh, from its landmarks: the foot's
  /// x extent; the tendon's length along the leg, its section at its
  /// metric point across its line and its moment arm (the junction's
  /// distance from the leg axis through the ankle, as the outline
  /// defines it); the fascia's section where its tension is read, across
  /// its centre line; the calf's volume over the belly's length.
  template <int dim>
  BodySizes
  measure_body_sizes(const Triangulation<dim> &tria, const FootLandmarks &L)
  {
    BodySizes s;
    double    lo = std::numeric_limits<double>::max(), hi = -lo;
    for (const auto &cell : tria.active_cell_iterators())
      if (!is_leg_region(cell->material_id()))
        for (const auto v : cell->vertex_indices())
          {
            lo = std::min(lo, cell->vertex(v)[0]);
            hi = std::max(hi, cell->vertex(v)[0]);
          }
    s.foot_length = hi - lo;
    s.foot_start  = lo;

    const Tensor<1, 2> tendon = L.muscle_tendon_junction - L.achilles_insertion;
    const Tensor<1, 2> j      = L.muscle_tendon_junction - L.ankle_centre;
    s.achilles_moment_arm =
      std::abs(j[0] * L.leg_axis[1] - j[1] * L.leg_axis[0]);
    s.tendon_length  = tendon * L.leg_axis;
    s.tendon_section = region_section(
      tria, {region::achilles_tendon}, L.tendon_mid, tendon, 0.02);
    if (!(s.tendon_section > 0.))
      cannot_measure("Achilles tendon's section");

    const auto &line = L.fascia_line;
    for (unsigned int k = 0; k + 1 < line.size(); ++k)
      if ((line[k][0] - L.fascia_section_x) *
              (line[k + 1][0] - L.fascia_section_x) <=
            0. &&
          line[k][0] != line[k + 1][0])
        {
          const double f =
            (L.fascia_section_x - line[k][0]) / (line[k + 1][0] - line[k][0]);
          s.fascia_section =
            region_section(tria,
                           {region::fascia, region::fascia_insertion},
                           line[k] + f * (line[k + 1] - line[k]),
                           line[k + 1] - line[k],
                           0.015);
          break;
        }
    if (!(s.fascia_section > 0.))
      cannot_measure("fascia's section");

    s.muscle_section =
      region_measure(tria, {region::calf_muscle}) / L.belly_length;
    if (!(s.muscle_section > 0.))
      cannot_measure("calf muscle's section");
    return s;
  }

  template BodySizes
  foot_section_sizes<2>(const FootGeometry &);
  template BodySizes
  foot_section_sizes<3>(const FootGeometry &);
  template BodySizes
  measure_body_sizes(const Triangulation<2> &, const FootLandmarks &);
  template BodySizes
  measure_body_sizes(const Triangulation<3> &, const FootLandmarks &);
} // namespace plantarfe::anatomy
