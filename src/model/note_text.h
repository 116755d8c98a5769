// Numbers in a model's notes (summary.json "model", the run's log).
#pragma once

#include <sstream>
#include <string>

namespace plantarfe::model
{
  /// @p v as note text: 17 significant digits (reads back to the same
  /// double) unless a note is meant for reading only.
  inline std::string
  note_number(const double v, const int precision = 17)
  {
    std::ostringstream s;
    s.precision(precision);
    s << v;
    return s.str();
  }
} // namespace plantarfe::model
