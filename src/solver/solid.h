// Quasi-static finite-strain solid (total Lagrangian), dim = 2 (plane strain)
// or 3. Displacement is the only global field; for nearly incompressible
// laws the three-field u-p-J formulation with discontinuous pressure and
// dilatation is condensed cell by cell (see mixed_projection.h), so the
// global tangent stays a displacement-only, symmetric matrix that CG with
// AMG (given the rigid-body modes) can solve.
#pragma once

#include <deal.II/base/mpi.h>
#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>
#include <deal.II/base/types.h>

#include "output/results_data.h"
#include "solver/problem.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace plantarfe::solver
{
  /// What happened in one accepted load step.
  struct StepRecord
  {
    double              load_fraction     = 0.;
    unsigned int        newton_iterations = 0;
    unsigned int        linear_iterations = 0;
    std::vector<double> residuals; ///< free-DOF residual norm per iteration (N)
  };

  struct SolveReport
  {
    bool                    converged             = false;
    double                  load_fraction_reached = 0.;
    std::string             failure_reason; ///< empty when converged
    unsigned int            cutbacks = 0;
    std::vector<StepRecord> steps;
    unsigned long long      n_dofs = 0;
    std::string             linear_solver; ///< what was actually used
    double                  time_setup_s    = 0.;
    double                  time_assembly_s = 0.;
    double time_solve_s = 0.; ///< linear solves incl. preconditioner set-up
    /// Newton iterations of the converged steps.
    unsigned int total_newton_iterations = 0;
    unsigned int total_linear_iterations = 0;
    /// Newton iterations spent in attempts that failed and were cut back
    /// (work done, no step gained).
    unsigned int failed_newton_iterations = 0;
    /// Half-width (m) of the rounding of the contact law's kink (0: the
    /// sharp law; ContactTerm::round_kink).
    double contact_smoothing_m = 0.;
  };

  /// What one contact condition carries in the current state.
  struct ContactResult
  {
    /// Total force on the body: pressure and friction (N; 2D per m depth).
    dealii::Tensor<1, 3> force_N;
    double               area_m2          = 0.; ///< reference area in contact
    double               peak_pressure_Pa = 0.;
  };

  /// The state at one quadrature point, handed to metric visitors.
  template <int dim>
  struct PointState
  {
    dealii::Point<dim>         X; ///< reference position
    dealii::types::material_id region     = 0;
    unsigned int               cell_index = 0; ///< active cell index
    dealii::Tensor<2, 3>       F;
    dealii::Tensor<2, 3>       P;     ///< first Piola stress (Pa)
    dealii::Tensor<2, 3>       sigma; ///< Cauchy stress (Pa)
    /// Unit reference fibre direction (zero without fibres) and the fibre
    /// stretch relative to the fibre's slack length.
    dealii::Tensor<1, 3> fibre;
    double               fibre_stretch = 1.;
    double               JxW           = 0.; ///< reference volume weight
  };

  /// One quadrature point of a contact surface.
  template <int dim>
  struct ContactPointState
  {
    unsigned int         contact = 0;      ///< index into Problem::contacts
    dealii::Point<dim>   X;                ///< reference position
    dealii::Tensor<1, 3> x;                ///< current position
    double               gap         = 0.; ///< m, negative = penetration
    double               pressure_Pa = 0.;
    dealii::Tensor<1, 3> normal; ///< obstacle normal (into the body)
    /// Friction traction on the body (Pa, tangential; zero without
    /// friction).
    dealii::Tensor<1, 3> shear_Pa;
    double               JxW = 0.; ///< reference area weight
  };

  template <int dim>
  class Solid
  {
  public:
    Solid(Problem<dim> problem, MPI_Comm comm = MPI_COMM_WORLD);
    ~Solid();

    /// Runs the load steps. Never throws for a failed solve: the report says
    /// whether it converged and, if not, why and at which load fraction.
    SolveReport
    solve(const std::function<void(const StepRecord &)> &after_step = {});

    /// Displacement at a reference point (collective over ranks).
    dealii::Tensor<1, dim>
    point_displacement(const dealii::Point<dim> &X) const;

    /// Cauchy stress (3x3, Pa) at a reference point (collective).
    dealii::Tensor<2, 3>
    point_cauchy_stress(const dealii::Point<dim> &X) const;

    /// Force, area and peak pressure of each contact condition, in the
    /// order of Problem::contacts (collective).
    std::vector<ContactResult>
    contact_results() const;

    /// L2 and H1-seminorm errors against an exact displacement (collective).
    std::pair<double, double>
    displacement_errors(const dealii::Function<dim> &exact) const;

    /// Writes <directory>/<base>.vtu (or .pvtu + pieces under MPI) with the
    /// displacement, Cauchy stress, von Mises stress, J, region ids and, when
    /// the problem has contacts, the contact pressure (Pa) on contact faces.
    /// Returns the file name written (the record for a PVD collection).
    std::string
    write_vtu(const std::string &directory,
              const std::string &base,
              const double       load_fraction) const;

    /// This rank's part of the mesh (vertices of its cells, VTK vertex
    /// order, region ids) for the results file.
    output::MeshData
    results_mesh() const;

    /// The fields of the current state on the points and cells of
    /// results_mesh(): displacement (nodal); Cauchy stress components,
    /// von Mises, max principal stress and its direction, J and, where
    /// fibres exist, the fibre stretch (cell averages over the quadrature
    /// points); when the problem has contacts, the nodal contact pressure
    /// (Pa): penalty * max(0, -gap) at the deformed position of vertices of
    /// contact boundaries, 0 at all other points.
    output::StepData
    results_step(unsigned int index, double load_fraction) const;

    /// Calls @p visit for every quadrature point of this rank's cells in
    /// the given regions (material ids; the caller sums over ranks). The
    /// stresses are evaluated only there: in 2D most of the mesh is pad and
    /// soft tissue in plane stress, whose every evaluation is a search.
    void
    for_each_point(
      const std::vector<dealii::types::material_id>      &regions,
      const std::function<void(const PointState<dim> &)> &visit) const;

    /// Calls @p visit for every quadrature point of this rank's contact
    /// faces, touching or not (pressure 0 when open).
    void
    for_each_contact_point(
      const std::function<void(const ContactPointState<dim> &)> &visit) const;

    /// Force (N; 2D: per unit depth) the Dirichlet support on @p boundary
    /// exerts on the body in the last assembled state (zero for a boundary
    /// without one). Identical on all ranks.
    dealii::Tensor<1, dim>
    support_reaction(dealii::types::boundary_id boundary) const;

    /// Force (N; 2D: per unit depth) each of Problem::foundations exerts on
    /// the body in the current state, in their order. Identical on all
    /// ranks.
    std::vector<dealii::Tensor<1, dim>>
    foundation_forces() const;

    unsigned long long
    n_dofs() const;

    /// The communicator the solid is distributed over.
    MPI_Comm
    communicator() const;

    double
    cell_size_min() const;

    /// Load fraction the state was last assembled at: inside an after_step
    /// callback, that step's (for metrics that depend on the load).
    double
    load_fraction() const;

  private:
    class Impl;
    std::unique_ptr<Impl> impl;
  };
} // namespace plantarfe::solver
