// _plantarfe: the compiled half of the Python package (docs/python.md). It
// calls the code the command line calls - scenario reading and checks, one
// run, a batch or sweep - and nothing else; the results are read back from
// the run folder by the pure-Python reader (plantarfe/results.py), so a
// Python run and a CLI run are the same files. Errors become the package's
// exceptions (plantarfe/errors.py) with the CLI's one-line message. The GIL
// is released while a run or batch works, so other Python threads go on.
#include <deal.II/base/parameter_handler.h>

#include "app/mpi_startup.h"
#include "base/errors.h"
#include "batch/batch_plan.h"
#include "batch/local_runner.h"
#include "batch/run_batch.h"
#include "plantarfe_version.h"
#include "run/run_scenario.h"
#include "scenario/parameter_listing.h"
#include "scenario/parameters.h"
#include "scenario/sweep.h"

#include <cstdlib>
#include <memory>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <sstream>

namespace py = pybind11;

namespace
{
  using namespace plantarfe;

  /// MPI for the life of the interpreter, started as the executable starts
  /// it (app::ProgramStart) when the module is imported and ended by
  /// finalize(), which the package registers with atexit.
  int                                argc            = 1;
  char                               program_name[]  = "plantarfe";
  char                              *argv_storage[2] = {program_name, nullptr};
  char                             **argv            = argv_storage;
  std::unique_ptr<app::ProgramStart> session;

  void
  finalize()
  {
    session.reset();
  }

  /// Raises the package's exception class @p name with @p message.
  [[noreturn]] void
  raise(const char *name, const std::string &message)
  {
    py::object cls = py::module_::import("plantarfe.errors").attr(name);
    PyErr_SetObject(cls.ptr(), cls(message).ptr());
    throw py::error_already_set();
  }

  /// Runs @p work without the GIL and turns the program's errors into the
  /// package's exceptions.
  template <typename Work>
  auto
  call(const Work &work)
  {
    try
      {
        py::gil_scoped_release unlocked;
        return work();
      }
    catch (const ScenarioError &e)
      {
        raise("ScenarioError", e.what());
      }
    catch (const SolverError &e)
      {
        raise("SolverError", e.what());
      }
    catch (const IoError &e)
      {
        raise("ResultsError", e.what());
      }
  }

  /// The scenario's entries after reading @p file with @p overrides and
  /// every check a run makes before meshing, as (path, value) pairs.
  std::vector<std::pair<std::string, std::string>>
  validate(const std::string &file, const std::vector<std::string> &overrides)
  {
    return call([&] {
      dealii::ParameterHandler prm;
      scenario::declare_parameters(prm);
      scenario::read_scenario(prm, file, overrides);
      scenario::read_sweep(prm, file);
      return scenario::flat_parameters(prm);
    });
  }

  /// Every documented entry: the reference `plantarfe params --json`
  /// prints, and the unit of each entry that has one.
  std::pair<std::string, std::map<std::string, std::string>>
  reference()
  {
    dealii::ParameterHandler prm;
    scenario::declare_parameters(prm);
    std::ostringstream json;
    prm.print_parameters(json, dealii::ParameterHandler::JSON);
    return {json.str(), scenario::parameter_units(prm)};
  }

  int
  run_one(const std::string              &scenario_file,
          const std::string              &output,
          const std::vector<std::string> &overrides)
  {
    return call([&] {
      return run::run_scenario({scenario_file, output, overrides},
                               MPI_COMM_WORLD);
    });
  }

  int
  run_many(const std::string              &command,
           const std::vector<std::string> &patterns,
           const std::string              &output,
           const unsigned int              jobs,
           const std::vector<std::string> &overrides,
           const bool                      force)
  {
    batch::BatchOptions o;
    o.command  = command;
    o.patterns = patterns;
    o.output   = output;
    o.parallel = std::max(1u, jobs);
    o.sets     = overrides;
    o.force    = force;
    return call([&] {
      // The batch prints its input errors and returns 2; planned here first
      // (the same code), they are raised instead, all of them in one
      // message (the first line locates the first).
      const batch::BatchPlan plan = batch::plan_batch(o.patterns, o.sets);
      if (!plan.errors.empty())
        {
          std::string message;
          for (const auto &e : plan.errors)
            message += (message.empty() ? "" : "\n") + e;
          throw ScenarioError(message);
        }
      return batch::run_batch(o);
    });
  }
} // namespace

PYBIND11_MODULE(_plantarfe, m)
{
  m.doc() = "PlantarFE's compiled core; use the plantarfe package instead.";
  session = std::make_unique<app::ProgramStart>(argc, argv);
  m.def("finalize", &finalize, "End MPI (registered with atexit).");
  m.def("validate",
        &validate,
        py::arg("scenario"),
        py::arg("overrides"),
        "Read and check a scenario; its entries as (path, value) pairs.");
  m.def("reference",
        &reference,
        "The documented entries (params --json) and their units.");
  m.def("run",
        &run_one,
        py::arg("scenario"),
        py::arg("output"),
        py::arg("overrides"),
        "Run one scenario into a folder; 0 converged, 1 not.");
  m.def("batch",
        &run_many,
        py::arg("command"),
        py::arg("patterns"),
        py::arg("output"),
        py::arg("jobs"),
        py::arg("overrides"),
        py::arg("force"),
        "plantarfe batch/sweep; returns its exit code.");
  m.def("set_executable",
        &batch::set_child_executable,
        py::arg("path"),
        "The plantarfe executable that batch runs start.");
  m.attr("version")    = PLANTARFE_VERSION;
  m.attr("git_commit") = PLANTARFE_GIT_COMMIT;
}
