// Small index-notation helpers shared by the constitutive laws and checks.
// Everything is written out component-wise on 3x3 tensors: the loops are tiny
// and explicit indices make it easy to compare against the formulas quoted in
// each law's header comment.
#pragma once

#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/base/tensor.h>

#include "materials/material.h"

#include <algorithm>
#include <cmath>

namespace plantarfe::materials
{
  using SymTensor2 = dealii::SymmetricTensor<2, 3>;
  using SymTensor4 = dealii::SymmetricTensor<4, 3>;

  inline Tensor2
  identity2()
  {
    return Tensor2(dealii::unit_symmetric_tensor<3>());
  }

  /// Right Cauchy-Green tensor C = F^T F, symmetric by construction.
  inline SymTensor2
  right_cauchy_green(const Tensor2 &F)
  {
    SymTensor2 C;
    for (unsigned int I = 0; I < 3; ++I)
      for (unsigned int J = I; J < 3; ++J)
        {
          double c = 0.;
          for (unsigned int i = 0; i < 3; ++i)
            c += F[i][I] * F[i][J];
          C[I][J] = c;
        }
    return C;
  }

  /// Largest absolute component; the checks use max-norms so that a single
  /// wrong entry of the tangent cannot hide in an average.
  template <int rank>
  double
  max_abs(const dealii::Tensor<rank, 3> &T)
  {
    double m = 0.;
    for (unsigned int k = 0;
         k < dealii::Tensor<rank, 3>::n_independent_components;
         ++k)
      m = std::max(m, std::abs(T[T.unrolled_to_component_indices(k)]));
    return m;
  }

  /// Spatial tangent from a material (Lagrangian) pair:
  /// P = F S and A_iJkL = delta_ik S_JL + F_iI CC_IJLN F_kN, which is
  /// d(F S)/dF with dS = 1/2 CC : dC and dC = dF^T F + F^T dF.
  inline void
  push_material_response(const Tensor2    &F,
                         const SymTensor2 &S,
                         const SymTensor4 *CC,
                         Tensor2          &P,
                         Tensor4          *A)
  {
    P = F * Tensor2(S);
    if (A == nullptr)
      return;
    Tensor4 &a = *A;
    // Plain copies: the symmetric tensors' accessors, called 3^5 times
    // inside the loops, cost more than the arithmetic.
    double s[3][3];
    for (unsigned int I = 0; I < 3; ++I)
      for (unsigned int J = 0; J < 3; ++J)
        s[I][J] = S[I][J];
    double cc[3][3][3][3];
    if (CC != nullptr)
      {
        constexpr unsigned int n = SymTensor2::n_independent_components;
        for (unsigned int p = 0; p < n; ++p)
          {
            const auto IJ = SymTensor2::unrolled_to_component_indices(p);
            for (unsigned int q = 0; q < n; ++q)
              {
                const auto   LN = SymTensor2::unrolled_to_component_indices(q);
                const double v  = CC->access_raw_entry(p * n + q);
                cc[IJ[0]][IJ[1]][LN[0]][LN[1]] = v;
                cc[IJ[1]][IJ[0]][LN[0]][LN[1]] = v;
                cc[IJ[0]][IJ[1]][LN[1]][LN[0]] = v;
                cc[IJ[1]][IJ[0]][LN[1]][LN[0]] = v;
              }
          }
      }
    // T_iJLN = F_iI CC_IJLN first, to keep the contraction O(3^5).
    double T[3][3][3][3];
    if (CC != nullptr)
      for (unsigned int i = 0; i < 3; ++i)
        for (unsigned int J = 0; J < 3; ++J)
          for (unsigned int L = 0; L < 3; ++L)
            for (unsigned int N = 0; N < 3; ++N)
              {
                double t = 0.;
                for (unsigned int I = 0; I < 3; ++I)
                  t += F[i][I] * cc[I][J][L][N];
                T[i][J][L][N] = t;
              }
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int J = 0; J < 3; ++J)
        for (unsigned int k = 0; k < 3; ++k)
          for (unsigned int L = 0; L < 3; ++L)
            {
              double v = (i == k) ? s[J][L] : 0.;
              if (CC != nullptr)
                for (unsigned int N = 0; N < 3; ++N)
                  v += T[i][J][L][N] * F[k][N];
              a[i][J][k][L] = v;
            }
  }
} // namespace plantarfe::materials
