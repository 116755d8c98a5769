// Laplace fibre directions (anatomy/laplace_fibres.h) against closed forms:
// in a quarter annulus between two radial end strips u is the polar angle, so
// the fibres are the circumferential direction e_theta (2D, and in-plane in
// 3D), and the error falls at the observed rate of the Q1 gradient; across a
// straight layer between two slabs u is linear and the direction is the
// layer's normal to round-off. Bad pieces and empty regions are refused with
// the rule's name; on the built-in foot the fascia's Laplace fibres follow
// the parametric band.
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_nothing.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/tria.h>

#include <gtest/gtest.h>

#include "anatomy/fibre_fields.h"
#include "anatomy/foot_fibre_rules.h"
#include "anatomy/foot_geometry.h"
#include "anatomy/foot_mesh.h"
#include "anatomy/laplace_fibres.h"
#include "anatomy/regions.h"
#include "base/errors.h"

// Meshing the foot asks deal.II for MPI (a communicator of one).
#include "mpi_environment.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <vector>

using namespace plantarfe;
using namespace dealii;

namespace
{
  constexpr types::material_id start_strip = 1, band = 2, end_strip = 3;

  anatomy::LaplaceFibreRule
  band_rule()
  {
    return {"band", {band}, {{start_strip, 0.}, {end_strip, 1.}}};
  }

  /// The annulus 1 <= r <= 2, 0 <= theta <= pi/2 in n x 4n cells (3D: two
  /// layers over z in [0, 0.5]); the first and last n angular rows are the
  /// end strips (theta < pi/8, theta > 3 pi/8), the rest the band. The
  /// interior circles are waved: on a mesh of concentric rings every cell
  /// row is a rotated copy of the next and the discrete solution is exact.
  template <int dim>
  void
  quarter_annulus(Triangulation<dim> &tria, const unsigned int n)
  {
    std::vector<unsigned int> cells = {n, 4 * n};
    Point<dim>                lower, upper;
    lower[0] = 1.;
    upper[0] = 2.;
    upper[1] = M_PI / 2.;
    if (dim == 3)
      {
        cells.push_back(2);
        upper[2] = 0.5;
      }
    GridGenerator::subdivided_hyper_rectangle(tria, cells, lower, upper);
    for (const auto &cell : tria.active_cell_iterators())
      {
        const double theta = cell->center()[1];
        cell->set_material_id(theta < M_PI / 8. ?
                                start_strip :
                                (theta > 3. * M_PI / 8. ? end_strip : band));
      }
    GridTools::transform(
      [](const Point<dim> &p) {
        // Interior radii waved (the arcs r = 1, 2 stay): an unstructured-
        // like mesh on which the discrete solution is not exact by symmetry.
        const double s = p[0] - 1.;
        const double r = 1. + s + 0.15 * s * (1. - s) * std::sin(8. * p[1]);
        Point<dim>   q = p;
        q[0]           = r * std::cos(p[1]);
        q[1]           = r * std::sin(p[1]);
        return q;
      },
      tria);
  }

  template <int dim>
  Tensor<1, dim>
  e_theta(const Point<dim> &x)
  {
    Tensor<1, dim> e;
    const double   r = std::hypot(x[0], x[1]);
    e[0]             = -x[1] / r;
    e[1]             = x[0] / r;
    return e;
  }

  /// Largest deviation |a - e_theta| over the band's cell centres.
  template <int dim>
  double
  annulus_error(const unsigned int n)
  {
    Triangulation<dim> tria;
    quarter_annulus(tria, n);
    double largest = 0.;
    for (const auto &[centre, a] :
         anatomy::laplace_fibre_directions(tria, band_rule()))
      largest = std::max(largest, (a - e_theta(centre)).norm());
    return largest;
  }

  template <int dim>
  std::vector<double>
  observed_rates()
  {
    std::vector<double> errors, rates;
    for (unsigned int n = 2; n <= 16; n *= 2)
      errors.push_back(annulus_error<dim>(n));
    for (unsigned int i = 0; i + 1 < errors.size(); ++i)
      {
        rates.push_back(std::log2(errors[i] / errors[i + 1]));
        std::cout << dim << "D annulus: error " << errors[i + 1] << ", rate "
                  << rates.back() << "\n";
      }
    return rates;
  }
} // namespace

TEST(LaplaceFibres, QuarterAnnulusFollowsTheArcAtTheGradientsRate2D)
{
  // The Q1 gradient converges at O(h) in general; at the centres of a
  // smoothly distorted mesh it superconverges at O(h^2) (observed: 1.29,
  // 1.82, 1.84 from n = 2 to 16).
  const auto rates = observed_rates<2>();
  EXPECT_GT(rates.back(), 1.7);
  EXPECT_LT(annulus_error<2>(16), 0.02);
}

TEST(LaplaceFibres, QuarterAnnulusFollowsTheArcAtTheGradientsRate3D)
{
  const auto rates = observed_rates<3>();
  EXPECT_GT(rates.back(), 1.7);
  // The same closed form: nothing leaves the plane.
  Triangulation<3> tria;
  quarter_annulus(tria, 4);
  for (const auto &[centre, a] :
       anatomy::laplace_fibre_directions(tria, band_rule()))
    EXPECT_NEAR(a[2], 0., 1e-10) << "at " << centre;
}

TEST(LaplaceFibres, AcrossAStraightLayerTheDirectionIsItsNormal)
{
  // Three slabs (start, layer, end) across y, the whole turned by 30
  // degrees and sheared along the layer: u is linear across the layer, which
  // Q1 on parallelograms represents exactly.
  Triangulation<2> tria;
  GridGenerator::subdivided_hyper_rectangle(tria,
                                            {6, 3},
                                            Point<2>(0., 0.),
                                            Point<2>(3., 0.6));
  for (const auto &cell : tria.active_cell_iterators())
    cell->set_material_id(cell->center()[1] < 0.2 ?
                            start_strip :
                            (cell->center()[1] > 0.4 ? end_strip : band));
  const double angle = M_PI / 6.;
  GridTools::transform(
    [angle](const Point<2> &p) {
      const Point<2> s(p[0] + 0.3 * p[1], p[1]);
      return Point<2>(std::cos(angle) * s[0] - std::sin(angle) * s[1],
                      std::sin(angle) * s[0] + std::cos(angle) * s[1]);
    },
    tria);
  const Tensor<1, 2> normal({-std::sin(angle), std::cos(angle)});
  for (const auto &[centre, a] :
       anatomy::laplace_fibre_directions(tria, band_rule()))
    EXPECT_NEAR((a - normal).norm(), 0., 1e-12) << "at " << centre;
}

TEST(LaplaceFibres, GradedEndsKeepASideAttachedBandsFibresAlongIt)
{
  // A band (0 < y < 1, 2 < x < 8) whose ends sit in L-shaped bones: each
  // bone holds the band's end cap and 2 units of its top side. Graded
  // ends hold u at the axis coordinate, linear in x, which is then the
  // exact solution: the fibres run along x to round-off, up to the bone.
  // Held ends turn the fibres under the bone towards its faces' normal.
  Triangulation<2> tria;
  GridGenerator::subdivided_hyper_rectangle(tria,
                                            {20, 4},
                                            Point<2>(0., 0.),
                                            Point<2>(10., 2.));
  constexpr types::material_id free_tissue = 9;
  for (const auto &cell : tria.active_cell_iterators())
    {
      const auto c = cell->center();
      if (c[0] < 2. || (c[1] > 1. && c[0] < 4.))
        cell->set_material_id(start_strip);
      else if (c[0] > 8. || (c[1] > 1. && c[0] > 6.))
        cell->set_material_id(end_strip);
      else
        cell->set_material_id(c[1] < 1. ? band : free_tissue);
    }
  auto rule        = band_rule();
  rule.graded_ends = true;
  const Tensor<1, 2> along({1., 0.});
  for (const auto &[centre, a] : anatomy::laplace_fibre_directions(tria, rule))
    EXPECT_NEAR((a - along).norm(), 0., 1e-12) << "at " << centre;

  double held_worst = 0.;
  for (const auto &[centre, a] :
       anatomy::laplace_fibre_directions(tria, band_rule()))
    held_worst = std::max(held_worst, std::acos(std::min(1., a[0])));
  std::cout << "held ends: worst angle to the band " << held_worst * 180. / M_PI
            << " deg\n";
  EXPECT_GT(held_worst * 180. / M_PI, 30.);
}

TEST(LaplaceFibres, FieldGivesTheNearestCellsDirection)
{
  Triangulation<2> tria;
  quarter_annulus(tria, 8);
  const auto cells = anatomy::laplace_fibre_directions(tria, band_rule());
  const auto field = anatomy::laplace_fibre_field(tria, band_rule());
  for (const auto &[centre, a] : cells)
    {
      const auto b = field(centre);
      EXPECT_EQ(b[0], a[0]);
      EXPECT_EQ(b[1], a[1]);
      EXPECT_EQ(b[2], 0.);
    }
  // Quadrature points of a refinement (as the solver's refined mesh asks):
  // within the coarse mesh's O(h) of the closed form.
  Triangulation<2> fine;
  fine.copy_triangulation(tria);
  fine.refine_global(1);
  const MappingQ<2>   mapping(1);
  const FE_Nothing<2> no_fe;
  FEValues<2> points(mapping, no_fe, QGauss<2>(2), update_quadrature_points);
  double      largest = 0.;
  for (const auto &cell : fine.active_cell_iterators())
    if (cell->material_id() == band)
      {
        points.reinit(cell);
        for (const auto &x : points.get_quadrature_points())
          {
            const auto   a = field(x);
            Tensor<1, 2> a2({a[0], a[1]});
            largest = std::max(largest, (a2 - e_theta(x)).norm());
          }
      }
  EXPECT_LT(largest, 0.1);
  std::cout << "refined quadrature points: largest deviation " << largest
            << "\n";
}

TEST(LaplaceFibres, PieceWithOneEndOrNoCellsIsRefused)
{
  Triangulation<2> tria;
  quarter_annulus(tria, 2);
  auto one_end = band_rule();
  one_end.end_values.erase(end_strip);
  try
    {
      anatomy::laplace_fibre_directions(tria, one_end);
      FAIL() << "a band with one end was accepted";
    }
  catch (const ScenarioError &e)
    {
      const std::string what = e.what();
      EXPECT_NE(what.find("fibre directions of band"), std::string::npos)
        << what;
      EXPECT_NE(what.find("touches only"), std::string::npos) << what;
    }
  auto none    = band_rule();
  none.regions = {42};
  EXPECT_THROW(anatomy::laplace_fibre_directions(tria, none), ScenarioError);
}

TEST(LaplaceFibres, FootFasciaFollowsTheParametricBand)
{
  // The built-in 2D foot: the fascia's Laplace fibres from the calcaneus to
  // the phalanges against the band's centre line the outline draws.
  anatomy::FootGeometry     geometry;
  anatomy::FootMeshSettings settings;
  Triangulation<2>          tria;
  anatomy::make_foot_mesh(geometry, settings, tria, MPI_COMM_SELF);
  const auto &rule = anatomy::foot_fibre_rules().front();
  ASSERT_EQ(rule.name, "the fascia");
  const auto outline = anatomy::make_foot_outline(geometry, 0.003);
  const auto band = anatomy::along_polyline<2>(outline.landmarks.fascia_line);
  std::vector<double> angles;
  for (const auto &[centre, a] : anatomy::laplace_fibre_directions(tria, rule))
    {
      const auto b = band(centre);
      angles.push_back(std::acos(std::min(1., a[0] * b[0] + a[1] * b[1])) *
                       180. / M_PI);
    }
  std::sort(angles.begin(), angles.end());
  const double median = angles[angles.size() / 2];
  const double p90    = angles[angles.size() * 9 / 10];
  std::cout << "fascia: " << angles.size() << " cells, angle to the band "
            << "median " << median << " deg, 90th percentile " << p90
            << " deg, largest " << angles.back() << " deg\n";
  // Along the band everywhere but in the last cells at each end, where the
  // band meets its bone (graded ends; observed: median 0, 90 % below
  // 0.33 deg, largest 32 deg in the last cell under the phalanx).
  EXPECT_LT(median, 0.5);
  EXPECT_LT(p90, 1.);
  EXPECT_LT(angles.back(), 45.);
}
