// A neo-Hookean block under its own weight, the set-up several solver tests
// start from (contact results, the settling support, tetrahedral cells).
#pragma once

#include <deal.II/base/function.h>
#include <deal.II/lac/vector.h>

#include "anatomy/analytic_shapes.h"
#include "materials/registry.h"
#include "solver/problem.h"

#include <functional>
#include <memory>
#include <string>

namespace plantarfe::test_setups
{
  /// Block size x size x height (4 x 4 x 2 cells, refined n times along
  /// each edge) of a neo-Hookean law under a body force of
  /// @p weight_density (N/m^3) down z; no supports. @p simplex splits each
  /// hexahedron into 24 tetrahedra.
  inline solver::Problem<3>
  weighted_block(const double       size,
                 const double       height,
                 const double       weight_density,
                 const std::string &young,
                 const std::string &poisson,
                 const unsigned int n       = 1,
                 const bool         simplex = false)
  {
    solver::Problem<3> p;
    p.make_mesh = [=](dealii::Triangulation<3> &t) {
      const auto box = [=](dealii::Triangulation<3> &b) {
        anatomy::make_box<3>(b,
                             {{size, size, height}},
                             {{4 * n, 4 * n, 2 * n}},
                             0);
      };
      if (simplex)
        anatomy::make_simplex_mesh<3>(t, box);
      else
        box(t);
    };
    p.materials[0] = materials::create_material("neo-Hookean",
                                                {{"Young's modulus", young},
                                                 {"Poisson's ratio", poisson}});
    dealii::Vector<double> b(3);
    b[2]         = -weight_density;
    p.body_force = std::make_shared<dealii::Functions::ConstantFunction<3>>(b);
    if (simplex)
      p.settings.cells = solver::CellShape::simplex;
    return p;
  }
} // namespace plantarfe::test_setups
