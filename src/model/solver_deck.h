// A scenario's model as a CalculiX/Abaqus input deck, so that the same
// foot, with the same laws, supports, loads and ground, runs in another
// code: `plantarfe mesh <scenario> -o foot.inp --model`, and bench/foot_peer
// runs it in CalculiX beside PlantarFE. The deck is written from the very
// problem the solver would solve (not from the scenario again), so the two
// cannot drift apart; what it cannot say (fibre-reinforced laws, sliding
// joint layers, the enforced balance, moving obstacles, a friction spring
// set by an elastic slip) is
// refused with the entry to change. docs/import.md describes it.
#pragma once

#include "model/model_case.h"

#include <string>

namespace plantarfe::model
{
  /// Writes @p c's problem to @p path (atomically) in SI units (m, N, Pa):
  /// the mesh as write_mesh_file's .inp (C3D8 / CPE4 of unit thickness);
  /// per region a *MATERIAL from the law's abaqus_material() and a
  /// *SOLID SECTION; the ground plane as a fixed block of elements whose
  /// top face is the master surface of a penalty contact pair with the
  /// skin (the problem's penalty as the linear pressure-overclosure
  /// slope); and one *STATIC NLGEOM step in the problem's load steps, with
  /// the held displacements as *BOUNDARY and the tractions as consistent
  /// nodal forces (*CLOAD) at full load. @p title: the *HEADING line.
  /// Throws ScenarioError (nothing written) naming what the deck cannot
  /// hold and the scenario entry to change.
  template <int dim>
  void
  write_solver_deck(ModelCase<dim>    &c,
                    const std::string &path,
                    const std::string &title);
} // namespace plantarfe::model
