#include "materials/fibre_family.h"

#include <cmath>

namespace plantarfe::materials
{
  namespace
  {
    /// Unit reference direction, or zero when the point has no fibre.
    Vector3
    unit_fibre(const PointData &point)
    {
      const double n = point.fibre.norm();
      return n > 0. ? Vector3(point.fibre / n) : Vector3();
    }
  } // namespace

  FibreFamily::FibreFamily(std::unique_ptr<Material> matrix,
                           std::unique_ptr<FibreLaw> fibres)
      : matrix_law(std::move(matrix))
      , fibre_law(std::move(fibres))
  {}

  std::string
  FibreFamily::name() const
  {
    return matrix_law->name() + " + " + fibre_law->name() + " fibres";
  }

  double
  FibreFamily::fibre_stretch(const Tensor2 &F, const PointData &point)
  {
    const Vector3 a0 = unit_fibre(point);
    if (a0.norm_square() == 0.)
      return 1.;
    return point.fibre_prestretch * (F * a0).norm();
  }

  void
  FibreFamily::first_piola(const Tensor2   &F,
                           const PointData &point,
                           Tensor2         &P,
                           Tensor4         *A) const
  {
    matrix_law->first_piola(F, point, P, A);
    const Vector3 a0 = unit_fibre(point);
    if (a0.norm_square() == 0.)
      return;
    const Vector3 Fa     = F * a0;
    const double  l0     = point.fibre_prestretch;
    const double  lambda = l0 * Fa.norm();
    auto          r      = fibre_law->evaluate(lambda);
    r.dW += point.fibre_active_stress;
    if (r.dW == 0. && r.d2W == 0.)
      return;
    const double g = l0 * l0 * r.dW / lambda;
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int J = 0; J < 3; ++J)
        P[i][J] += g * Fa[i] * a0[J];
    if (A == nullptr)
      return;
    const double dg = l0 * l0 * (r.d2W / lambda - r.dW / (lambda * lambda));
    const double h  = l0 * l0 * dg / lambda;
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int J = 0; J < 3; ++J)
        for (unsigned int k = 0; k < 3; ++k)
          for (unsigned int L = 0; L < 3; ++L)
            (*A)[i][J][k][L] += (i == k ? g * a0[J] * a0[L] : 0.) +
                                h * Fa[i] * a0[J] * Fa[k] * a0[L];
  }

  bool
  FibreFamily::has_volumetric_split() const
  {
    return matrix_law->has_volumetric_split();
  }

  VolumetricResponse
  FibreFamily::volumetric(const double J) const
  {
    return matrix_law->volumetric(J);
  }

  double
  FibreFamily::initial_shear_modulus() const
  {
    return matrix_law->initial_shear_modulus();
  }

  double
  FibreFamily::initial_bulk_modulus() const
  {
    return matrix_law->initial_bulk_modulus();
  }

  double
  FibreFamily::energy(const Tensor2 &F, const PointData &point) const
  {
    const double lambda = fibre_stretch(F, point);
    const double active =
      point.fibre.norm() > 0. ? point.fibre_active_stress * (lambda - 1.) : 0.;
    return matrix_law->energy(F, point) + fibre_law->evaluate(lambda).W +
           active;
  }
} // namespace plantarfe::materials
