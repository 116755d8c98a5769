// A 3D scenario's model as an FEBio 4 input file (.feb), so that FEBio users
// can run and inspect the same foot: `plantarfe mesh <scenario> -o foot.feb`.
// Written, as the CalculiX deck (solver_deck.h), from the very problem the
// solver would solve: the mesh with one element block and domain per region,
// the skin and knee_end surfaces, each region's law as FEBio's counterpart
// (Material::febio_material; fibre tissues as a solid mixture of their
// matrix and fibre law with a per-element fibre direction map), the held
// nodes, the tractions as nodal forces, and the ground as a fixed slab in
// penalty contact (sliding-elastic) with the skin. What FEBio cannot say is
// refused naming the entry to change. docs/import.md describes the file.
#pragma once

#include "model/model_case.h"

#include <string>

namespace plantarfe::model
{
  /// Writes @p c's problem to @p path (atomically), SI units (m, N, Pa),
  /// FEBio input format 4.0. @p title: a comment line. Throws ScenarioError
  /// (nothing written) naming what FEBio cannot hold and the entry to
  /// change.
  void
  write_febio_model(ModelCase<3>      &c,
                    const std::string &path,
                    const std::string &title);
} // namespace plantarfe::model
