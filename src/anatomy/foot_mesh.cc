#include "anatomy/foot_mesh.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q1.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_in.h>
#include <deal.II/grid/grid_tools.h>

#include "anatomy/foot_solids.h"
#include "anatomy/gmsh_session.h"
#include "anatomy/mesh_cache.h"
#include "anatomy/regions.h"
#include "base/errors.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gmsh.h>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>

namespace plantarfe::anatomy
{
  using namespace dealii;

  namespace
  {
    using DimTags = std::vector<std::pair<int, int>>;

    int
    add_polygon(const std::vector<Point<2>> &poly)
    {
      std::vector<int> points, lines;
      for (const auto &p : poly)
        points.push_back(gmsh::model::occ::addPoint(p[0], p[1], 0.));
      for (unsigned int i = 0; i < points.size(); ++i)
        lines.push_back(
          gmsh::model::occ::addLine(points[i],
                                    points[(i + 1) % points.size()]));
      const int loop = gmsh::model::occ::addCurveLoop(lines);
      return gmsh::model::occ::addPlaneSurface({loop});
    }

    /// Background size field: inside each surface its region's target
    /// size times @p factor (Gmsh 4.8 field names: Restrict with
    /// FacesList), the minimum where fields overlap.
    void
    set_interior_sizes(const std::map<int, double> &size_of_surface,
                       const double                 factor)
    {
      std::map<double, std::vector<double>> surfaces_of_size;
      for (const auto &[tag, size] : size_of_surface)
        surfaces_of_size[size].push_back(tag);
      std::vector<double> restricted;
      for (const auto &[size, tags] : surfaces_of_size)
        {
          const int value = gmsh::model::mesh::field::add("MathEval");
          gmsh::model::mesh::field::setString(value,
                                              "F",
                                              std::to_string(factor * size));
          const int only = gmsh::model::mesh::field::add("Restrict");
          gmsh::model::mesh::field::setNumber(only, "InField", value);
          gmsh::model::mesh::field::setNumbers(only, "FacesList", tags);
          restricted.push_back(only);
        }
      const int min = gmsh::model::mesh::field::add("Min");
      gmsh::model::mesh::field::setNumbers(min, "FieldsList", restricted);
      gmsh::model::mesh::field::setAsBackgroundMesh(min);
    }

    std::string
    run_gmsh(const FootOutline &outline,
             const double       mesh_size,
             const bool         coarse_interiors,
             const bool         split_triangles)
    {
      GmshSession session;
      gmsh::model::add("foot");
      // Outline vertices of different regions that nearly coincide (the
      // heel pad's front edge and the long plantar ligament's origin tab
      // pass within 3 um of each other under the calcaneus) left 3-10 um
      // sliver cells with aspect ratios near 1,700. Booleans that merge
      // what lies within 10 um (every intended feature is >= 0.5 mm) give
      // a smallest cell of 0.87 mm and aspect ratios below 26.
      gmsh::option::setNumber("Geometry.ToleranceBoolean", 1e-5);

      // Regions in priority order: each is cut by everything before it, so
      // the surfaces never overlap; the heel pad is clipped to the skin.
      std::vector<DimTags>            surfaces;
      std::vector<types::material_id> ids;
      std::vector<double>             sizes;
      DimTags                         taken;
      const int envelope_copy = add_polygon(outline.envelope);
      for (const auto &r : outline.regions)
        {
          DimTags              current = {{2, add_polygon(r.vertices)}};
          DimTags              out;
          std::vector<DimTags> map;
          if (r.id == region::heel_pad)
            {
              DimTags env;
              gmsh::model::occ::copy({{2, envelope_copy}}, env);
              gmsh::model::occ::intersect(current, env, out, map);
              current = out;
            }
          if (!taken.empty() && !current.empty())
            {
              gmsh::model::occ::cut(current, taken, out, map, -1, true, false);
              current = out;
            }
          surfaces.push_back(current);
          ids.push_back(r.id);
          sizes.push_back(r.mesh_size);
          taken.insert(taken.end(), current.begin(), current.end());
        }
      gmsh::model::occ::remove({{2, envelope_copy}}, true);

      // Conforming interfaces: fragment everything against everything.
      DimTags              all = taken, out;
      std::vector<DimTags> map;
      if (all.size() > 1)
        {
          const DimTags first(all.begin(), all.begin() + 1);
          const DimTags rest(all.begin() + 1, all.end());
          gmsh::model::occ::fragment(first, rest, out, map);
        }
      gmsh::model::occ::synchronize();

      // map[k] lists what input entity k (first, then rest) became.
      std::map<int, types::material_id> region_of_surface;
      std::map<int, double>             size_of_surface;
      {
        unsigned int k = 0;
        for (unsigned int r = 0; r < surfaces.size(); ++r)
          for (unsigned int j = 0; j < surfaces[r].size(); ++j, ++k)
            {
              const DimTags &became =
                map.empty() ? DimTags{surfaces[r][j]} : map[k];
              for (const auto &dt : became)
                if (dt.first == 2)
                  {
                    region_of_surface[dt.second] = ids[r];
                    size_of_surface[dt.second]   = sizes[r];
                  }
            }
      }
      std::map<types::material_id, std::vector<int>> surfaces_of_region;
      for (const auto &[tag, id] : region_of_surface)
        surfaces_of_region[id].push_back(tag);
      for (const auto &[id, tags] : surfaces_of_region)
        gmsh::model::addPhysicalGroup(2, tags, id);

      // Sizes at the points: coarse regions first so the finest size wins
      // at points shared by several regions. Full-quad recombination splits
      // every cell once more (triangle pairs into quads of half the size),
      // so Gmsh is asked for twice the target size. (Debian's Gmsh 4.8
      // crashes in the frontal-Delaunay-for-quads algorithm, and blossom
      // alone leaves triangles in the thin layers.)
      gmsh::option::setNumber("General.NumThreads", 1);
      std::vector<std::pair<double, int>> order;
      for (const auto &[tag, size] : size_of_surface)
        order.emplace_back(-size, tag);
      std::sort(order.begin(), order.end());
      auto mesh_with = [&](const double size_factor, const bool full_quad) {
        gmsh::model::mesh::clear();
        for (const auto &[neg_size, tag] : order)
          {
            DimTags pts;
            gmsh::model::getBoundary({{2, tag}}, pts, false, false, true);
            gmsh::model::mesh::setSize(pts, -size_factor * neg_size);
          }
        gmsh::option::setNumber("Mesh.MeshSizeMax",
                                2. * size_factor * mesh_size);
        // By default Gmsh spreads the sizes of a surface's boundary over its
        // interior, so a 2 mm cartilage layer or the fascia makes the
        // neighbouring bone and soft tissue fine all over. With
        // coarse_interiors a background field gives every surface its own
        // region's size inside and the cells grade from a thin layer's
        // edge within a few rows.
        gmsh::option::setNumber("Mesh.MeshSizeExtendFromBoundary",
                                coarse_interiors ? 0 : 1);
        if (coarse_interiors)
          set_interior_sizes(size_of_surface, size_factor);
        gmsh::option::setNumber("Mesh.Algorithm", 6);
        if (split_triangles)
          {
            // The other route to quadrilaterals: every triangle split into
            // three (a different topology and cell shapes, for checking
            // that results do not depend on the recombination).
            gmsh::option::setNumber("Mesh.RecombineAll", 0);
            gmsh::option::setNumber("Mesh.SubdivisionAlgorithm", 1);
          }
        else
          {
            gmsh::option::setNumber("Mesh.RecombineAll", 1);
            gmsh::option::setNumber("Mesh.RecombinationAlgorithm",
                                    full_quad ? 3 : 1);
          }
        gmsh::option::setNumber("Mesh.Smoothing", 5);
        gmsh::model::mesh::generate(2);
        std::vector<int> types;
        gmsh::model::mesh::getElementTypes(types, 2);
        return types.size() == 1 && types[0] == 3; // 3 = 4-node quadrangle
      };
      if (!mesh_with(2., true))
        throw SolverError("Gmsh could not mesh the foot with quadrilaterals "
                          "only");
      gmsh::option::setNumber("Mesh.MshFileVersion", 2.2);
      gmsh::option::setNumber("Mesh.SaveAll", 0);

      char      name[] = "/tmp/plantarfe-foot-XXXXXX.msh";
      const int fd     = mkstemps(name, 4);
      if (fd < 0)
        throw IoError("cannot create a temporary file for the foot mesh");
      close(fd);
      gmsh::write(name);
      std::ifstream      in(name);
      std::ostringstream text;
      text << in.rdbuf();
      std::remove(name);
      return text.str();
    }

    bool
    inside_polygon(const std::vector<Point<2>> &poly, const Point<2> &p)
    {
      bool in = false;
      for (unsigned int i = 0, j = poly.size() - 1; i < poly.size(); j = i++)
        if ((poly[i][1] > p[1]) != (poly[j][1] > p[1]) &&
            p[0] < (poly[j][0] - poly[i][0]) * (p[1] - poly[i][1]) /
                       (poly[j][1] - poly[i][1]) +
                     poly[i][0])
          in = !in;
      return in;
    }

    bool
    is_ligament_region(const types::material_id id)
    {
      const auto &ligaments = ligament_regions();
      return std::find(ligaments.begin(), ligaments.end(), id) !=
             ligaments.end();
    }

    /// Boundary ids from geometry: skin = foot soft tissue faces up to 30 mm
    /// above the ground; knee_end = top of the knee block; the rest free.
    template <int dim>
    void
    set_boundary_ids(Triangulation<dim> &tria, const FootLandmarks &L)
    {
      for (const auto &cell : tria.active_cell_iterators())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary())
            {
              const auto   c = cell->face(f)->center();
              const double b = (c[0] - L.ankle_centre[0]) * L.leg_axis[0] +
                               (c[1] - L.ankle_centre[1]) * L.leg_axis[1];
              types::boundary_id id = surface::free;
              if (cell->material_id() == region::knee &&
                  b > L.knee_end_b - 1e-6)
                id = surface::knee_end;
              else if ((cell->material_id() == region::soft_tissue ||
                        cell->material_id() == region::heel_pad) &&
                       c[1] < 0.030)
                id = surface::skin;
              cell->face(f)->set_boundary_id(id);
            }
    }

    /// Everything run_gmsh() is given, as exact bytes (hex floats).
    std::string
    mesh_cache_key(const FootOutline &outline,
                   const double       mesh_size,
                   const bool         coarse_interiors,
                   const bool         split_triangles)
    {
      std::ostringstream key;
      key << std::hexfloat << "foot-outline size " << mesh_size << '\n'
          << "coarse interiors " << coarse_interiors << '\n';
      // Only when set, so that the recombined meshes keep their keys.
      if (split_triangles)
        key << "split triangles\n";
      for (const auto &r : outline.regions)
        {
          key << "region " << static_cast<unsigned int>(r.id) << ' '
              << r.mesh_size;
          for (const auto &v : r.vertices)
            key << ' ' << v[0] << ' ' << v[1];
          key << '\n';
        }
      key << "envelope";
      for (const auto &v : outline.envelope)
        key << ' ' << v[0] << ' ' << v[1];
      return key.str();
    }

    void
    read_msh(const std::string &text, Triangulation<2> &tria)
    {
      GridIn<2>          in(tria);
      std::istringstream stream(text);
      in.read_msh(stream);
    }
  } // namespace

  std::string
  mesh_outline_msh(const FootOutline &outline,
                   const double       mesh_size,
                   MPI_Comm           comm,
                   const bool         coarse_interiors,
                   const bool         split_triangles)
  {
    std::string text, error;
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      {
        try
          {
            text = cached_mesh_text(mesh_cache_key(outline,
                                                   mesh_size,
                                                   coarse_interiors,
                                                   split_triangles),
                                    [&] {
                                      return run_gmsh(outline,
                                                      mesh_size,
                                                      coarse_interiors,
                                                      split_triangles);
                                    });
          }
        catch (const std::exception &e)
          {
            error =
              std::string("meshing the foot with Gmsh failed: ") + e.what();
          }
      }
    error = Utilities::MPI::broadcast(comm, error, 0);
    if (!error.empty())
      throw SolverError(error);
    return Utilities::MPI::broadcast(comm, text, 0);
  }

  template <>
  void
  make_foot_mesh<2>(const FootGeometry     &geometry,
                    const FootMeshSettings &settings,
                    Triangulation<2>       &tria,
                    MPI_Comm                comm)
  {
    if (!settings.imported.file.empty())
      {
        read_mesh_file(settings.imported, tria);
        tria.refine_global(settings.refinements);
        return;
      }
    const auto outline = make_foot_outline(geometry, settings.mesh_size_2d);
    Triangulation<2> serial;
    read_msh(mesh_outline_msh(outline,
                              settings.mesh_size_2d,
                              comm,
                              false,
                              settings.split_triangles),
             serial);
    tria.copy_triangulation(serial);
    set_boundary_ids(tria, outline.landmarks);
    tria.refine_global(settings.refinements);
  }

  template <>
  void
  make_foot_mesh<3>(const FootGeometry     &geometry,
                    const FootMeshSettings &settings,
                    Triangulation<3>       &tria,
                    MPI_Comm                comm)
  {
    if (!settings.imported.file.empty())
      {
        read_mesh_file(settings.imported, tria);
        tria.refine_global(settings.refinements);
        return;
      }
    if (settings.anatomical)
      throw ScenarioError(anatomical_run_refusal());
    // Thin layers decide the cell count of the in-plane mesh, and every
    // in-plane cell is repeated in every slice: in 3D the fascia is one
    // cell thick (a tension band: its section force needs no bending
    // resolution) and region interiors keep their own size.
    const auto outline = make_foot_outline(geometry, settings.mesh_size_3d, 1);
    Triangulation<2> plane;
    read_msh(mesh_outline_msh(outline,
                              settings.mesh_size_3d,
                              comm,
                              true,
                              settings.split_triangles),
             plane);

    // Slices: every region half-width is a slice boundary and the gaps are
    // split to at most slice_size. The mid-plane is not a boundary of its
    // own: the narrowest structure (the tendon) is one slice wide, and
    // every extra node plane costs a full copy of the in-plane mesh.
    std::set<double> cuts;
    for (const auto &r : foot_regions())
      {
        const double w = region_width(geometry, r.id) / 2.;
        cuts.insert(w);
        cuts.insert(-w);
      }
    std::vector<double> z;
    for (auto it = cuts.begin(); it != cuts.end(); ++it)
      {
        auto next = std::next(it);
        z.push_back(*it);
        if (next == cuts.end())
          break;
        const unsigned int n = std::max(
          1u, unsigned(std::ceil((*next - *it) / settings.slice_size - 1e-9)));
        for (unsigned int k = 1; k < n; ++k)
          z.push_back(*it + (*next - *it) * k / n);
      }
    Triangulation<3> extruded;
    GridGenerator::extrude_triangulation(plane, z, extruded);

    // Narrow structures: outside their width a leg region becomes soft
    // tissue where it lies inside the skin outline (around the ankle) and
    // is removed elsewhere; the fascia and the ligament bands become plantar
    // soft tissue.
    std::set<Triangulation<3>::active_cell_iterator> remove;
    for (const auto &cell : extruded.active_cell_iterators())
      {
        const auto   c  = cell->center();
        const auto   id = cell->material_id();
        const double w  = region_width(geometry, id) / 2.;
        if (std::abs(c[2]) < w)
          continue;
        if (is_leg_region(id))
          {
            if (inside_polygon(outline.envelope, Point<2>(c[0], c[1])))
              cell->set_material_id(region::soft_tissue);
            else
              remove.insert(cell);
          }
        else if (id == region::fascia || id == region::fascia_insertion ||
                 is_ligament_region(id))
          cell->set_material_id(region::soft_tissue);
      }
    Triangulation<3> trimmed;
    if (remove.empty())
      trimmed.copy_triangulation(extruded);
    else
      GridGenerator::create_triangulation_with_removed_cells(extruded,
                                                             remove,
                                                             trimmed);
    // extrude_triangulation builds z in [z0, zn]; nothing to shift.
    tria.copy_triangulation(trimmed);
    set_boundary_ids(tria, outline.landmarks);
    tria.refine_global(settings.refinements);
  }

  template <int dim>
  MeshQuality
  mesh_quality(const Triangulation<dim> &tria, MPI_Comm comm)
  {
    MeshQuality q;
    q.min_cell_size = std::numeric_limits<double>::max();
    // Jacobian determinant at the cell vertices (Q1 geometry).
    const QTrapezoid<dim> vertices;
    const FE_Q<dim>       fe(1);
    const MappingQ1<dim>  mapping;
    FEValues<dim>         fev(mapping, fe, vertices, update_JxW_values);
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          ++q.n_cells;
          fev.reinit(cell);
          double lo = std::numeric_limits<double>::max(), hi = 0.;
          for (unsigned int v = 0; v < vertices.size(); ++v)
            {
              const double j = fev.JxW(v) / vertices.weight(v);
              lo             = std::min(lo, j);
              hi             = std::max(hi, j);
            }
          if (!(lo > 0.))
            ++q.n_inverted;
          if (!(lo > 0.) || lo / hi < q.min_jacobian_ratio)
            {
              q.min_jacobian_ratio = std::max(0., lo / hi);
              for (unsigned int d = 0; d < dim; ++d)
                q.worst_cell[d] = cell->center()[d];
            }
          double emin = std::numeric_limits<double>::max(), emax = 0.;
          for (unsigned int l = 0; l < cell->n_lines(); ++l)
            {
              const double len = cell->line(l)->diameter();
              emin             = std::min(emin, len);
              emax             = std::max(emax, len);
            }
          q.max_aspect_ratio = std::max(q.max_aspect_ratio, emax / emin);
          q.min_cell_size    = std::min(q.min_cell_size, cell->diameter());
        }
    q.n_cells    = Utilities::MPI::sum(q.n_cells, comm);
    q.n_inverted = Utilities::MPI::sum(q.n_inverted, comm);
    {
      // The worst cell's location comes from the rank that owns it.
      const double global = Utilities::MPI::min(q.min_jacobian_ratio, comm);
      const bool   mine   = q.min_jacobian_ratio == global;
      for (auto &x : q.worst_cell)
        x = Utilities::MPI::max(mine ? x : -1e300, comm);
      q.min_jacobian_ratio = global;
    }
    q.max_aspect_ratio = Utilities::MPI::max(q.max_aspect_ratio, comm);
    q.min_cell_size    = Utilities::MPI::min(q.min_cell_size, comm);
    return q;
  }

  template MeshQuality
  mesh_quality(const Triangulation<2> &, MPI_Comm);
  template MeshQuality
  mesh_quality(const Triangulation<3> &, MPI_Comm);
} // namespace plantarfe::anatomy
