#include "materials/fibre_laws.h"

#include "base/errors.h"
#include "materials/fibre_law_registry.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace plantarfe::materials
{
  namespace
  {
    /// FEBio's fiber-pow-linear is a power-law toe up to the stretch lam0,
    /// then linear: W' = E (lambda - 1) beyond it, the linear law. With
    /// beta = 2 and lam0 a millionth above 1 its toe is W' = E (lambda - 1)
    /// to first order too, and the two energies agree to ~1e-6 relative at
    /// fibre strains above 1e-4 (test_febio_materials).
    FebioLaw
    febio_linear_fibres(const double E)
    {
      return {"fiber-pow-linear",
              {{"E", febio_number(E)}, {"beta", "2"}, {"lam0", "1.000001"}}};
    }

    class LinearFibres : public FibreLaw
    {
    public:
      explicit LinearFibres(const double E)
          : E(E)
      {}

      std::string
      name() const override
      {
        return "linear";
      }

      FibreResponse
      evaluate(const double lambda) const override
      {
        if (!(lambda > 1.))
          return {};
        const double e = lambda - 1.;
        return {0.5 * E * e * e, E * e, E};
      }

      FebioLaw
      febio_fibre(const double scale) const override
      {
        return febio_linear_fibres(scale * E);
      }

    private:
      double E;
    };

    /// Ligament law of Blankevoort & Huiskes (1991) beyond a slack s: with
    /// e = lambda - 1 - s, W' = E e^2 / (4 e_l) over the toe region
    /// 0 < e < 2 e_l (the crimped fibres straightening), E (e - e_l)
    /// beyond it; nothing for e <= 0. e_l = 0: linear from the slack.
    class ToeLinearFibres : public FibreLaw
    {
    public:
      ToeLinearFibres(const double E, const double slack, const double toe)
          : E(E)
          , slack(slack)
          , toe(toe)
      {}

      std::string
      name() const override
      {
        return "toe-linear";
      }

      FibreResponse
      evaluate(const double lambda) const override
      {
        const double e = lambda - 1. - slack;
        if (!(e > 0.))
          return {};
        if (e < 2. * toe)
          return {E * e * e * e / (12. * toe),
                  E * e * e / (4. * toe),
                  E * e / (2. * toe)};
        return {E * (0.5 * (e - toe) * (e - toe) + toe * toe / 6.),
                E * (e - toe),
                E};
      }

      /// Without slack and toe region this is the linear law; FEBio's
      /// toe region (fiber-pow-linear) is another curve.
      FebioLaw
      febio_fibre(const double scale) const override
      {
        if (slack != 0. || toe != 0.)
          return {};
        return febio_linear_fibres(scale * E);
      }

    private:
      double E, slack, toe;
    };

    // W(I4) = k1/(2 k2) (exp(k2 (I4 - 1)^2) - 1); in lambda:
    // W' = 2 lambda W_I4, W'' = 2 W_I4 + 4 lambda^2 W_I4I4.
    class HgoFibres : public FibreLaw
    {
    public:
      HgoFibres(const double k1, const double k2)
          : k1(k1)
          , k2(k2)
      {}

      std::string
      name() const override
      {
        return "exponential";
      }

      FibreResponse
      evaluate(const double lambda) const override
      {
        if (!(lambda > 1.))
          return {};
        const double x      = lambda * lambda - 1.;
        const double ex     = std::exp(k2 * x * x);
        const double W_I4   = k1 * x * ex;
        const double W_I4I4 = k1 * (1. + 2. * k2 * x * x) * ex;
        return {k1 / (2. * k2) * (ex - 1.),
                2. * lambda * W_I4,
                2. * W_I4 + 4. * lambda * lambda * W_I4I4};
      }

      /// FEBio's fiber-exp-pow, W = ksi / (alpha beta) (exp(alpha (I4 -
      /// 1)^beta) - 1): ksi = k1, alpha = k2, beta = 2.
      FebioLaw
      febio_fibre(const double scale) const override
      {
        return {"fiber-exp-pow",
                {{"ksi", febio_number(scale * k1)},
                 {"alpha", febio_number(k2)},
                 {"beta", "2"}}};
      }

    private:
      double k1;
      double k2;
    };

    // W(I4) with W_I4 = k/(4 alpha) (exp(alpha (I4 - 1)) - 1), so that the
    // uniaxial Cauchy stress 2 I4 W_I4 is Natali's fibre term; in lambda:
    // W' = 2 lambda W_I4, W'' = 2 W_I4 + 4 lambda^2 W_I4I4.
    class NataliFibres : public FibreLaw
    {
    public:
      NataliFibres(const double k, const double alpha)
          : k(k)
          , alpha(alpha)
      {}

      std::string
      name() const override
      {
        return "Natali 2010";
      }

      FibreResponse
      evaluate(const double lambda) const override
      {
        if (!(lambda > 1.))
          return {};
        const double x      = lambda * lambda - 1.;
        const double ex     = std::exp(alpha * x);
        const double c      = k / (4. * alpha);
        const double W_I4   = c * (ex - 1.);
        const double W_I4I4 = c * alpha * ex;
        const double W      = c * ((ex - 1.) / alpha - x);
        return {W,
                2. * lambda * W_I4,
                2. * W_I4 + 4. * lambda * lambda * W_I4I4};
      }

    private:
      double k;
      double alpha;
    };

    // sigma(l) = a1 l^5 + a2 l^4 + a3 l^3 + a4 l^2 + a5 l + a6 (MPa) as
    // published; the fit gives sigma(1) = 0.1 MPa, removed here so the
    // reference state is stress free. Nominal stress s = sigma / l. The fit
    // turns over above l ~ 1.18 (outside the tested range), so above
    // l_c = 1.15 sigma continues along its tangent at l_c.
    class GefenFibres : public FibreLaw
    {
    public:
      std::string
      name() const override
      {
        return "Gefen 2002";
      }

      FibreResponse
      evaluate(const double lambda) const override
      {
        if (!(lambda > 1.))
          return {};
        const double l = std::min(lambda, l_c);
        // Polynomial part on [1, l]: s = sigma/t integrated exactly.
        const double b     = a[5] - sigma_at_one(); // constant term of sigma
        double       sigma = b, dsigma = 0., W = b * std::log(l);
        for (unsigned int i = 0; i < 5; ++i)
          {
            const int p = 5 - static_cast<int>(i); // power of l in sigma
            sigma += a[i] * std::pow(l, p);
            dsigma += a[i] * p * std::pow(l, p - 1);
            W += a[i] * (std::pow(l, p) - 1.) / p;
          }
        if (lambda > l_c)
          {
            // sigma = sigma_c + dsigma_c (t - l_c) beyond l_c
            W += (sigma - dsigma * l_c) * std::log(lambda / l_c) +
                 dsigma * (lambda - l_c);
            sigma += dsigma * (lambda - l_c);
          }
        const double s  = sigma / lambda;
        const double ds = dsigma / lambda - sigma / (lambda * lambda);
        return {W * 1e6, s * 1e6, ds * 1e6};
      }

    private:
      static constexpr double                l_c = 1.15;
      static constexpr std::array<double, 6> a   = {
          {-488737.9, 2648898.5, -5736967.6, 6206986.7, -3354935.1, 724755.5}};

      static double
      sigma_at_one()
      {
        double s = 0.;
        for (const double c : a)
          s += c;
        return s;
      }
    };

    class ThelenPassive : public FibreLaw
    {
    public:
      ThelenPassive(const double sigma_max,
                    const double eps0,
                    const double shape,
                    const double ratio)
          : sigma_max(sigma_max)
          , eps0(eps0)
          , shape(shape)
          , ratio(ratio)
      {}

      std::string
      name() const override
      {
        return "Thelen 2003 passive";
      }

      FibreResponse
      evaluate(const double lambda) const override
      {
        if (!(lambda > 1.))
          return {};
        const double scale = sigma_max / std::expm1(shape);
        const double rate  = shape / eps0 * ratio; // d(exponent)/d(lambda)
        const double ex    = std::exp(rate * (lambda - 1.));
        return {scale * ((ex - 1.) / rate - (lambda - 1.)),
                scale * (ex - 1.),
                scale * rate * ex};
      }

    private:
      double sigma_max;
      double eps0;
      double shape;
      double ratio;
    };
    class ScaledFibres : public FibreLaw
    {
    public:
      ScaledFibres(std::unique_ptr<FibreLaw> law, const double factor)
          : law(std::move(law))
          , factor(factor)
      {}

      std::string
      name() const override
      {
        return law->name();
      }

      FibreResponse
      evaluate(const double lambda) const override
      {
        auto r = law->evaluate(lambda);
        r.W *= factor;
        r.dW *= factor;
        r.d2W *= factor;
        return r;
      }

      FebioLaw
      febio_fibre(const double scale) const override
      {
        return law->febio_fibre(scale * factor);
      }

    private:
      std::unique_ptr<FibreLaw> law;
      double                    factor;
    };
  } // namespace

  std::unique_ptr<FibreLaw>
  scale_fibres(std::unique_ptr<FibreLaw> law, const double factor)
  {
    if (!(factor > 0.))
      throw ScenarioError("fibre scale factor must be > 0");
    return std::make_unique<ScaledFibres>(std::move(law), factor);
  }

  std::unique_ptr<FibreLaw>
  make_linear_fibres(const double modulus_Pa)
  {
    if (!(modulus_Pa > 0.))
      throw ScenarioError("fibre modulus must be > 0");
    return std::make_unique<LinearFibres>(modulus_Pa);
  }

  std::unique_ptr<FibreLaw>
  make_toe_linear_fibres(const double modulus_Pa,
                         const double slack,
                         const double toe_strain)
  {
    if (!(modulus_Pa > 0.) || !(slack >= 0.) || !(toe_strain >= 0.))
      throw ScenarioError("toe-linear fibres: modulus > 0, slack strain >= 0 "
                          "and toe strain >= 0 needed");
    return std::make_unique<ToeLinearFibres>(modulus_Pa, slack, toe_strain);
  }

  std::unique_ptr<FibreLaw>
  make_hgo_fibres(const double k1_Pa, const double k2)
  {
    if (!(k1_Pa >= 0.) || !(k2 > 0.))
      throw ScenarioError("HGO fibre constants: k1 >= 0 and k2 > 0 needed");
    return std::make_unique<HgoFibres>(k1_Pa, k2);
  }

  std::unique_ptr<FibreLaw>
  make_natali_fibres(const double k_Pa, const double alpha)
  {
    if (!(k_Pa > 0.) || !(alpha > 0.))
      throw ScenarioError("Natali fibre constants must be > 0");
    return std::make_unique<NataliFibres>(k_Pa, alpha);
  }

  std::unique_ptr<FibreLaw>
  make_gefen_fibres()
  {
    return std::make_unique<GefenFibres>();
  }

  std::unique_ptr<FibreLaw>
  make_thelen_passive_fibres(const double sigma_max_Pa,
                             const double strain_at_max,
                             const double shape,
                             const double length_ratio)
  {
    if (!(sigma_max_Pa > 0.) || !(strain_at_max > 0.) || !(shape > 0.) ||
        !(length_ratio > 0.))
      throw ScenarioError("Thelen passive constants must be > 0");
    return std::make_unique<ThelenPassive>(sigma_max_Pa,
                                           strain_at_max,
                                           shape,
                                           length_ratio);
  }

  std::unique_ptr<FibreLaw>
  create_fibre_law(const std::string &name, const std::vector<double> &c)
  {
    const FibreLawEntry &law = FibreLaws::get(name, "fibre law");
    if (c.size() != law.constants.size())
      throw ScenarioError("fibre law \"" + name + "\" takes " +
                          std::to_string(law.constants.size()) +
                          " constants, got " + std::to_string(c.size()));
    return law.create(c);
  }

  namespace
  {
    const bool linear_registered = FibreLaws::add(
      {"linear",
       "W' = E (lambda - 1) in tension (plantar fascia and tendon models of "
       "the Cheung/Zhang family)",
       {"E (Pa)"},
       {350e6},
       [](const std::vector<double> &c) { return make_linear_fibres(c[0]); }});

    const bool toe_registered = FibreLaws::add(
      {"toe-linear",
       "ligament law of Blankevoort & Huiskes 1991: quadratic toe region up "
       "to twice the toe strain, then linear, beyond a slack strain",
       {"E (Pa)", "slack strain (-)", "toe strain e_l (-)"},
       {264.8e6, 0.01, 0.03},
       [](const std::vector<double> &c) {
         return make_toe_linear_fibres(c[0], c[1], c[2]);
       }});

    const bool hgo_registered = FibreLaws::add(
      {"exponential",
       "Holzapfel-Gasser-Ogden W = k1/(2 k2) (exp(k2 (I4 - 1)^2) - 1)",
       {"k1 (Pa)", "k2 (-)"},
       {1e6, 10.},
       [](const std::vector<double> &c) {
         return make_hgo_fibres(c[0], c[1]);
       }});

    const bool natali_registered = FibreLaws::add(
      {"Natali 2010",
       "fibre term of Natali, Pavan & Stecco 2010 (plantar fascia)",
       {"k (Pa)", "alpha (-)"},
       {254.02e6, 10.397},
       [](const std::vector<double> &c) {
         return make_natali_fibres(c[0], c[1]);
       }});

    const bool gefen_registered = FibreLaws::add(
      {"Gefen 2002",
       "polynomial Cauchy stress of plantar-fascia tension tests (Gefen 2002)",
       {},
       {},
       [](const std::vector<double> &) { return make_gefen_fibres(); }});

    const bool thelen_registered = FibreLaws::add(
      {"Thelen 2003 passive",
       "passive muscle force-length curve (Thelen 2003) of a belly modelled "
       "as one band",
       {"sigma_max (Pa)",
        "strain at sigma_max (-)",
        "shape (-)",
        "belly length / optimal fibre length (-)"},
       {3e5, 0.6, 5., 4.},
       [](const std::vector<double> &c) {
         return make_thelen_passive_fibres(c[0], c[1], c[2], c[3]);
       }});
  } // namespace
} // namespace plantarfe::materials
