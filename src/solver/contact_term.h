// Penalty contact of contact boundaries with rigid obstacles, as one term of
// the solid's residual and tangent. The contact law (normal penalty, Coulomb
// friction with its slip history, the rounding of the law's kink) lives here
// only: the assembly calls add_cell() for every boundary cell, the Newton
// driver calls round_kink() before the first iteration and accept_state()
// after every converged load step, and the output asks pressure().
#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>
#include <deal.II/base/types.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/trilinos_vector.h>
#include <deal.II/lac/vector.h>

#include "solver/problem.h"

#include <vector>

namespace plantarfe::solver
{
  /// The local system of one cell that a term of the weak form adds to.
  struct CellContribution
  {
    /// Vector component of each shape function.
    const std::vector<unsigned int> &component;
    /// Internal force (the residual before the external loads).
    dealii::Vector<double> &force;
    /// Tangent; only touched when with_matrix.
    dealii::FullMatrix<double> &matrix;
    bool                        with_matrix;
  };

  template <int dim>
  class ContactTerm
  {
  public:
    using ActiveCell = typename dealii::DoFHandler<dim>::active_cell_iterator;

    /// @p conditions must outlive the term (it is Problem::contacts of the
    /// same solid). @p round_kink_allowed: Settings::round_contact_kink.
    ContactTerm(const std::vector<ContactCondition<dim>> &conditions,
                bool                                      round_kink_allowed);

    /// Adds the contact force and tangent of the faces of @p cell that lie
    /// on a contact boundary, at displacement @p u (ghosted) and load
    /// fraction @p load. @p face_values and @p u_face are the caller's
    /// per-thread scratch.
    void
    add_cell(const ActiveCell                            &cell,
             const dealii::TrilinosWrappers::MPI::Vector &u,
             double                                       load,
             dealii::FEFaceValues<dim>                   &face_values,
             std::vector<dealii::Tensor<1, dim>>         &u_face,
             CellContribution                            &local) const;

    /// Books the converged state (displacement @p u, ghosted, at load
    /// fraction @p load) as the slip history of friction: each frictional
    /// point's anchor moves to where the return mapping left it. Points
    /// out of contact are anchored where they are, so a point that touches
    /// down later sticks where it lands. Not thread-safe: call it between
    /// assemblies.
    void
    accept_state(const dealii::DoFHandler<dim>               &dof_handler,
                 const dealii::TrilinosWrappers::MPI::Vector &u,
                 double                                       load,
                 dealii::FEFaceValues<dim>                   &face_values);

    /// Friction traction (Pa, per reference area) on the body at face
    /// quadrature point @p q of face @p face of @p cell for contact
    /// condition @p condition, at reference position @p X and deformed
    /// position @p x (zero without friction or out of contact).
    contact::Vector3
    friction_traction(const ActiveCell       &cell,
                      unsigned int            face,
                      unsigned int            condition,
                      unsigned int            q,
                      const contact::Vector3 &X,
                      const contact::Vector3 &x,
                      double                  load) const;

    /// Contact pressure (Pa) of @p condition at gap @p gap (m).
    double
    pressure(const ContactCondition<dim> &condition, double gap) const;

    /// Penalty contact pressure (Pa) at a point of boundary @p boundary,
    /// reference position @p X, displacement @p u, load fraction @p load:
    /// penalty * max(0, -gap) with the gap evaluated by the obstacle at the
    /// deformed position X + u (the largest over the contact conditions of
    /// that boundary; 0 when it carries none).
    double
    pressure_at(dealii::types::boundary_id    boundary,
                const dealii::Point<dim>     &X,
                const dealii::Tensor<1, dim> &u,
                double                        load) const;

    /// Rounds the kink of the contact law at zero gap over +-1 % of
    /// @p cell_size_min (the smallest cell diameter, m), unless smoothing is
    /// not allowed or there is no contact. Called before the first Newton
    /// iteration: a surface that starts exactly touching its obstacle (the
    /// sole on the ground) sits on the kink, where the sharp law has no
    /// unique tangent.
    void
    round_kink(double cell_size_min);

    /// Half-width (m) of the smoothing of the contact law; 0 until
    /// round_kink() applied it.
    double
    smoothing() const;

  private:
    /// Whether any condition has friction (and so anchors).
    bool
    has_friction() const;
    /// Index of (face, condition, quadrature point) in a cell's anchors.
    std::size_t
    slot(unsigned int face, unsigned int condition, unsigned int q) const;

    const std::vector<ContactCondition<dim>> &conditions;
    const bool                                round_kink_allowed;
    double                                    smoothing_half_width = 0.;
    /// Slip history: per active cell index, the anchor of every frictional
    /// face quadrature point (slot()), as the obstacle's point at load 0
    /// (Obstacle::reference_point). Empty until the first accepted step:
    /// until then a point is anchored at its own reference position.
    std::vector<std::vector<contact::Vector3>> anchors;
    unsigned int                               n_face_points = 0;
  };
} // namespace plantarfe::solver
