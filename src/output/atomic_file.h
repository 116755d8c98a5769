// Files appear under their final name only when complete: content goes to a
// hidden temporary beside the target, is flushed, and is then renamed.
#pragma once

#include <string>

namespace plantarfe::output
{
  /// Writes @p content to @p path atomically; throws IoError naming the path.
  void
  write_file_atomically(const std::string &path, const std::string &content);

  /// Creates @p directory (and parents); throws IoError when it cannot.
  void
  make_directory(const std::string &directory);
} // namespace plantarfe::output
