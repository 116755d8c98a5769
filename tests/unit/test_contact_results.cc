// The contact pressure field of the results (results_step) and of the VTU
// output: a block under its own weight rests on a rigid plane z = 0. At
// points of the contact boundary the field must equal the penalty law at the
// deformed position, elsewhere 0; its integral over the contact surface must
// carry the contact force (= the weight). Problems without contact have no
// such field. Also runs under mpirun (test mpi.contact_results_2ranks).
//
// With PLANTARFE_CONTACT_VTU_DIR set, ContactPressure.RunFolder keeps its
// VTU, results.h5, results.xdmf and penalty.txt there for the Python checks
// in tests/paraview (VTK's reader, h5py against docs/results-format.md).
#include <deal.II/base/function.h>
#include <deal.II/base/mpi.h>

#include <gtest/gtest.h>

#include "anatomy/analytic_shapes.h"
#include "contact/obstacle.h"
#include "output/atomic_file.h"
#include "output/hdf5_results.h"
#include "output/xdmf_writer.h"
#include "solver/solid.h"
#include "verification/case_helpers.h"
#include "weighted_block.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <memory>
#include <sstream>
#include <unistd.h>

using namespace plantarfe;
namespace fs = std::filesystem;

namespace
{
  class MpiEnvironment : public ::testing::Environment
  {
  public:
    void
    SetUp() override
    {
      static int    argc   = 1;
      static char   name[] = "test_contact_results";
      static char  *args[] = {name, nullptr};
      static char **argv   = args;
      mpi = std::make_unique<dealii::Utilities::MPI::MPI_InitFinalize>(argc,
                                                                       argv,
                                                                       1);
    }

    void
    TearDown() override
    {
      mpi.reset();
    }

  private:
    std::unique_ptr<dealii::Utilities::MPI::MPI_InitFinalize> mpi;
  };

  [[maybe_unused]] ::testing::Environment *const mpi_environment =
    ::testing::AddGlobalTestEnvironment(new MpiEnvironment);

  constexpr double L = 0.02, H = 0.01, weight_density = 1e5; // N/m^3
  constexpr double E = 1e5, h = H / 2;
  constexpr double penalty = 100 * E / h;

  /// Block L x L x H (4 x 4 x 2 cells, Q2) under its weight; with
  /// @p with_contact it rests on the plane z = 0 (symmetry rollers on x = 0,
  /// y = 0), otherwise its bottom is clamped.
  solver::Problem<3>
  block(const bool with_contact)
  {
    namespace bnd        = anatomy::boundary;
    solver::Problem<3> p = test_setups::weighted_block(
      L, H, weight_density, std::to_string(E), "0.3");
    if (with_contact)
      {
        p.dirichlet.push_back(verification::roller<3>(bnd::x_min, 0));
        p.dirichlet.push_back(verification::roller<3>(bnd::y_min, 1));
        p.contacts.push_back(
          {bnd::z_min,
           std::make_shared<contact::RigidPlane>(
             contact::Vector3(), contact::Vector3({0., 0., 1.})),
           penalty});
      }
    else
      p.dirichlet.push_back(
        {bnd::z_min,
         dealii::ComponentMask(3, true),
         std::make_shared<dealii::Functions::ZeroFunction<3>>(3)});
    p.settings.degree             = 2;
    p.settings.load_steps         = 1;
    p.settings.residual_tolerance = 1e-12;
    // The checks below compare with the sharp penalty law.
    p.settings.round_contact_kink = false;
    return p;
  }

  const output::Field *
  find_field(const output::StepData &step, const std::string &name)
  {
    for (const auto &f : step.fields)
      if (f.name == name)
        return &f;
    return nullptr;
  }

  /// A folder shared by all ranks.
  fs::path
  fresh_folder(const std::string &name)
  {
    long pid = static_cast<long>(getpid());
    MPI_Bcast(&pid, 1, MPI_LONG, 0, MPI_COMM_WORLD);
    const fs::path dir =
      fs::temp_directory_path() /
      ("plantarfe_contact_" + std::to_string(pid) + "_" + name);
    if (dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
      {
        fs::remove_all(dir);
        fs::create_directories(dir);
      }
    MPI_Barrier(MPI_COMM_WORLD);
    return dir;
  }

  std::string
  read_file(const fs::path &path)
  {
    std::ifstream      in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
} // namespace

TEST(ContactPressure, FollowsThePenaltyLawAndCarriesTheContactForce)
{
  solver::Solid<3> solid(block(true));
  ASSERT_TRUE(solid.solve().converged);
  const auto mesh = solid.results_mesh();
  const auto step = solid.results_step(1, 1.);
  const auto n    = mesh.points.size() / 3;

  const output::Field *pressure = find_field(step, "contact_pressure");
  const output::Field *u        = find_field(step, "displacement");
  ASSERT_NE(pressure, nullptr);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(pressure->unit, "Pa");
  EXPECT_EQ(pressure->components, 1u);
  EXPECT_FALSE(pressure->on_cells);
  ASSERT_EQ(pressure->values.size(), n);

  // Pointwise: the penalty law at the deformed position on z = 0, else 0.
  unsigned int in_contact = 0;
  for (std::size_t i = 0; i < n; ++i)
    {
      const double z = mesh.points[3 * i + 2];
      const double expected =
        z == 0. ? penalty * std::max(0., -u->values[3 * i + 2]) : 0.;
      EXPECT_NEAR(pressure->values[i], expected, 1e-12 * penalty * H)
        << "point " << i << " at z = " << z;
      if (pressure->values[i] > 0.)
        ++in_contact;
    }
  EXPECT_GT(dealii::Utilities::MPI::sum(in_contact, MPI_COMM_WORLD), 0u);

  // Integral over the bottom faces (VTK hexahedron vertices 0-3, a
  // rectangle: area times the mean of the bilinear interpolant's corners)
  // against the force the solver's quadrature gives. The vertex samples miss
  // the pressure's variation near the free edges: 3.2 % low on this 4 x 4
  // bottom, 1.0 % on 8 x 8 (measured), hence "roughly" = 5 %.
  double integral = 0.;
  for (std::size_t c = 0; c < mesh.cells.size() / 8; ++c)
    {
      const auto *v      = &mesh.cells[8 * c];
      bool        bottom = true;
      double      mean   = 0.;
      for (unsigned int k = 0; k < 4; ++k)
        {
          bottom = bottom && mesh.points[3 * v[k] + 2] == 0.;
          mean += pressure->values[v[k]] / 4;
        }
      if (!bottom)
        continue;
      const double dx = mesh.points[3 * v[1]] - mesh.points[3 * v[0]];
      const double dy = mesh.points[3 * v[3] + 1] - mesh.points[3 * v[0] + 1];
      integral += std::abs(dx * dy) * mean;
    }
  integral             = dealii::Utilities::MPI::sum(integral, MPI_COMM_WORLD);
  const auto   results = solid.contact_results();
  const double force   = results.at(0).force_N[2];
  const double weight  = weight_density * L * L * H;
  EXPECT_NEAR(force, weight, 1e-6 * weight);
  EXPECT_NEAR(integral, force, 0.05 * force);
  std::cout << "contact force " << force << " N, integral of the nodal "
            << "pressure " << integral << " N (weight " << weight << " N)\n";
}

TEST(ContactPressure, AbsentWithoutContact)
{
  solver::Solid<3> solid(block(false));
  ASSERT_TRUE(solid.solve().converged);
  const auto step = solid.results_step(1, 1.);
  EXPECT_EQ(find_field(step, "contact_pressure"), nullptr);
  EXPECT_NE(find_field(step, "von_mises"), nullptr);

  const fs::path    dir  = fresh_folder("no_contact_vtu");
  const std::string name = solid.write_vtu(dir.string(), "plain", 1.);
  const std::string text = read_file(dir / name);
  EXPECT_NE(text.find("Name=\"von_mises\""), std::string::npos);
  EXPECT_EQ(text.find("contact_pressure"), std::string::npos);
  MPI_Barrier(MPI_COMM_WORLD);
  if (dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
    fs::remove_all(dir);
}

TEST(ContactPressure, RunFolder)
{
  // VTU, results.h5 and results.xdmf of the contact block, written by the
  // real writers; the VTU must name the field. With
  // PLANTARFE_CONTACT_VTU_DIR the folder is kept for the Python checks.
  solver::Solid<3> solid(block(true));
  ASSERT_TRUE(solid.solve().converged);
  const char *keep = std::getenv("PLANTARFE_CONTACT_VTU_DIR");
  const bool  root =
    dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  fs::path dir;
  if (keep)
    {
      dir = keep;
      if (root)
        {
          fs::remove_all(dir);
          fs::create_directories(dir);
        }
      MPI_Barrier(MPI_COMM_WORLD);
    }
  else
    dir = fresh_folder("contact_run");
  const std::string name = solid.write_vtu(dir.string(), "contact", 1.);
  const std::string text = read_file(dir / name);
  EXPECT_NE(text.find("Name=\"contact_pressure\""), std::string::npos);

  output::Hdf5Results h5((dir / "results.h5").string(), MPI_COMM_WORLD);
  h5.write_mesh(solid.results_mesh());
  h5.write_step(solid.results_step(1, 1.));
  const auto force = solid.contact_results().at(0).force_N;
  h5.write_summary({{"contact_force_z", force[2], "N"}});
  h5.write_text("/scenario/input",
                "block on a rigid plane (test_contact_results)");
  h5.write_text("/scenario/parameters_json", "{}");
  h5.write_text("/provenance/test", "ContactPressure.RunFolder");
  h5.finalize();
  if (root)
    {
      output::write_file_atomically((dir / "results.xdmf").string(),
                                    output::make_xdmf("results.h5",
                                                      h5.mesh_info(),
                                                      h5.completed_steps()));
      std::ofstream(dir / "penalty.txt")
        << std::setprecision(17) << penalty << '\n';
    }
  MPI_Barrier(MPI_COMM_WORLD);
  if (!keep && root)
    fs::remove_all(dir);
}

// The force a Dirichlet support exerts on the body (Solid::support_reaction):
// the clamped block's bottom carries its whole weight, upwards, and nothing
// sideways; a boundary without support reports zero. Under mpirun the cells
// of the bottom lie on several ranks, so this also checks the sum over ranks.
TEST(SupportReaction, ClampedBottomCarriesTheWeight)
{
  solver::Solid<3> solid(block(false));
  ASSERT_TRUE(solid.solve().converged);
  const auto   R      = solid.support_reaction(anatomy::boundary::z_min);
  const double weight = weight_density * L * L * H;
  EXPECT_NEAR(R[2], weight, 1e-8 * weight);
  EXPECT_NEAR(R[0], 0., 1e-8 * weight);
  EXPECT_NEAR(R[1], 0., 1e-8 * weight);
  const auto none = solid.support_reaction(anatomy::boundary::z_max);
  EXPECT_EQ(none.norm(), 0.);
}
