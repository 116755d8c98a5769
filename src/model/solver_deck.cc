// The solver deck; see solver_deck.h.
#include "model/solver_deck.h"

#include <deal.II/distributed/tria.h>

#include "anatomy/mesh_files.h"
#include "anatomy/regions.h"
#include "base/abaqus_numbers.h"
#include "base/errors.h"
#include "contact/obstacle.h"
#include "model/deck_parts.h"
#include "output/atomic_file.h"

#include <cmath>
#include <iomanip>
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
            deck::cannot("mesh --model", "region " + name + " has no law");
          const std::string card = law->second->abaqus_material();
          if (card.empty())
            deck::cannot("mesh --model",
                         "region " + name + ": its law (" +
                           law->second->name() +
                           ") has no CalculiX/Abaqus counterpart" +
                           law_hint(law->second->name()));
          out << "*MATERIAL, NAME=M_" << name << '\n'
              << card << "*SOLID SECTION, ELSET=" << name << ", MATERIAL=M_"
              << name << '\n';
          if (dim == 2)
            out << "1.\n"; // per unit depth, as the 2D model
        }
    }

    /// The rigid plane as a fixed slab of elements (deck::ground_slab):
    /// its top face is the contact pair's master surface.
    template <int dim>
    void
    write_ground(const contact::RigidPlane &plane,
                 const Triangulation<dim>  &tria,
                 std::size_t                first_node,
                 std::size_t                first_element,
                 std::ostream              &out)
    {
      const auto slab = deck::ground_slab(plane, tria);
      out << "** Ground: the rigid plane through (" << plane.plane_point()
          << ") with normal (" << plane.plane_normal() << "), as a fixed slab\n"
          << "*NODE, NSET=GROUND_NODES\n";
      for (std::size_t k = 0; k < slab.nodes.size(); ++k)
        {
          out << first_node + k;
          for (unsigned int d = 0; d < dim; ++d)
            out << ", " << slab.nodes[k][d];
          out << '\n';
        }
      out << "*ELEMENT, TYPE=" << (dim == 2 ? "CPE4" : "C3D8")
          << ", ELSET=GROUND\n";
      for (std::size_t e = 0; e < slab.cells.size(); ++e)
        {
          out << first_element + e;
          for (const auto k : slab.cells[e])
            out << ", " << first_node + k;
          out << '\n';
        }
      out << "*MATERIAL, NAME=M_GROUND\n*ELASTIC\n1e12, 0.3\n"
          << "*SOLID SECTION, ELSET=GROUND, MATERIAL=M_GROUND\n"
          << (dim == 2 ? "1.\n" : "")
          << "*SURFACE, NAME=GROUND_TOP, TYPE=ELEMENT\n";
      for (std::size_t e = 0; e < slab.cells.size(); ++e)
        out << first_element + e << (dim == 2 ? ", S3\n" : ", S2\n");
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
      for (const auto &[key, u] : deck::held_displacements(p, tria, number))
        out << key.first << ", " << key.second + 1 << ", " << key.second + 1
            << ", " << u << '\n';
      const auto forces = deck::nodal_forces(p, tria, number);
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
    deck::check_expressible(p, "mesh --model");
    parallel::distributed::Triangulation<dim> tria(MPI_COMM_SELF);
    p.make_mesh(tria);
    const auto number = deck::node_numbers(tria);

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
    for (const auto &[name, x] : deck::landmarks(c.metric_inputs))
      out << "** landmark " << name << ' ' << x[0] << ' ' << x[1] << " 0\n";
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
