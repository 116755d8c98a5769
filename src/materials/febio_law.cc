// FEBio parameter text; see febio_law.h.
#include "materials/febio_law.h"

#include <iomanip>
#include <limits>
#include <sstream>

namespace plantarfe::materials
{
  std::string
  febio_number(const double value)
  {
    std::ostringstream text;
    text << std::setprecision(std::numeric_limits<double>::max_digits10)
         << value;
    return text.str();
  }
} // namespace plantarfe::materials
