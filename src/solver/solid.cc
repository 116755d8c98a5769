#include "solver/solid.h"

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/timer.h>
#include <deal.II/base/work_stream.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/fe/mapping_q1.h>
#include <deal.II/grid/filtered_iterator.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_sparsity_pattern.h>
#include <deal.II/lac/trilinos_vector.h>
#include <deal.II/numerics/vector_tools.h>

#include "base/errors.h"
#include "contact/obstacle.h"
#include "materials/material.h"
#include "solver/dilatation_projection.h"
#include "solver/kinematics.h"
#include "solver/linear_solver.h"
#include "solver/solid_impl.h"

#include <atomic>
#include <boost/serialization/map.hpp>
#include <boost/serialization/utility.hpp>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace plantarfe::solver
{
  using namespace dealii;

  template <int dim>
  Solid<dim>::Impl::Impl(Problem<dim> problem_in, MPI_Comm comm)
      : problem(std::move(problem_in))
      , comm(comm)
      , pcout(std::cerr,
              problem.settings.verbose &&
                Utilities::MPI::this_mpi_process(comm) == 0)
      , triangulation(
          comm,
          Triangulation<dim>::limit_level_difference_at_vertices,
          // mf-gmg: level DOFs for geometric multigrid
          problem.settings.linear_solver == LinearSolverKind::mf_gmg ?
            parallel::distributed::Triangulation<
              dim>::construct_multigrid_hierarchy :
            parallel::distributed::Triangulation<dim>::default_setting)
      , fe(FE_Q<dim>(problem.settings.degree), dim)
      , mapping(problem.settings.mapping_degree)
      , dof_handler(triangulation)
      , quadrature(problem.settings.degree + 1)
      , face_quadrature(problem.settings.degree + 1)
      , dilatation_degree(problem.settings.dilatation_degree >= 0 ?
                            problem.settings.dilatation_degree :
                            problem.settings.degree - 1)
  {
    if (!(dilatation_degree <= 1))
      throw ScenarioError("dilatation space degree must be 0 or 1");
  }

  template <int dim>
  void
  Solid<dim>::Impl::setup()
  {
    Timer timer;
    problem.make_mesh(triangulation);
    dof_handler.distribute_dofs(fe);
    owned_dofs    = dof_handler.locally_owned_dofs();
    relevant_dofs = DoFTools::extract_locally_relevant_dofs(dof_handler);
    owned_displacement_dofs =
      DoFTools::extract_dofs(dof_handler,
                             fe.component_mask(FEValuesExtractors::Vector(0)));

    // Regions: every material id in the mesh needs a law.
    types::material_id max_id = 0;
    for (const auto &cell : triangulation.active_cell_iterators())
      max_id = std::max(max_id, cell->material_id());
    max_id = Utilities::MPI::max(max_id, comm);
    material_of_id.assign(max_id + 1, nullptr);
    fibre_of_id.assign(max_id + 1, nullptr);
    prestretch_of_id.assign(max_id + 1, nullptr);
    active_stress_of_id.assign(max_id + 1, nullptr);
    for (const auto &[id, f] : problem.fibre_active_stress)
      if (id <= max_id)
        active_stress_of_id[id] = f;
    for (const auto &[id, f] : problem.fibre_prestretch)
      if (id <= max_id)
        prestretch_of_id[id] = f;
    for (const auto &[id, law] : problem.materials)
      if (id <= max_id)
        material_of_id[id] = law;
    for (const auto &[id, field] : problem.fibre_directions)
      if (id <= max_id)
        fibre_of_id[id] = field;
    for (const auto &cell : triangulation.active_cell_iterators())
      if (cell->is_locally_owned() && !material_of_id[cell->material_id()])
        throw ScenarioError("no material assigned to region id " +
                            std::to_string(cell->material_id()));

    hanging_constraints.clear();
    hanging_constraints.reinit(relevant_dofs);
    DoFTools::make_hanging_node_constraints(dof_handler, hanging_constraints);
    hanging_constraints.close();

    // ---- mf-gmg: matrix-free tangent, no global matrix (mf_tangent.h) ----
    if (problem.settings.linear_solver == LinearSolverKind::mf_gmg)
      {
        for (const auto &law : material_of_id)
          if (law && law->has_volumetric_split() &&
              problem.settings.formulation == Formulation::mixed)
            throw ScenarioError(
              "Linear solver = mf-gmg does not support the mixed u-p-J "
              "formulation (law '" +
              law->name() +
              "'): use Formulation = displacement or another linear solver");
        if (!problem.contacts.empty())
          throw ScenarioError(
            "Linear solver = mf-gmg does not support contact (its face "
            "tangent is not in the matrix-free operator): use cg-amg or "
            "direct");
        dof_handler.distribute_mg_dofs();
        mf_tangent =
          std::make_unique<MatrixFreeTangent<dim>>(dof_handler,
                                                   mapping,
                                                   hanging_constraints,
                                                   problem.dirichlet,
                                                   material_of_id,
                                                   fibre_of_id,
                                                   problem.settings);
        residual.reinit(owned_dofs, comm);
        force_scale.reinit(owned_dofs, comm);
        solution.reinit(owned_dofs, comm);
        solution_ghosted.reinit(owned_dofs, relevant_dofs, comm);
        time_setup = timer.wall_time();
        return;
      }

    // The sparsity pattern must allow for the Dirichlet constraints too;
    // build it with a zero-valued version of them. Building straight into
    // Trilinos' pattern (each rank adds its own cells' couplings) avoids the
    // intermediate DynamicSparsityPattern, its memory and its exchange.
    make_constraints(0.);
    TrilinosWrappers::SparsityPattern sparsity(owned_dofs,
                                               owned_dofs,
                                               relevant_dofs,
                                               comm);
    DoFTools::make_sparsity_pattern(dof_handler,
                                    sparsity,
                                    constraints,
                                    false,
                                    Utilities::MPI::this_mpi_process(comm));
    sparsity.compress();
    tangent.reinit(sparsity);

    residual.reinit(owned_dofs, comm);
    force_scale.reinit(owned_dofs, comm);
    solution.reinit(owned_dofs, comm);
    solution_ghosted.reinit(owned_dofs, relevant_dofs, comm);
    make_rigid_body_modes();
    time_setup = timer.wall_time();
  }

  template <int dim>
  void
  Solid<dim>::Impl::make_rigid_body_modes()
  {
    // Translations and infinitesimal rotations at the DOF support points:
    // the near-null space of the elasticity operator that AMG needs to build
    // good coarse spaces. Support points come cell by cell from the
    // element's unit support points (no global map of points).
    const unsigned int n_rot = dim == 2 ? 1 : 3;
    rigid_modes.assign(dim + n_rot,
                       TrilinosWrappers::MPI::Vector(owned_dofs, comm));
    FEValues<dim>                        support(mapping,
                          fe,
                          Quadrature<dim>(fe.get_unit_support_points()),
                          update_quadrature_points);
    std::vector<types::global_dof_index> dofs(fe.n_dofs_per_cell());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          support.reinit(cell);
          cell->get_dof_indices(dofs);
          for (unsigned int i = 0; i < dofs.size(); ++i)
            if (owned_dofs.is_element(dofs[i]))
              {
                const unsigned int c    = fe.system_to_component_index(i).first;
                const Point<dim>  &x    = support.quadrature_point(i);
                rigid_modes[c](dofs[i]) = 1.;
                if (dim == 2)
                  rigid_modes[2](dofs[i]) = (c == 0 ? -x[1] : x[0]);
                else
                  {
                    // rotations about x, y, z: omega x X
                    const double rx[3]            = {0., -x[dim - 1], x[1]};
                    const double ry[3]            = {x[dim - 1], 0., -x[0]};
                    const double rz[3]            = {-x[1], x[0], 0.};
                    rigid_modes[dim + 0](dofs[i]) = rx[c];
                    rigid_modes[dim + 1](dofs[i]) = ry[c];
                    rigid_modes[dim + 2](dofs[i]) = rz[c];
                  }
              }
        }
    for (auto &m : rigid_modes)
      m.compress(VectorOperation::insert);
  }

  template <int dim>
  void
  Solid<dim>::Impl::make_constraints(const double load_fraction)
  {
    // Inhomogeneous constraints carry the remaining gap g(t) - u on Dirichlet
    // DOFs, so the Newton update moves the boundary to where it must be and
    // the interior follows in the same linear solve.
    constraints.clear();
    constraints.reinit(relevant_dofs);
    constraints.merge(hanging_constraints);
    for (const auto &bc : problem.dirichlet)
      {
        bc.displacement->set_time(load_fraction);
        std::map<types::global_dof_index, double> values;
        VectorTools::interpolate_boundary_values(mapping,
                                                 dof_handler,
                                                 bc.boundary_id,
                                                 *bc.displacement,
                                                 values,
                                                 bc.components);
        for (const auto &[dof, g] : values)
          if (!constraints.is_constrained(dof))
            {
              constraints.add_line(dof);
              const double u =
                relevant_dofs.is_element(dof) && solution_ghosted.size() > 0 ?
                  solution_ghosted(dof) :
                  0.;
              constraints.set_inhomogeneity(dof, g - u);
            }
      }
    add_region_constraints(load_fraction);
    constraints.close();
  }

  template <int dim>
  void
  Solid<dim>::Impl::add_region_constraints(const double load_fraction)
  {
    if (problem.region_dirichlet.empty())
      return;
    // Every DOF of a cell of the region (owned or ghost, so that all ranks
    // agree on the constraints of their relevant DOFs) at its support point.
    FEValues<dim>                        support(mapping,
                          fe,
                          Quadrature<dim>(fe.get_unit_support_points()),
                          update_quadrature_points);
    std::vector<types::global_dof_index> dofs(fe.n_dofs_per_cell());
    for (const auto &bc : problem.region_dirichlet)
      {
        bc.displacement->set_time(load_fraction);
        // Free translation: the region's first support point (in cell
        // order) is its master; every other DOF follows the master's
        // displacement plus the prescribed relative motion.
        std::vector<types::global_dof_index> master(dim,
                                                    numbers::invalid_dof_index);
        Point<dim>                           master_X;
        if (bc.free_translation)
          {
            if (Utilities::MPI::n_mpi_processes(comm) > 1)
              throw ScenarioError(
                "a region turned with free translation (e.g. toes resting on "
                "the ground) is supported on one MPI rank only");
            for (const auto &cell : dof_handler.active_cell_iterators())
              if (cell->material_id() == bc.region)
                {
                  support.reinit(cell);
                  cell->get_dof_indices(dofs);
                  for (unsigned int i = 0; i < dofs.size(); ++i)
                    if (fe.system_to_component_index(i).second == 0)
                      master[fe.system_to_component_index(i).first] = dofs[i];
                  master_X = support.quadrature_point(0);
                  break;
                }
            for (unsigned int c = 0; c < dim; ++c)
              if (master[c] == numbers::invalid_dof_index ||
                  constraints.is_constrained(master[c]))
                throw ScenarioError("region " + std::to_string(bc.region) +
                                    " has no free node to carry its "
                                    "translation");
          }
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (!cell->is_artificial() && cell->material_id() == bc.region)
            {
              support.reinit(cell);
              cell->get_dof_indices(dofs);
              for (unsigned int i = 0; i < dofs.size(); ++i)
                {
                  const unsigned int c = fe.system_to_component_index(i).first;
                  if (!bc.components[c] || constraints.is_constrained(dofs[i]))
                    continue;
                  double target =
                    bc.displacement->value(support.quadrature_point(i), c);
                  double u = solution_ghosted.size() > 0 ?
                               solution_ghosted(dofs[i]) :
                               0.;
                  if (bc.free_translation)
                    {
                      if (dofs[i] == master[c])
                        continue;
                      target -= bc.displacement->value(master_X, c);
                      if (solution_ghosted.size() > 0)
                        u -= solution_ghosted(master[c]);
                    }
                  constraints.add_line(dofs[i]);
                  if (bc.free_translation)
                    constraints.add_entry(dofs[i], master[c], 1.);
                  constraints.set_inhomogeneity(dofs[i], target - u);
                }
            }
      }
  }

  template <int dim>
  bool
  Solid<dim>::Impl::assemble(const TrilinosWrappers::MPI::Vector &u,
                             const double                         load_fraction,
                             const bool                           with_matrix)
  {
    current_load_fraction = load_fraction;
    // mf-gmg: assemble the residual only; the operator evaluates the tangent
    // at this state when the next linear solve needs it.
    if (mf_tangent && with_matrix)
      {
        const bool ok = assemble(u, load_fraction, false);
        if (ok)
          mf_tangent->update(u);
        return ok;
      }
    if (with_matrix)
      tangent = 0.;
    residual    = 0.;
    force_scale = 0.;
    std::atomic<bool> inverted{false};
    inverted_cells.clear();
    inverted_where.clear();

    const unsigned int               n_dofs_cell = fe.n_dofs_per_cell();
    const unsigned int               n_q         = quadrature.size();
    const FEValuesExtractors::Vector displacement(0);

    if (problem.body_force)
      problem.body_force->set_time(load_fraction);
    for (auto &t : problem.tractions)
      t.traction->set_time(load_fraction);

    auto worker =
      [&](const typename DoFHandler<dim>::active_cell_iterator &cell,
          ScratchData                                          &scratch,
          CopyData                                             &copy) {
        copy.active   = true;
        copy.inverted = false;
        copy.cell_matrix.reinit(n_dofs_cell, n_dofs_cell);
        copy.cell_rhs.reinit(n_dofs_cell);
        copy.cell_force.reinit(n_dofs_cell);
        copy.dof_indices.resize(n_dofs_cell);
        cell->get_dof_indices(copy.dof_indices);

        FEValues<dim> &fev = scratch.fe_values;
        fev.reinit(cell);
        fev[displacement].get_function_gradients(u, scratch.grad_u);

        const materials::Material &law = *material_of_id[cell->material_id()];

        // Material response at every point.
        auto &P     = scratch.P;
        auto &A     = scratch.A;
        auto &F_inv = scratch.F_inv;
        auto &J     = scratch.J;
        for (unsigned int q = 0; q < n_q; ++q)
          {
            Tensor<2, dim> F = unit_symmetric_tensor<dim>();
            F += scratch.grad_u[q];
            J[q] = determinant(F);
            if (!(J[q] > 0.))
              {
                copy.inverted        = true;
                copy.inverted_region = cell->material_id();
                copy.inverted_at     = cell->center();
                return;
              }
            F_inv[q] = invert(F);
            const materials::PointData point =
              point_data(cell->material_id(), fev.quadrature_point(q));
            materials::Tensor2 P3;
            materials::Tensor4 A3;
            law.first_piola(embed(F), point, P3, with_matrix ? &A3 : nullptr);
            P[q] = restrict_tensor<dim>(P3);
            if (with_matrix)
              A[q] = restrict_tensor<dim>(A3);
          }

        // Volumetric part: pressure p~ at each point and, for the tangent, the
        // matrix H_ab = int U''(J~) N_a N_b (mixed) or U''(J) (displacement).
        const bool split = law.has_volumetric_split();
        const bool mixed =
          split && problem.settings.formulation == Formulation::mixed;
        auto &pressure      = scratch.pressure;
        auto &stiffness_vol = scratch.stiffness_vol;
        std::fill(pressure.begin(), pressure.end(), 0.);
        std::fill(stiffness_vol.begin(), stiffness_vol.end(), 0.);
        DilatationProjection<dim> &proj = scratch.projection;
        if (split)
          {
            if (mixed)
              {
                proj.reinit(fev.get_JxW_values());
                Vector<double> J_coef, p_coef;
                proj.project(J, J_coef);
                std::vector<double> dU(n_q);
                for (unsigned int q = 0; q < n_q; ++q)
                  {
                    const double J_tilde = proj.evaluate(J_coef, q);
                    if (!(J_tilde > 0.))
                      {
                        copy.inverted        = true;
                        copy.inverted_region = cell->material_id();
                        copy.inverted_at     = cell->center();
                        return;
                      }
                    const auto vol   = law.volumetric(J_tilde);
                    dU[q]            = vol.dU;
                    stiffness_vol[q] = vol.d2U;
                  }
                proj.project(dU, p_coef);
                for (unsigned int q = 0; q < n_q; ++q)
                  pressure[q] = proj.evaluate(p_coef, q);
              }
            else
              for (unsigned int q = 0; q < n_q; ++q)
                {
                  const auto vol   = law.volumetric(J[q]);
                  pressure[q]      = vol.dU;
                  stiffness_vol[q] = vol.d2U;
                }
          }

        // Per shape function: component c_i, gradient g_i, and dJ_i = J F^-T :
        // Grad(phi_i).
        const unsigned int n_p = proj.size();
        FullMatrix<double> G(mixed ? n_dofs_cell : 0, n_p); // moments of dJ_i
        const auto        &comp = scratch.component;

        for (unsigned int q = 0; q < n_q; ++q)
          {
            const double JxW = fev.JxW(q);
            for (unsigned int i = 0; i < n_dofs_cell; ++i)
              {
                const unsigned int    ci   = comp[i];
                const Tensor<1, dim> &gi   = fev.shape_grad(i, q);
                double                dJ_i = 0.; // J F^-T : (e_ci x g_i)
                for (unsigned int d = 0; d < dim; ++d)
                  dJ_i += F_inv[q][d][ci] * gi[d];
                dJ_i *= J[q];
                double r = 0.;
                for (unsigned int d = 0; d < dim; ++d)
                  r += P[q][ci][d] * gi[d];
                r += pressure[q] * dJ_i;
                copy.cell_force(i) += r * JxW;
                if (mixed && with_matrix)
                  for (unsigned int a = 0; a < n_p; ++a)
                    G(i, a) += proj.shape(q, a) * dJ_i * JxW;
              }

            if (!with_matrix)
              continue;
            for (unsigned int i = 0; i < n_dofs_cell; ++i)
              {
                const unsigned int    ci = comp[i];
                const Tensor<1, dim> &gi = fev.shape_grad(i, q);
                // v[c][L] = sum_J g_i[J] A[ci][J][c][L]
                Tensor<2, dim> v;
                for (unsigned int J_ = 0; J_ < dim; ++J_)
                  for (unsigned int c = 0; c < dim; ++c)
                    for (unsigned int L = 0; L < dim; ++L)
                      v[c][L] += gi[J_] * A[q][ci][J_][c][L];
                Tensor<1, dim> fi; // column ci of F^-1
                for (unsigned int d = 0; d < dim; ++d)
                  fi[d] = F_inv[q][d][ci];
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
                          fj[d] = F_inv[q][d][cj];
                        const double a_j = fj * gj;
                        k += pressure[q] * J[q] *
                             (a_i * a_j - (gj * fi) * (gi * fj));
                        if (!mixed)
                          k += stiffness_vol[q] * J[q] * J[q] * a_i * a_j;
                      }
                    copy.cell_matrix(i, j) += k * JxW;
                  }
              }
          }

        if (mixed && with_matrix)
          {
            // Condensed volumetric stiffness g_i^T H g_j with g_i = M^-1 G_i.
            FullMatrix<double> H(n_p, n_p);
            for (unsigned int q = 0; q < n_q; ++q)
              for (unsigned int a = 0; a < n_p; ++a)
                for (unsigned int b = 0; b < n_p; ++b)
                  H(a, b) += stiffness_vol[q] * proj.shape(q, a) *
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
        if (with_matrix)
          for (unsigned int i = 0; i < n_dofs_cell; ++i)
            for (unsigned int j = i + 1; j < n_dofs_cell; ++j)
              copy.cell_matrix(i, j) = copy.cell_matrix(j, i);

        // Penalty contact with rigid obstacles on the contact boundaries:
        // energy eps/2 <-g>^2 per reference area, so the force on the body is
        // eps <-g> n and the tangent adds eps (n.phi_i)(n.phi_j) plus the
        // turning of the normal on curved obstacles. A point touching with
        // g = 0 already counts as active, so a body resting on the ground has
        // support from the first iteration.
        if (!problem.contacts.empty() && cell->at_boundary())
          for (const auto f : cell->face_indices())
            if (cell->face(f)->at_boundary())
              for (const auto &contact_bc : problem.contacts)
                if (contact_bc.boundary_id == cell->face(f)->boundary_id())
                  {
                    auto &ffv = scratch.fe_face_values;
                    ffv.reinit(cell, f);
                    auto &u_face = scratch.u_face;
                    ffv[displacement].get_function_values(u, u_face);
                    const double eps = contact_bc.penalty_Pa_per_m;
                    for (unsigned int q = 0; q < ffv.n_quadrature_points; ++q)
                      {
                        contact::Vector3 x;
                        for (unsigned int d = 0; d < dim; ++d)
                          x[d] = ffv.quadrature_point(q)[d] + u_face[q][d];
                        const auto gn =
                          contact_bc.obstacle->evaluate_at(x, load_fraction);
                        const auto law = penalty_law(gn.gap, contact_smoothing);
                        if (law.slope == 0.)
                          continue;
                        const double pen = law.penetration;
                        const double JxW = ffv.JxW(q);
                        // Sticking contact: a tangential penalty spring ties
                        // the point to where the obstacle's surface carried
                        // its reference position (no slip). It fades in with
                        // the normal law's slope (1 in full contact), so
                        // that smoothing rounds it too; the slope's own
                        // derivative is left out of the tangent.
                        if (contact_bc.stick)
                          {
                            contact::Vector3 X3;
                            for (unsigned int d = 0; d < dim; ++d)
                              X3[d] = ffv.quadrature_point(q)[d];
                            const contact::Vector3 anchor =
                              contact_bc.obstacle->carried_point(X3,
                                                                 load_fraction);
                            contact::Vector3 slip = x - anchor;
                            slip -= (slip * gn.normal) * gn.normal;
                            for (unsigned int i = 0; i < n_dofs_cell; ++i)
                              {
                                const double phi_i = ffv.shape_value(i, q);
                                copy.cell_force(i) +=
                                  eps * law.slope * slip[comp[i]] * phi_i * JxW;
                                if (!with_matrix)
                                  continue;
                                for (unsigned int j = 0; j < n_dofs_cell; ++j)
                                  {
                                    const double t_ij =
                                      (comp[i] == comp[j] ? 1. : 0.) -
                                      gn.normal[comp[i]] * gn.normal[comp[j]];
                                    copy.cell_matrix(i, j) +=
                                      eps * law.slope * t_ij * phi_i *
                                      ffv.shape_value(j, q) * JxW;
                                  }
                              }
                          }
                        for (unsigned int i = 0; i < n_dofs_cell; ++i)
                          {
                            const double n_phi_i =
                              gn.normal[comp[i]] * ffv.shape_value(i, q);
                            copy.cell_force(i) -= eps * pen * n_phi_i * JxW;
                            if (!with_matrix)
                              continue;
                            for (unsigned int j = 0; j < n_dofs_cell; ++j)
                              {
                                const double n_phi_j =
                                  gn.normal[comp[j]] * ffv.shape_value(j, q);
                                double k = eps * law.slope * n_phi_i * n_phi_j;
                                if (dim == 3 && gn.has_normal_gradient)
                                  k -= eps * pen *
                                       gn.normal_gradient[comp[i]][comp[j]] *
                                       ffv.shape_value(i, q) *
                                       ffv.shape_value(j, q);
                                else if (gn.curvature != 0.)
                                  {
                                    const double phi_phi =
                                      comp[i] == comp[j] ?
                                        ffv.shape_value(i, q) *
                                          ffv.shape_value(j, q) :
                                        0.;
                                    k -= eps * pen * gn.curvature *
                                         (phi_phi - n_phi_i * n_phi_j);
                                  }
                                copy.cell_matrix(i, j) += k * JxW;
                              }
                          }
                      }
                  }

        // External loads: body force and dead tractions.
        copy.cell_rhs = copy.cell_force;
        if (problem.body_force)
          for (unsigned int q = 0; q < n_q; ++q)
            {
              Vector<double> b(dim);
              problem.body_force->vector_value(fev.quadrature_point(q), b);
              for (unsigned int i = 0; i < n_dofs_cell; ++i)
                copy.cell_rhs(i) -= load_fraction * b(comp[i]) *
                                    fev.shape_value(i, q) * fev.JxW(q);
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
                          copy.cell_rhs(i) -= load_fraction * tv(comp[i]) *
                                              ffv.shape_value(i, q) *
                                              ffv.JxW(q);
                      }
                  }
        copy.cell_rhs *= -1.;
      };

    auto copier = [&](const CopyData &copy) {
      if (!copy.active)
        return;
      if (copy.inverted)
        {
          inverted = true;
          ++inverted_cells[copy.inverted_region];
          inverted_where.emplace(copy.inverted_region, copy.inverted_at);
          return;
        }
      if (with_matrix)
        constraints.distribute_local_to_global(
          copy.cell_matrix, copy.cell_rhs, copy.dof_indices, tangent, residual);
      else
        constraints.distribute_local_to_global(copy.cell_rhs,
                                               copy.dof_indices,
                                               residual);
      for (unsigned int i = 0; i < copy.dof_indices.size(); ++i)
        if (owned_dofs.is_element(copy.dof_indices[i]))
          force_scale(copy.dof_indices[i]) += std::abs(copy.cell_force(i));
    };

    using CellFilter =
      FilteredIterator<typename DoFHandler<dim>::active_cell_iterator>;
    WorkStream::run(
      CellFilter(IteratorFilters::LocallyOwnedCell(),
                 dof_handler.begin_active()),
      CellFilter(IteratorFilters::LocallyOwnedCell(), dof_handler.end()),
      worker,
      copier,
      ScratchData(mapping, fe, quadrature, face_quadrature, dilatation_degree),
      CopyData());
    if (with_matrix)
      tangent.compress(VectorOperation::add);
    residual.compress(VectorOperation::add);
    force_scale.compress(VectorOperation::add);
    const bool any_inverted = Utilities::MPI::max(inverted ? 1 : 0, comm) > 0;
    if (any_inverted && Utilities::MPI::n_mpi_processes(comm) > 1)
      {
        // Every rank's counts, so that all ranks report the same place.
        const auto all = Utilities::MPI::all_gather(
          comm, std::make_pair(inverted_cells, inverted_where));
        inverted_cells.clear();
        inverted_where.clear();
        for (const auto &[cells, where] : all)
          {
            for (const auto &[id, n] : cells)
              inverted_cells[id] += n;
            for (const auto &[id, X] : where)
              inverted_where.emplace(id, X);
          }
      }
    return !any_inverted;
  }

  namespace
  {
    /// True when the residual history @p r (latest last) shows Newton not
    /// converging: the latest value repeats one of the six before it to
    /// 0.1 % (a limit cycle: the same iterates come back; a converging
    /// Newton iteration does not return to a residual it had) or the last
    /// four iterations all stayed above the one before them (a stall).
    bool
    newton_is_stuck(const std::vector<double> &r)
    {
      const std::size_t n = r.size();
      if (n < 8)
        return false;
      const double last = r.back();
      for (std::size_t j = (n > 7 ? n - 7 : 0); j + 1 < n; ++j)
        if (std::abs(last - r[j]) <= 1e-3 * last)
          return true;
      // Stall: none of the last four is below the one before them. (Not
      // the history's minimum: after a contact change the residual may
      // jump by orders of magnitude and then converge linearly from there.)
      return *std::min_element(r.end() - 4, r.end()) >= r[n - 5];
      return false;
    }

    std::string
    format_double(const double x)
    {
      std::ostringstream s;
      s << std::setprecision(4) << x;
      return s.str();
    }
  } // namespace

  template <int dim>
  std::string
  Solid<dim>::Impl::describe_residual_peak() const
  {
    // The free DOF with the largest out-of-balance force, its region and
    // the centre of a cell around it: where a failed solve is stuck.
    return "; largest out-of-balance force" +
           describe_peak(residual, true, 1., " N");
  }

  template <int dim>
  std::string
  Solid<dim>::Impl::describe_peak(const TrilinosWrappers::MPI::Vector &v,
                                  const bool         free_only,
                                  const double       factor,
                                  const std::string &unit) const
  {
    struct Peak
    {
      double             value  = -1.;
      types::material_id region = 0;
      Point<dim>         at;
      unsigned int       component = 0;
    };
    Peak                    mine;
    types::global_dof_index dof = numbers::invalid_dof_index;
    // Displacement DOFs only: pressure and dilatation entries (mixed
    // formulation) are in other units and would be named as "mm" or "N".
    for (const auto i : owned_displacement_dofs)
      if ((!free_only || !constraints.is_constrained(i)) &&
          std::abs(v(i)) > mine.value)
        {
          mine.value = std::abs(v(i));
          dof        = i;
        }
    std::vector<types::global_dof_index> dofs(fe.n_dofs_per_cell());
    if (dof != numbers::invalid_dof_index)
      for (const auto &cell : dof_handler.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            cell->get_dof_indices(dofs);
            const auto at = std::find(dofs.begin(), dofs.end(), dof);
            if (at != dofs.end())
              {
                mine.region = cell->material_id();
                mine.at     = cell->center();
                mine.component =
                  fe.system_to_component_index(at - dofs.begin()).first;
                break;
              }
          }
    const auto all = Utilities::MPI::all_gather(
      comm,
      std::make_pair(std::make_pair(mine.value, mine.component),
                     std::make_pair(static_cast<unsigned int>(mine.region),
                                    mine.at)));
    Peak best;
    for (const auto &[vc, where] : all)
      if (vc.first > best.value)
        best = {vc.first,
                static_cast<types::material_id>(where.first),
                where.second,
                vc.second};
    if (best.value <= 0.)
      return "";
    std::ostringstream m;
    const auto         name = problem.region_names.find(best.region);
    m << " " << format_double(best.value * factor) << unit
      << (free_only ? "" :
                      " along " + std::string(1, char('x' + best.component)))
      << " in "
      << (name != problem.region_names.end() ?
            name->second :
            "region " + std::to_string(best.region))
      << " near (";
    for (unsigned int d = 0; d < dim; ++d)
      m << (d ? ", " : "") << format_double(best.at[d] * 1e3);
    m << ") mm";
    return m.str();
  }

  template <int dim>
  std::string
  Solid<dim>::Impl::describe_inversion() const
  {
    std::ostringstream m;
    m << "an element inverted (J <= 0)";
    if (inverted_cells.empty())
      return m.str();
    m << " in ";
    bool first = true;
    for (const auto &[id, n] : inverted_cells)
      {
        const auto  name = problem.region_names.find(id);
        const auto &X    = inverted_where.at(id);
        m << (first ? "" : ", ")
          << (name != problem.region_names.end() ?
                name->second :
                "region " + std::to_string(id))
          << " (" << n << (n == 1 ? " cell" : " cells") << ", e.g. at (";
        for (unsigned int d = 0; d < dim; ++d)
          m << (d ? ", " : "") << std::setprecision(4) << X[d] * 1e3;
        m << ") mm)";
        first = false;
      }
    return m.str();
  }


  template <int dim>
  SolveReport
  Solid<dim>::Impl::solve(
    const std::function<void(const StepRecord &)> &after_step)
  {
    const Settings &s = problem.settings;
    SolveReport     report;
    report.n_dofs       = dof_handler.n_dofs();
    report.time_setup_s = time_setup;
    LinearSolver linear_solver(s, dim, s.degree);

    Timer assembly_timer, solve_timer;
    assembly_timer.stop();
    solve_timer.stop();
    assembly_timer.reset();
    solve_timer.reset();

    const double cell_diameter_min =
      GridTools::minimal_cell_diameter(triangulation);
    double                        load      = 0.;
    const double                  nominal   = 1. / s.load_steps;
    double                        step      = nominal;
    unsigned int                  cuts_left = s.max_cutbacks;
    TrilinosWrappers::MPI::Vector u_start(solution), du(owned_dofs, comm),
      trial(owned_dofs, comm);
    std::string last_failure;

    while (load < 1. - 1e-12)
      {
        const double target = std::min(1., load + step);
        StepRecord   record;
        record.load_fraction  = target;
        u_start               = solution;
        bool        converged = false;
        std::string failure;
        double      reference = 0.;
        // Penalty contact makes the residual only piecewise smooth: when a
        // few contact points switch between open and closed from one
        // iterate to the next, full Newton steps can cycle for ever (seen on
        // the 2D foot: |R| = 1290, 14.1, 32.7, 1290, ...; damping the steps
        // by backtracking on |R| was tried and only stalled). A detected
        // cycle or stall ends the attempt at once so that the step is cut
        // back instead of running into the iteration limit.
        std::vector<double> watch;        // |R| history for newton_is_stuck
        unsigned int        attempts = 0; // iterations done in this attempt

        // Set when the line search's full-step trial already assembled the
        // tangent and residual at the new iterate (with the same, closed,
        // constraints), so the next iteration need not assemble again.
        bool system_ready = false;
        // Set when the last Newton update was below round-off relative to
        // the solution: the residual then sits on its floating-point floor.
        bool stagnated = false;
        for (unsigned int it = 0; it <= s.max_newton_iterations; ++it)
          {
            solution_ghosted = solution;
            bool gap_open    = false;
            bool ok          = true;
            if (!system_ready)
              {
                make_constraints(target);
                double g = 0.;
                for (const auto &line : constraints.get_lines())
                  if (owned_dofs.is_element(line.index))
                    g = std::max(g, std::abs(line.inhomogeneity));
                // Round-off floor: constraints relative to a master node
                // (free translation) leave ~1e-19 m behind.
                gap_open = Utilities::MPI::max(g, comm) >
                           1e-12 * std::max(solution.linfty_norm(), 1e-3);
                assembly_timer.start();
                ok = assemble(solution_ghosted, target, true);
                assembly_timer.stop();
              }
            system_ready = false;
            if (!ok)
              {
                failure = describe_inversion();
                break;
              }
            const double r     = residual.l2_norm();
            const double scale = force_scale.l2_norm();
            if (!std::isfinite(r))
              {
                failure = "the residual is not finite";
                break;
              }
            record.residuals.push_back(r);
            reference = std::max({reference, r, scale});
            pcout << "  step " << format_double(target) << " it " << it
                  << " |R| = " << r << " scale " << scale
                  << (gap_open ? " (boundary moving)" : "") << '\n';
            // Converged when the residual meets the tolerance or, once the
            // updates have shrunk to round-off, when it is within 1e3 of it
            // (stiff penalty contact and near-incompressibility put the
            // floating-point floor of the residual there).
            if (!gap_open &&
                (r <= s.residual_tolerance * reference ||
                 r <= s.absolute_tolerance ||
                 (stagnated && r <= 1e3 * s.residual_tolerance * reference)))
              {
                converged = true;
                break;
              }
            if (it == s.max_newton_iterations)
              {
                failure = "Newton did not converge in " + std::to_string(it) +
                          " iterations (|R| = " + format_double(r) + " N" +
                          describe_residual_peak() + ")";
                break;
              }
            if (it > 3 && r > 1e8 * reference)
              {
                failure = "Newton diverged (|R| = " + format_double(r) + " N" +
                          describe_residual_peak() + ")";
                break;
              }
            // Iterations that still move a prescribed boundary are not
            // comparable with the rest, nor is the first one: only the
            // load increment is out of balance there, and the first full
            // step typically raises |R| by orders of magnitude (contact
            // closing, volumetric terms) before Newton converges.
            if (!gap_open && it > 0)
              watch.push_back(r);
            if (!gap_open && newton_is_stuck(watch) &&
                contact_smoothing == 0. && !problem.contacts.empty() &&
                s.contact_smoothing_on_chatter && step < nominal)
              {
                // The first remedy is a smaller step (below). When Newton
                // cycles on a step that was already cut back, the chatter
                // is in the state itself: round the contact law's kink
                // (see penalty_law) for the rest of the run and go on. The
                // half-width, 1 % of the smallest cell, changes pressures
                // below eps * d (~26 kPa on the 2D foot) and is reported.
                contact_smoothing                  = 1e-2 * cell_diameter_min;
                report.contact_smoothing_m         = contact_smoothing;
                report.contact_smoothing_from_load = target;
                watch.clear();
                pcout << "  Newton cycling: contact law smoothed over +-"
                      << contact_smoothing << " m\n";
                continue;
              }
            if (!gap_open && newton_is_stuck(watch))
              {
                failure = "Newton is not converging (|R| cycles or stalls "
                          "near " +
                          format_double(r) + " N after " + std::to_string(it) +
                          " iterations" + describe_residual_peak() + ")";
                break;
              }

            solve_timer.start();
            du = 0.;
            LinearSolveResult lin;
            try
              {
                lin = mf_tangent ?
                        mf_tangent->solve(constraints, du, residual) :
                        linear_solver.solve(tangent, du, residual, rigid_modes);
              }
            catch (const SolverError &e)
              {
                solve_timer.stop();
                failure = e.what();
                break;
              }
            solve_timer.stop();
            report.linear_solver = lin.method;
            record.linear_iterations += lin.iterations;
            constraints.distribute(du);

            // Step limit: scale the whole update (displacement, pressure and
            // dilatation alike, so it stays a Newton direction) when a node
            // would move further than allowed.
            if (s.max_displacement_increment > 0.)
              {
                double largest = 0.;
                for (const auto i : owned_displacement_dofs)
                  largest = std::max(largest, std::abs(du[i]));
                largest = Utilities::MPI::max(largest, comm);
                if (largest > s.max_displacement_increment)
                  du *= s.max_displacement_increment / largest;
              }

            // Safeguarded step: try the full Newton step and halve it while
            // it inverts an element (J <= 0 at a quadrature point). A line
            // search on the residual norm or on the energy's directional
            // derivative was tried and rejected: for nearly incompressible
            // tissue the first full step raises both by orders of magnitude
            // (volumetric terms) and is still the right step - Newton then
            // converges quadratically - while the shortened steps tripled the
            // iteration count on Cook's membrane. The full-step assembly is
            // kept for the next iteration.
            double alpha = 1.;
            if (s.line_search && !gap_open)
              for (unsigned int k = 0; k < 8; ++k, alpha *= 0.5)
                {
                  trial = solution;
                  trial.add(alpha, du);
                  solution_ghosted = trial;
                  assembly_timer.start();
                  const bool trial_ok =
                    assemble(solution_ghosted, target, true);
                  assembly_timer.stop();
                  if (trial_ok && std::isfinite(residual.l2_norm()))
                    {
                      system_ready = true;
                      break;
                    }
                }
            // Where the update is largest: a near rigid-body mode shows up
            // as a large update far from the load.
            if (s.verbose)
              pcout << "    update alpha " << alpha << ", largest |du|"
                    << describe_peak(du, false, 1e3 * alpha, " mm") << '\n';
            solution.add(alpha, du);
            stagnated =
              alpha * du.linfty_norm() <=
              s.increment_tolerance * std::max(solution.linfty_norm(), 1e-300);
            ++record.newton_iterations;
            ++attempts;
          }

        if (converged)
          {
            load = target;
            report.total_newton_iterations += record.newton_iterations;
            report.total_linear_iterations += record.linear_iterations;
            report.steps.push_back(record);
            report.load_fraction_reached = load;
            if (after_step)
              {
                solution_ghosted = solution;
                after_step(record);
              }
            // Recover towards the nominal step after a cut-back. The
            // cut-back budget is per load step: a long run (a roll of 20
            // positions) must not fail for good because earlier steps used
            // it up.
            step      = std::min(nominal, 2. * step);
            cuts_left = s.max_cutbacks;
            continue;
          }

        // Failed step: restore and cut back.
        report.failed_newton_iterations += attempts;
        solution     = u_start;
        last_failure = failure;
        if (cuts_left == 0)
          break;
        --cuts_left;
        ++report.cutbacks;
        step *= 0.5;
        pcout << "  cut-back: " << failure << "; retrying with load increment "
              << format_double(step) << '\n';
      }

    solution_ghosted = solution;
    report.converged = load >= 1. - 1e-12;
    if (!report.converged)
      report.failure_reason =
        "load step to fraction " + format_double(std::min(1., load + step)) +
        " failed after " + std::to_string(report.cutbacks) +
        " cut-backs: " + last_failure + "; reached load fraction " +
        format_double(load);
    report.time_assembly_s = assembly_timer.wall_time();
    report.time_solve_s    = solve_timer.wall_time();
    return report;
  }

  // ---------------------------------------------------------------------------

  template <int dim>
  Solid<dim>::Solid(Problem<dim> problem, MPI_Comm comm)
      : impl(std::make_unique<Impl>(std::move(problem), comm))
  {
    impl->setup();
  }

  template <int dim>
  Solid<dim>::~Solid() = default;

  template <int dim>
  SolveReport
  Solid<dim>::solve(const std::function<void(const StepRecord &)> &after_step)
  {
    return impl->solve(after_step);
  }

  template <int dim>
  unsigned long long
  Solid<dim>::n_dofs() const
  {
    return impl->dof_handler.n_dofs();
  }

  template <int dim>
  MPI_Comm
  Solid<dim>::communicator() const
  {
    return impl->comm;
  }

  template <int dim>
  double
  Solid<dim>::cell_size_min() const
  {
    return GridTools::minimal_cell_diameter(impl->triangulation);
  }

} // namespace plantarfe::solver

namespace plantarfe::solver
{
  template class Solid<2>;
  template class Solid<3>;
} // namespace plantarfe::solver
