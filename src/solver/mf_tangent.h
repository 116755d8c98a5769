// Matrix-free Newton tangent with geometric multigrid (`Linear solver =
// mf-gmg`): the consistent tangent of the displacement formulation is applied
// cell by cell with sum factorisation (deal.II MatrixFree / FEEvaluation),
// never assembled, and CG is preconditioned by a V-cycle over the p4est level
// hierarchy (MGTransferMatrixFree, float levels, Chebyshev smoothing on the
// inverse diagonal, sparse direct or AMG solve of the assembled coarsest
// level).
//
// The operator stores the material tangent A = dP/dF of the current Newton
// state per quadrature point as a packed symmetric (dim^2 x dim^2) matrix;
// cells whose points all carry the same tangent (a law with a constant tangent
// such as linear elasticity) share one entry, so their storage is negligible.
// Coarse levels evaluate the law at the solution interpolated to them.
//
// Supported: Formulation = displacement (or a law without volumetric split),
// Q1/Q2, Dirichlet (inhomogeneous increments) and hanging-node constraints,
// dead loads. Not supported, rejected with a ScenarioError by the solver:
// the condensed mixed u-p-J element and penalty contact (its face tangent).
#pragma once

#include <deal.II/base/mpi.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/trilinos_vector.h>

#include "materials/material.h"
#include "solver/linear_solver.h"
#include "solver/problem.h"

#include <functional>
#include <memory>
#include <vector>

namespace plantarfe::solver
{
  template <int dim>
  class MatrixFreeTangent
  {
  public:
    using FibreField =
      std::function<materials::Vector3(const dealii::Point<dim> &)>;

    /// @p dof_handler must have its level DoFs distributed (and the
    /// triangulation built with the multigrid hierarchy). The references are
    /// kept.
    MatrixFreeTangent(
      const dealii::DoFHandler<dim>              &dof_handler,
      const dealii::Mapping<dim>                 &mapping,
      const dealii::AffineConstraints<double>    &hanging,
      const std::vector<DirichletCondition<dim>> &dirichlet,
      const std::vector<std::shared_ptr<const materials::Material>> &laws,
      const std::vector<FibreField>                                 &fibres,
      const Settings                                                &settings);
    ~MatrixFreeTangent();

    /// Evaluates the tangent at the displacement @p u (ghosted, active DoF
    /// numbering) on every level and prepares smoothers and the coarse solver.
    void
    update(const dealii::TrilinosWrappers::MPI::Vector &u);

    /// Solves K du = rhs for the Newton update. @p constraints are the
    /// inhomogeneous constraints of this iteration (same constrained DOFs as
    /// at construction); @p rhs is the residual assembled with their
    /// homogeneous part (zero on constrained rows). On return du satisfies
    /// the constraints.
    LinearSolveResult
    solve(const dealii::AffineConstraints<double>     &constraints,
          dealii::TrilinosWrappers::MPI::Vector       &du,
          const dealii::TrilinosWrappers::MPI::Vector &rhs);

    /// Applies the (constrained) tangent operator to @p src (for tests).
    void
    vmult(dealii::TrilinosWrappers::MPI::Vector       &dst,
          const dealii::TrilinosWrappers::MPI::Vector &src) const;

    class Impl;

  private:
    std::unique_ptr<Impl> impl;
  };
} // namespace plantarfe::solver
