// Numerical self-checks of constitutive laws. Central differences with a step
// of 1e-6 |F| have truncation error O(h^2) ~ 1e-12 and round-off
// ~ 1e-16 / 1e-6 = 1e-10 relative, so a 1e-6 tolerance separates a correct
// tangent from a wrong one by several orders of magnitude.
#include "materials/material_checks.h"

#include "materials/fibre_family.h"
#include "materials/fibre_law_registry.h"
#include "materials/registry.h"
#include "materials/tensor_utils.h"

#include <cmath>
#include <functional>

namespace plantarfe::materials
{
  namespace
  {
    using Row  = CheckRow;
    using Rows = CheckRows;

    constexpr double fd_tolerance    = 1e-6;
    constexpr double exact_tolerance = 1e-12;

    Tensor2
    make_tensor(const double (&v)[3][3])
    {
      Tensor2 T;
      for (unsigned int i = 0; i < 3; ++i)
        for (unsigned int j = 0; j < 3; ++j)
          T[i][j] = v[i][j];
      return T;
    }

    /// Deformations away from the identity: stretches 0.85-1.25, shear,
    /// det F between ~0.9 and ~1.1; F3 has two equal principal stretches to
    /// exercise the coincident-eigenvalue branch of spectral laws. The
    /// fibre direction below is stretched (I4 > 1.2) in all three.
    struct TestDeformation
    {
      const char *name;
      Tensor2     F;
    };

    std::vector<TestDeformation>
    test_deformations()
    {
      const double F1[3][3] = {{1.18, 0.12, -0.05},
                               {0.07, 0.93, 0.10},
                               {-0.04, 0.06, 0.97}};
      const double F2[3][3] = {{1.25, 0.20, 0.00},
                               {-0.05, 0.85, 0.08},
                               {0.10, 0.00, 0.98}};
      const double F3[3][3] = {{1.20, 0.00, 0.00},
                               {0.00, 0.95, 0.00},
                               {0.00, 0.00, 0.95}};
      return {{"F1", make_tensor(F1)},
              {"F2", make_tensor(F2)},
              {"F3", make_tensor(F3)}};
    }

    PointData
    test_point(const double prestretch, const double tension_floor)
    {
      PointData point;
      point.fibre_prestretch    = prestretch;
      point.fibre_tension_floor = tension_floor;
      point.fibre[0]            = 1.;
      point.fibre[1]            = 0.25;
      point.fibre[2]            = -0.1;
      point.fibre /= point.fibre.norm();
      return point;
    }

    /// Rotation by 0.7 rad about (1, 2, 3)/|.| (Rodrigues' formula).
    Tensor2
    test_rotation()
    {
      Vector3 n;
      n[0] = 1.;
      n[1] = 2.;
      n[2] = 3.;
      n /= n.norm();
      const double theta = 0.7;
      Tensor2      K;
      K[0][1] = -n[2];
      K[0][2] = n[1];
      K[1][0] = n[2];
      K[1][2] = -n[0];
      K[2][0] = -n[1];
      K[2][1] = n[0];
      return identity2() + std::sin(theta) * K +
             (1. - std::cos(theta)) * (K * K);
    }

    using StressFunction =
      std::function<void(const Tensor2 &, Tensor2 &, Tensor4 *)>;
    using EnergyFunction = std::function<double(const Tensor2 &)>;

    double
    tangent_error(const StressFunction &stress, const Tensor2 &F)
    {
      Tensor2 P;
      Tensor4 A;
      stress(F, P, &A);
      const double h = 1e-6 * max_abs(F);
      Tensor4      A_fd;
      for (unsigned int k = 0; k < 3; ++k)
        for (unsigned int L = 0; L < 3; ++L)
          {
            Tensor2 Fp = F, Fm = F, Pp, Pm;
            Fp[k][L] += h;
            Fm[k][L] -= h;
            stress(Fp, Pp, nullptr);
            stress(Fm, Pm, nullptr);
            for (unsigned int i = 0; i < 3; ++i)
              for (unsigned int J = 0; J < 3; ++J)
                A_fd[i][J][k][L] = (Pp[i][J] - Pm[i][J]) / (2. * h);
          }
      return max_abs(Tensor4(A - A_fd)) / max_abs(A);
    }

    double
    stress_energy_error(const StressFunction &stress,
                        const EnergyFunction &energy,
                        const Tensor2        &F)
    {
      Tensor2 P;
      stress(F, P, nullptr);
      const double h = 1e-6 * max_abs(F);
      Tensor2      P_fd;
      for (unsigned int k = 0; k < 3; ++k)
        for (unsigned int L = 0; L < 3; ++L)
          {
            Tensor2 Fp = F, Fm = F;
            Fp[k][L] += h;
            Fm[k][L] -= h;
            P_fd[k][L] = (energy(Fp) - energy(Fm)) / (2. * h);
          }
      return max_abs(Tensor2(P - P_fd)) / max_abs(P);
    }

    /// |a - b| / |b|, with |b| = 0 giving the absolute difference.
    double
    relative(const double a, const double b)
    {
      return std::abs(a - b) / (b != 0. ? std::abs(b) : 1.);
    }

    Row
    make_row(const std::string &case_name,
             const std::string &quantity,
             const double       observed,
             const double       tolerance)
    {
      Row row;
      row.case_name = case_name;
      row.quantity  = quantity;
      row.observed  = observed;
      row.expected  = tolerance;
      row.criterion = tolerance == fd_tolerance ? "< 1e-6" : "< 1e-12";
      // A NaN must fail, hence the positive comparison.
      row.pass = observed < tolerance;
      return row;
    }
  } // namespace

  Rows
  check_material(const Material    &material,
                 const std::string &label,
                 const double       fibre_prestretch,
                 const double       fibre_tension_floor)
  {
    const std::string case_name = "material:" + label;
    const PointData   point = test_point(fibre_prestretch, fibre_tension_floor);
    // Small-strain elasticity is not frame-indifferent; rotation-based checks
    // do not apply to it (or to anything wrapped around it).
    const bool finite_strain = material.name().rfind("linear elastic", 0) != 0;
    const bool split         = material.has_volumetric_split();

    const StressFunction part = [&](const Tensor2 &F, Tensor2 &P, Tensor4 *A) {
      material.first_piola(F, point, P, A);
    };
    const StressFunction total = [&](const Tensor2 &F, Tensor2 &P, Tensor4 *A) {
      total_first_piola(material, F, point, P, A);
    };
    const EnergyFunction part_energy = [&](const Tensor2 &F) {
      return material.energy(F, point);
    };
    const EnergyFunction full_energy = [&](const Tensor2 &F) {
      return total_energy(material, F, point);
    };

    Rows rows;
    for (const TestDeformation &d : test_deformations())
      {
        const std::string at = std::string(" at ") + d.name;
        rows.push_back(make_row(case_name,
                                "tangent rel err (total)" + at,
                                tangent_error(total, d.F),
                                fd_tolerance));
        rows.push_back(make_row(case_name,
                                "stress-energy rel err (total)" + at,
                                stress_energy_error(total, full_energy, d.F),
                                fd_tolerance));
        if (split)
          {
            rows.push_back(make_row(case_name,
                                    "tangent rel err (displacement part)" + at,
                                    tangent_error(part, d.F),
                                    fd_tolerance));
            rows.push_back(
              make_row(case_name,
                       "stress-energy rel err (displacement part)" + at,
                       stress_energy_error(part, part_energy, d.F),
                       fd_tolerance));
          }

        if (finite_strain)
          {
            const Tensor2 Q = test_rotation();
            Tensor2       P, P_rot;
            total_first_piola(material, d.F, point, P, nullptr);
            total_first_piola(material, Q * d.F, point, P_rot, nullptr);
            rows.push_back(
              make_row(case_name,
                       "objectivity P(QF) vs QP(F) rel err" + at,
                       max_abs(Tensor2(P_rot - Q * P)) / max_abs(P),
                       exact_tolerance));
            rows.push_back(
              make_row(case_name,
                       "objectivity energy rel err" + at,
                       relative(full_energy(Q * d.F), full_energy(d.F)),
                       exact_tolerance));

            const Tensor2 sigma = cauchy_stress(material, d.F, point);
            rows.push_back(
              make_row(case_name,
                       "Cauchy stress asymmetry rel" + at,
                       max_abs(Tensor2(sigma - dealii::transpose(sigma))) /
                         max_abs(sigma),
                       exact_tolerance));
          }
      }

    // A pre-stretched fibre (or one held at a least tension) is, by design,
    // not stress free at F = I.
    if (fibre_prestretch == 1. && fibre_tension_floor == 0.)
      {
        Tensor2 P;
        total_first_piola(material, identity2(), point, P, nullptr);
        rows.push_back(make_row(case_name,
                                "|P(I)| / initial shear modulus",
                                max_abs(P) / material.initial_shear_modulus(),
                                exact_tolerance));
      }

    if (split)
      for (const double J : {0.9, 1.1})
        {
          const double      h  = 1e-6;
          const auto        U  = material.volumetric(J);
          const auto        Up = material.volumetric(J + h);
          const auto        Um = material.volumetric(J - h);
          const std::string at = " at J=" + std::string(J < 1. ? "0.9" : "1.1");
          rows.push_back(
            make_row(case_name,
                     "U' vs difference of U rel err" + at,
                     relative((Up.energy - Um.energy) / (2. * h), U.dU),
                     fd_tolerance));
          rows.push_back(make_row(case_name,
                                  "U'' vs difference of U' rel err" + at,
                                  relative((Up.dU - Um.dU) / (2. * h), U.d2U),
                                  fd_tolerance));
        }
    return rows;
  }

  Rows
  check_all_registered_materials()
  {
    Rows rows;
    for (const LawEntry &law : registered_laws())
      for (const char *fibres : {"none", "exponential"})
        {
          const auto material = create_material(law.name, {}, fibres);
          const Rows r        = check_material(*material, material->name());
          rows.insert(rows.end(), r.begin(), r.end());
        }
    // The tissue fibre laws on a nearly incompressible matrix, also with a
    // pre-stretched fibre (slack length shorter than the mesh).
    for (const auto &make : fibre_law_samples())
      for (const double prestretch : {1., 1.04})
        {
          const FibreFamily material(
            create_material("neo-Hookean nearly incompressible", {}), make());
          const Rows r =
            check_material(material,
                           material.name() + " prestretch " +
                             std::to_string(prestretch).substr(0, 4),
                           prestretch);
          rows.insert(rows.end(), r.begin(), r.end());
        }
    // A fibre held at a least tension (the balanced calf): the floor
    // governs at every test deformation, so the fibre stress is constant.
    for (const auto &make : fibre_law_samples())
      {
        const FibreFamily material(
          create_material("neo-Hookean nearly incompressible", {}), make());
        const Rows r = check_material(material,
                                      material.name() + " least tension",
                                      1.,
                                      1e12);
        rows.insert(rows.end(), r.begin(), r.end());
      }
    return rows;
  }

  std::vector<std::function<std::unique_ptr<FibreLaw>()>>
  fibre_law_samples()
  {
    std::vector<std::function<std::unique_ptr<FibreLaw>()>> samples;
    for (const FibreLawEntry &law : FibreLaws::entries())
      samples.push_back([&law] { return law.create(law.sample); });
    return samples;
  }
} // namespace plantarfe::materials
