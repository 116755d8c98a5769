// One-dimensional fibre laws: the strain energy W(lambda) per reference volume
// of a fibre family as a function of the fibre stretch lambda, with its first
// and second derivatives. W'(lambda) is the nominal (first Piola) fibre stress.
// Every law is tension-only: W = W' = W'' = 0 for lambda <= 1.
//
// Laws (sources in docs/model.md):
//  - linear: W' = E (lambda - 1), the "linear 350 MPa" plantar-fascia and
//    tendon models (Cheung/Zhang model family, PredSim);
//  - toe-linear: the ligament law of Blankevoort & Huiskes (1991), a
//    quadratic toe region (W' = E e^2 / (4 e_l) for e < 2 e_l) then linear
//    (E (e - e_l)), e = lambda - 1 - slack strain;
//  - Natali 2010: the fibre term of Natali, Pavan & Stecco (2010), written in
//    I4 = lambda^2 so that its uniaxial Cauchy contribution is
//    k/(2 alpha) (exp(alpha (lambda^2 - 1)) - 1) lambda^2 (the neo-Hookean
//    matrix term mu (lambda^2 - 1/lambda) is the matrix law's job);
//  - Gefen 2002: Cauchy stress sigma(lambda) = sum_k a_k lambda^(5-k) (MPa)
//    fitted to plantar-fascia tension tests (Gefen 2002, J Biomech 35:629),
//    taken as incompressible so the nominal stress is sigma / lambda;
//  - Thelen 2003 passive muscle: W' = sigma_max f_PE(l~), f_PE = (exp(k
//    (l~ - 1)/eps0) - 1)/(exp(k) - 1), where the normalised fibre length
//    l~ = 1 + (lambda - 1) * ratio maps the stretch of a muscle belly
//    modelled as one band to the stretch of its much shorter fibres
//    (ratio = belly length / optimal fibre length).
#pragma once

#include "materials/febio_law.h"

#include <memory>
#include <string>

namespace plantarfe::materials
{
  struct FibreResponse
  {
    double W   = 0.; ///< J/m^3
    double dW  = 0.; ///< Pa (nominal fibre stress)
    double d2W = 0.; ///< Pa
  };

  class FibreLaw
  {
  public:
    virtual ~FibreLaw() = default;

    virtual std::string
    name() const = 0;

    /// Response at stretch lambda (> 0); zero for lambda <= 1.
    virtual FibreResponse
    evaluate(double lambda) const = 0;

    /// The law with its energy times @p scale as an FEBio fibre material
    /// (the component of a solid mixture); empty type when FEBio has none.
    virtual FebioLaw
    febio_fibre(double /*scale*/ = 1.) const
    {
      return {};
    }

    /// Small-strain fibre modulus dW'/dlambda at lambda -> 1+ (Pa).
    double
    initial_modulus() const
    {
      return evaluate(1. + 1e-9).d2W;
    }
  };

  /// W' = E (lambda - 1) in tension; E in Pa.
  std::unique_ptr<FibreLaw>
  make_linear_fibres(double modulus_Pa);

  /// Blankevoort & Huiskes (1991) ligament law beyond a slack strain: with
  /// e = lambda - 1 - slack, W' = E e^2/(4 toe) for e < 2 toe, E (e - toe)
  /// beyond; E in Pa, toe = 0 is linear from the slack.
  std::unique_ptr<FibreLaw>
  make_toe_linear_fibres(double modulus_Pa, double slack, double toe_strain);

  /// Holzapfel-Gasser-Ogden: W = k1/(2 k2) (exp(k2 (I4 - 1)^2) - 1),
  /// I4 = lambda^2; k1 in Pa (>= 0), k2 > 0.
  std::unique_ptr<FibreLaw>
  make_hgo_fibres(double k1_Pa, double k2);

  /// Natali et al. 2010 fibre term; k in Pa, alpha dimensionless.
  std::unique_ptr<FibreLaw>
  make_natali_fibres(double k_Pa, double alpha);

  /// Gefen 2002 polynomial (coefficients fixed by the publication).
  std::unique_ptr<FibreLaw>
  make_gefen_fibres();

  /// Thelen 2003 passive force-length curve; sigma_max in Pa, strain_at_max
  /// = eps0 (0.6), shape k (5), ratio = belly length / optimal fibre length.
  std::unique_ptr<FibreLaw>
  make_thelen_passive_fibres(double sigma_max_Pa,
                             double strain_at_max,
                             double shape,
                             double length_ratio);

  /// The same law with W multiplied by @p factor (> 0): a 2D slice whose
  /// depth differs from the structure's real width carries the real axial
  /// stiffness this way.
  std::unique_ptr<FibreLaw>
  scale_fibres(std::unique_ptr<FibreLaw> law, double factor);
} // namespace plantarfe::materials
