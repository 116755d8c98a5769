#include "anatomy/region_sections.h"

#include <deal.II/base/geometry_info.h>

#include "anatomy/regions.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace plantarfe::anatomy
{
  using namespace dealii;

  namespace
  {
    /// Area of the convex polygon through @p points (in any order) lying in
    /// the plane with unit normal @p n: sorted by angle about their centre,
    /// then a triangle fan.
    double
    polygon_area(std::vector<Point<3>> points, const Tensor<1, 3> &n)
    {
      if (points.size() < 3)
        return 0.;
      Point<3> c;
      for (const auto &p : points)
        c += p / double(points.size());
      // Two in-plane axes.
      Tensor<1, 3> e1 = points[0] - c;
      e1 -= (e1 * n) * n;
      if (e1.norm() == 0.)
        return 0.;
      e1 /= e1.norm();
      const Tensor<1, 3> e2 = cross_product_3d(n, e1);
      std::sort(points.begin(),
                points.end(),
                [&](const Point<3> &a, const Point<3> &b) {
                  return std::atan2((a - c) * e2, (a - c) * e1) <
                         std::atan2((b - c) * e2, (b - c) * e1);
                });
      double area = 0.;
      for (std::size_t i = 0; i < points.size(); ++i)
        area += 0.5 * cross_product_3d(points[i] - c,
                                       points[(i + 1) % points.size()] - c)
                        .norm();
      return area;
    }
  } // namespace

  template <int dim>
  double
  region_section(const Triangulation<dim>              &tria,
                 const std::vector<types::material_id> &regions,
                 const Point<2>                        &point,
                 const Tensor<1, 2>                    &normal,
                 const double                           radius)
  {
    const Tensor<1, 2> n2 = normal / normal.norm();
    Tensor<1, 3>       n;
    n[0]           = n2[0];
    n[1]           = n2[1];
    double section = 0.;
    for (const auto &cell : tria.active_cell_iterators())
      {
        if (!is_one_of(regions, cell->material_id()))
          continue;
        const Point<dim> centre = cell->center();
        if (Point<2>(centre[0], centre[1]).distance(point) > radius)
          continue;
        // A cut along faces belongs to the cell on the normal's side only
        // (the half-open rule min <= 0 < max), so it counts once.
        double lowest = std::numeric_limits<double>::max(), highest = -lowest;
        for (const auto v : cell->vertex_indices())
          {
            const double s = (cell->vertex(v)[0] - point[0]) * n[0] +
                             (cell->vertex(v)[1] - point[1]) * n[1];
            lowest  = std::min(lowest, s);
            highest = std::max(highest, s);
          }
        if (!(lowest <= 0. && highest > 0.))
          continue;
        std::vector<Point<3>> cut;
        for (unsigned int l = 0; l < GeometryInfo<dim>::lines_per_cell; ++l)
          {
            Point<3> x[2];
            double   s[2];
            for (unsigned int k = 0; k < 2; ++k)
              {
                const Point<dim> &v =
                  cell->vertex(GeometryInfo<dim>::line_to_cell_vertices(l, k));
                for (int d = 0; d < dim; ++d)
                  x[k][d] = v[d];
                s[k] =
                  (x[k][0] - point[0]) * n[0] + (x[k][1] - point[1]) * n[1];
              }
            if (s[0] * s[1] > 0. || s[0] == s[1])
              continue;
            const Point<3> p = x[0] + (s[0] / (s[0] - s[1])) * (x[1] - x[0]);
            if (std::none_of(cut.begin(), cut.end(), [&](const Point<3> &q) {
                  return p.distance(q) < 1e-14;
                }))
              cut.push_back(p);
          }
        if (dim == 2 && cut.size() == 2)
          section += cut[0].distance(cut[1]);
        else if (dim == 3)
          section += polygon_area(cut, n);
      }
    return section;
  }

  template <int dim>
  double
  region_measure(const Triangulation<dim>              &tria,
                 const std::vector<types::material_id> &regions)
  {
    double measure = 0.;
    for (const auto &cell : tria.active_cell_iterators())
      if (is_one_of(regions, cell->material_id()))
        measure += cell->measure();
    return measure;
  }

  template double
  region_section(const Triangulation<2> &,
                 const std::vector<types::material_id> &,
                 const Point<2> &,
                 const Tensor<1, 2> &,
                 double);
  template double
  region_section(const Triangulation<3> &,
                 const std::vector<types::material_id> &,
                 const Point<2> &,
                 const Tensor<1, 2> &,
                 double);
  template double
  region_measure(const Triangulation<2> &,
                 const std::vector<types::material_id> &);
  template double
  region_measure(const Triangulation<3> &,
                 const std::vector<types::material_id> &);
} // namespace plantarfe::anatomy
