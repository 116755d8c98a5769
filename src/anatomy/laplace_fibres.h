// Fibre directions that follow the mesh instead of the parametric outline.
// In a band of tissue (the fascia, a tendon, a ligament, a joint layer) the
// fibres are taken along the gradient of the harmonic function u that takes
// a fixed value on every face the band shares with one of its end regions
// (0 on the origin bone, 1 on the insertion) and has no flux through its
// other faces. However the band curves, fans or thickens, grad u runs from
// one end to the other and stays tangent to the free surfaces; across a
// thin joint layer whose two sides carry different values it is the layer's
// normal. This is the Laplace-Dirichlet rule used for cardiac fibres
// (Bayer et al. 2012, Ann Biomed Eng 40:2243) and muscle fibres in segmented
// meshes; here it makes an imported foot's fibres independent of the Foot
// section's anatomy.
#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>
#include <deal.II/base/types.h>
#include <deal.II/grid/tria.h>

#include "anatomy/fibre_fields.h"

#include <map>
#include <string>
#include <vector>

namespace plantarfe::anatomy
{
  /// One Laplace fibre rule: the regions solved on together and the value
  /// of u on the faces they share with each end region.
  struct LaplaceFibreRule
  {
    std::string                             name; ///< in messages ("fascia")
    std::vector<dealii::types::material_id> regions;
    std::map<dealii::types::material_id, double> end_values;
    /// How u is held on the faces shared with the end regions (the
    /// footprints). False: at the end region's value, so the fibres leave
    /// a footprint along its normal (a joint layer, crossed from bone to
    /// bone). True: graded along the band's axis, the line from the
    /// centroid of the footprint with the lowest end value to that of the
    /// highest (u = 0 and 1 at those centroids), per connected piece. A
    /// band attached along its side over a footprint longer than its
    /// thickness (the fascia's origin under the calcaneus) then keeps its
    /// fibres along the band up to the bone; with held values they would
    /// leave the bone at right angles to the band.
    bool graded_ends = false;
  };

  /// The unit fibre direction of every cell of the rule's regions (active
  /// cells of @p tria, in iteration order) with the cell's centre: the
  /// gradient of the Q1 solution at the cell centre, normalised. Throws
  /// ScenarioError naming the rule when the regions have no cell, when a
  /// connected piece of them touches fewer than two different end values
  /// (u would be constant there, or undetermined), or when the gradient
  /// vanishes in a cell.
  template <int dim>
  std::vector<std::pair<dealii::Point<dim>, dealii::Tensor<1, dim>>>
  laplace_fibre_directions(const dealii::Triangulation<dim> &tria,
                           const LaplaceFibreRule           &rule);

  /// laplace_fibre_directions as a field of the reference position: the
  /// direction of the cell whose centre is nearest (an R-tree lookup, safe
  /// to call from many threads). Quadrature points of a refinement of
  /// @p tria get their parent's direction or a neighbour's, an O(h) error,
  /// the order of the Q1 gradient itself.
  template <int dim>
  FibreField<dim>
  laplace_fibre_field(const dealii::Triangulation<dim> &tria,
                      const LaplaceFibreRule           &rule);
} // namespace plantarfe::anatomy
