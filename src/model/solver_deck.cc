// The solver deck; see solver_deck.h.
#include "model/solver_deck.h"

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/vector.h>

#include "anatomy/mesh_files.h"
#include "anatomy/regions.h"
#include "base/abaqus_numbers.h"
#include "base/errors.h"
#include "contact/obstacle.h"
#include "output/atomic_file.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <set>

namespace plantarfe::model
{
  using namespace dealii;

  namespace
  {
    /// The Coulomb coefficient that stands for "never slips" (Stance/Ground
    /// friction = stick): the sole's shear stays far below 100 x its
    /// pressure except where the pressure vanishes at the patch's edge.
    constexpr double never_slips = 100.;

    [[noreturn]] void
    cannot(const std::string &what)
    {
      throw ScenarioError("mesh --model: " + what);
    }

    /// Which entry turns a law the deck cannot write into one it can.
    std::string
    law_hint(const std::string &law)
    {
      if (law.find("joint layer") != std::string::npos)
        return "; set Tissues/Joints/Model = bonded";
      if (law.find("fibres") != std::string::npos)
        return "; set Tissues/Fibres = false (every tissue its matrix)";
      if (law.find("plane stress") != std::string::npos)
        return "; set the tissue's 2D section = plane strain";
      return "";
    }

    /// The problem's parts the deck has no card for, refused up front.
    template <int dim>
    void
    check_expressible(const solver::Problem<dim> &p)
    {
      if (!p.region_dirichlet.empty())
        cannot("a region turned by a prescribed motion (Stance/Toe "
               "dorsiflexion > 0: the windlass) is not written; set it to 0");
      if (!p.point_supports.empty())
        cannot("the balanced stance (Subject/Calf/Achilles force = balance) "
               "is a force the solver finds, with the knee pinned; set "
               "Achilles force = prescribed");
      if (p.body_force)
        cannot("a body force is not written");
      if (p.contacts.size() > 1)
        cannot("more than one contact (" + p.contacts[1].name + ")");
      for (const auto &contact : p.contacts)
        {
          if (!dynamic_cast<const contact::RigidPlane *>(
                contact.obstacle.get()))
            cannot("contact " + contact.name + " with " +
                   contact.obstacle->describe() +
                   ": only a fixed rigid plane is written (not massage "
                   "tools, nor the turning ground of Stance/Heel off)");
          if (contact.boundary_id != anatomy::surface::skin)
            cannot("contact " + contact.name +
                   " on a surface other than "
                   "the skin");
          if (std::isfinite(contact.friction) && contact.friction > 0. &&
              contact.elastic_slip_m > 0.)
            cannot("contact " + contact.name +
                   ": a friction spring set by an elastic slip stiffens "
                   "with the pressure, CalculiX's stick slope is a "
                   "constant; set Stance/Ground elastic slip = 0, or "
                   "Ground friction = stick or frictionless");
        }
    }

    /// File node numbers: the n-th used vertex is node n (from 1), as
    /// write_abaqus_mesh numbers them; 0 = unused.
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
    void
    write_materials(const solver::Problem<dim> &p,
                    const Triangulation<dim>   &tria,
                    std::ostream               &out)
    {
      std::set<types::material_id> present;
      for (const auto &cell : tria.active_cell_iterators())
        present.insert(cell->material_id());
      out << "** Materials: one per region, SI units (Pa)\n";
      for (const auto id : present)
        {
          const std::string name = anatomy::region_name(id);
          const auto        law  = p.materials.find(id);
          if (law == p.materials.end())
            cannot("region " + name + " has no law");
          const std::string card = law->second->abaqus_material();
          if (card.empty())
            cannot("region " + name + ": its law (" + law->second->name() +
                   ") has no CalculiX/Abaqus counterpart" +
                   law_hint(law->second->name()));
          out << "*MATERIAL, NAME=M_" << name << '\n'
              << card << "*SOLID SECTION, ELSET=" << name << ", MATERIAL=M_"
              << name << '\n';
          if (dim == 2)
            out << "1.\n"; // per unit depth, as the 2D model
        }
    }

    /// The rigid plane as a fixed slab of elements under the foot (10 mm
    /// thick, 20 cells across each way, wider than the foot by a quarter):
    /// its top face is the contact pair's master surface.
    template <int dim>
    void
    write_ground(const contact::RigidPlane &plane,
                 const Triangulation<dim>  &tria,
                 std::size_t                first_node,
                 std::size_t                first_element,
                 std::ostream              &out)
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
      // Node (i, j, level): level 0 below the plane, 1 on it.
      auto node = [&](unsigned int i, unsigned int j, unsigned int level) {
        return first_node + ((level * (across + 1) + j) * (cells + 1) + i);
      };
      out << "** Ground: the rigid plane through (" << plane.plane_point()
          << ") with normal (" << n << "), as a fixed slab\n"
          << "*NODE, NSET=GROUND_NODES\n";
      for (unsigned int level = 0; level < 2; ++level)
        for (unsigned int j = 0; j <= across; ++j)
          for (unsigned int i = 0; i <= cells; ++i)
            {
              const double a = lo[0] + (hi[0] - lo[0]) * i / cells;
              const double b =
                across ? lo[1] + (hi[1] - lo[1]) * j / across : 0.;
              const Tensor<1, 3> x = plane.plane_point() + a * t1 + b * t2 -
                                     (level ? 0. : depth) * n;
              out << node(i, j, level);
              for (unsigned int d = 0; d < dim; ++d)
                out << ", " << x[d];
              out << '\n';
            }
      out << "*ELEMENT, TYPE=" << (dim == 2 ? "CPE4" : "C3D8")
          << ", ELSET=GROUND\n";
      std::vector<std::size_t> top;
      for (unsigned int j = 0; j < std::max(across, 1u); ++j)
        for (unsigned int i = 0; i < cells; ++i)
          {
            const std::size_t e = first_element + top.size();
            top.push_back(e);
            out << e;
            if (dim == 2)
              out << ", " << node(i, 0, 0) << ", " << node(i + 1, 0, 0) << ", "
                  << node(i + 1, 0, 1) << ", " << node(i, 0, 1);
            else
              for (unsigned int level = 0; level < 2; ++level)
                out << ", " << node(i, j, level) << ", "
                    << node(i + 1, j, level) << ", "
                    << node(i + 1, j + 1, level) << ", "
                    << node(i, j + 1, level);
            out << '\n';
          }
      out << "*MATERIAL, NAME=M_GROUND\n*ELASTIC\n1e12, 0.3\n"
          << "*SOLID SECTION, ELSET=GROUND, MATERIAL=M_GROUND\n"
          << (dim == 2 ? "1.\n" : "")
          << "*SURFACE, NAME=GROUND_TOP, TYPE=ELEMENT\n";
      for (const auto e : top)
        out << e << (dim == 2 ? ", S3\n" : ", S2\n");
    }

    /// A value per (file node number, component from 0).
    using NodalValues = std::map<std::pair<std::size_t, unsigned int>, double>;

    /// Held displacement components at full load, per (node, component).
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
                        held[{number[cell->face(f)->vertex_index(v)], d}] =
                          u(d);
                  }
        }
      return held;
    }

    /// The tractions at full load as consistent nodal forces of the
    /// trilinear (bilinear) element: sum over faces of the integral of
    /// traction x shape function, as the solver's load vector has it.
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
                  values.reinit(
                    typename Triangulation<dim>::cell_iterator(cell), f);
                  for (unsigned int q = 0; q < quadrature.size(); ++q)
                    {
                      traction.traction->vector_value(
                        values.quadrature_point(q), t);
                      for (const auto v : cell->vertex_indices())
                        for (unsigned int d = 0; d < dim; ++d)
                          force[{number[cell->vertex_index(v)], d}] +=
                            t(d) * values.shape_value(v, q) * values.JxW(q);
                    }
                }
      return force;
    }

    template <int dim>
    void
    write_step(const solver::Problem<dim>     &p,
               const Triangulation<dim>       &tria,
               const std::vector<std::size_t> &number,
               std::ostream                   &out)
    {
      const double increment = 1. / std::max(1u, p.settings.load_steps);
      out << "** One quasi-static step; the loads ramp with the step time "
             "as PlantarFE's load fraction\n"
          << "*STEP, NLGEOM, INC=1000\n*STATIC\n"
          << p.settings.first_step_fraction * increment << ", 1., 1e-6, "
          << increment << '\n'
          << "*BOUNDARY\n";
      if (!p.contacts.empty())
        out << "GROUND_NODES, 1, " << dim << ", 0.\n";
      for (const auto &[key, u] : held_displacements(p, tria, number))
        out << key.first << ", " << key.second + 1 << ", " << key.second + 1
            << ", " << u << '\n';
      const auto forces = nodal_forces(p, tria, number);
      if (!forces.empty())
        {
          out << "*CLOAD\n";
          for (const auto &[key, f] : forces)
            if (f != 0.)
              out << key.first << ", " << key.second + 1 << ", " << f << '\n';
        }
      out << "*NODE FILE\nU, RF\n*EL FILE\nS, E\n";
      if (!p.contacts.empty())
        out << "*CONTACT FILE\nCDIS, CSTR\n"
            << "*NODE PRINT, NSET=GROUND_NODES, TOTALS=ONLY\nRF\n"
            << "*CONTACT PRINT\nCSTR\n"
            // CalculiX's contact area and force need the pair named.
            << "*CONTACT PRINT, MASTER=GROUND_TOP, SLAVE=skin, "
               "TOTALS=ONLY\nCF\n";
      out << "*END STEP\n";
    }
  } // namespace

  template <int dim>
  void
  write_solver_deck(ModelCase<dim>    &c,
                    const std::string &path,
                    const std::string &title)
  {
    auto &p = c.problem;
    check_expressible(p);
    parallel::distributed::Triangulation<dim> tria(MPI_COMM_SELF);
    p.make_mesh(tria);
    const auto number = node_numbers(tria);

    output::AtomicFile file(path);
    auto              &out = file.stream();
    out << std::setprecision(abaqus_digits)
        << "** PlantarFE solver deck: the scenario's model for CalculiX or "
           "Abaqus, SI units (m, N, Pa).\n"
        << "** PlantarFE solves it with Q" << p.settings.degree
        << (p.settings.formulation == solver::Formulation::mixed ?
              " elements in the u-p-J (mixed) form" :
              " displacement elements")
        << "; here each cell is the linear element of its corners.\n"
        << "*HEADING\n"
        << title << '\n';
    if (c.metric_inputs.foot)
      {
        // Where the foot metrics read, for a peer's post-processing (the
        // heel pad's thickness runs from the tubercle to the skin below).
        const auto &L = c.metric_inputs.foot->landmarks;
        for (const auto &[name, x] :
             std::vector<std::pair<std::string, Point<2>>>{
               {"medial_tubercle", L.medial_tubercle},
               {"heel_skin", L.heel_skin},
               {"navicular", L.navicular},
               {"mtp_centre", L.mtp_centre}})
          out << "** landmark " << name << ' ' << x[0] << ' ' << x[1] << " 0\n";
      }
    anatomy::write_abaqus_mesh(tria, out);
    out << std::setprecision(abaqus_digits);
    write_materials(p, tria, out);
    for (const auto &contact : p.contacts)
      {
        const auto &plane =
          dynamic_cast<const contact::RigidPlane &>(*contact.obstacle);
        write_ground<dim>(plane,
                          tria,
                          tria.n_used_vertices() + 1,
                          tria.n_active_cells() + 1,
                          out);
        out << "*SURFACE INTERACTION, NAME=" << contact.name << '\n'
            << "*SURFACE BEHAVIOR, PRESSURE-OVERCLOSURE=LINEAR\n"
            << contact.penalty_Pa_per_m << '\n';
        if (contact.friction > 0.)
          // The friction spring is the normal penalty's slope in both
          // codes; a sole that never slips (stick) gets a coefficient
          // its shear never reaches where it presses.
          out
            << "*FRICTION\n"
            << (std::isfinite(contact.friction) ? contact.friction :
                                                  never_slips)
            << ", " << contact.penalty_Pa_per_m << '\n'
            << "*CONTACT PAIR, INTERACTION=" << contact.name
            << ", TYPE=SURFACE TO SURFACE\n"
            << "skin, GROUND_TOP\n"; // the only slave check_expressible lets in
      }
    write_step(p, tria, number, out);
    file.commit();
  }

  template void
  write_solver_deck(ModelCase<2> &, const std::string &, const std::string &);
  template void
  write_solver_deck(ModelCase<3> &, const std::string &, const std::string &);
} // namespace plantarfe::model
