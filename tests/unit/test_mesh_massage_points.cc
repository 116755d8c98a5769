// Massage points found on a foot mesh (anatomy/mesh_surface.h and the mesh
// version of anatomy::massage_point) against the ones the outline places, on
// the built-in foot in 2D and 3D; and the surface's parts on a box, where the
// section, the normals and the bone search are known exactly.
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/tria.h>

#include <gtest/gtest.h>

#include "anatomy/foot_mesh.h"
#include "anatomy/massage_points.h"
#include "anatomy/mesh_landmarks.h"
#include "anatomy/mesh_surface.h"
#include "anatomy/regions.h"
#include "base/errors.h"

// Meshing the foot asks deal.II for MPI (a communicator of one).
#include "default_foot.h"
#include "mpi_environment.h"

#include <cmath>
#include <iostream>
#include <memory>

using namespace plantarfe;
using namespace dealii;

namespace
{
  /// A 20 x 10 x 8 box of bone (calcaneus), 4 x 2 x 2 cells, z from -4 to 4.
  std::shared_ptr<Triangulation<3>>
  bone_box()
  {
    auto tria = std::make_shared<Triangulation<3>>();
    GridGenerator::subdivided_hyper_rectangle(*tria,
                                              {4, 2, 2},
                                              Point<3>(0., 0., -4.),
                                              Point<3>(20., 10., 4.));
    for (const auto &cell : tria->active_cell_iterators())
      cell->set_material_id(anatomy::region::calcaneus);
    return tria;
  }

  template <int dim>
  void
  expect_points_match()
  {
    const auto   sc   = default_foot();
    const double h    = dim == 2 ? sc.mesh.mesh_size_2d : sc.mesh.mesh_size_3d;
    auto         tria = std::make_shared<Triangulation<dim>>();
    anatomy::make_foot_mesh<dim>(sc.geometry, sc.mesh, *tria, MPI_COMM_SELF);
    const auto outline = anatomy::make_foot_outline(sc.geometry, h);
    auto       found   = outline;
    anatomy::find_mesh_landmarks(*tria, {}, 0.001, found);
    const auto surface = anatomy::mesh_surface<dim>(tria);
    EXPECT_NEAR(surface.foot_length, sc.geometry.foot_length, 1e-9);

    for (const double shift : {0., 0.01})
      for (const auto &name : anatomy::massage_point_names())
        {
          const auto a =
            anatomy::massage_point(outline, sc.geometry, name, shift, "test");
          const auto b = anatomy::massage_point(
            surface, found.landmarks, name, shift, 0., "test");
          const double mm    = a.skin.distance(b.skin) * 1e3;
          const double angle = std::acos(std::min(1., a.normal * b.normal));
          std::cout << dim << "D " << name << " shifted " << shift * 1e3
                    << " mm: " << mm << " mm from the outline's, normal "
                    << angle * 180. / M_PI << " deg, z " << a.z * 1e3 << " / "
                    << b.z * 1e3 << " mm\n";
          // The mesh points are defined by the mesh's landmarks (found
          // within a millimetre of the outline's, the junction 1.5 mm) on
          // the meshed skin (a polygon through the outline's points). The
          // heel attachment is the insertion region's centroid on the mesh,
          // 1.6 mm behind the outline's middle of its length (the region
          // is no rectangle), and the central arch half of that.
          EXPECT_LT(mm, name == "heel_attachment" ? 2. : 1.5) << name;
          EXPECT_LT(angle, 10. * M_PI / 180.) << name;
          EXPECT_NEAR(b.tangent * b.normal, 0., 1e-12);
          EXPECT_GT(b.tangent * a.tangent, 0.9) << name;
          EXPECT_EQ(a.on_sole, b.on_sole) << name;
          if (dim == 3) // 2D ignores z
            {
              EXPECT_NEAR(a.z, b.z, 1e-9) << name;
            }
        }
    // Off the body: a shift that leaves the calf, a point past the toes.
    EXPECT_THROW(
      anatomy::massage_point(
        surface, found.landmarks, "gastrocnemius", 0.3, 0., "Offset"),
      ScenarioError);
    EXPECT_THROW(anatomy::massage_point(
                   surface, found.landmarks, "ball_of_foot", 0.2, 0., "Offset"),
                 ScenarioError);
    EXPECT_THROW(anatomy::massage_point(
                   surface, found.landmarks, "thumb", 0., 0., "Point"),
                 ScenarioError);
  }
} // namespace

TEST(MeshSurface, BoxSectionNormalsAndBones)
{
  const auto surface = anatomy::mesh_surface<3>(bone_box(), 0.5);
  // 4 x 2 cells on each z face, 4 x 2 on the y faces, 2 x 2 on the x faces.
  EXPECT_EQ(surface.faces.size(), 2u * (8 + 8 + 4));
  // The sagittal section at z = 1.3: the rectangle's four sides, each with
  // its outward normal; the z faces (normal across the plane) are left out.
  double length = 0.;
  for (const auto &e : surface.section(1.3))
    {
      length += e.a.distance(e.b);
      const Point<2> mid = e.a + 0.5 * (e.b - e.a);
      const Point<2> centre(10., 5.);
      EXPECT_NEAR(e.normal.norm(), 1., 1e-12);
      // Outward: from the centre towards the side, along an axis.
      EXPECT_GT(e.normal * (mid - centre), 0.);
      EXPECT_NEAR(std::abs(e.normal[0]) + std::abs(e.normal[1]), 1., 1e-12);
    }
  EXPECT_NEAR(length, 2. * (20. + 10.), 1e-12);
  EXPECT_TRUE(surface.section(5.).empty());
  // Every sampled bone point lies on the box's surface, 0.5 apart at most.
  ASSERT_FALSE(surface.bone_points.empty());
  for (const auto &b : surface.bone_points)
    {
      const auto &x = b.x;
      const bool  on_side =
        std::abs(x[0]) < 1e-12 || std::abs(x[0] - 20.) < 1e-12 ||
        std::abs(x[1]) < 1e-12 || std::abs(x[1] - 10.) < 1e-12 ||
        std::abs(std::abs(x[2]) - 4.) < 1e-12;
      EXPECT_TRUE(on_side) << x;
    }
  EXPECT_EQ(surface.bone_at(Point<3>(3., 3., 1.)), anatomy::region::calcaneus);
  EXPECT_EQ(surface.bone_at(Point<3>(3., 11., 1.)),
            numbers::invalid_material_id);
  EXPECT_NEAR(surface.foot_length, 20., 1e-12);
  EXPECT_NEAR(surface.foot_z_min, -4., 1e-12);
  EXPECT_NEAR(surface.foot_z_max, 4., 1e-12);
}

TEST(MeshMassagePoints, MatchTheOutlines2d)
{
  expect_points_match<2>();
}

TEST(MeshMassagePoints, MatchTheOutlines3d)
{
  expect_points_match<3>();
}
