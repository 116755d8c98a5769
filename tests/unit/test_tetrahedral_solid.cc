// The solver on triangles and tetrahedra (Settings::cells = simplex, P1/P2
// with a constant dilatation): a block under its own weight agrees with the
// same block on hexahedra when compressible, and does not lock when nearly
// incompressible; the
// penalty contact on its triangular base carries the weight; the results
// mesh lists positively oriented tetrahedra that fill the block; and the
// combinations it cannot do are refused by name. Convergence rates, the
// patch test and Cook's membrane on simplices are in `plantarfe verify`
// (mms-2d-p2tri, mms-3d-p2tet, patch-test, cook-membrane).
#include <deal.II/base/function.h>
#include <deal.II/base/mpi.h>
#include <deal.II/lac/vector.h>

#include <gtest/gtest.h>

#include "anatomy/analytic_shapes.h"
#include "base/errors.h"
#include "contact/obstacle.h"
#include "materials/registry.h"
#include "mpi_environment.h"
#include "output/results_data.h"
#include "solver/solid.h"
#include "weighted_block.h"

#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <string>

using namespace plantarfe;

namespace
{
  constexpr double L = 0.02, H = 0.01, weight_density = 1e5; // N/m^3

  /// Block L x L x H (4n x 4n x 2n hexahedra, or those split into 24
  /// tetrahedra each) under its weight.
  solver::Problem<3>
  block(const solver::CellShape cells,
        const std::string      &poisson,
        const unsigned int      n = 1)
  {
    solver::Problem<3> p =
      test_setups::weighted_block(L,
                                  H,
                                  weight_density,
                                  "1e5",
                                  poisson,
                                  n,
                                  cells == solver::CellShape::simplex);
    p.settings.degree             = 2;
    p.settings.load_steps         = 1;
    p.settings.residual_tolerance = 1e-11;
    return p;
  }

  solver::Problem<3>
  clamped_block(const solver::CellShape cells,
                const std::string      &poisson,
                const unsigned int      n = 1)
  {
    solver::Problem<3> p = block(cells, poisson, n);
    p.dirichlet.push_back(
      {anatomy::boundary::z_min,
       dealii::ComponentMask(3, true),
       std::make_shared<dealii::Functions::ZeroFunction<3>>(3)});
    return p;
  }

  double
  top_centre_sag(const solver::Problem<3> &p)
  {
    solver::Solid<3> solid(p);
    const auto       report = solid.solve();
    EXPECT_TRUE(report.converged) << report.failure_reason;
    return solid.point_displacement(dealii::Point<3>(L / 2, L / 2, H))[2];
  }

  double
  signed_volume(const std::vector<double> &x, const std::uint64_t *v)
  {
    std::array<std::array<double, 3>, 3> e;
    for (unsigned int k = 0; k < 3; ++k)
      for (unsigned int d = 0; d < 3; ++d)
        e[k][d] = x[3 * v[k + 1] + d] - x[3 * v[0] + d];
    return (e[0][0] * (e[1][1] * e[2][2] - e[1][2] * e[2][1]) -
            e[0][1] * (e[1][0] * e[2][2] - e[1][2] * e[2][0]) +
            e[0][2] * (e[1][0] * e[2][1] - e[1][1] * e[2][0])) /
           6.;
  }
} // namespace

TEST(TetrahedralSolid, ClampedBlockAgreesWithHexahedraCompressible)
{
  // Both are quadratic elements on meshes of the same spacing: their sags
  // agree to well within their own discretisation error (a few 0.1 %).
  const double hex =
    top_centre_sag(clamped_block(solver::CellShape::hypercube, "0.3"));
  const double tet =
    top_centre_sag(clamped_block(solver::CellShape::simplex, "0.3"));
  ASSERT_LT(hex, 0.);
  EXPECT_NEAR(tet, hex, 5e-3 * std::abs(hex));
}

TEST(TetrahedralSolid, NearlyIncompressibleBlockDoesNotLock)
{
  // At nu = 0.4995 the clamped base's edges make the sag converge slowly;
  // measured sags (um): Q2-P1dc hexahedra 26.4 (n = 1), 30.3 (n = 2);
  // P2-P0 tetrahedra 30.3 (n = 1), 31.6 (n = 2). A locking element would
  // stay far below the finer answers; P2-P0 on the coarse mesh already
  // matches the hexahedra on the mesh twice as fine.
  const double hex_fine =
    top_centre_sag(clamped_block(solver::CellShape::hypercube, "0.4995", 2));
  const double tet =
    top_centre_sag(clamped_block(solver::CellShape::simplex, "0.4995", 1));
  ASSERT_LT(hex_fine, 0.);
  EXPECT_GT(tet / hex_fine, 0.97);
  EXPECT_LT(tet / hex_fine, 1.06);
}

TEST(TetrahedralSolid, ContactOnTriangularFacesCarriesTheWeight)
{
  constexpr double   penalty = 1e10;
  solver::Problem<3> p       = block(solver::CellShape::simplex, "0.3");
  // Nothing but the ground holds the block: it sticks (infinite friction),
  // and the base starts on it.
  p.contacts.push_back(
    {anatomy::boundary::z_min,
     std::make_shared<contact::RigidPlane>(contact::Vector3(),
                                           contact::Vector3({0., 0., 1.})),
     penalty,
     std::numeric_limits<double>::infinity(),
     "ground"});
  p.settings.round_contact_kink = false;
  solver::Solid<3> solid(p);
  const auto       report = solid.solve();
  ASSERT_TRUE(report.converged) << report.failure_reason;
  const double weight = weight_density * L * L * H;
  const auto   ground = solid.contact_results().at(0);
  EXPECT_NEAR(ground.force_N[2], weight, 1e-6 * weight);
  EXPECT_NEAR(ground.area_m2, L * L, 1e-9 * L * L);
}

TEST(TetrahedralSolid, ResultsMeshListsPositiveTetrahedraFillingTheBlock)
{
  solver::Solid<3> solid(clamped_block(solver::CellShape::simplex, "0.3"));
  ASSERT_TRUE(solid.solve().converged);
  const output::MeshData mesh = solid.results_mesh();
  ASSERT_EQ(mesh.vertices_per_cell, 4u);
  // Each rank lists its own cells.
  const MPI_Comm comm = solid.communicator();
  EXPECT_EQ(dealii::Utilities::MPI::sum(mesh.n_cells(), comm),
            4u * 4u * 2u * 24u);
  EXPECT_EQ(output::vtk_cell_type(3, mesh.vertices_per_cell), 10);
  double volume = 0., smallest = std::numeric_limits<double>::max();
  for (std::size_t c = 0; c < mesh.n_cells(); ++c)
    {
      const double v = signed_volume(mesh.points, &mesh.cells[4 * c]);
      smallest       = std::min(smallest, v);
      volume += v;
    }
  EXPECT_GT(smallest, 0.); // VTK's orientation: no cell turned inside out
  EXPECT_NEAR(dealii::Utilities::MPI::sum(volume, comm), L * L * H, 1e-12);
}

TEST(TetrahedralSolid, RefusesWhatSimplicesCannotDo)
{
  auto p = clamped_block(solver::CellShape::simplex, "0.3");
  p.settings.dilatation_degree = 1;
  EXPECT_THROW(solver::Solid<3>{p}, ScenarioError);
  p.settings.dilatation_degree = -1;
  p.settings.linear_solver     = solver::LinearSolverKind::mf_gmg;
  EXPECT_THROW(solver::Solid<3>{p}, ScenarioError);
  p.settings.linear_solver = solver::LinearSolverKind::automatic;
  p.settings.degree        = 3;
  EXPECT_THROW(solver::Solid<3>{p}, ScenarioError);
}
