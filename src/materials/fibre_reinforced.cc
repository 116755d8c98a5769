// The "exponential" fibre family of the generic Material section: a
// FibreFamily with the HGO law (fibre_laws.h); formulas in fibre_reinforced.h.
#include "materials/fibre_reinforced.h"

#include <deal.II/base/parameter_handler.h>

#include "base/declared_entry.h"
#include "materials/parameter_helpers.h"

#include <cmath>

namespace plantarfe::materials
{
  void
  declare_exponential_fibre_parameters(dealii::ParameterHandler &prm)
  {
    declare_entry_with_unit(
      prm,
      "Fibre modulus k1",
      "1e4",
      dealii::Patterns::Double(0.),
      entry_units::Pa,
      "Fibre stiffness k1 of W_f = k1/(2 k2) (exp(k2 (I4-1)^2) - "
      "1), tension only (Pa, >= 0).");
    prm.declare_entry("Fibre exponent k2",
                      "10",
                      dealii::Patterns::Double(0.),
                      "Fibre stiffening exponent k2 (dimensionless, > 0).");
  }

  std::unique_ptr<Material>
  create_exponential_fibres(const dealii::ParameterHandler &prm,
                            std::unique_ptr<Material>       matrix)
  {
    const std::string section = "Exponential fibres";
    const double      k1      = prm.get_double("Fibre modulus k1");
    if (!(k1 >= 0.))
      throw_bad_entry(section,
                      "Fibre modulus k1",
                      prm.get("Fibre modulus k1"),
                      "must be >= 0");
    const double k2 = get_positive(prm, section, "Fibre exponent k2");
    return std::make_unique<FibreFamily>(std::move(matrix),
                                         make_hgo_fibres(k1, k2));
  }
} // namespace plantarfe::materials
