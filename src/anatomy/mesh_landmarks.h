// Landmarks found on a foot mesh (Geometry/Landmarks = mesh) instead of
// taken from the parametric outline, so that the loads and metrics of an
// imported foot refer to its own bones. Each landmark is defined by the
// mesh's regions, as the outline defines it by construction:
//  - ankle centre: centre of the circle fitted (least squares) to the
//    talus's faces on the ankle cartilage, the talar dome;
//  - knee centre, knee-end length: centroid and sagittal extent of the
//    knee_end surface; the leg axis runs from the ankle centre to it;
//  - Achilles insertion, muscle-tendon junction: centroids of the tendon's
//    faces on the calcaneus and on the calf muscle;
//  - medial tubercle: the posterior end of the fascia's attachment on the
//    calcaneus; the heel skin point lies on the ground below it;
//  - navicular: the plantar end of the midfoot's proximal joint face;
//  - first MTP centre: centre of the circle fitted to the metatarsal's
//    distal joint face (the head);
//  - fascia centre line: the fascia's cells averaged in 5 mm steps of x;
//    its sections from the insertion region's end and the attachment's end;
//  - ligament bands: each band's attachments (centroids of its faces on its
//    proximal and distal bones), free span, section point and thickness;
//  - joint faces: each sliding joint's face on its proximal bone.
// In 3D the sagittal (x, y) coordinates are used, as the loads and metrics
// use them. Points given in Geometry/Landmark points replace the found ones.
#pragma once

#include <deal.II/base/point.h>
#include <deal.II/grid/tria.h>

#include "anatomy/foot_geometry.h"

#include <map>
#include <string>
#include <vector>

namespace plantarfe::anatomy
{
  /// How far a landmark may lie from its bone: on its surface or just off
  /// it (a given point), a millimetre or one cell (@p h, m) at the coarsest.
  inline double
  landmark_tolerance(const double h)
  {
    return h > 0.001 ? h : 0.001;
  }

  /// The point landmarks a scenario may give (Geometry/Landmark points).
  const std::vector<std::string> &
  settable_landmarks();

  /// Fills outline.landmarks, outline.ligaments and outline.joint_faces
  /// from @p tria (the coarse foot mesh), then applies @p given (landmark
  /// name -> point, m) and derives what depends on the points (leg axis,
  /// tendon mid-point, heel skin point). Throws ScenarioError naming the
  /// landmark and how to give it when the mesh lacks what a landmark is
  /// found from, and when a landmark lies outside its bone (more than
  /// @p tolerance from it). @p sources: where a given point came from, for
  /// the message (default: Geometry/Landmark points).
  template <int dim>
  void
  find_mesh_landmarks(const dealii::Triangulation<dim>              &tria,
                      const std::map<std::string, dealii::Point<2>> &given,
                      double                                         tolerance,
                      FootOutline                                   &outline,
                      const std::map<std::string, std::string> &sources = {});

  struct FootMeshSettings;

  /// Geometry/Landmarks = mesh on @p coarse (the unrefined foot mesh, cell
  /// size @p h): the points of Geometry/Landmark points, else those of the
  /// mesh file's landmark node sets (read_mesh_file_landmarks), else those
  /// found by find_mesh_landmarks. The one sequence that the input check
  /// and the model share, so that both accept and refuse the same files.
  template <int dim>
  void
  find_landmarks_for(const dealii::Triangulation<dim> &coarse,
                     const FootMeshSettings           &settings,
                     double                            h,
                     FootOutline                      &outline);
} // namespace plantarfe::anatomy
