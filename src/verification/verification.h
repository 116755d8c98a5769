// One row of the verification report: what was measured, against what, and
// whether it passed. Every verification case returns a list of these so that
// `plantarfe verify` and the CTest tests share one implementation.
#pragma once

#include <string>
#include <vector>

namespace plantarfe::verification
{
  struct Row
  {
    std::string case_name; ///< e.g. "mms-2d-q2"
    std::string quantity;  ///< e.g. "L2 rate"
    double      observed = 0.;
    double      expected = 0.;
    std::string
         criterion; ///< human-readable rule, e.g. ">= 2.9" or "rel err < 1e-6"
    bool pass = false;
  };

  using Rows = std::vector<Row>;
} // namespace plantarfe::verification
