// `plantarfe run`: one scenario -> results/<name>/ (run/run_scenario.h).
#include "app/commands.h"
#include "base/errors.h"
#include "run/run_scenario.h"

#include <filesystem>

namespace plantarfe::app
{
  namespace
  {
    /// `run` arguments: <scenario> [-o DIR] [--set "Section/Entry=value"]...
    run::RunRequest
    parse_run_args(const std::vector<std::string> &args)
    {
      run::RunRequest o;
      for (unsigned int i = 0; i < args.size(); ++i)
        {
          if (args[i] == "-o" || args[i] == "--output")
            {
              if (i + 1 >= args.size())
                throw ScenarioError("run: -o needs a directory");
              o.output = args[++i];
            }
          else if (args[i] == "--set")
            {
              if (i + 1 >= args.size())
                throw ScenarioError("run: --set needs \"Section/Entry=value\"");
              o.overrides.push_back(args[++i]);
            }
          else if (o.scenario.empty())
            o.scenario = args[i];
          else
            throw ScenarioError("run: unexpected argument '" + args[i] + "'");
        }
      if (o.scenario.empty())
        throw ScenarioError("run: no scenario file given");
      if (o.output.empty())
        o.output =
          "results/" + std::filesystem::path(o.scenario).stem().string();
      return o;
    }
  } // namespace

  int
  run_command(const std::vector<std::string> &args)
  {
    return run::run_scenario(parse_run_args(args), MPI_COMM_WORLD);
  }
} // namespace plantarfe::app
