#include "solver/mf_tangent.h"

#include <deal.II/base/aligned_vector.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/timer.h>
#include <deal.II/base/vectorization.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/diagonal_matrix.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/lac/precondition.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_solver.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_sparsity_pattern.h>
#include <deal.II/matrix_free/fe_evaluation.h>
#include <deal.II/matrix_free/matrix_free.h>
#include <deal.II/matrix_free/operators.h>
#include <deal.II/multigrid/mg_coarse.h>
#include <deal.II/multigrid/mg_constrained_dofs.h>
#include <deal.II/multigrid/mg_matrix.h>
#include <deal.II/multigrid/mg_smoother.h>
#include <deal.II/multigrid/mg_tools.h>
#include <deal.II/multigrid/mg_transfer_matrix_free.h>
#include <deal.II/multigrid/multigrid.h>

#include "base/errors.h"
#include "solver/kinematics.h"
#include "solver/threaded_cell_loop.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <sstream>

namespace plantarfe::solver
{
  using namespace dealii;

  namespace
  {
    /// Smoother and coarse-solver choices (fixed; see docs/formulation.md).
    /// Chebyshev degree 3 needs 10 CG iterations on the block at any size;
    /// 2 needs 14, 4 needs 9 and 6 needs 8, all slower overall (261k DOFs).
    constexpr unsigned int chebyshev_degree = 3;
    constexpr double       smoothing_range  = 15.;

    template <int dim>
    struct LawContext
    {
      const std::vector<std::shared_ptr<const materials::Material>>  &laws;
      const std::vector<typename MatrixFreeTangent<dim>::FibreField> &fibres;
    };

    /// A = dP/dF (incl. a volumetric U(J) evaluated at the point) of the law
    /// of region @p id at displacement gradient @p grad_u, packed as the upper
    /// triangle of the symmetric (dim^2 x dim^2) matrix, row index i*dim+J.
    /// An inverted state (possible on coarse levels, where the solution is
    /// only interpolated) is replaced by the reference state.
    template <int dim>
    void
    packed_tangent(const LawContext<dim>   &ctx,
                   const types::material_id id,
                   const Tensor<2, dim>    &grad_u,
                   const Point<dim>        &x,
                   double                  *S)
    {
      Tensor<2, dim> F = unit_symmetric_tensor<dim>();
      F += grad_u;
      if (!(determinant(F) > 0.))
        F = unit_symmetric_tensor<dim>();
      materials::PointData point;
      if (ctx.fibres[id])
        point.fibre = ctx.fibres[id](x);
      materials::Tensor2 P3;
      materials::Tensor4 A3;
      materials::total_first_piola(*ctx.laws[id], embed(F), point, P3, &A3);
      const Tensor<4, dim> A = restrict_tensor<dim>(A3);
      unsigned int         k = 0;
      for (unsigned int a = 0; a < dim * dim; ++a)
        for (unsigned int b = a; b < dim * dim; ++b)
          S[k++] = A[a / dim][a % dim][b / dim][b % dim];
    }

    /// Per-quadrature-point tangents of one operator. Batches whose points
    /// all carry the same tangent share one entry with other such batches;
    /// a shared tangent of the isotropic small-strain form
    /// lambda d_iJ d_kL + mu (d_ik d_JL + d_iL d_Jk) (linear elasticity, any
    /// law at F = I) is kept as (lambda, mu) and applied as
    /// lambda tr(G) I + mu (G + G^T).
    template <int dim, typename Number>
    struct TangentStorage
    {
      static constexpr unsigned int N     = dim * dim;
      static constexpr unsigned int n_sym = N * (N + 1) / 2;
      using VA                            = VectorizedArray<Number>;
      static constexpr unsigned int W     = VA::size();

      AlignedVector<VA>          table;
      std::vector<unsigned int>  offset; ///< per cell batch, in entries of VA
      std::vector<unsigned int>  stride; ///< 0 (shared) or n_sym
      std::vector<unsigned char> isotropic; ///< per batch: (lambda, mu) form
      std::vector<unsigned int>  shared;    ///< offsets of shared entries

      void
      clear(const unsigned int n_batches)
      {
        table.clear();
        offset.assign(n_batches, 0);
        stride.assign(n_batches, 0);
        isotropic.assign(n_batches, 0);
        shared.clear();
      }

      /// (lambda, mu) if the packed tangent @p S has the isotropic form.
      static bool
      isotropic_form(const double *S, double &lambda, double &mu)
      {
        auto index = [](unsigned int a, unsigned int b) {
          if (a > b)
            std::swap(a, b);
          return a * N - a * (a - 1) / 2 + (b - a);
        };
        lambda       = S[index(0, dim + 1)];
        mu           = S[index(1, 1)];
        double scale = 0.;
        for (unsigned int k = 0; k < n_sym; ++k)
          scale = std::max(scale, std::abs(S[k]));
        for (unsigned int a = 0; a < N; ++a)
          for (unsigned int b = a; b < N; ++b)
            {
              const unsigned int i = a / dim, J = a % dim, k = b / dim,
                                 L = b % dim;
              const double expected =
                lambda * (i == J) * (k == L) +
                mu * ((i == k) * (J == L) + (i == L) * (J == k));
              if (std::abs(S[index(a, b)] - expected) > 1e-12 * scale)
                return false;
            }
        return true;
      }

      bool
      find_shared(const VA          *entry,
                  const unsigned int size,
                  const bool         iso,
                  unsigned int      &where) const
      {
        for (auto it = shared.rbegin(); it != shared.rend(); ++it)
          {
            if (static_cast<bool>(*it & 1u) != iso)
              continue;
            const unsigned int at   = *it >> 1;
            bool               same = true;
            for (unsigned int k = 0; k < size && same; ++k)
              for (unsigned int v = 0; v < W; ++v)
                same = same && table[at + k][v] == entry[k][v];
            if (same)
              {
                where = at;
                return true;
              }
          }
        return false;
      }

      /// Stores the tangents of @p batch: @p d holds n_q points (n_q = 1:
      /// the same at every point) of n_sym values for each of the W lanes,
      /// index ((q * n_sym) + k) * W + v.
      void
      add(const unsigned int batch, const double *d, const unsigned int n_q)
      {
        const unsigned int size_q  = n_sym * W;
        bool               uniform = true;
        for (unsigned int q = 1; q < n_q && uniform; ++q)
          uniform = std::equal(d, d + size_q, d + q * size_q);
        if (!uniform)
          {
            stride[batch] = n_sym;
            offset[batch] = table.size();
            for (unsigned int q = 0; q < n_q; ++q)
              for (unsigned int k = 0; k < n_sym; ++k)
                {
                  VA x;
                  for (unsigned int v = 0; v < W; ++v)
                    x[v] = d[(q * n_sym + k) * W + v];
                  table.push_back(x);
                }
            return;
          }

        stride[batch] = 0;
        VA     entry[n_sym];
        bool   iso = true;
        double S[n_sym];
        for (unsigned int v = 0; v < W; ++v)
          {
            for (unsigned int k = 0; k < n_sym; ++k)
              S[k] = entry[k][v] = d[k * W + v];
            double lambda = 0., mu = 0.;
            iso         = iso && isotropic_form(S, lambda, mu);
            entry[0][v] = lambda; // overwritten below if not isotropic
            entry[1][v] = mu;
          }
        if (!iso)
          for (unsigned int v = 0; v < W; ++v)
            for (unsigned int k = 0; k < 2; ++k)
              entry[k][v] = d[k * W + v];
        const unsigned int size = iso ? 2 : n_sym;
        isotropic[batch]        = iso;
        unsigned int where      = 0;
        if (find_shared(entry, size, iso, where))
          {
            offset[batch] = where;
            return;
          }
        offset[batch] = table.size();
        if (shared.size() == 8)
          shared.erase(shared.begin());
        shared.push_back((table.size() << 1) | (iso ? 1u : 0u));
        for (unsigned int k = 0; k < size; ++k)
          table.push_back(entry[k]);
      }

      /// sum_JL g_J A_cJcL g_L at point @p q of @p batch: the diagonal
      /// entry of the shape function with gradient g in component c.
      VA
      diagonal(const unsigned int        batch,
               const unsigned int        q,
               const Tensor<1, dim, VA> &g,
               const unsigned int        c) const
      {
        const VA *S = &table[offset[batch] + q * stride[batch]];
        if (isotropic[batch])
          return (S[0] + S[1]) * g[c] * g[c] + S[1] * (g * g);
        VA r = Number(0);
        for (unsigned int J = 0; J < dim; ++J)
          {
            const unsigned int a   = c * dim + J;
            const unsigned int row = a * N - a * (a - 1) / 2;
            r += S[row] * g[J] * g[J];
            for (unsigned int L = J + 1; L < dim; ++L)
              r += Number(2) * S[row + L - J] * g[J] * g[L];
          }
        return r;
      }

      /// P = A : G for point @p q of @p batch.
      void
      apply(const unsigned int batch,
            const unsigned int q,
            const VA (&G)[dim][dim],
            VA (&P)[dim][dim]) const
      {
        const VA *S = &table[offset[batch] + q * stride[batch]];
        if (isotropic[batch])
          {
            VA tr = G[0][0];
            for (unsigned int i = 1; i < dim; ++i)
              tr += G[i][i];
            tr *= S[0];
            for (unsigned int i = 0; i < dim; ++i)
              {
                for (unsigned int j = 0; j < dim; ++j)
                  P[i][j] = S[1] * (G[i][j] + G[j][i]);
                P[i][i] += tr;
              }
            return;
          }
        const VA *g = &G[0][0];
        VA       *p = &P[0][0];
        for (unsigned int a = 0; a < N; ++a)
          p[a] = Number(0);
        unsigned int k = 0;
        for (unsigned int a = 0; a < N; ++a)
          {
            p[a] += S[k++] * g[a];
            for (unsigned int b = a + 1; b < N; ++b, ++k)
              {
                p[a] += S[k] * g[b];
                p[b] += S[k] * g[a];
              }
          }
      }
    };

    /// Replaces the unit-cell gradients held by @p phi (after evaluate) by
    /// the test-function gradients of A : Grad(u) JxW (ready for integrate),
    /// working on FEEvaluation's arrays directly: Tensor temporaries of
    /// VectorizedArray<float, 1> cost store-forwarding stalls that made the
    /// quadrature loop dominate the operator.
    template <int dim, typename Number, typename FEEval>
    inline void
    quadrature_loop(FEEval                            &phi,
                    const TangentStorage<dim, Number> &tangent,
                    const unsigned int                 batch)
    {
      using VA                    = VectorizedArray<Number>;
      constexpr unsigned int n_q  = FEEval::static_n_q_points;
      VA                    *gq   = phi.begin_gradients();
      const auto             type = phi.get_cell_type();
      const bool cartesian   = type == internal::MatrixFreeFunctions::cartesian;
      const bool affine      = type <= internal::MatrixFreeFunctions::affine;
      Tensor<2, dim, VA> jac = phi.inverse_jacobian(0);
      for (unsigned int q = 0; q < n_q; ++q)
        {
          if (!affine)
            jac = phi.inverse_jacobian(q);
          VA G[dim][dim], P[dim][dim];
          if (cartesian)
            for (unsigned int c = 0; c < dim; ++c)
              for (unsigned int d = 0; d < dim; ++d)
                G[c][d] = gq[(c * dim + d) * n_q + q] * jac[d][d];
          else
            for (unsigned int c = 0; c < dim; ++c)
              for (unsigned int d = 0; d < dim; ++d)
                {
                  G[c][d] = jac[d][0] * gq[(c * dim) * n_q + q];
                  for (unsigned int e = 1; e < dim; ++e)
                    G[c][d] += jac[d][e] * gq[(c * dim + e) * n_q + q];
                }
          tangent.apply(batch, q, G, P);
          const VA jxw = phi.JxW(q);
          if (cartesian)
            for (unsigned int c = 0; c < dim; ++c)
              for (unsigned int d = 0; d < dim; ++d)
                gq[(c * dim + d) * n_q + q] = P[c][d] * (jac[d][d] * jxw);
          else
            for (unsigned int c = 0; c < dim; ++c)
              for (unsigned int e = 0; e < dim; ++e)
                {
                  VA r = jac[0][e] * P[c][0];
                  for (unsigned int d = 1; d < dim; ++d)
                    r += jac[d][e] * P[c][d];
                  gq[(c * dim + e) * n_q + q] = r * jxw;
                }
        }
    }

    /// The tangent operator on the active mesh (Number = double) or on one
    /// multigrid level (float).
    template <int dim, int degree, typename Number>
    class ElasticityOperator
        : public MatrixFreeOperators::
            Base<dim, LinearAlgebra::distributed::Vector<Number>>
    {
    public:
      using VectorType = LinearAlgebra::distributed::Vector<Number>;
      using FEEval     = FEEvaluation<dim, degree, degree + 1, dim, Number>;
      using Storage    = TangentStorage<dim, Number>;
      using VA         = VectorizedArray<Number>;

      void
      clear() override
      {
        tangent.clear(0);
        MatrixFreeOperators::Base<dim, VectorType>::clear();
      }

      /// Evaluates the law at the displacement @p u (this operator's DoF
      /// layout, ghosted; read without constraints).
      void
      update_tangent(const VectorType &u, const LawContext<dim> &ctx)
      {
        const auto            &mf    = *this->data;
        const unsigned int     n_q   = Utilities::pow(degree + 1, dim);
        constexpr unsigned int W     = VA::size();
        constexpr unsigned int n_sym = Storage::n_sym;
        const bool             fibres =
          std::any_of(ctx.fibres.begin(), ctx.fibres.end(), [](const auto &f) {
            return static_cast<bool>(f);
          });
        // Laws with a constant tangent are evaluated once per region.
        std::map<types::material_id, std::array<double, n_sym>> constant;
        FEEval                                                  phi(mf);
        std::vector<double> d(n_q * n_sym * W);
        double              S[n_sym];
        tangent.clear(mf.n_cell_batches());
        for (unsigned int batch = 0; batch < mf.n_cell_batches(); ++batch)
          {
            const unsigned int n_lanes =
              mf.n_active_entries_per_cell_batch(batch);
            bool all_constant = true;
            for (unsigned int v = 0; v < n_lanes; ++v)
              all_constant =
                all_constant &&
                ctx.laws[mf.get_cell_iterator(batch, v)->material_id()]
                  ->constant_tangent();
            if (all_constant)
              {
                for (unsigned int v = 0; v < W; ++v)
                  {
                    const auto id =
                      mf.get_cell_iterator(batch, v < n_lanes ? v : 0)
                        ->material_id();
                    auto it = constant.find(id);
                    if (it == constant.end())
                      {
                        packed_tangent<dim>(
                          ctx, id, Tensor<2, dim>(), Point<dim>(), S);
                        it = constant.emplace(id, std::array<double, n_sym>())
                               .first;
                        std::copy(S, S + n_sym, it->second.begin());
                      }
                    for (unsigned int k = 0; k < n_sym; ++k)
                      d[k * W + v] = it->second[k];
                  }
                tangent.add(batch, d.data(), 1);
                continue;
              }

            phi.reinit(batch);
            phi.read_dof_values_plain(u);
            phi.evaluate(EvaluationFlags::gradients);
            for (unsigned int q = 0; q < n_q; ++q)
              {
                const auto     grad = phi.get_gradient(q);
                Point<dim, VA> xq;
                if (fibres)
                  xq = phi.quadrature_point(q);
                for (unsigned int v = 0; v < W; ++v)
                  {
                    const unsigned int lane = v < n_lanes ? v : 0;
                    Tensor<2, dim>     g;
                    Point<dim>         x;
                    for (unsigned int i = 0; i < dim; ++i)
                      {
                        for (unsigned int j = 0; j < dim; ++j)
                          g[i][j] = grad[i][j][lane];
                        x[i] = xq[i][lane];
                      }
                    const auto cell = mf.get_cell_iterator(batch, lane);
                    packed_tangent<dim>(ctx, cell->material_id(), g, x, S);
                    for (unsigned int k = 0; k < n_sym; ++k)
                      d[(q * n_sym + k) * W + v] = S[k];
                  }
              }
            tangent.add(batch, d.data(), n_q);
          }
      }

      void
      compute_diagonal() override
      {
        this->inverse_diagonal_entries =
          std::make_shared<DiagonalMatrix<VectorType>>();
        VectorType &inv = this->inverse_diagonal_entries->get_vector();
        this->data->initialize_dof_vector(inv);
        // Per cell from the gradients of the scalar shape functions (one
        // scalar evaluation per shape function instead of one vector-valued
        // cell operation per DOF as in MatrixFreeTools::compute_diagonal).
        // Contributions of hanging DOFs go to their masters with weight w
        // (not w^2): a smoother's diagonal need not be more exact.
        const auto        &mf      = *this->data;
        const unsigned int n_shape = Utilities::pow(degree + 1, dim);
        FEEval             phi(mf);
        FEEvaluation<dim, degree, degree + 1, 1, Number> psi(mf);
        for (unsigned int batch = 0; batch < mf.n_cell_batches(); ++batch)
          {
            phi.reinit(batch);
            psi.reinit(batch);
            for (unsigned int n = 0; n < n_shape; ++n)
              {
                for (unsigned int i = 0; i < n_shape; ++i)
                  psi.begin_dof_values()[i] = VA(i == n ? 1. : 0.);
                psi.evaluate(EvaluationFlags::gradients);
                VA d[dim];
                for (unsigned int c = 0; c < dim; ++c)
                  d[c] = Number(0);
                for (unsigned int q = 0; q < psi.n_q_points; ++q)
                  {
                    const auto g   = psi.get_gradient(q);
                    const VA   jxw = psi.JxW(q);
                    for (unsigned int c = 0; c < dim; ++c)
                      d[c] += jxw * tangent.diagonal(batch, q, g, c);
                  }
                for (unsigned int c = 0; c < dim; ++c)
                  phi.begin_dof_values()[c * n_shape + n] = d[c];
              }
            phi.distribute_local_to_global(inv);
          }
        inv.compress(VectorOperation::add);
        this->set_constrained_entries_to_one(inv);
        for (unsigned int i = 0; i < inv.locally_owned_size(); ++i)
          {
            const Number d       = inv.local_element(i);
            inv.local_element(i) = std::abs(d) > 0 ? Number(1) / d : Number(1);
          }
      }

      /// dst = K src with src read without constraints (its constrained
      /// entries count); contributions to constrained rows are dropped.
      void
      apply_plain(VectorType &dst, const VectorType &src) const
      {
        threaded_cell_loop(
          *this->data,
          dst,
          src,
          [this](const auto &mf, auto &d, const auto &s, const auto &range) {
            local_apply_plain(mf, d, s, range);
          },
          thread_dst,
          true);
      }

    private:
      void
      apply_add(VectorType &dst, const VectorType &src) const override
      {
        threaded_cell_loop(
          *this->data,
          dst,
          src,
          [this](const auto &mf, auto &d, const auto &s, const auto &range) {
            local_apply(mf, d, s, range);
          },
          thread_dst);
      }

      void
      local_apply(const MatrixFree<dim, Number>               &mf,
                  VectorType                                  &dst,
                  const VectorType                            &src,
                  const std::pair<unsigned int, unsigned int> &range) const
      {
        FEEval phi(mf);
        for (unsigned int batch = range.first; batch < range.second; ++batch)
          {
            phi.reinit(batch);
            phi.gather_evaluate(src, EvaluationFlags::gradients);
            quadrature_loop<dim, Number>(phi, tangent, batch);
            phi.integrate_scatter(EvaluationFlags::gradients, dst);
          }
      }

      void
      local_apply_plain(
        const MatrixFree<dim, Number>               &mf,
        VectorType                                  &dst,
        const VectorType                            &src,
        const std::pair<unsigned int, unsigned int> &range) const
      {
        FEEval phi(mf);
        for (unsigned int batch = range.first; batch < range.second; ++batch)
          {
            phi.reinit(batch);
            phi.read_dof_values_plain(src);
            phi.evaluate(EvaluationFlags::gradients);
            quadrature_loop<dim, Number>(phi, tangent, batch);
            phi.integrate_scatter(EvaluationFlags::gradients, dst);
          }
      }

      Storage tangent;
      /// Per-thread destination copies of threaded_cell_loop.
      mutable std::vector<VectorType> thread_dst;
    };

    /// Owned entries of a Trilinos vector (ghosted or not) into a deal.II
    /// vector with the same owned index set, and back.
    template <typename Number>
    void
    copy_owned(const TrilinosWrappers::MPI::Vector        &src,
               LinearAlgebra::distributed::Vector<Number> &dst)
    {
      const IndexSet &owned = dst.get_partitioner()->locally_owned_range();
      unsigned int    k     = 0;
      for (const auto i : owned)
        dst.local_element(k++) = src(i);
    }

    template <typename Number>
    void
    copy_owned(const LinearAlgebra::distributed::Vector<Number> &src,
               TrilinosWrappers::MPI::Vector                    &dst)
    {
      const IndexSet &owned = src.get_partitioner()->locally_owned_range();
      unsigned int    k     = 0;
      for (const auto i : owned)
        dst(i) = src.local_element(k++);
      dst.compress(VectorOperation::insert);
    }

    /// Sparse direct solve of the assembled coarsest level.
    template <typename VectorType>
    class CoarseDirect : public MGCoarseGridBase<VectorType>
    {
    public:
      CoarseDirect(TrilinosWrappers::SolverDirect &solver,
                   const IndexSet                 &owned,
                   const IndexSet                 &boundary,
                   MPI_Comm                        comm)
          : solver(solver)
          , x(owned, comm)
          , b(owned, comm)
          , boundary(boundary)
      {}

      void
      operator()(const unsigned int,
                 VectorType       &dst,
                 const VectorType &src) const override
      {
        for (unsigned int i = 0; i < b.locally_owned_size(); ++i)
          b.local_element(i) = src.local_element(i);
        solver.solve(x, b);
        for (unsigned int i = 0; i < x.locally_owned_size(); ++i)
          dst.local_element(i) = x.local_element(i);
        for (const auto i : boundary)
          if (dst.in_local_range(i))
            dst(i) = 0.;
      }

    private:
      TrilinosWrappers::SolverDirect                    &solver;
      mutable LinearAlgebra::distributed::Vector<double> x, b;
      IndexSet                                           boundary;
    };
  } // namespace

  template <int dim>
  class MatrixFreeTangent<dim>::Impl
  {
  public:
    virtual ~Impl() = default;
    virtual void
    update(const TrilinosWrappers::MPI::Vector &u) = 0;
    virtual LinearSolveResult
    solve(const AffineConstraints<double>     &constraints,
          TrilinosWrappers::MPI::Vector       &du,
          const TrilinosWrappers::MPI::Vector &rhs) = 0;
    virtual void
    vmult(TrilinosWrappers::MPI::Vector       &dst,
          const TrilinosWrappers::MPI::Vector &src) = 0;
  };

  namespace
  {
    template <int dim, int degree>
    class MfGmg : public MatrixFreeTangent<dim>::Impl
    {
    public:
      using LevelNumber = float;
      using LevelVector = LinearAlgebra::distributed::Vector<LevelNumber>;
      using VectorType  = LinearAlgebra::distributed::Vector<double>;
      using FineOp      = ElasticityOperator<dim, degree, double>;
      using LevelOp     = ElasticityOperator<dim, degree, LevelNumber>;

      MfGmg(
        const DoFHandler<dim>                      &dof,
        const Mapping<dim>                         &mapping,
        const AffineConstraints<double>            &hanging,
        const std::vector<DirichletCondition<dim>> &dirichlet,
        const std::vector<std::shared_ptr<const materials::Material>>  &laws,
        const std::vector<typename MatrixFreeTangent<dim>::FibreField> &fibres,
        const Settings &settings);

      void
      update(const TrilinosWrappers::MPI::Vector &u) override;
      LinearSolveResult
      solve(const AffineConstraints<double>     &constraints,
            TrilinosWrappers::MPI::Vector       &du,
            const TrilinosWrappers::MPI::Vector &rhs) override;
      void
      vmult(TrilinosWrappers::MPI::Vector       &dst,
            const TrilinosWrappers::MPI::Vector &src) override;

    private:
      void
      evaluate_tangent();
      void
      assemble_coarse(const LevelVector &u0);

      const DoFHandler<dim> &dof;
      const Mapping<dim>    &mapping;
      LawContext<dim>        ctx;
      Settings               settings;
      MPI_Comm               comm;
      unsigned int           max_level = 0;

      AffineConstraints<double> fine_constraints;
      FineOp                    fine_op;
      MGConstrainedDoFs         mg_constrained;
      MGLevelObject<LevelOp>    level_ops;
      MGLevelObject<MatrixFreeOperators::MGInterfaceOperator<LevelOp>>
                                             interface_ops;
      MGTransferMatrixFree<dim, LevelNumber> transfer;

      using Smoother = PreconditionChebyshev<LevelOp, LevelVector>;
      mg::SmootherRelaxation<Smoother, LevelVector> smoother;

      IndexSet                       coarse_owned, coarse_relevant;
      AffineConstraints<double>      coarse_constraints;
      TrilinosWrappers::SparseMatrix coarse_matrix;
      SolverControl                  coarse_control;
      std::unique_ptr<TrilinosWrappers::SolverDirect> coarse_solver;

      VectorType u_fine; ///< state the tangent is (to be) evaluated at
      bool       tangent_current = false;
    };

    template <int dim, int degree>
    MfGmg<dim, degree>::MfGmg(
      const DoFHandler<dim>                                          &dof,
      const Mapping<dim>                                             &mapping,
      const AffineConstraints<double>                                &hanging,
      const std::vector<DirichletCondition<dim>>                     &dirichlet,
      const std::vector<std::shared_ptr<const materials::Material>>  &laws,
      const std::vector<typename MatrixFreeTangent<dim>::FibreField> &fibres,
      const Settings                                                 &settings)
        : dof(dof)
        , mapping(mapping)
        , ctx{laws, fibres}
        , settings(settings)
        , comm(dof.get_communicator())
        , coarse_control(1, 0)
    {
      Timer      timer;
      const bool with_fibres =
        std::any_of(fibres.begin(), fibres.end(), [](const auto &f) {
          return static_cast<bool>(f);
        });
      const UpdateFlags flags =
        update_gradients | update_JxW_values |
        (with_fibres ? update_quadrature_points : update_default);
      const QGauss<1> quad(degree + 1);

      // Active mesh: hanging nodes plus the Dirichlet DOFs, homogeneous (the
      // same DOFs Solid::make_constraints constrains: hanging first).
      const IndexSet relevant = DoFTools::extract_locally_relevant_dofs(dof);
      fine_constraints.reinit(relevant);
      fine_constraints.merge(hanging);
      for (const auto &bc : dirichlet)
        DoFTools::make_zero_boundary_constraints(dof,
                                                 bc.boundary_id,
                                                 fine_constraints,
                                                 bc.components);
      fine_constraints.close();
      {
        typename MatrixFree<dim, double>::AdditionalData data;
        data.mapping_update_flags = flags;
        auto mf                   = std::make_shared<MatrixFree<dim, double>>();
        mf->reinit(mapping, dof, fine_constraints, quad, data);
        fine_op.initialize(mf);
      }
      const double t_fine = timer.wall_time();

      // Level operators.
      max_level = dof.get_triangulation().n_global_levels() - 1;
      mg_constrained.initialize(dof);
      for (const auto &bc : dirichlet)
        mg_constrained.make_zero_boundary_constraints(dof,
                                                      {bc.boundary_id},
                                                      bc.components);
      level_ops.resize(0, max_level);
      for (unsigned int level = 0; level <= max_level; ++level)
        {
          AffineConstraints<double> level_constraints;
          level_constraints.reinit(
            DoFTools::extract_locally_relevant_level_dofs(dof, level));
          level_constraints.add_lines(
            mg_constrained.get_boundary_indices(level));
          level_constraints.close();
          typename MatrixFree<dim, LevelNumber>::AdditionalData data;
          data.mapping_update_flags = flags;
          data.mg_level             = level;
          auto mf = std::make_shared<MatrixFree<dim, LevelNumber>>();
          mf->reinit(mapping, dof, level_constraints, quad, data);
          level_ops[level].initialize(mf, mg_constrained, level);
        }
      const double t_levels = timer.wall_time() - t_fine;
      interface_ops.resize(0, max_level);
      for (unsigned int level = 0; level <= max_level; ++level)
        interface_ops[level].initialize(level_ops[level]);
      transfer.initialize_constraints(mg_constrained);
      transfer.build(dof);
      const double t_transfer = timer.wall_time() - t_fine - t_levels;

      // Coarsest level: assembled, solved by a sparse direct solver.
      coarse_owned    = dof.locally_owned_mg_dofs(0);
      coarse_relevant = DoFTools::extract_locally_relevant_level_dofs(dof, 0);
      coarse_constraints.reinit(coarse_relevant);
      coarse_constraints.add_lines(mg_constrained.get_boundary_indices(0));
      coarse_constraints.close();
      TrilinosWrappers::SparsityPattern sparsity(coarse_owned,
                                                 coarse_owned,
                                                 coarse_relevant,
                                                 comm);
      MGTools::make_sparsity_pattern(dof, sparsity, 0);
      sparsity.compress();
      coarse_matrix.reinit(sparsity);

      fine_op.initialize_dof_vector(u_fine);
      if (settings.verbose && Utilities::MPI::this_mpi_process(comm) == 0)
        std::cerr << "  mf-gmg: set-up " << timer.wall_time() << " s ("
                  << max_level + 1 << " levels, fine MatrixFree " << t_fine
                  << " s, levels " << t_levels << " s, transfer " << t_transfer
                  << " s)\n";
    }

    template <int dim, int degree>
    void
    MfGmg<dim, degree>::update(const TrilinosWrappers::MPI::Vector &u)
    {
      // Only record the state: the law is evaluated when a solve needs it
      // (a Newton step whose trial state converges never does).
      copy_owned(u, u_fine);
      tangent_current = false;
    }

    template <int dim, int degree>
    void
    MfGmg<dim, degree>::evaluate_tangent()
    {
      u_fine.update_ghost_values();
      fine_op.update_tangent(u_fine, ctx);

      MGLevelObject<LevelVector> u_levels(0, max_level);
      transfer.interpolate_to_mg(dof, u_levels, u_fine);
      u_fine.zero_out_ghost_values();
      for (unsigned int level = 0; level <= max_level; ++level)
        {
          LevelVector u_level;
          level_ops[level].initialize_dof_vector(u_level);
          u_level.copy_locally_owned_data_from(u_levels[level]);
          u_level.update_ghost_values();
          level_ops[level].update_tangent(u_level, ctx);
          level_ops[level].compute_diagonal();
          if (level == 0)
            assemble_coarse(u_level);
        }

      MGLevelObject<typename Smoother::AdditionalData> data(0, max_level);
      for (unsigned int level = 0; level <= max_level; ++level)
        {
          data[level].smoothing_range     = smoothing_range;
          data[level].degree              = chebyshev_degree;
          data[level].eig_cg_n_iterations = 10;
          data[level].preconditioner =
            level_ops[level].get_matrix_diagonal_inverse();
        }
      smoother.initialize(level_ops, data);
      tangent_current = true;
    }

    template <int dim, int degree>
    void
    MfGmg<dim, degree>::assemble_coarse(const LevelVector &u0)
    {
      // K_0 = int B^T A B on the level-0 cells, A evaluated at the solution
      // interpolated to level 0.
      const auto                          &fe = dof.get_fe();
      QGauss<dim>                          quadrature(degree + 1);
      FEValues<dim>                        fev(mapping,
                        fe,
                        quadrature,
                        update_gradients | update_JxW_values |
                          update_quadrature_points);
      const unsigned int                   n_dofs = fe.n_dofs_per_cell();
      const unsigned int                   n_q    = quadrature.size();
      FullMatrix<double>                   K(n_dofs, n_dofs);
      std::vector<types::global_dof_index> indices(n_dofs);
      constexpr unsigned int               N     = dim * dim;
      constexpr unsigned int               n_sym = N * (N + 1) / 2;
      double                               S[n_sym];
      FullMatrix<double>                   A(N, N);
      std::vector<double>                  BA(N);
      coarse_matrix = 0.;
      for (const auto &cell : dof.mg_cell_iterators_on_level(0))
        {
          if (!cell->is_locally_owned_on_level())
            continue;
          fev.reinit(cell);
          cell->get_mg_dof_indices(indices);
          K = 0.;
          for (unsigned int q = 0; q < n_q; ++q)
            {
              Tensor<2, dim> grad_u;
              for (unsigned int i = 0; i < n_dofs; ++i)
                {
                  const unsigned int c = fe.system_to_component_index(i).first;
                  grad_u[c] += double(u0(indices[i])) * fev.shape_grad(i, q);
                }
              packed_tangent<dim>(
                ctx, cell->material_id(), grad_u, fev.quadrature_point(q), S);
              unsigned int k = 0;
              for (unsigned int a = 0; a < N; ++a)
                for (unsigned int b = a; b < N; ++b, ++k)
                  A(a, b) = A(b, a) = S[k];
              for (unsigned int i = 0; i < n_dofs; ++i)
                {
                  const unsigned int ci = fe.system_to_component_index(i).first;
                  const auto        &gi = fev.shape_grad(i, q);
                  // BA[b] = sum_J gi[J] A(ci*dim+J, b)
                  for (unsigned int b = 0; b < N; ++b)
                    {
                      double s = 0.;
                      for (unsigned int J = 0; J < dim; ++J)
                        s += gi[J] * A(ci * dim + J, b);
                      BA[b] = s;
                    }
                  for (unsigned int j = 0; j < n_dofs; ++j)
                    {
                      const unsigned int cj =
                        fe.system_to_component_index(j).first;
                      const auto &gj = fev.shape_grad(j, q);
                      double      s  = 0.;
                      for (unsigned int L = 0; L < dim; ++L)
                        s += BA[cj * dim + L] * gj[L];
                      K(i, j) += s * fev.JxW(q);
                    }
                }
            }
          coarse_constraints.distribute_local_to_global(K,
                                                        indices,
                                                        coarse_matrix);
        }
      coarse_matrix.compress(VectorOperation::add);
      coarse_solver = std::make_unique<TrilinosWrappers::SolverDirect>(
        coarse_control,
        TrilinosWrappers::SolverDirect::AdditionalData(
          false, settings.direct_solver_name));
      coarse_solver->initialize(coarse_matrix);
    }

    template <int dim, int degree>
    LinearSolveResult
    MfGmg<dim, degree>::solve(const AffineConstraints<double>     &constraints,
                              TrilinosWrappers::MPI::Vector       &du,
                              const TrilinosWrappers::MPI::Vector &rhs)
    {
      Timer timer;
      if (!tangent_current)
        evaluate_tangent();
      const double time_evaluate = timer.wall_time();

      VectorType b, x, tmp;
      fine_op.initialize_dof_vector(b);
      x.reinit(b);
      tmp.reinit(b);
      copy_owned(rhs, b);

      // Inhomogeneous increments on Dirichlet DOFs: du = w + du0 with du0
      // carrying them (and the hanging nodes they imply); w solves
      // K w = rhs - K du0 with homogeneous constraints.
      double g = 0.;
      for (const auto &line : constraints.get_lines())
        if (b.in_local_range(line.index))
          g = std::max(g, std::abs(line.inhomogeneity));
      if (Utilities::MPI::max(g, comm) > 0.)
        {
          TrilinosWrappers::MPI::Vector du0(du);
          du0 = 0.;
          constraints.distribute(du0);
          copy_owned(du0, x);
          fine_op.apply_plain(tmp, x);
          b -= tmp;
          x = 0.;
        }
      for (const auto i : fine_op.get_matrix_free()->get_constrained_dofs())
        b.local_element(i) = 0.;

      const double target =
        std::max(settings.linear_tolerance * b.l2_norm(), 1e-300);
      SolverControl        control(1000, target);
      SolverCG<VectorType> cg(control);

      mg::Matrix<LevelVector>   mg_matrix(level_ops);
      mg::Matrix<LevelVector>   mg_interface(interface_ops);
      CoarseDirect<LevelVector> coarse(*coarse_solver,
                                       coarse_owned,
                                       mg_constrained.get_boundary_indices(0),
                                       comm);
      Multigrid<LevelVector>    mg(
        mg_matrix, coarse, transfer, smoother, smoother, 0, max_level);
      mg.set_edge_matrices(mg_interface, mg_interface);
      PreconditionMG<dim, LevelVector, MGTransferMatrixFree<dim, LevelNumber>>
        preconditioner(dof, mg, transfer);
      try
        {
          cg.solve(fine_op, x, b, preconditioner);
        }
      catch (const SolverControl::NoConvergence &e)
        {
          throw SolverError("matrix-free CG + GMG did not converge in " +
                            std::to_string(e.last_step) +
                            " iterations (residual " +
                            std::to_string(e.last_residual) + ")");
        }
      copy_owned(x, du);
      constraints.distribute(du);
      if (settings.verbose && Utilities::MPI::this_mpi_process(comm) == 0)
        std::cerr << "  mf-gmg: tangent and levels " << time_evaluate
                  << " s, CG " << timer.wall_time() - time_evaluate << " s, "
                  << control.last_step() << " iterations\n";

      std::ostringstream method;
      method << "CG + GMG (matrix-free Q" << degree << ", " << max_level + 1
             << " levels, Chebyshev(" << chebyshev_degree << "), coarse "
             << settings.direct_solver_name << " on " << coarse_matrix.m()
             << " DOFs)";
      return {control.last_step(), method.str()};
    }

    template <int dim, int degree>
    void
    MfGmg<dim, degree>::vmult(TrilinosWrappers::MPI::Vector       &dst,
                              const TrilinosWrappers::MPI::Vector &src)
    {
      if (!tangent_current)
        evaluate_tangent();
      VectorType s, d;
      fine_op.initialize_dof_vector(s);
      d.reinit(s);
      copy_owned(src, s);
      fine_op.vmult(d, s);
      copy_owned(d, dst);
    }
  } // namespace

  template <int dim>
  MatrixFreeTangent<dim>::MatrixFreeTangent(
    const DoFHandler<dim>                                         &dof_handler,
    const Mapping<dim>                                            &mapping,
    const AffineConstraints<double>                               &hanging,
    const std::vector<DirichletCondition<dim>>                    &dirichlet,
    const std::vector<std::shared_ptr<const materials::Material>> &laws,
    const std::vector<FibreField>                                 &fibres,
    const Settings                                                &settings)
  {
    if (settings.degree == 1)
      impl = std::make_unique<MfGmg<dim, 1>>(
        dof_handler, mapping, hanging, dirichlet, laws, fibres, settings);
    else if (settings.degree == 2)
      impl = std::make_unique<MfGmg<dim, 2>>(
        dof_handler, mapping, hanging, dirichlet, laws, fibres, settings);
    else
      throw ScenarioError("Linear solver = mf-gmg supports polynomial degree "
                          "1 and 2 only, not " +
                          std::to_string(settings.degree));
  }

  template <int dim>
  MatrixFreeTangent<dim>::~MatrixFreeTangent() = default;

  template <int dim>
  void
  MatrixFreeTangent<dim>::update(const TrilinosWrappers::MPI::Vector &u)
  {
    impl->update(u);
  }

  template <int dim>
  LinearSolveResult
  MatrixFreeTangent<dim>::solve(const AffineConstraints<double>     &c,
                                TrilinosWrappers::MPI::Vector       &du,
                                const TrilinosWrappers::MPI::Vector &rhs)
  {
    return impl->solve(c, du, rhs);
  }

  template <int dim>
  void
  MatrixFreeTangent<dim>::vmult(TrilinosWrappers::MPI::Vector       &dst,
                                const TrilinosWrappers::MPI::Vector &src) const
  {
    impl->vmult(dst, src);
  }

  template class MatrixFreeTangent<2>;
  template class MatrixFreeTangent<3>;
} // namespace plantarfe::solver
