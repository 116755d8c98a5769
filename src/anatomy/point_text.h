// A point as users read it in messages: millimetres, one decimal.
#pragma once

#include <deal.II/base/point.h>

#include <cstdio>
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
} // namespace plantarfe::anatomy
