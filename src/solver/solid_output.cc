// Reading results off the solved state: point values, error norms, VTU
// files. Kept apart from assembly and Newton to keep both translation units
// small.
#include <deal.II/base/data_out_base.h>
#include <deal.II/fe/mapping_q1.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/numerics/data_out.h>
#include <deal.II/numerics/data_postprocessor.h>
#include <deal.II/numerics/vector_tools.h>

#include "base/errors.h"
#include "contact/obstacle.h"
#include "output/atomic_file.h"
#include "solver/kinematics.h"
#include "solver/solid_impl.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <sstream>

namespace plantarfe::solver
{
  namespace
  {
    // Evaluates displacement gradient and value at X on the rank that owns
    // the cell containing it; returns whether this rank found it.
    template <int dim>
    bool
    evaluate_at(const Mapping<dim>                  &mapping,
                const DoFHandler<dim>               &dof_handler,
                const TrilinosWrappers::MPI::Vector &u,
                const Point<dim>                    &X,
                Tensor<1, dim>                      &value,
                Tensor<2, dim>                      &gradient,
                types::material_id                  &material)
    {
      for (const auto &cell : dof_handler.active_cell_iterators())
        {
          if (!cell->is_locally_owned())
            continue;
          const double tol = 1e-10 * cell->diameter();
          // Cheap rejection first: the inverse mapping of a cell far from X
          // fails by throwing, and throwing for every cell of the mesh made
          // one point lookup cost as much as an assembly.
          auto box = mapping.get_bounding_box(cell);
          box.extend(tol);
          if (!box.point_inside(X))
            continue;
          bool       inside = false;
          Point<dim> unit;
          try
            {
              unit   = mapping.transform_real_to_unit_cell(cell, X);
              inside = cell->reference_cell().contains_point(unit, tol);
            }
          catch (const typename Mapping<dim>::ExcTransformationFailed &)
            {}
          if (!inside)
            continue;
          // A point a rounding error outside a hypercube moves onto it; a
          // simplex's unit point is used as found (within tol of the cell).
          if (cell->reference_cell().is_hyper_cube())
            unit = GeometryInfo<dim>::project_to_unit_cell(unit);
          FEValues<dim> fev(mapping,
                            dof_handler.get_fe(),
                            Quadrature<dim>(unit),
                            update_values | update_gradients);
          fev.reinit(cell);
          std::vector<Tensor<1, dim>>      v(1);
          std::vector<Tensor<2, dim>>      g(1);
          const FEValuesExtractors::Vector disp(0);
          fev[disp].get_function_values(u, v);
          fev[disp].get_function_gradients(u, g);
          value    = v[0];
          gradient = g[0];
          material = cell->material_id();
          return true;
        }
      return false;
    }
  } // namespace

  namespace
  {
    template <int dim>
    struct PointSample
    {
      Tensor<1, dim>     value;
      Tensor<2, dim>     gradient;
      types::material_id material = 0;
      bool               owner    = false; ///< this rank reports the point
    };

    // Collective: evaluates at X on the lowest rank whose cells contain it.
    template <int dim>
    PointSample<dim>
    sample_at(const Mapping<dim>                  &mapping,
              const DoFHandler<dim>               &dof_handler,
              const TrilinosWrappers::MPI::Vector &u,
              const Point<dim>                    &X,
              const MPI_Comm                       comm)
    {
      PointSample<dim> s;
      const bool       found = evaluate_at(
        mapping, dof_handler, u, X, s.value, s.gradient, s.material);
      const unsigned int rank = Utilities::MPI::this_mpi_process(comm);
      const unsigned int owner =
        Utilities::MPI::min(found ? rank : numbers::invalid_unsigned_int, comm);
      if (owner == numbers::invalid_unsigned_int)
        {
          std::ostringstream where;
          where << "point (";
          for (unsigned int d = 0; d < dim; ++d)
            where << (d > 0 ? ", " : "") << X[d] * 1e3;
          where << ") mm is outside the mesh";
          throw ScenarioError(where.str());
        }
      s.owner = rank == owner;
      return s;
    }
  } // namespace

  template <int dim>
  Tensor<1, dim>
  Solid<dim>::Impl::displacement_at(const TrilinosWrappers::MPI::Vector &u,
                                    const Point<dim> &X) const
  {
    const auto s = sample_at(mapping, dof_handler, u, X, comm);
    return Utilities::MPI::sum(s.owner ? s.value : Tensor<1, dim>(), comm);
  }

  template <int dim>
  Tensor<1, dim>
  Solid<dim>::point_displacement(const Point<dim> &X) const
  {
    return impl->displacement_at(impl->solution_ghosted, X);
  }

  template <int dim>
  Tensor<2, 3>
  Solid<dim>::point_cauchy_stress(const Point<dim> &X) const
  {
    const auto s = sample_at(
      impl->mapping, impl->dof_handler, impl->solution_ghosted, X, impl->comm);
    Tensor<2, 3> sigma;
    if (s.owner)
      {
        Tensor<2, dim> F = unit_symmetric_tensor<dim>();
        F += s.gradient;
        const materials::PointData point = impl->point_data(s.material, X);
        sigma = materials::cauchy_stress(*impl->material_of_id[s.material],
                                         embed(F),
                                         point);
      }
    return Utilities::MPI::sum(sigma, impl->comm);
  }

  namespace
  {
    /// Values, points and weights on boundary faces with the solid's face
    /// rule: what the contact and foundation sums evaluate.
    template <int dim>
    FEFaceValues<dim>
    point_face_values(const Mapping<dim>        &mapping,
                      const FiniteElement<dim>  &fe,
                      const Quadrature<dim - 1> &face_rule)
    {
      return FEFaceValues<dim>(mapping,
                               fe,
                               face_rule,
                               update_values | update_JxW_values |
                                 update_quadrature_points);
    }
  } // namespace

  template <int dim>
  void
  Solid<dim>::for_each_contact_point(
    const std::function<void(const ContactPointState<dim> &)> &visit) const
  {
    const Impl       &s = *impl;
    FEFaceValues<dim> ffv =
      point_face_values(s.mapping, s.fe, s.face_quadrature);
    const FEValuesExtractors::Vector displacement(0);
    std::vector<Tensor<1, dim>>      u(ffv.n_quadrature_points);
    ContactPointState<dim>           state;
    for (const auto &cell : s.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && cell->at_boundary())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary())
            for (unsigned int c = 0; c < s.problem.contacts.size(); ++c)
              if (s.problem.contacts[c].boundary_id ==
                  cell->face(f)->boundary_id())
                {
                  const auto &bc = s.problem.contacts[c];
                  ffv.reinit(cell, f);
                  ffv[displacement].get_function_values(s.solution_ghosted, u);
                  for (unsigned int q = 0; q < u.size(); ++q)
                    {
                      state.contact = c;
                      state.X       = ffv.quadrature_point(q);
                      state.x       = contact::Vector3();
                      for (unsigned int d = 0; d < dim; ++d)
                        state.x[d] = state.X[d] + u[q][d];
                      const auto gn =
                        bc.obstacle->evaluate_at(state.x,
                                                 s.current_load_fraction);
                      state.gap         = gn.gap;
                      state.pressure_Pa = s.contact_term.pressure(bc, gn.gap);
                      state.normal      = gn.normal;
                      contact::Vector3 X3;
                      for (unsigned int d = 0; d < dim; ++d)
                        X3[d] = state.X[d];
                      state.shear_Pa = s.contact_term.friction_traction(
                        cell, f, c, q, X3, state.x, s.current_load_fraction);
                      state.JxW = ffv.JxW(q);
                      visit(state);
                    }
                }
  }

  template <int dim>
  double
  Solid<dim>::load_fraction() const
  {
    return impl->current_load_fraction;
  }

  template <int dim>
  std::vector<ContactResult>
  Solid<dim>::contact_results() const
  {
    std::vector<ContactResult> results(impl->problem.contacts.size());
    // Every point that pushes counts: the rounded penalty law
    // (ContactTerm::round_kink) pushes a hair off the obstacle too, and a
    // light load (a block under its own weight) may be carried there alone.
    for_each_contact_point([&](const ContactPointState<dim> &p) {
      if (!(p.pressure_Pa > 0.))
        return;
      auto &r = results[p.contact];
      r.force_N += (p.pressure_Pa * p.normal + p.shear_Pa) * p.JxW;
      r.area_m2 += p.JxW;
      r.peak_pressure_Pa = std::max(r.peak_pressure_Pa, p.pressure_Pa);
    });
    for (auto &r : results)
      {
        r.force_N = Utilities::MPI::sum(r.force_N, impl->comm);
        r.area_m2 = Utilities::MPI::sum(r.area_m2, impl->comm);
        r.peak_pressure_Pa =
          Utilities::MPI::max(r.peak_pressure_Pa, impl->comm);
      }
    return results;
  }

  template <int dim>
  std::vector<Tensor<1, dim>>
  Solid<dim>::foundation_forces() const
  {
    const Impl       &s = *impl;
    FEFaceValues<dim> ffv =
      point_face_values(s.mapping, s.fe, s.face_quadrature);
    const FEValuesExtractors::Vector displacement(0);
    std::vector<Tensor<1, dim>>      u(ffv.n_quadrature_points);
    std::vector<Tensor<1, dim>>      forces(s.problem.foundations.size());
    for (const auto &cell : s.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && cell->at_boundary())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary())
            for (unsigned int i = 0; i < forces.size(); ++i)
              {
                const auto  &support = s.problem.foundations[i];
                const double k = support.stiffness(s.current_load_fraction);
                if (support.boundary_id != cell->face(f)->boundary_id() ||
                    !(k > 0.))
                  continue;
                ffv.reinit(cell, f);
                ffv[displacement].get_function_values(s.solution_ghosted, u);
                // The same points and traction -k u as the weak form
                // (assembly.cc, add_foundations): what it adds to the
                // residual is what it exerts on the body.
                for (unsigned int q = 0; q < u.size(); ++q)
                  if (!support.where || support.where(ffv.quadrature_point(q)))
                    forces[i] -= k * ffv.JxW(q) * u[q];
              }
    for (auto &force : forces)
      force = Utilities::MPI::sum(force, s.comm);
    return forces;
  }

  template <int dim>
  void
  Solid<dim>::for_each_point(
    const std::vector<types::material_id>              &regions,
    const std::function<void(const PointState<dim> &)> &visit) const
  {
    const Impl                      &s = *impl;
    FEValues<dim>                    fev(s.mapping,
                      s.fe,
                      s.quadrature,
                      update_gradients | update_JxW_values |
                        update_quadrature_points);
    const FEValuesExtractors::Vector displacement(0);
    std::vector<Tensor<2, dim>>      grad_u(s.quadrature.size());
    PointState<dim>                  state;
    for (const auto &cell : s.dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() &&
          std::find(regions.begin(), regions.end(), cell->material_id()) !=
            regions.end())
        {
          fev.reinit(cell);
          fev[displacement].get_function_gradients(s.solution_ghosted, grad_u);
          const auto &law  = *s.material_of_id[cell->material_id()];
          state.region     = cell->material_id();
          state.cell_index = cell->active_cell_index();
          for (unsigned int q = 0; q < grad_u.size(); ++q)
            {
              Tensor<2, dim> F = unit_symmetric_tensor<dim>();
              F += grad_u[q];
              state.X = fev.quadrature_point(q);
              const materials::PointData point =
                s.point_data(state.region, state.X);
              state.F = embed(F);
              materials::total_stresses(
                law, state.F, point, state.P, state.sigma);
              const double n = point.fibre.norm();
              state.fibre    = n > 0. ? materials::Vector3(point.fibre / n) :
                                        materials::Vector3();
              state.fibre_stretch = n > 0. ? point.fibre_prestretch *
                                               (state.F * state.fibre).norm() :
                                             1.;
              state.JxW           = fev.JxW(q);
              visit(state);
            }
        }
  }

  template <int dim>
  std::pair<double, double>
  Solid<dim>::displacement_errors(const Function<dim> &exact) const
  {
    const Quadrature<dim> q =
      impl->cell_rule(impl->problem.settings.degree + 3);
    Vector<float> cell_errors(impl->triangulation.n_active_cells());
    VectorTools::integrate_difference(impl->mapping,
                                      impl->dof_handler,
                                      impl->solution_ghosted,
                                      exact,
                                      cell_errors,
                                      q,
                                      VectorTools::L2_norm);
    const double l2 = VectorTools::compute_global_error(impl->triangulation,
                                                        cell_errors,
                                                        VectorTools::L2_norm);
    VectorTools::integrate_difference(impl->mapping,
                                      impl->dof_handler,
                                      impl->solution_ghosted,
                                      exact,
                                      cell_errors,
                                      q,
                                      VectorTools::H1_seminorm);
    const double h1 =
      VectorTools::compute_global_error(impl->triangulation,
                                        cell_errors,
                                        VectorTools::H1_seminorm);
    return {l2, h1};
  }

} // namespace plantarfe::solver

// ---------------------------------------------------------------------------
// VTU output (kept beside the solver: it needs the laws per region to turn
// displacement gradients into stresses).
namespace plantarfe::solver
{
  namespace
  {
    template <int dim>
    class StressPostprocessor : public DataPostprocessor<dim>
    {
    public:
      StressPostprocessor(
        const std::vector<std::shared_ptr<const materials::Material>> &laws,
        std::function<materials::PointData(types::material_id,
                                           const Point<dim> &)> point_data)
          : laws(laws)
          , point_data(std::move(point_data))
      {}

      void
      evaluate_vector_field(
        const DataPostprocessorInputs::Vector<dim> &in,
        std::vector<Vector<double>>                &computed) const override
      {
        const auto cell = in.template get_cell<dim>();
        const auto id   = cell->material_id();
        for (unsigned int q = 0; q < in.solution_gradients.size(); ++q)
          {
            Tensor<2, dim> F = unit_symmetric_tensor<dim>();
            for (unsigned int i = 0; i < dim; ++i)
              F[i] += in.solution_gradients[q][i];
            const materials::PointData point =
              point_data(id, in.evaluation_points[q]);
            // Patch vertices are not quadrature points: a badly distorted
            // cell can have J <= 0 there even when the solution is valid at
            // every quadrature point. Such a point gets NaN (ParaView shows
            // it as missing) instead of a law evaluated outside its domain.
            if (!(determinant(F) > 0.))
              {
                for (auto &v : computed[q])
                  v = std::numeric_limits<double>::quiet_NaN();
                continue;
              }
            const auto sigma =
              materials::cauchy_stress(*laws[id], embed(F), point);
            // deal.II groups dim x dim components into a tensor; in plane
            // strain the out-of-plane stress follows as its own scalar.
            unsigned int k = 0;
            for (unsigned int i = 0; i < dim; ++i)
              for (unsigned int j = 0; j < dim; ++j)
                computed[q][k++] = sigma[i][j];
            if (dim == 2)
              computed[q][k++] = sigma[2][2];
            computed[q][k++] = von_mises(sigma);
            computed[q][k++] = determinant(F);
          }
      }

      std::vector<std::string>
      get_names() const override
      {
        std::vector<std::string> names(dim * dim, "cauchy_stress");
        if (dim == 2)
          names.push_back("stress_zz");
        names.push_back("von_mises");
        names.push_back("J");
        return names;
      }

      std::vector<DataComponentInterpretation::DataComponentInterpretation>
      get_data_component_interpretation() const override
      {
        std::vector<DataComponentInterpretation::DataComponentInterpretation>
          kinds(dim * dim,
                DataComponentInterpretation::component_is_part_of_tensor);
        if (dim == 2)
          kinds.push_back(DataComponentInterpretation::component_is_scalar);
        kinds.push_back(DataComponentInterpretation::component_is_scalar);
        kinds.push_back(DataComponentInterpretation::component_is_scalar);
        return kinds;
      }

      UpdateFlags
      get_needed_update_flags() const override
      {
        return update_gradients | update_quadrature_points;
      }

    private:
      const std::vector<std::shared_ptr<const materials::Material>> &laws;
      std::function<materials::PointData(types::material_id,
                                         const Point<dim> &)>
        point_data;
    };

    // Writes <directory>/<name> through an AtomicFile (its temporary is
    // removed again on failure). Returns an empty string, or what went wrong
    // with the system's reason, so that the ranks can agree before throwing.
    std::string
    write_through_temporary(const std::string &directory,
                            const std::string &name,
                            const std::function<void(std::ostream &)> &write)
    {
      try
        {
          output::AtomicFile file(directory + "/" + name);
          std::ostream      &out = file.stream();
          try
            {
              write(out); // deal.II throws ExcIO when the stream fails
            }
          catch (const std::exception &)
            {
              // commit() then reports write(2)'s reason (ENOSPC, EFBIG, ...).
              out.setstate(std::ios::badbit);
            }
          file.commit();
          return "";
        }
      catch (const std::exception &e)
        {
          return e.what();
        }
    }

    // Shows the first component of a vector in the displacement DoF layout as
    // one scalar (the contact pressure is stored there, see write_vtu).
    template <int dim>
    class FirstComponent : public DataPostprocessorScalar<dim>
    {
    public:
      explicit FirstComponent(const std::string &name)
          : DataPostprocessorScalar<dim>(name, update_values)
      {}

      void
      evaluate_vector_field(
        const DataPostprocessorInputs::Vector<dim> &in,
        std::vector<Vector<double>>                &computed) const override
      {
        for (unsigned int q = 0; q < in.solution_values.size(); ++q)
          computed[q](0) = in.solution_values[q](0);
      }
    };
  } // namespace

  template <int dim>
  std::string
  Solid<dim>::write_vtu(const std::string &directory,
                        const std::string &base,
                        const double       load_fraction) const
  {
    const Impl  &s = *impl;
    DataOut<dim> data_out;
    data_out.attach_dof_handler(s.dof_handler);
    const std::vector<std::string> names(dim, "displacement");
    data_out.add_data_vector(
      s.solution_ghosted,
      names,
      DataOut<dim>::type_dof_data,
      std::vector<DataComponentInterpretation::DataComponentInterpretation>(
        dim, DataComponentInterpretation::component_is_part_of_vector));
    StressPostprocessor<dim> stress(s.material_of_id,
                                    [&s](const types::material_id id,
                                         const Point<dim>        &X) {
                                      return s.point_data(id, X);
                                    });
    // 3x3 stress even in plane strain: sigma_zz is not zero there.
    data_out.add_data_vector(s.solution_ghosted, stress);
    Vector<float> region(s.triangulation.n_active_cells());
    for (const auto &cell : s.triangulation.active_cell_iterators())
      if (cell->is_locally_owned())
        region(cell->active_cell_index()) = cell->material_id();
    data_out.add_data_vector(region, "region");

    // Contact pressure: the penalty law at every support point of a contact
    // face (at vertices exactly what results_step() stores), held in the
    // x-component DoFs of a vector in the displacement layout so that the
    // patches interpolate it like the displacement. Computed for owned DoFs
    // from owned and ghost cells (every contact face through an owned DoF),
    // then ghosted.
    TrilinosWrappers::MPI::Vector pressure_ghosted;
    FirstComponent<dim>           pressure_postprocessor("contact_pressure");
    if (!s.problem.contacts.empty())
      {
        const FEValuesExtractors::Vector          displacement(0);
        FEValues<dim>                             fev(s.mapping,
                          s.fe,
                          Quadrature<dim>(s.fe.get_unit_support_points()),
                          update_values | update_quadrature_points);
        std::vector<Tensor<1, dim>>               u(s.fe.n_dofs_per_cell());
        std::vector<types::global_dof_index>      dofs(s.fe.n_dofs_per_cell());
        std::map<types::global_dof_index, double> at_dof;
        for (const auto &cell : s.dof_handler.active_cell_iterators())
          if (!cell->is_artificial() && cell->at_boundary())
            {
              bool reinitialised = false;
              for (const auto f : cell->face_indices())
                {
                  if (!cell->face(f)->at_boundary())
                    continue;
                  const auto b = cell->face(f)->boundary_id();
                  if (!reinitialised)
                    {
                      fev.reinit(cell);
                      fev[displacement].get_function_values(s.solution_ghosted,
                                                            u);
                      cell->get_dof_indices(dofs);
                      reinitialised = true;
                    }
                  for (unsigned int i = 0; i < dofs.size(); ++i)
                    if (s.fe.system_to_component_index(i).first == 0 &&
                        s.fe.has_support_on_face(i, f) &&
                        s.owned_dofs.is_element(dofs[i]))
                      {
                        const double p =
                          s.contact_pressure(b, fev.quadrature_point(i), u[i]);
                        double &stored = at_dof[dofs[i]];
                        stored         = std::max(stored, p);
                      }
                }
            }
        TrilinosWrappers::MPI::Vector pressure(s.owned_dofs, s.comm);
        for (const auto &[dof, p] : at_dof)
          pressure(dof) = p;
        pressure.compress(VectorOperation::insert);
        pressure_ghosted.reinit(s.owned_dofs, s.relevant_dofs, s.comm);
        pressure_ghosted = pressure;
        data_out.add_data_vector(pressure_ghosted, pressure_postprocessor);
      }
    data_out.build_patches(s.mapping,
                           s.problem.settings.degree,
                           DataOut<dim>::curved_inner_cells);

    DataOutBase::VtkFlags flags;
    flags.time = load_fraction;
    flags.compression_level =
      DataOutBase::VtkFlags::ZlibCompressionLevel::best_speed;
    data_out.set_flags(flags);

    // Atomic: every rank writes its piece under a temporary name, then
    // renames. A failure on any rank (full disk, removed folder) is thrown
    // on every rank, so that all leave together.
    const unsigned int rank    = Utilities::MPI::this_mpi_process(s.comm);
    const unsigned int n_ranks = Utilities::MPI::n_mpi_processes(s.comm);
    const std::string  piece =
      n_ranks == 1 ? base + ".vtu" :
                      base + "." + Utilities::int_to_string(rank, 4) + ".vtu";
    const std::string error =
      write_through_temporary(directory, piece, [&](std::ostream &out) {
        data_out.write_vtu(out);
      });
    if (Utilities::MPI::max(error.empty() ? 0 : 1, s.comm) != 0)
      throw IoError(error.empty() ? "writing " + directory + "/" + piece +
                                      " failed on another MPI rank" :
                                    error);
    if (n_ranks == 1)
      return piece;
    std::vector<std::string> pieces;
    for (unsigned int r = 0; r < n_ranks; ++r)
      pieces.push_back(base + "." + Utilities::int_to_string(r, 4) + ".vtu");
    const std::string record = base + ".pvtu";
    std::string       record_error;
    if (rank == 0)
      record_error =
        write_through_temporary(directory, record, [&](std::ostream &out) {
          data_out.write_pvtu_record(out, pieces);
        });
    record_error = Utilities::MPI::broadcast(s.comm, record_error, 0);
    if (!record_error.empty())
      throw IoError(record_error);
    return record;
  }
} // namespace plantarfe::solver

// The members defined in this file, for the two dimensions (the class itself
// is instantiated in solid.cc).
namespace plantarfe::solver
{
#define PLANTARFE_INSTANTIATE(dim)                                                      \
  template Tensor<1, dim> Solid<dim>::Impl::displacement_at(                            \
    const TrilinosWrappers::MPI::Vector &, const Point<dim> &) const;                   \
  template Tensor<1, dim> Solid<dim>::point_displacement(const Point<dim> &)            \
    const;                                                                              \
  template Tensor<2, 3> Solid<dim>::point_cauchy_stress(const Point<dim> &)             \
    const;                                                                              \
  template std::vector<ContactResult>  Solid<dim>::contact_results() const;             \
  template std::vector<Tensor<1, dim>> Solid<dim>::foundation_forces() const;           \
  template double                      Solid<dim>::load_fraction() const;               \
  template void                        Solid<dim>::for_each_point(                      \
    const std::vector<types::material_id> &,                     \
    const std::function<void(const PointState<dim> &)> &) const; \
  template void Solid<dim>::for_each_contact_point(                                     \
    const std::function<void(const ContactPointState<dim> &)> &) const;                 \
  template std::pair<double, double> Solid<dim>::displacement_errors(                   \
    const Function<dim> &) const;                                                       \
  template std::string Solid<dim>::write_vtu(const std::string &,                       \
                                             const std::string &,                       \
                                             const double) const;
  PLANTARFE_INSTANTIATE(2)
  PLANTARFE_INSTANTIATE(3)
#undef PLANTARFE_INSTANTIATE
} // namespace plantarfe::solver
