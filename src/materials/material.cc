// Complete (isochoric + volumetric) response of a law, with U(J) evaluated at
// J = det F. The solver's mixed formulation uses volumetric() directly; these
// helpers serve output and the verification checks.
#include "materials/material.h"

namespace plantarfe::materials
{
  void
  total_first_piola(const Material  &material,
                    const Tensor2   &F,
                    const PointData &point,
                    Tensor2         &P,
                    Tensor4         *A)
  {
    material.first_piola(F, point, P, A);
    if (!material.has_volumetric_split())
      return;

    // d U(J) / dF = U'(J) J F^{-T};
    // d(U' J F^{-T}_iJ)/dF_kL = (U'' J + U') J F^{-T}_iJ F^{-T}_kL
    //                           - U' J F^{-T}_iL F^{-T}_kJ.
    const double             J       = dealii::determinant(F);
    const VolumetricResponse U       = material.volumetric(J);
    const Tensor2            F_inv_T = dealii::transpose(dealii::invert(F));
    P += U.dU * J * F_inv_T;
    if (A == nullptr)
      return;
    const double a = (U.d2U * J + U.dU) * J;
    const double b = U.dU * J;
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int I = 0; I < 3; ++I)
        for (unsigned int k = 0; k < 3; ++k)
          for (unsigned int L = 0; L < 3; ++L)
            (*A)[i][I][k][L] += a * F_inv_T[i][I] * F_inv_T[k][L] -
                                b * F_inv_T[i][L] * F_inv_T[k][I];
  }

  double
  total_energy(const Material  &material,
               const Tensor2   &F,
               const PointData &point)
  {
    double W = material.energy(F, point);
    if (material.has_volumetric_split())
      W += material.volumetric(dealii::determinant(F)).energy;
    return W;
  }

  Tensor2
  cauchy_stress(const Material  &material,
                const Tensor2   &F,
                const PointData &point)
  {
    Tensor2 P, sigma;
    total_stresses(material, F, point, P, sigma);
    return sigma;
  }

  void
  total_stresses(const Material  &material,
                 const Tensor2   &F,
                 const PointData &point,
                 Tensor2         &P,
                 Tensor2         &sigma)
  {
    // A completing law (plane stress) starts its search from the completed
    // F, so the second call below converges at its first evaluation.
    const Tensor2 Fc = material.completed_deformation(F, point);
    total_first_piola(material, Fc, point, P, nullptr);
    sigma = (1. / dealii::determinant(Fc)) * P * dealii::transpose(Fc);
  }
} // namespace plantarfe::materials
