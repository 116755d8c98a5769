// Nearly incompressible Ogden solid with up to three terms (Ogden 1972;
// uncoupled form as in Holzapfel 2000, sec. 6.5):
//
//   W_iso = sum_p mu_p / alpha_p (lbar_1^alpha_p + lbar_2^alpha_p
//                                 + lbar_3^alpha_p - 3)
//         = sum_p mu_p / alpha_p (tr(Cbar^{alpha_p/2}) - 3),
//   U(J)  = kappa/4 (J^2 - 1 - 2 ln J)   (see isochoric_split.h),
//
// where lbar_a are the isochoric principal stretches. CONVENTION: with this
// scaling the initial shear modulus is mu0 = 1/2 sum_p mu_p alpha_p; one term
// with alpha = 2 is the neo-Hookean law with mu = mu_1. (Chokhandre et al.
// 2012 heel pad: mu = 1.084 kPa, alpha = 9.78 are the defaults.)
//
// With g(x) = sum_p mu_p x^{alpha_p/2 - 1} (the derivative of the scalar
// function inside the trace, times 2):
//   Sbar  = 2 dW_iso/dCbar = g(Cbar)                (matrix function),
//   CCbar = 2 dSbar/dCbar  = 2 Dg(Cbar),
// where the Frechet derivative of a symmetric matrix function in the
// eigenbasis Cbar = sum_a l_a N_a (x) N_a is (Daleckii-Krein)
//   Dg_IJKL = sum_ab g[a,b] N_aI N_bJ 1/2 (N_aK N_bL + N_aL N_bK),
//   g[a,b]  = (g(l_a) - g(l_b)) / (l_a - l_b), or g'((l_a + l_b)/2) when
//             the eigenvalues agree to ~1e-8 relative.
// The coincident branch makes F = I and repeated stretches exact and
// independent of the (non-unique) eigenbasis there.
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/utilities.h>

#include "base/abaqus_numbers.h"
#include "base/declared_entry.h"
#include "materials/isochoric_split.h"
#include "materials/laws.h"
#include "materials/parameter_helpers.h"
#include "materials/registry.h"

#include <array>
#include <cmath>
#include <sstream>
#include <vector>

namespace plantarfe::materials
{
  namespace
  {
    const char *const ogden_name = "Ogden";

    class Ogden : public IsochoricSplitMaterial
    {
    public:
      Ogden(std::vector<double> mu,
            std::vector<double> alpha,
            const double        kappa)
          : IsochoricSplitMaterial(kappa)
          , mu(std::move(mu))
          , alpha(std::move(alpha))
      {}

      std::string
      name() const override
      {
        return ogden_name;
      }

      double
      initial_shear_modulus() const override
      {
        return shear_modulus(mu, alpha);
      }

      /// Abaqus' OGDEN, N <= 3: W = sum 2 mu_i / alpha_i^2 (sum_a lbar_a^
      /// alpha_i - 3) + (J - 1)^2 / D1: mu_i = mu_p alpha_p / 2 gives the
      /// same isochoric energy; eight numbers per data line.
      std::string
      abaqus_material() const override
      {
        if (mu.size() > 3)
          return {};
        std::vector<double> numbers;
        for (unsigned int p = 0; p < mu.size(); ++p)
          numbers.insert(numbers.end(), {0.5 * mu[p] * alpha[p], alpha[p]});
        numbers.push_back(abaqus_d1());
        for (unsigned int p = 1; p < mu.size(); ++p)
          numbers.push_back(0.);
        std::string text;
        for (std::size_t i = 0; i < numbers.size(); i += 8)
          text += abaqus_numbers(
                    std::vector<double>(numbers.begin() + i,
                                        numbers.begin() +
                                          std::min(numbers.size(), i + 8))) +
                  "\n";
        return "*HYPERELASTIC, OGDEN, N=" + std::to_string(mu.size()) + "\n" +
               text;
      }

      /// FEBio's uncoupled Ogden, W = sum c_i / m_i^2 (sum_a lbar_a^m_i -
      /// 3) + U(J) with up to six terms: c_i = mu_p alpha_p, m_i = alpha_p
      /// and our U (NIKE3D) make it this law.
      FebioLaw
      febio_material() const override
      {
        if (mu.size() > 6)
          return {};
        FebioLaw law{"Ogden", {}};
        for (unsigned int p = 0; p < mu.size(); ++p)
          law.parameters.push_back(
            {"c" + std::to_string(p + 1), febio_number(mu[p] * alpha[p])});
        for (unsigned int p = 0; p < mu.size(); ++p)
          law.parameters.push_back(
            {"m" + std::to_string(p + 1), febio_number(alpha[p])});
        for (auto &parameter : febio_volumetric())
          law.parameters.push_back(parameter);
        return law;
      }

      static double
      shear_modulus(const std::vector<double> &mu,
                    const std::vector<double> &alpha)
      {
        double mu0 = 0.;
        for (unsigned int p = 0; p < mu.size(); ++p)
          mu0 += 0.5 * mu[p] * alpha[p];
        return mu0;
      }

    protected:
      double
      isochoric_energy(const SymTensor2 &Cbar) const override
      {
        const auto eig = dealii::eigenvectors(Cbar);
        double     W   = 0.;
        for (unsigned int p = 0; p < mu.size(); ++p)
          {
            double tr = 0.;
            for (const auto &e : eig)
              tr += std::pow(e.first, 0.5 * alpha[p]);
            W += mu[p] / alpha[p] * (tr - 3.);
          }
        return W;
      }

      void
      fictitious_response(const SymTensor2 &Cbar,
                          SymTensor2       &Sbar,
                          SymTensor4       *CCbar) const override
      {
        const auto            eig = dealii::eigenvectors(Cbar);
        std::array<double, 3> l, gl;
        for (unsigned int a = 0; a < 3; ++a)
          {
            l[a]  = eig[a].first;
            gl[a] = g(l[a]);
          }

        Sbar = 0.;
        for (unsigned int a = 0; a < 3; ++a)
          for (unsigned int I = 0; I < 3; ++I)
            for (unsigned int J = I; J < 3; ++J)
              Sbar[I][J] += gl[a] * eig[a].second[I] * eig[a].second[J];

        if (CCbar == nullptr)
          return;

        double divided[3][3];
        for (unsigned int a = 0; a < 3; ++a)
          for (unsigned int b = 0; b < 3; ++b)
            {
              const double scale = std::max(std::abs(l[a]), std::abs(l[b]));
              divided[a][b]      = (std::abs(l[a] - l[b]) <= 1e-8 * scale) ?
                                     dg(0.5 * (l[a] + l[b])) :
                                     (gl[a] - gl[b]) / (l[a] - l[b]);
            }

        SymTensor4 &CC = *CCbar;
        CC             = 0.;
        for (unsigned int a = 0; a < 3; ++a)
          for (unsigned int b = 0; b < 3; ++b)
            {
              const auto &Na = eig[a].second;
              const auto &Nb = eig[b].second;
              // CCbar = 2 Dg: the factor 2 cancels the 1/2 of the
              // symmetrisation.
              const double c = divided[a][b];
              for (unsigned int I = 0; I < 3; ++I)
                for (unsigned int J = I; J < 3; ++J)
                  for (unsigned int K = 0; K < 3; ++K)
                    for (unsigned int L = K; L < 3; ++L)
                      CC[I][J][K][L] +=
                        c * Na[I] * Nb[J] * (Na[K] * Nb[L] + Na[L] * Nb[K]);
            }
      }

    private:
      /// g(x) = 2 d/dx sum_p mu_p/alpha_p x^{alpha_p/2}.
      double
      g(const double x) const
      {
        double v = 0.;
        for (unsigned int p = 0; p < mu.size(); ++p)
          v += mu[p] * std::pow(x, 0.5 * alpha[p] - 1.);
        return v;
      }

      double
      dg(const double x) const
      {
        double v = 0.;
        for (unsigned int p = 0; p < mu.size(); ++p)
          v += mu[p] * (0.5 * alpha[p] - 1.) * std::pow(x, 0.5 * alpha[p] - 2.);
        return v;
      }

      std::vector<double> mu;
      std::vector<double> alpha;
    };

    std::vector<double>
    get_list(const dealii::ParameterHandler &prm, const std::string &entry)
    {
      std::vector<double> values;
      for (const std::string &s :
           dealii::Utilities::split_string_list(prm.get(entry), ','))
        {
          std::istringstream in(s);
          double             v = 0.;
          std::string        rest;
          if (!(in >> v) || (in >> rest))
            throw_bad_entry(ogden_name,
                            entry,
                            prm.get(entry),
                            "not a list of numbers");
          values.push_back(v);
        }
      if (values.empty() || values.size() > 3)
        throw_bad_entry(ogden_name,
                        entry,
                        prm.get(entry),
                        "needs 1 to 3 values");
      return values;
    }

    void
    declare_ogden(dealii::ParameterHandler &prm)
    {
      declare_entry_with_unit(
        prm,
        "Shear moduli",
        "1084",
        dealii::Patterns::List(dealii::Patterns::Double(), 1, 3, ","),
        entry_units::Pa,
        "Comma-separated Ogden coefficients mu_p (Pa), 1 to 3 "
        "terms. W = sum_p mu_p/alpha_p (sum_a lbar_a^alpha_p - "
        "3); the initial shear modulus is sum_p mu_p alpha_p / 2 "
        "and must be > 0.");
      prm.declare_entry(
        "Exponents",
        "9.78",
        dealii::Patterns::List(dealii::Patterns::Double(), 1, 3, ","),
        "Comma-separated Ogden exponents alpha_p "
        "(dimensionless, nonzero), as many as \"Shear moduli\".");
      declare_volumetric_parameters(prm);
    }

    std::unique_ptr<Material>
    create_ogden(const dealii::ParameterHandler &prm)
    {
      const std::vector<double> mu    = get_list(prm, "Shear moduli");
      const std::vector<double> alpha = get_list(prm, "Exponents");
      if (alpha.size() != mu.size())
        throw_bad_entry(ogden_name,
                        "Exponents",
                        prm.get("Exponents"),
                        "must have as many values as \"Shear moduli\" (" +
                          std::to_string(mu.size()) + ")");
      for (const double a : alpha)
        if (a == 0.)
          throw_bad_entry(ogden_name,
                          "Exponents",
                          prm.get("Exponents"),
                          "must be nonzero");
      const double mu0 = Ogden::shear_modulus(mu, alpha);
      if (!(mu0 > 0.))
        throw_bad_entry(
          ogden_name,
          "Shear moduli",
          prm.get("Shear moduli"),
          "initial shear modulus sum_p mu_p alpha_p / 2 must be > 0");
      const double kappa = bulk_modulus_from_parameters(prm, ogden_name, mu0);
      return std::make_unique<Ogden>(mu, alpha, kappa);
    }

    const bool ogden_registered = register_law(
      {ogden_name,
       "Nearly incompressible Ogden (up to 3 terms): W = sum_p mu_p/alpha_p "
       "(tr(Cbar^{alpha_p/2}) - 3) + kappa/4 (J^2 - 1 - 2 ln J).",
       declare_ogden,
       create_ogden});
  } // namespace

  std::unique_ptr<Material>
  make_ogden(const std::vector<double> &mu,
             const std::vector<double> &alpha,
             const double               nu)
  {
    if (mu.empty() || mu.size() > 3 || alpha.size() != mu.size())
      throw_bad_entry(ogden_name,
                      "Exponents",
                      std::to_string(alpha.size()) + " values",
                      "must have as many values as \"Shear moduli\" (1 to 3)");
    for (const double a : alpha)
      if (a == 0.)
        throw_bad_entry(ogden_name, "Exponents", shown(a), "must be nonzero");
    const double mu0 = Ogden::shear_modulus(mu, alpha);
    if (!(mu0 > 0.))
      throw_bad_entry(
        ogden_name,
        "Shear moduli",
        shown(mu0),
        "initial shear modulus sum_p mu_p alpha_p / 2 must be > 0");
    require_poisson_ratio(
      ogden_name, "Poisson's ratio", nu, shown(nu), 0., false);
    return std::make_unique<Ogden>(mu,
                                   alpha,
                                   bulk_modulus_from_poisson(mu0, nu));
  }
} // namespace plantarfe::materials
