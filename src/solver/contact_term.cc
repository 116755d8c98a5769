#include "solver/contact_term.h"

#include "contact/coulomb_friction.h"

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
      double slope_rate  = 0.; ///< d slope / d(-g) (1/m)
    };

    PenaltyLaw
    penalty_law(const double gap, const double d)
    {
      if (gap <= -d)
        return {-gap, 1., 0.};
      if (gap >= d)
        return {0., 0., 0.};
      const double s = d - gap;
      return {s * s / (4. * d), s / (2. * d), 1. / (2. * d)};
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

    /// Half-width of the rounded stick-slip kink, as a fraction of mu p:
    /// up to 2.5 % less shear than sharp Coulomb near the limit, none in
    /// full stick or full slip (verify's friction-block checks both).
    constexpr double friction_rounding = 0.1;

    /// The Coulomb response at a contact point whose spring is tied to
    /// @p anchor, with the friction law of @p condition
    /// (contact/coulomb_friction.h).
    template <int dim>
    contact::FrictionResponse
    friction_at(const ContactPoint          &point,
                const contact::Vector3      &anchor,
                const ContactCondition<dim> &condition)
    {
      contact::FrictionInput in;
      in.x            = point.x;
      in.anchor       = anchor;
      in.normal       = point.gn.normal;
      in.penalty      = point.eps;
      in.slope        = point.law.slope;
      in.penetration  = point.law.penetration;
      in.slope_rate   = point.law.slope_rate;
      in.coefficient  = condition.friction;
      in.rounding     = friction_rounding;
      in.elastic_slip = condition.elastic_slip_m;
      return contact::coulomb_friction(in);
    }

    /// Adds the friction force and its tangent at one point.
    template <int dim>
    void
    add_friction(const FEFaceValues<dim>         &ffv,
                 const ContactPoint              &point,
                 const contact::FrictionResponse &response,
                 CellContribution                &local)
    {
      const unsigned int               q           = point.q;
      const std::vector<unsigned int> &comp        = local.component;
      const unsigned int               n_dofs_cell = comp.size();
      for (unsigned int i = 0; i < n_dofs_cell; ++i)
        {
          const double phi_i = ffv.shape_value(i, q);
          local.force(i) += response.force[comp[i]] * phi_i * point.JxW;
          if (!local.with_matrix)
            continue;
          for (unsigned int j = 0; j < n_dofs_cell; ++j)
            local.matrix(i, j) += response.stiffness[comp[i]][comp[j]] * phi_i *
                                  ffv.shape_value(j, q) * point.JxW;
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
    const bool                                round_kink_allowed)
      : conditions(conditions)
      , round_kink_allowed(round_kink_allowed)
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
    const FEValuesExtractors::Vector     displacement(0);
    const std::vector<contact::Vector3> *history =
      cell->active_cell_index() < anchors.size() &&
          !anchors[cell->active_cell_index()].empty() ?
        &anchors[cell->active_cell_index()] :
        nullptr;
    for (const auto f : cell->face_indices())
      if (cell->face(f)->at_boundary())
        for (unsigned int c = 0; c < conditions.size(); ++c)
          if (conditions[c].boundary_id == cell->face(f)->boundary_id())
            {
              const ContactCondition<dim> &condition = conditions[c];
              face_values.reinit(cell, f);
              face_values[displacement].get_function_values(u, u_face);
              for (unsigned int q = 0; q < face_values.n_quadrature_points; ++q)
                {
                  ContactPoint point;
                  point.q = q;
                  contact::Vector3 X;
                  for (unsigned int d = 0; d < dim; ++d)
                    {
                      X[d]       = face_values.quadrature_point(q)[d];
                      point.x[d] = X[d] + u_face[q][d];
                    }
                  point.gn  = condition.obstacle->evaluate_at(point.x, load);
                  point.law = penalty_law(point.gn.gap, smoothing_half_width);
                  if (point.law.slope == 0.)
                    continue;
                  point.eps = condition.penalty_Pa_per_m;
                  point.JxW = face_values.JxW(q);
                  if (condition.friction > 0.)
                    {
                      const contact::Vector3 anchor =
                        condition.obstacle->carried_point(
                          history ? (*history)[slot(f, c, q)] : X, load);
                      add_friction(face_values,
                                   point,
                                   friction_at(point, anchor, condition),
                                   local);
                    }
                  add_normal(face_values, point, local);
                }
            }
  }

  template <int dim>
  contact::Vector3
  ContactTerm<dim>::friction_traction(const ActiveCell       &cell,
                                      const unsigned int      face,
                                      const unsigned int      c,
                                      const unsigned int      q,
                                      const contact::Vector3 &X,
                                      const contact::Vector3 &x,
                                      const double            load) const
  {
    const ContactCondition<dim> &condition = conditions[c];
    if (condition.friction <= 0.)
      return {};
    ContactPoint point;
    point.x           = x;
    point.gn          = condition.obstacle->evaluate_at(x, load);
    point.law         = penalty_law(point.gn.gap, smoothing_half_width);
    point.eps         = condition.penalty_Pa_per_m;
    const auto index  = cell->active_cell_index();
    const bool stored = index < anchors.size() && !anchors[index].empty();
    const contact::Vector3 anchor = condition.obstacle->carried_point(
      stored ? anchors[index][slot(face, c, q)] : X, load);
    return -friction_at(point, anchor, condition).force;
  }

  template <int dim>
  bool
  ContactTerm<dim>::has_friction() const
  {
    for (const auto &condition : conditions)
      if (condition.friction > 0.)
        return true;
    return false;
  }

  template <int dim>
  std::size_t
  ContactTerm<dim>::slot(const unsigned int face,
                         const unsigned int condition,
                         const unsigned int q) const
  {
    return (std::size_t(face) * conditions.size() + condition) * n_face_points +
           q;
  }

  template <int dim>
  void
  ContactTerm<dim>::accept_state(const DoFHandler<dim> &dof_handler,
                                 const TrilinosWrappers::MPI::Vector &u,
                                 const double                         load,
                                 FEFaceValues<dim> &face_values)
  {
    if (!has_friction())
      return;
    n_face_points = face_values.n_quadrature_points;
    anchors.resize(dof_handler.get_triangulation().n_active_cells());
    const FEValuesExtractors::Vector displacement(0);
    std::vector<Tensor<1, dim>>      u_face(n_face_points);
    const unsigned int n_faces = GeometryInfo<dim>::faces_per_cell;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && cell->at_boundary())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary())
            for (unsigned int c = 0; c < conditions.size(); ++c)
              {
                const ContactCondition<dim> &condition = conditions[c];
                if (condition.friction <= 0. ||
                    condition.boundary_id != cell->face(f)->boundary_id())
                  continue;
                auto      &mine  = anchors[cell->active_cell_index()];
                const bool first = mine.empty();
                face_values.reinit(cell, f);
                face_values[displacement].get_function_values(u, u_face);
                if (first)
                  mine.resize(n_faces * conditions.size() * n_face_points);
                for (unsigned int q = 0; q < n_face_points; ++q)
                  {
                    ContactPoint     point;
                    contact::Vector3 X;
                    for (unsigned int d = 0; d < dim; ++d)
                      {
                        X[d]       = face_values.quadrature_point(q)[d];
                        point.x[d] = X[d] + u_face[q][d];
                      }
                    auto &stored = mine[slot(f, c, q)];
                    if (first)
                      stored = X;
                    point.gn  = condition.obstacle->evaluate_at(point.x, load);
                    point.law = penalty_law(point.gn.gap, smoothing_half_width);
                    point.eps = condition.penalty_Pa_per_m;
                    const auto response =
                      friction_at(point,
                                  condition.obstacle->carried_point(stored,
                                                                    load),
                                  condition);
                    stored =
                      condition.obstacle->reference_point(response.next_anchor,
                                                          load);
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
  void
  ContactTerm<dim>::round_kink(const double cell_size_min)
  {
    // The half-width, 1 % of the smallest cell (0.1 um on the 2D foot),
    // changes pressures below eps * d (265 Pa there) and is reported. It
    // was first a remedy for Newton cycling on a step already cut back;
    // from the start it also spares stance its first-step cut-back (2D
    // quiet standing: 24 wasted iterations).
    if (conditions.empty() || !round_kink_allowed)
      return;
    smoothing_half_width = 1e-2 * cell_size_min;
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
