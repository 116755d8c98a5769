// Every plugin kind lists the names it must hold: a plugin file that fails
// to register (dropped by the linker, a typo in its name) fails here.
#include <deal.II/base/parameter_handler.h>

#include <gtest/gtest.h>

#include "anatomy/regions.h"
#include "contact/tool_catalogue.h"
#include "contact/tool_shape_registry.h"
#include "default_foot.h"
#include "materials/fibre_law_registry.h"
#include "materials/registry.h"
#include "metrics/metric_registry.h"
#include "model/foot_loads.h"
#include "model/scenario_type.h"
#include "scenario/foot_parameters.h"
#include "scenario/parameters.h"

#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace plantarfe;

namespace
{
  /// The names of the Patterns::Selection of Section/Entry as declared.
  std::vector<std::string>
  selection_names(const std::string &entry)
  {
    dealii::ParameterHandler prm;
    scenario::declare_parameters(prm);
    std::ostringstream json;
    prm.print_parameters(json, dealii::ParameterHandler::JSON);
    const std::regex pattern(
      "\"" + entry +
      "\"[^}]*?\"pattern_description\":\\s*\"\\[Selection "
      "([^\\]]*?) ?\\]\"");
    std::smatch       match;
    const std::string text = json.str();
    if (!std::regex_search(text, match, pattern))
      return {};
    std::vector<std::string> names;
    std::stringstream        list(match[1].str());
    for (std::string name; std::getline(list, name, '|');)
      names.push_back(name);
    std::sort(names.begin(), names.end());
    return names;
  }
} // namespace

TEST(Registries, ScenarioTypes)
{
  const std::vector<std::string> expected = {
    "box", "cook membrane", "foot", "mesh file", "thick cylinder"};
  EXPECT_EQ(model::ScenarioTypes::names(), expected);
  // Geometry/Shape offers exactly the registered types.
  EXPECT_EQ(selection_names("Shape"), expected);
  for (const auto &type : model::ScenarioTypes::entries())
    {
      EXPECT_TRUE(type.build_2d) << type.name;
      EXPECT_TRUE(type.build_3d) << type.name;
    }
}

TEST(Registries, MetricGroups)
{
  const std::vector<std::string> expected = {
    "foot", "joints", "ligaments", "massage", "probe", "stance balance"};
  EXPECT_EQ(metrics::MetricGroups::names(), expected);
  // Each group applies only where the model has what it reads.
  metrics::MetricInputs none;
  for (const auto &group : metrics::MetricGroups::entries())
    EXPECT_FALSE(group.applies(none)) << group.name;
}

TEST(Registries, MaterialLaws)
{
  std::vector<std::string> names;
  for (const auto &law : materials::registered_laws())
    names.push_back(law.name);
  const std::vector<std::string> expected = {
    "Ogden",
    "linear elastic",
    "neo-Hookean",
    "neo-Hookean nearly incompressible"};
  EXPECT_EQ(names, expected);
}

TEST(Registries, FibreLaws)
{
  const std::vector<std::string> expected = {"Gefen 2002",
                                             "Natali 2010",
                                             "Thelen 2003 passive",
                                             "exponential",
                                             "linear",
                                             "toe-linear"};
  EXPECT_EQ(materials::FibreLaws::names(), expected);
  for (const auto &law : materials::FibreLaws::entries())
    {
      EXPECT_EQ(law.sample.size(), law.constants.size()) << law.name;
      EXPECT_EQ(materials::create_fibre_law(law.name, law.sample)->name(),
                law.name);
      if (!law.constants.empty())
        {
          EXPECT_THROW(materials::create_fibre_law(law.name, {}), ScenarioError)
            << law.name;
        }
    }
  EXPECT_THROW(materials::create_fibre_law("no such law", {}), ScenarioError);
}

TEST(Registries, ToolShapes)
{
  const std::vector<std::string> expected = {"cylinder",
                                             "ellipsoid",
                                             "sphere",
                                             "spiky ball"};
  EXPECT_EQ(contact::ToolShapes::names(), expected);
  // Every catalogue tool names a registered shape that builds in 2D and 3D
  // and touches the skin at a positive distance from its centre.
  for (const auto &tool : contact::tool_catalogue())
    {
      ASSERT_NE(contact::ToolShapes::find(tool.shape), nullptr) << tool.name;
      EXPECT_TRUE(contact::make_tool_shape(tool, true)) << tool.name;
      EXPECT_TRUE(contact::make_tool_shape(tool, false)) << tool.name;
      EXPECT_GT(contact::contact_radius(tool), 0.) << tool.name;
      EXPECT_GE(contact::rolling_radius(tool), 0.) << tool.name;
    }
}

TEST(Registries, FootLoads)
{
  const std::vector<std::string> expected = {"body weight at the knee",
                                             "body weight in balance",
                                             "toe dorsiflexion"};
  EXPECT_EQ(model::FootLoads::names(), expected);
  for (const auto &load : model::FootLoads::entries())
    {
      EXPECT_TRUE(load.add_2d) << load.name;
      EXPECT_TRUE(load.add_3d) << load.name;
      EXPECT_FALSE(load.description.empty()) << load.name;
    }
  for (const auto &name : model::balanced_stance_loads)
    EXPECT_NE(model::FootLoads::find(name), nullptr) << name;
  for (const auto &name : model::held_stance_loads)
    EXPECT_NE(model::FootLoads::find(name), nullptr) << name;

  // Each load adds what it says to a model, and nothing else.
  scenario::FootScenario foot = default_foot();
  foot.subject.body_mass      = 80.;
  foot.subject.load_share     = 0.5;
  {
    const model::FootFrame<2> frame(foot, MPI_COMM_SELF);
    model::ModelCase<2>       c;
    model::add_foot_loads({"body weight at the knee"}, c, frame);
    EXPECT_EQ(c.problem.tractions.size(), 1u);
    EXPECT_EQ(c.problem.dirichlet.size(), 1u);
    EXPECT_TRUE(c.problem.region_dirichlet.empty());
    ASSERT_EQ(c.notes.size(), 2u);
    EXPECT_EQ(c.notes[0].first, "body_weight_on_foot_N");
    EXPECT_NEAR(std::stod(c.notes[0].second), 80. * 9.81 * 0.5, 1e-6);
    ASSERT_TRUE(c.metric_inputs.balance.has_value());
    EXPECT_FALSE(c.metric_inputs.balance->balanced);
    // No toe angle: the toe load adds nothing.
    model::add_foot_loads({"toe dorsiflexion"}, c, frame);
    EXPECT_TRUE(c.problem.region_dirichlet.empty());
  }
  {
    // In balance the knee is free, body weight acts along the centre of
    // mass line and the calf holds at least the balancing force.
    const model::FootFrame<2> frame(foot, MPI_COMM_SELF);
    model::ModelCase<2>       c;
    model::add_foot_loads({"body weight in balance"}, c, frame);
    EXPECT_EQ(c.problem.tractions.size(), 1u);
    EXPECT_TRUE(c.problem.dirichlet.empty());
    EXPECT_EQ(c.problem.fibre_tension_floor.count(anatomy::region::calf_muscle),
              1u);
    ASSERT_TRUE(c.metric_inputs.balance.has_value());
    EXPECT_TRUE(c.metric_inputs.balance->balanced);
    // A pin at the knee, no held face.
    EXPECT_EQ(c.problem.point_supports.size(), 1u);
    // Force x section at full load: W d / r (no pre-stretch registered),
    // r the model's tendon line's distance from the ankle centre, near the
    // Moment arm entry.
    double arm_mm = 0.;
    for (const auto &[name, value] : c.notes)
      if (name == "achilles_moment_arm_mm")
        arm_mm = std::stod(value);
    EXPECT_NEAR(arm_mm, foot.geometry.achilles_moment_arm * 1e3, 2.);
    const double floor =
      c.problem.fibre_tension_floor.at(anatomy::region::calf_muscle)(1.);
    EXPECT_NEAR(floor * model::calf_section(frame),
                80. * 9.81 * 0.5 * foot.stance.centre_of_mass_ahead /
                  (arm_mm * 1e-3),
                1e-6);
  }
  foot.stance.toe_dorsiflexion = 30. * M_PI / 180.;
  {
    const model::FootFrame<3> frame(foot, MPI_COMM_SELF);
    model::ModelCase<3>       c;
    model::add_foot_loads({"toe dorsiflexion"}, c, frame);
    EXPECT_EQ(c.problem.region_dirichlet.size(), 1u);
    EXPECT_TRUE(c.problem.tractions.empty());
    EXPECT_THROW(model::add_foot_loads({"gravity"}, c, frame), ScenarioError);
  }
}

TEST(Registries, RejectsDuplicatesAndBadNames)
{
  struct Entry
  {
    std::string name;
  };
  using Test = Registry<Entry>;
  EXPECT_TRUE(Test::add({"b"}));
  EXPECT_TRUE(Test::add({"a"}));
  EXPECT_FALSE(Test::add({"a"}));
  EXPECT_FALSE(Test::add({"x|y"}));
  EXPECT_FALSE(Test::add({""}));
  EXPECT_EQ(Test::names_pattern(), "a|b");
  EXPECT_NE(Test::find("b"), nullptr);
  EXPECT_EQ(Test::find("c"), nullptr);
  try
    {
      Test::get("c", "Section/Entry");
      FAIL() << "no error for an unknown name";
    }
  catch (const ScenarioError &e)
    {
      EXPECT_NE(std::string(e.what()).find("Section/Entry"), std::string::npos);
      EXPECT_NE(std::string(e.what()).find("a|b"), std::string::npos);
    }
}
