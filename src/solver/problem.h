// The typed description of one boundary-value problem the solver works on:
// mesh, materials per region, loads, boundary conditions and numerical
// settings. Built by the scenario layer (or directly by verification cases);
// the solver never reads a parameter file.
#pragma once

#include <deal.II/base/function.h>
#include <deal.II/base/point.h>
#include <deal.II/base/types.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/fe/component_mask.h>

#include "contact/obstacle.h"
#include "materials/material.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace plantarfe::solver
{
  /// Prescribed displacement on one boundary. The function is evaluated with
  /// its time set to the load fraction (0 -> 1), so g(X, t) is the total
  /// displacement wanted at load fraction t.
  template <int dim>
  struct DirichletCondition
  {
    dealii::types::boundary_id             boundary_id;
    dealii::ComponentMask                  components;
    std::shared_ptr<dealii::Function<dim>> displacement;
  };

  /// Prescribed displacement of every DOF of the cells of one region (e.g.
  /// the toe bones turned about the joint for the windlass). Evaluated like
  /// DirichletCondition, with time = load fraction.
  template <int dim>
  struct RegionDirichletCondition
  {
    dealii::types::material_id             region;
    dealii::ComponentMask                  components;
    std::shared_ptr<dealii::Function<dim>> displacement;
    /// When true only the region's motion relative to one of its nodes is
    /// prescribed: the region moves as `displacement` says plus a common
    /// translation that the solution finds (e.g. toes turned by a set
    /// angle but free to rest on the ground). Needs one MPI rank.
    bool free_translation = false;
    /// With free_translation, the node whose displacement the region
    /// follows: the support point of region @p follow_region nearest to
    /// @p follow_point (e.g. the toes hinged at the centre of the
    /// metatarsal head). Invalid id: the region's own first support point.
    dealii::types::material_id follow_region =
      dealii::numbers::invalid_material_id;
    dealii::Point<dim> follow_point = dealii::Point<dim>();
  };

  /// A pin: the listed displacement components of the mesh vertex nearest
  /// to @p point held at zero. Unlike a held face it carries a force but no
  /// moment. Its force on the body is Solid::support_reaction(@p key); the
  /// key must differ from every boundary id that has a Dirichlet condition.
  template <int dim>
  struct PointSupport
  {
    dealii::Point<dim>         point;
    dealii::ComponentMask      components;
    dealii::types::boundary_id key;
  };

  /// Dead-load traction (Pa, per reference area) on one boundary, scaled by
  /// the load fraction.
  template <int dim>
  struct TractionCondition
  {
    dealii::types::boundary_id             boundary_id;
    std::shared_ptr<dealii::Function<dim>> traction;
  };

  /// Penalty contact of one boundary with a rigid obstacle, with Coulomb
  /// friction or none.
  template <int dim>
  struct ContactCondition
  {
    dealii::types::boundary_id               boundary_id;
    std::shared_ptr<const contact::Obstacle> obstacle;
    /// Penalty stiffness (Pa/m = N/m^3): contact pressure per metre of
    /// penetration. Larger is closer to impenetrable and harder for Newton;
    /// ~10-100 x (modulus / element size) is usual.
    double penalty_Pa_per_m = 0.;
    /// Coulomb friction coefficient of the tangential traction: 0 =
    /// frictionless, +infinity = no slip. Friction acts through a
    /// tangential penalty spring that ties each touching point to an anchor
    /// on the obstacle; the anchor follows the point where the spring would
    /// pull harder than friction * pressure (slip) and is booked after
    /// every converged load step (slip history).
    double friction = 0.;
    /// What the obstacle is ("ground", "tool", "floor", ...): metrics find
    /// their contacts by this name, never by position in the list.
    std::string name = "contact";
    /// Elastic slip (m) of the friction spring (contact/coulomb_friction.h):
    /// > 0: the spring is friction * pressure / elastic slip; 0: as stiff
    /// as the normal penalty.
    double elastic_slip_m = 0.;
  };

  /// An elastic foundation under one boundary that lets go as the load
  /// rises: a traction -k(t) u (Pa) at the boundary's points where @p where
  /// holds (reference position; empty = everywhere), pulling each back
  /// towards its reference position in every direction. It holds a body
  /// whose supports do not yet hold it - a rounded sole that meets the
  /// ground at a point - until its contact patch has formed, and carries
  /// nothing once k is 0 (solver/assembly.cc).
  template <int dim>
  struct FoundationSupport
  {
    dealii::types::boundary_id                      boundary_id;
    std::function<bool(const dealii::Point<dim> &)> where;
    /// Stiffness per reference area (Pa/m) at load fraction t.
    std::function<double(double)> stiffness;
  };

  enum class Formulation
  {
    displacement, ///< volumetric energy evaluated at each quadrature point
    mixed         ///< three-field u-p-J with discontinuous p, J (condensed)
  };

  enum class LinearSolverKind
  {
    automatic, ///< direct below Settings::direct_solver_max_dofs, else CG-AMG
    direct,
    cg_amg,
    gmres_amg,
    mf_gmg ///< matrix-free tangent, CG with geometric multigrid (mf_tangent.h)
  };

  /// The cells' shape: the mesh make_mesh builds must have only these.
  enum class CellShape
  {
    hypercube, ///< quadrilaterals / hexahedra, FE_Q (p4est distributed)
    simplex    ///< triangles / tetrahedra, FE_SimplexP (mesh on every rank)
  };

  struct Settings
  {
    CellShape    cells  = CellShape::hypercube;
    unsigned int degree = 2;
    /// Degree of the geometry mapping: 1 = straight-sided cells; higher
    /// follows curved boundaries (manifolds) isoparametrically.
    unsigned int mapping_degree = 1;
    Formulation  formulation    = Formulation::mixed;
    /// Polynomial degree of the discontinuous dilatation/pressure space:
    /// -1 = automatic (degree - 1: P0 for Q1, P1 for Q2; P0 on simplices,
    /// where P2-P0 is stable and P2-P1dc is not).
    int          dilatation_degree = -1;
    unsigned int load_steps        = 1;
    /// The first load increment as a fraction of the nominal one (1 /
    /// load_steps); later steps grow back to the nominal increment.
    double       first_step_fraction   = 1.;
    unsigned int max_newton_iterations = 25;
    double       residual_tolerance =
      1e-9; ///< relative to the first residual of the step
    double absolute_tolerance =
      1e-12; ///< on the residual (N), scaled by the load
    double       increment_tolerance = 1e-10; ///< relative Newton update
    bool         line_search         = true;
    unsigned int max_cutbacks        = 6;
    /// Largest nodal displacement a Newton update may make (m); a longer
    /// update is scaled down to it. 0: no limit. Rolling tools under body
    /// weight need it: one full step lets the tool sink centimetres into
    /// the sole, |R| jumps by 1e6 and Newton spends 10-20 iterations
    /// crawling back or the step is cut.
    double max_displacement_increment = 0.;
    /// Round the kink of the penalty contact law at zero gap from the first
    /// iteration on (ContactTerm::round_kink). Verification cases that
    /// compare with an exact penalty solution switch it off.
    bool             round_contact_kink     = true;
    LinearSolverKind linear_solver          = LinearSolverKind::automatic;
    unsigned int     direct_solver_max_dofs = 400000;
    /// In automatic mode, a failed AMG solve is retried with the direct
    /// solver up to this size.
    unsigned int direct_fallback_max_dofs = 500000;
    double       linear_tolerance = 1e-10; ///< relative, for iterative solvers
    /// Trilinos Amesos back-end: Amesos_Mumps (multifrontal, BLAS-3; the
    /// faster one on the 2D and 3D feet) or Amesos_Klu (no BLAS).
    std::string direct_solver_name = "Amesos_Mumps";
    bool        verbose            = false;
  };

  template <int dim>
  struct Problem
  {
    /// Fills the (empty) triangulation with the mesh, including refinement,
    /// boundary ids and material ids.
    std::function<void(dealii::Triangulation<dim> &)> make_mesh;

    /// Law per material id; every id in the mesh must have one.
    std::map<dealii::types::material_id,
             std::shared_ptr<const materials::Material>>
      materials;

    /// Fibre direction field (unit, reference configuration) per region;
    /// regions absent here have no fibres.
    std::map<dealii::types::material_id,
             std::function<materials::Vector3(const dealii::Point<dim> &)>>
      fibre_directions;

    /// Fibre pre-stretch (meshed length / slack length) per region as a
    /// function of the load fraction; 1 where absent (see fibre_family.h).
    std::map<dealii::types::material_id, std::function<double(double)>>
      fibre_prestretch;
    /// Active fibre tension (nominal stress, Pa) per region as a function of
    /// the load fraction; 0 where absent.
    std::map<dealii::types::material_id, std::function<double(double)>>
      fibre_active_stress;
    /// Least fibre tension (nominal stress, Pa) per region as a function of
    /// the load fraction: the fibres pull with at least this (a muscle
    /// activated as far as balance needs); 0 where absent.
    std::map<dealii::types::material_id, std::function<double(double)>>
      fibre_tension_floor;
    /// Bonded weight of a joint layer per region as a function of the load
    /// fraction (materials/joint_layer.h): 1 holds the joint as bonded
    /// cartilage, 0 lets it slide; 0 where absent.
    std::map<dealii::types::material_id, std::function<double(double)>>
      layer_bond;

    std::vector<DirichletCondition<dim>>       dirichlet;
    std::vector<RegionDirichletCondition<dim>> region_dirichlet;
    std::vector<PointSupport<dim>>             point_supports;
    std::vector<TractionCondition<dim>>        tractions;
    std::vector<ContactCondition<dim>>         contacts;
    std::vector<FoundationSupport<dim>>        foundations;

    /// Body force per reference volume (N/m^3), scaled by the load fraction;
    /// null for none.
    std::shared_ptr<dealii::Function<dim>> body_force;

    Settings settings;

    /// Names of the material ids, used in messages (e.g. where elements
    /// inverted); ids without a name are shown as "region <id>".
    std::map<dealii::types::material_id, std::string> region_names;
  };
} // namespace plantarfe::solver
