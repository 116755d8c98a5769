// Points and lengths as users read them in messages: millimetres.
#pragma once

#include <deal.II/base/point.h>

#include <cstdio>
#include <sstream>
#include <string>

namespace plantarfe::anatomy
{
  template <int dim>
  inline std::string
  in_mm(const dealii::Point<dim> &p)
  {
    char buf[96];
    if (dim == 2)
      std::snprintf(buf, sizeof buf, "(%.1f, %.1f) mm", p[0] * 1e3, p[1] * 1e3);
    else
      std::snprintf(buf,
                    sizeof buf,
                    "(%.1f, %.1f, %.1f) mm",
                    p[0] * 1e3,
                    p[1] * 1e3,
                    p[dim - 1] * 1e3);
    return buf;
  }

  /// A length given in metres as "12.5 mm", to @p significant digits.
  inline std::string
  length_in_mm(const double metres, const int significant = 6)
  {
    std::ostringstream s;
    s.precision(significant);
    s << metres * 1e3 << " mm";
    return s.str();
  }
} // namespace plantarfe::anatomy
