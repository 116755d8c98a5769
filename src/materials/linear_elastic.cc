// Linear (small-strain) isotropic elasticity, for verification against
// closed-form linear solutions only:
//
//   eps = sym(F - I),  sigma = lambda tr(eps) I + 2 mu eps,
//   W = 1/2 eps : CC : eps,  P := sigma (the stress conjugate to F under the
//   small-strain assumption: dW/dF = sigma since eps is linear in F),
//   A_iJkL = lambda delta_iJ delta_kL + mu (delta_ik delta_JL + delta_iL
//   delta_Jk).
//
// Not objective under finite rotations (by construction); the checks skip
// objectivity and Cauchy symmetry for it.
#include <deal.II/base/parameter_handler.h>

#include "materials/parameter_helpers.h"
#include "materials/registry.h"
#include "materials/tensor_utils.h"

namespace plantarfe::materials
{
  namespace
  {
    const char *const linear_elastic_name = "linear elastic";

    class LinearElastic : public Material
    {
    public:
      LinearElastic(const LameConstants &c)
          : mu(c.mu)
          , lambda(c.lambda)
      {}

      std::string
      name() const override
      {
        return linear_elastic_name;
      }

      void
      first_piola(const Tensor2 &F,
                  const PointData & /*point*/,
                  Tensor2 &P,
                  Tensor4 *A) const override
      {
        const Tensor2 eps = strain(F);
        P = lambda * dealii::trace(eps) * identity2() + 2. * mu * eps;
        if (A == nullptr)
          return;
        for (unsigned int i = 0; i < 3; ++i)
          for (unsigned int J = 0; J < 3; ++J)
            for (unsigned int k = 0; k < 3; ++k)
              for (unsigned int L = 0; L < 3; ++L)
                (*A)[i][J][k][L] =
                  lambda * (i == J) * (k == L) +
                  mu * ((i == k) * (J == L) + (i == L) * (J == k));
      }

      bool
      constant_tangent() const override
      {
        return true;
      }

      double
      energy(const Tensor2 &F, const PointData & /*point*/) const override
      {
        const Tensor2 eps = strain(F);
        const double  tr  = dealii::trace(eps);
        return 0.5 * lambda * tr * tr + mu * dealii::scalar_product(eps, eps);
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

    private:
      static Tensor2
      strain(const Tensor2 &F)
      {
        const Tensor2 H = F - identity2();
        return 0.5 * (H + dealii::transpose(H));
      }

      double mu;
      double lambda;
    };

    void
    declare_linear_elastic(dealii::ParameterHandler &prm)
    {
      declare_young_poisson(prm, "");
    }

    std::unique_ptr<Material>
    create_linear_elastic(const dealii::ParameterHandler &prm)
    {
      return std::make_unique<LinearElastic>(
        read_young_poisson(prm, linear_elastic_name));
    }

    const bool linear_elastic_registered = register_law(
      {linear_elastic_name,
       "Small-strain isotropic linear elasticity (verification only; not "
       "objective under finite rotation).",
       declare_linear_elastic,
       create_linear_elastic});
  } // namespace
} // namespace plantarfe::materials
