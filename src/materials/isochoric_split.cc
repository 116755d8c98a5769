// Isochoric/volumetric split shared by the nearly incompressible laws; the
// formulas are listed in isochoric_split.h.
#include "materials/isochoric_split.h"

#include <deal.II/base/parameter_handler.h>

#include "base/declared_entry.h"
#include "materials/parameter_helpers.h"

#include <cmath>

namespace plantarfe::materials
{
  IsochoricSplitMaterial::IsochoricSplitMaterial(const double bulk_modulus)
      : kappa(bulk_modulus)
  {}

  void
  IsochoricSplitMaterial::first_piola(const Tensor2 &F,
                                      const PointData & /*point*/,
                                      Tensor2 &P,
                                      Tensor4 *A) const
  {
    const double     J     = dealii::determinant(F);
    const double     Jm23  = std::pow(J, -2. / 3.);
    const SymTensor2 C     = right_cauchy_green(F);
    const SymTensor2 C_inv = dealii::invert(C);
    const SymTensor2 Cbar  = Jm23 * C;

    SymTensor2 Sbar;
    SymTensor4 CCbar;
    fictitious_response(Cbar, Sbar, A != nullptr ? &CCbar : nullptr);

    const double     Sbar_C = Sbar * C; // (Sbar : C)
    const SymTensor2 S      = Jm23 * (Sbar - (Sbar_C / 3.) * C_inv);
    if (A == nullptr)
      {
        push_material_response(F, S, nullptr, P, nullptr);
        return;
      }

    // CC = J^-4/3 PP : CCbar : PP^T + 2/3 J^-2/3 (Sbar : C) PP~
    //      - 2/3 (C^-1 (x) S + S (x) C^-1), with PP = II - 1/3 C^-1 (x) C
    // and PP~ = C^-1 (.) C^-1 - 1/3 C^-1 (x) C^-1 (Holzapfel 2000, 6.168),
    // expanded so that no fourth-order product is formed:
    //   PP : CCbar : PP^T = CCbar - 1/3 C^-1 (x) (C : CCbar)
    //     - 1/3 (CCbar : C) (x) C^-1 + 1/9 (C : CCbar : C) C^-1 (x) C^-1,
    // and written entry by entry on the six independent components (the
    // tensor-algebra form spent a third of the 2D foot's solve here).
    const SymTensor2       CCbar_C   = CCbar * C;
    const SymTensor2       C_CCbar   = C * CCbar;
    const double           C_CCbar_C = C_CCbar * C;
    const double           a         = Jm23 * Jm23;
    const double           b         = 2. / 3. * Jm23 * Sbar_C;
    const double           c         = a / 9. * C_CCbar_C - b / 3.;
    constexpr unsigned int n         = SymTensor2::n_independent_components;
    SymTensor4             CC        = a * CCbar;
    double                 Ci[3][3];
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = 0; j < 3; ++j)
        Ci[i][j] = C_inv[i][j];
    for (unsigned int p = 0; p < n; ++p)
      {
        const auto   IJ   = SymTensor2::unrolled_to_component_indices(p);
        const double Ci_p = C_inv.access_raw_entry(p);
        const double S_p  = S.access_raw_entry(p);
        const double X_p  = CCbar_C.access_raw_entry(p);
        for (unsigned int q = 0; q < n; ++q)
          {
            const auto   KL   = SymTensor2::unrolled_to_component_indices(q);
            const double Ci_q = C_inv.access_raw_entry(q);
            const double odot = 0.5 * (Ci[IJ[0]][KL[0]] * Ci[IJ[1]][KL[1]] +
                                       Ci[IJ[0]][KL[1]] * Ci[IJ[1]][KL[0]]);
            CC.access_raw_entry(p * n + q) +=
              -a / 3. * (Ci_p * C_CCbar.access_raw_entry(q) + X_p * Ci_q) +
              c * Ci_p * Ci_q + b * odot -
              2. / 3. * (Ci_p * S.access_raw_entry(q) + S_p * Ci_q);
          }
      }

    push_material_response(F, S, &CC, P, A);
  }

  double
  IsochoricSplitMaterial::energy(const Tensor2 &F,
                                 const PointData & /*point*/) const
  {
    const double J = dealii::determinant(F);
    return isochoric_energy(std::pow(J, -2. / 3.) * right_cauchy_green(F));
  }

  VolumetricResponse
  IsochoricSplitMaterial::volumetric(const double J) const
  {
    VolumetricResponse U;
    U.energy = 0.25 * kappa * (J * J - 1. - 2. * std::log(J));
    U.dU     = 0.5 * kappa * (J - 1. / J);
    U.d2U    = 0.5 * kappa * (1. + 1. / (J * J));
    return U;
  }

  void
  declare_volumetric_parameters(dealii::ParameterHandler &prm)
  {
    declare_entry_with_unit(
      prm,
      "Bulk modulus",
      "0",
      dealii::Patterns::Double(0.),
      entry_units::Pa,
      "Bulk modulus kappa of U(J) = kappa/4 (J^2 - 1 - 2 ln J) "
      "(Pa). 0 means: derive it from \"Poisson's ratio\" and the "
      "initial shear modulus.");
    prm.declare_entry(
      "Poisson's ratio",
      "0.4999",
      dealii::Patterns::Double(0., 0.5),
      "Poisson's ratio of the linearised law (dimensionless, in "
      "[0, 0.5)); used only when \"Bulk modulus\" is 0: "
      "kappa = 2 mu (1 + nu) / (3 (1 - 2 nu)).");
  }

  double
  bulk_modulus_from_parameters(const dealii::ParameterHandler &prm,
                               const std::string              &law,
                               const double                    mu0)
  {
    const double kappa = prm.get_double("Bulk modulus");
    if (kappa < 0.)
      throw_bad_entry(law,
                      "Bulk modulus",
                      prm.get("Bulk modulus"),
                      "must be >= 0");
    if (kappa > 0.)
      return kappa;
    const double nu = get_poisson_ratio(prm, law, "Poisson's ratio", 0., false);
    return bulk_modulus_from_poisson(mu0, nu);
  }
  std::vector<std::pair<std::string, std::string>>
  IsochoricSplitMaterial::febio_volumetric() const
  {
    return {{"k", febio_number(kappa)}, {"pressure_model", "NIKE3D"}};
  }
} // namespace plantarfe::materials
