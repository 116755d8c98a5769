#include "materials/fibre_family.h"

#include "materials/unit_direction.h"

#include <cmath>

namespace plantarfe::materials
{

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
    const Vector3 a0 = unit_direction(point);
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
    const Vector3 a0 = unit_direction(point);
    if (a0.norm_square() == 0.)
      return;
    const Vector3 Fa     = F * a0;
    const double  l0     = point.fibre_prestretch;
    const double  lambda = l0 * Fa.norm();
    auto          r      = fibre_law->evaluate(lambda);
    r.dW += point.fibre_active_stress;
    if (r.dW < point.fibre_tension_floor)
      {
        // Force-controlled: the stress no longer depends on the stretch.
        r.dW  = point.fibre_tension_floor;
        r.d2W = 0.;
      }
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
    if (point.fibre.norm() == 0.)
      return matrix_law->energy(F, point) + fibre_law->evaluate(lambda).W;
    return matrix_law->energy(F, point) + fibre_energy(lambda, point);
  }

  double
  FibreFamily::fibre_energy(const double lambda, const PointData &point) const
  {
    const double s_a    = point.fibre_active_stress;
    const double f      = point.fibre_tension_floor;
    auto         stress = [&](const double l) {
      return fibre_law->evaluate(l).dW + s_a;
    };
    if (f <= s_a) // the floor never governs (the law pulls >= 0)
      return fibre_law->evaluate(lambda).W + s_a * (lambda - 1.);
    // W = integral from 1 to lambda of max(W'(l) + s_a, f) dl. The passive
    // laws are convex (W' grows with l), so the floor governs up to the
    // stretch l* where W'(l*) + s_a = f, found by bisection.
    double lo = 1., hi = 1.;
    while (stress(hi) < f && hi < 1e3)
      hi = 1. + 2. * (hi - 1.) + 0.01;
    if (stress(hi) < f)
      return f * (lambda - 1.);
    for (unsigned int i = 0; i < 200 && hi - lo > 1e-15; ++i)
      {
        const double mid            = 0.5 * (lo + hi);
        (stress(mid) < f ? lo : hi) = mid;
      }
    const double l_star = 0.5 * (lo + hi);
    if (lambda <= l_star)
      return f * (lambda - 1.);
    const auto W = [&](const double l) {
      return fibre_law->evaluate(l).W + s_a * (l - 1.);
    };
    return f * (l_star - 1.) + W(lambda) - W(l_star);
  }
} // namespace plantarfe::materials
