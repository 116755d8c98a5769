// Residual and tangent of the solid: the cell loop (WorkStream), the
// material response at the quadrature points, the volumetric part (pointwise
// or condensed u-p-J), the contact term and the external loads.
#include <deal.II/base/work_stream.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/grid/filtered_iterator.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>
#include <deal.II/lac/vector.h>

#include "materials/material.h"
#include "solver/contact_term.h"
#include "solver/dilatation_projection.h"
#include "solver/kinematics.h"
#include "solver/solid_impl.h"

#include <boost/serialization/map.hpp>
#include <boost/serialization/utility.hpp>
#include <cmath>

namespace plantarfe::solver
{
  using namespace dealii;

  /// One assemble() call: the state it is evaluated at and the cell-level
  /// work of the WorkStream loop. The worker functions only read the solid;
  /// copy_local_to_global() writes its global tangent and vectors.
  template <int dim>
  class Solid<dim>::Impl::Assembler
  {
  public:
    using ActiveCell = typename DoFHandler<dim>::active_cell_iterator;
    struct ScratchData;
    struct CopyData;

    Assembler(Impl                                &solid,
              const TrilinosWrappers::MPI::Vector &u_ghosted,
              double                               load,
              bool                                 with_matrix);

    /// The WorkStream loop over the locally owned cells. Returns true when
    /// some cell of this rank has J <= 0 at a quadrature point.
    bool
    run();

    /// Sums the inverted cells of all ranks into every rank's counts.
    void
    gather_inversions() const;

  private:
    /// WorkStream worker: local residual (and tangent) of one cell.
    void
    assemble_cell(const ActiveCell &cell,
                  ScratchData      &scratch,
                  CopyData         &copy) const;
    /// Stress P (and its tangent A) at every quadrature point. Returns
    /// false when J <= 0 at one of them.
    bool
    evaluate_material(const ActiveCell          &cell,
                      const materials::Material &law,
                      ScratchData               &scratch) const;
    /// Volumetric pressure p~ and stiffness U'' at every point: projected
    /// (mixed) or pointwise (displacement formulation), zero without a
    /// volumetric split. Returns false when the projected J~ <= 0.
    bool
    evaluate_volumetric(const materials::Material &law,
                        bool                       split,
                        bool                       mixed,
                        ScratchData               &scratch) const;
    /// Internal force of point @p q and, when mixed, its moments of dJ_i
    /// into @p G.
    void
    add_point_force(unsigned int        q,
                    bool                mixed,
                    ScratchData        &scratch,
                    CopyData           &copy,
                    FullMatrix<double> &G) const;
    /// Tangent of point @p q (lower triangle).
    void
    add_point_tangent(unsigned int q,
                      bool         split,
                      bool         mixed,
                      ScratchData &scratch,
                      CopyData    &copy) const;
    /// Condensed volumetric stiffness of the mixed formulation (lower
    /// triangle) from the moments @p G.
    void
    add_condensed_volumetric(const FullMatrix<double> &G,
                             ScratchData              &scratch,
                             CopyData                 &copy) const;
    /// The foundations' springs (Problem::foundations) on the cell's faces,
    /// into the internal force and the tangent.
    void
    add_foundations(const ActiveCell &cell,
                    ScratchData      &scratch,
                    CopyData         &copy) const;
    /// Body force and dead tractions; turns the internal force into the
    /// local right-hand side -R.
    void
    add_external_loads(const ActiveCell &cell,
                       ScratchData      &scratch,
                       CopyData         &copy) const;
    /// WorkStream copier: into the global tangent, residual and force scale.
    void
    copy_local_to_global(const CopyData &copy);

    Impl                                &solid;
    const TrilinosWrappers::MPI::Vector &u_ghosted;
    const double                         load;
    const bool                           with_matrix;
    const FEValuesExtractors::Vector     displacement;
    /// Set by the copier (which WorkStream runs on one thread at a time).
    bool inverted = false;
  };

  template <int dim>
  struct Solid<dim>::Impl::Assembler::ScratchData
  {
    ScratchData(const Mapping<dim>        &mapping,
                const FiniteElement<dim>  &fe,
                const Quadrature<dim>     &quadrature,
                const Quadrature<dim - 1> &face_quadrature,
                const unsigned int         dilatation_degree)
        : fe_values(mapping,
                    fe,
                    quadrature,
                    update_gradients | update_values | update_JxW_values |
                      update_quadrature_points)
        , fe_face_values(mapping,
                         fe,
                         face_quadrature,
                         update_values | update_JxW_values |
                           update_quadrature_points)
        , projection(dilatation_degree, quadrature.get_points())
    {
      size_point_arrays();
    }
    ScratchData(const ScratchData &other)
        : fe_values(other.fe_values.get_mapping(),
                    other.fe_values.get_fe(),
                    other.fe_values.get_quadrature(),
                    other.fe_values.get_update_flags())
        , fe_face_values(other.fe_face_values.get_mapping(),
                         other.fe_face_values.get_fe(),
                         other.fe_face_values.get_quadrature(),
                         other.fe_face_values.get_update_flags())
        , projection(other.projection)
    {
      size_point_arrays();
    }

    // Per-point work arrays, sized once per thread instead of per cell.
    void
    size_point_arrays()
    {
      const unsigned int n_q = fe_values.n_quadrature_points;
      grad_u.resize(n_q);
      P.resize(n_q);
      A.resize(n_q);
      F_inv.resize(n_q);
      J.resize(n_q);
      pressure.resize(n_q);
      stiffness_vol.resize(n_q);
      u_face.resize(fe_face_values.n_quadrature_points);
      const auto &fe = fe_values.get_fe();
      component.resize(fe.n_dofs_per_cell());
      for (unsigned int i = 0; i < fe.n_dofs_per_cell(); ++i)
        component[i] = fe.system_to_component_index(i).first;
    }

    FEValues<dim>               fe_values;
    FEFaceValues<dim>           fe_face_values;
    DilatationProjection<dim>   projection;
    std::vector<Tensor<2, dim>> grad_u;
    std::vector<Tensor<2, dim>> P; ///< stress of the displacement-carried part
    std::vector<Tensor<4, dim>> A; ///< its tangent dP/dF
    std::vector<Tensor<2, dim>> F_inv;
    std::vector<double>         J;
    std::vector<double>         pressure;      ///< p~ at the points
    std::vector<double>         stiffness_vol; ///< U'' at the points
    std::vector<Tensor<1, dim>> u_face;        ///< displacement on a face
    std::vector<unsigned int>
      component; ///< vector component of each shape function
  };

  template <int dim>
  struct Solid<dim>::Impl::Assembler::CopyData
  {
    FullMatrix<double> cell_matrix;
    Vector<double>     cell_rhs;
    Vector<double>     cell_force; // internal force, unconstrained
    std::vector<types::global_dof_index> dof_indices;
    bool                                 active   = false;
    bool                                 inverted = false;
    types::material_id inverted_region            = 0; ///< where, when inverted
    Point<dim>         inverted_at;                    ///< reference position
  };

  template <int dim>
  Solid<dim>::Impl::Assembler::Assembler(
    Impl                                &solid,
    const TrilinosWrappers::MPI::Vector &u_ghosted,
    const double                         load,
    const bool                           with_matrix)
      : solid(solid)
      , u_ghosted(u_ghosted)
      , load(load)
      , with_matrix(with_matrix)
      , displacement(0)
  {}

  template <int dim>
  bool
  Solid<dim>::Impl::Assembler::run()
  {
    using CellFilter = FilteredIterator<ActiveCell>;
    WorkStream::run(
      CellFilter(IteratorFilters::LocallyOwnedCell(),
                 solid.dof_handler.begin_active()),
      CellFilter(IteratorFilters::LocallyOwnedCell(), solid.dof_handler.end()),
      [this](const ActiveCell &cell, ScratchData &scratch, CopyData &copy) {
        assemble_cell(cell, scratch, copy);
      },
      [this](const CopyData &copy) { copy_local_to_global(copy); },
      ScratchData(solid.mapping,
                  solid.fe,
                  solid.quadrature,
                  solid.face_quadrature,
                  solid.dilatation_degree),
      CopyData());
    return inverted;
  }

  template <int dim>
  void
  Solid<dim>::Impl::Assembler::assemble_cell(const ActiveCell &cell,
                                             ScratchData      &scratch,
                                             CopyData         &copy) const
  {
    const unsigned int n_dofs_cell = solid.fe.n_dofs_per_cell();
    copy.active                    = true;
    copy.inverted                  = false;
    copy.cell_matrix.reinit(n_dofs_cell, n_dofs_cell);
    copy.cell_rhs.reinit(n_dofs_cell);
    copy.cell_force.reinit(n_dofs_cell);
    copy.dof_indices.resize(n_dofs_cell);
    cell->get_dof_indices(copy.dof_indices);

    scratch.fe_values.reinit(cell);
    scratch.fe_values[displacement].get_function_gradients(u_ghosted,
                                                           scratch.grad_u);

    const materials::Material &law = *solid.material_of_id[cell->material_id()];
    const bool                 split = law.has_volumetric_split();
    const bool                 mixed =
      split && solid.problem.settings.formulation == Formulation::mixed;
    if (!evaluate_material(cell, law, scratch) ||
        !evaluate_volumetric(law, split, mixed, scratch))
      {
        copy.inverted        = true;
        copy.inverted_region = cell->material_id();
        copy.inverted_at     = cell->center();
        return;
      }

    // Per shape function: component c_i, gradient g_i, and dJ_i = J F^-T :
    // Grad(phi_i).
    const unsigned int n_p = scratch.projection.size();
    FullMatrix<double> G(mixed ? n_dofs_cell : 0, n_p); // moments of dJ_i
    for (unsigned int q = 0; q < scratch.fe_values.n_quadrature_points; ++q)
      {
        add_point_force(q, mixed, scratch, copy, G);
        if (with_matrix)
          add_point_tangent(q, split, mixed, scratch, copy);
      }
    if (mixed && with_matrix)
      add_condensed_volumetric(G, scratch, copy);
    if (with_matrix)
      for (unsigned int i = 0; i < n_dofs_cell; ++i)
        for (unsigned int j = i + 1; j < n_dofs_cell; ++j)
          copy.cell_matrix(i, j) = copy.cell_matrix(j, i);

    CellContribution local{scratch.component,
                           copy.cell_force,
                           copy.cell_matrix,
                           with_matrix};
    solid.contact_term.add_cell(
      cell, u_ghosted, load, scratch.fe_face_values, scratch.u_face, local);
    add_foundations(cell, scratch, copy);
    add_external_loads(cell, scratch, copy);
  }

  template <int dim>
  void
  Solid<dim>::Impl::Assembler::add_foundations(const ActiveCell &cell,
                                               ScratchData      &scratch,
                                               CopyData         &copy) const
  {
    const auto &foundations = solid.problem.foundations;
    if (foundations.empty() || !cell->at_boundary())
      return;
    const auto        &comp        = scratch.component;
    const unsigned int n_dofs_cell = solid.fe.n_dofs_per_cell();
    for (const auto f : cell->face_indices())
      if (cell->face(f)->at_boundary())
        for (const auto &s : foundations)
          {
            const double k = s.stiffness(load);
            if (s.boundary_id != cell->face(f)->boundary_id() || !(k > 0.))
              continue;
            auto &ffv = scratch.fe_face_values;
            ffv.reinit(cell, f);
            ffv[displacement].get_function_values(u_ghosted, scratch.u_face);
            for (unsigned int q = 0; q < ffv.n_quadrature_points; ++q)
              {
                if (s.where && !s.where(ffv.quadrature_point(q)))
                  continue;
                const double w = k * ffv.JxW(q);
                for (unsigned int i = 0; i < n_dofs_cell; ++i)
                  {
                    if (comp[i] >= dim)
                      continue;
                    const double phi_i = ffv.shape_value(i, q);
                    copy.cell_force(i) +=
                      w * scratch.u_face[q][comp[i]] * phi_i;
                    if (with_matrix)
                      for (unsigned int j = 0; j < n_dofs_cell; ++j)
                        if (comp[j] == comp[i])
                          copy.cell_matrix(i, j) +=
                            w * phi_i * ffv.shape_value(j, q);
                  }
              }
          }
  }

  template <int dim>
  bool
  Solid<dim>::Impl::Assembler::evaluate_material(const ActiveCell &cell,
                                                 const materials::Material &law,
                                                 ScratchData &scratch) const
  {
    const FEValues<dim> &fev = scratch.fe_values;
    for (unsigned int q = 0; q < fev.n_quadrature_points; ++q)
      {
        Tensor<2, dim> F = unit_symmetric_tensor<dim>();
        F += scratch.grad_u[q];
        scratch.J[q] = determinant(F);
        if (!(scratch.J[q] > 0.))
          return false;
        scratch.F_inv[q] = invert(F);
        materials::PointData point =
          solid.point_data(cell->material_id(), fev.quadrature_point(q));
        if (dim == 2)
          point.out_of_plane = &solid.out_of_plane[cell->active_cell_index() *
                                                     fev.n_quadrature_points +
                                                   q];
        materials::Tensor2 P3;
        materials::Tensor4 A3;
        law.first_piola(embed(F), point, P3, with_matrix ? &A3 : nullptr);
        scratch.P[q] = restrict_tensor<dim>(P3);
        if (with_matrix)
          scratch.A[q] = restrict_tensor<dim>(A3);
      }
    return true;
  }

  template <int dim>
  bool
  Solid<dim>::Impl::Assembler::evaluate_volumetric(
    const materials::Material &law,
    const bool                 split,
    const bool                 mixed,
    ScratchData               &scratch) const
  {
    // Volumetric part: pressure p~ at each point and, for the tangent, the
    // matrix H_ab = int U''(J~) N_a N_b (mixed) or U''(J) (displacement).
    const unsigned int n_q = scratch.fe_values.n_quadrature_points;
    std::fill(scratch.pressure.begin(), scratch.pressure.end(), 0.);
    std::fill(scratch.stiffness_vol.begin(), scratch.stiffness_vol.end(), 0.);
    if (!split)
      return true;
    if (!mixed)
      {
        for (unsigned int q = 0; q < n_q; ++q)
          {
            const auto vol           = law.volumetric(scratch.J[q]);
            scratch.pressure[q]      = vol.dU;
            scratch.stiffness_vol[q] = vol.d2U;
          }
        return true;
      }
    DilatationProjection<dim> &proj = scratch.projection;
    proj.reinit(scratch.fe_values.get_JxW_values());
    Vector<double> J_coef, p_coef;
    proj.project(scratch.J, J_coef);
    std::vector<double> dU(n_q);
    for (unsigned int q = 0; q < n_q; ++q)
      {
        const double J_tilde = proj.evaluate(J_coef, q);
        if (!(J_tilde > 0.))
          return false;
        const auto vol           = law.volumetric(J_tilde);
        dU[q]                    = vol.dU;
        scratch.stiffness_vol[q] = vol.d2U;
      }
    proj.project(dU, p_coef);
    for (unsigned int q = 0; q < n_q; ++q)
      scratch.pressure[q] = proj.evaluate(p_coef, q);
    return true;
  }

  template <int dim>
  void
  Solid<dim>::Impl::Assembler::add_point_force(const unsigned int  q,
                                               const bool          mixed,
                                               ScratchData        &scratch,
                                               CopyData           &copy,
                                               FullMatrix<double> &G) const
  {
    const FEValues<dim>             &fev  = scratch.fe_values;
    const DilatationProjection<dim> &proj = scratch.projection;
    const auto                      &comp = scratch.component;
    const double                     JxW  = fev.JxW(q);
    for (unsigned int i = 0; i < fev.dofs_per_cell; ++i)
      {
        const unsigned int    ci   = comp[i];
        const Tensor<1, dim> &gi   = fev.shape_grad(i, q);
        double                dJ_i = 0.; // J F^-T : (e_ci x g_i)
        for (unsigned int d = 0; d < dim; ++d)
          dJ_i += scratch.F_inv[q][d][ci] * gi[d];
        dJ_i *= scratch.J[q];
        double r = 0.;
        for (unsigned int d = 0; d < dim; ++d)
          r += scratch.P[q][ci][d] * gi[d];
        r += scratch.pressure[q] * dJ_i;
        copy.cell_force(i) += r * JxW;
        if (mixed && with_matrix)
          for (unsigned int a = 0; a < proj.size(); ++a)
            G(i, a) += proj.shape(q, a) * dJ_i * JxW;
      }
  }

  template <int dim>
  void
  Solid<dim>::Impl::Assembler::add_point_tangent(const unsigned int q,
                                                 const bool         split,
                                                 const bool         mixed,
                                                 ScratchData       &scratch,
                                                 CopyData          &copy) const
  {
    const FEValues<dim>  &fev      = scratch.fe_values;
    const auto           &comp     = scratch.component;
    const Tensor<2, dim> &F_inv    = scratch.F_inv[q];
    const double          J        = scratch.J[q];
    const double          pressure = scratch.pressure[q];
    const double          JxW      = fev.JxW(q);
    for (unsigned int i = 0; i < fev.dofs_per_cell; ++i)
      {
        const unsigned int    ci = comp[i];
        const Tensor<1, dim> &gi = fev.shape_grad(i, q);
        // v[c][L] = sum_J g_i[J] A[ci][J][c][L]
        Tensor<2, dim> v;
        for (unsigned int J_ = 0; J_ < dim; ++J_)
          for (unsigned int c = 0; c < dim; ++c)
            for (unsigned int L = 0; L < dim; ++L)
              v[c][L] += gi[J_] * scratch.A[q][ci][J_][c][L];
        Tensor<1, dim> fi; // column ci of F^-1
        for (unsigned int d = 0; d < dim; ++d)
          fi[d] = F_inv[d][ci];
        const double a_i = fi * gi;
        for (unsigned int j = 0; j <= i; ++j)
          {
            const unsigned int    cj = comp[j];
            const Tensor<1, dim> &gj = fev.shape_grad(j, q);
            double                k  = v[cj] * gj;
            if (split)
              {
                Tensor<1, dim> fj;
                for (unsigned int d = 0; d < dim; ++d)
                  fj[d] = F_inv[d][cj];
                const double a_j = fj * gj;
                k += pressure * J * (a_i * a_j - (gj * fi) * (gi * fj));
                if (!mixed)
                  k += scratch.stiffness_vol[q] * J * J * a_i * a_j;
              }
            copy.cell_matrix(i, j) += k * JxW;
          }
      }
  }

  template <int dim>
  void
  Solid<dim>::Impl::Assembler::add_condensed_volumetric(
    const FullMatrix<double> &G,
    ScratchData              &scratch,
    CopyData                 &copy) const
  {
    // Condensed volumetric stiffness g_i^T H g_j with g_i = M^-1 G_i.
    const FEValues<dim>             &fev         = scratch.fe_values;
    const DilatationProjection<dim> &proj        = scratch.projection;
    const unsigned int               n_dofs_cell = fev.dofs_per_cell;
    const unsigned int               n_p         = proj.size();
    FullMatrix<double>               H(n_p, n_p);
    for (unsigned int q = 0; q < fev.n_quadrature_points; ++q)
      for (unsigned int a = 0; a < n_p; ++a)
        for (unsigned int b = 0; b < n_p; ++b)
          H(a, b) += scratch.stiffness_vol[q] * proj.shape(q, a) *
                     proj.shape(q, b) * fev.JxW(q);
    FullMatrix<double> Gm(n_dofs_cell, n_p), GmH(n_dofs_cell, n_p);
    G.mTmult(Gm, proj.inverse_mass()); // G M^-T (M symmetric)
    Gm.mmult(GmH, H);
    FullMatrix<double> K_vol(n_dofs_cell, n_dofs_cell);
    GmH.mTmult(K_vol, Gm);
    for (unsigned int i = 0; i < n_dofs_cell; ++i)
      for (unsigned int j = 0; j <= i; ++j)
        copy.cell_matrix(i, j) += K_vol(i, j);
  }

  template <int dim>
  void
  Solid<dim>::Impl::Assembler::add_external_loads(const ActiveCell &cell,
                                                  ScratchData      &scratch,
                                                  CopyData         &copy) const
  {
    // External loads: body force and dead tractions.
    const Problem<dim>  &problem     = solid.problem;
    const FEValues<dim> &fev         = scratch.fe_values;
    const auto          &comp        = scratch.component;
    const unsigned int   n_dofs_cell = fev.dofs_per_cell;
    copy.cell_rhs                    = copy.cell_force;
    if (problem.body_force)
      for (unsigned int q = 0; q < fev.n_quadrature_points; ++q)
        {
          Vector<double> b(dim);
          problem.body_force->vector_value(fev.quadrature_point(q), b);
          for (unsigned int i = 0; i < n_dofs_cell; ++i)
            copy.cell_rhs(i) -=
              load * b(comp[i]) * fev.shape_value(i, q) * fev.JxW(q);
        }
    if (!problem.tractions.empty() && cell->at_boundary())
      for (const auto f : cell->face_indices())
        if (cell->face(f)->at_boundary())
          for (const auto &t : problem.tractions)
            if (t.boundary_id == cell->face(f)->boundary_id())
              {
                auto &ffv = scratch.fe_face_values;
                ffv.reinit(cell, f);
                Vector<double> tv(dim);
                for (unsigned int q = 0; q < ffv.n_quadrature_points; ++q)
                  {
                    t.traction->vector_value(ffv.quadrature_point(q), tv);
                    for (unsigned int i = 0; i < n_dofs_cell; ++i)
                      copy.cell_rhs(i) -=
                        load * tv(comp[i]) * ffv.shape_value(i, q) * ffv.JxW(q);
                  }
              }
    copy.cell_rhs *= -1.;
  }

  template <int dim>
  void
  Solid<dim>::Impl::Assembler::copy_local_to_global(const CopyData &copy)
  {
    if (!copy.active)
      return;
    if (copy.inverted)
      {
        inverted = true;
        ++solid.inverted_cells[copy.inverted_region];
        solid.inverted_where.emplace(copy.inverted_region, copy.inverted_at);
        return;
      }
    if (with_matrix)
      solid.constraints.distribute_local_to_global(copy.cell_matrix,
                                                   copy.cell_rhs,
                                                   copy.dof_indices,
                                                   solid.tangent,
                                                   solid.residual);
    else
      solid.constraints.distribute_local_to_global(copy.cell_rhs,
                                                   copy.dof_indices,
                                                   solid.residual);
    for (unsigned int i = 0; i < copy.dof_indices.size(); ++i)
      if (solid.owned_dofs.is_element(copy.dof_indices[i]))
        solid.force_scale(copy.dof_indices[i]) += std::abs(copy.cell_force(i));
    // Each cell is owned by one rank, so summing the cells' own shares of
    // the supported DOFs' residual over ranks gives each reaction once.
    if (!solid.reaction_dofs.empty())
      for (unsigned int i = 0; i < copy.dof_indices.size(); ++i)
        {
          const auto it = solid.reaction_dofs.find(copy.dof_indices[i]);
          if (it != solid.reaction_dofs.end())
            solid.reactions[it->second.first][it->second.second] -=
              copy.cell_rhs(i);
        }
  }

  template <int dim>
  void
  Solid<dim>::Impl::Assembler::gather_inversions() const
  {
    // Every rank's counts, so that all ranks report the same place.
    const auto all = Utilities::MPI::all_gather(
      solid.comm, std::make_pair(solid.inverted_cells, solid.inverted_where));
    solid.inverted_cells.clear();
    solid.inverted_where.clear();
    for (const auto &[cells, where] : all)
      {
        for (const auto &[id, n] : cells)
          solid.inverted_cells[id] += n;
        for (const auto &[id, X] : where)
          solid.inverted_where.emplace(id, X);
      }
  }

  template <int dim>
  bool
  Solid<dim>::Impl::assemble(const TrilinosWrappers::MPI::Vector &u,
                             const double                         load,
                             const bool                           with_matrix)
  {
    current_load_fraction = load;
    // mf-gmg: assemble the residual only; the operator evaluates the tangent
    // at this state when the next linear solve needs it.
    if (mf_tangent && with_matrix)
      {
        const bool ok = assemble(u, load, false);
        if (ok)
          mf_tangent->update(u);
        return ok;
      }
    if (with_matrix)
      tangent = 0.;
    residual    = 0.;
    force_scale = 0.;
    reactions.clear();
    for (const auto &bc : problem.dirichlet)
      reactions[bc.boundary_id] = Tensor<1, dim>();
    for (const auto &pin : problem.point_supports)
      reactions[pin.key] = Tensor<1, dim>();
    inverted_cells.clear();
    inverted_where.clear();

    if (problem.body_force)
      problem.body_force->set_time(load);
    for (auto &t : problem.tractions)
      t.traction->set_time(load);

    const std::size_t n_points =
      static_cast<std::size_t>(triangulation.n_active_cells()) *
      quadrature.size();
    if (dim == 2 && out_of_plane.size() != n_points)
      out_of_plane.assign(n_points, {});

    Assembler  assembler(*this, u, load, with_matrix);
    const bool inverted = assembler.run();
    if (with_matrix)
      tangent.compress(VectorOperation::add);
    residual.compress(VectorOperation::add);
    force_scale.compress(VectorOperation::add);
    for (auto &[boundary, force] : reactions)
      force = Utilities::MPI::sum(force, comm);
    const bool any_inverted = Utilities::MPI::max(inverted ? 1 : 0, comm) > 0;
    if (any_inverted && Utilities::MPI::n_mpi_processes(comm) > 1)
      assembler.gather_inversions();
    return !any_inverted;
  }

  // Called from newton.cc: instantiated here, where it is defined.
  template bool
  Solid<2>::Impl::assemble(const TrilinosWrappers::MPI::Vector &, double, bool);
  template bool
  Solid<3>::Impl::assemble(const TrilinosWrappers::MPI::Vector &, double, bool);
} // namespace plantarfe::solver
