// A joint's cartilage layer that carries compression across the joint and
// little else: the bones may open apart (no tension across the joint, where
// the capsule and ligaments hold, not the cartilage) and slide (articular
// surfaces are nearly frictionless), but the layer resists closing with
// cartilage's confined modulus. A thin layer in place of frictionless
// contact between two cartilage-covered surfaces, which the solver does not
// have between deformable bodies.
//
//   W = W_m(F) + M S(1 - h),   h = 1 / |F^{-T} N|,
//
// with S(x) = (x - d)^2/2 + d^2/6 beyond x = 2d, x^3/(12 d) below it and 0
// for an open joint (x <= 0): the closure stress M (x - d) starts smoothly
// over the first 2d = 2 % of closure (d = JointLayer::smoothing), so that the
// stiffness does not jump from 0 to M at the unloaded state, where every
// joint starts and Newton would otherwise switch points open and shut.
//
// W_m a soft compressible neo-Hookean matrix (shear modulus mu_m: what keeps
// the layer connected and resists sliding), N = PointData::fibre the unit
// normal of the joint in the reference configuration, h the layer's current
// thickness over its reference thickness (the distance between the two faces
// of a material slab normal to N: shear along the joint leaves it at 1,
// which a stretch |F N| of the normal line would not). With m = F^{-T} N,
// a = C^{-1} N, q = m.m (h = q^{-1/2}) and B = F^{-1}:
//
//   P_iJ    = c m_i a_J,  c = W'(h) h^3,  W'(h) = -M S'(1 - h),
//   A_iJkL  = (W'' h^6 + 3 W' h^5) m_i a_J m_k a_L
//           - c (B_Li m_k a_J + m_i B_Jk a_L + m_i m_k Cinv_JL).
//
// Release: a layer may start bonded and be let go while the load comes on,
// W + b W_b(F) with W_b the bonded cartilage's law and b =
// PointData::layer_bond falling from 1 to 0 over the first part of the load
// (Tissues/Joints/Released by). At b = 0 the layer is the sliding one above.
// Why: at the unloaded state a sliding arch has modes that only friction
// under a barely loaded sole resists, and Newton cycles between sticking and
// slipping there; a bonded arch first loads its ligaments and the ground,
// then slides. The answer at full load is the sliding layer's (b = 0 there).
#pragma once

#include "materials/material.h"

#include <memory>

namespace plantarfe::materials
{
  class JointLayer : public Material
  {
  public:
    /// @p closure_modulus M (Pa) against closing the joint; @p matrix the
    /// layer's law otherwise (compressible, no volumetric split).
    JointLayer(double                          closure_modulus,
               std::unique_ptr<Material>       matrix,
               std::shared_ptr<const Material> bonded = nullptr);

    std::string
    name() const override;

    void
    first_piola(const Tensor2   &F,
                const PointData &point,
                Tensor2         &P,
                Tensor4         *A) const override;

    double
    initial_shear_modulus() const override;

    /// The closed layer's: the matrix's plus the closure modulus.
    double
    initial_bulk_modulus() const override;

    double
    energy(const Tensor2 &F, const PointData &point) const override;

    /// Current over reference thickness of the layer normal to N (1 where
    /// the point has no normal).
    static double
    thickness_ratio(const Tensor2 &F, const PointData &point);

    /// Closure strain over which the closure stress is smoothed in (see
    /// above): 1 % of the layer's thickness.
    static constexpr double smoothing = 0.01;

    /// S(x), S'(x), S''(x) of the smoothed closure at closure strain x.
    struct Closure
    {
      double energy = 0., stress = 0., stiffness = 0.;
    };
    static Closure
    closure(double x);

  private:
    double                          M;
    std::unique_ptr<Material>       matrix_law;
    std::shared_ptr<const Material> bonded_law; ///< null: never bonded
  };

  /// The layer with the cartilage's closure response: M = the confined
  /// modulus E (1 - nu) / ((1 + nu)(1 - 2 nu)) of cartilage (E, nu), and a
  /// neo-Hookean matrix of shear modulus @p sliding_shear_modulus (Pa);
  /// @p bonded (compressible) is the law it starts from where it is
  /// released under load (null: sliding from the start).
  std::unique_ptr<Material>
  make_joint_layer(double                          cartilage_E,
                   double                          cartilage_nu,
                   double                          sliding_shear_modulus,
                   std::shared_ptr<const Material> bonded = nullptr);
} // namespace plantarfe::materials
