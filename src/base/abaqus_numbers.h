// Numbers as Abaqus/CalculiX data lines want them: comma-separated, and
// each at most 20 characters, the field CalculiX reads a number from (a
// longer one is refused): 14 significant digits, sign and exponent
// included, which is a relative 1e-14 of the value.
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace plantarfe
{
  /// Significant digits of a number in an Abaqus/CalculiX file.
  constexpr int abaqus_digits = 14;

  inline std::string
  abaqus_numbers(const std::vector<double> &values)
  {
    std::ostringstream out;
    out.precision(abaqus_digits);
    for (std::size_t i = 0; i < values.size(); ++i)
      out << (i ? ", " : "") << values[i];
    return out.str();
  }
} // namespace plantarfe
