// Reading and validating law parameters. Laws report bad values as
// ScenarioError "<Law>/<Entry>: <why> (got <value>)"; the registry prefixes
// the enclosing section (e.g. "Material/") so the user sees the full path.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include "scenario/errors.h"

#include <sstream>
#include <string>

namespace plantarfe::materials
{
  [[noreturn]] inline void
  throw_bad_entry(const std::string &law,
                  const std::string &entry,
                  const std::string &value,
                  const std::string &why)
  {
    throw ScenarioError(law + "/" + entry + ": " + why + " (got " + value +
                        ")");
  }

  /// Reads a strictly positive double.
  inline double
  get_positive(const dealii::ParameterHandler &prm,
               const std::string              &law,
               const std::string              &entry)
  {
    const double v = prm.get_double(entry);
    if (!(v > 0.))
      throw_bad_entry(law, entry, prm.get(entry), "must be > 0");
    return v;
  }

  /// Reads a Poisson's ratio and requires lo <= nu < 0.5 (or lo < nu when
  /// lo_open); nu = 0.5 would make the bulk modulus infinite.
  inline double
  get_poisson_ratio(const dealii::ParameterHandler &prm,
                    const std::string              &law,
                    const std::string              &entry,
                    const double                    lo,
                    const bool                      lo_open)
  {
    const double nu = prm.get_double(entry);
    if (!(nu < 0.5))
      throw_bad_entry(law,
                      entry,
                      prm.get(entry),
                      "must be < 0.5 (0.5 is exactly incompressible; use a "
                      "nearly incompressible law)");
    if (lo_open ? !(nu > lo) : !(nu >= lo))
      {
        std::ostringstream why;
        why << "must be " << (lo_open ? "> " : ">= ") << lo;
        throw_bad_entry(law, entry, prm.get(entry), why.str());
      }
    return nu;
  }
} // namespace plantarfe::materials
