// The foot scenario as a model, built from parts so that stance and massage
// compose the same limb:
//  - make_limb_case: the generated mesh, a law per region with its fibre
//    field, the calf's pre-stretch (or a prescribed Achilles pull) and the
//    foot's metric facts; no loads, supports or ground;
//  - the loads, by name from the foot-load registry (model/foot_loads.h):
//    body weight at the knee, toe dorsiflexion;
//  - add_ground: the ground as a contact obstacle named "ground".
// make_foot_case (stance) = limb + balanced_ or held_stance_loads + ground;
// the massage model
// (massage_model.h) = limb + toe dorsiflexion + tools.
#pragma once

#include <deal.II/base/types.h>
#include <deal.II/grid/tria.h>

#include "anatomy/body_sizes.h"
#include "anatomy/foot_geometry.h"
#include "model/model_case.h"
#include "scenario/foot_parameters.h"

#include <memory>
#include <mpi.h>

namespace plantarfe::model
{
  /// What every part of the foot model needs: the scenario, the mesh size,
  /// the outline with its landmarks (built once; it also validates the
  /// anatomy before any mesh exists) and the model's depth.
  template <int dim>
  struct FootFrame
  {
    /// Collective on @p comm when the landmarks or fibres come from the
    /// mesh (Geometry/Landmarks, Fibre directions): it builds the coarse
    /// mesh to find them on.
    FootFrame(const scenario::FootScenario &scenario, MPI_Comm comm);

    /// Width a region has in the model: the 2D slice is as wide as the
    /// foot; in 3D each structure has its own width.
    double
    width(dealii::types::material_id id) const;

    const scenario::FootScenario &sc;
    double                        h; ///< mesh size (m)
    /// The outline, with the mesh's landmarks, ligament bands and joint
    /// faces in place of its own under Geometry/Landmarks = mesh.
    anatomy::FootOutline outline;
    /// The coarse mesh (before Foot/Mesh/Refinements) when the landmarks
    /// or the fibres are found on it; null otherwise.
    std::shared_ptr<const dealii::Triangulation<dim>> coarse_mesh;
    /// 2D: a slice of the foot's width; forces and areas scale with it, and
    /// narrow structures get their real axial stiffness by scaling. 3D: 1.
    double depth;

    /// The sizes laws and metrics are calibrated or reported by: the Foot
    /// section's, or measured on the mesh under Geometry/Landmarks = mesh.
    anatomy::BodySizes sizes;
  };

  template <int dim>
  ModelCase<dim>
  make_limb_case(const FootFrame<dim> &frame, MPI_Comm comm);

  /// Real fascia width / its width in the model: 20/90 in 2D (the slice
  /// is as deep as the foot), 1 in 3D.
  template <int dim>
  double
  fascia_scale(const FootFrame<dim> &frame);

  /// Reference section of the whole calf muscle (m^2; 2D: of the slice).
  template <int dim>
  double
  calf_section(const FootFrame<dim> &frame);

  /// The balance metrics' facts about the foot and the calf (its section,
  /// passive law, prescribed active stress); the stance load that holds the
  /// body fills in how (balanced or held, weight line, least tension).
  template <int dim>
  metrics::BalanceMetricContext
  calf_balance_facts(const FootFrame<dim> &frame);

  template <int dim>
  void
  add_ground(ModelCase<dim> &c, const FootFrame<dim> &frame);

  template <int dim>
  ModelCase<dim>
  make_foot_case(const scenario::FootScenario &foot, MPI_Comm comm);
} // namespace plantarfe::model
