// Every verification case returns a list of check rows (base/check_row.h) so
// that `plantarfe verify` and the CTest tests share one implementation.
#pragma once

#include "base/check_row.h"

namespace plantarfe::verification
{
  using Row  = CheckRow;
  using Rows = CheckRows;
} // namespace plantarfe::verification
