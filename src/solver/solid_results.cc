// Flattening the solved state into the plain arrays of the results file
// (output/results_data.h): vertices and cells of this rank, nodal
// displacement, per-cell stress measures averaged over the quadrature
// points and, with contact, the nodal contact pressure. Cell averages and
// vertex values are partition independent, so a distributed run writes
// exactly what a serial one does.
#include <deal.II/base/parallel.h>
#include <deal.II/base/symmetric_tensor.h>

#include "solver/kinematics.h"
#include "solver/solid_impl.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

namespace plantarfe::solver
{
  namespace
  {
    // deal.II numbers a hypercube's vertices lexicographically; VTK/XDMF go
    // around. Its simplices are numbered as VTK's (the reference triangle
    // and tetrahedron with positive orientation).
    const std::vector<unsigned int> &
    vtk_vertex_order(const ReferenceCell &shape)
    {
      static const std::vector<unsigned int> quad = {0, 1, 3, 2};
      static const std::vector<unsigned int> hex  = {0, 1, 3, 2, 4, 5, 7, 6};
      static const std::vector<unsigned int> triangle    = {0, 1, 2};
      static const std::vector<unsigned int> tetrahedron = {0, 1, 2, 3};
      if (shape == ReferenceCells::Triangle)
        return triangle;
      if (shape == ReferenceCells::Tetrahedron)
        return tetrahedron;
      return shape == ReferenceCells::Quadrilateral ? quad : hex;
    }

    // Local point number of every vertex used by this rank's cells, in the
    // order results_mesh() lists them; indexed by the triangulation's vertex
    // index (a flat array: a std::map of a million vertices cost 0.3 s).
    struct LocalPoints
    {
      static constexpr std::uint64_t none =
        std::numeric_limits<std::uint64_t>::max();
      std::vector<std::uint64_t> of_vertex;
      std::uint64_t              count = 0;
    };

    template <int dim>
    LocalPoints
    local_points(const DoFHandler<dim> &dof_handler)
    {
      LocalPoints points;
      points.of_vertex.assign(dof_handler.get_triangulation().n_vertices(),
                              LocalPoints::none);
      for (const auto &cell : dof_handler.active_cell_iterators())
        if (cell->is_locally_owned())
          for (const unsigned int v : vtk_vertex_order(cell->reference_cell()))
            {
              std::uint64_t &p = points.of_vertex[cell->vertex_index(v)];
              if (p == LocalPoints::none)
                p = points.count++;
            }
      return points;
    }

    // Penalty contact pressure at the points of results_mesh(): at vertices
    // of contact boundaries the penalty law at the deformed vertex, 0
    // elsewhere. Boundary faces are looked up on owned and ghost cells, so a
    // vertex listed by several ranks gets the same value on each (a vertex of
    // an owned cell may lie on a contact face of a neighbour only).
    template <int dim, typename PressureLaw>
    output::Field
    contact_pressure_field(const DoFHandler<dim>               &dofs,
                           const TrilinosWrappers::MPI::Vector &u_all,
                           const PressureLaw                   &law,
                           const LocalPoints                   &points)
    {
      std::map<unsigned int, double> at_vertex;
      for (const auto &cell : dofs.active_cell_iterators())
        if (!cell->is_artificial() && cell->at_boundary())
          for (const auto f : cell->face_indices())
            {
              const auto face = cell->face(f);
              if (!face->at_boundary())
                continue;
              for (const unsigned int v : face->vertex_indices())
                {
                  Tensor<1, dim> u;
                  for (unsigned int c = 0; c < dim; ++c)
                    u[c] = u_all(face->vertex_dof_index(v, c));
                  const double p = law(face->boundary_id(), face->vertex(v), u);
                  double      &stored = at_vertex[face->vertex_index(v)];
                  stored              = std::max(stored, p);
                }
            }
      output::Field field{"contact_pressure", "Pa", 1, false, {}};
      field.values.assign(points.count, 0.);
      for (const auto &[vertex, p] : at_vertex)
        if (points.of_vertex[vertex] != LocalPoints::none)
          field.values[points.of_vertex[vertex]] = p;
      return field;
    }
  } // namespace

  template <int dim>
  output::MeshData
  Solid<dim>::results_mesh() const
  {
    const Impl      &s = *impl;
    output::MeshData mesh;
    mesh.dim = dim;
    mesh.vertices_per_cell =
      s.triangulation.get_reference_cells().front().n_vertices();
    const auto points = local_points(s.dof_handler);
    mesh.points.resize(3 * points.count, 0.);
    const auto &vertices = s.triangulation.get_vertices();
    for (std::size_t vertex = 0; vertex < points.of_vertex.size(); ++vertex)
      if (points.of_vertex[vertex] != LocalPoints::none)
        for (unsigned int d = 0; d < dim; ++d)
          mesh.points[3 * points.of_vertex[vertex] + d] = vertices[vertex][d];
    for (const auto &cell : s.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          for (const unsigned int v : vtk_vertex_order(cell->reference_cell()))
            mesh.cells.push_back(points.of_vertex[cell->vertex_index(v)]);
          mesh.region.push_back(cell->material_id());
        }
    return mesh;
  }

  template <int dim>
  output::StepData
  Solid<dim>::results_step(const unsigned int index,
                           const double       load_fraction) const
  {
    const Impl      &s = *impl;
    output::StepData step;
    step.index         = index;
    step.load_fraction = load_fraction;

    // Nodal displacement from the vertex DOFs (z = 0 in 2D).
    const auto    points = local_points(s.dof_handler);
    output::Field u{"displacement", "m", 3, false, {}};
    u.values.assign(3 * points.count, 0.);
    std::vector<typename DoFHandler<dim>::active_cell_iterator> cells;
    for (const auto &cell : s.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        cells.push_back(cell);
    for (const auto &cell : cells)
      for (const unsigned int v : cell->vertex_indices())
        {
          const std::uint64_t p = points.of_vertex[cell->vertex_index(v)];
          for (unsigned int c = 0; c < dim; ++c)
            u.values[3 * p + c] =
              s.solution_ghosted(cell->vertex_dof_index(v, c));
        }
    step.fields.push_back(std::move(u));

    // Cell averages of the Cauchy stress and what users read off it.
    const char        *names[6] = {"stress_xx",
                                   "stress_yy",
                                   "stress_zz",
                                   "stress_xy",
                                   "stress_yz",
                                   "stress_xz"};
    const unsigned int ij[6][2] = {
      {0, 0}, {1, 1}, {2, 2}, {0, 1}, {1, 2}, {0, 2}};
    std::vector<output::Field> components;
    for (const char *n : names)
      components.push_back({n, "Pa", 1, true, {}});
    output::Field von_mises_field{"von_mises", "Pa", 1, true, {}};
    output::Field principal{"max_principal_stress", "Pa", 1, true, {}};
    output::Field direction{"max_principal_direction", "-", 3, true, {}};
    output::Field jacobian{"J", "-", 1, true, {}};
    output::Field fibre_stretch{"fibre_stretch", "-", 1, true, {}};
    bool          any_fibres = false;
    for (const auto &f : s.fibre_of_id)
      any_fibres = any_fibres || static_cast<bool>(f);

    // Cells in parallel (threads), each writing its own slots: the same
    // values, in the same order, as a sequential loop.
    const std::size_t n_cells = cells.size();
    for (auto &c : components)
      c.values.resize(n_cells);
    von_mises_field.values.resize(n_cells);
    principal.values.resize(n_cells);
    direction.values.resize(3 * n_cells);
    jacobian.values.resize(n_cells);
    fibre_stretch.values.resize(n_cells);
    auto cell_range = [&](const std::size_t begin, const std::size_t end) {
      FEValues<dim>                    fev(s.mapping,
                        s.fe,
                        s.quadrature,
                        update_gradients | update_JxW_values |
                          update_quadrature_points);
      const FEValuesExtractors::Vector displacement(0);
      std::vector<Tensor<2, dim>>      grad_u(s.quadrature.size());
      for (std::size_t i = begin; i < end; ++i)
        {
          const auto &cell = cells[i];
          fev.reinit(cell);
          fev[displacement].get_function_gradients(s.solution_ghosted, grad_u);
          const auto  &law   = *s.material_of_id[cell->material_id()];
          const auto  &fibre = s.fibre_of_id[cell->material_id()];
          Tensor<2, 3> sigma;
          double       volume = 0., J = 0., stretch = 0.;
          for (unsigned int q = 0; q < grad_u.size(); ++q)
            {
              Tensor<2, dim> F = unit_symmetric_tensor<dim>();
              F += grad_u[q];
              const materials::PointData point =
                s.point_data(cell->material_id(), fev.quadrature_point(q));
              const auto F3 = embed(F);
              sigma += fev.JxW(q) * materials::cauchy_stress(law, F3, point);
              J += fev.JxW(q) * determinant(F);
              if (fibre)
                stretch += fev.JxW(q) * point.fibre_prestretch *
                           (F3 * point.fibre).norm() /
                           std::max(point.fibre.norm(), 1e-300);
              volume += fev.JxW(q);
            }
          sigma /= volume;
          for (unsigned int k = 0; k < 6; ++k)
            components[k].values[i] = sigma[ij[k][0]][ij[k][1]];
          von_mises_field.values[i] = von_mises(sigma);
          const auto eig            = eigenvectors(symmetrize(sigma));
          principal.values[i]       = eig[0].first;
          for (unsigned int d = 0; d < 3; ++d)
            direction.values[3 * i + d] = eig[0].second[d];
          jacobian.values[i] = J / volume;
          fibre_stretch.values[i] =
            fibre ? stretch / volume : std::numeric_limits<double>::quiet_NaN();
        }
    };
    parallel::apply_to_subranges(std::size_t(0), n_cells, cell_range, 256);
    for (auto &c : components)
      step.fields.push_back(std::move(c));
    step.fields.push_back(std::move(von_mises_field));
    step.fields.push_back(std::move(principal));
    step.fields.push_back(std::move(direction));
    step.fields.push_back(std::move(jacobian));
    if (any_fibres)
      step.fields.push_back(std::move(fibre_stretch));
    if (!s.problem.contacts.empty())
      step.fields.push_back(contact_pressure_field(
        s.dof_handler,
        s.solution_ghosted,
        [&s](const types::boundary_id b,
             const Point<dim>        &X,
             const Tensor<1, dim> &u) { return s.contact_pressure(b, X, u); },
        points));
    return step;
  }

  template output::MeshData
  Solid<2>::results_mesh() const;
  template output::MeshData
  Solid<3>::results_mesh() const;
  template output::StepData
  Solid<2>::results_step(unsigned int, double) const;
  template output::StepData
  Solid<3>::results_step(unsigned int, double) const;
} // namespace plantarfe::solver
