// Compressible neo-Hookean solid (e.g. Bonet & Wood, Nonlinear Continuum
// Mechanics for FE Analysis, 2nd ed., sec. 6.4.3):
//
//   W = mu/2 (I1 - 3) - mu ln J + lambda/2 (ln J)^2,   I1 = tr C,
//   P = mu (F - F^{-T}) + lambda ln J F^{-T},
//   A_iJkL = mu delta_ik delta_JL + lambda F^{-T}_iJ F^{-T}_kL
//            + (mu - lambda ln J) F^{-T}_iL F^{-T}_kJ,
//
// using dF^{-T}_iJ/dF_kL = -F^{-T}_iL F^{-T}_kJ. mu and lambda are the Lame
// constants of (E, nu), so the law linearises to Hooke's law at F = I.
#include <deal.II/base/parameter_handler.h>

#include "base/abaqus_numbers.h"
#include "materials/laws.h"
#include "materials/parameter_helpers.h"
#include "materials/registry.h"
#include "materials/tensor_utils.h"

#include <cmath>

namespace plantarfe::materials
{
  namespace
  {
    const char *const neo_hookean_name = "neo-Hookean";

    class NeoHookean : public Material
    {
    public:
      NeoHookean(const LameConstants &c)
          : mu(c.mu)
          , lambda(c.lambda)
      {}

      std::string
      name() const override
      {
        return neo_hookean_name;
      }

      void
      first_piola(const Tensor2 &F,
                  const PointData & /*point*/,
                  Tensor2 &P,
                  Tensor4 *A) const override
      {
        const double  ln_J    = std::log(dealii::determinant(F));
        const Tensor2 F_inv_T = dealii::transpose(dealii::invert(F));
        P                     = mu * F + (lambda * ln_J - mu) * F_inv_T;
        if (A == nullptr)
          return;
        const double c = mu - lambda * ln_J;
        for (unsigned int i = 0; i < 3; ++i)
          for (unsigned int J = 0; J < 3; ++J)
            for (unsigned int k = 0; k < 3; ++k)
              for (unsigned int L = 0; L < 3; ++L)
                (*A)[i][J][k][L] = mu * (i == k) * (J == L) +
                                   lambda * F_inv_T[i][J] * F_inv_T[k][L] +
                                   c * F_inv_T[i][L] * F_inv_T[k][J];
      }

      double
      energy(const Tensor2 &F, const PointData & /*point*/) const override
      {
        const double ln_J = std::log(dealii::determinant(F));
        const double I1   = dealii::scalar_product(F, F);
        return 0.5 * mu * (I1 - 3.) - mu * ln_J + 0.5 * lambda * ln_J * ln_J;
      }

      double
      initial_shear_modulus() const override
      {
        return mu;
      }

      double
      initial_bulk_modulus() const override
      {
        return lambda + 2. / 3. * mu;
      }

      /// Abaqus' NEO HOOKE, C10 = mu / 2, D1 = 2 / K: the same law to
      /// second order in the strain (bone, cartilage and the rigid knee
      /// strain by less than a few per cent); beyond it Abaqus' energy is
      /// uncoupled, this one is not.
      std::string
      abaqus_material() const override
      {
        return "*HYPERELASTIC, NEO HOOKE\n" +
               abaqus_numbers({0.5 * mu, 2. / initial_bulk_modulus()}) + "\n";
      }

      /// FEBio's neo-Hookean is this law, W = mu/2 (I1 - 3) - mu ln J +
      /// lambda/2 (ln J)^2, given by Young's modulus and Poisson's ratio.
      FebioLaw
      febio_material() const override
      {
        const double E  = mu * (3. * lambda + 2. * mu) / (lambda + mu);
        const double nu = 0.5 * lambda / (lambda + mu);
        return {"neo-Hookean",
                {{"E", febio_number(E)}, {"v", febio_number(nu)}}};
      }

    private:
      double mu;
      double lambda;
    };

    void
    declare_neo_hookean(dealii::ParameterHandler &prm)
    {
      declare_young_poisson(
        prm, "; for nu -> 0.5 use \"neo-Hookean nearly incompressible\"");
    }

    std::unique_ptr<Material>
    create_neo_hookean(const dealii::ParameterHandler &prm)
    {
      return std::make_unique<NeoHookean>(
        read_young_poisson(prm, neo_hookean_name));
    }

    const bool neo_hookean_registered =
      register_law({neo_hookean_name,
                    "Compressible neo-Hookean: W = mu/2 (I1 - 3) - mu ln J + "
                    "lambda/2 (ln J)^2.",
                    declare_neo_hookean,
                    create_neo_hookean});
  } // namespace

  std::unique_ptr<Material>
  make_neo_hookean(const double E, const double nu)
  {
    require_positive(neo_hookean_name, "Young's modulus", E, shown(E));
    require_poisson_ratio(
      neo_hookean_name, "Poisson's ratio", nu, shown(nu), -1., true);
    return std::make_unique<NeoHookean>(lame_from_young_poisson(E, nu));
  }
} // namespace plantarfe::materials
