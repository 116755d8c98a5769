// plantarfe: command-line entry point. Maps user-facing errors to one clear
// line on stderr and an exit code (0 ok, 1 failed run, 2 bad input).
// Messages are printed with control bytes escaped and their length bounded
// (base/printable.h): they may quote scenario text.
#include <deal.II/base/mpi.h>

#include "app/commands.h"
#include "app/mpi_startup.h"
#include "base/errors.h"
#include "base/printable.h"
#include "output/hdf5_reader.h"
#include "plantarfe_version.h"

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace
{
  const char *usage = R"(usage: plantarfe <command> [options]

commands:
  run <scenario.prm|.json> [-o DIR] [--set "Section/Entry=value"]...
                      solve one scenario, write VTU/PVD and a summary into DIR
                      (default results/<scenario name>)
  batch <files or globs>... [-j N] [-o DIR] [--force] [--set "S/E=v"]...
        [--ranks-per-run K] [--list] [--expand DIR]
                      validate every scenario and sweep point, then run
                      those not up to date into DIR/<run> (default results),
                      N at a time (or under mpirun, one run per K ranks);
                      writes DIR/manifest.csv. Quote globs: "scenarios/**/*.prm".
                      Exit 0 all ok, 2 bad input (nothing ran), 10+n when n
                      runs failed (see docs/batch.md)
  sweep <scenario> [batch options]
                      batch on one file with a Sweep section (default DIR
                      results/<file stem>)
  compare <results dir|manifest.csv> --metric NAME --by "Section/Entry"
          [--baseline VALUE] [-o PREFIX]
                      table (terminal + PREFIX.csv) of a metric per value of
                      a parameter with the change against a baseline, and a
                      chart PREFIX.png (no display needed)
  mesh <scenario> [-o FILE.vtu|.msh|.inp|.feb] [--format msh|msh2|inp|feb]
       [--model]
       [--set "Section/Entry=value"]...
                      build (or import) the foot mesh of a scenario, print
                      its size and quality; .vtu shows region ids in
                      ParaView; .msh (Gmsh 4.1; msh2: 2.2) and .inp
                      (Abaqus/CalculiX) carry the regions and the skin and
                      knee_end surfaces as named groups, for other solvers
                      and for Geometry/Shape = mesh file; --model with .inp:
                      the whole model (laws, supports, loads, ground) as a
                      CalculiX/Abaqus deck; .feb: the whole 3D model, fibres
                      included, for FEBio 4 (docs/import.md)
  params              print the documented reference of every scenario entry
  verify [--json] [--slow] [--case NAME]... [--list]
                      run the verification suite (every case but the slow
                      ones by default; --slow adds them, --case picks) and
                      print one row per check; exit 1 if any check fails
  info <run folder> [--json]
                      status, mesh, steps, summary metrics and provenance of
                      a finished run (read from its status.json and
                      results.h5)
  render <run folder> --field NAME [--step last|N] [--region ID]
         [--size WxH] [--no-warp] [--warp-scale S] [-o out.png]
                      PNG of one field of one load step (from results.h5):
                      deformed shape coloured by the field, colour bar, title.
                      Renders through X: with DISPLAY unset, plantarfe starts
                      a private virtual X server (Xvfb) for the render
  version             print version and build information
)";

  /// An error every rank raises alike (bad input, a failed solve): printed
  /// once, by rank 0 (under mpirun every rank printed it).
  void
  report_collective(const char *kind, const std::string &message)
  {
    if (dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
      std::cerr << "plantarfe: " << kind << plantarfe::printable(message)
                << '\n';
  }

  /// An error that may strike one rank only (a file it writes): printed by
  /// that rank, naming it when there are several.
  void
  report_local(const char *kind, const std::string &message)
  {
    const unsigned int ranks =
      dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD);
    std::cerr << "plantarfe: "
              << (ranks > 1 ?
                    "rank " +
                      std::to_string(dealii::Utilities::MPI::this_mpi_process(
                        MPI_COMM_WORLD)) +
                      ": " :
                    std::string())
              << kind << plantarfe::printable(message) << '\n';
  }

} // namespace

int
main(int argc, char **argv)
{
  const plantarfe::app::ProgramStart start(argc, argv);
  if (argc < 2)
    {
      std::cerr << usage;
      return 2;
    }
  const std::string              command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  try
    {
      if (command == "run")
        return plantarfe::app::run_command(args);
      if (command == "batch")
        return plantarfe::app::batch_command(args);
      if (command == "sweep")
        return plantarfe::app::sweep_command(args);
      if (command == "compare")
        return plantarfe::app::compare_command(args);
      if (command == "mesh")
        return plantarfe::app::mesh_command(args);
      if (command == "params")
        return plantarfe::app::params_command(args);
      if (command == "verify")
        return plantarfe::app::verify_command(args);
      if (command == "info")
        return plantarfe::app::info_command(args);
      if (command == "render")
        return plantarfe::app::render_command(args);
      if (command == "version" || command == "--version")
        {
          std::cout << "plantarfe " << PLANTARFE_VERSION << " ("
                    << PLANTARFE_GIT_COMMIT << "), deal.II "
                    << DEAL_II_PACKAGE_VERSION << '\n';
          return 0;
        }
      if (command == "help" || command == "--help" || command == "-h")
        {
          std::cout << usage;
          return 0;
        }
      std::cerr << "plantarfe: unknown command '"
                << plantarfe::printable(command, 200) << "'\n"
                << usage;
      return 2;
    }
  catch (const plantarfe::ScenarioError &e)
    {
      report_collective("error: ", e.what());
      return 2;
    }
  catch (const plantarfe::output::UnreadableResultsError &e)
    {
      // A damaged or foreign results.h5 given to info/render: bad input.
      report_collective("error: ", e.what());
      return 2;
    }
  catch (const plantarfe::SolverError &e)
    {
      report_collective("solve failed: ", e.what());
      return 1;
    }
  catch (const plantarfe::IoError &e)
    {
      report_local("output error: ", e.what());
      return 1;
    }
  catch (const std::exception &e)
    {
      report_local("internal error: ", e.what());
      return 1;
    }
}
