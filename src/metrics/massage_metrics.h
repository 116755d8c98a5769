// What a massage does, read from the solved state: the tool's contact force,
// area, peak and mean pressure and where it presses; the stress and strain
// of the fascia and of the soft tissue under the tool; how far the limb moved
// onto the tool. Forces and areas of a 2D (plane strain) model are per unit
// depth times the model's depth (the tool acts as a roller across it).
#pragma once

#include <deal.II/base/point.h>

#include "contact/obstacle.h"
#include "metrics/metric.h"
#include "solver/solid.h"

#include <vector>

namespace plantarfe::metrics
{
  struct MassageMetricContext
  {
    /// Indices into Problem::contacts that belong to the tool; the massage
    /// metric group fills them (and support_contacts, floor_contacts) from
    /// the contacts named "tool", "tool support" and "floor".
    std::vector<unsigned int> tool_contacts;
    double                    depth = 1.; ///< 2D: model depth (m); 3D: 1
    contact::Vector3          normal;     ///< outward skin normal at the point
    /// Force pushing the limb onto the tool (N), reached at load fraction
    /// force_full and held after; 0 for indentation control.
    double applied_force_N = 0.;
    double force_full      = 1.;
    /// Contacts that share the load with the tool early in the press
    /// (retreating_support.h): counted in the force balance.
    std::vector<unsigned int> support_contacts;
    /// The floor the tool lies on (seated/standing): the heel or toes may
    /// rest on it beside the tool; counted in the balance, reported apart.
    std::vector<unsigned int> floor_contacts;
    bool                      on_sole = true;
    dealii::Point<2>          knee_centre;
    double seat = 0.; ///< initial overlap of tool and skin (m)
    /// Model stress in the fascia -> the real band's (2D slice scaling;
    /// filled from FootMetricContext by the massage group).
    double fascia_stress_factor = 1.;
    /// Tissue within this distance of the contact centre counts as under
    /// the tool (m).
    double window = 0.015;
  };

  template <int dim>
  std::vector<Metric>
  massage_metrics(const solver::Solid<dim>   &solid,
                  const MassageMetricContext &c);
} // namespace plantarfe::metrics
