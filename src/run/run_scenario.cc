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

#include "base/errors.h"
#include "metrics/metric_registry.h"
#include "model/model_case.h"
#include "output/atomic_file.h"
#include "output/csv.h"
#include "output/hdf5_results.h"
#include "output/json.h"
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
    };

    /// /metrics in results.h5: each metric of the run over its steps (every
    /// step of a case reports the same metrics, in the same order).
    void
    write_metric_histories(
      output::Hdf5Results                             &h5,
      const std::vector<std::vector<metrics::Metric>> &step_metrics)
    {
      std::vector<std::pair<std::string, std::string>> name_unit;
      if (!step_metrics.empty())
        for (const auto &m : step_metrics.front())
          name_unit.emplace_back(m.name, m.unit);
      std::vector<std::vector<double>> values;
      for (const auto &metrics : step_metrics)
        {
          if (metrics.size() != name_unit.size())
            throw std::logic_error("metrics differ between load steps");
          values.emplace_back();
          for (std::size_t m = 0; m < metrics.size(); ++m)
            {
              if (metrics[m].name != name_unit[m].first)
                throw std::logic_error("metrics differ between load steps");
              values.back().push_back(metrics[m].value);
            }
        }
      h5.write_metric_histories(name_unit, values);
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

    /// "name (unit)" column header.
    std::string
    column(const metrics::Metric &m)
    {
      return m.name + " (" + m.unit + ")";
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
              const output::Json st = {{"scenario", o.scenario},
                                       {"status", "failed"},
                                       {"input_hash", x.hash},
                                       {"message", e.what()}};
              try
                {
                  output::write_json_file(dir + "/status.json", st);
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

    template <int dim>
    RunOutcome
    record_run(ParameterHandler      &prm,
               const RunContext      &x,
               model::ModelCase<dim> &c,
               const std::string     &dir,
               const bool             write_vtu,
               Timer                 &wall)
    {
      const RunRequest &o    = x.o;
      const bool        root = Utilities::MPI::this_mpi_process(x.comm) == 0;
      // Metrics find their contacts by name.
      c.metric_inputs.contact_names.clear();
      for (const auto &contact : c.problem.contacts)
        c.metric_inputs.contact_names.push_back(contact.name);
      solver::Solid<dim> solid(c.problem, x.comm);
      // Building the model (mesh, materials, loads) up to the solver's own
      // set-up, and writing results, reported beside the solver's timings.
      const double time_model = wall.wall_time();
      Timer        output_timer;
      output_timer.stop();
      output_timer.reset();
      std::vector<std::pair<double, std::string>> pvd;
      unsigned int                                step_no = 0;
      // Metrics of every converged step (the last one is the result).
      std::vector<std::vector<metrics::Metric>> step_metrics;
      // results.h5 grows step by step under a temporary name and is renamed
      // when the run ends, converged or not (its steps are all complete).
      output::Hdf5Results h5(dir + "/results.h5", x.comm);
      h5.write_mesh(solid.results_mesh());
      const auto report = solid.solve([&](const solver::StepRecord &step) {
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

      const double                       time = wall.wall_time();
      const std::vector<metrics::Metric> final_metrics =
        step_metrics.empty() ? std::vector<metrics::Metric>() :
                               step_metrics.back();

      std::vector<std::tuple<std::string, double, std::string>> summary = {
        {"dofs", double(report.n_dofs), "-"},
        {"load_fraction_reached", report.load_fraction_reached, "-"},
        {"newton_iterations", double(report.total_newton_iterations), "-"},
        {"wall_time", time, "s"}};
      for (const auto &m : final_metrics)
        summary.emplace_back(m.name, m.value, m.unit);
      h5.write_summary(summary);
      write_metric_histories(h5, step_metrics);
      h5.write_text("/scenario/input", read_text_file(o.scenario));
      {
        std::ostringstream json;
        prm.print_parameters(json, ParameterHandler::JSON);
        h5.write_text("/scenario/parameters_json", json.str());
      }
      for (const auto &[key, value] : provenance(x.comm))
        h5.write_text("/provenance/" + key, value);
      h5.finalize();
      if (root)
        {
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
          output::Json j;
          j["scenario"] = o.scenario;
          j["status"]   = report.converged ? "ok" : "not_converged";
          j["load_fraction_reached"] = report.load_fraction_reached;
          if (!report.converged)
            j["failure"] = report.failure_reason;
          j["dimension"]     = dim;
          j["dofs"]          = report.n_dofs;
          j["linear_solver"] = report.linear_solver;
          j["metrics"]       = output::Json::object();
          for (const auto &m : final_metrics)
            j["metrics"][m.name] = {{"value", m.value},
                                    {"unit", m.unit},
                                    {"description", m.description}};
          for (const auto &[key, value] : c.notes) // no "model" without notes
            j["model"][key] = value;
          output::Json convergence;
          convergence["load_steps"] =
            static_cast<unsigned int>(report.steps.size());
          convergence["cutbacks"]          = report.cutbacks;
          convergence["newton_iterations"] = report.total_newton_iterations;
          convergence["linear_iterations"] = report.total_linear_iterations;
          // Work spent in attempts that failed and were cut back.
          convergence["newton_iterations_cut_back"] =
            report.failed_newton_iterations;
          if (report.contact_smoothing_m > 0.)
            {
              // Newton cycled on contact chatter; the penalty law's kink
              // was rounded from this load fraction on (solver/contact_term.cc).
              convergence["contact_smoothing_m"] = report.contact_smoothing_m;
              convergence["contact_smoothing_from_load_fraction"] =
                report.contact_smoothing_from_load;
            }
          convergence["steps"] = output::Json::array();
          for (unsigned int i = 0; i < report.steps.size(); ++i)
            {
              const auto  &s                  = report.steps[i];
              output::Json step_metric_values = output::Json::object();
              if (i < step_metrics.size())
                for (const auto &m : step_metrics[i])
                  step_metric_values[m.name] = m.value;
              convergence["steps"].push_back(
                {{"load_fraction", s.load_fraction},
                 {"newton_iterations", s.newton_iterations},
                 {"linear_iterations", s.linear_iterations},
                 {"residuals_N", s.residuals},
                 {"metrics", step_metric_values}});
            }
          j["convergence"] = std::move(convergence);
          j["timing_s"]    = {{"setup", report.time_setup_s},
                              {"assembly", report.time_assembly_s},
                              {"linear_solve", report.time_solve_s},
                              {"model", time_model - report.time_setup_s},
                              {"output", output_timer.wall_time()},
                              {"wall", time}};
          j["provenance"]  = {{"version", PLANTARFE_VERSION},
                              {"git_commit", PLANTARFE_GIT_COMMIT},
                              {"deal.II", DEAL_II_PACKAGE_VERSION},
                              {"mpi_ranks",
                               Utilities::MPI::n_mpi_processes(x.comm)},
                              {"input_hash", x.hash}};
          output::write_json_file(dir + "/summary.json", j);

          std::ostringstream csv;
          csv << "quantity,unit,value\n";
          csv << "dofs,-," << report.n_dofs << "\n";
          csv << "load_fraction_reached,-," << report.load_fraction_reached
              << "\n";
          for (const auto &m : final_metrics)
            csv << m.name << "," << m.unit << ","
                << output::number_text(m.value) << "\n";
          csv << "newton_iterations,-," << report.total_newton_iterations
              << "\n";
          csv << "wall_time,s," << time << "\n";
          output::write_file_atomically(dir + "/summary.csv", csv.str());

          // One row per converged load step.
          std::ostringstream steps;
          steps << "step,load_fraction,newton_iterations,linear_iterations";
          if (!step_metrics.empty())
            for (const auto &m : step_metrics.front())
              steps << "," << column(m);
          steps << "\n";
          for (unsigned int i = 0; i < report.steps.size(); ++i)
            {
              const auto &r = report.steps[i];
              steps << i + 1 << "," << output::number_text(r.load_fraction)
                    << "," << r.newton_iterations << "," << r.linear_iterations;
              if (i < step_metrics.size())
                for (const auto &m : step_metrics[i])
                  steps << "," << output::number_text(m.value);
              steps << "\n";
            }
          output::write_file_atomically(dir + "/steps.csv", steps.str());

          output::Json st = {
            {"scenario", o.scenario},
            {"status", report.converged ? "ok" : "not_converged"},
            {"input_hash", x.hash},
            {"load_fraction_reached", report.load_fraction_reached}};
          if (!report.converged)
            st["message"] = report.failure_reason;
          output::write_json_file(dir + "/status.json", st);
        }
      return {report.converged,
              report.n_dofs,
              time,
              report.failure_reason,
              final_metrics};
    }
  } // namespace

  int
  run_scenario(const RunRequest &o, const MPI_Comm comm)
  {
    ParameterHandler prm;
    scenario::declare_parameters(prm);
    scenario::read_scenario(prm, o.scenario, o.overrides);
    const scenario::Sweep sweep = scenario::read_sweep(prm, o.scenario);
    if (sweep.active())
      throw ScenarioError(
        o.scenario + ": defines a sweep of " +
        std::to_string(scenario::expand_sweep(sweep).size()) +
        " runs (Sweep section); run it with `plantarfe sweep " + o.scenario +
        "`, or run one point with --set \"Sweep/Mode=none\" and --set for "
        "the swept entries");
    const RunContext x{o, comm, input_hash(prm)};
    prm.enter_subsection("Geometry");
    const int dim = prm.get_integer("Dimension");
    prm.leave_subsection();
    return dim == 2 ? run_dim<2>(prm, x) : run_dim<3>(prm, x);
  }

} // namespace plantarfe::run
