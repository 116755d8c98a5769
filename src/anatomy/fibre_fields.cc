#include "anatomy/fibre_fields.h"

#include "anatomy/segment_point.h"

#include <algorithm>
#include <limits>

namespace plantarfe::anatomy
{
  using namespace dealii;

  template <int dim>
  FibreField<dim>
  along_polyline(const std::vector<Point<2>> &line)
  {
    return [line](const Point<dim> &X) {
      Tensor<1, 3> a;
      for (unsigned int i = 0; i + 1 < line.size(); ++i)
        if (X[0] <= line[i + 1][0] || i + 2 == line.size())
          {
            const Tensor<1, 2> d = line[i + 1] - line[i];
            a[0]                 = d[0] / d.norm();
            a[1]                 = d[1] / d.norm();
            break;
          }
      return a;
    };
  }

  template <int dim>
  FibreField<dim>
  along_axis(const Tensor<1, 2> &axis)
  {
    return [axis](const Point<dim> &) {
      return Tensor<1, 3>({axis[0], axis[1], 0.});
    };
  }

  template <int dim>
  FibreField<dim>
  across_joints(const std::vector<std::vector<Point<2>>> &faces)
  {
    return [faces](const Point<dim> &X) {
      const Point<2> x(X[0], X[1]);
      double         best = std::numeric_limits<double>::max();
      Tensor<1, 3>   n;
      for (const auto &face : faces)
        for (unsigned int i = 0; i + 1 < face.size(); ++i)
          {
            const Tensor<1, 2> d = face[i + 1] - face[i];
            const double       dist =
              x.distance(nearest_on_segment(face[i], face[i + 1], x));
            if (dist < best)
              {
                best = dist;
                n    = Tensor<1, 3>({d[1] / d.norm(), -d[0] / d.norm(), 0.});
              }
          }
      return n;
    };
  }

  template FibreField<2>
  across_joints<2>(const std::vector<std::vector<Point<2>>> &);
  template FibreField<3>
  across_joints<3>(const std::vector<std::vector<Point<2>>> &);
  template FibreField<2>
  along_polyline<2>(const std::vector<Point<2>> &);
  template FibreField<3>
  along_polyline<3>(const std::vector<Point<2>> &);
  template FibreField<2>
  along_axis<2>(const Tensor<1, 2> &);
  template FibreField<3>
  along_axis<3>(const Tensor<1, 2> &);
} // namespace plantarfe::anatomy
