// `plantarfe batch` and `plantarfe sweep`: the command line; the engine is
// batch/run_batch.h (exit codes in docs/batch.md).
#include "app/commands.h"
#include "base/errors.h"
#include "batch/run_batch.h"

#include <cstdlib>
#include <filesystem>

namespace plantarfe::app
{
  namespace fs = std::filesystem;

  namespace
  {
    unsigned int
    positive_count(const std::string &option, const std::string &text)
    {
      char      *end = nullptr;
      const long n   = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || n < 1 || n > 4096)
        throw ScenarioError(option + " needs a positive number (got '" + text +
                            "')");
      return static_cast<unsigned int>(n);
    }

    batch::BatchOptions
    parse_batch_args(const std::string              &command,
                     const std::vector<std::string> &args)
    {
      batch::BatchOptions o;
      o.command = command;
      for (std::size_t i = 0; i < args.size(); ++i)
        {
          const std::string &a     = args[i];
          const auto         value = [&]() -> const std::string         &{
            if (i + 1 >= args.size())
              throw ScenarioError(command + ": " + a + " needs a value");
            return args[++i];
          };
          if (a == "-j" || a == "--jobs")
            o.parallel = positive_count(a, value());
          else if (a.rfind("-j", 0) == 0 && a.size() > 2)
            o.parallel = positive_count("-j", a.substr(2));
          else if (a == "-o" || a == "--output")
            o.output = value();
          else if (a == "--force")
            o.force = true;
          else if (a == "--ranks-per-run")
            o.ranks_per_run = positive_count(a, value());
          else if (a == "--set")
            o.sets.push_back(value());
          else if (a == "--list")
            o.list = true;
          else if (a == "--expand")
            o.expand = value();
          else if (!a.empty() && a[0] == '-')
            throw ScenarioError(command + ": unknown option '" + a + "'");
          else
            o.patterns.push_back(a);
        }
      if (command == "sweep" && o.patterns.size() != 1)
        throw ScenarioError("sweep: give exactly one scenario file (use "
                            "batch for several)");
      if (o.output.empty())
        o.output = command == "sweep" ?
                     "results/" + fs::path(o.patterns.front()).stem().string() :
                     "results";
      return o;
    }
  } // namespace

  int
  batch_command(const std::vector<std::string> &args)
  {
    return batch::run_batch(parse_batch_args("batch", args));
  }

  int
  sweep_command(const std::vector<std::string> &args)
  {
    return batch::run_batch(parse_batch_args("sweep", args));
  }
} // namespace plantarfe::app
