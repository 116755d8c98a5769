#include "materials/plane_stress.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace plantarfe::materials
{
  namespace
  {
    constexpr unsigned int z = 2;

    Tensor2
    with_stretch(Tensor2 F, const double lambda)
    {
      F[z][z] = lambda;
      return F;
    }

    /// Finds lambda with P_zz(F with F_zz = lambda) = 0 and leaves the
    /// complete response of the law at the root in P and A.
    class StretchSearch
    {
    public:
      StretchSearch(const Material  &law,
                    const Tensor2   &F,
                    const PointData &point)
          : law(law)
          , F(F)
          , point(point)
          , stiffness(law.initial_shear_modulus() + law.initial_bulk_modulus())
      {}

      double
      solve()
      {
        const double J2 = F[0][0] * F[1][1] - F[0][1] * F[1][0];
        if (!(J2 > 0.))
          throw std::runtime_error("plane stress: in-plane det F = " +
                                   std::to_string(J2) + " is not positive");
        // The isochoric guess 1 / det(F_in-plane) is within a few per cent
        // of the root for nearly incompressible laws; Newton from there
        // takes 3-4 steps. An F already completed (F_zz != 1, e.g. from
        // completed_deformation) is its own guess and converges at once;
        // the stretch remembered at this point (PointData) is nearly so.
        OutOfPlaneMemory *memory = point.out_of_plane;
        const bool        recall = memory != nullptr && memory->stretch > 0.;
        const double      guess  = F[z][z] != 1. && F[z][z] > 0. ? F[z][z] :
                                   recall ? memory->stretch :
                                            1. / J2;
        double            root   = 0.;
        if (!(recall && memory->slope > 0. &&
              stress_only_search(guess, memory->slope, root)))
          root = search_from(guess);
        if (memory != nullptr)
          {
            memory->stretch = root;
            memory->slope   = A[z][z][z][z];
          }
        return root;
      }

      Tensor2 P;
      Tensor4 A;

    private:
      const Material  &law;
      const Tensor2   &F;
      const PointData &point;
      const double     stiffness;
      double           largest = 0.;

      /// Secant steps on P_zz alone (no tangent), the first with the
      /// remembered @p slope, then the full response at the root found.
      /// False when the steps leave a plausible range or do not converge
      /// quickly: search_from() then starts over with the tangent.
      bool
      stress_only_search(const double guess, double slope, double &root)
      {
        double lambda = guess;
        double value  = evaluate(lambda, false);
        for (unsigned int it = 0; it < 6; ++it)
          {
            if (converged(value))
              {
                evaluate(lambda, true);
                root = lambda;
                return true;
              }
            const double next = lambda - value / slope;
            if (!(next > 0.9 * lambda && next < 1.1 * lambda) || next == lambda)
              return false;
            const double next_value = evaluate(next, false);
            const double secant     = (next_value - value) / (next - lambda);
            if (secant > 0.)
              slope = secant;
            lambda = next;
            value  = next_value;
          }
        return false;
      }

      double
      search_from(const double guess)
      {
        double value  = evaluate(guess);
        double lambda = guess;
        for (unsigned int it = 0; it < 12; ++it)
          {
            if (converged(value))
              return lambda;
            const double slope = A[z][z][z][z];
            if (!(slope > 0.))
              break;
            const double next = lambda - value / slope;
            if (!(next > 0.25 * lambda && next < 4. * lambda))
              break;
            lambda = next;
            value  = evaluate(lambda);
          }
        return bracketed(guess);
      }

      double
      evaluate(const double lambda, const bool with_tangent = true)
      {
        total_first_piola(
          law, with_stretch(F, lambda), point, P, with_tangent ? &A : nullptr);
        largest = 0.;
        for (unsigned int i = 0; i < 3; ++i)
          for (unsigned int j = 0; j < 3; ++j)
            largest = std::max(largest, std::abs(P[i][j]));
        return P[z][z];
      }

      bool
      converged(const double value) const
      {
        return std::abs(value) <= 1e-12 * std::max(stiffness, largest);
      }

      /// P_zz grows with lambda (A_zzzz > 0): bracket the root, then take
      /// Newton steps that fall back to bisection when they leave the
      /// bracket or stall (Ogden exponents near 18 make P_zz very steep).
      double
      bracketed(const double guess)
      {
        double lo = guess, hi = guess;
        double value = evaluate(guess);
        if (value > 0.)
          for (unsigned int it = 0; value > 0. && it < 200; ++it)
            {
              hi    = lo;
              lo    = 0.7 * lo;
              value = evaluate(lo);
            }
        else
          for (unsigned int it = 0; value < 0. && it < 200; ++it)
            {
              lo    = hi;
              hi    = 1.4 * hi;
              value = evaluate(hi);
            }
        if (!(value <= 0. || value >= 0.) || lo == hi)
          throw std::runtime_error("plane stress: no out-of-plane stretch "
                                   "with zero out-of-plane stress for law " +
                                   law.name());
        double lambda = 0.5 * (lo + hi);
        value         = evaluate(lambda);
        for (unsigned int it = 0; it < 400; ++it)
          {
            if (converged(value) || hi - lo <= 1e-15 * hi)
              return lambda;
            (value < 0. ? lo : hi) = lambda;
            const double slope     = A[z][z][z][z];
            double       next = slope > 0. ? lambda - value / slope : lo - 1.;
            if (!(next > lo && next < hi))
              next = 0.5 * (lo + hi);
            const double previous = std::abs(value);
            lambda                = next;
            value                 = evaluate(lambda);
            if (std::abs(value) > 0.5 * previous)
              {
                (value < 0. ? lo : hi) = lambda;
                lambda                 = 0.5 * (lo + hi);
                value                  = evaluate(lambda);
              }
          }
        return lambda; // the bracket is as narrow as doubles allow
      }
    };

    class PlaneStressLaw : public Material
    {
    public:
      explicit PlaneStressLaw(std::shared_ptr<const Material> law)
          : law(std::move(law))
      {}

      std::string
      name() const override
      {
        return law->name() + " (plane stress)";
      }

      void
      first_piola(const Tensor2   &F,
                  const PointData &point,
                  Tensor2         &P,
                  Tensor4         *A) const override
      {
        StretchSearch search(*law, F, point);
        search.solve();
        P       = search.P;
        P[z][z] = 0.; // zero to solver precision; exactly zero by definition
        if (A == nullptr)
          return;
        const Tensor4 &A3 = search.A;
        *A                = A3;
        const double Az   = A3[z][z][z][z];
        for (unsigned int i = 0; i < 3; ++i)
          for (unsigned int I = 0; I < 3; ++I)
            for (unsigned int k = 0; k < 3; ++k)
              for (unsigned int L = 0; L < 3; ++L)
                (*A)[i][I][k][L] -= A3[i][I][z][z] * A3[z][z][k][L] / Az;
      }

      double
      initial_shear_modulus() const override
      {
        return law->initial_shear_modulus();
      }

      double
      initial_bulk_modulus() const override
      {
        return law->initial_bulk_modulus();
      }

      double
      energy(const Tensor2 &F, const PointData &point) const override
      {
        return total_energy(*law, completed_deformation(F, point), point);
      }

      Tensor2
      completed_deformation(const Tensor2   &F,
                            const PointData &point) const override
      {
        return with_stretch(F, plane_stress_stretch(*law, F, point));
      }

    private:
      std::shared_ptr<const Material> law;
    };
  } // namespace

  double
  plane_stress_stretch(const Material  &law,
                       const Tensor2   &F,
                       const PointData &point)
  {
    StretchSearch search(law, F, point);
    return search.solve();
  }

  std::shared_ptr<const Material>
  make_plane_stress(std::shared_ptr<const Material> law)
  {
    return std::make_shared<PlaneStressLaw>(std::move(law));
  }
} // namespace plantarfe::materials
