// How big a scenario may make a model or a batch before anything is built:
// entries inside their patterns asked for 6.5e12 cells (7 GB of mesh, then
// std::bad_alloc after 70 s), and a sweep of a million points validated for
// minutes. The model's cells, DOFs and memory are estimated from the
// entries that set them and refused when the memory exceeds this machine's
// (or PLANTARFE_MEMORY_LIMIT); sweeps are bounded by PLANTARFE_MAX_RUNS.
// Both limits are environment variables so that a big machine, or a batch's
// child runs, can raise them without editing scenarios.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include <cstddef>
#include <string>

namespace plantarfe::scenario
{
  /// A model's size before it is meshed, and the entries that set it.
  struct ModelSizeEstimate
  {
    double      cells = 0.;
    double      dofs  = 0.;
    double      bytes = 0.; ///< peak memory of the whole run
    std::string entries;    ///< "Section/Entry, Section/Entry"
  };

  /// The estimate for the scenario in @p prm (after overrides). Calibrated
  /// on the shipped meshes (docs/scenario-reference.md, Size limits); it
  /// errs on the large side (by up to ~50 % for the 3D foot).
  ModelSizeEstimate
  estimate_model_size(dealii::ParameterHandler &prm);

  /// Memory a run may use, in bytes: PLANTARFE_MEMORY_LIMIT (e.g. "64G",
  /// "512M", "1.5T" or bytes) when set, else this machine's physical memory.
  double
  memory_limit_bytes();

  /// Sweep points one batch may hold: PLANTARFE_MAX_RUNS when set, else
  /// 10,000.
  std::size_t
  max_sweep_points();

  /// Throws ScenarioError, starting with the entry that sets the model's
  /// size and naming the estimate and the limit, when the model would not
  /// fit in memory_limit_bytes().
  void
  check_model_size(dealii::ParameterHandler &prm);
} // namespace plantarfe::scenario
