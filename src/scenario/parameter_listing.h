// A scenario's parameters as a flat list of "Section/Sub/Entry" = value
// pairs, and the unit each entry was declared with. The batch uses the
// list to hash a run's effective input, to find which entries differ between
// runs, and to head manifest columns.
#pragma once

#include <deal.II/base/parameter_handler.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace plantarfe::scenario
{
  /// Every entry with its current value, in ParameterHandler's (alphabetical)
  /// order; paths join subsection names and the entry name with '/'.
  std::vector<std::pair<std::string, std::string>>
  flat_parameters(const dealii::ParameterHandler &prm);

  /// The unit each entry of @p prm was declared with (base/declared_entry.h);
  /// dimensionless entries and those without a unit are missing.
  std::map<std::string, std::string>
  parameter_units(const dealii::ParameterHandler &prm);

  /// A "name: value, name: value" entry (Region names, Inner surfaces,
  /// Painted surfaces) as trimmed pairs in order; a pair without ':' has an
  /// empty value.
  std::vector<std::pair<std::string, std::string>>
  name_value_pairs(const std::string &text);
} // namespace plantarfe::scenario
