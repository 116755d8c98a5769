// Private to the solver: the state of Solid<dim> and the per-thread
// assembly scratch. Included by the solver's translation units only
// (solid.cc: set-up, assembly, Newton; solid_output.cc: point values, VTU and
// results extraction), never by users of solid.h.
#pragma once

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>
#include <deal.II/lac/vector.h>

#include "contact/obstacle.h"
#include "materials/material.h"
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

    /// Assembles -R (free DOFs) into residual and, if requested, the tangent.
    /// Returns false when some cell has J <= 0 at a quadrature point.
    bool
    assemble(const TrilinosWrappers::MPI::Vector &u_ghosted,
             double                               load_fraction,
             bool                                 with_matrix);

    /// Penalty contact pressure (Pa) at a point of boundary @p boundary,
    /// reference position @p X, displacement @p u: penalty * max(0, -gap)
    /// with the gap evaluated by the obstacle at the deformed position X + u
    /// (the largest over the contact conditions of that boundary; 0 when it
    /// carries none).
    /// Normal penalty law: pressure = eps * penetration(g), stiffness =
    /// eps * slope. With smoothing d = 0 it is eps <-g>; with d > 0 the kink
    /// at g = 0 is rounded over |g| < d by the C1 quadratic (d - g)^2 / 4d,
    /// which ends the open/closed chatter of single contact points that
    /// can keep Newton cycling (Wriggers, Computational Contact Mechanics,
    /// 2006, on regularised penalty laws).
    struct PenaltyLaw
    {
      double penetration = 0.; ///< effective penetration (m)
      double slope       = 0.; ///< d penetration / d(-g)
    };
    static PenaltyLaw
    penalty_law(const double gap, const double d)
    {
      if (gap <= -d)
        return {-gap, 1.};
      if (gap >= d)
        return {0., 0.};
      const double s = d - gap;
      return {s * s / (4. * d), s / (2. * d)};
    }

    /// Half-width (m) of the smoothing of penalty_law; 0 until Newton is
    /// seen cycling on contact (see solve()).
    double contact_smoothing = 0.;

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

    double
    contact_pressure(types::boundary_id    boundary,
                     const Point<dim>     &X,
                     const Tensor<1, dim> &u) const
    {
      double p = 0.;
      for (const auto &bc : problem.contacts)
        if (bc.boundary_id == boundary)
          {
            contact::Vector3 x;
            for (unsigned int d = 0; d < dim; ++d)
              x[d] = X[d] + u[d];
            const double gap =
              bc.obstacle->evaluate_at(x, current_load_fraction).gap;
            p = std::max(p,
                         bc.penalty_Pa_per_m *
                           penalty_law(gap, contact_smoothing).penetration);
          }
      return p;
    }

    void
    make_constraints(double load_fraction);
    void
    add_region_constraints(double load_fraction);
    void
    make_rigid_body_modes();

    struct ScratchData;
    struct CopyData;

    Problem<dim>                              problem;
    MPI_Comm                                  comm;
    ConditionalOStream                        pcout;
    parallel::distributed::Triangulation<dim> triangulation;
    FESystem<dim>                             fe;
    MappingQ<dim>                             mapping;
    DoFHandler<dim>                           dof_handler;
    QGauss<dim>                               quadrature;
    QGauss<dim - 1>                           face_quadrature;
    unsigned int                              dilatation_degree;
    IndexSet                                  owned_dofs;
    IndexSet                                  relevant_dofs;
    IndexSet owned_displacement_dofs; // step limit, peak reports
    AffineConstraints<double>      hanging_constraints;
    AffineConstraints<double>      constraints;
    TrilinosWrappers::SparseMatrix tangent;
    TrilinosWrappers::MPI::Vector  residual;    // -R on free DOFs
    TrilinosWrappers::MPI::Vector  force_scale; // |f_int| incl. reactions
    TrilinosWrappers::MPI::Vector  solution;    // owned
    TrilinosWrappers::MPI::Vector  solution_ghosted;
    std::vector<TrilinosWrappers::MPI::Vector>              rigid_modes;
    std::vector<std::shared_ptr<const materials::Material>> material_of_id;
    std::vector<std::function<materials::Vector3(const Point<dim> &)>>
                                               fibre_of_id;
    std::vector<std::function<double(double)>> prestretch_of_id;
    std::vector<std::function<double(double)>> active_stress_of_id;
    /// Load fraction of the latest assembly: the state the fields belong to.
    double current_load_fraction = 0.;
    double time_setup            = 0.;
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
      return point;
    }
  };

  template <int dim>
  struct Solid<dim>::Impl::ScratchData
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
  struct Solid<dim>::Impl::CopyData
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

} // namespace plantarfe::solver
