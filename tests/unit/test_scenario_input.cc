// Reading scenario text before deal.II does (scenario/prm_scan.h) and the
// size estimate that refuses models larger than memory
// (scenario/size_limits.h).
#include <deal.II/base/parameter_handler.h>
#include <deal.II/distributed/tria.h>

#include <gtest/gtest.h>

#include "base/errors.h"
#include "base/printable.h"
#include "model/analytic_model.h"
#include "mpi_environment.h"
#include "scenario/parameters.h"
#include "scenario/prm_scan.h"
#include "scenario/size_limits.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace plantarfe;
namespace fs = std::filesystem;

namespace
{
  /// A scratch folder per test, made the working directory.
  class ScenarioText : public ::testing::Test
  {
  protected:
    void
    SetUp() override
    {
      const auto *info =
        ::testing::UnitTest::GetInstance()->current_test_info();
      folder = fs::temp_directory_path() /
               ("plantarfe_scan_" + std::string(info->name()) + "_" +
                std::to_string(::getpid()));
      fs::remove_all(folder);
      fs::create_directories(folder);
      previous = fs::current_path();
      fs::current_path(folder);
    }

    void
    TearDown() override
    {
      fs::current_path(previous);
      fs::remove_all(folder);
    }

    static void
    write(const std::string &name, const std::string &text)
    {
      std::ofstream(name, std::ios::binary) << text;
    }

    /// The message of the ScenarioError scan_prm(@p file) throws ("" if none).
    static std::string
    scan_error(const std::string &file)
    {
      try
        {
          scenario::scan_prm(file);
        }
      catch (const ScenarioError &e)
        {
          return e.what();
        }
      return "";
    }

    fs::path folder, previous;
  };
} // namespace

TEST_F(ScenarioText, RecordsWhereEachEntryIsSetThroughIncludes)
{
  write("base.prm", "subsection Solver\n  set Load steps = 2\nend\n");
  write("main.prm",
        "# a study\ninclude base.prm\nsubsection Geometry\n"
        "  set   Global\trefinements = 1  # comment\n"
        "  subsection Box\n    set Size = 0.1, \\\n      0.2, 0.3\n  end\n"
        "end\n");
  const auto lines   = scenario::scan_prm("main.prm");
  const auto sources = scenario::entry_sources(lines);
  ASSERT_EQ(sources.size(), 3u);
  EXPECT_EQ(sources.at("Solver/Load steps"), "base.prm:2");
  // Runs of white space in names are one space, as deal.II reads them.
  EXPECT_EQ(sources.at("Geometry/Global refinements"), "main.prm:4");
  // A continued line is one statement, located at its first line.
  EXPECT_EQ(sources.at("Geometry/Box/Size"), "main.prm:6");
  for (const auto &l : lines)
    if (l.path == "Geometry/Box/Size")
      {
        EXPECT_EQ(l.value, "0.1, 0.2, 0.3");
      }
  // The included file's lines follow the include line.
  EXPECT_EQ(lines[1].kind, scenario::ScannedLine::Kind::include);
  EXPECT_EQ(lines[2].file, "base.prm");
  EXPECT_EQ(lines[2].include_depth, 1u);
}

TEST_F(ScenarioText, IncludesAreRelativeToTheIncludingFile)
{
  // A study in a folder of its own, run from elsewhere: each include is
  // found beside the file that names it, at any depth, and what deal.II
  // reads is what the scan saw.
  fs::create_directories("study/parts");
  write("shared.prm", "subsection Geometry\n  set Dimension = 2\nend\n");
  write("study/parts/base.prm",
        "include ../../shared.prm\nsubsection Solver\n"
        "  set Load steps = 3\nend\n");
  write("study/main.prm",
        "include parts/base.prm\nsubsection Solver\n"
        "  set Max Newton iterations = 17\nend\n");
  dealii::ParameterHandler prm;
  scenario::declare_parameters(prm);
  scenario::read_scenario(prm, "study/main.prm", {});
  prm.enter_subsection("Solver");
  EXPECT_EQ(prm.get_integer("Load steps"), 3);
  EXPECT_EQ(prm.get_integer("Max Newton iterations"), 17);
  prm.leave_subsection();
  prm.enter_subsection("Geometry");
  EXPECT_EQ(prm.get_integer("Dimension"), 2);
  prm.leave_subsection();
  const auto sources =
    scenario::entry_sources(scenario::scan_prm("study/main.prm"));
  EXPECT_EQ(sources.at("Solver/Load steps"), "study/parts/base.prm:3");
  EXPECT_EQ(sources.at("Geometry/Dimension"), "shared.prm:2");
  // deal.II's own message about a value is located in the included file
  // (not at the line of the text it was given, which holds the includes).
  write("shared.prm", "subsection Geometry\n  set Dimension = 4\nend\n");
  dealii::ParameterHandler bad;
  scenario::declare_parameters(bad);
  std::string why;
  try
    {
      scenario::read_scenario(bad, "study/main.prm", {});
    }
  catch (const ScenarioError &e)
    {
      why = e.what();
    }
  EXPECT_NE(why.find("shared.prm:2: Geometry/Dimension: the value"),
            std::string::npos)
    << why;
  // An include that is only right from the working directory is refused.
  write("study/cwd.prm", "include study/parts/base.prm\n");
  EXPECT_NE(scan_error("study/cwd.prm")
              .find("include study/parts/base.prm: no such file"),
            std::string::npos)
    << scan_error("study/cwd.prm");
}

TEST_F(ScenarioText, RefusesAnEntrySetTwiceNamingBothLines)
{
  write("base.prm", "subsection Solver\n  set Load steps = 2\nend\n");
  write("twice.prm",
        "include base.prm\nsubsection Solver\n  set Load  steps = 3\nend\n");
  EXPECT_EQ(scan_error("twice.prm"),
            "twice.prm:3: Solver/Load steps is set a second time (first at "
            "base.prm:2); set each entry once (use --set to change one for "
            "a run)");
  // The same name in different sections is two entries.
  write("two.prm",
        "subsection A\n set X = 1\nend\nsubsection B\n set X = 1\nend\n");
  EXPECT_EQ(scan_error("two.prm"), "");
}

TEST_F(ScenarioText, RefusesLinesThatAreNotScenarioLinesWithoutQuotingThem)
{
  write("secret.txt", "root:x:0:0:root:/root:/bin/bash\n");
  write("main.prm", "subsection A\n  include secret.txt\nend\n");
  const std::string why = scan_error("main.prm");
  EXPECT_NE(why.find("main.prm:2: include secret.txt: secret.txt:1: not a "
                     "scenario line"),
            std::string::npos)
    << why;
  EXPECT_EQ(why.find("root:x"), std::string::npos) << why;

  write("end.prm", "end\n");
  EXPECT_EQ(scan_error("end.prm"),
            "end.prm:1: 'end' without an open "
            "subsection");
  write("open.prm", "subsection Solver\n  set Load steps = 1\n");
  EXPECT_EQ(scan_error("open.prm"),
            "open.prm: subsection Solver is not closed (an 'end' is "
            "missing)");
  write("noeq.prm", "set Load steps 1\n");
  EXPECT_NE(scan_error("noeq.prm").find("noeq.prm:1: a 'set' line needs"),
            std::string::npos);
  // '#' escaped as "\#" is no comment, so the '=' after it counts.
  write("hash.prm", "set A \\# = 1\n");
  EXPECT_EQ(scan_error("hash.prm"), "");
}

TEST_F(ScenarioText, ByteOrderMarkAcceptedAtTheTopExplainedInAnInclude)
{
  const std::string bom = "\xEF\xBB\xBF";
  write("top.prm", bom + "subsection Solver\n  set Load steps = 1\nend\n");
  EXPECT_EQ(scan_error("top.prm"), "");
  write("outer.prm", "include top.prm\n");
  EXPECT_NE(scan_error("outer.prm")
              .find("top.prm:1: the file starts with a "
                    "UTF-8 byte-order mark"),
            std::string::npos);
}

TEST_F(ScenarioText, RefusesOverlongLinesIncludeLoopsAndFolders)
{
  write("long.prm", "set A = " + std::string(70000, 'x') + "\n");
  EXPECT_NE(scan_error("long.prm").find("long.prm:1: the line is 70008 bytes"),
            std::string::npos);
  write("a.prm", "include b.prm\n");
  write("b.prm", "include a.prm\n");
  EXPECT_NE(scan_error("a.prm").find("an include loop"), std::string::npos);
  fs::create_directory("dir");
  write("d.prm", "include dir\n");
  EXPECT_NE(scan_error("d.prm").find("not a regular file"), std::string::npos);
}

TEST(EntryMessages, NameTheLineOrTheOverrideOfTheirEntry)
{
  const scenario::EntrySources sources{{"Stance/Ankle dorsiflexion", "s.prm:6"},
                                       {"Foot/Mesh/Refinements", "b.prm:9"}};
  EXPECT_EQ(scenario::locate_entry_message(
              "Stance/Ankle dorsiflexion: too far", "s.prm", sources, {}),
            "s.prm:6: Stance/Ankle dorsiflexion: too far");
  // An override of the entry wins over the line that set it.
  EXPECT_EQ(scenario::locate_entry_message("Stance/Ankle dorsiflexion: x",
                                           "s.prm",
                                           sources,
                                           {"Stance/Ankle dorsiflexion=9"}),
            "s.prm: --set \"Stance/Ankle dorsiflexion=9\": "
            "Stance/Ankle dorsiflexion: x");
  // A list of entries: the first one that was set.
  EXPECT_EQ(scenario::locate_entry_message(
              "Foot/Mesh/Cell size 3D, Foot/Mesh/Refinements: big",
              "s.prm",
              sources,
              {}),
            "b.prm:9: Foot/Mesh/Cell size 3D, Foot/Mesh/Refinements: big");
  // No entry, or one left at its default: the file.
  EXPECT_EQ(
    scenario::locate_entry_message("Geometry/Shape: x", "s.prm", sources, {}),
    "s.prm: Geometry/Shape: x");
}

TEST(PrintableMessages, EscapeControlBytesAndBoundTheLength)
{
  EXPECT_EQ(printable("a\x1b[31mb\tc\nd\x7f"), "a\\x1b[31mb\\x09c\nd\\x7f");
  const std::string cut = printable(std::string(5000, 'y'), 100);
  EXPECT_EQ(cut, std::string(100, 'y') + " [... 4900 more bytes]");
}

namespace
{
  template <int dim>
  unsigned int
  cells_built(dealii::ParameterHandler &prm)
  {
    auto c = model::make_analytic_case<dim>(prm);
    dealii::parallel::distributed::Triangulation<dim> tria(MPI_COMM_SELF);
    c.problem.make_mesh(tria);
    return tria.n_global_active_cells();
  }

  dealii::ParameterHandler &
  fresh(dealii::ParameterHandler &prm)
  {
    scenario::declare_parameters(prm);
    return prm;
  }
} // namespace

// The estimate of an analytic shape is its exact cell count.
TEST(SizeEstimate, CountsTheCellsOfEveryAnalyticShapeExactly)
{
  struct Setting
  {
    const char  *shape;
    unsigned int dim;
    const char  *subdivisions;
    unsigned int refinements;
    unsigned int cook_cells;
  };
  for (const Setting s : {Setting{"box", 2, "3, 5, 2", 2, 8},
                          Setting{"box", 3, "3, 5, 2", 1, 8},
                          Setting{"cook membrane", 2, "1, 1, 1", 1, 6},
                          Setting{"cook membrane", 3, "1, 1, 1", 0, 9},
                          Setting{"thick cylinder", 2, "1, 1, 1", 2, 8},
                          Setting{"thick cylinder", 3, "1, 1, 1", 1, 8}})
    {
      dealii::ParameterHandler prm;
      fresh(prm);
      scenario::set_entry(prm, "Geometry/Shape", s.shape);
      scenario::set_entry(prm, "Geometry/Dimension", std::to_string(s.dim));
      scenario::set_entry(prm, "Geometry/Box/Subdivisions", s.subdivisions);
      scenario::set_entry(prm,
                          "Geometry/Global refinements",
                          std::to_string(s.refinements));
      scenario::set_entry(prm,
                          "Geometry/Cook membrane/Cells per edge",
                          std::to_string(s.cook_cells));
      const auto   e = scenario::estimate_model_size(prm);
      const double built =
        s.dim == 2 ? cells_built<2>(prm) : cells_built<3>(prm);
      EXPECT_EQ(e.cells, built) << s.shape << " " << s.dim << "D";
      EXPECT_GT(e.dofs, 0.);
      EXPECT_GT(e.bytes, 0.2e9);
    }
}

TEST(SizeEstimate, RefusesWhatExceedsTheLimitNamingEntriesAndEstimate)
{
  dealii::ParameterHandler prm;
  fresh(prm);
  scenario::set_entry(prm, "Geometry/Dimension", "2");
  scenario::set_entry(prm, "Geometry/Box/Subdivisions", "10000, 2, 10000");
  scenario::set_entry(prm, "Geometry/Global refinements", "8");
  EXPECT_NEAR(scenario::estimate_model_size(prm).cells, 6.5536e12, 1e6);
  ::unsetenv("PLANTARFE_MEMORY_LIMIT");
  try
    {
      scenario::check_model_size(prm);
      ADD_FAILURE() << "6.6e12 cells were accepted";
    }
  catch (const ScenarioError &e)
    {
      const std::string why = e.what();
      EXPECT_EQ(why.rfind("Geometry/Box/Subdivisions, Geometry/Global "
                          "refinements: the model would have about 6.6e+12 "
                          "cells",
                          0),
                0u)
        << why;
      EXPECT_NE(why.find("PLANTARFE_MEMORY_LIMIT"), std::string::npos);
    }
  // The limit follows PLANTARFE_MEMORY_LIMIT, with K/M/G/T suffixes.
  scenario::set_entry(prm, "Geometry/Box/Subdivisions", "10, 2, 10");
  scenario::set_entry(prm, "Geometry/Global refinements", "0");
  ::setenv("PLANTARFE_MEMORY_LIMIT", "100M", 1);
  EXPECT_DOUBLE_EQ(scenario::memory_limit_bytes(), 100. * 1024 * 1024);
  EXPECT_THROW(scenario::check_model_size(prm), ScenarioError); // 0.2 GB
  ::setenv("PLANTARFE_MEMORY_LIMIT", "1.5G", 1);
  EXPECT_NO_THROW(scenario::check_model_size(prm));
  ::setenv("PLANTARFE_MEMORY_LIMIT", "12 parsecs", 1);
  EXPECT_THROW(scenario::memory_limit_bytes(), ScenarioError);
  ::unsetenv("PLANTARFE_MEMORY_LIMIT");
  ::setenv("PLANTARFE_MAX_RUNS", "7", 1);
  EXPECT_EQ(scenario::max_sweep_points(), 7u);
  ::setenv("PLANTARFE_MAX_RUNS", "0", 1);
  EXPECT_THROW(scenario::max_sweep_points(), ScenarioError);
  ::unsetenv("PLANTARFE_MAX_RUNS");
  EXPECT_EQ(scenario::max_sweep_points(), 10000u);
}
