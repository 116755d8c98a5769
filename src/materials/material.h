// Constitutive-law interface shared by every tissue and verification material.
//
// Every law is written once, in three dimensions, in the reference (total
// Lagrangian) setting. A plane-strain model embeds its 2x2 deformation
// gradient into a 3x3 one with F_zz = 1 and keeps the in-plane components of
// the answer, so a law never needs to know the spatial dimension.
//
// Laws with a volumetric/isochoric split (nearly incompressible tissue) report
// the isochoric (and fibre) part through first_piola() and the volumetric
// energy U(J) through volumetric(). The solver decides how U enters: evaluated
// at the point (displacement formulation) or on the projected dilatation of
// the three-field u-p-J formulation. Compressible laws return their complete
// response from first_piola() and U = 0.
#pragma once

#include <deal.II/base/tensor.h>

#include "materials/febio_law.h"

#include <memory>
#include <string>

namespace plantarfe::materials
{
  using Tensor2 = dealii::Tensor<2, 3>;
  using Tensor4 = dealii::Tensor<4, 3>;
  using Vector3 = dealii::Tensor<1, 3>;

  /// Volumetric strain energy U(J) and its first two derivatives.
  struct VolumetricResponse
  {
    double energy = 0.; ///< U(J), J/m^3
    double dU     = 0.; ///< U'(J), Pa (the hydrostatic pressure is -U')
    double d2U    = 0.; ///< U''(J), Pa
  };

  /// What a plane-stress search found at one point: the out-of-plane
  /// stretch with zero out-of-plane stress and dP_zz/dF_zz there. Between
  /// two Newton iterates F changes little, so a search that starts from
  /// the remembered stretch and steps with the remembered slope needs one
  /// or two stress evaluations without the tangent, and one with it at the
  /// root, instead of four or five with it.
  struct OutOfPlaneMemory
  {
    double stretch = 0.; ///< 0 = nothing found yet
    double slope   = 0.; ///< Pa
  };

  /// Data a law may need at one quadrature point besides F.
  struct PointData
  {
    /// Unit fibre direction in the reference configuration; zero where the
    /// region has no fibres.
    Vector3 fibre;
    /// Ratio of the meshed fibre length to the fibre's slack length (1 =
    /// stress free in the reference configuration); see fibre_family.h.
    double fibre_prestretch = 1.;
    /// Active fibre tension (nominal stress, Pa) added to the fibre law at
    /// every stretch: a muscle pulling with a prescribed force.
    double fibre_active_stress = 0.;
    /// Least fibre tension (nominal stress, Pa): where the fibre law (plus
    /// the active stress) pulls with less, the fibre pulls with this much
    /// at any stretch. A muscle that holds a force balance asks for, and
    /// no less than its passive pull; 0 = none.
    double fibre_tension_floor = 0.;
    /// Weight (0-1) of the bonded response of a joint layer that starts
    /// bonded and is released while the load comes on (joint_layer.h);
    /// 0 = released.
    double layer_bond = 0.;
    /// Memory of a law that completes F out of plane (the plane-stress
    /// wrapper, plane_stress.h): where the caller keeps what the search
    /// found at this point last time. Null = no memory.
    OutOfPlaneMemory *out_of_plane = nullptr;
  };

  class Material
  {
  public:
    virtual ~Material() = default;

    /// Registry name of the law, e.g. "neo-Hookean".
    virtual std::string
    name() const = 0;

    /// First Piola-Kirchhoff stress P (Pa) of the displacement-carried part
    /// of the energy and, if @p A is not null, its consistent tangent
    /// A_iJkL = dP_iJ / dF_kL (Pa).
    virtual void
    first_piola(const Tensor2   &F,
                const PointData &point,
                Tensor2         &P,
                Tensor4         *A) const = 0;

    /// True when the law splits off a volumetric energy U(J).
    virtual bool
    has_volumetric_split() const
    {
      return false;
    }

    /// Volumetric energy and derivatives at dilatation J (zero by default).
    virtual VolumetricResponse
    volumetric(const double /*J*/) const
    {
      return {};
    }

    /// True when A = dP/dF does not depend on F (linear elasticity): the
    /// matrix-free tangent then evaluates it once per region instead of at
    /// every quadrature point. A law that is unsure returns false.
    virtual bool
    constant_tangent() const
    {
      return false;
    }

    /// Shear modulus of the linearised law at F = I (Pa).
    virtual double
    initial_shear_modulus() const = 0;

    /// Bulk modulus of the linearised law at F = I (Pa).
    virtual double
    initial_bulk_modulus() const = 0;

    /// Stored energy density of the displacement-carried part (J/m^3); used by
    /// the line search and by the tangent tests.
    virtual double
    energy(const Tensor2 &F, const PointData &point) const = 0;

    /// The law as the data lines of an Abaqus/CalculiX material (what
    /// follows its *MATERIAL line; SI units, Pa), for the solver deck that
    /// `plantarfe mesh --model` writes. Empty when those codes have no such
    /// law (fibre-reinforced tissues, joint layers, the 2D plane-stress
    /// wrapper): the deck refuses the region then.
    virtual std::string
    abaqus_material() const
    {
      return {};
    }

    /// The law as an FEBio material (febio_law.h); empty type when FEBio
    /// has none (joint layers, the 2D plane-stress wrapper). Fibre-
    /// reinforced tissues are written by the model writer from their
    /// matrix and fibre law (fibre_family.h), since their fibres need the
    /// model's direction field.
    virtual FebioLaw
    febio_material() const
    {
      return {};
    }

    /// The deformation gradient the law's answer belongs to. It is @p F for
    /// every law but one that completes it, like the plane-stress wrapper
    /// (plane_stress.h), which sets the out-of-plane stretch; the Cauchy
    /// stress needs the completed F.
    virtual Tensor2
    completed_deformation(const Tensor2 &F, const PointData & /*point*/) const
    {
      return F;
    }
  };

  /// Complete response including the volumetric part evaluated at det F:
  /// P_total = P + U'(J) J F^{-T}. Used for output and for the checks.
  void
  total_first_piola(const Material  &material,
                    const Tensor2   &F,
                    const PointData &point,
                    Tensor2         &P,
                    Tensor4         *A);

  /// Complete stored energy including U(det F).
  double
  total_energy(const Material  &material,
               const Tensor2   &F,
               const PointData &point);

  /// The complete first Piola stress @p P and the Cauchy stress @p sigma =
  /// J^{-1} P F^T, both at the law's completed deformation (one
  /// plane-stress search, not one per stress).
  void
  total_stresses(const Material  &material,
                 const Tensor2   &F,
                 const PointData &point,
                 Tensor2         &P,
                 Tensor2         &sigma);

  /// Cauchy stress sigma = J^{-1} P F^T from the complete response.
  Tensor2
  cauchy_stress(const Material  &material,
                const Tensor2   &F,
                const PointData &point);
} // namespace plantarfe::materials
