// The foot's loads and their registrations; see foot_loads.h.
#include "model/foot_loads.h"

#include <deal.II/base/function.h>

#include "anatomy/regions.h"
#include "base/units.h"
#include "loads/knee_loads.h"
#include "loads/rigid_rotation.h"
#include "model/note_text.h"

#include <sstream>

namespace plantarfe::model
{
  using namespace dealii;
  namespace region  = anatomy::region;
  namespace surface = anatomy::surface;

  namespace
  {

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
      std::vector<bool> mask(dim, false);
      mask[0] = true;
      if (dim == 3)
        mask[2] = true;
      p.dirichlet.push_back(
        {surface::knee_end,
         ComponentMask(mask),
         std::make_shared<Functions::ZeroFunction<dim>>(dim)});
      c.notes.push_back({"body_weight_on_foot_N", note_number(weight)});
    }

    /// Toe dorsiflexion turns the phalanges by the set angle about the MTP
    /// joint centre. At heel-off their common translation is left free, so
    /// the toes rest on the turned ground (pinned toes pulled the foot onto
    /// the ground: reaction 1.75 BW). In the standing windlass test they
    /// stay pinned, as held by an examiner: with a free toe the bonded MTP
    /// joint, which cannot hinge, levers the whole forefoot up (MTP centre
    /// +12 mm, metatarsal heads off the ground at 30 degrees).
    template <int dim>
    void
    add_toe_dorsiflexion(ModelCase<dim> &c, const FootFrame<dim> &f)
    {
      const auto &sc = f.sc;
      if (sc.stance.toe_dorsiflexion > 0.)
        c.problem.region_dirichlet.push_back(
          {region::phalanges,
           ComponentMask(dim, true),
           std::make_shared<loads::TurnAbout<dim>>(
             f.outline.landmarks.mtp_centre, sc.stance.toe_dorsiflexion),
           sc.stance.heel_off});
    }

    const bool knee_registered = FootLoads::add(
      {"body weight at the knee",
       "body weight share as a traction on the knee end, which is held "
       "horizontally",
       add_knee_load<2>,
       add_knee_load<3>});

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
