// Private to the solver: the state of Solid<dim>. Included by the solver's
// translation units only (solid.cc: set-up and constraints; assembly.cc:
// residual and tangent; newton.cc: load stepping, Newton and diagnostics;
// solid_output.cc, solid_results.cc: point values, VTU and results
// extraction), never by users of solid.h.
#pragma once

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/distributed/tria_base.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>
#include <deal.II/lac/vector.h>

#include "contact/obstacle.h"
#include "materials/material.h"
#include "solver/contact_term.h"
#include "solver/dilatation_projection.h"
#include "solver/mf_tangent.h"
#include "solver/solid.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace plantarfe::solver
{
  using namespace dealii;

  template <int dim>
  class Solid<dim>::Impl
  {
  public:
    Impl(Problem<dim> problem, MPI_Comm comm);

    void
    setup();
    SolveReport
    solve(const std::function<void(const StepRecord &)> &after_step);

    /// Assembles -R (free DOFs) into residual and, if requested, the tangent,
    /// at load fraction @p load. Returns false when some cell has J <= 0 at a
    /// quadrature point.
    bool
    assemble(const TrilinosWrappers::MPI::Vector &u_ghosted,
             double                               load,
             bool                                 with_matrix);

    /// Displacement of @p u (ghosted) at reference point @p X (collective).
    Tensor<1, dim>
    displacement_at(const TrilinosWrappers::MPI::Vector &u,
                    const Point<dim>                    &X) const;

    /// Where the last assemble() found inverted elements: count per region
    /// id (summed over ranks) and one reference position (m) per region.
    std::map<types::material_id, unsigned int> inverted_cells;
    std::map<types::material_id, Point<dim>>   inverted_where;
    /// "an element inverted (J <= 0) in <region> (...)" for messages.
    std::string
    describe_inversion() const;
    /// "; largest out-of-balance force ... in <region> near (...) mm".
    std::string
    describe_residual_peak() const;
    /// The largest displacement entry of @p v (free DOFs only if
    /// @p free_only), scaled by
    /// @p factor: value, unit, component (unless free_only), region and a
    /// cell centre (mm) around it.
    std::string
    describe_peak(const dealii::TrilinosWrappers::MPI::Vector &v,
                  bool                                         free_only,
                  double                                       factor,
                  const std::string                           &unit) const;

    /// Penalty contact pressure (Pa) at a point of boundary @p boundary in
    /// the current state (see ContactTerm::pressure_at).
    double
    contact_pressure(types::boundary_id    boundary,
                     const Point<dim>     &X,
                     const Tensor<1, dim> &u) const
    {
      return contact_term.pressure_at(boundary, X, u, current_load_fraction);
    }

    void
    make_constraints(double load);
    void
    add_region_constraints(double load);
    void
    make_rigid_body_modes();
    /// Fills reaction_dofs from the Dirichlet boundaries (problem.dirichlet)
    /// and the pins (point_support_dofs).
    void
    make_reaction_dofs();
    /// Finds the vertex and DOFs of each problem.point_supports entry.
    void
    make_point_supports();
    /// Per pin: its key and held DOFs (this rank's relevant ones) with their
    /// component.
    std::vector<
      std::pair<types::boundary_id,
                std::vector<std::pair<types::global_dof_index, unsigned int>>>>
      point_support_dofs;

    /// The cell loop of assemble() (assembly.cc).
    class Assembler;
    /// Load stepping and Newton iterations of solve() (newton.cc).
    class NewtonDriver;

    Problem<dim>       problem;
    MPI_Comm           comm;
    ConditionalOStream pcout;
    /// Hexahedra (quadrilaterals): p4est's distributed mesh; tetrahedra
    /// (triangles): a mesh every rank holds (p4est has no simplices).
    std::unique_ptr<parallel::TriangulationBase<dim>> triangulation_owner;
    parallel::TriangulationBase<dim>                 &triangulation;
    FESystem<dim>                                     fe;
    /// MappingQ on hypercubes, MappingFE (P1/P2) on simplices.
    std::unique_ptr<Mapping<dim>> mapping_owner;
    const Mapping<dim>           &mapping;
    DoFHandler<dim>               dof_handler;
    /// Gauss rules exact for the degree's stiffness on the cells' shape.
    Quadrature<dim>     quadrature;
    Quadrature<dim - 1> face_quadrature;
    unsigned int        dilatation_degree;

    bool
    simplex_cells() const
    {
      return problem.settings.cells == CellShape::simplex;
    }
    /// A Gauss rule with @p n points per direction on the cells (or, for
    /// simplices, the rule of the same polynomial exactness).
    Quadrature<dim>
    cell_rule(unsigned int n) const;
    Quadrature<dim - 1>
             face_rule(unsigned int n) const;
    IndexSet owned_dofs;
    IndexSet relevant_dofs;
    IndexSet owned_displacement_dofs; // step limit, peak reports
    AffineConstraints<double>      hanging_constraints;
    AffineConstraints<double>      constraints;
    TrilinosWrappers::SparseMatrix tangent;
    TrilinosWrappers::MPI::Vector  residual;    // -R on free DOFs
    TrilinosWrappers::MPI::Vector  force_scale; // |f_int| incl. reactions
    /// Displacement DOFs of the faces of each Dirichlet boundary (this
    /// rank's cells): their boundary and component, so that assemble() sums
    /// the force each support exerts on the body.
    std::map<types::global_dof_index,
             std::pair<types::boundary_id, unsigned int>>
      reaction_dofs;
    /// Support force on the body per Dirichlet boundary (N; 2D: per unit
    /// depth) at the last assembly, summed over ranks: f_int - f_ext at the
    /// boundary's constrained DOFs.
    std::map<types::boundary_id, Tensor<1, dim>>            reactions;
    TrilinosWrappers::MPI::Vector                           solution; // owned
    TrilinosWrappers::MPI::Vector                           solution_ghosted;
    std::vector<TrilinosWrappers::MPI::Vector>              rigid_modes;
    std::vector<std::shared_ptr<const materials::Material>> material_of_id;
    std::vector<std::function<materials::Vector3(const Point<dim> &)>>
                                               fibre_of_id;
    std::vector<std::function<double(double)>> prestretch_of_id;
    std::vector<std::function<double(double)>> active_stress_of_id;
    std::vector<std::function<double(double)>> tension_floor_of_id;
    std::vector<std::function<double(double)>> layer_bond_of_id;
    /// What the plane-stress laws' search found at each quadrature point
    /// (active cell index x point) in the last assembly
    /// (materials::PointData::out_of_plane). Each entry is written by the
    /// one thread that assembles its cell.
    std::vector<materials::OutOfPlaneMemory> out_of_plane;
    /// Load fraction of the latest assembly: the state the fields belong to.
    double current_load_fraction = 0.;
    double time_setup            = 0.;
    /// The penalty contact term of the weak form (on problem.contacts).
    ContactTerm<dim> contact_term;
    /// Set for `Linear solver = mf-gmg`: the tangent is applied matrix-free
    /// and `tangent` stays empty.
    std::unique_ptr<MatrixFreeTangent<dim>> mf_tangent;

    /// What a law needs at reference point X of region id besides F.
    materials::PointData
    point_data(const types::material_id id, const Point<dim> &X) const
    {
      materials::PointData point;
      if (fibre_of_id[id])
        point.fibre = fibre_of_id[id](X);
      if (prestretch_of_id[id])
        point.fibre_prestretch = prestretch_of_id[id](current_load_fraction);
      if (active_stress_of_id[id])
        point.fibre_active_stress =
          active_stress_of_id[id](current_load_fraction);
      if (tension_floor_of_id[id])
        point.fibre_tension_floor =
          tension_floor_of_id[id](current_load_fraction);
      if (layer_bond_of_id[id])
        point.layer_bond = layer_bond_of_id[id](current_load_fraction);
      return point;
    }
  };
} // namespace plantarfe::solver
