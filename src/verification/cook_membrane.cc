// Cook's membrane, nearly incompressible (nu = 0.4999), plane strain:
// the three-field (mixed) Q2-P1 and Q1-P0 results, and P2-P0 on triangles,
// must converge under refinement towards the literature value, while the
// pure-displacement Q1 element locks (its tip displacement stays far below the
// converged value).
#include "anatomy/analytic_shapes.h"
#include "solver/solid.h"
#include "verification/case_helpers.h"
#include "verification/cook_reference.h"
#include "verification/suite.h"

#include <cstdlib>

namespace plantarfe::verification
{
  using namespace dealii;

  double
  cook_tip_displacement(unsigned int        n,
                        unsigned int        degree,
                        solver::Formulation formulation,
                        solver::CellShape cells = solver::CellShape::hypercube)
  {
    namespace bnd = anatomy::boundary;
    solver::Problem<2> p;
    p.make_mesh = [n, cells](Triangulation<2> &t) {
      const auto quads = [n](Triangulation<2> &q) {
        anatomy::make_cook_membrane<2>(q, n, 0.);
      };
      if (cells == solver::CellShape::simplex)
        anatomy::make_simplex_mesh<2>(t, quads);
      else
        quads(t);
    };
    p.settings.cells = cells;
    p.materials[0]   = materials::create_material(cook::law, cook::law_values);
    p.dirichlet.push_back(
      full_dirichlet<2>(bnd::cook_clamped,
                        std::make_shared<Functions::ZeroFunction<2>>(2)));
    Vector<double> t(2);
    t[1] = cook::shear_traction_Pa;
    p.tractions.push_back(
      {bnd::cook_loaded, std::make_shared<Functions::ConstantFunction<2>>(t)});
    p.settings.degree             = degree;
    p.settings.formulation        = formulation;
    p.settings.load_steps         = cook::load_steps;
    p.settings.residual_tolerance = 1e-8;
    p.settings.verbose            = std::getenv("PLANTARFE_DEBUG") != nullptr;
    solver::Solid<2> solid(p);
    const auto       report = solid.solve();
    if (!report.converged)
      throw SolverError("Cook's membrane: " + report.failure_reason);
    return solid.point_displacement(Point<2>(0.048, 0.060))[1];
  }

  Rows
  cook_membrane()
  {
    Rows                            rows;
    const std::vector<unsigned int> meshes = {4, 8, 16, 32};
    std::vector<double>             q2, q1mixed;
    for (const unsigned int n : meshes)
      q2.push_back(cook_tip_displacement(n, 2, solver::Formulation::mixed));
    for (const unsigned int n : {8u, 16u, 32u, 64u})
      q1mixed.push_back(
        cook_tip_displacement(n, 1, solver::Formulation::mixed));
    const double q1disp =
      cook_tip_displacement(32, 1, solver::Formulation::displacement);
    // Triangles: each quadrilateral of the n x n mesh split into 8.
    std::vector<double> p2tri;
    for (const unsigned int n : {8u, 16u, 32u})
      p2tri.push_back(cook_tip_displacement(
        n, 2, solver::Formulation::mixed, solver::CellShape::simplex));
    const double       finest = q2.back();
    const unsigned int k      = q2.size() - 1;
    rows.push_back(at_most("cook-q2-mixed",
                           "change 16->32 cells/edge",
                           std::abs(q2[k] - q2[k - 1]) / std::abs(q2[k]),
                           0.01));
    rows.push_back(relative("cook-q2-mixed",
                            "tip u_y 32x32 (m) vs literature",
                            finest,
                            cook::reference_tip_m,
                            cook::reference_tolerance));
    rows.push_back(
      at_most("cook-q1-mixed",
              "change 32->64 cells/edge",
              std::abs(q1mixed[3] - q1mixed[2]) / std::abs(q1mixed[3]),
              0.01));
    rows.push_back(relative("cook-q1-mixed",
                            "tip u_y 64x64 (m) vs literature",
                            q1mixed[3],
                            cook::reference_tip_m,
                            cook::reference_tolerance));
    rows.push_back(at_most("cook-p2-triangles-mixed",
                           "change 16->32 quads/edge (x8 triangles)",
                           std::abs(p2tri[2] - p2tri[1]) / std::abs(p2tri[2]),
                           0.01));
    rows.push_back(relative("cook-p2-triangles-mixed",
                            "tip u_y 32x32x8 (m) vs literature",
                            p2tri[2],
                            cook::reference_tip_m,
                            cook::reference_tolerance));
    // Locking: the displacement Q1 element on the 32x32 mesh reaches only a
    // fraction of the converged tip displacement.
    rows.push_back(at_most("cook-q1-displacement",
                           "tip u_y 32x32 / converged (locks)",
                           q1disp / finest,
                           0.6));
    return rows;
  }
} // namespace plantarfe::verification
