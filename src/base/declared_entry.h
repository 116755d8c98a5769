// Scenario entries declared with their unit as data. deal.II's
// ParameterHandler keeps a pattern and a doc string per entry but no unit,
// and does not tell its current subsection; DeclaredSection enters a
// subsection and remembers its name, so declare_entry_with_unit() can record
// "Section/Sub/Entry" -> unit for the batch manifest and the compare chart
// (declared_units()). No unit is ever read back out of a doc string.
#pragma once

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/patterns.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace plantarfe
{
  /// The unit an entry is written in and the factor that turns it into SI.
  struct Unit
  {
    std::string symbol; ///< as users read it: "mm", "kPa", "degrees"; "" none
    double      to_si = 1.;
  };

  /// Units scenario entries are written in.
  namespace entry_units
  {
    inline const Unit none{"", 1.};
    inline const Unit m{"m", 1.};
    inline const Unit mm{"mm", 1e-3};
    inline const Unit mm2{"mm^2", 1e-6};
    inline const Unit degrees{"degrees", M_PI / 180.};
    inline const Unit kg{"kg", 1.};
    inline const Unit N{"N", 1.};
    inline const Unit N_m{"N m", 1.};
    inline const Unit N_per_mm{"N/mm", 1e3};
    inline const Unit Pa{"Pa", 1.};
    inline const Unit kPa{"kPa", 1e3};
    inline const Unit MPa{"MPa", 1e6};
    inline const Unit Pa_per_m{"Pa/m", 1.};
    inline const Unit s{"s", 1.};
  } // namespace entry_units

  /// Enters subsection @p name of @p prm for its lifetime and makes it part
  /// of the path under which declare_entry_with_unit() records units.
  class DeclaredSection
  {
  public:
    DeclaredSection(dealii::ParameterHandler &prm, const std::string &name);
    ~DeclaredSection();
    DeclaredSection(const DeclaredSection &) = delete;
    DeclaredSection &
    operator=(const DeclaredSection &) = delete;

  private:
    dealii::ParameterHandler &prm;
  };

  /// Declares one entry in the current subsection of @p prm and, when
  /// @p unit has a symbol, records it under the DeclaredSection path.
  void
  declare_entry_with_unit(dealii::ParameterHandler            &prm,
                          const std::string                   &name,
                          const std::string                   &default_text,
                          const dealii::Patterns::PatternBase &pattern,
                          const Unit                          &unit,
                          const std::string                   &doc);

  /// "Section/Sub/Entry" -> unit symbol of every entry declared with a
  /// unit in this process (entries are declared on one thread, before any
  /// run starts).
  const std::map<std::string, std::string> &
  declared_units();
} // namespace plantarfe
