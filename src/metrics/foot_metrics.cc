#include "metrics/foot_metrics.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/symmetric_tensor.h>

#include "anatomy/regions.h"
#include "metrics/band_force.h"
#include "metrics/metric_registry.h"
#include "metrics/sensor_pressure.h"
#include "solver/kinematics.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace plantarfe::metrics
{
  using namespace dealii;

  namespace
  {
    double
    max_principal(const Tensor<2, 3> &s)
    {
      return eigenvalues(symmetrize(s))[0];
    }


    /// The point of the fascia line at x and the line's direction there.
    std::pair<Point<2>, Tensor<1, 2>>
    on_line(const std::vector<Point<2>> &line, const double x)
    {
      for (unsigned int i = 0; i + 1 < line.size(); ++i)
        if (x <= line[i + 1][0] || i + 2 == line.size())
          {
            const Tensor<1, 2> d = line[i + 1] - line[i];
            const double       f = (x - line[i][0]) / d[0];
            return {line[i] + f * d, d / d.norm()};
          }
      return {line.back(), Tensor<1, 2>({1., 0.})};
    }

    struct CellSum
    {
      double volume = 0., von_mises = 0., principal = 0., strain = 0.;
    };

    /// Fascia and tendon quantities from one pass over the quadrature points.
    struct TissueSums
    {
      double fascia_force = 0., tendon_force = 0., fascia_slab_volume = 0.;
      double vm_peak = 0., pr_peak = -1e300, vm_int = 0., pr_int = 0.,
             insertion_volume = 0., strain_peak = 0.;
      double strain_sum = 0., strain_volume = 0.;
      /// Nominal fibre stress integrated over the enthesis slab, and the
      /// slab's band volume.
      double enthesis_stress = 0., enthesis_volume = 0.;
    };

    template <int dim>
    TissueSums
    tissue_sums(const solver::Solid<dim> &solid, const FootMetricContext &c)
    {
      namespace region = anatomy::region;
      const auto &L    = c.landmarks;
      const auto [sec_point, sec_dir] =
        on_line(L.fascia_line, L.fascia_section_x);
      const auto [ent_point, ent_dir] =
        on_line(L.fascia_line, L.enthesis_section_x);
      const double ent_slab =
        std::min(c.fascia_slab,
                 L.enthesis_section_x - L.enthesis_free_x > 0. ?
                   2. * (L.enthesis_section_x - L.enthesis_free_x) :
                   c.fascia_slab);
      const Tensor<1, 2> tendon_dir =
        (L.muscle_tendon_junction - L.achilles_insertion) /
        (L.muscle_tendon_junction - L.achilles_insertion).norm();

      TissueSums                            t;
      double                                tendon_volume = 0.;
      std::map<unsigned int, CellSum>       insertion_cells, fascia_cells;
      const std::vector<types::material_id> read = {region::fascia,
                                                    region::fascia_insertion,
                                                    region::achilles_tendon};
      solid.for_each_point(read, [&](const solver::PointState<dim> &p) {
        const Point<2> X(p.X[0], p.X[1]);
        if (p.region == region::fascia || p.region == region::fascia_insertion)
          {
            if (std::abs((X - sec_point) * sec_dir) < c.fascia_slab / 2.)
              {
                t.fascia_force +=
                  nominal_fibre_stress(p) * p.JxW / c.fascia_slab;
                t.fascia_slab_volume += p.JxW;
              }
            t.strain_sum += (p.fibre_stretch - 1.) * p.JxW;
            t.strain_volume += p.JxW;
            auto &f = fascia_cells[p.cell_index];
            f.volume += p.JxW;
            f.strain += (p.fibre_stretch - 1.) * p.JxW;
          }
        if (p.region == region::fascia_insertion &&
            std::abs((X - ent_point) * ent_dir) < ent_slab / 2.)
          {
            t.enthesis_stress += nominal_fibre_stress(p) * p.JxW;
            t.enthesis_volume += p.JxW;
          }
        if (p.region == region::fascia_insertion)
          {
            auto &s = insertion_cells[p.cell_index];
            s.volume += p.JxW;
            s.von_mises += solver::von_mises(p.sigma) * p.JxW;
            s.principal += max_principal(p.sigma) * p.JxW;
          }
        if (p.region == region::achilles_tendon &&
            std::abs((X - L.tendon_mid) * tendon_dir) < c.tendon_slab / 2.)
          {
            t.tendon_force += nominal_fibre_stress(p) * p.JxW / c.tendon_slab;
            tendon_volume += p.JxW;
          }
      });
      const MPI_Comm comm = solid.communicator();

      // Heel attachment: cell averages (as in the results file) for the
      // peaks, volume averages for the means.
      for (const auto &[cell, s] : insertion_cells)
        {
          t.vm_peak = std::max(t.vm_peak, s.von_mises / s.volume);
          t.pr_peak = std::max(t.pr_peak, s.principal / s.volume);
          t.vm_int += s.von_mises;
          t.pr_int += s.principal;
          t.insertion_volume += s.volume;
        }
      for (const auto &[cell, s] : fascia_cells)
        t.strain_peak = std::max(t.strain_peak, s.strain / s.volume);
      t.vm_peak = Utilities::MPI::max(t.vm_peak, comm) * c.fascia_stress_factor;
      t.pr_peak = Utilities::MPI::max(t.pr_peak, comm) * c.fascia_stress_factor;
      t.strain_peak = Utilities::MPI::max(t.strain_peak, comm);
      t.vm_int = Utilities::MPI::sum(t.vm_int, comm) * c.fascia_stress_factor;
      t.pr_int = Utilities::MPI::sum(t.pr_int, comm) * c.fascia_stress_factor;
      t.insertion_volume = Utilities::MPI::sum(t.insertion_volume, comm);
      t.fascia_force     = Utilities::MPI::sum(t.fascia_force, comm) * c.depth;
      t.fascia_slab_volume = Utilities::MPI::sum(t.fascia_slab_volume, comm);
      // As for the tendon below: the slab's mean stress times the band's
      // section does not depend on how the quadrature points sample the
      // slab. With 6 mm cells across the 5 mm slab the 3D integral / slab
      // length read 151.8 N in quiet standing where the mean stress gives
      // 120.3 N (the enthesis section 8 mm before it: 122 N); 2D 88.2 ->
      // 90.2 N.
      if (c.fascia_section > 0. && t.fascia_slab_volume > 0.)
        t.fascia_force *=
          c.fascia_section * c.fascia_slab / t.fascia_slab_volume;
      t.tendon_force = Utilities::MPI::sum(t.tendon_force, comm) * c.depth;
      tendon_volume  = Utilities::MPI::sum(tendon_volume, comm);
      // Force = integral over the slab / its length is exact only if the
      // quadrature points sample the slab's volume exactly; with 2-3 points
      // per cell along the tendon they do not (the 3D Achilles force jumped
      // 13 % between meshes). The slab's mean stress times the known section
      // does not depend on that sampling.
      if (c.tendon_section > 0. && tendon_volume > 0.)
        t.tendon_force *= c.tendon_section * c.tendon_slab / tendon_volume;
      t.enthesis_stress =
        Utilities::MPI::sum(t.enthesis_stress, comm) * c.fascia_stress_factor;
      t.enthesis_volume = Utilities::MPI::sum(t.enthesis_volume, comm);
      t.strain_sum      = Utilities::MPI::sum(t.strain_sum, comm);
      t.strain_volume   = Utilities::MPI::sum(t.strain_volume, comm);
      return t;
    }

    /// Plantar contact with the ground: pressures, area, reaction and its
    /// rearfoot share.
    struct GroundSums
    {
      double p_peak = 0., p_rear = 0., p_fore = 0., area = 0., grf = 0.,
             grf_rear = 0.;
      /// The peaks as a platform's sensor reads them (sensor_pressure.h).
      double sensor_rear = 0., sensor_fore = 0.;
    };

    /// The sensor peaks of @p mine (this rank's samples) and every other
    /// rank's.
    template <int dim>
    void
    add_sensor_peaks(GroundSums                        &g,
                     const std::vector<PressureSample> &mine,
                     const FootMetricContext           &c,
                     const MPI_Comm                     comm)
    {
      // Five numbers per sample (all_gather packs vectors of double).
      std::vector<double> flat;
      for (const auto &p : mine)
        flat.insert(flat.end(), {p.x, p.z, p.reference_x, p.pressure, p.area});
      std::vector<PressureSample> all;
      for (const auto &part : Utilities::MPI::all_gather(comm, flat))
        for (std::size_t i = 0; i + 4 < part.size(); i += 5)
          all.push_back(
            {part[i], part[i + 1], part[i + 2], part[i + 3], part[i + 4]});
      // Sensors centred where the foot presses.
      g.sensor_rear = sensor_peak_pressure(
        all, c.pressure_sensor, dim, [&](const PressureSample &p) {
          return p.pressure > 0. && p.reference_x < c.rearfoot_x;
        });
      g.sensor_fore = sensor_peak_pressure(
        all, c.pressure_sensor, dim, [&](const PressureSample &p) {
          return p.pressure > 0. && p.reference_x > c.forefoot_x;
        });
    }

    template <int dim>
    GroundSums
    ground_sums(const solver::Solid<dim>        &solid,
                const FootMetricContext         &c,
                const std::vector<unsigned int> &ground)
    {
      GroundSums                  g;
      std::vector<PressureSample> samples;
      solid.for_each_contact_point([&](
                                     const solver::ContactPointState<dim> &q) {
        // The rounded contact law (solver/contact_term.cc) also pushes at
        // small positive gaps (within 1 % of a cell): every point that
        // pushes counts, for the forces and for the area. Counting only
        // gap <= 0 dropped lightly loaded points from the area.
        if (std::find(ground.begin(), ground.end(), q.contact) == ground.end())
          return;
        // The sole within 2 mm of the ground: what a platform's sensors lie
        // under, pressed or not.
        if (q.pressure_Pa > 0. || q.gap < 2e-3)
          samples.push_back({q.x[0],
                             dim == 3 ? q.x[2] : 0.,
                             q.X[0],
                             std::max(q.pressure_Pa, 0.),
                             q.JxW});
        if (q.pressure_Pa <= 0.)
          return;
        g.p_peak = std::max(g.p_peak, q.pressure_Pa);
        if (q.X[0] < c.rearfoot_x)
          g.p_rear = std::max(g.p_rear, q.pressure_Pa);
        if (q.X[0] > c.forefoot_x)
          g.p_fore = std::max(g.p_fore, q.pressure_Pa);
        g.area += q.JxW;
        const double f = q.pressure_Pa * q.JxW * q.normal.norm();
        g.grf += f;
        if (q.X[0] < c.rearfoot_x)
          g.grf_rear += f;
      });
      const MPI_Comm comm = solid.communicator();
      g.p_peak            = Utilities::MPI::max(g.p_peak, comm);
      g.p_rear            = Utilities::MPI::max(g.p_rear, comm);
      g.p_fore            = Utilities::MPI::max(g.p_fore, comm);
      g.area              = Utilities::MPI::sum(g.area, comm) * c.depth;
      g.grf               = Utilities::MPI::sum(g.grf, comm) * c.depth;
      g.grf_rear          = Utilities::MPI::sum(g.grf_rear, comm) * c.depth;
      add_sensor_peaks<dim>(g, samples, c, comm);
      return g;
    }

    /// Landmark heights and distances (mid-plane z = 0 in 3D), each free of
    /// the frame: heights are above the ground where it is (heel-off turns
    /// it), the arch is measured against the foot's own plantar line and
    /// the heel pad as a distance between two of its points.
    struct LandmarkMotion
    {
      double navicular_drop = 0., arch_ref = 0., arch_now = 0.;
      double pad_ref = 0., pad_now = 0.;
    };

    template <int dim>
    LandmarkMotion
    landmark_motion(const solver::Solid<dim> &solid, const FootMetricContext &c)
    {
      const auto &L = c.landmarks;
      // Deformed position of a landmark, in the frame of the ground at the
      // end of the load (turned back by the ground's turn).
      const double co = std::cos(c.ground_turn), si = std::sin(c.ground_turn);
      const auto   on_ground = [&](const Point<2> &x) {
        const Tensor<1, 2> r = x - c.ground_pivot;
        return c.ground_pivot +
               Tensor<1, 2>({co * r[0] + si * r[1], -si * r[0] + co * r[1]});
      };
      const auto deformed = [&](const Point<2> &x) {
        Point<dim> X;
        X[0]         = x[0];
        X[1]         = x[1];
        const auto u = solid.point_displacement(X);
        return on_ground(Point<2>(x[0] + u[0], x[1] + u[1]));
      };
      const auto height_above =
        [](const Point<2> &a, const Point<2> &b, const Point<2> &p) {
          const Tensor<1, 2> d = b - a, r = p - a;
          return (d[0] * r[1] - d[1] * r[0]) / d.norm();
        };
      LandmarkMotion m;
      // Navicular height above the ground (y = 0 of the ground's frame).
      m.navicular_drop = L.navicular[1] - deformed(L.navicular)[1];
      // Arch height as the navicular's distance from the line joining the
      // heel skin and the first MTP centre, before and after loading: it
      // ignores rigid motion (the foot turning at heel-off) and the
      // sinking of the heel and forefoot pads.
      const Point<2> heel_ref(L.heel_skin[0], L.heel_skin[1] + 1e-4);
      m.arch_ref = height_above(heel_ref, L.mtp_centre, L.navicular);
      m.arch_now = height_above(deformed(heel_ref),
                                deformed(L.mtp_centre),
                                deformed(L.navicular));
      // Heel pad: distance from the medial tubercle to the skin below it.
      m.pad_ref = (L.medial_tubercle - heel_ref).norm();
      m.pad_now = (deformed(L.medial_tubercle) - deformed(heel_ref)).norm();
      return m;
    }

    void
    add_ground_metrics(Metrics &m, const GroundSums &g)
    {
      m.push_back({"peak_plantar_pressure",
                   g.p_peak * 1e-3,
                   "kPa",
                   "peak ground contact pressure"});
      m.back().mesh_dependent = true;
      m.push_back({"rearfoot_peak_pressure",
                   g.p_rear * 1e-3,
                   "kPa",
                   "peak ground contact pressure under the heel"});
      m.back().mesh_dependent = true;
      m.push_back({"forefoot_peak_pressure",
                   g.p_fore * 1e-3,
                   "kPa",
                   "peak ground contact pressure under the forefoot"});
      m.back().mesh_dependent = true;
      m.push_back({"rearfoot_sensor_peak_pressure",
                   g.sensor_rear * 1e-3,
                   "kPa",
                   "largest mean ground pressure over one pressure-platform "
                   "sensor (Output/Pressure sensor size) under the heel: "
                   "what platforms report as the peak"});
      m.push_back({"forefoot_sensor_peak_pressure",
                   g.sensor_fore * 1e-3,
                   "kPa",
                   "largest mean ground pressure over one pressure-platform "
                   "sensor under the forefoot"});
      m.push_back({"contact_area",
                   g.area * 1e4,
                   "cm^2",
                   "plantar area the ground pushes on (pressure > 0)"});
      m.push_back(
        {"ground_reaction", g.grf, "N", "total ground contact force"});
      m.push_back({"rearfoot_load_share",
                   g.grf > 0. ? 100. * g.grf_rear / g.grf : 0.,
                   "%",
                   "share of the ground reaction carried by the heel"});
    }
  } // namespace

  template <int dim>
  Metrics
  foot_metrics(const solver::Solid<dim>        &solid,
               const FootMetricContext         &c,
               const std::vector<unsigned int> &ground)
  {
    const TissueSums t        = tissue_sums(solid, c);
    const bool       standing = !ground.empty();
    const GroundSums g =
      standing ? ground_sums(solid, c, ground) : GroundSums();
    const LandmarkMotion l = landmark_motion(solid, c);

    Metrics m;
    m.push_back({"fascia_tension",
                 t.fascia_force,
                 "N",
                 "plantar fascia tension through a section just distal to the "
                 "heel-attachment region"});
    if (standing)
      m.push_back({"fascia_tension_per_body_weight",
                   c.body_weight_N > 0. ? t.fascia_force / c.body_weight_N : 0.,
                   "BW",
                   "fascia tension divided by body weight"});
    m.push_back(
      {"heel_attachment_fibre_stress",
       t.enthesis_volume > 0. ? t.enthesis_stress / t.enthesis_volume * 1e-6 :
                                0.,
       "MPa",
       "mean fibre stress (force per unloaded section) of the fascia band "
       "through its section at the heel attachment, halfway between where "
       "the band leaves the calcaneus and the end of the insertion region"});
    m.push_back({"heel_attachment_peak_von_mises",
                 t.vm_peak * 1e-6,
                 "MPa",
                 "peak (cell-averaged) von Mises stress in the fascia's "
                 "heel-attachment region"});
    m.back().mesh_dependent = true;
    m.push_back(
      {"heel_attachment_mean_von_mises",
       t.insertion_volume > 0. ? t.vm_int / t.insertion_volume * 1e-6 : 0.,
       "MPa",
       "volume-mean von Mises stress in the heel-attachment region"});
    m.push_back({"heel_attachment_peak_max_principal",
                 t.pr_peak * 1e-6,
                 "MPa",
                 "peak (cell-averaged) maximum principal stress in the "
                 "heel-attachment region"});
    m.back().mesh_dependent = true;
    m.push_back(
      {"heel_attachment_mean_max_principal",
       t.insertion_volume > 0. ? t.pr_int / t.insertion_volume * 1e-6 : 0.,
       "MPa",
       "volume-mean maximum principal stress in the heel-attachment "
       "region"});
    m.push_back(
      {"fascia_mean_strain",
       t.strain_volume > 0. ? 100. * t.strain_sum / t.strain_volume : 0.,
       "%",
       "volume-mean fibre strain of the plantar fascia"});
    m.push_back({"fascia_peak_strain",
                 100. * t.strain_peak,
                 "%",
                 "peak (cell-averaged) fibre strain of the plantar fascia"});
    m.back().mesh_dependent = true;
    m.push_back({"achilles_force",
                 t.tendon_force,
                 "N",
                 "Achilles tendon force at mid-length of the free tendon"});
    m.push_back({"arch_height_drop",
                 l.navicular_drop * 1e3,
                 "mm",
                 "fall of the navicular landmark's height above the ground "
                 "(the ground where it is at the end of the load)"});
    m.push_back({"arch_height_loss",
                 (l.arch_ref - l.arch_now) * 1e3,
                 "mm",
                 "loss of the navicular's height above the line from the heel "
                 "skin to the first MTP centre (rigid motion and pad "
                 "compression excluded)"});
    if (standing)
      add_ground_metrics(m, g);
    m.push_back(
      {"heel_pad_compressive_strain",
       l.pad_ref > 0. ? 100. * (l.pad_ref - l.pad_now) / l.pad_ref : 0.,
       "%",
       "shortening of the distance from the medial tubercle to the "
       "skin below it / that distance unloaded (free of the "
       "foot's rotation)"});
    return m;
  }

  template Metrics
  foot_metrics(const solver::Solid<2> &,
               const FootMetricContext &,
               const std::vector<unsigned int> &);
  template Metrics
  foot_metrics(const solver::Solid<3> &,
               const FootMetricContext &,
               const std::vector<unsigned int> &);

  namespace
  {
    /// The stance group: the foot's metrics; those about the ground only
    /// when the model has a contact named "ground".
    template <int dim>
    Metrics
    foot_group(const solver::Solid<dim> &solid,
               const MetricInputs       &inputs,
               const Metrics & /*earlier*/)
    {
      return foot_metrics(solid, *inputs.foot, inputs.contacts_named("ground"));
    }

    const bool foot_metrics_registered = MetricGroups::add(
      {"foot",
       "fascia tension and strain, heel-attachment stresses, Achilles force, "
       "arch and heel-pad measures; plantar pressures and ground reaction on "
       "a ground",
       [](const MetricInputs &inputs) { return inputs.foot.has_value(); },
       foot_group<2>,
       foot_group<3>});
  } // namespace
} // namespace plantarfe::metrics
