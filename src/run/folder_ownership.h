// Whose a folder is, told only by its own record, and how a folder of ours is
// deleted so that a kill in the middle never leaves it looking like someone
// else's. A folder is ours when it holds a status.json we wrote (naming the
// scenario file) or the staging marker; nothing else makes it ours.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace plantarfe::run
{
  /// The file that marks a folder as ours while a run writes into it (a
  /// staging folder) or deletes it, so a folder left by a killed run can be
  /// told from a user's folder of the same name.
  inline constexpr const char *staging_marker = ".plantarfe-staging";

  enum class Owner
  {
    not_ours,       ///< no record of ours (or one that cannot be read)
    this_scenario,  ///< our record, of this scenario file
    other_scenario, ///< our record, of another scenario file
    stale_staging   ///< a folder a killed run was writing or deleting
  };

  /// Whose @p folder is, by its own record: a status.json we wrote (a regular
  /// file of at most 1 MiB holding a JSON object with our keys, compared with
  /// the absolute path @p scenario), or the staging marker.
  Owner
  owner_of(const std::filesystem::path &folder,
           const std::filesystem::path &scenario);

  /// The scenario a record of ours names, for messages ("?" if none).
  std::string
  scenario_named_in(const std::filesystem::path &folder);

  /// Deletes @p folder, which must be ours, so that a kill at any moment of
  /// the deletion leaves it recognisably ours: the staging marker goes in
  /// first (a result's status.json may otherwise be deleted before its other
  /// files, leaving a folder with no record that the next run must refuse)
  /// and comes out last. @p after_each runs after each top-level entry is
  /// removed (tests interrupt the deletion there).
  void
  remove_our_folder(const std::filesystem::path &folder,
                    const std::function<void()> &after_each = {});
} // namespace plantarfe::run
