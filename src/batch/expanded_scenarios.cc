// Writes one self-contained scenario file per planned run; see
// expanded_scenarios.h.
#include "batch/expanded_scenarios.h"

#include "output/atomic_file.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace plantarfe::batch
{
  namespace fs = std::filesystem;

  std::string
  assignments_as_prm(const std::vector<std::string> &assignments)
  {
    std::ostringstream text;
    for (const auto &assignment : assignments)
      {
        const auto               eq = assignment.find('=');
        std::vector<std::string> parts;
        std::stringstream        path(assignment.substr(0, eq));
        for (std::string part; std::getline(path, part, '/');)
          parts.push_back(part);
        for (std::size_t k = 0; k + 1 < parts.size(); ++k)
          text << std::string(2 * k, ' ') << "subsection " << parts[k] << '\n';
        text << std::string(2 * (parts.size() - 1), ' ') << "set "
             << parts.back() << " = " << assignment.substr(eq + 1) << '\n';
        for (std::size_t k = parts.size() - 1; k-- > 0;)
          text << std::string(2 * k, ' ') << "end\n";
      }
    return text.str();
  }

  void
  write_expanded_scenarios(const BatchPlan &plan, const std::string &folder)
  {
    output::make_directory(folder);
    for (const auto &run : plan.runs)
      {
        std::ifstream      in(run.scenario);
        std::ostringstream text;
        text << in.rdbuf();
        const std::string path =
          (fs::path(folder) / (run.name + ".prm")).string();
        output::write_file_atomically(
          path,
          text.str() + "\n# Run " + run.name +
            " of `plantarfe batch --expand`: the batch's --set and the "
            "sweep point.\n" +
            assignments_as_prm(run.overrides));
        std::cout << path << '\n';
      }
  }
} // namespace plantarfe::batch
