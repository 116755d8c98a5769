// Exponential tension-only fibre family; formulas in fibre_reinforced.h.
#include "materials/fibre_reinforced.h"

#include <deal.II/base/parameter_handler.h>

#include "materials/parameter_helpers.h"

#include <cmath>

namespace plantarfe::materials
{
  namespace
  {
    /// Unit fibre direction, or zero when there is no fibre at this point.
    Vector3
    unit_fibre(const PointData &point)
    {
      const double n = point.fibre.norm();
      return n > 0. ? Vector3(point.fibre / n) : Vector3();
    }

    double
    fourth_invariant(const Tensor2 &F, const Vector3 &a0)
    {
      const Vector3 Fa = F * a0;
      return Fa * Fa;
    }
  } // namespace

  ExponentialFibres::ExponentialFibres(std::unique_ptr<Material> matrix,
                                       const double              k1,
                                       const double              k2)
      : matrix_law(std::move(matrix))
      , k1(k1)
      , k2(k2)
  {}

  std::string
  ExponentialFibres::name() const
  {
    return matrix_law->name() + " + exponential fibres";
  }

  void
  ExponentialFibres::first_piola(const Tensor2   &F,
                                 const PointData &point,
                                 Tensor2         &P,
                                 Tensor4         *A) const
  {
    matrix_law->first_piola(F, point, P, A);
    const Vector3 a0 = unit_fibre(point);
    if (a0.norm_square() == 0.)
      return;
    const double I4 = fourth_invariant(F, a0);
    if (!(I4 > 1.))
      return;

    const double  e  = std::exp(k2 * (I4 - 1.) * (I4 - 1.));
    const double  W1 = k1 * (I4 - 1.) * e;
    const double  W2 = k1 * (1. + 2. * k2 * (I4 - 1.) * (I4 - 1.)) * e;
    const Vector3 Fa = F * a0;
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int J = 0; J < 3; ++J)
        P[i][J] += 2. * W1 * Fa[i] * a0[J];
    if (A == nullptr)
      return;
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int J = 0; J < 3; ++J)
        for (unsigned int k = 0; k < 3; ++k)
          for (unsigned int L = 0; L < 3; ++L)
            (*A)[i][J][k][L] += (i == k ? 2. * W1 * a0[J] * a0[L] : 0.) +
                                4. * W2 * Fa[i] * a0[J] * Fa[k] * a0[L];
  }

  double
  ExponentialFibres::energy(const Tensor2 &F, const PointData &point) const
  {
    double        W  = matrix_law->energy(F, point);
    const Vector3 a0 = unit_fibre(point);
    if (a0.norm_square() == 0.)
      return W;
    const double I4 = fourth_invariant(F, a0);
    if (I4 > 1.)
      W += k1 / (2. * k2) * std::expm1(k2 * (I4 - 1.) * (I4 - 1.));
    return W;
  }

  bool
  ExponentialFibres::has_volumetric_split() const
  {
    return matrix_law->has_volumetric_split();
  }

  VolumetricResponse
  ExponentialFibres::volumetric(const double J) const
  {
    return matrix_law->volumetric(J);
  }

  double
  ExponentialFibres::initial_shear_modulus() const
  {
    return matrix_law->initial_shear_modulus();
  }

  double
  ExponentialFibres::initial_bulk_modulus() const
  {
    return matrix_law->initial_bulk_modulus();
  }

  void
  declare_exponential_fibre_parameters(dealii::ParameterHandler &prm)
  {
    prm.declare_entry(
      "Fibre modulus k1",
      "1e4",
      dealii::Patterns::Double(0.),
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
    return std::make_unique<ExponentialFibres>(std::move(matrix), k1, k2);
  }
} // namespace plantarfe::materials
