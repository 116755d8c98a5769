// Landmarks found on the mesh (anatomy/mesh_landmarks.h) against the ones the
// parametric outline constructs, on the built-in foot in 2D and 3D: the
// circle fits give the talar dome's and the MTP head's centres, the knee end
// and the navicular are mesh points, the tendon's and the fascia's points and
// sections and the ligaments' sections land where the outline puts them (to
// the tolerances below, each from what the two definitions differ by); given
// points replace found ones; a point outside its bone and an unknown name are
// refused, naming them.
#include <deal.II/base/parameter_handler.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/tria.h>

#include <gtest/gtest.h>

#include "anatomy/foot_mesh.h"
#include "anatomy/mesh_landmarks.h"
#include "anatomy/regions.h"
#include "base/errors.h"
#include "scenario/foot_parameters.h"
#include "scenario/parameters.h"

// Meshing the foot asks deal.II for MPI (a communicator of one).
#include "default_foot.h"
#include "mpi_environment.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <tuple>
#include <vector>

using namespace plantarfe;
using namespace dealii;

namespace
{
  template <int dim>
  struct Found
  {
    anatomy::FootOutline outline; ///< the parametric one
    anatomy::FootOutline mesh;    ///< with the mesh's landmarks
    Triangulation<dim>   tria;
  };

  template <int dim>
  const Found<dim> &
  found()
  {
    static Found<dim> f;
    if (f.tria.n_active_cells() == 0)
      {
        const auto   sc = default_foot();
        const double h = dim == 2 ? sc.mesh.mesh_size_2d : sc.mesh.mesh_size_3d;
        anatomy::make_foot_mesh<dim>(sc.geometry,
                                     sc.mesh,
                                     f.tria,
                                     MPI_COMM_SELF);
        f.outline = anatomy::make_foot_outline(sc.geometry, h);
        f.mesh    = f.outline;
        anatomy::find_mesh_landmarks(f.tria, {}, 0.001, f.mesh);
      }
    return f;
  }

  template <int dim>
  void
  expect_landmarks_match()
  {
    const auto &f  = found<dim>();
    const auto &a  = f.outline.landmarks;
    const auto &b  = f.mesh.landmarks;
    auto        mm = [](const Point<2> &p, const Point<2> &q) {
      return p.distance(q) * 1e3;
    };
    std::cout << dim << "D, mm from the outline's: ankle "
              << mm(a.ankle_centre, b.ankle_centre) << ", knee "
              << mm(a.knee_centre, b.knee_centre) << ", navicular "
              << mm(a.navicular, b.navicular) << ", MTP "
              << mm(a.mtp_centre, b.mtp_centre) << ", tubercle "
              << mm(a.medial_tubercle, b.medial_tubercle) << ", insertion "
              << mm(a.achilles_insertion, b.achilles_insertion) << ", junction "
              << mm(a.muscle_tendon_junction, b.muscle_tendon_junction)
              << ", heel skin " << mm(a.heel_skin, b.heel_skin)
              << "; x of sections: fascia "
              << (b.fascia_section_x - a.fascia_section_x) * 1e3
              << ", enthesis free "
              << (b.enthesis_free_x - a.enthesis_free_x) * 1e3 << ", enthesis "
              << (b.enthesis_section_x - a.enthesis_section_x) * 1e3
              << "; knee end length "
              << (b.knee_end_length - a.knee_end_length) * 1e3 << "\n";
    // Circle fits through vertices of a meshed arc, and mesh points.
    EXPECT_LT(mm(a.ankle_centre, b.ankle_centre), 0.5);
    EXPECT_LT(mm(a.mtp_centre, b.mtp_centre), 0.5);
    EXPECT_LT(mm(a.knee_centre, b.knee_centre), 0.01);
    EXPECT_LT(mm(a.navicular, b.navicular), 0.01);
    EXPECT_LT(std::abs(b.knee_end_length - a.knee_end_length), 1e-5);
    EXPECT_LT(std::abs(b.belly_length - a.belly_length), 0.0015)
      << "belly " << a.belly_length << " / " << b.belly_length;
    EXPECT_LT(b.leg_axis * a.leg_axis, 1.0000001);
    EXPECT_GT(b.leg_axis * a.leg_axis, std::cos(0.5 * M_PI / 180.));
    // Centroids of attachments where the outline names one of their points.
    EXPECT_LT(mm(a.achilles_insertion, b.achilles_insertion), 1.);
    // The junction is where the tendon's line, fitted to its cell centres,
    // meets its face on the muscle: exact in the continuum, within the
    // fit's discretisation here (0.36 mm in 2D, 0.97 mm in 3D).
    EXPECT_LT(mm(a.muscle_tendon_junction, b.muscle_tendon_junction), 1.5);
    EXPECT_LT(mm(a.medial_tubercle, b.medial_tubercle), 0.01);
    EXPECT_LT(mm(a.heel_skin, b.heel_skin), 0.01);
    EXPECT_LT(std::abs(b.fascia_section_x - a.fascia_section_x), 0.001);
    EXPECT_LT(std::abs(b.enthesis_free_x - a.enthesis_free_x), 0.002);
    EXPECT_LT(std::abs(b.enthesis_section_x - a.enthesis_section_x), 0.0015);
  }

  template <int dim>
  void
  expect_ligaments_match()
  {
    const auto &f = found<dim>();
    ASSERT_EQ(f.mesh.ligaments.size(), f.outline.ligaments.size());
    for (unsigned int i = 0; i < f.outline.ligaments.size(); ++i)
      {
        const auto &a = f.outline.ligaments[i];
        const auto &b = f.mesh.ligaments[i];
        ASSERT_EQ(a.id, b.id);
        const double angle =
          std::acos(std::min(1., a.direction * b.direction)) * 180. / M_PI;
        std::cout << anatomy::region_name(a.id) << ": section point "
                  << a.section_point.distance(b.section_point) * 1e3
                  << " mm away, direction " << angle << " deg, free length "
                  << a.free_length * 1e3 << " / " << b.free_length * 1e3
                  << " mm, thickness " << a.thickness * 1e3 << " / "
                  << b.thickness * 1e3 << " mm\n";
        EXPECT_LT(a.section_point.distance(b.section_point), 0.003);
        EXPECT_LT(angle, 10.);
        EXPECT_NEAR(b.thickness, a.thickness, 0.25 * a.thickness);
      }
  }

  template <int dim>
  void
  expect_joint_faces_match()
  {
    const auto &f = found<dim>();
    for (const unsigned int j : {1u, 2u, 3u})
      {
        const auto &a = f.outline.joint_faces[j];
        const auto &b = f.mesh.joint_faces[j];
        ASSERT_GE(b.size(), 2u) << "joint face " << j;
        // Every traced point lies on the outline's face, and the normals
        // agree in sense.
        for (const auto &p : b)
          {
            double nearest = 1.;
            for (unsigned int i = 0; i + 1 < a.size(); ++i)
              {
                const Tensor<1, 2> d = a[i + 1] - a[i];
                const double t = std::clamp((p - a[i]) * d / (d * d), 0., 1.);
                nearest        = std::min(nearest, p.distance(a[i] + t * d));
              }
            EXPECT_LT(nearest, 1e-4) << "joint " << j << " at " << p;
          }
        const Tensor<1, 2> da = a.back() - a.front(), db = b.back() - b.front();
        EXPECT_GT(da * db, 0.) << "joint face " << j << " runs the other way";
      }
  }
} // namespace

TEST(MeshLandmarks, FoundOnThe2dFootWhereTheOutlinePutsThem)
{
  expect_landmarks_match<2>();
}

TEST(MeshLandmarks, FoundOnThe3dFootWhereTheOutlinePutsThem)
{
  expect_landmarks_match<3>();
}

TEST(MeshLandmarks, LigamentSectionsFoundOnThe2dFoot)
{
  expect_ligaments_match<2>();
}

TEST(MeshLandmarks, LigamentSectionsFoundOnThe3dFoot)
{
  expect_ligaments_match<3>();
}

TEST(MeshLandmarks, SlidingJointFacesTracedIn2dAnd3d)
{
  expect_joint_faces_match<2>();
  expect_joint_faces_match<3>();
}

TEST(MeshLandmarks, GivenPointsReplaceFoundOnesAndAreChecked)
{
  const auto    &f       = found<2>();
  auto           outline = f.outline;
  const Point<2> navicular =
    f.outline.landmarks.navicular + Tensor<1, 2>({0.002, 0.001});
  anatomy::find_mesh_landmarks(f.tria,
                               {{"navicular", navicular}},
                               0.001,
                               outline);
  EXPECT_EQ(outline.landmarks.navicular, navicular);

  try
    {
      anatomy::find_mesh_landmarks(f.tria,
                                   {{"mtp_centre", Point<2>(0.05, 0.2)}},
                                   0.001,
                                   outline);
      FAIL() << "an MTP centre above the leg was accepted";
    }
  catch (const ScenarioError &e)
    {
      const std::string what = e.what();
      EXPECT_NE(what.find("Geometry/Landmark points: mtp_centre at (50.0, "
                          "200.0) mm lies"),
                std::string::npos)
        << what;
      EXPECT_NE(what.find("outside the metatarsal"), std::string::npos) << what;
    }
  try
    {
      anatomy::find_mesh_landmarks(f.tria,
                                   {{"navicula", Point<2>(0.1, 0.03)}},
                                   0.001,
                                   outline);
      FAIL() << "an unknown landmark was accepted";
    }
  catch (const ScenarioError &e)
    {
      EXPECT_NE(std::string(e.what()).find("'navicula' is not a landmark"),
                std::string::npos)
        << e.what();
    }
}

TEST(MeshLandmarks, ScaledFootGivesScaledLandmarks)
{
  // A smaller foot (85 %, scaled about the heel's back on the ground): the
  // landmarks follow the mesh, not the Foot section.
  const auto      &f = found<2>();
  Triangulation<2> small;
  small.copy_triangulation(f.tria);
  GridTools::scale(0.85, small);
  auto scaled = f.outline;
  anatomy::find_mesh_landmarks(small, {}, 0.001, scaled);
  const auto &a = f.mesh.landmarks;
  const auto &b = scaled.landmarks;
  for (const auto &[name, p, q] :
       std::vector<std::tuple<std::string, Point<2>, Point<2>>>{
         {"ankle centre", a.ankle_centre, b.ankle_centre},
         {"knee centre", a.knee_centre, b.knee_centre},
         {"navicular", a.navicular, b.navicular},
         {"MTP centre", a.mtp_centre, b.mtp_centre},
         {"tubercle", a.medial_tubercle, b.medial_tubercle},
         {"insertion", a.achilles_insertion, b.achilles_insertion},
         {"junction", a.muscle_tendon_junction, b.muscle_tendon_junction}})
    EXPECT_LT((p * 0.85).distance(q), 1e-9) << name;
  EXPECT_NEAR(b.fascia_section_x,
              0.85 * (a.fascia_section_x - 0.0055) + 0.0055,
              1e-9);
  EXPECT_NEAR(b.enthesis_section_x, 0.85 * a.enthesis_section_x, 1e-9);
  EXPECT_NEAR(b.belly_length, 0.85 * a.belly_length, 1e-9);
  for (unsigned int i = 0; i < scaled.ligaments.size(); ++i)
    EXPECT_NEAR(scaled.ligaments[i].free_length,
                0.85 * f.mesh.ligaments[i].free_length,
                1e-9);
}

TEST(MeshLandmarks, BondedJointsHaveTheirMtpCentreToo)
{
  // Bonded joints: no sliding layer, the MTP head meets the phalanx through
  // cartilage; the fit to the metatarsal's distal faces lands within a
  // millimetre of the outline's centre (observed 1.0 mm), and no sliding
  // joint face is traced.
  ParameterHandler prm;
  scenario::declare_parameters(prm);
  prm.enter_subsection("Tissues");
  prm.enter_subsection("Joints");
  prm.set("Model", "bonded");
  prm.leave_subsection();
  prm.leave_subsection();
  const auto       sc = scenario::read_foot_parameters(prm);
  Triangulation<2> tria;
  anatomy::make_foot_mesh<2>(sc.geometry, sc.mesh, tria, MPI_COMM_SELF);
  const auto outline = anatomy::make_foot_outline(sc.geometry, 0.003);
  auto       mesh    = outline;
  anatomy::find_mesh_landmarks(tria, {}, 0.003, mesh);
  EXPECT_LT(outline.landmarks.mtp_centre.distance(mesh.landmarks.mtp_centre),
            0.0015);
  EXPECT_LT(outline.landmarks.navicular.distance(mesh.landmarks.navicular),
            1e-5);
  for (const auto &face : mesh.joint_faces)
    EXPECT_TRUE(face.empty());
}

TEST(MeshLandmarks, AutoTakesThemFromAMeshFileAndTheOutlineOtherwise)
{
  // The defaults (auto): a mesh file is a subject's foot, so its landmarks
  // and fibres come from the mesh; the built-in foot keeps the outline's;
  // fibres set to the outline on a mesh file bring the outline's landmarks
  // with them (they are drawn along those landmarks).
  const auto read = [](const std::string &shape, const std::string &fibres) {
    ParameterHandler prm;
    scenario::declare_parameters(prm);
    prm.enter_subsection("Geometry");
    prm.set("Shape", shape);
    prm.set("Mesh file", "foot.msh");
    prm.set("Fibre directions", fibres);
    prm.leave_subsection();
    const auto sc = scenario::read_foot_parameters(prm);
    return std::make_pair(sc.mesh.laplace_fibres, sc.mesh.mesh_landmarks);
  };
  EXPECT_EQ(read("mesh file", "auto"), std::make_pair(true, true));
  EXPECT_EQ(read("foot", "auto"), std::make_pair(false, false));
  EXPECT_EQ(read("mesh file", "outline"), std::make_pair(false, false));
  EXPECT_EQ(read("mesh file", "laplace"), std::make_pair(true, true));
  EXPECT_EQ(read("foot", "laplace"), std::make_pair(true, false));
}
