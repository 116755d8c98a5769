#include "metrics/massage_metrics.h"

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
    struct CellSum
    {
      double volume = 0., von_mises = 0., strain = 0., compression = 0.;
    };

    /// Peak of the cell averages of one field (MPI max).
    template <typename Get>
    double
    peak(const std::map<unsigned int, CellSum> &cells, Get get, MPI_Comm comm)
    {
      double p = 0.;
      for (const auto &[cell, s] : cells)
        p = std::max(p, get(s) / s.volume);
      return Utilities::MPI::max(p, comm);
    }
  } // namespace

  template <int dim>
  std::vector<Metric>
  massage_metrics(const solver::Solid<dim>   &solid,
                  const MassageMetricContext &c)
  {
    namespace region    = anatomy::region;
    const MPI_Comm comm = solid.communicator();

    // Contact under the tool: force, area, peak pressure and the
    // pressure-weighted centre (reference position).
    Tensor<1, 3> force, centre, support, floor;
    double       area = 0., p_peak = 0., p_sum = 0.;
    auto         in = [](const std::vector<unsigned int> &v, unsigned int i) {
      return std::find(v.begin(), v.end(), i) != v.end();
    };
    // Forces sum every point that carries pressure: once Newton chatter
    // has rounded the penalty law (solid.cc), points a hair off the tool
    // (0 < gap < smoothing width) carry some, and leaving them out broke
    // the force balance by ~1e-4. The area counts closed points only.
    solid.for_each_contact_point([&](const solver::ContactPointState<dim> &q) {
      if (!(q.pressure_Pa > 0.))
        return;
      const Tensor<1, 3> f = q.pressure_Pa * q.JxW * q.normal;
      if (in(c.floor_contacts, q.contact))
        floor += f;
      if (in(c.support_contacts, q.contact))
        support += f;
      if (!in(c.tool_contacts, q.contact))
        return;
      force += f;
      if (q.gap <= 0.)
        area += q.JxW;
      p_peak = std::max(p_peak, q.pressure_Pa);
      p_sum += q.pressure_Pa * q.JxW;
      for (unsigned int d = 0; d < dim; ++d)
        centre[d] += q.pressure_Pa * q.JxW * q.X[d];
    });
    force   = Utilities::MPI::sum(force, comm) * c.depth;
    support = Utilities::MPI::sum(support, comm) * c.depth;
    floor   = Utilities::MPI::sum(floor, comm) * c.depth;
    centre  = Utilities::MPI::sum(centre, comm);
    p_sum   = Utilities::MPI::sum(p_sum, comm);
    area    = Utilities::MPI::sum(area, comm) * c.depth;
    p_peak  = Utilities::MPI::max(p_peak, comm);
    if (p_sum > 0.)
      centre /= p_sum;

    // Tissue near the contact centre (reference configuration).
    std::map<unsigned int, CellSum> fascia, tissue;
    solid.for_each_point([&](const solver::PointState<dim> &p) {
      Tensor<1, 3> X;
      for (unsigned int d = 0; d < dim; ++d)
        X[d] = p.X[d];
      const bool fascia_region =
        p.region == region::fascia || p.region == region::fascia_insertion;
      const bool soft = p.region == region::heel_pad ||
                        p.region == region::soft_tissue ||
                        p.region == region::calf_muscle;
      if (fascia_region && c.on_sole && std::abs(X[0] - centre[0]) < c.window)
        {
          auto &s = fascia[p.cell_index];
          s.volume += p.JxW;
          s.von_mises += solver::von_mises(p.sigma) * p.JxW;
          s.strain += (p.fibre_stretch - 1.) * p.JxW;
        }
      if (soft && (X - centre).norm() < c.window)
        {
          const auto   C          = symmetrize(transpose(p.F) * p.F);
          const double lambda_min = std::sqrt(std::max(0., eigenvalues(C)[2]));
          auto        &s          = tissue[p.cell_index];
          s.volume += p.JxW;
          s.von_mises += solver::von_mises(p.sigma) * p.JxW;
          s.compression += (1. - lambda_min) * p.JxW;
        }
    });
    double fascia_strain_sum = 0., fascia_volume = 0.;
    for (const auto &[cell, s] : fascia)
      {
        fascia_strain_sum += s.strain;
        fascia_volume += s.volume;
      }
    fascia_strain_sum = Utilities::MPI::sum(fascia_strain_sum, comm);
    fascia_volume     = Utilities::MPI::sum(fascia_volume, comm);

    const double        along = -(force * c.normal);
    std::vector<Metric> m;
    m.push_back(
      {"tool_force", force.norm(), "N", "total contact force of the tool"});
    m.push_back({"tool_force_along_load",
                 along,
                 "N",
                 "tool contact force along the direction the tool presses"});
    if (c.applied_force_N > 0.)
      {
        // Equilibrium: tool (plus, early in the press, support) force along
        // the load = the force applied at this load fraction.
        const double applied =
          c.applied_force_N *
          std::min(1., solid.load_fraction() / c.force_full);
        m.push_back({"tool_force_balance_error",
                     (along - (support + floor) * c.normal) / applied - 1.,
                     "-",
                     "(tool + press support + floor) force along the load / "
                     "applied force - 1 (equilibrium: ~0)"});
        m.push_back({"support_force",
                     -(support * c.normal),
                     "N",
                     "force still carried by the press support strip (0 "
                     "once the press is complete)"});
        if (!c.floor_contacts.empty())
          m.push_back({"floor_force",
                       -(floor * c.normal),
                       "N",
                       "force carried by the floor the tool lies on (heel "
                       "or toes resting beside the tool; seated/standing)"});
      }
    m.push_back({"tool_contact_area",
                 area * 1e4,
                 "cm^2",
                 "skin area in contact with the tool (reference)"});
    m.push_back({"tool_peak_pressure",
                 p_peak * 1e-3,
                 "kPa",
                 "peak contact pressure under the tool"});
    m.push_back({"tool_mean_pressure",
                 area > 0. ? force.norm() / area * 1e-3 : 0.,
                 "kPa",
                 "tool force / contact area"});
    m.push_back({"tool_contact_x",
                 centre[0] * 1e3,
                 "mm",
                 "x (heel back = 0, towards the toes) of the pressure-"
                 "weighted contact centre"});
    m.push_back({"tool_contact_y",
                 centre[1] * 1e3,
                 "mm",
                 "height of the pressure-weighted contact centre"});
    if (c.applied_force_N > 0.)
      {
        Point<dim> K;
        K[0]          = c.knee_centre[0];
        K[1]          = c.knee_centre[1];
        const auto u  = solid.point_displacement(K);
        double     un = 0.;
        for (unsigned int d = 0; d < dim; ++d)
          un += u[d] * c.normal[d];
        m.push_back({"tool_travel",
                     (un + c.seat) * 1e3,
                     "mm",
                     "how far the limb moved onto the tool (knee, along the "
                     "load) plus the initial seat: the tool's indentation "
                     "relative to the knee"});
      }
    if (c.on_sole)
      {
        m.push_back(
          {"fascia_under_tool_peak_von_mises",
           peak(
             fascia, [](const CellSum &s) { return s.von_mises; }, comm) *
             1e-6,
           "MPa",
           "peak (cell-averaged) von Mises stress of the fascia "
           "within 15 mm (along the foot) of the contact centre"});
        m.push_back(
          {"fascia_under_tool_peak_strain",
           100. * peak(
                    fascia, [](const CellSum &s) { return s.strain; }, comm),
           "%",
           "peak (cell-averaged) fibre strain of the fascia under "
           "the tool"});
        m.push_back(
          {"fascia_under_tool_mean_strain",
           fascia_volume > 0. ? 100. * fascia_strain_sum / fascia_volume : 0.,
           "%",
           "volume-mean fibre strain of the fascia under the tool"});
      }
    m.push_back({"tissue_under_tool_peak_von_mises",
                 peak(
                   tissue, [](const CellSum &s) { return s.von_mises; }, comm) *
                   1e-3,
                 "kPa",
                 "peak (cell-averaged) von Mises stress of the fat pad, skin "
                 "or muscle within 15 mm of the contact centre"});
    m.push_back(
      {"tissue_under_tool_peak_compression",
       100. * peak(
                tissue, [](const CellSum &s) { return s.compression; }, comm),
       "%",
       "peak (cell-averaged) compressive strain 1 - smallest "
       "principal stretch of that tissue"});
    return m;
  }

  template std::vector<Metric>
  massage_metrics(const solver::Solid<2> &, const MassageMetricContext &);
  template std::vector<Metric>
  massage_metrics(const solver::Solid<3> &, const MassageMetricContext &);
} // namespace plantarfe::metrics
