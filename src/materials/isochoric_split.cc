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

    const SymTensor4 II   = dealii::identity_tensor<3>();
    const SymTensor4 PP   = II - (1. / 3.) * dealii::outer_product(C_inv, C);
    const SymTensor4 PP_T = II - (1. / 3.) * dealii::outer_product(C, C_inv);

    SymTensor4 C_inv_odot;
    for (unsigned int I = 0; I < 3; ++I)
      for (unsigned int J_ = I; J_ < 3; ++J_)
        for (unsigned int K = 0; K < 3; ++K)
          for (unsigned int L = K; L < 3; ++L)
            C_inv_odot[I][J_][K][L] =
              0.5 * (C_inv[I][K] * C_inv[J_][L] + C_inv[I][L] * C_inv[J_][K]);
    const SymTensor4 PP_tilde =
      C_inv_odot - (1. / 3.) * dealii::outer_product(C_inv, C_inv);

    const SymTensor4 CC = (Jm23 * Jm23) * (PP * CCbar * PP_T) +
                          (2. / 3. * Jm23 * Sbar_C) * PP_tilde -
                          (2. / 3.) * (dealii::outer_product(C_inv, S) +
                                       dealii::outer_product(S, C_inv));

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
} // namespace plantarfe::materials
