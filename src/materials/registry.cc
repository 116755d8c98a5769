// Law registry. Storage lives in a function-local static so registrations
// from static initialisers in other translation units are safe regardless of
// initialisation order.
#include "materials/registry.h"

#include <deal.II/base/parameter_handler.h>

#include "base/declared_entry.h"
#include "base/errors.h"
#include "materials/fibre_reinforced.h"

#include <algorithm>

namespace plantarfe::materials
{
  namespace
  {
    const char *const fibre_subsection = "Exponential fibres";

    std::vector<LawEntry> &
    storage()
    {
      static std::vector<LawEntry> laws;
      return laws;
    }

    const LawEntry &
    find_law(const std::string &name)
    {
      for (const LawEntry &law : registered_laws())
        if (law.name == name)
          return law;
      throw ScenarioError("Law: unknown constitutive law \"" + name +
                          "\" (known: " + law_names_pattern() + ")");
    }
  } // namespace

  bool
  register_law(LawEntry entry)
  {
    std::vector<LawEntry> &laws = storage();
    for (const LawEntry &law : laws)
      if (law.name == entry.name)
        return false;
    // '|' and ',' would corrupt the Selection pattern.
    if (entry.name.find_first_of("|,") != std::string::npos)
      return false;
    const auto pos =
      std::lower_bound(laws.begin(),
                       laws.end(),
                       entry.name,
                       [](const LawEntry &a, const std::string &b) {
                         return a.name < b;
                       });
    laws.insert(pos, std::move(entry));
    return true;
  }

  const std::vector<LawEntry> &
  registered_laws()
  {
    return storage();
  }

  std::string
  law_names_pattern()
  {
    std::string names;
    for (const LawEntry &law : registered_laws())
      names += (names.empty() ? "" : "|") + law.name;
    return names;
  }

  void
  declare_material_parameters(dealii::ParameterHandler &prm)
  {
    std::string doc = "Constitutive law (the subsection of the same name holds "
                      "its parameters):";
    for (const LawEntry &law : registered_laws())
      doc += " \"" + law.name + "\": " + law.description;
    prm.declare_entry("Law",
                      "neo-Hookean",
                      dealii::Patterns::Selection(law_names_pattern()),
                      doc);
    prm.declare_entry("Fibre family",
                      "none",
                      dealii::Patterns::Selection("none|exponential"),
                      "Fibre family added to the law: none, or exponential "
                      "(tension-only, constants in subsection \"Exponential "
                      "fibres\"; direction from the region's fibre field).");
    {
      const DeclaredSection fibres(prm, fibre_subsection);
      declare_exponential_fibre_parameters(prm);
    }
    for (const LawEntry &law : registered_laws())
      {
        const DeclaredSection section(prm, law.name);
        law.declare(prm);
      }
  }

  std::unique_ptr<Material>
  create_material(dealii::ParameterHandler &prm)
  {
    return create_material(prm, "Material");
  }

  std::unique_ptr<Material>
  create_material(dealii::ParameterHandler &prm,
                  const std::string        &section_path)
  {
    const std::string prefix = section_path.empty() ? "" : section_path + "/";
    try
      {
        const LawEntry &law = find_law(prm.get("Law"));
        prm.enter_subsection(law.name);
        std::unique_ptr<Material> material;
        try
          {
            material = law.create(prm);
          }
        catch (...)
          {
            prm.leave_subsection();
            throw;
          }
        prm.leave_subsection();

        const std::string fibres = prm.get("Fibre family");
        if (fibres == "exponential")
          {
            prm.enter_subsection(fibre_subsection);
            try
              {
                material = create_exponential_fibres(prm, std::move(material));
              }
            catch (...)
              {
                prm.leave_subsection();
                throw;
              }
            prm.leave_subsection();
          }
        else if (fibres != "none")
          throw ScenarioError("Fibre family: unknown fibre family \"" + fibres +
                              "\" (known: none|exponential)");
        return material;
      }
    catch (const ScenarioError &e)
      {
        throw ScenarioError(prefix + e.what());
      }
  }

  std::unique_ptr<Material>
  create_material(
    const std::string                                      &law,
    const std::vector<std::pair<std::string, std::string>> &values,
    const std::string                                      &fibre_family,
    const std::vector<std::pair<std::string, std::string>> &fibre_values)
  {
    dealii::ParameterHandler prm;
    prm.enter_subsection("Material");
    declare_material_parameters(prm);

    // Route deal.II's pattern violations to ScenarioError naming the entry,
    // so callers see one error type for bad input.
    const auto set = [&prm](const std::string &path,
                            const std::string &entry,
                            const std::string &value) {
      try
        {
          prm.set(entry, value);
        }
      catch (const std::exception &)
        {
          throw ScenarioError("Material/" + path + entry +
                              ": invalid or undeclared value (got " + value +
                              ")");
        }
    };

    set("", "Law", law);
    set("", "Fibre family", fibre_family);
    prm.enter_subsection(law);
    for (const auto &[entry, value] : values)
      set(law + "/", entry, value);
    prm.leave_subsection();
    prm.enter_subsection(fibre_subsection);
    for (const auto &[entry, value] : fibre_values)
      set(std::string(fibre_subsection) + "/", entry, value);
    prm.leave_subsection();

    auto material = create_material(prm, "Material");
    prm.leave_subsection();
    return material;
  }
} // namespace plantarfe::materials
