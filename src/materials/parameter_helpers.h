// Reading and validating law parameters. Laws report bad values as
// ScenarioError "<Law>/<Entry>: <why> (got <value>)"; the registry prefixes
// the enclosing section (e.g. "Material/") so the user sees the full path.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include "base/declared_entry.h"
#include "base/errors.h"

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

  /// Requires v > 0; @p shown is the value as the user wrote it.
  inline double
  require_positive(const std::string &law,
                   const std::string &entry,
                   const double       v,
                   const std::string &shown)
  {
    if (!(v > 0.))
      throw_bad_entry(law, entry, shown, "must be > 0");
    return v;
  }

  /// Reads a strictly positive double.
  inline double
  get_positive(const dealii::ParameterHandler &prm,
               const std::string              &law,
               const std::string              &entry)
  {
    return require_positive(law, entry, prm.get_double(entry), prm.get(entry));
  }

  /// Requires lo <= nu < 0.5 (or lo < nu when lo_open); nu = 0.5 would
  /// make the bulk modulus infinite. @p shown is the value as written.
  inline double
  require_poisson_ratio(const std::string &law,
                        const std::string &entry,
                        const double       nu,
                        const std::string &shown,
                        const double       lo,
                        const bool         lo_open)
  {
    if (!(nu < 0.5))
      throw_bad_entry(law,
                      entry,
                      shown,
                      "must be < 0.5 (0.5 is exactly incompressible; use a "
                      "nearly incompressible law)");
    if (lo_open ? !(nu > lo) : !(nu >= lo))
      {
        std::ostringstream why;
        why << "must be " << (lo_open ? "> " : ">= ") << lo;
        throw_bad_entry(law, entry, shown, why.str());
      }
    return nu;
  }

  /// Reads a Poisson's ratio and requires lo <= nu < 0.5 (or lo < nu when
  /// lo_open).
  inline double
  get_poisson_ratio(const dealii::ParameterHandler &prm,
                    const std::string              &law,
                    const std::string              &entry,
                    const double                    lo,
                    const bool                      lo_open)
  {
    return require_poisson_ratio(
      law, entry, prm.get_double(entry), prm.get(entry), lo, lo_open);
  }

  /// A number as shown in messages of the typed constructors (laws.h).
  inline std::string
  shown(const double v)
  {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
  }

  /// Bulk modulus of a nearly incompressible law from its initial shear
  /// modulus and Poisson's ratio: kappa = 2 mu0 (1 + nu) / (3 (1 - 2 nu)).
  inline double
  bulk_modulus_from_poisson(const double mu0, const double nu)
  {
    return 2. * mu0 * (1. + nu) / (3. * (1. - 2. * nu));
  }

  /// Lame constants of an isotropic law given by E and nu.
  struct LameConstants
  {
    double mu     = 0.; ///< shear modulus (Pa)
    double lambda = 0.; ///< first Lame parameter (Pa)
  };

  /// Declares "Young's modulus" and "Poisson's ratio" (compressible laws);
  /// @p note is appended to the Poisson's ratio doc string.
  inline void
  declare_young_poisson(dealii::ParameterHandler &prm, const std::string &note)
  {
    declare_entry_with_unit(prm,
                            "Young's modulus",
                            "1e5",
                            dealii::Patterns::Double(0.),
                            entry_units::Pa,
                            "Young's modulus E (Pa, > 0).");
    prm.declare_entry("Poisson's ratio",
                      "0.3",
                      dealii::Patterns::Double(-1., 0.5),
                      "Poisson's ratio nu (dimensionless, -1 < nu < 0.5)" +
                        note + ".");
  }

  /// Lame constants from Young's modulus and Poisson's ratio.
  inline LameConstants
  lame_from_young_poisson(const double E, const double nu)
  {
    return {E / (2. * (1. + nu)), E * nu / ((1. + nu) * (1. - 2. * nu))};
  }

  /// Reads the entries of declare_young_poisson() and converts them.
  inline LameConstants
  read_young_poisson(const dealii::ParameterHandler &prm,
                     const std::string              &law)
  {
    const double E  = get_positive(prm, law, "Young's modulus");
    const double nu = get_poisson_ratio(prm, law, "Poisson's ratio", -1., true);
    return lame_from_young_poisson(E, nu);
  }
} // namespace plantarfe::materials
