#include "model/analytic_model.h"

#include <deal.II/base/function.h>
#include <deal.II/base/utilities.h>
#include <deal.II/lac/vector.h>

#include "anatomy/analytic_shapes.h"
#include "base/errors.h"
#include "loads/radial_pressure.h"
#include "materials/registry.h"
#include "model/scenario_type.h"
#include "scenario/solver_settings.h"

namespace plantarfe::model
{
  using namespace dealii;

  namespace
  {
    std::vector<double>
    get_doubles(ParameterHandler &prm, const std::string &entry)
    {
      return Utilities::string_to_double(
        Utilities::split_string_list(prm.get(entry)));
    }
  } // namespace

  template <int dim>
  AnalyticCase<dim>
  make_analytic_case(ParameterHandler &prm)
  {
    namespace bnd = anatomy::boundary;
    AnalyticCase<dim> c;
    auto             &p = c.problem;
    p.settings          = scenario::read_settings(prm);
    if (p.settings.cells == solver::CellShape::simplex)
      throw ScenarioError("Discretisation/Cells = tetrahedra needs "
                          "Geometry/Shape = mesh file: the analytic shapes "
                          "are meshed with hexahedra");

    prm.enter_subsection("Material");
    std::shared_ptr<const materials::Material> law =
      materials::create_material(prm);
    const bool fibres = prm.get("Fibre family") != "none";
    const auto dir    = get_doubles(prm, "Fibre direction");
    prm.leave_subsection();
    p.materials[0] = law;
    if (fibres)
      {
        materials::Vector3 a({dir[0], dir[1], dir[2]});
        if (a.norm() == 0.)
          throw ScenarioError("Material/Fibre direction must not be zero");
        a /= a.norm();
        p.fibre_directions[0] = [a](const Point<dim> &) { return a; };
      }

    auto clamp = [&](types::boundary_id id) {
      p.dirichlet.push_back(
        {id,
         ComponentMask(dim, true),
         std::make_shared<Functions::ZeroFunction<dim>>(dim)});
    };
    auto hold = [&](types::boundary_id id, unsigned int component) {
      ComponentMask mask(dim, false);
      mask.set(component, true);
      p.dirichlet.push_back(
        {id, mask, std::make_shared<Functions::ZeroFunction<dim>>(dim)});
    };

    prm.enter_subsection("Geometry");
    const std::string  shape       = prm.get("Shape");
    const unsigned int refinements = prm.get_integer("Global refinements");
    if (shape == "box")
      {
        prm.enter_subsection("Box");
        const auto   size     = get_doubles(prm, "Size");
        const auto   subs     = get_doubles(prm, "Subdivisions");
        const double pressure = prm.get_double("Top pressure");
        prm.leave_subsection();
        // In 2D the box is the x-(height) section.
        std::array<double, 3> sz{
          {size[0], dim == 2 ? size[2] : size[1], size[2]}};
        std::array<unsigned int, 3> sb{{unsigned(subs[0]),
                                        unsigned(dim == 2 ? subs[2] : subs[1]),
                                        unsigned(subs[2])}};
        p.make_mesh = [sz, sb, refinements](Triangulation<dim> &t) {
          anatomy::make_box<dim>(t, sz, sb, refinements);
        };
        clamp(bnd::x_min);
        Vector<double> t(dim);
        t[dim - 1] = -pressure;
        p.tractions.push_back(
          {dim == 2 ? bnd::y_max : bnd::z_max,
           std::make_shared<Functions::ConstantFunction<dim>>(t)});
        for (unsigned int d = 0; d < dim; ++d)
          c.probe[d] = sz[d] * (d == 0 ? 1. : 0.5);
        c.probe_label = "tip";
      }
    else if (shape == "cook membrane")
      {
        prm.enter_subsection("Cook membrane");
        const unsigned int n         = prm.get_integer("Cells per edge");
        const double       thickness = prm.get_double("Thickness");
        const double       shear     = prm.get_double("Shear traction");
        prm.leave_subsection();
        p.make_mesh = [n, thickness, refinements](Triangulation<dim> &t) {
          anatomy::make_cook_membrane<dim>(t, n, thickness);
          t.refine_global(refinements);
        };
        clamp(bnd::cook_clamped);
        if (dim == 3)
          hold(bnd::cook_faces, 2);
        Vector<double> t(dim);
        t[1] = shear;
        p.tractions.push_back(
          {bnd::cook_loaded,
           std::make_shared<Functions::ConstantFunction<dim>>(t)});
        c.probe[0] = 0.048;
        c.probe[1] = 0.060;
        if (dim == 3)
          c.probe[2] = 0.5 * thickness;
        c.probe_label = "top-right corner";
      }
    else
      {
        prm.enter_subsection("Thick cylinder");
        const double a  = prm.get_double("Inner radius"),
                     b  = prm.get_double("Outer radius");
        const double h  = prm.get_double("Height"),
                     pi = prm.get_double("Internal pressure");
        prm.leave_subsection();
        p.make_mesh = [a, b, h, refinements](Triangulation<dim> &t) {
          anatomy::make_thick_cylinder<dim>(t, a, b, h, refinements);
        };
        hold(bnd::cyl_sym_x, 0);
        hold(bnd::cyl_sym_y, 1);
        if (dim == 3)
          hold(bnd::cyl_ends, 2);
        // Internal pressure as a dead load on the reference configuration.
        p.tractions.push_back(
          {bnd::cyl_inner, std::make_shared<loads::RadialPressure<dim>>(pi)});
        c.probe[0]    = a;
        c.probe_label = "inner surface";
      }
    prm.leave_subsection();
    return c;
  }

  template AnalyticCase<2>
  make_analytic_case<2>(ParameterHandler &);
  template AnalyticCase<3>
  make_analytic_case<3>(ParameterHandler &);

  namespace
  {
    /// The analytic case as a model: its problem and the probe whose
    /// displacement the summary reports.
    template <int dim>
    ModelCase<dim>
    analytic_model(dealii::ParameterHandler &prm, MPI_Comm /*comm*/)
    {
      AnalyticCase<dim> a = make_analytic_case<dim>(prm);
      ModelCase<dim>    c;
      c.problem = std::move(a.problem);
      metrics::ProbeFacts probe;
      for (unsigned int d = 0; d < dim; ++d)
        probe.point[d] = a.probe[d];
      probe.label           = a.probe_label;
      c.metric_inputs.probe = probe;
      return c;
    }

    const char *const verification_shape =
      "analytic verification geometry (probe displacement only)";
    const bool box_registered = ScenarioTypes::add(
      {"box", verification_shape, analytic_model<2>, analytic_model<3>});
    const bool cook_registered     = ScenarioTypes::add({"cook membrane",
                                                         verification_shape,
                                                         analytic_model<2>,
                                                         analytic_model<3>});
    const bool cylinder_registered = ScenarioTypes::add({"thick cylinder",
                                                         verification_shape,
                                                         analytic_model<2>,
                                                         analytic_model<3>});
  } // namespace
} // namespace plantarfe::model
