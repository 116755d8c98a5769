// File-name patterns for `plantarfe batch`: '*', '?' and '[...]' within one
// path component (fnmatch), and '**' for any number of folders, so that a
// quoted "scenarios/**/*.prm" works whatever the shell does.
#pragma once

#include <string>
#include <vector>

namespace plantarfe::batch
{
  /// True when @p pattern contains a wildcard.
  bool
  has_wildcard(const std::string &pattern);

  /// Regular files matching @p pattern, sorted. Hidden files and folders
  /// (names starting with '.') match only a component that starts with '.'.
  std::vector<std::string>
  expand_glob(const std::string &pattern);
} // namespace plantarfe::batch
