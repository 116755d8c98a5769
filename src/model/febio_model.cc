// The FEBio model writer; see febio_model.h. Tag and parameter names follow
// FEBio's 4.0 input parsers (FEBioXML/*Section4, FEBioMech materials).
#include "model/febio_model.h"

#include <deal.II/distributed/tria.h>

#include "anatomy/mesh_file_data.h"
#include "anatomy/mesh_tables.h"
#include "anatomy/regions.h"
#include "base/errors.h"
#include "contact/obstacle.h"
#include "materials/fibre_family.h"
#include "model/deck_parts.h"
#include "output/atomic_file.h"

#include <cmath>
#include <iomanip>
#include <limits>
#include <map>
#include <sstream>

namespace plantarfe::model
{
  namespace febio
  {
    using namespace dealii;

    namespace
    {
      const std::string command = "mesh -o FILE.feb";

      /// The Coulomb coefficient that stands for "never slips", as in the
      /// CalculiX deck (solver_deck.cc).
      constexpr double never_slips = 100.;

      [[noreturn]] void
      cannot(const std::string &what)
      {
        deck::cannot(command, what);
      }

      /// Which entry turns a law FEBio lacks into one it has.
      std::string
      law_hint(const std::string &law)
      {
        if (law.find("joint layer") != std::string::npos)
          return "; set Tissues/Joints/Model = bonded";
        if (law.find("Thelen") != std::string::npos)
          return "; set Tissues/Calf muscle fibres = false";
        if (law.find("Natali") != std::string::npos ||
            law.find("Gefen") != std::string::npos)
          return "; set Tissues/Plantar fascia/Law = linear";
        if (law.find("toe-linear") != std::string::npos)
          return "; set Tissues/Ligaments/Slack strain and Toe strain = 0";
        return "";
      }

      std::string
      xyz(const Tensor<1, 3> &x)
      {
        std::ostringstream text;
        text << std::setprecision(std::numeric_limits<double>::max_digits10)
             << x[0] << ',' << x[1] << ',' << x[2];
        return text.str();
      }

      void
      write_parameters(const materials::FebioLaw &law,
                       const std::string         &indent,
                       std::ostream              &out)
      {
        for (const auto &[name, value] : law.parameters)
          out << indent << '<' << name << '>' << value << "</" << name << ">\n";
      }

      /// The nodal forces per node, nodes without force left out (as the
      /// CalculiX deck's *CLOAD leaves them out).
      std::map<std::size_t, Tensor<1, 3>>
      force_vectors(const deck::NodalValues &forces)
      {
        std::map<std::size_t, Tensor<1, 3>> force;
        for (const auto &[key, f] : forces)
          if (f != 0.)
            force[key.first][key.second] = f;
        return force;
      }

      /// The held nodes grouped by which components they hold (all zero:
      /// a prescribed value other than zero is refused).
      std::map<std::string, std::vector<std::size_t>>
      held_sets(const deck::NodalValues &held)
      {
        std::map<std::size_t, std::string> mask;
        for (const auto &[key, u] : held)
          {
            if (u != 0.)
              cannot("node " + std::to_string(key.first) +
                     " is held at a displacement other than zero, which "
                     "this writer does not write");
            mask[key.first] += "xyz"[key.second];
          }
        std::map<std::string, std::vector<std::size_t>> sets;
        for (const auto &[node, components] : mask)
          sets["held_" + components].push_back(node);
        return sets;
      }

      /// Everything the file refers to by name, made once.
      struct Model
      {
        Model(const solver::Problem<3> &p, const Triangulation<3> &tria)
            : tables(tria)
            , number(deck::node_numbers(tria))
            , held(held_sets(deck::held_displacements(p, tria, number)))
            , forces(force_vectors(deck::nodal_forces(p, tria, number)))
        {
          for (const auto &cell : tria.active_cell_iterators())
            centre[cell->active_cell_index() + 1] = cell->center();
          for (const auto &contact : p.contacts)
            slab = deck::ground_slab(dynamic_cast<const contact::RigidPlane &>(
                                       *contact.obstacle),
                                     tria);
        }

        anatomy::MeshTables<3>   tables;
        std::vector<std::size_t> number;
        /// Held nodes per set held_<components> (e.g. held_xz).
        std::map<std::string, std::vector<std::size_t>> held;
        /// Nodal force per loaded node.
        std::map<std::size_t, Tensor<1, 3>> forces;
        std::map<std::size_t, Point<3>>     centre; ///< per element number
        deck::GroundSlab                    slab;   ///< empty without contact
      };

      /// The fibre tissue's mixture: matrix and fibre law, the direction
      /// from the element map fibre_<region>.
      void
      write_mixture(const std::string            &region,
                    const materials::FibreFamily &family,
                    const solver::Problem<3>     &p,
                    types::material_id            id,
                    std::ostream                 &out)
      {
        const auto matrix = family.matrix().febio_material();
        const auto fibres = family.law().febio_fibre();
        if (matrix.type.empty())
          cannot("region " + region + ": its matrix (" +
                 family.matrix().name() + ") has no FEBio counterpart");
        if (fibres.type.empty())
          cannot("region " + region + ": its fibre law (" +
                 family.law().name() + ") has no FEBio counterpart" +
                 law_hint(family.law().name()));
        const auto at_full_load = [&](const auto &table, const double none) {
          const auto f = table.find(id);
          return f == table.end() ? none : f->second(1.);
        };
        if (at_full_load(p.fibre_prestretch, 1.) != 1. ||
            at_full_load(p.fibre_active_stress, 0.) != 0. ||
            at_full_load(p.fibre_tension_floor, 0.) != 0.)
          cannot("region " + region +
                 ": a pre-stretched or active fibre (the calf's pull) is "
                 "not written; set Subject/Calf/Achilles force = prescribed "
                 "with Prescribed force = 0");
        out << "      <solid type=\"" << matrix.type << "\">\n";
        write_parameters(matrix, "        ", out);
        out << "      </solid>\n"
            << "      <solid type=\"" << fibres.type << "\">\n";
        write_parameters(fibres, "        ", out);
        out << "        <fiber type=\"map\">fibre_" << region << "</fiber>\n"
            << "      </solid>\n";
      }

      /// One material per region (M_<region>) and the ground's.
      void
      write_materials(const solver::Problem<3> &p,
                      const Model              &m,
                      std::ostream             &out)
      {
        out << "  <Material>\n";
        unsigned int next_id = 1;
        for (const auto &[id, cells] : m.tables.regions)
          {
            const std::string region = anatomy::region_name(id);
            const auto        law    = p.materials.find(id);
            if (law == p.materials.end())
              cannot("region " + region + " has no law");
            const auto *family =
              dynamic_cast<const materials::FibreFamily *>(law->second.get());
            const auto own = law->second->febio_material();
            if (!family && own.type.empty())
              cannot("region " + region + ": its law (" + law->second->name() +
                     ") has no FEBio counterpart" +
                     law_hint(law->second->name()));
            out << "    <material id=\"" << next_id++ << "\" name=\"M_"
                << region << "\" type=\""
                << (family ? "solid mixture" : own.type) << "\">\n";
            if (family)
              write_mixture(region, *family, p, id, out);
            else
              write_parameters(own, "      ", out);
            out << "    </material>\n";
          }
        if (!m.slab.nodes.empty())
          out << "    <material id=\"" << next_id
              << "\" name=\"M_GROUND\" type=\"neo-Hookean\">\n"
              << "      <E>1e12</E>\n      <v>0.3</v>\n    </material>\n";
        out << "  </Material>\n";
      }

      /// A comma-separated list of node numbers.
      std::string
      node_list(const std::vector<std::size_t> &nodes)
      {
        std::string text;
        for (const auto n : nodes)
          text += (text.empty() ? "" : ",") + std::to_string(n);
        return text;
      }

      void
      write_nodes_and_elements(const Model &m, std::ostream &out)
      {
        const std::size_t n_foot = m.tables.nodes.size();
        out << "  <Mesh>\n    <Nodes name=\"nodes\">\n";
        for (std::size_t n = 0; n < n_foot; ++n)
          out << "      <node id=\"" << n + 1 << "\">"
              << xyz(Tensor<1, 3>(m.tables.nodes[n])) << "</node>\n";
        for (std::size_t k = 0; k < m.slab.nodes.size(); ++k)
          out << "      <node id=\"" << n_foot + k + 1 << "\">"
              << xyz(m.slab.nodes[k]) << "</node>\n";
        out << "    </Nodes>\n";
        // Elements are numbered 1, 2, ... block after block.
        std::size_t next = 1;
        for (const auto &[id, cells] : m.tables.regions)
          {
            out << "    <Elements type=\"hex8\" name=\""
                << anatomy::region_name(id) << "\">\n";
            for (const auto &[element, corners] : cells)
              out << "      <elem id=\"" << next++ << "\">"
                  << node_list(corners) << "</elem>\n";
            out << "    </Elements>\n";
          }
        if (m.slab.cells.empty())
          return;
        out << "    <Elements type=\"hex8\" name=\"GROUND\">\n";
        for (const auto &corners : m.slab.cells)
          {
            std::vector<std::size_t> nodes;
            for (const auto k : corners)
              nodes.push_back(n_foot + k + 1);
            out << "      <elem id=\"" << next++ << "\">" << node_list(nodes)
                << "</elem>\n";
          }
        out << "    </Elements>\n";
      }

      /// Surfaces (faces listed so that their normal points out of the
      /// body: Abaqus' face order reversed), node sets, the contact pair.
      void
      write_sets(const Model &m, std::ostream &out)
      {
        for (const auto &[id, faces] : m.tables.surfaces)
          {
            out << "    <Surface name=\""
                << (id == anatomy::surface::skin ? "skin" : "knee_end")
                << "\">\n";
            std::size_t next = 1;
            for (const auto &[element, k, nodes] : faces)
              out << "      <quad4 id=\"" << next++ << "\">"
                  << node_list({nodes.rbegin(), nodes.rend()}) << "</quad4>\n";
            out << "    </Surface>\n";
          }
        const std::size_t n_foot = m.tables.nodes.size();
        if (!m.slab.nodes.empty())
          {
            out << "    <Surface name=\"GROUND_TOP\">\n";
            std::size_t next = 1;
            for (const auto &corners : m.slab.cells)
              out << "      <quad4 id=\"" << next++ << "\">"
                  << node_list({n_foot + corners[4] + 1,
                                n_foot + corners[5] + 1,
                                n_foot + corners[6] + 1,
                                n_foot + corners[7] + 1})
                  << "</quad4>\n";
            out << "    </Surface>\n";
            std::vector<std::size_t> ground;
            for (std::size_t k = 0; k < m.slab.nodes.size(); ++k)
              ground.push_back(n_foot + k + 1);
            out << "    <NodeSet name=\"GROUND_NODES\">" << node_list(ground)
                << "</NodeSet>\n";
          }
        for (const auto &[name, nodes] : m.held)
          out << "    <NodeSet name=\"" << name << "\">" << node_list(nodes)
              << "</NodeSet>\n";
        std::vector<std::size_t> loaded;
        for (const auto &[node, f] : m.forces)
          loaded.push_back(node);
        if (!loaded.empty())
          out << "    <NodeSet name=\"loaded\">" << node_list(loaded)
              << "</NodeSet>\n";
        if (!m.slab.nodes.empty())
          out << "    <SurfacePair name=\"ground_contact\">\n"
              << "      <primary>skin</primary>\n"
              << "      <secondary>GROUND_TOP</secondary>\n"
              << "    </SurfacePair>\n";
        out << "  </Mesh>\n";
      }

      /// Domains, then the data maps (FEBio wants them after the domains):
      /// a fibre direction per element of each fibre tissue (at the cell
      /// centre) and the nodal forces.
      void
      write_domains_and_data(const solver::Problem<3> &p,
                             const Model              &m,
                             std::ostream             &out)
      {
        out << "  <MeshDomains>\n";
        for (const auto &[id, cells] : m.tables.regions)
          out << "    <SolidDomain name=\"" << anatomy::region_name(id)
              << "\" mat=\"M_" << anatomy::region_name(id) << "\"/>\n";
        if (!m.slab.cells.empty())
          out << "    <SolidDomain name=\"GROUND\" mat=\"M_GROUND\"/>\n";
        out << "  </MeshDomains>\n  <MeshData>\n";
        for (const auto &[id, cells] : m.tables.regions)
          {
            const auto law = p.materials.at(id);
            if (!dynamic_cast<const materials::FibreFamily *>(law.get()))
              continue;
            const auto       &direction = p.fibre_directions.at(id);
            const std::string region    = anatomy::region_name(id);
            out << "    <ElementData name=\"fibre_" << region
                << "\" elem_set=\"" << region << "\" data_type=\"vec3\">\n";
            std::size_t lid = 1;
            for (const auto &[element, corners] : cells)
              {
                const auto a = direction(m.centre.at(element));
                if (!(a.norm() > 1e-12))
                  cannot("region " + region +
                         " has no fibre direction at element " +
                         std::to_string(element));
                out << "      <e lid=\"" << lid++ << "\">" << xyz(a / a.norm())
                    << "</e>\n";
              }
            out << "    </ElementData>\n";
          }
        const auto &force = m.forces;
        if (!force.empty())
          {
            out << "    <NodeData name=\"nodal_forces\" node_set=\"loaded\" "
                   "data_type=\"vec3\">\n";
            std::size_t lid = 1;
            for (const auto &[node, f] : force)
              out << "      <node lid=\"" << lid++ << "\">" << xyz(f)
                  << "</node>\n";
            out << "    </NodeData>\n";
          }
        out << "  </MeshData>\n";
      }

      /// Held nodes, the ground, the nodal forces and the contact.
      void
      write_conditions(const solver::Problem<3> &p,
                       const Model              &m,
                       std::ostream             &out)
      {
        out << "  <Boundary>\n";
        auto fixed = [&](const std::string &set, const std::string &dofs) {
          out << "    <bc name=\"" << set << "\" node_set=\"" << set
              << "\" type=\"zero displacement\">\n";
          for (const char d : std::string("xyz"))
            out << "      <" << d << "_dof>"
                << (dofs.find(d) != std::string::npos ? 1 : 0) << "</" << d
                << "_dof>\n";
          out << "    </bc>\n";
        };
        if (!m.slab.nodes.empty())
          fixed("GROUND_NODES", "xyz");
        for (const auto &[name, nodes] : m.held)
          fixed(name, name.substr(5));
        out << "  </Boundary>\n";
        if (!m.forces.empty())
          out << "  <Loads>\n    <nodal_load name=\"tractions\" "
                 "type=\"nodal_force\" node_set=\"loaded\">\n"
              << "      <value lc=\"1\" type=\"map\">nodal_forces</value>\n"
              << "    </nodal_load>\n  </Loads>\n";
        for (const auto &contact : p.contacts)
          {
            const double mu =
              std::isfinite(contact.friction) ? contact.friction : never_slips;
            out
              << "  <Contact>\n    <contact name=\"" << contact.name
              << "\" type=\"sliding-elastic\" surface_pair=\"ground_contact\">"
              << "\n      <laugon>PENALTY</laugon>\n"
              << "      <penalty>"
              << materials::febio_number(contact.penalty_Pa_per_m)
              << "</penalty>\n      <auto_penalty>0</auto_penalty>\n"
              << "      <two_pass>0</two_pass>\n"
              << "      <fric_coeff>" << materials::febio_number(mu)
              << "</fric_coeff>\n      <symmetric_stiffness>"
              << (mu > 0. ? 0 : 1) << "</symmetric_stiffness>\n"
              << "    </contact>\n  </Contact>\n";
          }
      }

      /// The load steps (the first one as PlantarFE's first step, then
      /// FEBio's own step control up to one step), the ramp, the output.
      void
      write_control(const solver::Problem<3> &p, std::ostream &out)
      {
        const unsigned int steps = std::max(1u, p.settings.load_steps);
        const unsigned int first = static_cast<unsigned int>(
          std::ceil(steps / std::min(1., p.settings.first_step_fraction)));
        out << "  <Control>\n    <analysis>STATIC</analysis>\n"
            << "    <time_steps>" << first << "</time_steps>\n"
            << "    <step_size>" << materials::febio_number(1. / first)
            << "</step_size>\n"
            << "    <plot_level>PLOT_MAJOR_ITRS</plot_level>\n"
            << "    <time_stepper type=\"default\">\n"
            << "      <dtmin>" << materials::febio_number(1. / (64. * first))
            << "</dtmin>\n      <dtmax>" << materials::febio_number(1. / steps)
            << "</dtmax>\n"
            << "      <max_retries>10</max_retries>\n"
            << "      <opt_iter>10</opt_iter>\n    </time_stepper>\n"
            << "  </Control>\n";
      }

      void
      write_load_data_and_output(const Model &m, std::ostream &out)
      {
        out << "  <LoadData>\n"
            << "    <load_controller id=\"1\" type=\"loadcurve\">\n"
            << "      <interpolate>LINEAR</interpolate>\n"
            << "      <extend>CONSTANT</extend>\n"
            << "      <points>\n        <pt>0,0</pt>\n        <pt>1,1</pt>\n"
            << "      </points>\n    </load_controller>\n  </LoadData>\n"
            << "  <Output>\n    <plotfile type=\"febio\">\n";
        for (const char *var : {"displacement",
                                "stress",
                                "reaction forces",
                                "fiber vector",
                                "contact pressure",
                                "contact gap",
                                "contact traction"})
          out << "      <var type=\"" << var << "\"/>\n";
        out << "    </plotfile>\n";
        if (!m.slab.nodes.empty())
          out << "    <logfile>\n      <node_data data=\"Rx;Ry;Rz\" "
                 "node_set=\"GROUND_NODES\" file=\"ground_reaction.txt\" "
                 "delim=\",\"/>\n    </logfile>\n";
        out << "  </Output>\n";
      }
    } // namespace
  }   // namespace febio

  void
  write_febio_model(ModelCase<3>      &c,
                    const std::string &path,
                    const std::string &title)
  {
    auto &p = c.problem;
    deck::check_expressible(p, febio::command);
    dealii::parallel::distributed::Triangulation<3> tria(MPI_COMM_SELF);
    p.make_mesh(tria);
    const febio::Model m(p, tria);

    output::AtomicFile file(path);
    auto              &out = file.stream();
    out << "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
        << "<!-- " << title << " -->\n"
        << "<!-- PlantarFE model for FEBio 4, SI units (m, N, Pa). PlantarFE "
           "solves it with Q"
        << p.settings.degree
        << " elements; here each cell is the trilinear hex8 of its "
           "corners. -->\n";
    out << std::setprecision(std::numeric_limits<double>::max_digits10);
    for (const auto &[name, x] : deck::landmarks(c.metric_inputs))
      out << "<!-- landmark " << name << ' ' << x[0] << ' ' << x[1]
          << " 0 -->\n";
    out << "<febio_spec version=\"4.0\">\n  <Module type=\"solid\"/>\n";
    febio::write_control(p, out);
    febio::write_materials(p, m, out);
    febio::write_nodes_and_elements(m, out);
    febio::write_sets(m, out);
    febio::write_domains_and_data(p, m, out);
    febio::write_conditions(p, m, out);
    febio::write_load_data_and_output(m, out);
    out << "</febio_spec>\n";
    file.commit();
  }
} // namespace plantarfe::model
