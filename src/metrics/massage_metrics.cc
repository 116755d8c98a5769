#include "metrics/massage_metrics.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/symmetric_tensor.h>

#include "anatomy/regions.h"
#include "metrics/metric_registry.h"
#include "solver/kinematics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace plantarfe::metrics
{
  using namespace dealii;

  namespace
  {
    struct ToolCellSum
    {
      double volume = 0., von_mises = 0., strain = 0., compression = 0.;
    };

    /// Peak of the cell averages of one field (MPI max).
    template <typename Get>
    double
    peak(const std::map<unsigned int, ToolCellSum> &cells,
         Get                                        get,
         MPI_Comm                                   comm)
    {
      double p = 0.;
      for (const auto &[cell, s] : cells)
        p = std::max(p, get(s) / s.volume);
      return Utilities::MPI::max(p, comm);
    }
    /// Contact under the tool: force, area, peak pressure and the
    /// pressure-weighted centre (reference position); forces on the press
    /// support and the floor for the balance.
    struct ToolContact
    {
      Tensor<1, 3> force, centre, support, floor;
      double       area = 0., p_peak = 0., p_sum = 0.;
    };

    template <int dim>
    ToolContact
    tool_contact(const solver::Solid<dim> &solid, const MassageMetricContext &c)
    {
      const MPI_Comm comm = solid.communicator();
      ToolContact    t;
      auto in = [](const std::vector<unsigned int> &v, unsigned int i) {
        return std::find(v.begin(), v.end(), i) != v.end();
      };
      // Forces sum every point that carries pressure: with the rounded
      // penalty law (solver/contact_term.cc), points a hair off the tool
      // (0 < gap < smoothing width) carry some, and leaving them out broke
      // the force balance by ~1e-4. The area counts closed points only.
      solid.for_each_contact_point(
        [&](const solver::ContactPointState<dim> &q) {
          if (!(q.pressure_Pa > 0.))
            return;
          const Tensor<1, 3> f = q.pressure_Pa * q.JxW * q.normal;
          if (in(c.floor_contacts, q.contact))
            t.floor += f;
          if (in(c.support_contacts, q.contact))
            t.support += f;
          if (!in(c.tool_contacts, q.contact))
            return;
          t.force += f;
          if (q.gap <= 0.)
            t.area += q.JxW;
          t.p_peak = std::max(t.p_peak, q.pressure_Pa);
          t.p_sum += q.pressure_Pa * q.JxW;
          for (unsigned int d = 0; d < dim; ++d)
            t.centre[d] += q.pressure_Pa * q.JxW * q.X[d];
        });
      t.force   = Utilities::MPI::sum(t.force, comm) * c.depth;
      t.support = Utilities::MPI::sum(t.support, comm) * c.depth;
      t.floor   = Utilities::MPI::sum(t.floor, comm) * c.depth;
      t.centre  = Utilities::MPI::sum(t.centre, comm);
      t.p_sum   = Utilities::MPI::sum(t.p_sum, comm);
      t.area    = Utilities::MPI::sum(t.area, comm) * c.depth;
      t.p_peak  = Utilities::MPI::max(t.p_peak, comm);
      if (t.p_sum > 0.)
        t.centre /= t.p_sum;
      return t;
    }
    /// Fascia (on the sole, within the window along the foot) and soft
    /// tissue (within the window of the contact centre) cell by cell, in
    /// the reference configuration.
    template <int dim>
    std::pair<std::map<unsigned int, ToolCellSum>,
              std::map<unsigned int, ToolCellSum>>
    tissue_near(const solver::Solid<dim>   &solid,
                const MassageMetricContext &c,
                const Tensor<1, 3>         &centre)
    {
      namespace region = anatomy::region;
      std::map<unsigned int, ToolCellSum>   fascia, tissue;
      const std::vector<types::material_id> read = {region::fascia,
                                                    region::fascia_insertion,
                                                    region::heel_pad,
                                                    region::soft_tissue,
                                                    region::calf_muscle};
      solid.for_each_point(read, [&](const solver::PointState<dim> &p) {
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
            const auto   C = symmetrize(transpose(p.F) * p.F);
            const double lambda_min =
              std::sqrt(std::max(0., eigenvalues(C)[2]));
            auto &s = tissue[p.cell_index];
            s.volume += p.JxW;
            s.von_mises += solver::von_mises(p.sigma) * p.JxW;
            s.compression += (1. - lambda_min) * p.JxW;
          }
      });
      return {fascia, tissue};
    }
  } // namespace

  template <int dim>
  std::vector<Metric>
  massage_metrics(const solver::Solid<dim>   &solid,
                  const MassageMetricContext &c)
  {
    const MPI_Comm      comm  = solid.communicator();
    const ToolContact   t     = tool_contact(solid, c);
    const Tensor<1, 3> &force = t.force, &centre = t.centre,
                       &support = t.support, &floor = t.floor;
    const double area = t.area, p_peak = t.p_peak;

    const auto [fascia, tissue] = tissue_near(solid, c, centre);
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
    m.back().mesh_dependent = true;
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
             fascia, [](const ToolCellSum &s) { return s.von_mises; }, comm) *
             c.fascia_stress_factor * 1e-6,
           "MPa",
           "peak (cell-averaged) von Mises stress of the fascia "
           "within 15 mm (along the foot) of the contact centre"});
        m.back().mesh_dependent = true;
        m.push_back(
          {"fascia_under_tool_peak_strain",
           100. *
             peak(
               fascia, [](const ToolCellSum &s) { return s.strain; }, comm),
           "%",
           "peak (cell-averaged) fibre strain of the fascia under "
           "the tool"});
        m.back().mesh_dependent = true;
        m.push_back(
          {"fascia_under_tool_mean_strain",
           fascia_volume > 0. ? 100. * fascia_strain_sum / fascia_volume : 0.,
           "%",
           "volume-mean fibre strain of the fascia under the tool"});
      }
    m.push_back(
      {"tissue_under_tool_peak_von_mises",
       peak(
         tissue, [](const ToolCellSum &s) { return s.von_mises; }, comm) *
         1e-3,
       "kPa",
       "peak (cell-averaged) von Mises stress of the fat pad, skin "
       "or muscle within 15 mm of the contact centre"});
    m.back().mesh_dependent = true;
    m.push_back(
      {"tissue_under_tool_peak_compression",
       100. *
         peak(
           tissue, [](const ToolCellSum &s) { return s.compression; }, comm),
       "%",
       "peak (cell-averaged) compressive strain 1 - smallest "
       "principal stretch of that tissue"});
    m.back().mesh_dependent = true;
    return m;
  }

  template std::vector<Metric>
  massage_metrics(const solver::Solid<2> &, const MassageMetricContext &);
  template std::vector<Metric>
  massage_metrics(const solver::Solid<3> &, const MassageMetricContext &);

  namespace
  {
    double
    value_of(const Metrics &m, const std::string &name)
    {
      for (const auto &x : m)
        if (x.name == name)
          return x.value;
      return std::nan("");
    }

    /// The stance metrics users compare with the no-massage baseline: the
    /// band's stress at its attachment and the fascia's tension and mean
    /// strain first (they hold under refinement), then the peaks.
    const char *const compared_with_baseline[] = {
      "heel_attachment_fibre_stress",
      "fascia_tension",
      "fascia_mean_strain",
      "heel_attachment_peak_von_mises",
      "heel_attachment_peak_max_principal",
      "fascia_peak_strain"};

    /// <name>_baseline and <name>_delta for each compared metric: the
    /// companion run "baseline" is the same limb without the tool.
    void
    add_baseline_comparison(Metrics                      &out,
                            const Metrics                &now,
                            const std::optional<Metrics> &baseline)
    {
      for (const char *name : compared_with_baseline)
        {
          const double was =
            baseline ? value_of(*baseline, name) : std::nan("");
          const double is = value_of(now, name);
          std::string  unit;
          bool         mesh_dependent = false;
          for (const auto &x : now)
            if (x.name == name)
              {
                unit           = x.unit;
                mesh_dependent = x.mesh_dependent;
              }
          out.push_back({std::string(name) + "_baseline",
                         was,
                         unit,
                         std::string(name) +
                           " of the same limb without massage (null if that "
                           "solve failed)"});
          out.back().mesh_dependent = mesh_dependent;
          out.push_back(
            {std::string(name) + "_delta",
             is - was,
             unit,
             std::string(name) + " with massage minus without (the baseline)"});
          out.back().mesh_dependent = mesh_dependent;
        }
    }

    /// The massage group: the tool's contact (contacts named "tool"), the
    /// load shared by the press support ("tool support") and the floor
    /// ("floor"), and the comparison with the baseline companion run.
    template <int dim>
    Metrics
    massage_group(const solver::Solid<dim> &solid,
                  const MetricInputs       &inputs,
                  const Metrics            &earlier)
    {
      MassageMetricContext c = *inputs.massage;
      c.tool_contacts        = inputs.contacts_named("tool");
      c.support_contacts     = inputs.contacts_named("tool support");
      c.floor_contacts       = inputs.contacts_named("floor");
      if (inputs.foot)
        c.fascia_stress_factor = inputs.foot->fascia_stress_factor;
      Metrics    out      = massage_metrics(solid, c);
      const auto baseline = inputs.companions.find("baseline");
      if (baseline != inputs.companions.end())
        {
          Metrics now = earlier;
          now.insert(now.end(), out.begin(), out.end());
          add_baseline_comparison(out, now, baseline->second);
        }
      return out;
    }

    const bool massage_metrics_registered = MetricGroups::add(
      {"massage",
       "tool force, contact area, peak and mean pressure and where it "
       "presses; fascia and soft tissue under the tool; comparison with the "
       "no-massage baseline",
       [](const MetricInputs &inputs) { return inputs.massage.has_value(); },
       massage_group<2>,
       massage_group<3>});
  } // namespace
} // namespace plantarfe::metrics
