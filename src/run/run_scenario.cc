// One scenario run end to end: model, solve, and the run folder (results.h5
// with its XDMF, VTU/PVD per load step, summary.json, summary.csv, steps.csv,
// status.json), all written atomically through a staging folder.
#include "run/run_scenario.h"

#include <deal.II/base/data_out_base.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/multithread_info.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/timer.h>

#include <hdf5.h>

#include "anatomy/foot_solids.h"
#include "anatomy/regions.h"
#include "base/errors.h"
#include "metrics/metric_registry.h"
#include "model/model_case.h"
#include "output/atomic_file.h"
#include "output/hdf5_results.h"
#include "output/json.h"
#include "output/run_records.h"
#include "output/xdmf_writer.h"
#include "plantarfe_version.h"
#include "run/input_hash.h"
#include "run/run_staging.h"
#include "scenario/parameters.h"
#include "scenario/sweep.h"
#include "solver/solid.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <tuple>

namespace plantarfe::run
{
  using namespace dealii;

  namespace
  {
    /// @p mesh with the name of every region id that occurs on any rank
    /// (anatomy::region_name; "region N" outside the foot), so that a
    /// reader of results.h5 can select the fascia by name.
    output::MeshData
    named_regions(output::MeshData mesh, const MPI_Comm comm)
    {
      // (deal.II instantiates the union for unsigned int, not int.)
      const std::vector<unsigned int> ids = Utilities::MPI::compute_set_union(
        std::vector<unsigned int>(mesh.region.begin(), mesh.region.end()),
        comm);
      for (const unsigned int id : ids)
        mesh.region_names[static_cast<int>(id)] =
          anatomy::region_name(static_cast<types::material_id>(id));
      return mesh;
    }

    std::string
    read_text_file(const std::string &path)
    {
      std::ifstream      in(path);
      std::ostringstream text;
      text << in.rdbuf();
      return text.str();
    }

    /// What produced a result: versions, commit, parallel layout.
    std::vector<std::pair<std::string, std::string>>
    provenance(const MPI_Comm comm)
    {
      unsigned int major = 0, minor = 0, release = 0;
      H5get_libversion(&major, &minor, &release);
      return {
        {"plantarfe_version", PLANTARFE_VERSION},
        {"git_commit", PLANTARFE_GIT_COMMIT},
        {"deal_ii_version", DEAL_II_PACKAGE_VERSION},
        {"hdf5_version",
         std::to_string(major) + "." + std::to_string(minor) + "." +
           std::to_string(release)},
        {"vtk_version", PLANTARFE_VTK_VERSION},
        {"mpi_ranks", std::to_string(Utilities::MPI::n_mpi_processes(comm))},
        {"threads_per_rank", std::to_string(MultithreadInfo::n_threads())}};
    }

    /// What every run_in/run_dim call shares.
    struct RunContext
    {
      const RunRequest &o;
      MPI_Comm          comm;
      /// input_hash() of the effective parameters, recorded in status.json.
      std::string hash;
      /// The scenario file's absolute path, recorded in status.json.
      std::string scenario_path;
    };

    /// The metrics of every converged step as columns and rows (every step
    /// of a case reports the same metrics, in the same order).
    void
    tabulate_metrics(const std::vector<metrics::Metrics> &step_metrics,
                     output::RunRecord                   &record)
    {
      record.metric_columns.clear();
      record.metric_values.clear();
      if (!step_metrics.empty())
        for (const auto &m : step_metrics.front())
          record.metric_columns.push_back(
            {m.name, m.unit, m.description, m.mesh_dependent});
      for (const auto &metrics : step_metrics)
        {
          if (metrics.size() != record.metric_columns.size())
            throw std::logic_error("metrics differ between load steps");
          record.metric_values.emplace_back();
          for (std::size_t m = 0; m < metrics.size(); ++m)
            {
              if (metrics[m].name != record.metric_columns[m].name)
                throw std::logic_error("metrics differ between load steps");
              record.metric_values.back().push_back(metrics[m].value);
            }
        }
    }

    /// The solver's report and the metrics as the run folder records them.
    template <int dim>
    output::RunRecord
    make_run_record(const RunContext                    &x,
                    const model::ModelCase<dim>         &c,
                    const solver::SolveReport           &report,
                    const std::vector<metrics::Metrics> &step_metrics)
    {
      output::RunRecord r;
      r.scenario              = x.o.scenario;
      r.scenario_path         = x.scenario_path;
      r.input_hash            = x.hash;
      r.converged             = report.converged;
      r.failure_reason        = report.failure_reason;
      r.load_fraction_reached = report.load_fraction_reached;
      r.dimension             = dim;
      r.n_dofs                = report.n_dofs;
      r.linear_solver         = report.linear_solver;
      r.mpi_ranks             = Utilities::MPI::n_mpi_processes(x.comm);
      r.model_notes           = c.notes;
      tabulate_metrics(step_metrics, r);
      for (const auto &step : report.steps)
        r.steps.push_back({step.load_fraction,
                           step.newton_iterations,
                           step.linear_iterations,
                           step.residuals});
      r.cutbacks                 = report.cutbacks;
      r.total_newton_iterations  = report.total_newton_iterations;
      r.total_linear_iterations  = report.total_linear_iterations;
      r.failed_newton_iterations = report.failed_newton_iterations;
      r.contact_smoothing_m      = report.contact_smoothing_m;
      r.timing.setup             = report.time_setup_s;
      r.timing.assembly          = report.time_assembly_s;
      r.timing.linear_solve      = report.time_solve_s;
      return r;
    }

    /// What a solved and recorded run reports back.
    struct RunOutcome
    {
      bool                         converged = false;
      unsigned long long           n_dofs    = 0;
      double                       wall_s    = 0.;
      std::string                  failure_reason;
      std::vector<metrics::Metric> final_metrics;
    };

    /// The first converged step that a model check refuses ends the run
    /// there: not converged, the check's reason, the load fraction of the
    /// step before it reached (the steps are all in results.h5 and the
    /// record, for a look at what went wrong).
    template <int dim>
    void
    apply_step_checks(const model::ModelCase<dim>         &c,
                      const std::vector<metrics::Metrics> &step_metrics,
                      solver::SolveReport                 &report)
    {
      for (std::size_t k = 0;
           k < step_metrics.size() && k < report.steps.size();
           ++k)
        for (const auto &check : c.step_checks)
          {
            const std::string why = check(step_metrics[k]);
            if (why.empty())
              continue;
            const double reached =
              k == 0 ? 0. : report.steps[k - 1].load_fraction;
            std::ostringstream reason;
            reason << why << " at load fraction "
                   << report.steps[k].load_fraction
                   << "; reached load fraction " << reached;
            report.converged             = false;
            report.failure_reason        = reason.str();
            report.load_fraction_reached = reached;
            return;
          }
    }

    template <int dim>
    RunOutcome
    record_run(ParameterHandler      &prm,
               const RunContext      &x,
               model::ModelCase<dim> &c,
               const std::string     &dir,
               bool                   write_vtu,
               Timer                 &wall);

    /// Solves each companion run of @p c into <dir>/<name>/ with records of
    /// its own and hands its final metrics (none if it did not converge) to
    /// @p c's metric groups.
    template <int dim>
    void
    run_companions(ParameterHandler      &prm,
                   const RunContext      &x,
                   model::ModelCase<dim> &c,
                   const std::string     &dir,
                   const bool             write_vtu)
    {
      const bool root = Utilities::MPI::this_mpi_process(x.comm) == 0;
      for (auto &companion : c.companions)
        {
          const std::string folder = dir + "/" + companion.name;
          if (root)
            {
              std::cerr << "plantarfe: solving companion run '"
                        << companion.name << "' (" << companion.description
                        << ")\n";
              output::make_directory(folder);
            }
          MPI_Barrier(x.comm);
          Timer            wall;
          const RunOutcome outcome =
            record_run(prm, x, *companion.model, folder, write_vtu, wall);
          c.metric_inputs.companions[companion.name] =
            outcome.converged ?
              std::optional<metrics::Metrics>(outcome.final_metrics) :
              std::nullopt;
        }
    }

    template <int dim>
    int
    run_dim(ParameterHandler &prm, const RunContext &x)
    {
      const RunRequest &o = x.o;
      Timer             wall;
      const bool        root = Utilities::MPI::this_mpi_process(x.comm) == 0;
      auto              c    = model::make_model_case<dim>(prm, x.comm);
      if (root)
        for (const auto &[key, value] : c.notes)
          std::cerr << "plantarfe: " << key << " = " << value << '\n';
      prm.enter_subsection("Output");
      const bool write_vtu = prm.get_bool("Write VTU");
      prm.leave_subsection();

      // Everything is written into a staging folder that takes the place of
      // o.output only when the run ends (see run_staging.h).
      RunStaging        staging(o.output, o.scenario, x.comm);
      const std::string dir = staging.folder();
      try
        {
          run_companions(prm, x, c, dir, write_vtu);
          const RunOutcome outcome =
            record_run(prm, x, c, dir, write_vtu, wall);
          const std::string where = staging.commit(outcome.converged);
          if (root)
            {
              std::cerr << "plantarfe: "
                        << (outcome.converged ? "done" : "NOT CONVERGED")
                        << ", " << outcome.n_dofs << " DOFs, " << outcome.wall_s
                        << " s -> " << where << '\n';
              for (const auto &m : outcome.final_metrics)
                std::cerr << "  " << m.name << " = " << m.value << " " << m.unit
                          << '\n';
              if (!outcome.converged)
                std::cerr << "plantarfe: " << outcome.failure_reason << '\n';
            }
          return outcome.converged ? 0 : 1;
        }
      catch (const std::exception &e)
        {
          // Leave a record of the failure beside whatever steps completed,
          // without touching an earlier complete result.
          if (root)
            {
              try
                {
                  output::write_json_file(
                    dir + "/status.json",
                    output::failed_status_json(
                      o.scenario, x.scenario_path, x.hash, e.what()));
                }
              catch (const std::exception &)
                {}
            }
          try
            {
              const std::string where = staging.commit(false);
              if (root)
                std::cerr << "plantarfe: partial output kept in " << where
                          << '\n';
            }
          catch (const std::exception &)
            {}
          throw;
        }
    }

    /// results.h5 beside the solve: the mesh, then each converged step as
    /// it comes (with its VTU file when asked), the steps' metrics and
    /// the load-step log.
    template <int dim>
    struct SolveRecorder
    {
      SolveRecorder(const RunContext      &x,
                    model::ModelCase<dim> &c,
                    const std::string     &dir,
                    const bool             write_vtu,
                    const Timer           &wall)
          : x(x)
          , c(c)
          , dir(dir)
          , write_vtu(write_vtu)
          , solid(c.problem, x.comm)
          , time_model(wall.wall_time())
          , h5(dir + "/results.h5", x.comm)
      {
        output_timer.stop();
        output_timer.reset();
        h5.write_mesh(named_regions(solid.results_mesh(), x.comm));
      }

      solver::SolveReport
      solve()
      {
        const bool root = Utilities::MPI::this_mpi_process(x.comm) == 0;
        return solid.solve([&](const solver::StepRecord &step) {
          ++step_no;
          output_timer.start();
          h5.write_step(solid.results_step(step_no, step.load_fraction));
          step_metrics.push_back(
            metrics::compute_metrics(solid, c.metric_inputs));
          if (write_vtu)
            {
              const std::string name =
                solid.write_vtu(dir,
                                "solution-" +
                                  Utilities::int_to_string(step_no, 4),
                                step.load_fraction);
              pvd.emplace_back(step.load_fraction, name);
            }
          output_timer.stop();
          if (root)
            std::cerr << "plantarfe: load " << step.load_fraction
                      << " converged in " << step.newton_iterations
                      << " Newton iterations\n";
        });
      }

      /// Closes results.h5 with the run's summary, metric histories,
      /// scenario text and provenance; writes its XDMF and the PVD (root).
      void
      finish_results_file(ParameterHandler        &prm,
                          const output::RunRecord &record)
      {
        std::vector<std::tuple<std::string, double, std::string>> summary = {
          {"dofs", double(record.n_dofs), "-"},
          {"load_fraction_reached", record.load_fraction_reached, "-"},
          {"newton_iterations", double(record.total_newton_iterations), "-"},
          {"wall_time", record.timing.wall, "s"}};
        if (!record.metric_values.empty())
          for (std::size_t m = 0; m < record.metric_columns.size(); ++m)
            summary.emplace_back(record.metric_columns[m].name,
                                 record.metric_values.back()[m],
                                 record.metric_columns[m].unit);
        h5.write_summary(summary);
        std::vector<std::pair<std::string, std::string>> name_unit;
        for (const auto &column : record.metric_columns)
          name_unit.emplace_back(column.name, column.unit);
        h5.write_metric_histories(name_unit, record.metric_values);
        h5.write_text("/scenario/input", read_text_file(x.o.scenario));
        {
          std::ostringstream json;
          prm.print_parameters(json, ParameterHandler::JSON);
          h5.write_text("/scenario/parameters_json", json.str());
        }
        for (const auto &[key, value] : provenance(x.comm))
          h5.write_text("/provenance/" + key, value);
        h5.finalize();
        if (Utilities::MPI::this_mpi_process(x.comm) != 0)
          return;
        if (!h5.completed_steps().empty())
          output::write_file_atomically(
            dir + "/results.xdmf",
            output::make_xdmf("results.h5",
                              h5.mesh_info(),
                              h5.completed_steps()));
        if (write_vtu)
          {
            std::ostringstream pvd_text;
            DataOutBase::write_pvd_record(pvd_text, pvd);
            output::write_file_atomically(dir + "/solution.pvd",
                                          pvd_text.str());
          }
      }

      const RunContext      &x;
      model::ModelCase<dim> &c;
      const std::string     &dir;
      const bool             write_vtu;
      solver::Solid<dim>     solid;
      /// Building the model (mesh, materials, loads) up to the solver's own
      /// set-up, reported beside the solver's timings.
      const double time_model;
      /// results.h5 grows step by step under a temporary name and is
      /// renamed when the run ends, converged or not (its steps are all
      /// complete).
      output::Hdf5Results                         h5;
      Timer                                       output_timer;
      std::vector<std::pair<double, std::string>> pvd;
      unsigned int                                step_no = 0;
      /// Metrics of every converged step (the last one is the result).
      std::vector<metrics::Metrics> step_metrics;
    };

    template <int dim>
    RunOutcome
    record_run(ParameterHandler      &prm,
               const RunContext      &x,
               model::ModelCase<dim> &c,
               const std::string     &dir,
               const bool             write_vtu,
               Timer                 &wall)
    {
      // Metrics find their contacts by name.
      c.metric_inputs.contact_names.clear();
      for (const auto &contact : c.problem.contacts)
        c.metric_inputs.contact_names.push_back(contact.name);
      SolveRecorder<dim> recorder(x, c, dir, write_vtu, wall);
      auto               report = recorder.solve();
      apply_step_checks(c, recorder.step_metrics, report);
      const double time = wall.wall_time();

      output::RunRecord record =
        make_run_record(x, c, report, recorder.step_metrics);
      record.timing.model  = recorder.time_model - report.time_setup_s;
      record.timing.output = recorder.output_timer.wall_time();
      record.timing.wall   = time;
      recorder.finish_results_file(prm, record);
      if (Utilities::MPI::this_mpi_process(x.comm) == 0)
        output::write_run_records(dir, record);
      return {report.converged,
              report.n_dofs,
              time,
              report.failure_reason,
              recorder.step_metrics.empty() ? metrics::Metrics() :
                                              recorder.step_metrics.back()};
    }
    /// The anatomical 3D foot is meshed by `plantarfe mesh` and run as a
    /// mesh file; refused here, before the run's folder is made.
    void
    refuse_unbuilt_anatomy(ParameterHandler &prm, const std::string &file)
    {
      prm.enter_subsection("Geometry");
      const bool foot_3d =
        prm.get("Shape") == "foot" && prm.get_integer("Dimension") == 3;
      prm.leave_subsection();
      prm.enter_subsection("Foot");
      prm.enter_subsection("Mesh");
      const bool anatomical = prm.get("3D foot") == "anatomical";
      prm.leave_subsection();
      prm.leave_subsection();
      if (foot_3d && anatomical)
        throw ScenarioError(file + ": " + anatomy::anatomical_run_refusal());
    }
  } // namespace

  int
  run_scenario(const RunRequest &o, const MPI_Comm comm)
  {
    ParameterHandler prm;
    scenario::declare_parameters(prm);
    scenario::read_scenario(prm, o.scenario, o.overrides);
    refuse_unbuilt_anatomy(prm, o.scenario);
    const scenario::Sweep sweep = scenario::read_sweep(prm, o.scenario);
    if (sweep.active())
      throw ScenarioError(
        o.scenario + ": defines a sweep of " +
        std::to_string(scenario::expand_sweep(sweep).size()) +
        " runs (Sweep section); run it with `plantarfe sweep " + o.scenario +
        "`, or run one point with --set \"Sweep/Mode=none\" and --set for "
        "the swept entries");
    std::error_code  ec;
    const RunContext x{o,
                       comm,
                       input_hash(prm),
                       std::filesystem::weakly_canonical(
                         std::filesystem::absolute(o.scenario), ec)
                         .string()};
    prm.enter_subsection("Geometry");
    const int dim = prm.get_integer("Dimension");
    prm.leave_subsection();
    return dim == 2 ? run_dim<2>(prm, x) : run_dim<3>(prm, x);
  }

} // namespace plantarfe::run
