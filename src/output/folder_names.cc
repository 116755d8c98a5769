// Checks of names that become folders; see folder_names.h.
#include "output/folder_names.h"

namespace plantarfe::output
{
  std::string
  folder_name_problem(const std::string &name)
  {
    if (name.empty())
      return "an empty name";
    if (name == "." || name == "..")
      return "'" + name + "' names an existing folder, not one of its own";
    if (name.front() == '.')
      return "a name starting with '.' (hidden names are PlantarFE's own)";
    if (name.size() > 200)
      return "a name longer than 200 characters";
    for (const char c : name)
      {
        if (c == '/')
          return "a name containing '/'";
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
          return "a name containing control characters";
      }
    return "";
  }
} // namespace plantarfe::output
