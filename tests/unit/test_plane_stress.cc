// Unit tests of the plane-stress wrapper (materials/plane_stress.h): the
// out-of-plane stress vanishes, the condensed tangent and the stress match
// finite differences of the energy and of the stress on the in-plane
// components, and a plane-stress strip in uniaxial tension is the 3D
// uniaxial state (both transverse stretches equal).
#include <gtest/gtest.h>

#include "materials/laws.h"
#include "materials/material.h"
#include "materials/plane_stress.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

using namespace plantarfe::materials;

namespace
{
  /// Heel-pad Ogden of Petre et al. 2013 in our convention (mu = c1/m1).
  std::shared_ptr<const Material>
  heel_pad()
  {
    return make_ogden({26.52e3 / 17.71}, {17.71}, 0.49);
  }

  Tensor2
  in_plane(const double a, const double b, const double c, const double d)
  {
    Tensor2 F;
    F[0][0] = a;
    F[0][1] = b;
    F[1][0] = c;
    F[1][1] = d;
    F[2][2] = 1.; // what a plane model passes; the wrapper replaces it
    return F;
  }
} // namespace

TEST(PlaneStress, OutOfPlaneStressVanishesAndLawIsCompressible)
{
  const auto law  = heel_pad();
  const auto flat = make_plane_stress(law);
  EXPECT_FALSE(flat->has_volumetric_split());
  const PointData point;
  const Tensor2   F  = in_plane(0.8, 0.1, -0.05, 1.1);
  const Tensor2   Fc = flat->completed_deformation(F, point);
  // Nearly incompressible: the stretch nearly restores the volume.
  const double J = dealii::determinant(Fc);
  EXPECT_NEAR(J, 1., 0.02);
  EXPECT_GT(std::abs(Fc[2][2] - 1.), 0.05);
  Tensor2 P3;
  total_first_piola(*law, Fc, point, P3, nullptr);
  EXPECT_LT(std::abs(P3[2][2]), 1e-9 * law->initial_shear_modulus());
  const Tensor2 sigma = cauchy_stress(*flat, F, point);
  EXPECT_LT(std::abs(sigma[2][2]), 1e-9 * law->initial_shear_modulus());
  // The same stress as the wrapped law at the completed F.
  const Tensor2 sigma3 = cauchy_stress(*law, Fc, point);
  for (unsigned int i = 0; i < 2; ++i)
    for (unsigned int j = 0; j < 2; ++j)
      EXPECT_NEAR(sigma[i][j], sigma3[i][j], 1e-9 * std::abs(sigma3[0][0]));
  // Both stresses in one go (one search): P is the assembly's P, and a
  // search started from the completed F finds the same stretch.
  Tensor2 P, P_both, sigma_both;
  flat->first_piola(F, point, P, nullptr);
  total_stresses(*flat, F, point, P_both, sigma_both);
  for (unsigned int i = 0; i < 3; ++i)
    for (unsigned int j = 0; j < 3; ++j)
      {
        EXPECT_NEAR(P_both[i][j], P[i][j], 1e-9 * std::abs(P[0][0]));
        EXPECT_NEAR(sigma_both[i][j],
                    sigma[i][j],
                    1e-9 * std::abs(sigma[0][0]));
      }
  EXPECT_NEAR(plane_stress_stretch(*law, Fc, point), Fc[2][2], 1e-12);
}

TEST(PlaneStress, StressAndTangentMatchFiniteDifferences)
{
  const auto      flat = make_plane_stress(heel_pad());
  const PointData point;
  for (const Tensor2 &F : {in_plane(0.8, 0.1, -0.05, 1.1),
                           in_plane(1.15, -0.2, 0.1, 0.7),
                           in_plane(1., 0., 0., 1.)})
    {
      Tensor2 P;
      Tensor4 A;
      flat->first_piola(F, point, P, &A);
      double scale = 0.;
      for (unsigned int i = 0; i < 2; ++i)
        for (unsigned int I = 0; I < 2; ++I)
          for (unsigned int k = 0; k < 2; ++k)
            for (unsigned int L = 0; L < 2; ++L)
              scale = std::max(scale, std::abs(A[i][I][k][L]));
      const double h = 1e-6;
      for (unsigned int k = 0; k < 2; ++k)
        for (unsigned int L = 0; L < 2; ++L)
          {
            Tensor2 Fp = F, Fm = F;
            Fp[k][L] += h;
            Fm[k][L] -= h;
            // P = dW/dF on the in-plane components.
            const double dW =
              (flat->energy(Fp, point) - flat->energy(Fm, point)) / (2. * h);
            EXPECT_NEAR(P[k][L], dW, 1e-6 * scale) << k << L;
            // A = dP/dF, condensed.
            Tensor2 Pp, Pm;
            flat->first_piola(Fp, point, Pp, nullptr);
            flat->first_piola(Fm, point, Pm, nullptr);
            for (unsigned int i = 0; i < 2; ++i)
              for (unsigned int I = 0; I < 2; ++I)
                EXPECT_NEAR(A[i][I][k][L],
                            (Pp[i][I] - Pm[i][I]) / (2. * h),
                            1e-6 * scale)
                  << i << I << k << L;
          }
    }
}

TEST(PlaneStress, UniaxialStripIsTheThreeDimensionalUniaxialState)
{
  // Pull a plane-stress strip along x and find the y stretch with P_yy = 0.
  // An isotropic law then has equal transverse stretches (lambda_z = the y
  // stretch), and the axial stress is the 3D law's in uniaxial tension.
  const auto      law  = heel_pad();
  const auto      flat = make_plane_stress(law);
  const PointData point;
  const double    stretch = 1.2;
  double          t       = 1. / std::sqrt(stretch);
  for (unsigned int it = 0; it < 50; ++it)
    {
      Tensor2 P;
      Tensor4 A;
      flat->first_piola(in_plane(stretch, 0., 0., t), point, P, &A);
      t -= P[1][1] / A[1][1][1][1];
    }
  const Tensor2 F  = in_plane(stretch, 0., 0., t);
  const Tensor2 Fc = flat->completed_deformation(F, point);
  EXPECT_NEAR(Fc[2][2], t, 1e-10);
  Tensor2 P, P3;
  flat->first_piola(F, point, P, nullptr);
  total_first_piola(*law, Fc, point, P3, nullptr);
  EXPECT_NEAR(P[0][0], P3[0][0], 1e-10 * std::abs(P3[0][0]));
  EXPECT_LT(std::abs(P3[1][1]), 1e-8 * std::abs(P3[0][0]));
  // Nearly incompressible: transverse stretch close to stretch^(-1/2).
  EXPECT_NEAR(t, 1. / std::sqrt(stretch), 0.01);
  EXPECT_GT(P[0][0], 0.);
}

TEST(PlaneStress, StretchFoundForLargeDeformations)
{
  // Ogden exponents near 18 make P_zz(lambda) steep: the root search must
  // hold for the squashed and sheared pads a stance solve visits.
  const auto      law = heel_pad();
  const PointData point;
  unsigned int    cases = 0;
  for (const double a : {0.4, 0.6, 0.8, 1., 1.3, 1.7})
    for (const double d : {0.4, 0.7, 1., 1.4})
      for (const double shear : {-0.6, 0., 0.3, 0.9})
        {
          const Tensor2 F      = in_plane(a, shear, 0.1 * shear, d);
          const double  lambda = plane_stress_stretch(*law, F, point);
          Tensor2       P;
          Tensor2       Fc = F;
          Fc[2][2]         = lambda;
          total_first_piola(*law, Fc, point, P, nullptr);
          double largest = law->initial_bulk_modulus();
          for (unsigned int i = 0; i < 3; ++i)
            for (unsigned int j = 0; j < 3; ++j)
              largest = std::max(largest, std::abs(P[i][j]));
          EXPECT_LT(std::abs(P[2][2]), 1e-10 * largest)
            << a << " " << d << " " << shear;
          ++cases;
        }
  EXPECT_EQ(cases, 96u);
}

namespace
{
  /// Forwards to a law and counts its evaluations with and without the
  /// tangent: what a plane-stress search costs.
  class CountingLaw : public Material
  {
  public:
    explicit CountingLaw(std::shared_ptr<const Material> law)
        : law(std::move(law))
    {}
    std::string
    name() const override
    {
      return law->name();
    }
    void
    first_piola(const Tensor2   &F,
                const PointData &point,
                Tensor2         &P,
                Tensor4         *A) const override
    {
      ++(A != nullptr ? with_tangent : stress_only);
      law->first_piola(F, point, P, A);
    }
    bool
    has_volumetric_split() const override
    {
      return law->has_volumetric_split();
    }
    VolumetricResponse
    volumetric(const double J) const override
    {
      return law->volumetric(J);
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
      return law->energy(F, point);
    }
    mutable unsigned int with_tangent = 0;
    mutable unsigned int stress_only  = 0;

  private:
    std::shared_ptr<const Material> law;
  };

  void
  expect_same_response(const Material &flat,
                       const Tensor2  &F,
                       const Tensor2  &P,
                       const Tensor4  &A)
  {
    Tensor2 P_cold;
    Tensor4 A_cold;
    flat.first_piola(F, PointData(), P_cold, &A_cold);
    const double scale_P = std::abs(P_cold[0][0]) + std::abs(P_cold[1][1]);
    const double scale_A = std::abs(A_cold[0][0][0][0]);
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int I = 0; I < 3; ++I)
        {
          EXPECT_NEAR(P[i][I], P_cold[i][I], 1e-9 * scale_P);
          for (unsigned int k = 0; k < 3; ++k)
            for (unsigned int L = 0; L < 3; ++L)
              EXPECT_NEAR(A[i][I][k][L], A_cold[i][I][k][L], 1e-7 * scale_A);
        }
  }
} // namespace

TEST(PlaneStress, RememberedSearchAgreesWithAColdOneAndIsCheaper)
{
  // The assembly keeps each point's stretch and slope between Newton
  // iterates (PointData::out_of_plane). The answer must not depend on it;
  // only the number of law evaluations may.
  const auto       counting = std::make_shared<CountingLaw>(heel_pad());
  const auto       flat     = make_plane_stress(counting);
  OutOfPlaneMemory memory;
  PointData        point;
  point.out_of_plane = &memory;

  // First visit: nothing remembered, the full search fills the memory.
  const Tensor2 F0 = in_plane(0.8, 0.1, -0.05, 1.1);
  Tensor2       P;
  Tensor4       A;
  flat->first_piola(F0, point, P, &A);
  EXPECT_NEAR(memory.stretch,
              plane_stress_stretch(*counting, F0, PointData()),
              1e-12);
  EXPECT_GT(memory.slope, 0.);
  expect_same_response(*flat, F0, P, A);
  const unsigned int cold_tangents = counting->with_tangent;

  // A later Newton iterate nearby: stress-only steps from the remembered
  // stretch and a single evaluation with the tangent, at the root.
  const Tensor2 F1       = in_plane(0.8002, 0.1001, -0.0499, 1.0997);
  counting->with_tangent = counting->stress_only = 0;
  flat->first_piola(F1, point, P, &A);
  EXPECT_EQ(counting->with_tangent, 1u);
  EXPECT_LE(counting->stress_only, 3u);
  EXPECT_GE(cold_tangents, 3u); // what the memory saves
  expect_same_response(*flat, F1, P, A);

  // A far jump (a cut-back restores an older state): the remembered slope
  // is no use, the search falls back to the full one and agrees again.
  const Tensor2 F2 = in_plane(0.5, -0.3, 0.02, 1.35);
  flat->first_piola(F2, point, P, &A);
  expect_same_response(*flat, F2, P, A);
  EXPECT_NEAR(memory.stretch,
              plane_stress_stretch(*counting, F2, PointData()),
              1e-12);
}
