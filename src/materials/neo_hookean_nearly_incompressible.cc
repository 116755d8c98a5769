// Nearly incompressible neo-Hookean solid with the isochoric/volumetric split
// (Simo & Taylor 1982; the law of deal.II step-44):
//
//   W_iso = mu/2 (I1bar - 3),  I1bar = tr Cbar,  Cbar = J^{-2/3} C,
//   U(J)  = kappa/4 (J^2 - 1 - 2 ln J)   (see isochoric_split.h).
//
// Fictitious stresses: Sbar = 2 dW_iso/dCbar = mu I, CCbar = 0; the
// isochoric projection in IsochoricSplitMaterial supplies the rest.
#include <deal.II/base/parameter_handler.h>

#include "base/abaqus_numbers.h"
#include "base/declared_entry.h"
#include "materials/isochoric_split.h"
#include "materials/laws.h"
#include "materials/parameter_helpers.h"
#include "materials/registry.h"

namespace plantarfe::materials
{
  namespace
  {
    const char *const neo_hookean_nearly_incompressible_name =
      "neo-Hookean nearly incompressible";

    class NeoHookeanNearlyIncompressible : public IsochoricSplitMaterial
    {
    public:
      NeoHookeanNearlyIncompressible(const double mu, const double kappa)
          : IsochoricSplitMaterial(kappa)
          , mu(mu)
      {}

      std::string
      name() const override
      {
        return neo_hookean_nearly_incompressible_name;
      }

      double
      initial_shear_modulus() const override
      {
        return mu;
      }

      /// Abaqus' NEO HOOKE: W = C10 (I1bar - 3) + (J - 1)^2 / D1, C10 =
      /// mu / 2: the same isochoric energy.
      std::string
      abaqus_material() const override
      {
        return "*HYPERELASTIC, NEO HOOKE\n" +
               abaqus_numbers({0.5 * mu, abaqus_d1()}) + "\n";
      }

      /// FEBio's uncoupled Mooney-Rivlin, W = c1 (I1bar - 3) + c2 (I2bar -
      /// 3) + U(J): c1 = mu / 2, c2 = 0 and our U (NIKE3D) make it this law.
      FebioLaw
      febio_material() const override
      {
        FebioLaw law{"Mooney-Rivlin",
                     {{"c1", febio_number(0.5 * mu)}, {"c2", "0"}}};
        for (auto &parameter : febio_volumetric())
          law.parameters.push_back(parameter);
        return law;
      }

    protected:
      double
      isochoric_energy(const SymTensor2 &Cbar) const override
      {
        return 0.5 * mu * (dealii::trace(Cbar) - 3.);
      }

      void
      fictitious_response(const SymTensor2 & /*Cbar*/,
                          SymTensor2 &Sbar,
                          SymTensor4 *CCbar) const override
      {
        Sbar = mu * dealii::unit_symmetric_tensor<3>();
        if (CCbar != nullptr)
          *CCbar = 0.;
      }

    private:
      double mu;
    };

    void
    declare_neo_hookean_nearly_incompressible(dealii::ParameterHandler &prm)
    {
      declare_entry_with_unit(prm,
                              "Shear modulus",
                              "1e4",
                              dealii::Patterns::Double(0.),
                              entry_units::Pa,
                              "Shear modulus mu (Pa, > 0).");
      declare_volumetric_parameters(prm);
    }

    std::unique_ptr<Material>
    create_neo_hookean_nearly_incompressible(
      const dealii::ParameterHandler &prm)
    {
      const double mu = get_positive(prm,
                                     neo_hookean_nearly_incompressible_name,
                                     "Shear modulus");
      const double kappa =
        bulk_modulus_from_parameters(prm,
                                     neo_hookean_nearly_incompressible_name,
                                     mu);
      return std::make_unique<NeoHookeanNearlyIncompressible>(mu, kappa);
    }

    const bool neo_hookean_nearly_incompressible_registered =
      register_law({neo_hookean_nearly_incompressible_name,
                    "Nearly incompressible neo-Hookean: W = mu/2 (I1bar - 3) + "
                    "kappa/4 (J^2 - 1 - 2 ln J).",
                    declare_neo_hookean_nearly_incompressible,
                    create_neo_hookean_nearly_incompressible});
  } // namespace

  std::unique_ptr<Material>
  make_nearly_incompressible_neo_hookean(const double mu, const double nu)
  {
    require_positive(neo_hookean_nearly_incompressible_name,
                     "Shear modulus",
                     mu,
                     shown(mu));
    require_poisson_ratio(neo_hookean_nearly_incompressible_name,
                          "Poisson's ratio",
                          nu,
                          shown(nu),
                          0.,
                          false);
    return std::make_unique<NeoHookeanNearlyIncompressible>(
      mu, bulk_modulus_from_poisson(mu, nu));
  }
} // namespace plantarfe::materials
