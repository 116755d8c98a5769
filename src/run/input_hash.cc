#include "run/input_hash.h"

#include "plantarfe_version.h"
#include "scenario/parameter_listing.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

namespace plantarfe::run
{
  std::string
  input_hash(const dealii::ParameterHandler &prm)
  {
    // FNV-1a: not cryptographic, but stable across platforms and builds,
    // which is all a "same input?" check needs.
    std::uint64_t h   = 14695981039346656037ull;
    const auto    add = [&h](const std::string &s) {
      for (const unsigned char c : s)
        {
          h ^= c;
          h *= 1099511628211ull;
        }
      h ^= '\n';
      h *= 1099511628211ull;
    };
    add(std::string("plantarfe ") + PLANTARFE_VERSION);
    for (const auto &[path, value] : scenario::flat_parameters(prm))
      {
        if (path.rfind("Sweep/", 0) != 0)
          add(path + "=" + value);
        // An imported mesh is input too, and so are the surfaces a skin
        // (.stl) comes with: a changed file is a new run.
        std::vector<std::string> files;
        if (path == "Geometry/Mesh file" && !value.empty())
          files.push_back(value);
        if (path == "Geometry/Inner surfaces" ||
            path == "Geometry/Painted surfaces")
          for (const auto &[region, file] : scenario::name_value_pairs(value))
            files.push_back(file);
        for (const auto &name : files)
          {
            std::ifstream      file(name, std::ios::binary);
            std::ostringstream bytes;
            bytes << file.rdbuf();
            add(bytes.str());
          }
      }
    char text[17];
    std::snprintf(text,
                  sizeof(text),
                  "%016llx",
                  static_cast<unsigned long long>(h));
    return text;
  }
} // namespace plantarfe::run
