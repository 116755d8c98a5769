// The foot's loads and their registrations; see foot_loads.h.
#include "model/foot_loads.h"

#include <deal.II/base/function.h>

#include "anatomy/regions.h"
#include "base/units.h"
#include "loads/knee_loads.h"
#include "loads/rigid_rotation.h"
#include "model/note_text.h"
#include "model/stance_balance.h"

#include <sstream>

namespace plantarfe::model
{
  using namespace dealii;
  namespace region  = anatomy::region;
  namespace surface = anatomy::surface;

  namespace
  {

    /// The knee end's horizontal displacement held at zero.
    template <int dim>
    void
    hold_knee_horizontally(solver::Problem<dim> &p)
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

    /// Body weight on the knee end; the rest of the body holds the knee's
    /// horizontal position, so the tibia's inclination is the posture of
    /// the stance phase.
    template <int dim>
    void
    add_knee_load(ModelCase<dim> &c, const FootFrame<dim> &f)
    {
      const auto  &sc = f.sc;
      const auto  &L  = f.outline.landmarks;
      auto        &p  = c.problem;
      const double weight =
        sc.subject.body_mass * units::g_earth * sc.subject.load_share;
      const double knee_area = L.knee_end_length * f.width(region::knee);
      const double turn = sc.stance.heel_off ? sc.stance.toe_dorsiflexion : 0.;
      p.tractions.push_back(
        {surface::knee_end,
         std::make_shared<loads::KneeLoad<dim>>(weight / knee_area, turn)});
      hold_knee_horizontally(p);
      c.notes.push_back({"body_weight_on_foot_N", note_number(weight)});
      c.notes.push_back(
        {"balance",
         "not enforced: the Achilles force is prescribed and the knee end is "
         "held horizontally (its reaction is reported)"});
      c.metric_inputs.balance = calf_balance_facts(f);
    }

    /// Body weight along the line through the body's centre of mass, the
    /// knee end free: the calf pulls with what balances the weight's moment
    /// about the ankle (model/stance_balance.h), as a least tension of the
    /// muscle fibres above their passive pull.
    template <int dim>
    void
    add_balanced_knee_load(ModelCase<dim> &c, const FootFrame<dim> &f)
    {
      const auto         &L = f.outline.landmarks;
      auto               &p = c.problem;
      const StanceBalance b =
        stance_balance(f.sc, L, f.sizes.achilles_moment_arm);

      const Tensor<1, 2> along({L.leg_axis[1], -L.leg_axis[0]}); // anterior
      const double       face = L.knee_end_length;
      const double       offset =
        (L.ankle_centre[0] + b.line_ahead_m - L.knee_centre[0]) / along[0];
      const auto knee_load = std::make_shared<loads::KneeLoadOnLine<dim>>(
        b.weight_N / (face * f.width(region::knee)),
        L.knee_centre,
        along,
        face,
        offset);
      p.tractions.push_back({surface::knee_end, knee_load});
      // A pin at the knee centre keeps the leg from toppling as a whole
      // (the model has no balance control) without carrying a moment: its
      // reaction is what the loads leave out of balance, and is reported.
      // (Holding the whole knee face, as the held knee does, also clamps it
      // against turning once the face is inclined: at 10 degrees it hid
      // 20 N m.)
      {
        Point<dim> centre;
        centre[0] = L.knee_centre[0];
        centre[1] = L.knee_centre[1];
        std::vector<bool> mask(dim, false);
        mask[0] = true;
        if (dim == 3)
          mask[2] = true;
        p.point_supports.push_back(
          {centre, ComponentMask(mask), surface::knee_pin});
      }

      // Nominal fibre stress is per meshed section; the pre-stretched
      // muscle's fibres pull with lambda0 x the law's stress, so the least
      // tension is divided by it to give the needed force.
      const double section = calf_section(f);
      const double floor   = b.needed_force_N / section;
      const auto   pre     = p.fibre_prestretch.count(region::calf_muscle) ?
                               p.fibre_prestretch.at(region::calf_muscle) :
                               std::function<double(double)>();
      p.fibre_tension_floor[region::calf_muscle] = [floor,
                                                    pre](const double t) {
        return t * floor / (pre ? pre(t) : 1.);
      };

      c.notes.push_back({"body_weight_on_foot_N", note_number(b.weight_N)});
      c.notes.push_back(
        {"balance",
         b.passive_governs ?
           "enforced; the passive calf alone pulls more than the requested "
           "centre of mass needs, so the weight line moved forward" :
           "enforced: the calf pulls with what balances body weight about "
           "the ankle"});
      c.notes.push_back({"centre_of_mass_ahead_of_ankle_mm",
                         note_number(b.line_ahead_m * 1e3)});
      c.notes.push_back(
        {"achilles_force_for_balance_N", note_number(b.needed_force_N)});
      c.notes.push_back(
        {"achilles_moment_arm_mm", note_number(b.moment_arm_m * 1e3)});
      auto facts                = calf_balance_facts(f);
      facts.balanced            = true;
      facts.weight_line_ahead_m = b.line_ahead_m;
      facts.tension_floor       = floor;
      c.metric_inputs.balance   = facts;
    }

    /// Toe dorsiflexion turns the phalanges by the set angle about the MTP
    /// joint centre. With a hinged MTP (sliding joints) the toes follow the
    /// metatarsal head: their rotation is prescribed, their translation is
    /// the node at the head's centre, so the forefoot stays on the ground
    /// and the toes lift (standing windlass) or rest on the turned ground
    /// (heel-off). With a bonded MTP, which cannot hinge: at heel-off their
    /// common translation is left free, so the toes rest on the turned
    /// ground (pinned toes pulled the foot onto the ground: reaction 1.75
    /// BW); in the standing windlass test they stay pinned, as held by an
    /// examiner (a free toe levers the whole forefoot up: MTP centre +12 mm,
    /// metatarsal heads off the ground at 30 degrees).
    template <int dim>
    void
    add_toe_dorsiflexion(ModelCase<dim> &c, const FootFrame<dim> &f)
    {
      const auto &sc = f.sc;
      if (!(sc.stance.toe_dorsiflexion > 0.))
        return;
      const Point<2> &centre = f.outline.landmarks.mtp_centre;
      // A hinged toe in standing is lifted once the foot carries half its
      // load, as an examiner does (Hicks 1954): lifted from the start, it
      // pulls the barely loaded heel along the ground through the fascia
      // and Newton cycles between the sole's sticking and slipping.
      const double from =
        sc.geometry.hinged_mtp && !sc.stance.heel_off ? 0.5 : 0.;
      solver::RegionDirichletCondition<dim> turn{
        region::phalanges,
        ComponentMask(dim, true),
        std::make_shared<loads::TurnAbout<dim>>(centre,
                                                sc.stance.toe_dorsiflexion,
                                                from),
        sc.stance.heel_off};
      if (sc.geometry.hinged_mtp)
        {
          turn.free_translation = true;
          turn.follow_region    = region::metatarsal;
          for (unsigned int d = 0; d < 2; ++d)
            turn.follow_point[d] = centre[d]; // 3D: the mid-plane
        }
      c.problem.region_dirichlet.push_back(turn);
    }

    const bool knee_registered = FootLoads::add(
      {"body weight at the knee",
       "body weight share as a traction on the knee end, which is held "
       "horizontally",
       add_knee_load<2>,
       add_knee_load<3>});

    const bool balance_registered = FootLoads::add(
      {"body weight in balance",
       "body weight share along the line through the body's centre of mass "
       "(Stance/Centre of mass ahead of ankle), the knee end free; the calf "
       "pulls with what holds that moment about the ankle",
       add_balanced_knee_load<2>,
       add_balanced_knee_load<3>});

    const bool toes_registered = FootLoads::add(
      {"toe dorsiflexion",
       "the toes turned about the MTP centre by Stance/Toe dorsiflexion",
       add_toe_dorsiflexion<2>,
       add_toe_dorsiflexion<3>});

    template <int dim>
    const AddFootLoad<dim> &
    adder(const FootLoad &load)
    {
      if constexpr (dim == 2)
        return load.add_2d;
      else
        return load.add_3d;
    }
  } // namespace

  template <int dim>
  void
  add_foot_loads(const std::vector<std::string> &names,
                 ModelCase<dim>                 &c,
                 const FootFrame<dim>           &frame)
  {
    for (const std::string &name : names)
      adder<dim>(FootLoads::get(name, "foot load"))(c, frame);
  }

  template void
  add_foot_loads(const std::vector<std::string> &,
                 ModelCase<2> &,
                 const FootFrame<2> &);
  template void
  add_foot_loads(const std::vector<std::string> &,
                 ModelCase<3> &,
                 const FootFrame<3> &);
} // namespace plantarfe::model
