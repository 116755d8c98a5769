// What the two model writers (the CalculiX/Abaqus deck, solver_deck.h, and
// the FEBio model, febio_model.h) share: the check that a problem holds
// nothing another code's input cannot say, the file's node numbers, the held
// displacements and the tractions as nodal values, and the ground plane as a
// fixed slab of hexahedra. Each writer formats these its own way.
#pragma once

#include <deal.II/base/tensor.h>
#include <deal.II/grid/tria.h>

#include "metrics/metric_inputs.h"
#include "solver/problem.h"

#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace plantarfe::model::deck
{
  /// Where the foot metrics read, named, for a peer's post-processing
  /// (the heel pad's thickness runs from the tubercle to the skin below);
  /// sagittal (x, y) in metres; empty for a model without a foot.
  std::vector<std::pair<std::string, dealii::Point<2>>>
  landmarks(const metrics::MetricInputs &inputs);

  /// Throws ScenarioError "<command>: <what>".
  [[noreturn]] void
  cannot(const std::string &command, const std::string &what);

  /// Refuses (naming the scenario entry to change) what neither writer
  /// has a card for: a prescribed region motion (windlass), the balanced
  /// stance, body forces, more than one contact, obstacles other than a
  /// fixed rigid plane, contact on another surface than the skin, and a
  /// friction spring set by an elastic slip. @p command names the command
  /// in the message ("mesh --model").
  template <int dim>
  void
  check_expressible(const solver::Problem<dim> &p, const std::string &command);

  /// File node numbers: the n-th used vertex is node n (from 1), as
  /// anatomy::write_abaqus_mesh numbers them; 0 = unused.
  template <int dim>
  std::vector<std::size_t>
  node_numbers(const dealii::Triangulation<dim> &tria);

  /// A value per (file node number, component from 0).
  using NodalValues = std::map<std::pair<std::size_t, unsigned int>, double>;

  /// Held displacement components at full load, per (node, component).
  template <int dim>
  NodalValues
  held_displacements(const solver::Problem<dim>       &p,
                     const dealii::Triangulation<dim> &tria,
                     const std::vector<std::size_t>   &number);

  /// The tractions at full load as consistent nodal forces of the
  /// trilinear (bilinear) element: the sum over faces of the integral of
  /// traction x shape function, as the solver's load vector has it.
  template <int dim>
  NodalValues
  nodal_forces(const solver::Problem<dim>       &p,
               const dealii::Triangulation<dim> &tria,
               const std::vector<std::size_t>   &number);

  /// The rigid plane as a slab of elements under the foot, 10 mm thick and
  /// 20 cells across each way, wider than the foot by a quarter (and 1 cm)
  /// each side; the writers hold all its nodes.
  struct GroundSlab
  {
    /// Node (i, j, level) at index (level (across + 1) + j) (cells + 1) + i;
    /// level 0 lies below the plane, level 1 on it.
    std::vector<dealii::Tensor<1, 3>> nodes;
    /// Each element's corners (indices into nodes) in the Abaqus/FEBio
    /// order (CPE4: 4 corners, C3D8/hex8: bottom four then top four, both
    /// counter-clockwise seen from above the plane). Its face on the plane
    /// is Abaqus' S3 (CPE4) or S2 (C3D8).
    std::vector<std::vector<std::size_t>> cells;
  };

  template <int dim>
  GroundSlab
  ground_slab(const contact::RigidPlane        &plane,
              const dealii::Triangulation<dim> &tria);
} // namespace plantarfe::model::deck
