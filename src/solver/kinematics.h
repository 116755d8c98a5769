// Plane-strain embedding: laws are written in 3D, a 2D model embeds its 2x2
// deformation gradient with F_zz = 1 and keeps the in-plane part of the
// answer. For dim = 3 these are identities.
#pragma once

#include <deal.II/base/tensor.h>

namespace plantarfe::solver
{
  template <int dim>
  inline dealii::Tensor<2, 3>
  embed(const dealii::Tensor<2, dim> &F)
  {
    dealii::Tensor<2, 3> F3;
    for (unsigned int i = 0; i < 3; ++i)
      F3[i][i] = 1.;
    for (unsigned int i = 0; i < dim; ++i)
      for (unsigned int j = 0; j < dim; ++j)
        F3[i][j] = F[i][j];
    return F3;
  }

  template <int dim, int rank>
  inline dealii::Tensor<rank, dim>
  restrict_tensor(const dealii::Tensor<rank, 3> &T3)
  {
    dealii::Tensor<rank, dim> T;
    if constexpr (rank == 2)
      {
        for (unsigned int i = 0; i < dim; ++i)
          for (unsigned int j = 0; j < dim; ++j)
            T[i][j] = T3[i][j];
      }
    else
      {
        static_assert(rank == 4, "only rank 2 and 4");
        for (unsigned int i = 0; i < dim; ++i)
          for (unsigned int j = 0; j < dim; ++j)
            for (unsigned int k = 0; k < dim; ++k)
              for (unsigned int l = 0; l < dim; ++l)
                T[i][j][k][l] = T3[i][j][k][l];
      }
    return T;
  }

  /// von Mises equivalent of a 3x3 Cauchy stress.
  inline double
  von_mises(const dealii::Tensor<2, 3> &s)
  {
    const double d01 = s[0][0] - s[1][1], d12 = s[1][1] - s[2][2],
                 d20 = s[2][2] - s[0][0];
    const double shear =
      s[0][1] * s[0][1] + s[1][2] * s[1][2] + s[2][0] * s[2][0];
    return std::sqrt(0.5 * (d01 * d01 + d12 * d12 + d20 * d20) + 3. * shear);
  }
} // namespace plantarfe::solver
