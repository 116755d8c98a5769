// One row of a self-check report: what was measured, against what, and
// whether it passed. Material checks, the verification cases and
// `plantarfe verify` all speak in these rows, so one report format serves the
// unit tests, CTest and the command line.
#pragma once

#include <string>
#include <vector>

namespace plantarfe
{
  struct CheckRow
  {
    std::string case_name; ///< e.g. "mms-2d-q2"
    std::string quantity;  ///< e.g. "L2 rate"
    double      observed = 0.;
    double      expected = 0.;
    std::string
         criterion; ///< human-readable rule, e.g. ">= 2.9" or "rel err < 1e-6"
    bool pass = false;
  };

  using CheckRows = std::vector<CheckRow>;
} // namespace plantarfe
