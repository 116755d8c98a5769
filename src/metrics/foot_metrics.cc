#include "metrics/foot_metrics.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/symmetric_tensor.h>

#include "anatomy/regions.h"
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

    /// Force carried along the fibres through a slab of a band: the
    /// volume integral of the nominal fibre stress divided by the slab's
    /// length is exactly the section force of a uniform band.
    template <int dim>
    double
    fibre_stress(const solver::PointState<dim> &p)
    {
      const Tensor<1, 3> Fa = p.F * p.fibre;
      const double       n  = Fa.norm();
      return n > 0. ? (p.P * p.fibre) * Fa / n : 0.;
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
  } // namespace

  template <int dim>
  std::vector<Metric>
  foot_metrics(const solver::Solid<dim> &solid, const FootMetricContext &c)
  {
    namespace region = anatomy::region;
    const auto &L    = c.landmarks;
    const auto [sec_point, sec_dir] =
      on_line(L.fascia_line, L.fascia_section_x);
    const Tensor<1, 2> tendon_dir =
      (L.muscle_tendon_junction - L.achilles_insertion) /
      (L.muscle_tendon_junction - L.achilles_insertion).norm();

    double                          fascia_force = 0., tendon_force = 0.;
    double                          tendon_volume = 0.;
    double                          strain_sum = 0., strain_volume = 0.;
    std::map<unsigned int, CellSum> insertion_cells, fascia_cells;
    solid.for_each_point([&](const solver::PointState<dim> &p) {
      const Point<2> X(p.X[0], p.X[1]);
      if (p.region == region::fascia || p.region == region::fascia_insertion)
        {
          if (std::abs((X - sec_point) * sec_dir) < c.fascia_slab / 2.)
            fascia_force += fibre_stress(p) * p.JxW / c.fascia_slab;
          strain_sum += (p.fibre_stretch - 1.) * p.JxW;
          strain_volume += p.JxW;
          auto &f = fascia_cells[p.cell_index];
          f.volume += p.JxW;
          f.strain += (p.fibre_stretch - 1.) * p.JxW;
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
          tendon_force += fibre_stress(p) * p.JxW / c.tendon_slab;
          tendon_volume += p.JxW;
        }
    });
    const MPI_Comm comm = solid.communicator();

    // Heel attachment: cell averages (as in the results file) for the
    // peaks, volume averages for the means.
    double vm_peak = 0., pr_peak = -1e300, vm_int = 0., pr_int = 0.,
           ins_vol = 0., strain_peak = 0.;
    for (const auto &[cell, s] : insertion_cells)
      {
        vm_peak = std::max(vm_peak, s.von_mises / s.volume);
        pr_peak = std::max(pr_peak, s.principal / s.volume);
        vm_int += s.von_mises;
        pr_int += s.principal;
        ins_vol += s.volume;
      }
    for (const auto &[cell, s] : fascia_cells)
      strain_peak = std::max(strain_peak, s.strain / s.volume);
    vm_peak       = Utilities::MPI::max(vm_peak, comm);
    pr_peak       = Utilities::MPI::max(pr_peak, comm);
    strain_peak   = Utilities::MPI::max(strain_peak, comm);
    vm_int        = Utilities::MPI::sum(vm_int, comm);
    pr_int        = Utilities::MPI::sum(pr_int, comm);
    ins_vol       = Utilities::MPI::sum(ins_vol, comm);
    fascia_force  = Utilities::MPI::sum(fascia_force, comm) * c.depth;
    tendon_force  = Utilities::MPI::sum(tendon_force, comm) * c.depth;
    tendon_volume = Utilities::MPI::sum(tendon_volume, comm);
    // Force = integral over the slab / its length is exact only if the
    // quadrature points sample the slab's volume exactly; with 2-3 points
    // per cell along the tendon they do not (the 3D Achilles force jumped
    // 13 % between meshes). The slab's mean stress times the known section
    // does not depend on that sampling.
    if (c.tendon_section > 0. && tendon_volume > 0.)
      tendon_force *= c.tendon_section * c.tendon_slab / tendon_volume;
    strain_sum    = Utilities::MPI::sum(strain_sum, comm);
    strain_volume = Utilities::MPI::sum(strain_volume, comm);

    // Plantar contact: pressures, area, ground reaction and its rearfoot
    // share (the first contact condition is the ground).
    double p_peak = 0., p_rear = 0., p_fore = 0., area = 0., grf = 0.,
           grf_rear = 0.;
    solid.for_each_contact_point([&](const solver::ContactPointState<dim> &q) {
      if (q.contact != 0 || q.gap > 0.)
        return;
      p_peak = std::max(p_peak, q.pressure_Pa);
      if (q.X[0] < c.rearfoot_x)
        p_rear = std::max(p_rear, q.pressure_Pa);
      if (q.X[0] > c.forefoot_x)
        p_fore = std::max(p_fore, q.pressure_Pa);
      area += q.JxW;
      const double f = q.pressure_Pa * q.JxW * q.normal.norm();
      grf += f;
      if (q.X[0] < c.rearfoot_x)
        grf_rear += f;
    });
    p_peak   = Utilities::MPI::max(p_peak, comm);
    p_rear   = Utilities::MPI::max(p_rear, comm);
    p_fore   = Utilities::MPI::max(p_fore, comm);
    area     = Utilities::MPI::sum(area, comm) * c.depth;
    grf      = Utilities::MPI::sum(grf, comm) * c.depth;
    grf_rear = Utilities::MPI::sum(grf_rear, comm) * c.depth;

    // Landmark displacements (mid-plane z = 0 in 3D).
    auto at = [&](const Point<2> &x) {
      Point<dim> X;
      X[0] = x[0];
      X[1] = x[1];
      return solid.point_displacement(X);
    };
    const double navicular_dy = at(L.navicular)[1];
    // Arch height as the navicular's distance from the line joining the
    // heel skin and the first MTP centre, before and after loading: unlike
    // the global drop it ignores rigid motion (the foot turning at
    // heel-off) and the sinking of the heel and forefoot pads.
    const auto deformed = [&](const Point<2> &x) {
      const auto u = at(x);
      return Point<2>(x[0] + u[0], x[1] + u[1]);
    };
    const auto height_above =
      [](const Point<2> &a, const Point<2> &b, const Point<2> &p) {
        const Tensor<1, 2> d = b - a, r = p - a;
        return (d[0] * r[1] - d[1] * r[0]) / d.norm();
      };
    const Point<2> heel_ref(L.heel_skin[0], L.heel_skin[1] + 1e-4);
    const double   arch_ref = height_above(heel_ref, L.mtp_centre, L.navicular);
    const double   arch_now = height_above(deformed(heel_ref),
                                         deformed(L.mtp_centre),
                                         deformed(L.navicular));
    const double   tubercle_dy = at(L.medial_tubercle)[1];
    const double   skin_dy =
      at(Point<2>(L.heel_skin[0], L.heel_skin[1] + 1e-4))[1];

    std::vector<Metric> m;
    m.push_back({"fascia_tension",
                 fascia_force,
                 "N",
                 "plantar fascia tension through a section just distal to the "
                 "heel-attachment region"});
    m.push_back({"fascia_tension_per_body_weight",
                 c.body_weight_N > 0. ? fascia_force / c.body_weight_N : 0.,
                 "BW",
                 "fascia tension divided by body weight"});
    m.push_back({"heel_attachment_peak_von_mises",
                 vm_peak * 1e-6,
                 "MPa",
                 "peak (cell-averaged) von Mises stress in the fascia's "
                 "heel-attachment region"});
    m.push_back({"heel_attachment_mean_von_mises",
                 ins_vol > 0. ? vm_int / ins_vol * 1e-6 : 0.,
                 "MPa",
                 "volume-mean von Mises stress in the heel-attachment region"});
    m.push_back({"heel_attachment_peak_max_principal",
                 pr_peak * 1e-6,
                 "MPa",
                 "peak (cell-averaged) maximum principal stress in the "
                 "heel-attachment region"});
    m.push_back({"heel_attachment_mean_max_principal",
                 ins_vol > 0. ? pr_int / ins_vol * 1e-6 : 0.,
                 "MPa",
                 "volume-mean maximum principal stress in the heel-attachment "
                 "region"});
    m.push_back({"fascia_mean_strain",
                 strain_volume > 0. ? 100. * strain_sum / strain_volume : 0.,
                 "%",
                 "volume-mean fibre strain of the plantar fascia"});
    m.push_back({"fascia_peak_strain",
                 100. * strain_peak,
                 "%",
                 "peak (cell-averaged) fibre strain of the plantar fascia"});
    m.push_back({"achilles_force",
                 tendon_force,
                 "N",
                 "Achilles tendon force at mid-length of the free tendon"});
    m.push_back({"arch_height_drop",
                 -navicular_dy * 1e3,
                 "mm",
                 "downward displacement of the navicular landmark"});
    m.push_back({"arch_height_loss",
                 (arch_ref - arch_now) * 1e3,
                 "mm",
                 "loss of the navicular's height above the line from the heel "
                 "skin to the first MTP centre (rigid motion and pad "
                 "compression excluded)"});
    m.push_back({"peak_plantar_pressure",
                 p_peak * 1e-3,
                 "kPa",
                 "peak ground contact pressure"});
    m.push_back({"rearfoot_peak_pressure",
                 p_rear * 1e-3,
                 "kPa",
                 "peak ground contact pressure under the heel"});
    m.push_back({"forefoot_peak_pressure",
                 p_fore * 1e-3,
                 "kPa",
                 "peak ground contact pressure under the forefoot"});
    m.push_back({"contact_area",
                 area * 1e4,
                 "cm^2",
                 "plantar area in contact with the ground"});
    m.push_back({"ground_reaction", grf, "N", "total ground contact force"});
    m.push_back({"rearfoot_load_share",
                 grf > 0. ? 100. * grf_rear / grf : 0.,
                 "%",
                 "share of the ground reaction carried by the heel"});
    m.push_back({"heel_pad_compressive_strain",
                 100. * (skin_dy - tubercle_dy) / c.heel_pad_thickness,
                 "%",
                 "heel-pad thickness change under the medial tubercle / "
                 "unloaded thickness"});
    return m;
  }

  template std::vector<Metric>
  foot_metrics(const solver::Solid<2> &, const FootMetricContext &);
  template std::vector<Metric>
  foot_metrics(const solver::Solid<3> &, const FootMetricContext &);
} // namespace plantarfe::metrics
