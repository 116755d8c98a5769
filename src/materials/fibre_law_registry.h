// Fibre laws by name (fibre_laws.h): each registered law says which
// constants it takes (with units, in order), gives a typical set for the
// self-checks (material_checks.cc runs the tangent checks on every one) and
// builds itself from numbers. A new law: its FibreLaw class and factory in a
// .cc file with one FibreLaws::add line; its name in Registries.FibreLaws.
#pragma once

#include "base/registry.h"
#include "materials/fibre_laws.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace plantarfe::materials
{
  struct FibreLawEntry
  {
    std::string              name; ///< as FibreLaw::name() returns it
    std::string              description;
    std::vector<std::string> constants; ///< e.g. "E (Pa)", in create's order
    std::vector<double>      sample;    ///< typical constants (self-checks)
    std::function<std::unique_ptr<FibreLaw>(const std::vector<double> &)>
      create;
  };

  using FibreLaws = Registry<FibreLawEntry>;

  /// The law @p name built from @p constants (as many as it lists);
  /// ScenarioError for an unknown name, a wrong count or a bad value.
  std::unique_ptr<FibreLaw>
  create_fibre_law(const std::string         &name,
                   const std::vector<double> &constants);
} // namespace plantarfe::materials
