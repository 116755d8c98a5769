// A constitutive law in FEBio's terms, for the FEBio model that
// `plantarfe mesh <scenario> -o foot.feb` writes (model/febio_model.h):
// the material (or fibre) type FEBio registers and its parameters in SI
// units, each the same law as ours (docs/import.md lists the pairs).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace plantarfe::materials
{
  struct FebioLaw
  {
    /// FEBio's type name ("Mooney-Rivlin", "fiber-pow-linear", ...); empty
    /// when FEBio has no such law.
    std::string type;
    /// Parameter elements in order: name and text (numbers at 17 digits).
    std::vector<std::pair<std::string, std::string>> parameters;
  };

  /// A number as FEBio parameter text: 17 significant digits, so the law
  /// FEBio reads is the one we solve to the last bit.
  std::string
  febio_number(double value);
} // namespace plantarfe::materials
