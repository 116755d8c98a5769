// Solid<dim>: construction, set-up (mesh, DOFs, regions, sparsity,
// rigid-body modes), the Dirichlet and region constraints and the public
// forwarding functions. Assembly is in assembly.cc, the nonlinear solve in
// newton.cc, point values and output in solid_output.cc / solid_results.cc.
#include "solver/solid.h"

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/timer.h>
#include <deal.II/distributed/shared_tria.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_simplex_p.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_fe.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/fe/mapping_q1.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_sparsity_pattern.h>
#include <deal.II/lac/trilinos_vector.h>
#include <deal.II/numerics/vector_tools.h>

#include "base/errors.h"
#include "materials/material.h"
#include "solver/solid_impl.h"

#include <iostream>
#include <limits>

namespace plantarfe::solver
{
  using namespace dealii;

  namespace construction
  {
    template <int dim>
    std::unique_ptr<parallel::TriangulationBase<dim>>
    make_triangulation(const Settings &settings, MPI_Comm comm)
    {
      if (settings.cells == CellShape::simplex)
        {
          if (settings.linear_solver == LinearSolverKind::mf_gmg)
            throw ScenarioError(
              "Linear solver = mf-gmg needs hexahedral cells (its geometric "
              "multigrid coarsens a p4est mesh): use direct or cg-amg with "
              "tetrahedra");
          return std::make_unique<parallel::shared::Triangulation<dim>>(comm);
        }
      using Distributed = parallel::distributed::Triangulation<dim>;
      return std::make_unique<Distributed>(
        comm,
        Triangulation<dim>::limit_level_difference_at_vertices,
        // mf-gmg: level DOFs for geometric multigrid
        settings.linear_solver == LinearSolverKind::mf_gmg ?
          Distributed::construct_multigrid_hierarchy :
          Distributed::default_setting);
    }

    template <int dim>
    std::unique_ptr<FiniteElement<dim>>
    make_scalar_element(const Settings &settings)
    {
      if (settings.cells == CellShape::simplex)
        {
          if (settings.degree < 1 || settings.degree > 2)
            throw ScenarioError("tetrahedral cells take degree 1 or 2");
          return std::make_unique<FE_SimplexP<dim>>(settings.degree);
        }
      return std::make_unique<FE_Q<dim>>(settings.degree);
    }

    template <int dim>
    std::unique_ptr<Mapping<dim>>
    make_mapping(const Settings &settings)
    {
      if (settings.cells == CellShape::simplex)
        return std::make_unique<MappingFE<dim>>(
          FE_SimplexP<dim>(std::min(2u, settings.mapping_degree)));
      return std::make_unique<MappingQ<dim>>(settings.mapping_degree);
    }

    unsigned int
    dilatation_degree(const Settings &settings)
    {
      if (settings.dilatation_degree >= 0)
        {
          // On simplices the P1 dilatation of a P2 element over-constrains
          // the volume change (P2-P1dc is not inf-sup stable): it locks.
          if (settings.cells == CellShape::simplex &&
              settings.dilatation_degree > 0)
            throw ScenarioError(
              "tetrahedral cells take a constant (degree 0) dilatation space");
          return settings.dilatation_degree;
        }
      if (settings.cells == CellShape::simplex)
        return 0;
      return settings.degree - 1;
    }
  } // namespace construction

  template <int dim>
  Quadrature<dim>
  Solid<dim>::Impl::cell_rule(const unsigned int n) const
  {
    // deal.II 9.4 tabulates simplex Gauss rules up to 4 points per direction
    // (exact to degree 7): enough for every integrand here.
    if (simplex_cells())
      return QGaussSimplex<dim>(std::min(n, 4u));
    return QGauss<dim>(n);
  }

  template <int dim>
  Quadrature<dim - 1>
  Solid<dim>::Impl::face_rule(const unsigned int n) const
  {
    if (simplex_cells())
      return QGaussSimplex<dim - 1>(std::min(n, 4u));
    return QGauss<dim - 1>(n);
  }

  template <int dim>
  Solid<dim>::Impl::Impl(Problem<dim> problem_in, MPI_Comm comm)
      : problem(std::move(problem_in))
      , comm(comm)
      , pcout(std::cerr,
              problem.settings.verbose &&
                Utilities::MPI::this_mpi_process(comm) == 0)
      , triangulation_owner(
          construction::make_triangulation<dim>(problem.settings, comm))
      , triangulation(*triangulation_owner)
      , fe(*construction::make_scalar_element<dim>(problem.settings), dim)
      , mapping_owner(construction::make_mapping<dim>(problem.settings))
      , mapping(*mapping_owner)
      , dof_handler(triangulation)
      , quadrature(cell_rule(problem.settings.degree + 1))
      , face_quadrature(face_rule(problem.settings.degree + 1))
      , dilatation_degree(construction::dilatation_degree(problem.settings))
      , contact_term(problem.contacts, problem.settings.round_contact_kink)
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
    tension_floor_of_id.assign(max_id + 1, nullptr);
    layer_bond_of_id.assign(max_id + 1, nullptr);
    for (const auto &[id, f] : problem.layer_bond)
      if (id <= max_id)
        layer_bond_of_id[id] = f;
    for (const auto &[id, f] : problem.fibre_active_stress)
      if (id <= max_id)
        active_stress_of_id[id] = f;
    for (const auto &[id, f] : problem.fibre_tension_floor)
      if (id <= max_id)
        tension_floor_of_id[id] = f;
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

    make_point_supports();
    make_reaction_dofs();
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
        if (!problem.point_supports.empty())
          throw ScenarioError("Linear solver = mf-gmg does not support point "
                              "supports (a pinned knee): use cg-amg or direct");
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
  Solid<dim>::Impl::make_reaction_dofs()
  {
    reaction_dofs.clear();
    std::vector<types::global_dof_index> face_dofs(fe.n_dofs_per_face());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && cell->at_boundary())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary())
            for (const auto &bc : problem.dirichlet)
              if (bc.boundary_id == cell->face(f)->boundary_id())
                {
                  cell->face(f)->get_dof_indices(face_dofs);
                  for (unsigned int i = 0; i < face_dofs.size(); ++i)
                    {
                      const unsigned int c =
                        fe.face_system_to_component_index(i).first;
                      if (c < dim && bc.components[c])
                        reaction_dofs.emplace(face_dofs[i],
                                              std::make_pair(bc.boundary_id,
                                                             c));
                    }
                }
    for (const auto &[key, dofs] : point_support_dofs)
      for (const auto &[dof, c] : dofs)
        reaction_dofs.emplace(dof, std::make_pair(key, c));
  }

  template <int dim>
  void
  Solid<dim>::Impl::make_point_supports()
  {
    point_support_dofs.clear();
    for (const auto &pin : problem.point_supports)
      {
        // The nearest vertex over all ranks; ties go to the smallest
        // coordinates, so that every rank picks the same one.
        double     best = std::numeric_limits<double>::max();
        Point<dim> where;
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (!cell->is_artificial())
            for (const auto v : cell->vertex_indices())
              {
                const double d = cell->vertex(v).distance(pin.point);
                if (d < best - 1e-12 ||
                    (d < best + 1e-12 && cell->vertex(v)[0] < where[0]))
                  {
                    best  = d;
                    where = cell->vertex(v);
                  }
              }
        const double global_best = Utilities::MPI::min(best, comm);
        double       x_min       = best <= global_best + 1e-12 ?
                                     where[0] :
                                     std::numeric_limits<double>::max();
        x_min                    = Utilities::MPI::min(x_min, comm);
        std::vector<std::pair<types::global_dof_index, unsigned int>> dofs;
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (!cell->is_artificial())
            for (const auto v : cell->vertex_indices())
              if (std::abs(cell->vertex(v).distance(pin.point) - global_best) <
                    1e-12 &&
                  std::abs(cell->vertex(v)[0] - x_min) < 1e-12)
                for (unsigned int c = 0; c < dim; ++c)
                  if (pin.components[c])
                    {
                      const auto dof = cell->vertex_dof_index(v, c);
                      if (std::find(dofs.begin(),
                                    dofs.end(),
                                    std::make_pair(dof, c)) == dofs.end())
                        dofs.emplace_back(dof, c);
                    }
        point_support_dofs.emplace_back(pin.key, std::move(dofs));
      }
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
  Solid<dim>::Impl::make_constraints(const double load)
  {
    // Inhomogeneous constraints carry the remaining gap g(t) - u on Dirichlet
    // DOFs, so the Newton update moves the boundary to where it must be and
    // the interior follows in the same linear solve.
    constraints.clear();
    constraints.reinit(relevant_dofs);
    constraints.merge(hanging_constraints);
    // A held DOF's constraint carries the remaining way to its target.
    const auto hold = [this](const types::global_dof_index dof,
                             const double                  target) {
      if (constraints.is_constrained(dof))
        return;
      constraints.add_line(dof);
      const double u =
        relevant_dofs.is_element(dof) && solution_ghosted.size() > 0 ?
          solution_ghosted(dof) :
          0.;
      constraints.set_inhomogeneity(dof, target - u);
    };
    for (const auto &bc : problem.dirichlet)
      {
        bc.displacement->set_time(load);
        std::map<types::global_dof_index, double> values;
        VectorTools::interpolate_boundary_values(mapping,
                                                 dof_handler,
                                                 bc.boundary_id,
                                                 *bc.displacement,
                                                 values,
                                                 bc.components);
        for (const auto &[dof, g] : values)
          hold(dof, g);
      }
    for (const auto &[key, dofs] : point_support_dofs)
      for (const auto &[dof, c] : dofs)
        hold(dof, 0.);
    add_region_constraints(load);
    constraints.close();
  }

  template <int dim>
  void
  Solid<dim>::Impl::add_region_constraints(const double load)
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
        bc.displacement->set_time(load);
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
            const bool follows_another =
              bc.follow_region != numbers::invalid_material_id;
            const types::material_id master_region =
              follows_another ? bc.follow_region : bc.region;
            double best = std::numeric_limits<double>::max();
            for (const auto &cell : dof_handler.active_cell_iterators())
              if (cell->material_id() == master_region)
                {
                  support.reinit(cell);
                  cell->get_dof_indices(dofs);
                  // The node nearest to the follow point, or the first.
                  unsigned int node = 0;
                  if (follows_another)
                    {
                      for (unsigned int i = 1; i < dofs.size(); ++i)
                        if (support.quadrature_point(i).distance(
                              bc.follow_point) <
                            support.quadrature_point(node).distance(
                              bc.follow_point))
                          node = i;
                      const double d = support.quadrature_point(node).distance(
                        bc.follow_point);
                      if (!(d < best))
                        continue;
                      best = d;
                    }
                  master_X = support.quadrature_point(node);
                  for (unsigned int i = 0; i < dofs.size(); ++i)
                    if (support.quadrature_point(i).distance(master_X) <
                        1e-12 * (1. + master_X.norm()))
                      master[fe.system_to_component_index(i).first] = dofs[i];
                  if (!follows_another)
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
  dealii::Tensor<1, dim>
  Solid<dim>::support_reaction(const dealii::types::boundary_id boundary) const
  {
    const auto it = impl->reactions.find(boundary);
    return it == impl->reactions.end() ? Tensor<1, dim>() : it->second;
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
