// Base for nearly incompressible ("uncoupled") laws with the multiplicative
// split F = J^{1/3} Fbar:
//
//   W(C) = W_iso(Cbar) + U(J),   Cbar = J^{-2/3} C,
//   U(J) = kappa/4 (J^2 - 1 - 2 ln J)   (Simo & Taylor 1982; also the choice
//          of deal.II step-44), so U'(J) = kappa/2 (J - 1/J),
//          U''(J) = kappa/2 (1 + 1/J^2), U(1) = U'(1) = 0, U''(1) = kappa.
//
// A derived law supplies only the fictitious quantities at Cbar,
//   Sbar = 2 dW_iso/dCbar,   CCbar = 4 d^2 W_iso / dCbar dCbar,
// and this base forms (Holzapfel, Nonlinear Solid Mechanics, 2000, eqs.
// 6.88-6.91 and 6.163-6.168)
//   S_iso  = J^{-2/3} Dev(Sbar),  Dev(X) = X - 1/3 (X:C) C^{-1},
//   CC_iso = J^{-4/3} PP : CCbar : PP^T + 2/3 J^{-2/3} (Sbar:C) PPtilde
//            - 2/3 (C^{-1} (x) S_iso + S_iso (x) C^{-1}),
//   PP = II - 1/3 C^{-1} (x) C,  PPtilde = C^{-1} (.) C^{-1} - 1/3 C^{-1} (x)
//   C^{-1}, with (A (.) A)_IJKL = 1/2 (A_IK A_JL + A_IL A_JK),
// then P = F S_iso and A_iJkL = delta_ik S_JL + F_iI CC_IJLN F_kN.
//
// first_piola()/energy() return the isochoric part only; U goes through
// volumetric() as the Material interface requires.
#pragma once

#include "materials/material.h"
#include "materials/tensor_utils.h"

namespace dealii
{
  class ParameterHandler;
}

namespace plantarfe::materials
{
  class IsochoricSplitMaterial : public Material
  {
  public:
    explicit IsochoricSplitMaterial(const double bulk_modulus);

    void
    first_piola(const Tensor2   &F,
                const PointData &point,
                Tensor2         &P,
                Tensor4         *A) const final;

    double
    energy(const Tensor2 &F, const PointData &point) const final;

    bool
    has_volumetric_split() const final
    {
      return true;
    }

    VolumetricResponse
    volumetric(const double J) const final;

    double
    initial_bulk_modulus() const final
    {
      return kappa;
    }

    /// Abaqus' D1 of U = (J - 1)^2 / D1: the same bulk modulus at J = 1
    /// (U'' = kappa), with the same volumetric response to first order.
    double
    abaqus_d1() const
    {
      return 2. / kappa;
    }

    /// FEBio's uncoupled volumetric parameters for this U(J): the bulk
    /// modulus k and pressure_model NIKE3D, whose U = k/4 (J^2 - 2 ln J - 1)
    /// is ours exactly (FEBio's default is k/2 (ln J)^2).
    std::vector<std::pair<std::string, std::string>>
    febio_volumetric() const;

  protected:
    /// W_iso at the isochoric right Cauchy-Green tensor (J/m^3).
    virtual double
    isochoric_energy(const SymTensor2 &Cbar) const = 0;

    /// Sbar = 2 dW_iso/dCbar and, if CCbar is not null,
    /// CCbar = 4 d^2 W_iso/dCbar^2 (both Pa).
    virtual void
    fictitious_response(const SymTensor2 &Cbar,
                        SymTensor2       &Sbar,
                        SymTensor4       *CCbar) const = 0;

  private:
    double kappa;
  };

  /// Declares "Bulk modulus" (Pa, 0 = derive from nu) and "Poisson's ratio"
  /// (default 0.4999) into the current subsection.
  void
  declare_volumetric_parameters(dealii::ParameterHandler &prm);

  /// kappa from the entries above: the bulk modulus if > 0, otherwise
  /// kappa = 2 mu0 (1 + nu) / (3 (1 - 2 nu)) with the initial shear modulus
  /// mu0 of the isochoric law.
  double
  bulk_modulus_from_parameters(const dealii::ParameterHandler &prm,
                               const std::string              &law,
                               const double                    mu0);
} // namespace plantarfe::materials
