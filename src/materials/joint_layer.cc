#include "materials/joint_layer.h"

#include "base/errors.h"
#include "materials/laws.h"
#include "materials/unit_direction.h"

#include <cmath>

namespace plantarfe::materials
{

  JointLayer::Closure
  JointLayer::closure(const double x)
  {
    constexpr double d = smoothing;
    if (!(x > 0.))
      return {};
    if (x < 2. * d)
      return {x * x * x / (12. * d), x * x / (4. * d), x / (2. * d)};
    return {0.5 * (x - d) * (x - d) + d * d / 6., x - d, 1.};
  }

  JointLayer::JointLayer(const double                    closure_modulus,
                         std::unique_ptr<Material>       matrix,
                         std::shared_ptr<const Material> bonded)
      : M(closure_modulus)
      , matrix_law(std::move(matrix))
      , bonded_law(std::move(bonded))
  {
    if (bonded_law && bonded_law->has_volumetric_split())
      throw ScenarioError("joint layer: the bonded law must be compressible");
    if (!(M > 0.))
      throw ScenarioError("joint layer: closure modulus must be > 0");
    if (matrix_law->has_volumetric_split())
      throw ScenarioError("joint layer: the matrix must be compressible");
  }

  std::string
  JointLayer::name() const
  {
    return "joint layer (" + matrix_law->name() + " + closure)";
  }

  double
  JointLayer::thickness_ratio(const Tensor2 &F, const PointData &point)
  {
    const Vector3 N = unit_direction(point);
    if (N.norm_square() == 0.)
      return 1.;
    return 1. / (transpose(invert(F)) * N).norm();
  }

  void
  JointLayer::first_piola(const Tensor2   &F,
                          const PointData &point,
                          Tensor2         &P,
                          Tensor4         *A) const
  {
    matrix_law->first_piola(F, point, P, A);
    if (bonded_law && point.layer_bond > 0.)
      {
        Tensor2 P_b;
        Tensor4 A_b;
        bonded_law->first_piola(F, point, P_b, A ? &A_b : nullptr);
        P += point.layer_bond * P_b;
        if (A)
          *A += point.layer_bond * A_b;
      }
    const Vector3 N = unit_direction(point);
    if (N.norm_square() == 0.)
      return;
    const Tensor2 B = invert(F);
    const Vector3 m = transpose(B) * N; // F^{-T} N
    const Vector3 a = B * m;            // C^{-1} N
    const double  h = 1. / m.norm();
    if (!(h < 1.))
      return; // open: the joint carries nothing across
    const Closure r   = closure(1. - h);
    const double  dW  = -M * r.stress;
    const double  d2W = M * r.stiffness;
    const double  c   = dW * h * h * h;
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int J = 0; J < 3; ++J)
        P[i][J] += c * m[i] * a[J];
    if (A == nullptr)
      return;
    const double  h2 = h * h, h5 = h2 * h2 * h;
    const double  e    = d2W * h5 * h + 3. * dW * h5;
    const Tensor2 Cinv = B * transpose(B);
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int J = 0; J < 3; ++J)
        for (unsigned int k = 0; k < 3; ++k)
          for (unsigned int L = 0; L < 3; ++L)
            (*A)[i][J][k][L] +=
              e * m[i] * a[J] * m[k] * a[L] -
              c * (B[L][i] * m[k] * a[J] + m[i] * B[J][k] * a[L] +
                   m[i] * m[k] * Cinv[J][L]);
  }

  double
  JointLayer::initial_shear_modulus() const
  {
    return matrix_law->initial_shear_modulus();
  }

  double
  JointLayer::initial_bulk_modulus() const
  {
    return matrix_law->initial_bulk_modulus() + M;
  }

  double
  JointLayer::energy(const Tensor2 &F, const PointData &point) const
  {
    const double h = thickness_ratio(F, point);
    double       W = matrix_law->energy(F, point);
    if (bonded_law && point.layer_bond > 0.)
      W += point.layer_bond * bonded_law->energy(F, point);
    return h < 1. ? W + M * closure(1. - h).energy : W;
  }

  std::unique_ptr<Material>
  make_joint_layer(const double                    cartilage_E,
                   const double                    cartilage_nu,
                   const double                    sliding_shear_modulus,
                   std::shared_ptr<const Material> bonded)
  {
    if (!(sliding_shear_modulus > 0.))
      throw ScenarioError("joint layer: sliding shear modulus must be > 0");
    const double M = cartilage_E * (1. - cartilage_nu) /
                     ((1. + cartilage_nu) * (1. - 2. * cartilage_nu));
    // A matrix of the given shear modulus with nu = 0.3: it keeps an open
    // joint's layer together without confining it.
    const double nu = 0.3;
    return std::make_unique<JointLayer>(
      M,
      make_neo_hookean(2. * sliding_shear_modulus * (1. + nu), nu),
      std::move(bonded));
  }
} // namespace plantarfe::materials
