// Formats the run folder's small records; see run_records.h.
#include "output/run_records.h"

#include <deal.II/base/config.h>

#include "output/atomic_file.h"
#include "output/csv.h"
#include "plantarfe_version.h"

#include <filesystem>
#include <sstream>

namespace plantarfe::output
{
  namespace
  {
    /// The files whose sizes status.json records.
    constexpr const char *recorded_files[] = {"results.h5",
                                              "summary.json",
                                              "summary.csv",
                                              "steps.csv"};

    const char *
    status_word(const RunRecord &record)
    {
      return record.converged ? "ok" : "not_converged";
    }

    /// The metrics of the last converged step, by name.
    Json
    final_metrics(const RunRecord &record)
    {
      Json metrics = Json::object();
      if (record.metric_values.empty())
        return metrics;
      const auto &values = record.metric_values.back();
      for (std::size_t m = 0; m < record.metric_columns.size(); ++m)
        metrics[record.metric_columns[m].name] = {
          {"value", values[m]},
          {"unit", record.metric_columns[m].unit},
          {"description", record.metric_columns[m].description},
          {"mesh_dependent", record.metric_columns[m].mesh_dependent}};
      return metrics;
    }

    Json
    convergence_json(const RunRecord &record)
    {
      Json convergence;
      convergence["load_steps"] =
        static_cast<unsigned int>(record.steps.size());
      convergence["cutbacks"]          = record.cutbacks;
      convergence["newton_iterations"] = record.total_newton_iterations;
      convergence["linear_iterations"] = record.total_linear_iterations;
      // Work spent in attempts that failed and were cut back.
      convergence["newton_iterations_cut_back"] =
        record.failed_newton_iterations;
      if (record.contact_smoothing_m > 0.)
        {
          // The penalty law's kink is rounded over +- this half-width
          // (solver/contact_term.cc).
          convergence["contact_smoothing_m"] = record.contact_smoothing_m;
        }
      convergence["steps"] = Json::array();
      for (std::size_t i = 0; i < record.steps.size(); ++i)
        {
          const StepLine &step          = record.steps[i];
          Json            metric_values = Json::object();
          if (i < record.metric_values.size())
            for (std::size_t m = 0; m < record.metric_columns.size(); ++m)
              metric_values[record.metric_columns[m].name] =
                record.metric_values[i][m];
          convergence["steps"].push_back(
            {{"load_fraction", step.load_fraction},
             {"newton_iterations", step.newton_iterations},
             {"linear_iterations", step.linear_iterations},
             {"residuals_N", step.residuals_N},
             {"metrics", metric_values}});
        }
      return convergence;
    }
  } // namespace

  Json
  summary_json(const RunRecord &record)
  {
    Json j;
    j["scenario"]              = record.scenario;
    j["status"]                = status_word(record);
    j["load_fraction_reached"] = record.load_fraction_reached;
    if (!record.converged)
      j["failure"] = record.failure_reason;
    j["dimension"]     = record.dimension;
    j["dofs"]          = record.n_dofs;
    j["linear_solver"] = record.linear_solver;
    j["metrics"]       = final_metrics(record);
    for (const auto &[key, value] : record.model_notes) // none: no "model"
      j["model"][key] = value;
    j["convergence"]   = convergence_json(record);
    const RunTiming &t = record.timing;
    j["timing_s"]      = {{"setup", t.setup},
                          {"assembly", t.assembly},
                          {"linear_solve", t.linear_solve},
                          {"model", t.model},
                          {"output", t.output},
                          {"wall", t.wall}};
    j["provenance"]    = {{"version", PLANTARFE_VERSION},
                          {"git_commit", PLANTARFE_GIT_COMMIT},
                          {"deal.II", DEAL_II_PACKAGE_VERSION},
                          {"mpi_ranks", record.mpi_ranks},
                          {"input_hash", record.input_hash}};
    return j;
  }

  std::string
  summary_csv(const RunRecord &record)
  {
    std::ostringstream csv;
    csv << "quantity,unit,value\n";
    csv << "dofs,-," << record.n_dofs << "\n";
    csv << "load_fraction_reached,-," << record.load_fraction_reached << "\n";
    if (!record.metric_values.empty())
      for (std::size_t m = 0; m < record.metric_columns.size(); ++m)
        csv << record.metric_columns[m].name << ","
            << record.metric_columns[m].unit << ","
            << number_text(record.metric_values.back()[m]) << "\n";
    csv << "newton_iterations,-," << record.total_newton_iterations << "\n";
    csv << "wall_time,s," << record.timing.wall << "\n";
    return csv.str();
  }

  std::string
  steps_csv(const RunRecord &record)
  {
    std::ostringstream csv;
    csv << "step,load_fraction,newton_iterations,linear_iterations";
    if (!record.metric_values.empty())
      for (const auto &column : record.metric_columns)
        csv << "," << column.name << " (" << column.unit << ")";
    csv << "\n";
    for (std::size_t i = 0; i < record.steps.size(); ++i)
      {
        const StepLine &step = record.steps[i];
        csv << i + 1 << "," << number_text(step.load_fraction) << ","
            << step.newton_iterations << "," << step.linear_iterations;
        if (i < record.metric_values.size())
          for (const double value : record.metric_values[i])
            csv << "," << number_text(value);
        csv << "\n";
      }
    return csv.str();
  }

  Json
  status_json(const RunRecord &record)
  {
    Json status = {{"scenario", record.scenario},
                   {"scenario_path", record.scenario_path},
                   {"status", status_word(record)},
                   {"input_hash", record.input_hash},
                   {"load_fraction_reached", record.load_fraction_reached}};
    if (!record.converged)
      status["message"] = record.failure_reason;
    return status;
  }

  Json
  failed_status_json(const std::string &scenario,
                     const std::string &scenario_path,
                     const std::string &input_hash,
                     const std::string &message)
  {
    return {{"scenario", scenario},
            {"scenario_path", scenario_path},
            {"status", "failed"},
            {"input_hash", input_hash},
            {"message", message}};
  }

  void
  write_run_records(const std::string &folder, const RunRecord &record)
  {
    write_json_file(folder + "/summary.json", summary_json(record));
    write_file_atomically(folder + "/summary.csv", summary_csv(record));
    write_file_atomically(folder + "/steps.csv", steps_csv(record));
    // The size of every result file, so that a later batch can tell a
    // complete folder from one whose files were truncated or removed.
    Json status = status_json(record);
    Json files  = Json::object();
    for (const char *name : recorded_files)
      {
        std::error_code ec;
        const auto      bytes =
          std::filesystem::file_size(std::filesystem::path(folder) / name, ec);
        if (!ec)
          files[name] = static_cast<unsigned long long>(bytes);
      }
    status["files"] = files;
    write_json_file(folder + "/status.json", status);
  }

  std::string
  damage_of(const std::string &folder, const Json &status)
  {
    namespace fs      = std::filesystem;
    const auto listed = status.find("files");
    if (listed == status.end() || !listed->is_object())
      {
        // Records of earlier versions list no sizes: the files must exist.
        for (const char *name : {"results.h5", "summary.json"})
          if (!fs::is_regular_file(fs::path(folder) / name))
            return std::string(name) + " is missing";
      }
    else
      for (const auto &[name, bytes] : listed->items())
        {
          std::error_code ec;
          const fs::path  path = fs::path(folder) / name;
          if (!fs::is_regular_file(path, ec))
            return name + " is missing";
          const auto size = fs::file_size(path, ec);
          if (ec || !bytes.is_number_unsigned() ||
              size != bytes.get<unsigned long long>())
            return name + " has " + std::to_string(size) + " bytes, " +
                   bytes.dump() + " when written";
        }
    try
      {
        const Json summary =
          read_json_file((fs::path(folder) / "summary.json").string());
        if (text_of(summary, "status") != text_of(status, "status"))
          return "summary.json says " + text_of(summary, "status") +
                 ", status.json " + text_of(status, "status");
      }
    catch (const std::exception &e)
      {
        return e.what();
      }
    return "";
  }
} // namespace plantarfe::output
