// The matrix-free tangent with geometric multigrid (`Linear solver = mf-gmg`)
// against the assembled tangent: same solutions to solver tolerance (linear
// and finite-strain laws, Q1 and Q2, 2D and 3D, hanging nodes with a
// prescribed, inhomogeneous boundary displacement), CG iterations that stay
// flat under refinement, and clear errors for what it does not support.
#include <deal.II/base/function.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/lac/vector.h>

#include <gtest/gtest.h>

#include "anatomy/analytic_shapes.h"
#include "base/errors.h"
#include "model/analytic_model.h"
#include "mpi_environment.h"
#include "scenario/parameters.h"
#include "solver/solid.h"

#include <iostream>
#include <mpi.h>
#include <string>
#include <vector>

using namespace plantarfe;

namespace
{

  /// g * load fraction.
  struct Ramp : dealii::Function<3>
  {
    Ramp(const dealii::Vector<double> &g)
        : dealii::Function<3>(3)
        , g(g)
    {}
    double
    value(const dealii::Point<3> &, const unsigned int c) const override
    {
      return this->get_time() * g[c];
    }
    dealii::Vector<double> g;
  };

  template <int dim>
  model::AnalyticCase<dim>
  make_case(const std::vector<std::string> &sets)
  {
    dealii::ParameterHandler prm;
    scenario::declare_parameters(prm);
    for (const auto &s : sets)
      scenario::apply_override(prm, s);
    return model::make_analytic_case<dim>(prm);
  }

  struct Outcome
  {
    dealii::Tensor<1, 3> u;
    solver::SolveReport  report;
  };

  template <int dim>
  Outcome
  run(solver::Problem<dim>      problem,
      const dealii::Point<dim> &probe,
      const std::string        &linear_solver)
  {
    problem.settings.linear_solver    = linear_solver == "mf-gmg" ?
                                          solver::LinearSolverKind::mf_gmg :
                                          solver::LinearSolverKind::direct;
    problem.settings.linear_tolerance = 1e-11;
    solver::Solid<dim> solid(std::move(problem), MPI_COMM_WORLD);
    Outcome            out;
    out.report = solid.solve();
    EXPECT_TRUE(out.report.converged) << out.report.failure_reason;
    std::cout << "  " << out.report.linear_solver << ": " << out.report.n_dofs
              << " DOFs, Newton " << out.report.total_newton_iterations
              << ", linear " << out.report.total_linear_iterations << ", setup "
              << out.report.time_setup_s << " s, assembly "
              << out.report.time_assembly_s << " s, solve "
              << out.report.time_solve_s << " s\n";
    const auto u = solid.point_displacement(probe);
    for (unsigned int d = 0; d < dim; ++d)
      out.u[d] = u[d];
    return out;
  }

  template <int dim>
  void
  expect_same(const std::vector<std::string> &sets, const double tol)
  {
    const auto c         = make_case<dim>(sets);
    const auto assembled = run<dim>(c.problem, c.probe, "direct");
    const auto mf        = run<dim>(c.problem, c.probe, "mf-gmg");
    EXPECT_NE(mf.report.linear_solver.find("GMG"), std::string::npos);
    EXPECT_EQ(mf.report.total_newton_iterations,
              assembled.report.total_newton_iterations);
    EXPECT_GT(assembled.u.norm(), 0.);
    EXPECT_LE((mf.u - assembled.u).norm(), tol * assembled.u.norm())
      << "mf-gmg " << mf.u << " vs assembled " << assembled.u;
  }
  /// 2D Cook's membrane, 4 cells per edge, compressible neo-Hookean, Q1
  /// displacement formulation (the tests add refinement and load steps).
  std::vector<std::string>
  cook_2d_neo_hookean_q1()
  {
    return {"Geometry/Shape=cook membrane",
            "Geometry/Dimension=2",
            "Geometry/Cook membrane/Cells per edge=4",
            "Material/Law=neo-Hookean",
            "Material/neo-Hookean/Young's modulus=240e6",
            "Material/neo-Hookean/Poisson's ratio=0.3",
            "Geometry/Cook membrane/Shear traction=6.25e6",
            "Discretisation/Polynomial degree=1",
            "Discretisation/Formulation=displacement"};
  }
} // namespace

TEST(MatrixFreeGmg, LinearBlockQ1MatchesAssembled)
{
  expect_same<3>({"Material/Law=linear elastic",
                  "Material/linear elastic/Young's modulus=350e6",
                  "Material/linear elastic/Poisson's ratio=0.4",
                  "Discretisation/Polynomial degree=1",
                  "Discretisation/Formulation=displacement",
                  "Geometry/Box/Subdivisions=8, 4, 2",
                  "Geometry/Global refinements=2",
                  "Solver/Load steps=1"},
                 1e-8);
}

TEST(MatrixFreeGmg, NeoHookeanBlockQ2MatchesAssembled)
{
  // Finite strain: the tangent changes every Newton iteration.
  expect_same<3>({"Material/Law=neo-Hookean",
                  "Material/neo-Hookean/Young's modulus=350e6",
                  "Material/neo-Hookean/Poisson's ratio=0.4",
                  "Discretisation/Polynomial degree=2",
                  "Discretisation/Formulation=displacement",
                  "Geometry/Box/Subdivisions=4, 2, 2",
                  "Geometry/Box/Top pressure=4e5",
                  "Geometry/Global refinements=1",
                  "Solver/Load steps=2"},
                 1e-8);
}

TEST(MatrixFreeGmg, CookMembrane2DNeoHookeanMatchesAssembled)
{
  auto sets = cook_2d_neo_hookean_q1();
  sets.insert(sets.end(),
              {"Geometry/Global refinements=2", "Solver/Load steps=2"});
  expect_same<2>(sets, 1e-8);
}

TEST(MatrixFreeGmg, HangingNodesAndPrescribedDisplacement)
{
  // Box refined once more near the clamped end (hanging nodes), stretched by
  // a prescribed displacement of its far end (inhomogeneous increments).
  auto  c     = make_case<3>({"Material/Law=neo-Hookean",
                              "Material/neo-Hookean/Young's modulus=350e6",
                              "Material/neo-Hookean/Poisson's ratio=0.4",
                              "Discretisation/Polynomial degree=1",
                              "Discretisation/Formulation=displacement",
                              "Geometry/Box/Subdivisions=4, 2, 2",
                              "Geometry/Box/Top pressure=0",
                              "Solver/Load steps=2"});
  auto &p     = c.problem;
  p.make_mesh = [](dealii::Triangulation<3> &t) {
    anatomy::make_box<3>(t, {{0.1, 0.04, 0.02}}, {{4, 2, 2}}, 2);
    for (const auto &cell : t.active_cell_iterators())
      if (cell->is_locally_owned() && cell->center()[0] < 0.03)
        cell->set_refine_flag();
    t.execute_coarsening_and_refinement();
  };
  dealii::Vector<double> g(3);
  g[0] = 0.004;
  g[2] = -0.002;
  p.dirichlet.push_back({anatomy::boundary::x_max,
                         dealii::ComponentMask(3, true),
                         std::make_shared<Ramp>(g)});
  const dealii::Point<3> probe(0.05, 0.02, 0.01);
  const auto             assembled = run<3>(p, probe, "direct");
  const auto             mf        = run<3>(p, probe, "mf-gmg");
  EXPECT_GT(assembled.u.norm(), 1e-4);
  EXPECT_LE((mf.u - assembled.u).norm(), 1e-8 * assembled.u.norm())
    << "mf-gmg " << mf.u << " vs assembled " << assembled.u;
}

TEST(MatrixFreeGmg, IterationsStayFlatUnderRefinement)
{
  std::vector<unsigned int> iterations;
  for (unsigned int r = 1; r <= 3; ++r)
    {
      const auto c =
        make_case<3>({"Material/Law=linear elastic",
                      "Material/linear elastic/Young's modulus=350e6",
                      "Material/linear elastic/Poisson's ratio=0.4",
                      "Discretisation/Polynomial degree=1",
                      "Discretisation/Formulation=displacement",
                      "Geometry/Box/Subdivisions=8, 4, 2",
                      "Geometry/Global refinements=" + std::to_string(r),
                      "Solver/Load steps=1"});
      auto p                      = c.problem;
      p.settings.linear_solver    = solver::LinearSolverKind::mf_gmg;
      p.settings.linear_tolerance = 1e-8;
      solver::Solid<3> solid(std::move(p), MPI_COMM_WORLD);
      const auto       report = solid.solve();
      ASSERT_TRUE(report.converged) << report.failure_reason;
      iterations.push_back(report.total_linear_iterations);
      std::cout << "  " << report.n_dofs << " DOFs: " << report.linear_solver
                << ", " << report.total_linear_iterations
                << " CG iterations, solve " << report.time_solve_s << " s\n";
    }
  std::ostringstream s;
  for (const auto i : iterations)
    s << i << ' ';
  EXPECT_LE(iterations.back(), iterations.front() + 4) << s.str();
  EXPECT_LE(iterations.back(), 30u) << s.str();
}

TEST(MatrixFreeGmg, RejectsContactAndMixedFormulation)
{
  auto mixed = make_case<3>({"Material/Law=neo-Hookean nearly incompressible",
                             "Discretisation/Formulation=mixed",
                             "Solver/Linear solver=mf-gmg"});
  EXPECT_THROW(solver::Solid<3>(mixed.problem, MPI_COMM_WORLD), ScenarioError);

  auto contact = make_case<3>({"Material/Law=linear elastic",
                               "Discretisation/Formulation=displacement",
                               "Solver/Linear solver=mf-gmg"});
  contact.problem.contacts.push_back({anatomy::boundary::z_min, nullptr, 1e9});
  EXPECT_THROW(solver::Solid<3>(contact.problem, MPI_COMM_WORLD),
               ScenarioError);
}

TEST(NewtonStepLimit, ScalesLongUpdatesAndReachesTheSameSolution)
{
  // Solver/Max Newton displacement scales an update that would move a node
  // further than the limit. It must change the path (more iterations when
  // the limit bites), never the converged solution.
  auto sets = cook_2d_neo_hookean_q1();
  sets.push_back("Solver/Load steps=1");
  const auto free_case    = make_case<2>(sets);
  auto       limited_sets = sets;
  // The tip moves several mm in one step: a 1 mm limit must bite.
  limited_sets.push_back("Solver/Max Newton displacement=1");
  const auto limited_case = make_case<2>(limited_sets);
  EXPECT_DOUBLE_EQ(limited_case.problem.settings.max_displacement_increment,
                   1e-3);
  const auto free = run<2>(free_case.problem, free_case.probe, "direct");
  const auto limited =
    run<2>(limited_case.problem, limited_case.probe, "direct");
  EXPECT_GT(free.u.norm(), 3e-3);
  EXPECT_GT(limited.report.total_newton_iterations,
            free.report.total_newton_iterations);
  EXPECT_LE((limited.u - free.u).norm(), 1e-8 * free.u.norm())
    << "limited " << limited.u << " vs free " << free.u;
}
