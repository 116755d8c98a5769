// Small helpers shared by the verification cases.
#pragma once

#include <deal.II/base/function.h>
#include <deal.II/lac/vector.h>

#include "materials/registry.h"
#include "solver/problem.h"
#include "verification/verification.h"

#include <cmath>
#include <memory>
#include <sstream>
#include <string>

namespace plantarfe::verification
{
  /// Row for "observed <= tol" style checks.
  inline Row
  at_most(const std::string &case_name,
          const std::string &quantity,
          double             observed,
          double             tol)
  {
    std::ostringstream c;
    c << "<= " << tol;
    return {case_name,
            quantity,
            observed,
            tol,
            c.str(),
            std::isfinite(observed) && observed <= tol};
  }

  /// Row for "observed >= bound".
  inline Row
  at_least(const std::string &case_name,
           const std::string &quantity,
           double             observed,
           double             bound)
  {
    std::ostringstream c;
    c << ">= " << bound;
    return {case_name,
            quantity,
            observed,
            bound,
            c.str(),
            std::isfinite(observed) && observed >= bound};
  }

  /// Row for |observed - expected| / |expected| <= tol.
  inline Row
  relative(const std::string &case_name,
           const std::string &quantity,
           double             observed,
           double             expected,
           double             tol)
  {
    std::ostringstream c;
    c << "rel. err <= " << tol;
    const double err = std::abs(observed - expected) / std::abs(expected);
    return {case_name,
            quantity,
            observed,
            expected,
            c.str(),
            std::isfinite(err) && err <= tol};
  }

  /// Dirichlet condition with the given function on all components.
  template <int dim>
  solver::DirichletCondition<dim>
  full_dirichlet(dealii::types::boundary_id             id,
                 std::shared_ptr<dealii::Function<dim>> g)
  {
    return {id, dealii::ComponentMask(dim, true), g};
  }

  /// Dirichlet condition u_c = 0 on one boundary.
  template <int dim>
  solver::DirichletCondition<dim>
  roller(dealii::types::boundary_id id, unsigned int component)
  {
    dealii::ComponentMask mask(dim, false);
    mask.set(component, true);
    return {id,
            mask,
            std::make_shared<dealii::Functions::ZeroFunction<dim>>(dim)};
  }

  /// Observed convergence rate between two meshes of sizes h1 > h2.
  inline double
  rate(double e1, double e2, double h1, double h2)
  {
    return std::log(e1 / e2) / std::log(h1 / h2);
  }
} // namespace plantarfe::verification
