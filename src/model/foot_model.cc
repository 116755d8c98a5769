#include "model/foot_model.h"

#include <deal.II/base/function.h>
#include <deal.II/distributed/tria.h>

#include "anatomy/fibre_fields.h"
#include "anatomy/foot_mesh.h"
#include "anatomy/regions.h"
#include "base/errors.h"
#include "base/units.h"
#include "contact/obstacle.h"
#include "loads/calf_tightness.h"
#include "loads/knee_loads.h"
#include "loads/rigid_rotation.h"
#include "materials/fibre_family.h"
#include "materials/registry.h"
#include "metrics/foot_metrics.h"

#include <cmath>
#include <sstream>

namespace plantarfe::model
{
  using namespace dealii;
  namespace region  = anatomy::region;
  namespace surface = anatomy::surface;

  namespace
  {

    std::string
    num(const double v)
    {
      std::ostringstream s;
      s.precision(17);
      s << v;
      return s.str();
    }

    std::shared_ptr<const materials::Material>
    compressible(const double E, const double nu)
    {
      return materials::create_material("neo-Hookean",
                                        {{"Young's modulus", num(E)},
                                         {"Poisson's ratio", num(nu)}});
    }

    /// FEBio-convention uncoupled Ogden (W = c/m^2 sum(l^m - 1)) in our
    /// convention W = mu/alpha sum(l^alpha - 1): mu = c/m, alpha = m.
    std::shared_ptr<const materials::Material>
    ogden(const double c, const double m, const double nu)
    {
      return materials::create_material("Ogden",
                                        {{"Shear moduli", num(c / m)},
                                         {"Exponents", num(m)},
                                         {"Poisson's ratio", num(nu)}});
    }

    std::unique_ptr<materials::Material>
    fibre_matrix(const double mu, const double nu = 0.45)
    {
      return materials::create_material("neo-Hookean nearly incompressible",
                                        {{"Shear modulus", num(mu)},
                                         {"Poisson's ratio", num(nu)}});
    }
  } // namespace

  template <int dim>
  ModelCase<dim>
  make_foot_case(const scenario::FootScenario &sc, MPI_Comm comm)
  {
    const auto  &g = sc.geometry;
    const auto  &t = sc.tissues;
    const double h = dim == 2 ? sc.mesh.mesh_size_2d : sc.mesh.mesh_size_3d;
    // The outline also validates the anatomy, before any mesh is built.
    const anatomy::FootOutline outline = anatomy::make_foot_outline(g, h);
    const auto                &L       = outline.landmarks;
    // 2D: a slice of the foot's width; forces and areas scale with it, and
    // narrow structures get their real axial stiffness by scaling.
    const double depth = dim == 2 ? g.foot_width : 1.;
    auto         width = [&](const types::material_id id) {
      return dim == 2 ? g.foot_width : anatomy::region_width(g, id);
    };

    ModelCase<dim> c;
    auto          &p = c.problem;
    p.make_mesh      = [g, mesh = sc.mesh, comm](
                    parallel::distributed::Triangulation<dim> &tria) {
      anatomy::make_foot_mesh<dim>(g, mesh, tria, comm);
    };

    // --- Tissues -----------------------------------------------------------
    const auto bone = compressible(t.bone_E, t.bone_nu);
    for (const auto id : anatomy::bone_regions())
      p.materials[id] = bone;
    const auto cartilage = compressible(t.cartilage_E, t.cartilage_nu);
    for (const auto &r : anatomy::foot_regions())
      p.region_names[r.id] = r.name;
    p.materials[region::cartilage]       = cartilage;
    p.materials[region::ankle_cartilage] = cartilage;
    p.materials[region::heel_pad] =
      ogden(t.heel_pad_c, t.heel_pad_m, t.heel_pad_nu);
    p.materials[region::soft_tissue] =
      ogden(t.soft_tissue_c, t.soft_tissue_m, t.soft_tissue_nu);

    // Fascia: fibres along the band, stiffness scaled to its real width.
    {
      const double scale = g.fascia_width / width(region::fascia);
      std::unique_ptr<materials::FibreLaw> law;
      std::unique_ptr<materials::Material> matrix;
      if (t.fascia_law == "linear")
        {
          law    = materials::make_linear_fibres(t.fascia_E);
          matrix = fibre_matrix(t.fascia_matrix_mu);
        }
      else if (t.fascia_law == "Natali 2010")
        {
          law    = materials::make_natali_fibres(t.fascia_natali_k,
                                              t.fascia_natali_alpha);
          matrix = fibre_matrix(t.fascia_natali_mu * scale);
        }
      else
        {
          law    = materials::make_gefen_fibres();
          matrix = fibre_matrix(t.fascia_matrix_mu);
        }
      const std::shared_ptr<const materials::Material> fascia =
        std::make_shared<materials::FibreFamily>(
          std::move(matrix), materials::scale_fibres(std::move(law), scale));
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
      const double area = g.achilles_thickness * width(region::achilles_tendon);
      const double E    = t.achilles_stiffness * g.tendon_length / area;
      p.materials[region::achilles_tendon] =
        std::make_shared<materials::FibreFamily>(
          fibre_matrix(t.tendon_matrix_mu), materials::make_linear_fibres(E));
      p.fibre_directions[region::achilles_tendon] =
        anatomy::along_axis<dim>(tendon_axis);
    }

    // Calf muscle: Thelen passive curve along the leg, pre-stretched by the
    // calf's slack deficit at the stance angle (or pulling with a
    // prescribed force).
    {
      const double belly =
        g.tibia_length -
        (L.muscle_tendon_junction - L.ankle_centre) * L.leg_axis;
      const double area = g.muscle_thickness * width(region::calf_muscle);
      p.materials[region::calf_muscle] =
        std::make_shared<materials::FibreFamily>(
          fibre_matrix(t.muscle_matrix_mu, 0.49),
          materials::make_thelen_passive_fibres(t.muscle_max_force / area,
                                                t.muscle_eps0,
                                                t.muscle_shape,
                                                belly / t.muscle_fibre_length));
      p.fibre_directions[region::calf_muscle] =
        anatomy::along_axis<dim>(L.leg_axis);

      loads::CalfUnit unit;
      unit.max_force        = t.muscle_max_force;
      unit.fibre_length     = t.muscle_fibre_length;
      unit.eps0             = t.muscle_eps0;
      unit.shape            = t.muscle_shape;
      unit.tendon_stiffness = t.achilles_stiffness;
      unit.moment_arm       = g.achilles_moment_arm;
      const auto state      = loads::calf_state(unit,
                                           sc.subject.dorsiflexion_range,
                                           sc.subject.end_of_range_moment,
                                           sc.stance.ankle_dorsiflexion);
      if (sc.subject.prescribed_achilles)
        {
          const double s = sc.subject.achilles_force / area;
          p.fibre_active_stress[region::calf_muscle] = [s](const double f) {
            return f * s;
          };
          c.notes.push_back(
            {"achilles_force_prescribed_N", num(sc.subject.achilles_force)});
        }
      else
        {
          if (state.excess_length >= 0.9 * belly)
            throw ScenarioError(
              "Subject/Calf/Dorsiflexion range: the calf would have to "
              "stretch beyond its length at this stance angle");
          const double lambda0 = belly / (belly - state.excess_length);
          p.fibre_prestretch[region::calf_muscle] = [lambda0](const double f) {
            return 1. + f * (lambda0 - 1.);
          };
          c.notes.push_back(
            {"calf_slack_angle_deg", num(state.slack_angle * 180. / M_PI)});
          c.notes.push_back(
            {"calf_stretch_at_stance_mm", num(state.excess_length * 1e3)});
          c.notes.push_back({"achilles_force_1d_model_N", num(state.force_1d)});
        }
    }

    // --- Loads and supports -----------------------------------------------
    const double weight =
      sc.subject.body_mass * units::g_earth * sc.subject.load_share;
    const double knee_area = L.knee_end_length * width(region::knee);
    const double turn = sc.stance.heel_off ? sc.stance.toe_dorsiflexion : 0.;
    p.tractions.push_back(
      {surface::knee_end,
       std::make_shared<loads::KneeLoad<dim>>(weight / knee_area, turn)});
    // The rest of the body holds the knee's horizontal position: the
    // tibia's inclination is the posture of the stance phase.
    {
      std::vector<bool> mask(dim, false);
      mask[0] = true;
      if (dim == 3)
        mask[2] = true;
      p.dirichlet.push_back(
        {surface::knee_end,
         ComponentMask(mask),
         std::make_shared<Functions::ZeroFunction<dim>>(dim)});
    }
    // Toe dorsiflexion turns the phalanges by the set angle about the MTP
    // joint centre. At heel-off their common translation is left free, so
    // the toes rest on the turned ground (pinned toes pulled the foot onto
    // the ground: reaction 1.75 BW). In the standing windlass test they
    // stay pinned, as held by an examiner: with a free toe the bonded MTP
    // joint, which cannot hinge, levers the whole forefoot up (MTP centre
    // +12 mm, metatarsal heads off the ground at 30 degrees).
    if (sc.stance.toe_dorsiflexion > 0.)
      p.region_dirichlet.push_back(
        {region::phalanges,
         ComponentMask(dim, true),
         std::make_shared<loads::TurnAbout<dim>>(L.mtp_centre,
                                                 sc.stance.toe_dorsiflexion),
         sc.stance.heel_off});

    // Ground: penalty contact with the plantar skin.
    {
      const double mu_soft = 0.5 * t.soft_tissue_c;
      const double penalty = sc.stance.ground_penalty > 0. ?
                               sc.stance.ground_penalty :
                               200. * 3. * mu_soft / h;
      std::shared_ptr<const contact::Obstacle> ground;
      if (sc.stance.heel_off)
        ground = std::make_shared<contact::TiltingPlane>(
          contact::Vector3(),
          contact::Vector3({0., 1., 0.}),
          contact::Vector3({L.mtp_centre[0], 0., 0.}),
          sc.stance.toe_dorsiflexion);
      else
        ground =
          std::make_shared<contact::RigidPlane>(contact::Vector3(),
                                                contact::Vector3({0., 1., 0.}));
      p.contacts.push_back(
        {surface::skin, ground, penalty, sc.stance.ground_stick});
      c.notes.push_back({"ground_penalty_Pa_per_m", num(penalty)});
    }

    metrics::FootMetricContext mc;
    mc.landmarks          = L;
    mc.depth              = depth;
    mc.body_weight_N      = sc.subject.body_mass * units::g_earth;
    mc.heel_pad_thickness = g.heel_pad_thickness;
    mc.tendon_section =
      g.achilles_thickness * (dim == 2 ? 1. : width(region::achilles_tendon));
    mc.rearfoot_x = 0.3 * g.foot_length;
    mc.forefoot_x = 0.6 * g.foot_length;
    c.metrics     = [mc](const solver::Solid<dim> &solid) {
      return metrics::foot_metrics<dim>(solid, mc);
    };
    c.notes.push_back({"body_weight_on_foot_N", num(weight)});
    return c;
  }

  template ModelCase<2>
  make_foot_case(const scenario::FootScenario &, MPI_Comm);
  template ModelCase<3>
  make_foot_case(const scenario::FootScenario &, MPI_Comm);
} // namespace plantarfe::model
