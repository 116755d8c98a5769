#include "solver/contact_term.h"

#include <algorithm>

namespace plantarfe::solver
{
  using namespace dealii;

  namespace
  {
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

    PenaltyLaw
    penalty_law(const double gap, const double d)
    {
      if (gap <= -d)
        return {-gap, 1.};
      if (gap >= d)
        return {0., 0.};
      const double s = d - gap;
      return {s * s / (4. * d), s / (2. * d)};
    }

    /// One quadrature point of a contact face: where it is and what the
    /// obstacle and the law say there.
    struct ContactPoint
    {
      unsigned int          q = 0;    ///< index of the face quadrature point
      contact::Vector3      x;        ///< deformed position
      contact::GapAndNormal gn;       ///< the obstacle's answer at x
      PenaltyLaw            law;      ///< penetration and slope at the gap
      double                eps = 0.; ///< penalty (Pa/m)
      double                JxW = 0.; ///< reference area weight
    };

    /// Sticking contact: a tangential penalty spring ties the point to where
    /// the obstacle's surface carried its reference position (no slip). It
    /// fades in with the normal law's slope (1 in full contact), so that
    /// smoothing rounds it too; the slope's own derivative is left out of
    /// the tangent.
    template <int dim>
    void
    add_stick(const ContactCondition<dim> &condition,
              const FEFaceValues<dim>     &ffv,
              const ContactPoint          &point,
              const double                 load,
              CellContribution            &local)
    {
      const unsigned int               q           = point.q;
      const std::vector<unsigned int> &comp        = local.component;
      const unsigned int               n_dofs_cell = comp.size();
      contact::Vector3                 X3;
      for (unsigned int d = 0; d < dim; ++d)
        X3[d] = ffv.quadrature_point(q)[d];
      const contact::Vector3 anchor =
        condition.obstacle->carried_point(X3, load);
      contact::Vector3 slip = point.x - anchor;
      slip -= (slip * point.gn.normal) * point.gn.normal;
      for (unsigned int i = 0; i < n_dofs_cell; ++i)
        {
          const double phi_i = ffv.shape_value(i, q);
          local.force(i) +=
            point.eps * point.law.slope * slip[comp[i]] * phi_i * point.JxW;
          if (!local.with_matrix)
            continue;
          for (unsigned int j = 0; j < n_dofs_cell; ++j)
            {
              const double t_ij =
                (comp[i] == comp[j] ? 1. : 0.) -
                point.gn.normal[comp[i]] * point.gn.normal[comp[j]];
              local.matrix(i, j) += point.eps * point.law.slope * t_ij * phi_i *
                                    ffv.shape_value(j, q) * point.JxW;
            }
        }
    }

    /// The normal penalty force eps pen n and its tangent, including the
    /// turning of the normal on curved obstacles.
    template <int dim>
    void
    add_normal(const FEFaceValues<dim> &ffv,
               const ContactPoint      &point,
               CellContribution        &local)
    {
      const unsigned int               q           = point.q;
      const std::vector<unsigned int> &comp        = local.component;
      const unsigned int               n_dofs_cell = comp.size();
      const contact::GapAndNormal     &gn          = point.gn;
      const double                     eps         = point.eps;
      const double                     pen         = point.law.penetration;
      for (unsigned int i = 0; i < n_dofs_cell; ++i)
        {
          const double n_phi_i = gn.normal[comp[i]] * ffv.shape_value(i, q);
          local.force(i) -= eps * pen * n_phi_i * point.JxW;
          if (!local.with_matrix)
            continue;
          for (unsigned int j = 0; j < n_dofs_cell; ++j)
            {
              const double n_phi_j = gn.normal[comp[j]] * ffv.shape_value(j, q);
              double       k       = eps * point.law.slope * n_phi_i * n_phi_j;
              if (dim == 3 && gn.has_normal_gradient)
                k -= eps * pen * gn.normal_gradient[comp[i]][comp[j]] *
                     ffv.shape_value(i, q) * ffv.shape_value(j, q);
              else if (gn.curvature != 0.)
                {
                  const double phi_phi =
                    comp[i] == comp[j] ?
                      ffv.shape_value(i, q) * ffv.shape_value(j, q) :
                      0.;
                  k -= eps * pen * gn.curvature * (phi_phi - n_phi_i * n_phi_j);
                }
              local.matrix(i, j) += k * point.JxW;
            }
        }
    }
  } // namespace

  template <int dim>
  ContactTerm<dim>::ContactTerm(
    const std::vector<ContactCondition<dim>> &conditions,
    const bool                                smoothing_allowed)
      : conditions(conditions)
      , smoothing_allowed(smoothing_allowed)
  {}

  template <int dim>
  void
  ContactTerm<dim>::add_cell(const ActiveCell                    &cell,
                             const TrilinosWrappers::MPI::Vector &u,
                             const double                         load,
                             FEFaceValues<dim>                   &face_values,
                             std::vector<Tensor<1, dim>>         &u_face,
                             CellContribution                    &local) const
  {
    // Penalty contact with rigid obstacles on the contact boundaries:
    // energy eps/2 <-g>^2 per reference area, so the force on the body is
    // eps <-g> n and the tangent adds eps (n.phi_i)(n.phi_j) plus the
    // turning of the normal on curved obstacles. A point touching with
    // g = 0 already counts as active, so a body resting on the ground has
    // support from the first iteration.
    if (conditions.empty() || !cell->at_boundary())
      return;
    const FEValuesExtractors::Vector displacement(0);
    for (const auto f : cell->face_indices())
      if (cell->face(f)->at_boundary())
        for (const auto &condition : conditions)
          if (condition.boundary_id == cell->face(f)->boundary_id())
            {
              face_values.reinit(cell, f);
              face_values[displacement].get_function_values(u, u_face);
              for (unsigned int q = 0; q < face_values.n_quadrature_points; ++q)
                {
                  ContactPoint point;
                  point.q = q;
                  for (unsigned int d = 0; d < dim; ++d)
                    point.x[d] =
                      face_values.quadrature_point(q)[d] + u_face[q][d];
                  point.gn  = condition.obstacle->evaluate_at(point.x, load);
                  point.law = penalty_law(point.gn.gap, smoothing_half_width);
                  if (point.law.slope == 0.)
                    continue;
                  point.eps = condition.penalty_Pa_per_m;
                  point.JxW = face_values.JxW(q);
                  if (condition.stick)
                    add_stick(condition, face_values, point, load, local);
                  add_normal(face_values, point, local);
                }
            }
  }

  template <int dim>
  double
  ContactTerm<dim>::pressure(const ContactCondition<dim> &condition,
                             const double                 gap) const
  {
    return condition.penalty_Pa_per_m *
           penalty_law(gap, smoothing_half_width).penetration;
  }

  template <int dim>
  double
  ContactTerm<dim>::pressure_at(const types::boundary_id boundary,
                                const Point<dim>        &X,
                                const Tensor<1, dim>    &u,
                                const double             load) const
  {
    double largest = 0.;
    for (const auto &condition : conditions)
      if (condition.boundary_id == boundary)
        {
          contact::Vector3 x;
          for (unsigned int d = 0; d < dim; ++d)
            x[d] = X[d] + u[d];
          const double gap = condition.obstacle->evaluate_at(x, load).gap;
          largest          = std::max(largest, pressure(condition, gap));
        }
    return largest;
  }

  template <int dim>
  bool
  ContactTerm<dim>::remedy_chatter(const double cell_size_min)
  {
    // The first remedy is a smaller step (the Newton driver's cut-back).
    // When Newton cycles on a step that was already cut back, the chatter
    // is in the state itself: round the contact law's kink (see
    // penalty_law) for the rest of the run and go on. The half-width, 1 %
    // of the smallest cell, changes pressures below eps * d (~26 kPa on the
    // 2D foot) and is reported.
    if (smoothing_half_width != 0. || conditions.empty() || !smoothing_allowed)
      return false;
    smoothing_half_width = 1e-2 * cell_size_min;
    return true;
  }

  template <int dim>
  double
  ContactTerm<dim>::smoothing() const
  {
    return smoothing_half_width;
  }

  template class ContactTerm<2>;
  template class ContactTerm<3>;
} // namespace plantarfe::solver
