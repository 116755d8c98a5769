// Unit tests of solver building blocks that need no mesh: the cell-wise
// dilatation projection of the three-field element and the plane-strain
// embedding. (The atomic file writer's tests are in test_output_files.cc.)
#include <deal.II/base/quadrature_lib.h>

#include <gtest/gtest.h>

#include "solver/dilatation_projection.h"
#include "solver/kinematics.h"

#include <cmath>

using namespace plantarfe;

namespace
{
  template <int dim>
  void
  check_projection_reproduces(const unsigned int degree)
  {
    const dealii::QGauss<dim>         q(3);
    solver::DilatationProjection<dim> proj(degree, q.get_points());
    ASSERT_EQ(proj.size(), degree == 0 ? 1u : dim + 1u);
    // Weights of a stretched cell: a constant Jacobian 0.3.
    std::vector<double> JxW(q.size());
    for (unsigned int i = 0; i < q.size(); ++i)
      JxW[i] = 0.3 * q.weight(i);
    proj.reinit(JxW);
    // A field in the space must be reproduced exactly at every point.
    std::vector<double> values(q.size());
    for (unsigned int i = 0; i < q.size(); ++i)
      {
        values[i] = 1.7;
        if (degree == 1)
          for (unsigned int d = 0; d < dim; ++d)
            values[i] += (0.4 + d) * q.point(i)[d];
      }
    dealii::Vector<double> c;
    proj.project(values, c);
    for (unsigned int i = 0; i < q.size(); ++i)
      EXPECT_NEAR(proj.evaluate(c, i), values[i], 1e-13);
  }
} // namespace

TEST(DilatationProjection, ReproducesItsSpace)
{
  check_projection_reproduces<2>(0);
  check_projection_reproduces<2>(1);
  check_projection_reproduces<3>(0);
  check_projection_reproduces<3>(1);
}

TEST(DilatationProjection, P0IsTheCellMean)
{
  const dealii::QGauss<2>         q(3);
  solver::DilatationProjection<2> proj(0, q.get_points());
  std::vector<double>             JxW(q.size()), values(q.size());
  double                          integral = 0., volume = 0.;
  for (unsigned int i = 0; i < q.size(); ++i)
    {
      JxW[i]    = q.weight(i) * (1. + q.point(i)[0]); // non-affine cell
      values[i] = std::exp(q.point(i)[1]);
      integral += values[i] * JxW[i];
      volume += JxW[i];
    }
  proj.reinit(JxW);
  dealii::Vector<double> c;
  proj.project(values, c);
  EXPECT_NEAR(proj.evaluate(c, 0), integral / volume, 1e-14);
}

TEST(Kinematics, PlaneStrainEmbeddingAndVonMises)
{
  dealii::Tensor<2, 2> F;
  F[0][0]       = 1.1;
  F[0][1]       = 0.2;
  F[1][0]       = -0.1;
  F[1][1]       = 0.9;
  const auto F3 = solver::embed(F);
  EXPECT_DOUBLE_EQ(F3[2][2], 1.);
  EXPECT_DOUBLE_EQ(F3[0][2], 0.);
  EXPECT_DOUBLE_EQ(F3[0][1], 0.2);
  const auto back = solver::restrict_tensor<2>(F3);
  EXPECT_EQ(back, F);
  // Uniaxial stress s: von Mises = |s|; pure shear t: sqrt(3) t.
  dealii::Tensor<2, 3> s;
  s[0][0] = -5.;
  EXPECT_NEAR(solver::von_mises(s), 5., 1e-14);
  s       = 0.;
  s[0][1] = s[1][0] = 2.;
  EXPECT_NEAR(solver::von_mises(s), 2. * std::sqrt(3.), 1e-14);
}
