// Cell-wise L2 projection onto the discontinuous dilatation/pressure space
// of the three-field (u, p~, J~) formulation.
//
// With p~ and J~ in the same discontinuous space V_h, stationarity of the
// Hu-Washizu functional  int W_iso(F) + U(J~) + p~ (J - J~) dV  gives
// J~ = Pi(J) and p~ = Pi(U'(J~)), where Pi is the cell-wise L2 projection onto
// V_h. Substituting back leaves a displacement-only energy
// int W_iso(F) + U(Pi J) dV (Simo, Taylor & Pister 1985), whose residual is
// int (P_iso + p~ J F^-T) : Grad(dv) and whose tangent adds the symmetric
// term int U''(J~) Pi(dJ_i) Pi(dJ_j). The condensation is exact, so the
// global system carries displacements only. P0 gives the mean-dilatation
// element (Q1), P1 the Q2-P1dc element of step-44-type formulations; the P1
// basis is linear in the reference coordinates of the cell.
#pragma once

#include <deal.II/base/point.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include <vector>

namespace plantarfe::solver
{
  template <int dim>
  class DilatationProjection
  {
  public:
    /// @p degree 0 (constant) or 1 (linear) per cell; @p unit_points are the
    /// quadrature points on the reference cell.
    DilatationProjection(const unsigned int                     degree,
                         const std::vector<dealii::Point<dim>> &unit_points)
        : n_modes(degree == 0 ? 1 : dim + 1)
        , n_q(unit_points.size())
        , basis(n_q, std::vector<double>(n_modes))
        , mass_inverse(n_modes, n_modes)
    {
      for (unsigned int q = 0; q < n_q; ++q)
        {
          basis[q][0] = 1.;
          for (unsigned int d = 0; d + 1 < n_modes; ++d)
            basis[q][d + 1] = unit_points[q][d] - 0.5;
        }
    }

    unsigned int
    size() const
    {
      return n_modes;
    }

    double
    shape(const unsigned int q, const unsigned int a) const
    {
      return basis[q][a];
    }

    /// Sets up the cell's inverse mass matrix from the JxW values.
    void
    reinit(const std::vector<double> &JxW)
    {
      dealii::FullMatrix<double> mass(n_modes, n_modes);
      for (unsigned int q = 0; q < n_q; ++q)
        for (unsigned int a = 0; a < n_modes; ++a)
          for (unsigned int b = 0; b < n_modes; ++b)
            mass(a, b) += basis[q][a] * basis[q][b] * JxW[q];
      mass_inverse.invert(mass);
      weights = JxW;
    }

    /// Coefficients of Pi(f) from point values f_q.
    void
    project(const std::vector<double> &values,
            dealii::Vector<double>    &coefficients) const
    {
      dealii::Vector<double> moments(n_modes);
      for (unsigned int q = 0; q < n_q; ++q)
        for (unsigned int a = 0; a < n_modes; ++a)
          moments[a] += basis[q][a] * values[q] * weights[q];
      coefficients.reinit(n_modes);
      mass_inverse.vmult(coefficients, moments);
    }

    /// Value of a projected field at quadrature point q.
    double
    evaluate(const dealii::Vector<double> &coefficients,
             const unsigned int            q) const
    {
      double v = 0.;
      for (unsigned int a = 0; a < n_modes; ++a)
        v += coefficients[a] * basis[q][a];
      return v;
    }

    const dealii::FullMatrix<double> &
    inverse_mass() const
    {
      return mass_inverse;
    }

  private:
    unsigned int                     n_modes;
    unsigned int                     n_q;
    std::vector<std::vector<double>> basis;
    dealii::FullMatrix<double>       mass_inverse;
    std::vector<double>              weights;
  };
} // namespace plantarfe::solver
