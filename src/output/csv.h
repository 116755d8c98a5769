// RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes
// doubled. Enough for manifests and tables whose cells may hold lists
// ("0.1, 0.04, 0.02").
#pragma once

#include <string>
#include <vector>

namespace plantarfe::output
{
  /// One line (with '\n') of @p fields, quoted where needed.
  std::string
  csv_line(const std::vector<std::string> &fields);

  /// The rows of @p text (header included); throws ScenarioError for an
  /// unterminated quote.
  std::vector<std::vector<std::string>>
  parse_csv(const std::string &text);

  /// @p v with 17 significant digits (reads back to the same double), "null"
  /// when not finite: the form of every number in summary.csv and steps.csv
  /// since the first release, kept so that their text does not change.
  std::string
  number_text(double v);
} // namespace plantarfe::output
