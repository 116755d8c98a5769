// Name -> constitutive law. Each law declares its own parameters (with units
// in the doc strings) in a subsection named after it and registers itself at
// the bottom of its .cc file; the registry's name list becomes the
// Patterns::Selection users see for "Law".
#pragma once

#include "materials/material.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dealii
{
  class ParameterHandler;
}

namespace plantarfe::materials
{
  struct LawEntry
  {
    std::string name;
    std::string description;
    /// Declares the law's entries into the current subsection of prm.
    std::function<void(dealii::ParameterHandler &)> declare;
    /// Builds the law from the entries (the handler is positioned in the
    /// law's subsection). Throws ScenarioError on inconsistent values.
    std::function<std::unique_ptr<Material>(const dealii::ParameterHandler &)>
      create;
  };

  /// Adds a law; called from a static initialiser in the law's .cc file.
  bool
  register_law(LawEntry entry);

  /// All registered laws, sorted by name.
  const std::vector<LawEntry> &
  registered_laws();

  /// "a|b|c" list of names for Patterns::Selection.
  std::string
  law_names_pattern();

  /// Declares, in the current subsection: "Law" (selection), "Fibre family"
  /// (none|exponential) with its constants, and one subsection per law.
  void
  declare_material_parameters(dealii::ParameterHandler &prm);

  /// Builds the law chosen in the current subsection (wrapping it in the
  /// fibre family when one is selected).
  std::unique_ptr<Material>
  create_material(dealii::ParameterHandler &prm);

  /// As above; ScenarioError messages are prefixed with @p section_path
  /// (the overload above assumes "Material"), e.g. "Material/Ogden/Exponents".
  std::unique_ptr<Material>
  create_material(dealii::ParameterHandler &prm,
                  const std::string        &section_path);

  /// Builds a law by name with its default parameters overridden by
  /// "Entry=value" pairs (used by tests and verification cases).
  std::unique_ptr<Material>
  create_material(
    const std::string                                      &law,
    const std::vector<std::pair<std::string, std::string>> &values,
    const std::string &fibre_family = "none",
    const std::vector<std::pair<std::string, std::string>> &fibre_values = {});
} // namespace plantarfe::materials
