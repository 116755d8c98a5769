// Sizes measured on a mesh (anatomy/body_sizes.h, region_sections.h): a
// section of a meshed box cut straight and at a slant is its exact chord or
// area; on the built-in foot, 2D and 3D, the sizes measured from the mesh's
// landmarks are the Foot section's that built it, to what the found
// landmarks differ by.
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/tria.h>

#include <gtest/gtest.h>

#include "anatomy/body_sizes.h"
#include "anatomy/foot_mesh.h"
#include "anatomy/mesh_landmarks.h"
#include "anatomy/region_sections.h"
#include "anatomy/regions.h"

// Meshing the foot asks deal.II for MPI (a communicator of one).
#include "default_foot.h"
#include "mpi_environment.h"

#include <cmath>
#include <iostream>

using namespace plantarfe;
using namespace dealii;

namespace
{
  /// A box of calcaneus, 20 x 10 (x 8 in 3D, z from -4 to 4), in 4 x 2
  /// (x 2) cells.
  template <int dim>
  void
  make_box(Triangulation<dim> &tria)
  {
    if constexpr (dim == 2)
      GridGenerator::subdivided_hyper_rectangle(tria,
                                                {4, 2},
                                                Point<2>(0., 0.),
                                                Point<2>(20., 10.));
    else
      GridGenerator::subdivided_hyper_rectangle(tria,
                                                {4, 2, 2},
                                                Point<3>(0., 0., -4.),
                                                Point<3>(20., 10., 4.));
    for (const auto &cell : tria.active_cell_iterators())
      cell->set_material_id(anatomy::region::calcaneus);
  }

  template <int dim>
  void
  expect_box_sections()
  {
    Triangulation<dim> tria;
    make_box(tria);
    const double                          depth = dim == 2 ? 1. : 8.;
    const std::vector<types::material_id> bone  = {anatomy::region::calcaneus};
    // Across x at 7 (inside a cell) and at 10 (on cell faces).
    for (const double x : {7., 10.})
      EXPECT_NEAR(anatomy::region_section(
                    tria, bone, Point<2>(x, 5.), Tensor<1, 2>({1., 0.}), 100.),
                  10. * depth,
                  1e-12);
    // At 30 degrees: the cut crosses top and bottom, 10 / cos 30 long.
    const double c = std::cos(M_PI / 6.);
    EXPECT_NEAR(anatomy::region_section(
                  tria, bone, Point<2>(10., 5.), Tensor<1, 2>({c, 0.5}), 100.),
                10. / c * depth,
                1e-12);
    // Only cells near the point count; another region has no section.
    EXPECT_NEAR(anatomy::region_section(
                  tria, bone, Point<2>(10., 5.), Tensor<1, 2>({1., 0.}), 6.),
                10. * depth,
                1e-12);
    EXPECT_EQ(anatomy::region_section(tria,
                                      {anatomy::region::talus},
                                      Point<2>(10., 5.),
                                      Tensor<1, 2>({1., 0.}),
                                      100.),
              0.);
    EXPECT_NEAR(anatomy::region_measure(tria, bone), 200. * depth, 1e-10);
  }

  template <int dim>
  void
  expect_foot_sizes()
  {
    const auto   sc = default_foot();
    const double h  = dim == 2 ? sc.mesh.mesh_size_2d : sc.mesh.mesh_size_3d;
    Triangulation<dim> tria;
    anatomy::make_foot_mesh<dim>(sc.geometry, sc.mesh, tria, MPI_COMM_SELF);
    auto found = anatomy::make_foot_outline(sc.geometry, h);
    anatomy::find_mesh_landmarks(tria, {}, 0.001, found);
    const auto a = anatomy::foot_section_sizes<dim>(sc.geometry);
    const auto b = anatomy::measure_body_sizes(tria, found.landmarks);
    std::cout << dim << "D, Foot section / mesh: foot " << a.foot_length
              << " / " << b.foot_length << " from " << b.foot_start << ", arm "
              << a.achilles_moment_arm << " / " << b.achilles_moment_arm
              << ", tendon " << a.tendon_length << " / " << b.tendon_length
              << " long, " << a.tendon_section << " / " << b.tendon_section
              << ", fascia " << a.fascia_section << " / " << b.fascia_section
              << ", calf " << a.muscle_section << " / " << b.muscle_section
              << "\n";
    EXPECT_NEAR(b.foot_length, a.foot_length, 1e-9);
    EXPECT_NEAR(b.foot_start, a.foot_start, 1e-9);
    // From the found tendon points (junction within 1.5 mm, insertion
    // within 1 mm of the outline's).
    EXPECT_NEAR(b.achilles_moment_arm, a.achilles_moment_arm, 0.0015);
    EXPECT_NEAR(b.tendon_length, a.tendon_length, 0.0025);
    // Cuts through the meshed bands, whose sides are the outline's lines.
    EXPECT_NEAR(b.tendon_section, a.tendon_section, 0.02 * a.tendon_section);
    EXPECT_NEAR(b.fascia_section, a.fascia_section, 0.02 * a.fascia_section);
    EXPECT_NEAR(b.muscle_section, a.muscle_section, 0.02 * a.muscle_section);
  }
} // namespace

TEST(RegionSections, BoxCutStraightAndAtASlant2d)
{
  expect_box_sections<2>();
}

TEST(RegionSections, BoxCutStraightAndAtASlant3d)
{
  expect_box_sections<3>();
}

TEST(BodySizes, MeasuredOnTheBuiltInFootAreTheFootSections2d)
{
  expect_foot_sizes<2>();
}

TEST(BodySizes, MeasuredOnTheBuiltInFootAreTheFootSections3d)
{
  expect_foot_sizes<3>();
}
