// A fibre family with a one-dimensional law (fibre_laws.h) added to any matrix
// law, as FEBio does: fibres are a component of a material, not a subclass.
//
//   lambda = lambda0 |F a0|,  W_f = W(lambda),
//   P_f    = g (F a0) (x) a0,               g = lambda0^2 W'(lambda) / lambda,
//   A_f    = g delta_ik a0_J a0_L
//          + lambda0^2 dg/dlambda / lambda (F a0)_i a0_J (F a0)_k a0_L,
//   dg/dlambda = lambda0^2 (W''/lambda - W'/lambda^2),
//
// with a0 = PointData::fibre (normalised here; no fibre when zero) and the
// pre-stretch lambda0 = PointData::fibre_prestretch: the ratio of the meshed
// fibre length to the fibre's slack length. A muscle-tendon unit that is
// meshed longer than its slack length (a tight calf at a dorsiflexed ankle)
// is pre-stretched this way; the solver ramps lambda0 with the load.
// PointData::fibre_active_stress s_a adds W_a = s_a (lambda - 1): a fibre
// pulling with a prescribed nominal stress at any length (an active muscle).
// PointData::fibre_tension_floor f makes the fibre pull with at least f:
// W'(lambda) -> max(W'(lambda) + s_a, f), a muscle activated just enough to
// hold a force its passive pull falls short of (zero fibre stiffness while
// the floor governs).
// The fibre term uses the full C (not Cbar), so it also acts on volume
// change; for fibres much stiffer than the matrix this is the usual choice.
#pragma once

#include "materials/fibre_laws.h"
#include "materials/material.h"

#include <memory>

namespace plantarfe::materials
{
  class FibreFamily : public Material
  {
  public:
    FibreFamily(std::unique_ptr<Material> matrix,
                std::unique_ptr<FibreLaw> fibres);

    std::string
    name() const override;

    void
    first_piola(const Tensor2   &F,
                const PointData &point,
                Tensor2         &P,
                Tensor4         *A) const override;

    bool
    has_volumetric_split() const override;

    VolumetricResponse
    volumetric(const double J) const override;

    double
    initial_shear_modulus() const override;

    double
    initial_bulk_modulus() const override;

    double
    energy(const Tensor2 &F, const PointData &point) const override;

    /// Fibre stretch lambda0 |F a0| at this point (1 without fibres).
    static double
    fibre_stretch(const Tensor2 &F, const PointData &point);

    /// The matrix law the fibres are added to.
    const Material &
    matrix() const
    {
      return *matrix_law;
    }

    const FibreLaw &
    law() const
    {
      return *fibre_law;
    }

  private:
    /// Fibre part of the energy with the active stress and the floor.
    double
    fibre_energy(double lambda, const PointData &point) const;

    std::unique_ptr<Material> matrix_law;
    std::unique_ptr<FibreLaw> fibre_law;
  };
} // namespace plantarfe::materials
