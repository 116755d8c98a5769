// The identity of a run's input: a hash of every effective parameter (the
// scenario after defaults, includes and --set overrides; the Sweep section
// left out, since it says how to make runs, not what one run computes) and
// the program version. status.json records it; the batch skips a run whose
// folder says ok for the same hash.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include <string>

namespace plantarfe::run
{
  /// 16 hex digits (64-bit FNV-1a).
  std::string
  input_hash(const dealii::ParameterHandler &prm);
} // namespace plantarfe::run
