// Unit tests of the file layer every output goes through: the JSON records
// (nlohmann::ordered_json: key order, exact doubles, NaN as null, errors that
// name the file), AtomicFile (commit, abandon, exclusive temporaries, write
// failures), the detection of an interrupted run by its temporary, and whose
// a folder is (and how ours is deleted without ever looking like a stranger's).
#include <gtest/gtest.h>

#include "base/errors.h"
#include "output/atomic_file.h"
#include "output/json.h"
#include "output/run_folder.h"
#include "run/folder_ownership.h"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <sys/resource.h>

using namespace plantarfe;
namespace fs = std::filesystem;

namespace
{
  fs::path
  fresh_folder(const std::string &name)
  {
    const fs::path dir =
      fs::temp_directory_path() / ("plantarfe_output_files_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
  }

  std::string
  read(const fs::path &path)
  {
    std::ifstream      in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  void
  write(const fs::path &path, const std::string &text)
  {
    std::ofstream(path, std::ios::binary) << text;
  }

  std::vector<std::string>
  names_in(const fs::path &dir)
  {
    std::vector<std::string> names;
    for (const auto &entry : fs::directory_iterator(dir))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  /// Sets a file-size limit (with SIGXFSZ ignored, so that write(2) fails
  /// with EFBIG as it fails with ENOSPC on a full disk) for its lifetime.
  class FileSizeLimit
  {
  public:
    explicit FileSizeLimit(const rlim_t bytes)
    {
      getrlimit(RLIMIT_FSIZE, &old_limit);
      old_handler    = std::signal(SIGXFSZ, SIG_IGN);
      rlimit small   = old_limit;
      small.rlim_cur = bytes;
      setrlimit(RLIMIT_FSIZE, &small);
    }
    ~FileSizeLimit()
    {
      setrlimit(RLIMIT_FSIZE, &old_limit);
      std::signal(SIGXFSZ, old_handler);
    }

  private:
    rlimit old_limit{};
    void (*old_handler)(int) = nullptr;
  };
} // namespace


TEST(Json, KeepsKeyOrderAndDoublesExactly)
{
  const std::vector<double> values = {0.1 + 0.2,
                                      1. / 3.,
                                      2.0,
                                      -1.5e-300,
                                      5e-324, // smallest subnormal
                                      std::numeric_limits<double>::max(),
                                      49.840021344040004};
  output::Json              record;
  record["zeta"] = "last letter first";
  for (unsigned int i = 0; i < values.size(); ++i)
    record["v" + std::to_string(i)] = values[i];
  record["alpha"] = {{"nested", 1}, {"list", values}};

  const std::string  text = output::json_text(record);
  const output::Json back = output::parse_json(text, "record");
  EXPECT_EQ(text.back(), '\n');
  EXPECT_LT(text.find("\"zeta\""), text.find("\"v0\""));
  EXPECT_LT(text.find("\"v6\""), text.find("\"alpha\""));
  std::vector<std::string> keys;
  for (const auto &entry : back.items())
    keys.push_back(entry.key());
  EXPECT_EQ(keys.front(), "zeta");
  EXPECT_EQ(keys.back(), "alpha");
  for (unsigned int i = 0; i < values.size(); ++i)
    {
      // Bit for bit: the shortest text that reads back to the same double.
      const double v = back["v" + std::to_string(i)].get<double>();
      EXPECT_EQ(std::memcmp(&v, &values[i], sizeof v), 0) << text;
      EXPECT_EQ(back["alpha"]["list"][i].get<double>(), values[i]);
    }
  EXPECT_NE(text.find("0.30000000000000004"), std::string::npos) << text;
  EXPECT_EQ(back, record);
}


TEST(Json, NonFiniteNumbersAreNull)
{
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  output::Json record;
  record["x"]            = nan;
  record["y"]            = -inf;
  record["residuals"]    = std::vector<double>{1., nan};
  const std::string text = output::json_text(record);
  for (const char *word : {"nan", "NaN", "inf", "Infinity"})
    EXPECT_EQ(text.find(word), std::string::npos) << text;
  const output::Json back = output::parse_json(text, "record");
  EXPECT_TRUE(back["x"].is_null());
  EXPECT_TRUE(back["y"].is_null());
  EXPECT_EQ(back["residuals"][0].get<double>(), 1.);
  EXPECT_TRUE(back["residuals"][1].is_null());
}


TEST(Json, StringsRoundTripAndBadUtf8DoesNotFailTheWrite)
{
  const std::string  message = "a \"quoted\"\nline\twith \\ and \x01";
  output::Json       record  = {{"message", message}, {"bad", "caf\xe9"}};
  const std::string  text    = output::json_text(record);
  const output::Json back    = output::parse_json(text, "record");
  EXPECT_EQ(back["message"].get<std::string>(), message);
  EXPECT_EQ(back["bad"].get<std::string>(), "caf\xef\xbf\xbd"); // U+FFFD
}


TEST(Json, MalformedOrMissingFileIsAnIoErrorNamingTheFile)
{
  const fs::path dir  = fresh_folder("malformed");
  const fs::path path = dir / "status.json";
  write(path, "{\n  \"status\": \"ok\",\n  \"load_fraction_reached\": \n}\n");
  try
    {
      output::read_json_file(path.string());
      ADD_FAILURE() << "expected IoError";
    }
  catch (const IoError &e)
    {
      const std::string message = e.what();
      EXPECT_NE(message.find(path.string() + " is not valid JSON"),
                std::string::npos)
        << message;
      EXPECT_NE(message.find("line 4"), std::string::npos) << message;
    }
  write(path, "");
  EXPECT_THROW(output::read_json_file(path.string()), IoError);
  try
    {
      output::read_json_file((dir / "missing.json").string());
      ADD_FAILURE() << "expected IoError";
    }
  catch (const IoError &e)
    {
      EXPECT_NE(std::string(e.what()).find("missing.json"), std::string::npos);
    }
  fs::remove_all(dir);
}


TEST(Json, TextOfScalarEntries)
{
  const output::Json status = {{"status", "ok"},
                               {"load_fraction_reached", 0.6},
                               {"whole", 1.0},
                               {"steps", 4},
                               {"flag", true},
                               {"none", nullptr},
                               {"nested", {{"a", 1}}}};
  EXPECT_EQ(output::text_of(status, "status"), "ok");
  // Doubles as summary.csv writes them (17 significant digits).
  EXPECT_EQ(output::text_of(status, "load_fraction_reached"),
            "0.59999999999999998");
  EXPECT_EQ(output::text_of(status, "whole"), "1");
  EXPECT_EQ(output::text_of(status, "steps"), "4");
  EXPECT_EQ(output::text_of(status, "flag"), "true");
  EXPECT_EQ(output::text_of(status, "none"), "");
  EXPECT_EQ(output::text_of(status, "nested"), "");
  EXPECT_EQ(output::text_of(status, "missing"), "");
  EXPECT_EQ(output::text_of(output::Json::array(), "status"), "");
}


TEST(AtomicFile, CommitRenamesTheTemporaryOntoTheTarget)
{
  const fs::path    dir    = fresh_folder("commit");
  const std::string target = (dir / "summary.json").string();
  {
    output::AtomicFile file(target);
    const std::string  temp = fs::path(file.temporary()).filename().string();
    // ".summary.json.XXXXXX.tmp", and found as the target's temporary.
    EXPECT_EQ(temp.size(), std::string(".summary.json.XXXXXX.tmp").size());
    EXPECT_EQ(temp.rfind(".summary.json.", 0), 0u) << temp;
    EXPECT_EQ(output::temporaries_of(target),
              std::vector<std::string>{file.temporary()});
    file.stream() << "first";
    EXPECT_FALSE(fs::exists(target));
    file.commit();
    EXPECT_FALSE(fs::exists(file.temporary()));
  }
  EXPECT_EQ(read(target), "first");
  // A library that opens the file by name (VTK, HDF5) replaces the target.
  {
    output::AtomicFile file(target);
    write(file.temporary(), "second");
    file.commit();
  }
  EXPECT_EQ(read(target), "second");
  output::write_file_atomically(target, "third");
  EXPECT_EQ(read(target), "third");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"summary.json"});
  EXPECT_TRUE(output::temporaries_of(target).empty());
  fs::remove_all(dir);
}


TEST(AtomicFile, WithoutCommitNeitherTemporaryNorTargetRemains)
{
  const fs::path    dir    = fresh_folder("abandon");
  const std::string target = (dir / "steps.csv").string();
  {
    output::AtomicFile file(target);
    file.stream() << "half a table";
  }
  try
    {
      output::AtomicFile file(target);
      write(file.temporary(), "by a library");
      throw SolverError("Newton did not converge");
    }
  catch (const SolverError &)
    {}
  EXPECT_TRUE(fs::is_empty(dir));
  // An earlier complete file stays as it was.
  output::write_file_atomically(target, "complete");
  {
    output::AtomicFile file(target);
    file.stream() << "incomplete";
  }
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"steps.csv"});
  EXPECT_EQ(read(target), "complete");
  fs::remove_all(dir);
}


TEST(AtomicFile, ExistingTemporaryOfTheSameNameIsNotClobbered)
{
  const fs::path    dir     = fresh_folder("exclusive");
  const std::string target  = (dir / "results.h5").string();
  const fs::path    foreign = dir / ".results.h5.AAAAAA.tmp";
  write(foreign, "another writer's data");
  // The first name drawn is taken: the next one is used instead.
  std::vector<std::string> draws = {"AAAAAA", "BBBBBB"};
  const auto               next  = [&] {
    const std::string d = draws.front();
    draws.erase(draws.begin());
    return d;
  };
  {
    output::AtomicFile file(target, next);
    EXPECT_EQ(file.temporary(), (dir / ".results.h5.BBBBBB.tmp").string());
    file.stream() << "mine";
    file.commit();
  }
  {
    output::AtomicFile file(target, [] { return std::string("CCCCCC"); });
    file.stream() << "abandoned";
  }
  // Every name taken: an IoError, and nothing of another writer touched.
  EXPECT_THROW(output::AtomicFile(target, [] { return std::string("AAAAAA"); }),
               IoError);
  EXPECT_EQ(read(foreign), "another writer's data");
  EXPECT_EQ(read(target), "mine");
  EXPECT_EQ(names_in(dir),
            (std::vector<std::string>{".results.h5.AAAAAA.tmp", "results.h5"}));
  // Two writers of one target at once get two temporaries.
  output::AtomicFile a(target), b(target);
  EXPECT_NE(a.temporary(), b.temporary());
  EXPECT_EQ(output::temporaries_of(target).size(), 3u);
  fs::remove_all(dir);
}


TEST(AtomicFile, FailureToWriteIsAnIoError)
{
  const fs::path dir = fresh_folder("failure");
  try
    {
      output::write_file_atomically((dir / "no" / "x.json").string(), "x");
      ADD_FAILURE() << "expected IoError";
    }
  catch (const IoError &e)
    {
      const std::string message = e.what();
      EXPECT_NE(message.find((dir / "no").string() + " does not exist"),
                std::string::npos)
        << message;
    }
  EXPECT_THROW(output::write_file_atomically("/proc/plantarfe/x.json", "x"),
               IoError);

  // A full disk (here: a file-size limit) while writing.
  const std::string target = (dir / "solution-0001.vtu").string();
  std::string       message;
  {
    const FileSizeLimit limit(64 * 1024);
    try
      {
        output::write_file_atomically(target, std::string(1 << 20, 'x'));
      }
    catch (const IoError &e)
      {
        message = e.what();
      }
  }
  EXPECT_NE(message.find("writing " + dir.string() + "/.solution-0001.vtu."),
            std::string::npos)
    << message;
  EXPECT_NE(message.find("File too large"), std::string::npos) << message;
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}


TEST(AtomicFile, KeptExtensionForWritersThatChooseTheFormatByIt)
{
  const fs::path    dir    = fresh_folder("extension");
  const std::string target = (dir / "foot.msh").string();
  {
    output::AtomicFile file(target, nullptr, true);
    const std::string  temp = fs::path(file.temporary()).filename().string();
    // ".foot.msh.XXXXXX.tmp.msh": Gmsh sees .msh; still our temporary.
    EXPECT_EQ(temp.size(), std::string(".foot.msh.XXXXXX.tmp.msh").size());
    EXPECT_EQ(temp.substr(temp.size() - 8), ".tmp.msh") << temp;
    EXPECT_EQ(output::temporaries_of(target),
              std::vector<std::string>{file.temporary()});
    write(file.temporary(), "mesh");
    file.commit();
  }
  EXPECT_EQ(read(target), "mesh");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"foot.msh"});
  fs::remove_all(dir);
}

TEST(AtomicFile, TemporariesOfMatchesOnlyTheTargetsPattern)
{
  const fs::path dir = fresh_folder("pattern");
  for (const char *name : {".results.h5.Ab12Cd.tmp",
                           ".results.h5.Ab12C.tmp",
                           ".results.h5.Ab12Cd.tmpx",
                           ".results.h5.Ab-2Cd.tmp",
                           ".other.h5.Ab12Cd.tmp",
                           "results.h5.Ab12Cd.tmp"})
    write(dir / name, "");
  EXPECT_EQ(output::temporaries_of((dir / "results.h5").string()),
            std::vector<std::string>{
              (dir / ".results.h5.Ab12Cd.tmp").string()});
  EXPECT_TRUE(
    output::temporaries_of((dir / "none" / "results.h5").string()).empty());
  fs::remove_all(dir);
}


TEST(RunFolder, InterruptedRunIsFoundByItsTemporary)
{
  const fs::path    dir     = fresh_folder("interrupted");
  const std::string results = (dir / "results.h5").string();
  EXPECT_THROW(output::open_run_folder("info", dir.string()), ScenarioError);
  {
    // A run in progress (or killed: its temporary stays).
    output::AtomicFile running(results);
    try
      {
        output::open_run_folder("info", dir.string());
        ADD_FAILURE() << "expected IoError";
      }
    catch (const IoError &e)
      {
        const std::string message = e.what();
        EXPECT_NE(message.find("incomplete run folder"), std::string::npos);
        EXPECT_NE(message.find(
                    fs::path(running.temporary()).filename().string()),
                  std::string::npos)
          << message;
        EXPECT_NE(message.find("interrupted"), std::string::npos) << message;
      }
    output::write_json_file((dir / "status.json").string(),
                            {{"status", "ok"}, {"load_fraction_reached", 1.}});
    running.commit();
  }
  const output::RunFolder run = output::open_run_folder("info", dir.string());
  EXPECT_EQ(output::text_of(run.status, "status"), "ok");
  EXPECT_EQ(output::text_of(run.status, "load_fraction_reached"), "1");

  write(dir / "status.json", "{\"status\": ");
  try
    {
      output::open_run_folder("info", dir.string());
      ADD_FAILURE() << "expected IoError";
    }
  catch (const IoError &e)
    {
      const std::string message = e.what();
      EXPECT_EQ(message.rfind("info: " + (dir / "status.json").string() +
                                " is not valid JSON",
                              0),
                0u)
        << message;
    }
  fs::remove_all(dir);
}


namespace
{
  /// A complete result of @p scenario as a run leaves it: its status record
  /// first in name order (so a plain recursive delete may take it first),
  /// results, VTU files and a companion run's subfolder.
  void
  write_complete_result(const fs::path &dir, const fs::path &scenario)
  {
    fs::create_directories(dir / "baseline");
    output::write_json_file((dir / "status.json").string(),
                            {{"scenario", scenario.filename().string()},
                             {"scenario_path", scenario.string()},
                             {"status", "ok"},
                             {"input_hash", "0123"}});
    write(dir / "results.h5", "h5");
    for (int i = 1; i <= 4; ++i)
      write(dir / ("solution-000" + std::to_string(i) + ".vtu"), "vtu");
    write(dir / "baseline" / "status.json", "{}");
  }
} // namespace


TEST(FolderOwnership, OnlyOurOwnRecordMakesAFolderOurs)
{
  const fs::path dir      = fresh_folder("ownership");
  const fs::path scenario = "/somewhere/quiet_standing.prm";
  write_complete_result(dir / "ours", scenario);
  EXPECT_EQ(run::owner_of(dir / "ours", scenario), run::Owner::this_scenario);
  EXPECT_EQ(run::owner_of(dir / "ours", "/elsewhere/quiet_standing.prm"),
            run::Owner::other_scenario);

  fs::create_directories(dir / "thesis");
  write(dir / "thesis" / "thesis.txt", "three years");
  EXPECT_EQ(run::owner_of(dir / "thesis", scenario), run::Owner::not_ours);
  write(dir / "thesis" / "status.json", "{\"status\": \"ok\"}");
  EXPECT_EQ(run::owner_of(dir / "thesis", scenario), run::Owner::not_ours);
  write(dir / "thesis" / "status.json", "{\"status\": ");
  EXPECT_EQ(run::owner_of(dir / "thesis", scenario), run::Owner::not_ours);

  fs::create_directories(dir / "staging");
  write(dir / "staging" / run::staging_marker, "");
  EXPECT_EQ(run::owner_of(dir / "staging", scenario),
            run::Owner::stale_staging);
  fs::remove_all(dir);
}


TEST(FolderOwnership, DeletionInterruptedAnywhereLeavesAFolderOfOurs)
{
  // A run swaps its new result in and deletes the earlier one; killed in the
  // middle of that delete, it leaves a part of the earlier result behind.
  // The next run must still see that part as ours (and clear it): were the
  // status record deleted first, the rest would look like a stranger's folder
  // and every later run into that output folder would be refused.
  const fs::path dir      = fresh_folder("interrupted_delete");
  const fs::path scenario = "/somewhere/quiet_standing.prm";
  const fs::path folder   = dir / ".k.partial";
  write_complete_result(folder, scenario);
  const std::size_t n_entries = names_in(folder).size();
  ASSERT_EQ(n_entries, 7u);

  struct Killed
  {};
  for (std::size_t kill_after = 0; kill_after < n_entries; ++kill_after)
    {
      write_complete_result(folder, scenario);
      std::size_t removed = 0;
      EXPECT_THROW(run::remove_our_folder(folder,
                                          [&] {
                                            if (removed++ == kill_after)
                                              throw Killed();
                                          }),
                   Killed);
      EXPECT_EQ(names_in(folder).size(), n_entries - kill_after)
        << "killed after " << kill_after + 1 << " removal(s)";
      EXPECT_NE(run::owner_of(folder, scenario), run::Owner::not_ours)
        << "killed after " << kill_after + 1
        << " removal(s): " << ::testing::PrintToString(names_in(folder));
    }
  // The next run finishes the job, the marker included.
  run::remove_our_folder(folder);
  EXPECT_FALSE(fs::exists(folder));
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}
