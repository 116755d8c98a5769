// One number users read off a solved model: a name, a value in SI-derived
// units as users quote them, and a one-line description. Every metric plugin
// returns a list of these; the run writes them to summary.json, steps.csv and
// results.h5.
#pragma once

#include <string>
#include <vector>

namespace plantarfe::metrics
{
  struct Metric
  {
    std::string name; ///< snake_case, e.g. fascia_tension
    double      value = 0.;
    std::string unit;        ///< as users read it: "N", "kPa", "mm", "-"
    std::string description; ///< one line
    /// A peak over cells or points: it follows the mesh near stress
    /// concentrations (+20 % under one refinement for the heel attachment)
    /// and is flagged so in summary.json; compare means and section values.
    bool mesh_dependent = false;
  };

  using Metrics = std::vector<Metric>;
} // namespace plantarfe::metrics
