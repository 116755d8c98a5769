// Scenario entries declared and parsed side by side with their unit as data
// (scenario/entry_table.h, base/declared_entry.h).
#include <deal.II/base/parameter_handler.h>

#include <gtest/gtest.h>

#include "base/declared_entry.h"
#include "base/errors.h"
#include "scenario/entry_table.h"
#include "scenario/parameter_listing.h"
#include "scenario/parameters.h"

#include <regex>
#include <sstream>
#include <string>

using namespace plantarfe;
using namespace plantarfe::entry_units;

namespace
{
  struct Sample
  {
    double       length  = 0.;
    double       angle   = 0.;
    double       mass    = 0.;
    unsigned int count   = 0;
    bool         on      = false;
    bool         stick   = false;
    std::string  variant = "";
  };

  scenario::EntryTable<Sample>
  sample_entries()
  {
    scenario::EntryTable<Sample> t({"Outer", "Inner"});
    t.number("Length", &Sample::length, 12.5, mm, 0., 100., "A length (mm).")
      .number_checked(
        "Angle", &Sample::angle, 10, degrees, -20., 40., "An angle (degrees).")
      .number_above("Mass", &Sample::mass, 70, kg, 0., "A mass (kg).")
      .integer("Count", &Sample::count, 3, 0, 9, "A count.")
      .flag("On", &Sample::on, true, "A switch.")
      .choice_is("Friction",
                 &Sample::stick,
                 "stick|frictionless",
                 "stick",
                 "stick",
                 "A choice read as a flag.")
      .choice("Variant", &Sample::variant, "a|b", "b", "A choice.");
    return t;
  }

  dealii::ParameterHandler &
  declared(dealii::ParameterHandler &prm)
  {
    sample_entries().declare(prm);
    return prm;
  }

  std::string
  rejection(const std::string &entry, const std::string &value)
  {
    dealii::ParameterHandler prm;
    declared(prm);
    prm.enter_subsection("Outer");
    prm.enter_subsection("Inner");
    prm.set(entry, value);
    prm.leave_subsection();
    prm.leave_subsection();
    Sample s;
    try
      {
        sample_entries().parse(prm, s);
      }
    catch (const ScenarioError &e)
      {
        return e.what();
      }
    return "";
  }
} // namespace

TEST(EntryTable, ParsesDefaultsInSI)
{
  dealii::ParameterHandler prm;
  Sample                   s;
  sample_entries().parse(declared(prm), s);
  EXPECT_EQ(s.length, 12.5 * 1e-3);
  EXPECT_EQ(s.angle, 10. * (M_PI / 180.));
  EXPECT_EQ(s.mass, 70.);
  EXPECT_EQ(s.count, 3u);
  EXPECT_TRUE(s.on);
  EXPECT_TRUE(s.stick);
  EXPECT_EQ(s.variant, "b");
}

TEST(EntryTable, RangesTheyCannotStateAreCheckedWithPathAndUnit)
{
  EXPECT_EQ(rejection("Mass", "0"), "Outer/Inner/Mass: must be > 0 kg (got 0)");
  EXPECT_EQ(rejection("Angle", "41"),
            "Outer/Inner/Angle: must lie in [-20, 40] degrees (got 41)");
  EXPECT_EQ(rejection("Angle", "40"), "");
}

TEST(EntryTable, RecordsUnitsByPath)
{
  dealii::ParameterHandler prm;
  declared(prm);
  const auto units = scenario::parameter_units(prm);
  EXPECT_EQ(units.at("Outer/Inner/Length"), "mm");
  EXPECT_EQ(units.at("Outer/Inner/Angle"), "degrees");
  EXPECT_EQ(units.at("Outer/Inner/Mass"), "kg");
  EXPECT_EQ(units.count("Outer/Inner/Count"), 0u);
  EXPECT_EQ(units.count("Outer/Inner/Friction"), 0u);
}

TEST(EntryTable, ScenarioUnitsAreDeclaredNotGuessedFromDocs)
{
  dealii::ParameterHandler prm;
  scenario::declare_parameters(prm);
  const auto units = scenario::parameter_units(prm);
  const std::map<std::string, std::string> expected = {
    {"Foot/Foot length", "mm"},
    {"Foot/Leg/Achilles moment arm", "mm"},
    {"Subject/Body mass", "kg"},
    {"Subject/Calf/Dorsiflexion range", "degrees"},
    {"Subject/Calf/End-of-range moment", "N m"},
    {"Tissues/Heel pad/Ogden c1", "kPa"},
    {"Tissues/Plantar fascia/Young's modulus", "MPa"},
    {"Tissues/Achilles tendon/Stiffness", "N/mm"},
    {"Stance/Ground penalty", "Pa/m"},
    {"Massage/Force", "N"},
    {"Massage/Orientation", "degrees"},
    {"Solver/Max Newton displacement", "mm"},
    {"Geometry/Box/Top pressure", "Pa"},
    {"Material/Ogden/Shear moduli", "Pa"},
    {"Material/neo-Hookean nearly incompressible/Bulk modulus", "Pa"}};
  for (const auto &[path, unit] : expected)
    {
      ASSERT_EQ(units.count(path), 1u) << path;
      EXPECT_EQ(units.at(path), unit) << path;
    }
  // Words in a doc's first bracket that the old doc parsing took for
  // units: these entries have none.
  for (const std::string path : {"Geometry/Dimension",
                                 "Material/Fibre family",
                                 "Discretisation/Formulation",
                                 "Massage/Floor",
                                 "Subject/Load share"})
    EXPECT_EQ(units.count(path), 0u) << path;
}

TEST(EntryTable, EveryDeclaredUnitIsNamedInItsDoc)
{
  // The doc strings users read state the same unit as the data.
  dealii::ParameterHandler prm;
  scenario::declare_parameters(prm);
  std::ostringstream text;
  prm.print_parameters(text, dealii::ParameterHandler::PRM);
  std::map<std::string, std::string> docs;
  std::vector<std::string>           sections;
  std::string                        doc;
  std::istringstream                 in(text.str());
  for (std::string line; std::getline(in, line);)
    {
      const auto first = line.find_first_not_of(' ');
      if (first == std::string::npos)
        continue;
      line = line.substr(first);
      if (line.rfind("subsection ", 0) == 0)
        sections.push_back(line.substr(11)), doc.clear();
      else if (line == "end")
        sections.pop_back(), doc.clear();
      else if (line.rfind("# ", 0) == 0)
        doc += " " + line.substr(2);
      else if (line.rfind("set ", 0) == 0)
        {
          std::string path;
          for (const auto &s : sections)
            path += s + "/";
          std::string name = line.substr(4, line.find('=') - 4);
          name.erase(name.find_last_not_of(' ') + 1);
          docs[path + name] = doc;
          doc.clear();
        }
    }
  const auto units = scenario::parameter_units(prm);
  EXPECT_GT(units.size(), 60u);
  for (const auto &[path, unit] : units)
    {
      // The unit literally ("mm^2", "N/mm"): every regex special escaped.
      const std::string literal =
        std::regex_replace(unit,
                           std::regex(R"([\^$.|?*+()\[\]{}/\\])"),
                           R"(\$&)");
      const std::regex word("(^|[^A-Za-z/])" + literal + "($|[^A-Za-z/])");
      EXPECT_TRUE(std::regex_search(docs[path], word))
        << path << " declared in " << unit << ", doc:" << docs[path];
    }
}
