#include "model/foot_model.h"

#include <deal.II/base/function.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/distributed/tria.h>

#include "anatomy/body_sizes.h"
#include "anatomy/fibre_fields.h"
#include "anatomy/foot_mesh.h"
#include "anatomy/mesh_landmarks.h"
#include "anatomy/regions.h"
#include "base/errors.h"
#include "base/units.h"
#include "contact/obstacle.h"
#include "loads/calf_tightness.h"
#include "materials/fibre_family.h"
#include "materials/fibre_law_registry.h"
#include "materials/joint_layer.h"
#include "materials/laws.h"
#include "materials/plane_stress.h"
#include "metrics/foot_metrics.h"
#include "metrics/joint_checks.h"
#include "model/foot_loads.h"
#include "model/laplace_fibre_model.h"
#include "model/massage_model.h"
#include "model/note_text.h"
#include "model/scenario_type.h"
#include "model/stance_balance.h"
#include "scenario/massage_parameters.h"
#include "scenario/solver_settings.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace plantarfe::model
{
  using namespace dealii;
  namespace region  = anatomy::region;
  namespace surface = anatomy::surface;

  namespace
  {
    /// The ground's Coulomb coefficient for the solver: 0 frictionless,
    /// +infinity no slip.
    double
    ground_friction(const scenario::StanceParameters &stance)
    {
      if (stance.ground_friction == "frictionless")
        return 0.;
      if (stance.ground_friction == "stick")
        return std::numeric_limits<double>::infinity();
      return stance.ground_friction_coefficient;
    }

    std::shared_ptr<const materials::Material>
    compressible(const double E, const double nu)
    {
      return materials::make_neo_hookean(E, nu);
    }

    /// FEBio-convention uncoupled Ogden (W = c/m^2 sum(l^m - 1)) in our
    /// convention W = mu/alpha sum(l^alpha - 1): mu = c/m, alpha = m.
    std::shared_ptr<const materials::Material>
    ogden(const double c, const double m, const double nu)
    {
      return materials::make_ogden({c / m}, {m}, nu);
    }

    std::unique_ptr<materials::Material>
    fibre_matrix(const double mu, const double nu = 0.45)
    {
      return materials::make_nearly_incompressible_neo_hookean(mu, nu);
    }

    /// A fibre-reinforced tissue; with Tissues/Fibres = false its matrix
    /// alone (the fibre directions stay: the metrics read along them).
    std::shared_ptr<const materials::Material>
    reinforced(const scenario::TissueParameters    &t,
               std::unique_ptr<materials::Material> matrix,
               std::unique_ptr<materials::FibreLaw> fibres)
    {
      if (!t.fibres)
        return matrix;
      return std::make_shared<materials::FibreFamily>(std::move(matrix),
                                                      std::move(fibres));
    }

  } // namespace

  template <int dim>
  FootFrame<dim>::FootFrame(const scenario::FootScenario &scenario,
                            MPI_Comm                      comm)
      : sc(scenario)
      , h(dim == 2 ? scenario.mesh.mesh_size_2d : scenario.mesh.mesh_size_3d)
      , outline(anatomy::make_foot_outline(scenario.geometry, h))
      , depth(dim == 2 ? scenario.geometry.foot_width : 1.)
      , sizes(anatomy::foot_section_sizes<dim>(scenario.geometry))
  {
    if (!sc.mesh.mesh_landmarks && !sc.mesh.laplace_fibres)
      return;
    auto settings        = sc.mesh;
    settings.refinements = 0;
    // Landmarks and Laplace fibres are found on hexahedra (the split of a
    // tetrahedral file): their fields are functions of position, which the
    // solver's tetrahedra evaluate as well.
    settings.imported.keep_simplices = false;
    auto mesh                        = std::make_shared<Triangulation<dim>>();
    anatomy::make_foot_mesh<dim>(sc.geometry, settings, *mesh, comm);
    coarse_mesh = mesh;
    if (sc.mesh.mesh_landmarks)
      {
        anatomy::find_landmarks_for(*mesh, sc.mesh, h, outline);
        sizes = anatomy::measure_body_sizes(*mesh, outline.landmarks);
      }
  }

  template <int dim>
  double
  FootFrame<dim>::width(const types::material_id id) const
  {
    return dim == 2 ? sc.geometry.foot_width :
                      anatomy::region_width(sc.geometry, id);
  }

  namespace
  {
    /// Bone, cartilage and the pads; the fascia and the Achilles tendon with
    /// their fibres.
    template <int dim>
    void
    add_tissues(ModelCase<dim> &c, const FootFrame<dim> &f)
    {
      const auto &t    = f.sc.tissues;
      const auto &L    = f.outline.landmarks;
      auto       &p    = c.problem;
      const auto  bone = compressible(t.bone_E, t.bone_nu);
      for (const auto id : anatomy::bone_regions())
        p.materials[id] = bone;
      const auto cartilage = compressible(t.cartilage_E, t.cartilage_nu);
      for (const auto &r : anatomy::foot_regions())
        p.region_names[r.id] = r.name;
      p.materials[region::cartilage] = cartilage;
      if (t.joints == "sliding")
        {
          p.materials[region::arch_joint] = materials::make_joint_layer(
            t.cartilage_E, t.cartilage_nu, t.joint_sliding_mu, cartilage);
          if (t.joint_released_by > 0.)
            p.layer_bond[region::arch_joint] =
              [by = t.joint_released_by](const double load) {
                const double left = std::max(0., 1. - load / by);
                return left * left;
              };
          p.fibre_directions[region::arch_joint] =
            anatomy::across_joints<dim>(f.outline.joint_faces);
        }
      p.materials[region::ankle_cartilage] = cartilage;
      // Pads: in 2D free to bulge across the section unless held (see
      // materials/plane_stress.h).
      auto pad = [](std::shared_ptr<const materials::Material> law,
                    const std::string                         &section_2d) {
        return dim == 2 && section_2d == "plane stress" ?
                 materials::make_plane_stress(std::move(law)) :
                 law;
      };
      p.materials[region::heel_pad] =
        pad(ogden(t.heel_pad_c, t.heel_pad_m, t.heel_pad_nu), t.heel_pad_2d);
      p.materials[region::soft_tissue] =
        pad(ogden(t.soft_tissue_c, t.soft_tissue_m, t.soft_tissue_nu),
            t.soft_tissue_2d);

      // Fascia: the whole band (fibres and matrix) scaled to its real
      // width, so that the 2D slice carries the real band's force and its
      // stresses are the real band's times the scale (the metrics divide
      // it out: FootMetricContext::fascia_stress_factor).
      {
        const double        scale = fascia_scale(f);
        std::vector<double> constants;
        double              matrix_mu = t.fascia_matrix_mu * scale;
        if (t.fascia_law == "linear")
          constants = {t.fascia_E};
        else if (t.fascia_law == "Natali 2010")
          {
            constants = {t.fascia_natali_k, t.fascia_natali_alpha};
            matrix_mu = t.fascia_natali_mu * scale;
          }
        auto       law = materials::create_fibre_law(t.fascia_law, constants);
        auto       matrix = fibre_matrix(matrix_mu);
        const auto fascia =
          reinforced(t,
                     std::move(matrix),
                     materials::scale_fibres(std::move(law), scale));
        p.materials[region::fascia]           = fascia;
        p.materials[region::fascia_insertion] = fascia;
        const auto direction = anatomy::along_polyline<dim>(L.fascia_line);
        p.fibre_directions[region::fascia]           = direction;
        p.fibre_directions[region::fascia_insertion] = direction;
      }

      // Achilles tendon: linear fibres with the measured stiffness.
      const Tensor<1, 2> tendon_axis =
        (L.muscle_tendon_junction - L.achilles_insertion) /
        (L.muscle_tendon_junction - L.achilles_insertion).norm();
      {
        const double area = f.sizes.tendon_section * f.depth;
        const double E    = t.achilles_stiffness * f.sizes.tendon_length / area;
        p.materials[region::achilles_tendon] =
          reinforced(t,
                     fibre_matrix(t.tendon_matrix_mu),
                     materials::create_fibre_law("linear", {E}));
        p.fibre_directions[region::achilles_tendon] =
          anatomy::along_axis<dim>(tendon_axis);
      }
    }

    /// The real cross-section of a ligament band (m^2).
    double
    ligament_section(const scenario::TissueParameters &t,
                     const types::material_id          id)
    {
      switch (id)
        {
          case region::spring_ligament:
            return t.spring_section;
          case region::short_plantar_ligament:
            return t.short_plantar_section;
          case region::long_plantar_ligament:
            return t.long_plantar_section;
          case region::dorsal_talonavicular_ligament:
            return t.dorsal_talonavicular_section;
          case region::dorsal_tmt_ligament:
            return t.dorsal_tmt_section;
          default:
            return t.plantar_tmt_section;
        }
    }

    /// Ligaments: tension-only linear fibres along each band. A band
    /// is as thick as the outline draws it and as wide as the model makes
    /// it (2D: the foot's width; 3D: Foot/Ligaments/Band width); its whole
    /// law is scaled by real section / model section, so that it carries
    /// the real ligament's force at the real ligament's strain.
    /// A band's law scaled from the model's section to the ligament's.
    template <int dim>
    double
    ligament_scale(const FootFrame<dim> &f, const anatomy::LigamentBand &band)
    {
      return ligament_section(f.sc.tissues, band.id) /
             (band.thickness * f.width(band.id));
    }

    template <int dim>
    std::unique_ptr<materials::FibreLaw>
    ligament_fibres(const FootFrame<dim> &f, const anatomy::LigamentBand &band)
    {
      const auto &t = f.sc.tissues;
      return materials::scale_fibres(
        materials::create_fibre_law(
          "toe-linear", {t.ligament_E, t.ligament_slack, t.ligament_toe}),
        ligament_scale(f, band));
    }

    template <int dim>
    void
    add_ligaments(ModelCase<dim> &c, const FootFrame<dim> &f)
    {
      const auto &t = f.sc.tissues;
      auto       &p = c.problem;
      for (const auto &band : f.outline.ligaments)
        {
          p.materials[band.id] =
            reinforced(t,
                       fibre_matrix(t.ligament_matrix_mu *
                                    ligament_scale(f, band)),
                       ligament_fibres(f, band));
          p.fibre_directions[band.id] =
            anatomy::along_axis<dim>(band.direction);
        }
    }

    /// Length of the calf muscle belly (m): the junction to the knee block,
    /// from the outline or found on the mesh.
    double
    belly_length(const scenario::FootScenario &,
                 const anatomy::FootLandmarks &L)
    {
      return L.belly_length;
    }

    /// Constants of the calf's Thelen passive curve for @p section (m^2).
    std::vector<double>
    calf_law_constants(const scenario::FootScenario &sc,
                       const anatomy::FootLandmarks &L,
                       const double                  section)
    {
      const auto &t = sc.tissues;
      return {t.muscle_max_force / section,
              t.muscle_eps0,
              t.muscle_shape,
              belly_length(sc, L) / t.muscle_fibre_length};
    }

    /// Calf muscle: Thelen passive curve along the leg, pre-stretched by the
    /// calf's slack deficit at the stance angle (or pulling with a
    /// prescribed force).
    template <int dim>
    void
    add_calf(ModelCase<dim> &c, const FootFrame<dim> &f)
    {
      const auto  &sc     = f.sc;
      const auto  &L      = f.outline.landmarks;
      auto        &p      = c.problem;
      const double belly  = belly_length(sc, L);
      const double area   = calf_section(f);
      auto         matrix = fibre_matrix(sc.tissues.muscle_matrix_mu, 0.49);
      if (sc.tissues.calf_fibres)
        p.materials[region::calf_muscle] =
          reinforced(sc.tissues,
                     std::move(matrix),
                     materials::create_fibre_law(
                       "Thelen 2003 passive", calf_law_constants(sc, L, area)));
      else
        p.materials[region::calf_muscle] = std::move(matrix);
      p.fibre_directions[region::calf_muscle] =
        anatomy::along_axis<dim>(L.leg_axis);

      const auto state =
        loads::calf_state(calf_unit(sc, f.sizes.achilles_moment_arm),
                          sc.subject.dorsiflexion_range,
                          sc.subject.end_of_range_moment,
                          sc.stance.ankle_dorsiflexion);
      if (sc.subject.prescribed_achilles)
        {
          const double s = sc.subject.achilles_force / area;
          p.fibre_active_stress[region::calf_muscle] = [s](const double t) {
            return t * s;
          };
          c.notes.push_back({"achilles_force_prescribed_N",
                             note_number(sc.subject.achilles_force)});
          return;
        }
      if (state.excess_length >= 0.9 * belly)
        throw ScenarioError(
          "Subject/Calf/Dorsiflexion range: the calf would have to "
          "stretch beyond its length at this stance angle");
      const double lambda0 = belly / (belly - state.excess_length);
      p.fibre_prestretch[region::calf_muscle] = [lambda0](const double t) {
        return 1. + t * (lambda0 - 1.);
      };
      c.notes.push_back(
        {"calf_slack_angle_deg", note_number(state.slack_angle * 180. / M_PI)});
      c.notes.push_back(
        {"calf_stretch_at_stance_mm", note_number(state.excess_length * 1e3)});
      c.notes.push_back(
        {"achilles_force_1d_model_N", note_number(state.force_1d)});
    }
  } // namespace

  template <int dim>
  double
  fascia_scale(const FootFrame<dim> &f)
  {
    return f.sc.geometry.fascia_width / f.width(region::fascia);
  }

  template <int dim>
  double
  calf_section(const FootFrame<dim> &f)
  {
    return f.sizes.muscle_section * f.depth;
  }

  template <int dim>
  metrics::BalanceMetricContext
  calf_balance_facts(const FootFrame<dim> &f)
  {
    const auto                   &L = f.outline.landmarks;
    metrics::BalanceMetricContext b;
    b.ankle_centre   = L.ankle_centre;
    b.foot_length    = f.sizes.foot_length;
    b.body_weight_N  = f.sc.subject.body_mass * units::g_earth;
    b.knee_supports  = {surface::knee_end, surface::knee_pin};
    b.depth          = f.depth;
    b.muscle_region  = region::calf_muscle;
    b.muscle_section = calf_section(f);
    std::shared_ptr<const materials::FibreLaw> law =
      materials::create_fibre_law(
        "Thelen 2003 passive", calf_law_constants(f.sc, L, b.muscle_section));
    b.passive_stress = [law](const double stretch) {
      return law->evaluate(stretch).dW;
    };
    if (f.sc.subject.prescribed_achilles)
      b.active_stress = f.sc.subject.achilles_force / b.muscle_section;
    return b;
  }

  namespace
  {
    /// Sliding joints: each one's opening is a metric, and a step where one
    /// has come apart (its faces separated everywhere by more than a tenth
    /// of the layer: nothing in contact, the bones no longer articulate)
    /// fails the run, naming the joint. A joint that hinges open on one
    /// side while its other side bears is not dislocated, however far it
    /// opens. Faces in FootOutline::joint_faces order: subtalar, Chopart,
    /// tarsometatarsal, first MTP, interphalangeal.
    template <int dim>
    void
    watch_sliding_joints(ModelCase<dim>             &c,
                         const FootFrame<dim>       &f,
                         metrics::FootMetricContext &mc)
    {
      const auto &g = f.sc.geometry;
      if (!g.sliding_arch_joints)
        return;
      // (A joint whose face Landmarks = mesh could not trace has none.)
      const auto &faces = f.outline.joint_faces;
      const std::vector<std::pair<std::string, unsigned int>> joints = {
        {"chopart", 1}, {"tarsometatarsal", 2}, {"first_mtp", 3}};
      for (const auto &[name, index] : joints)
        if ((index < 3 || g.hinged_mtp) && !faces.at(index).empty())
          mc.sliding_joints.push_back(
            {name, region::arch_joint, faces.at(index), g.cartilage_thickness});
      std::vector<std::string> names;
      for (const auto &j : mc.sliding_joints)
        names.push_back(j.name);
      const double apart_mm = 0.1 * g.cartilage_thickness * 1e3;
      c.step_checks.push_back([names, apart_mm](const metrics::Metrics &m) {
        return metrics::dislocated_joint(m, names, apart_mm);
      });
    }
  } // namespace

  template <int dim>
  ModelCase<dim>
  make_limb_case(const FootFrame<dim> &f, MPI_Comm comm)
  {
    const auto    &g = f.sc.geometry;
    ModelCase<dim> c;
    c.problem.make_mesh =
      [g, mesh = f.sc.mesh, comm](Triangulation<dim> &tria) {
        anatomy::make_foot_mesh<dim>(g, mesh, tria, comm);
      };
    add_tissues(c, f);
    add_ligaments(c, f);
    add_calf(c, f);
    if (f.sc.mesh.laplace_fibres)
      use_laplace_fibres(c, f);
    if (f.sc.mesh.mesh_landmarks)
      {
        // What the mesh's own sizes are, since they replace the Foot
        // section's (sections in mm in 2D: thicknesses; mm^2 in 3D).
        const double unit = dim == 2 ? 1e3 : 1e6;
        const auto  &z    = f.sizes;
        c.notes.push_back(
          {"sizes_from_mesh",
           "foot length " + note_number(z.foot_length * 1e3, 4) +
             " mm, Achilles moment arm " +
             note_number(z.achilles_moment_arm * 1e3, 4) +
             " mm, tendon length " + note_number(z.tendon_length * 1e3, 4) +
             " mm, sections (" + (dim == 2 ? "mm" : "mm^2") + "): tendon " +
             note_number(z.tendon_section * unit, 4) + ", fascia " +
             note_number(z.fascia_section * unit, 4) + ", calf " +
             note_number(z.muscle_section * unit, 4)});
      }

    metrics::FootMetricContext mc;
    mc.landmarks            = f.outline.landmarks;
    mc.depth                = f.depth;
    mc.body_weight_N        = f.sc.subject.body_mass * units::g_earth;
    mc.fascia_section       = f.sizes.fascia_section;
    mc.tendon_section       = f.sizes.tendon_section;
    mc.fascia_stress_factor = 1. / fascia_scale(f);
    for (const auto &band : f.outline.ligaments)
      {
        metrics::BandSection b;
        b.name      = anatomy::region_name(band.id);
        b.region    = band.id;
        b.point     = band.section_point;
        b.direction = band.direction;
        b.slab      = std::min(0.005, 0.4 * band.free_length);
        b.section   = band.thickness * (dim == 2 ? 1. : f.width(band.id));
        b.fibres    = ligament_fibres(f, band);
        mc.ligaments.push_back(b);
      }
    mc.rearfoot_x = f.sizes.foot_start + 0.3 * f.sizes.foot_length;
    mc.forefoot_x = f.sizes.foot_start + 0.6 * f.sizes.foot_length;
    watch_sliding_joints(c, f, mc);
    c.metric_inputs.foot = mc;
    return c;
  }

  template <int dim>
  void
  add_ground(ModelCase<dim> &c, const FootFrame<dim> &f)
  {
    const auto  &sc = f.sc;
    const auto  &t  = sc.tissues;
    const auto  &L  = f.outline.landmarks;
    const double h  = f.h;
    auto        &p  = c.problem;
    {
      const double mu_soft = 0.5 * t.soft_tissue_c;
      const double penalty = sc.stance.ground_penalty > 0. ?
                               sc.stance.ground_penalty :
                               200. * 3. * mu_soft / h;
      std::shared_ptr<const contact::Obstacle> ground;
      if (sc.stance.heel_off)
        {
          ground = std::make_shared<contact::TiltingPlane>(
            contact::Vector3(),
            contact::Vector3({0., 1., 0.}),
            contact::Vector3({L.mtp_centre[0], 0., 0.}),
            sc.stance.toe_dorsiflexion);
          // Heights in the metrics are above the turned ground.
          if (c.metric_inputs.foot)
            {
              c.metric_inputs.foot->ground_turn = sc.stance.toe_dorsiflexion;
              c.metric_inputs.foot->ground_pivot =
                Point<2>(L.mtp_centre[0], 0.);
            }
        }
      else
        ground =
          std::make_shared<contact::RigidPlane>(contact::Vector3(),
                                                contact::Vector3({0., 1., 0.}));
      p.contacts.push_back({surface::skin,
                            ground,
                            penalty,
                            ground_friction(sc.stance),
                            "ground",
                            sc.stance.ground_elastic_slip});
      c.notes.push_back({"ground_penalty_Pa_per_m", note_number(penalty)});
      if (sc.stance.settling_support > 0.)
        {
          const double k0 = sc.stance.settling_support;
          p.foundations.push_back(
            {surface::skin,
             [](const Point<dim> &X) { return X[1] < 0.010; },
             [k0](const double t) {
               const double r = std::max(0., 1. - 4. * t);
               return k0 * r * r;
             }});
          c.notes.push_back(
            {"settling_support",
             "the sole below 10 mm rests on a soft support (" +
               note_number(k0) +
               " Pa/m) released by a quarter of the load; it carries "
               "nothing from there on"});
        }
    }
  }

  template <int dim>
  ModelCase<dim>
  make_foot_case(const scenario::FootScenario &sc, MPI_Comm comm)
  {
    // The outline also validates the anatomy, before any mesh is built.
    const FootFrame<dim> frame(sc, comm);
    ModelCase<dim>       c = make_limb_case(frame, comm);
    add_foot_loads(sc.subject.prescribed_achilles ? held_stance_loads :
                                                    balanced_stance_loads,
                   c,
                   frame);
    add_ground(c, frame);
    return c;
  }

  namespace
  {
    /// Geometry/Shape = foot: stance, or stance's limb with massage tools
    /// when the Massage section is enabled.
    template <int dim>
    ModelCase<dim>
    foot_model(dealii::ParameterHandler &prm, MPI_Comm comm)
    {
      const auto foot    = scenario::read_foot_parameters(prm);
      const auto massage = scenario::read_massage_parameters(prm);
      auto       c       = massage.enabled ?
                             make_massage_case<dim>(foot,
                                        massage,
                                        scenario::read_settings(prm),
                                        comm) :
                             make_foot_case<dim>(foot, comm);
      if (!massage.enabled)
        c.problem.settings = scenario::read_settings(prm);
      if (c.metric_inputs.foot)
        {
          prm.enter_subsection("Output");
          c.metric_inputs.foot->pressure_sensor =
            prm.get_double("Pressure sensor size") * 1e-3;
          prm.leave_subsection();
        }
      return c;
    }

    const bool registered = ScenarioTypes::add(
      {"foot",
       "the parametric foot with its calf-Achilles chain: stance, or "
       "massage when the Massage section is enabled",
       foot_model<2>,
       foot_model<3>});
    const bool registered_import = ScenarioTypes::add(
      {"mesh file",
       "the foot model on an imported volume mesh (Geometry/Mesh file) "
       "whose anatomy the Foot section describes: stance, or massage",
       foot_model<2>,
       foot_model<3>});
  } // namespace

#define PLANTARFE_INSTANTIATE(dim)                                              \
  template struct FootFrame<dim>;                                               \
  template ModelCase<dim> make_limb_case(const FootFrame<dim> &, MPI_Comm);     \
  template double         calf_section(const FootFrame<dim> &);                 \
  template double         fascia_scale(const FootFrame<dim> &);                 \
  template metrics::BalanceMetricContext calf_balance_facts(                    \
    const FootFrame<dim> &);                                                    \
  template void           add_ground(ModelCase<dim> &, const FootFrame<dim> &); \
  template ModelCase<dim> make_foot_case(const scenario::FootScenario &,        \
                                         MPI_Comm);
  PLANTARFE_INSTANTIATE(2)
  PLANTARFE_INSTANTIATE(3)
#undef PLANTARFE_INSTANTIATE
} // namespace plantarfe::model
