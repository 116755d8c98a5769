// What a batch will run, decided before anything runs: the scenario files
// (patterns expanded), every sweep point, each run's name, overrides and
// input hash. Every file and point is parsed and cross-checked like `run`
// does it, and all problems are collected so that one pass lists them all.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace plantarfe::batch
{
  struct PlannedRun
  {
    /// Folder name under the batch's output folder (unique in the batch).
    std::string name;
    /// Scenario file as given (pattern expanded).
    std::string scenario;
    /// --set arguments of the `plantarfe run` that executes it: the batch's
    /// own --set, then (for sweep points) Sweep/Mode=none and the point.
    std::vector<std::string> overrides;
    /// The swept entries and their values (empty outside sweeps).
    std::vector<std::pair<std::string, std::string>> swept;
    /// Every effective parameter ("Section/Entry" -> value).
    std::map<std::string, std::string> parameters;
    /// input_hash() of the effective parameters.
    std::string hash;
  };

  struct BatchPlan
  {
    std::vector<PlannedRun> runs;
    /// Entries that get a manifest column: the swept ones first, then every
    /// other entry whose value differs between runs.
    std::vector<std::string> parameter_columns;
    /// Unit of an entry as its doc string states it (may be missing).
    std::map<std::string, std::string> units;
    /// Input errors, one line each (empty: the batch may run).
    std::vector<std::string> errors;
  };

  /// Expands @p patterns (files or globs), reads every file with @p sets
  /// applied, expands sweeps and checks everything.
  BatchPlan
  plan_batch(const std::vector<std::string> &patterns,
             const std::vector<std::string> &sets);
} // namespace plantarfe::batch
