// The model writers' shared parts; see deck_parts.h.
#include "model/deck_parts.h"

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/vector.h>

#include "anatomy/regions.h"
#include "base/errors.h"

#include <algorithm>
#include <cmath>

namespace plantarfe::model::deck
{
  using namespace dealii;

  std::vector<std::pair<std::string, Point<2>>>
  landmarks(const metrics::MetricInputs &inputs)
  {
    if (!inputs.foot)
      return {};
    const auto &L = inputs.foot->landmarks;
    return {{"medial_tubercle", L.medial_tubercle},
            {"heel_skin", L.heel_skin},
            {"navicular", L.navicular},
            {"mtp_centre", L.mtp_centre}};
  }

  void
  cannot(const std::string &command, const std::string &what)
  {
    throw ScenarioError(command + ": " + what);
  }

  template <int dim>
  void
  check_expressible(const solver::Problem<dim> &p, const std::string &command)
  {
    if (p.settings.cells == solver::CellShape::simplex)
      cannot(command,
             "the decks are written with hexahedra (C3D8/hex8); set "
             "Discretisation/Cells = hexahedra");
    if (!p.region_dirichlet.empty())
      cannot(command,
             "a region turned by a prescribed motion (Stance/Toe "
             "dorsiflexion > 0: the windlass) is not written; set it to 0");
    if (!p.point_supports.empty())
      cannot(command,
             "the balanced stance (Subject/Calf/Achilles force = balance) "
             "is a force the solver finds, with the knee pinned; set "
             "Achilles force = prescribed");
    if (p.body_force)
      cannot(command, "a body force is not written");
    if (p.contacts.size() > 1)
      cannot(command, "more than one contact (" + p.contacts[1].name + ")");
    for (const auto &contact : p.contacts)
      {
        if (!dynamic_cast<const contact::RigidPlane *>(contact.obstacle.get()))
          cannot(command,
                 "contact " + contact.name + " with " +
                   contact.obstacle->describe() +
                   ": only a fixed rigid plane is written (not massage "
                   "tools, nor the turning ground of Stance/Heel off)");
        if (contact.boundary_id != anatomy::surface::skin)
          cannot(command,
                 "contact " + contact.name +
                   " on a surface other than "
                   "the skin");
        if (std::isfinite(contact.friction) && contact.friction > 0. &&
            contact.elastic_slip_m > 0.)
          cannot(command,
                 "contact " + contact.name +
                   ": a friction spring set by an elastic slip stiffens "
                   "with the pressure, the other code's stick slope is a "
                   "constant; set Stance/Ground elastic slip = 0, or "
                   "Ground friction = stick or frictionless");
      }
  }

  template <int dim>
  std::vector<std::size_t>
  node_numbers(const Triangulation<dim> &tria)
  {
    const auto              &used = tria.get_used_vertices();
    std::vector<std::size_t> number(used.size(), 0);
    std::size_t              next = 0;
    for (std::size_t v = 0; v < used.size(); ++v)
      if (used[v])
        number[v] = ++next;
    return number;
  }

  template <int dim>
  NodalValues
  held_displacements(const solver::Problem<dim>     &p,
                     const Triangulation<dim>       &tria,
                     const std::vector<std::size_t> &number)
  {
    NodalValues held;
    for (const auto &bc : p.dirichlet)
      {
        bc.displacement->set_time(1.);
        Vector<double> u(dim);
        for (const auto &cell : tria.active_cell_iterators())
          for (const auto f : cell->face_indices())
            if (cell->face(f)->at_boundary() &&
                cell->face(f)->boundary_id() == bc.boundary_id)
              for (const auto v : cell->face(f)->vertex_indices())
                {
                  bc.displacement->vector_value(cell->face(f)->vertex(v), u);
                  for (unsigned int d = 0; d < dim; ++d)
                    if (bc.components[d])
                      held[{number[cell->face(f)->vertex_index(v)], d}] = u(d);
                }
      }
    return held;
  }

  template <int dim>
  NodalValues
  nodal_forces(const solver::Problem<dim>     &p,
               const Triangulation<dim>       &tria,
               const std::vector<std::size_t> &number)
  {
    NodalValues force;
    if (p.tractions.empty())
      return force;
    const FE_Q<dim>       fe(1);
    const QGauss<dim - 1> quadrature(3);
    FEFaceValues<dim>     values(fe,
                             quadrature,
                             update_values | update_quadrature_points |
                               update_JxW_values);
    Vector<double>        t(dim);
    for (const auto &traction : p.tractions)
      traction.traction->set_time(1.);
    for (const auto &cell : tria.active_cell_iterators())
      for (const auto f : cell->face_indices())
        if (cell->face(f)->at_boundary())
          for (const auto &traction : p.tractions)
            if (traction.boundary_id == cell->face(f)->boundary_id())
              {
                values.reinit(typename Triangulation<dim>::cell_iterator(cell),
                              f);
                for (unsigned int q = 0; q < quadrature.size(); ++q)
                  {
                    traction.traction->vector_value(values.quadrature_point(q),
                                                    t);
                    for (const auto v : cell->vertex_indices())
                      for (unsigned int d = 0; d < dim; ++d)
                        force[{number[cell->vertex_index(v)], d}] +=
                          t(d) * values.shape_value(v, q) * values.JxW(q);
                  }
              }
    return force;
  }

  template <int dim>
  GroundSlab
  ground_slab(const contact::RigidPlane &plane, const Triangulation<dim> &tria)
  {
    const Tensor<1, 3> n = plane.plane_normal();
    Tensor<1, 3>       t1, t2;
    if (dim == 2)
      t1 = Tensor<1, 3>({n[1], -n[0], 0.});
    else
      {
        Tensor<1, 3> e;
        e[std::abs(n[0]) < 0.9 ? 0 : 2] = 1.;
        t1                              = cross_product_3d(e, n);
        t1 /= t1.norm();
        t2 = cross_product_3d(n, t1);
      }
    double lo[2] = {1e300, 1e300}, hi[2] = {-1e300, -1e300};
    for (std::size_t v = 0; v < tria.n_vertices(); ++v)
      if (tria.get_used_vertices()[v])
        {
          Tensor<1, 3> x;
          for (unsigned int d = 0; d < dim; ++d)
            x[d] = tria.get_vertices()[v][d];
          const double a[2] = {x * t1, x * t2};
          for (unsigned int k = 0; k < 2; ++k)
            {
              lo[k] = std::min(lo[k], a[k]);
              hi[k] = std::max(hi[k], a[k]);
            }
        }
    const unsigned int cells = 20, across = dim == 3 ? cells : 0;
    for (unsigned int k = 0; k < 2; ++k)
      {
        const double margin = 0.25 * (hi[k] - lo[k]) + 0.01;
        lo[k] -= margin;
        hi[k] += margin;
      }
    const double depth = 0.01;
    auto node = [&](unsigned int i, unsigned int j, unsigned int level) {
      return std::size_t((level * (across + 1) + j) * (cells + 1) + i);
    };
    GroundSlab slab;
    for (unsigned int level = 0; level < 2; ++level)
      for (unsigned int j = 0; j <= across; ++j)
        for (unsigned int i = 0; i <= cells; ++i)
          {
            const double a = lo[0] + (hi[0] - lo[0]) * i / cells;
            const double b = across ? lo[1] + (hi[1] - lo[1]) * j / across : 0.;
            slab.nodes.push_back(plane.plane_point() + a * t1 + b * t2 -
                                 (level ? 0. : depth) * n);
          }
    for (unsigned int j = 0; j < std::max(across, 1u); ++j)
      for (unsigned int i = 0; i < cells; ++i)
        if (dim == 2)
          slab.cells.push_back({node(i, 0, 0),
                                node(i + 1, 0, 0),
                                node(i + 1, 0, 1),
                                node(i, 0, 1)});
        else
          {
            std::vector<std::size_t> corners;
            for (unsigned int level = 0; level < 2; ++level)
              corners.insert(corners.end(),
                             {node(i, j, level),
                              node(i + 1, j, level),
                              node(i + 1, j + 1, level),
                              node(i, j + 1, level)});
            slab.cells.push_back(corners);
          }
    return slab;
  }

  template void
  check_expressible(const solver::Problem<2> &, const std::string &);
  template void
  check_expressible(const solver::Problem<3> &, const std::string &);
  template std::vector<std::size_t>
  node_numbers(const Triangulation<2> &);
  template std::vector<std::size_t>
  node_numbers(const Triangulation<3> &);
  template NodalValues
  held_displacements(const solver::Problem<2> &,
                     const Triangulation<2> &,
                     const std::vector<std::size_t> &);
  template NodalValues
  held_displacements(const solver::Problem<3> &,
                     const Triangulation<3> &,
                     const std::vector<std::size_t> &);
  template NodalValues
  nodal_forces(const solver::Problem<2> &,
               const Triangulation<2> &,
               const std::vector<std::size_t> &);
  template NodalValues
  nodal_forces(const solver::Problem<3> &,
               const Triangulation<3> &,
               const std::vector<std::size_t> &);
  template GroundSlab
  ground_slab(const contact::RigidPlane &, const Triangulation<2> &);
  template GroundSlab
  ground_slab(const contact::RigidPlane &, const Triangulation<3> &);
} // namespace plantarfe::model::deck
