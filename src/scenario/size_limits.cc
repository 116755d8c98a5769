// Size estimates and limits of a scenario before meshing; see size_limits.h.
#include "scenario/size_limits.h"

#include <deal.II/base/utilities.h>

#include "base/errors.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <sstream>
#include <unistd.h>

namespace plantarfe::scenario
{
  using namespace dealii;

  namespace
  {
    /// Bytes of a size written as a number with an optional K/M/G/T suffix
    /// (powers of 1024); negative when it cannot be read.
    double
    parse_bytes(const std::string &text)
    {
      char        *end   = nullptr;
      const double value = std::strtod(text.c_str(), &end);
      if (end == text.c_str() || !(value > 0.) || !std::isfinite(value))
        return -1.;
      const std::string suffix(end);
      const std::string units = "KMGT";
      if (suffix.empty() || suffix == "B")
        return value;
      const auto power = units.find(static_cast<char>(std::toupper(suffix[0])));
      if (power == std::string::npos ||
          (suffix.size() > 1 && suffix.substr(1) != "B" &&
           suffix.substr(1) != "iB"))
        return -1.;
      return value * std::pow(1024., static_cast<double>(power + 1));
    }

    std::string
    gigabytes(const double bytes)
    {
      const double       gb = bytes / (1024. * 1024. * 1024.);
      std::ostringstream s;
      if (gb < 10.)
        s << std::fixed << std::setprecision(1) << gb;
      else if (gb < 1e7)
        s << std::fixed << std::setprecision(0) << gb;
      else
        s << std::setprecision(2) << gb;
      s << " GB";
      return s.str();
    }

    std::string
    count(const double n)
    {
      std::ostringstream s;
      s.precision(2);
      s << n;
      return s.str();
    }

    /// Memory per DOF of the linear solver that will run, from the
    /// benchmarks in bench/README.md (peak RSS less the 0.2 GB start-up):
    /// MUMPS on the 3D foot 11.6 kB/DOF at 40k DOFs and 15.8 at 105k (the
    /// fill grows as N^(1/3)), the 2D foot 7 kB/DOF, CG with AMG on
    /// the Q2 block 4.3 kB/DOF, matrix-free multigrid 0.9 kB/DOF.
    double
    bytes_per_dof(ParameterHandler &prm, const int dim, const double dofs)
    {
      prm.enter_subsection("Solver");
      std::string  solver   = prm.get("Linear solver");
      const double max_dofs = prm.get_double("Direct solver max DOFs");
      prm.leave_subsection();
      if (solver == "auto")
        solver = dofs <= max_dofs ? "direct" : "cg-amg";
      if (solver == "mf-gmg")
        return 1.0e3;
      if (solver != "direct")
        return 5.0e3;
      if (dim == 2)
        return 8.0e3;
      return 12.0e3 * std::max(1., std::cbrt(dofs / 4.0e4));
    }

    std::vector<double>
    numbers(const std::string &list)
    {
      std::vector<double> out;
      for (const auto &v : Utilities::split_string_list(list, ','))
        out.push_back(Utilities::string_to_double(v));
      return out;
    }
  } // namespace

  ModelSizeEstimate
  estimate_model_size(ParameterHandler &prm)
  {
    ModelSizeEstimate e;
    prm.enter_subsection("Geometry");
    const std::string shape       = prm.get("Shape");
    const int         dim         = prm.get_integer("Dimension");
    const double      refinements = prm.get_double("Global refinements");
    prm.enter_subsection("Box");
    const auto subdivisions = numbers(prm.get("Subdivisions"));
    prm.leave_subsection();
    prm.enter_subsection("Cook membrane");
    const double cook_cells = prm.get_double("Cells per edge");
    prm.leave_subsection();
    const std::string mesh_file = prm.get("Mesh file");
    prm.leave_subsection();
    // In double: the products overflow any integer for absurd entries.
    const double per_refinement = std::pow(2., dim);
    if (shape == "mesh file")
      {
        // A hexahedron's line in a mesh file takes at least ~40 bytes with
        // its share of the nodes: an upper bound on the cells.
        std::error_code ec;
        const double    bytes = std::filesystem::file_size(mesh_file, ec);
        prm.enter_subsection("Foot");
        prm.enter_subsection("Mesh");
        const double r = prm.get_double("Refinements");
        prm.leave_subsection();
        prm.leave_subsection();
        e.cells   = (ec ? 0. : bytes / 40.) * std::pow(per_refinement, r);
        e.entries = "Geometry/Mesh file, Foot/Mesh/Refinements";
      }
    else if (shape == "foot")
      {
        prm.enter_subsection("Foot");
        prm.enter_subsection("Mesh");
        const double h2    = prm.get_double("Cell size 2D");
        const double h3    = prm.get_double("Cell size 3D");
        const double slice = prm.get_double("Slice size");
        const double r     = prm.get_double("Refinements");
        prm.leave_subsection();
        prm.leave_subsection();
        // Cells of the sagittal section at cell size h (mm): a fit to the
        // shipped 2D foot at 6, 3, 1.5 and 0.75 mm (2360, 3149, 6320,
        // 20141 cells; the fit is 5-20 % above each). The thin layers
        // (cartilage, fascia, skin) keep ~2500 cells at any size.
        const auto section = [](const double h) {
          return 2500. + 11200. / (h * h);
        };
        if (dim == 2)
          {
            e.cells   = section(h2) * std::pow(4., r);
            e.entries = "Foot/Mesh/Cell size 2D, Foot/Mesh/Refinements";
          }
        else
          {
            // The 3D foot at (cell, slice) = (6, 12), (6, 6), (3, 24),
            // (12, 24) mm has 11354, 20350, 11277, 6622 cells; this is
            // 3-47 % above each.
            e.cells = 0.6 * section(h3) * (1. + 100. / slice) * std::pow(8., r);
            e.entries = "Foot/Mesh/Cell size 3D, Foot/Mesh/Slice size, "
                        "Foot/Mesh/Refinements";
          }
      }
    else
      {
        double coarse = 1.;
        if (shape == "box")
          {
            for (int d = 0; d < dim; ++d)
              coarse *= subdivisions[dim == 2 && d == 1 ? 2 : d];
            e.entries = "Geometry/Box/Subdivisions, Geometry/Global "
                        "refinements";
          }
        else if (shape == "cook membrane")
          {
            coarse =
              cook_cells * cook_cells *
              (dim == 3 ? std::max(1., std::floor(cook_cells / 4.)) : 1.);
            e.entries = "Geometry/Cook membrane/Cells per edge, "
                        "Geometry/Global refinements";
          }
        else
          {
            coarse    = dim == 2 ? 2. : 4.; // the quarter annulus
            e.entries = "Geometry/Global refinements";
          }
        e.cells = coarse * std::pow(per_refinement, refinements);
      }
    prm.enter_subsection("Discretisation");
    const double degree = prm.get_double("Polynomial degree");
    prm.leave_subsection();
    // A continuous Q_p field has ~p^dim nodes per cell on a large mesh;
    // 20 % more for boundaries and the finer layers.
    e.dofs = 1.2 * e.cells * dim * std::pow(degree, dim);
    // 0.2 GB start-up (libraries) plus the solver's share per DOF.
    e.bytes = 0.2e9 + e.dofs * bytes_per_dof(prm, dim, e.dofs);
    return e;
  }

  double
  memory_limit_bytes()
  {
    if (const char *text = std::getenv("PLANTARFE_MEMORY_LIMIT"))
      {
        const double bytes = parse_bytes(text);
        if (bytes <= 0.)
          throw ScenarioError(std::string("PLANTARFE_MEMORY_LIMIT=") + text +
                              ": not a size; write e.g. 64G, 512M or bytes");
        return bytes;
      }
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    return pages > 0 && page > 0 ? static_cast<double>(pages) * page : 8e9;
  }

  std::size_t
  max_sweep_points()
  {
    if (const char *text = std::getenv("PLANTARFE_MAX_RUNS"))
      {
        char        *end = nullptr;
        const double n   = std::strtod(text, &end);
        if (end == text || *end != '\0' || !(n >= 1.) || n > 1e12)
          throw ScenarioError(std::string("PLANTARFE_MAX_RUNS=") + text +
                              ": not a number of runs (>= 1)");
        return static_cast<std::size_t>(n);
      }
    return 10000;
  }

  void
  check_model_size(ParameterHandler &prm)
  {
    const ModelSizeEstimate e     = estimate_model_size(prm);
    const double            limit = memory_limit_bytes();
    if (e.bytes <= limit && std::isfinite(e.bytes))
      return;
    throw ScenarioError(
      e.entries + ": the model would have about " + count(e.cells) +
      " cells and " + count(e.dofs) + " DOFs and need about " +
      gigabytes(e.bytes) + " of memory; " +
      (std::getenv("PLANTARFE_MEMORY_LIMIT") ? "PLANTARFE_MEMORY_LIMIT is " :
                                               "this machine has ") +
      gigabytes(limit) +
      ". Use coarser cells or fewer refinements, or on a machine that has "
      "the memory set PLANTARFE_MEMORY_LIMIT (e.g. =" +
      std::to_string(static_cast<long long>(
        std::min(9e15, std::ceil(e.bytes / (1024. * 1024. * 1024.))))) +
      "G) to go ahead");
  }
} // namespace plantarfe::scenario
