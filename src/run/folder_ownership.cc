#include "run/folder_ownership.h"

#include "output/atomic_file.h"
#include "output/json.h"

#include <vector>

namespace plantarfe::run
{
  namespace fs = std::filesystem;

  void
  remove_our_folder(const fs::path              &folder,
                    const std::function<void()> &after_each)
  {
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(folder, ec)))
      {
        fs::remove(folder, ec);
        return;
      }
    const fs::path marker = folder / staging_marker;
    if (!fs::is_regular_file(fs::symlink_status(marker, ec)))
      output::write_file_atomically(
        marker.string(),
        "A PlantarFE run is deleting this folder, which it owns.\n");
    std::vector<fs::path> entries;
    for (const auto &entry : fs::directory_iterator(folder, ec))
      if (entry.path().filename() != staging_marker)
        entries.push_back(entry.path());
    for (const auto &entry : entries)
      {
        fs::remove_all(entry, ec);
        if (after_each)
          after_each();
      }
    fs::remove(marker, ec);
    fs::remove(folder, ec);
  }

  Owner
  owner_of(const fs::path &folder, const fs::path &scenario)
  {
    std::error_code ec;
    if (fs::is_regular_file(fs::symlink_status(folder / staging_marker, ec)))
      return Owner::stale_staging;
    const fs::path status = folder / "status.json";
    const auto     kind   = fs::symlink_status(status, ec).type();
    if (ec || kind != fs::file_type::regular ||
        fs::file_size(status, ec) > (1u << 20) || ec)
      return Owner::not_ours;
    output::Json record;
    try
      {
        record = output::read_json_file(status.string());
      }
    catch (const std::exception &)
      {
        return Owner::not_ours;
      }
    if (!record.is_object() || !record.contains("scenario") ||
        !record["scenario"].is_string() || !record.contains("status") ||
        !record.contains("input_hash"))
      return Owner::not_ours;
    if (record.contains("scenario_path") && record["scenario_path"].is_string())
      return record["scenario_path"].get<std::string>() == scenario.string() ?
               Owner::this_scenario :
               Owner::other_scenario;
    // Records of earlier versions name the file only.
    return fs::path(record["scenario"].get<std::string>()).filename() ==
               scenario.filename() ?
             Owner::this_scenario :
             Owner::other_scenario;
  }

  std::string
  scenario_named_in(const fs::path &folder)
  {
    try
      {
        return output::text_of(output::read_json_file(
                                 (folder / "status.json").string()),
                               "scenario");
      }
    catch (const std::exception &)
      {
        return "?";
      }
  }
} // namespace plantarfe::run
