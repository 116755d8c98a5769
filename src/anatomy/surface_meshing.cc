// The volume mesh from closed surfaces; see surface_meshing.h.
#include "anatomy/surface_meshing.h"

#include "anatomy/gmsh_session.h"
#include "anatomy/simplex_split.h"
#include "base/errors.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>
#include <unordered_map>

namespace plantarfe::anatomy
{
  using dealii::Point;

  namespace
  {
    /// A closed surface as read: its file, Gmsh entities, triangles.
    struct Surface
    {
      std::string                          file;
      std::vector<int>                     entities;
      std::vector<Point<3>>                x;
      std::vector<std::array<unsigned, 3>> triangles;
      Point<3>                             lo, hi; ///< bounding box
    };

    std::string
    where(const Point<3> &p)
    {
      std::ostringstream text;
      text << "near (" << p[0] << ", " << p[1] << ", " << p[2] << ")";
      return text.str();
    }

    /// The file merged into the session: its surfaces, nodes, triangles.
    Surface
    load_surface(const std::string &file)
    {
      if (!std::filesystem::is_regular_file(file))
        throw ScenarioError(file + ": no such surface file");
      gmsh::vectorpair before, after;
      gmsh::model::getEntities(before, 2);
      try
        {
          gmsh::merge(file);
        }
      catch (...)
        {
          std::string error;
          gmsh::logger::getLastError(error);
          throw ScenarioError(file + ": Gmsh could not read it (" + error +
                              ")");
        }
      gmsh::model::getEntities(after, 2);
      Surface s;
      s.file = file;
      for (std::size_t k = before.size(); k < after.size(); ++k)
        s.entities.push_back(after[k].second);
      std::unordered_map<std::size_t, unsigned> index;
      for (const int entity : s.entities)
        {
          std::vector<std::size_t> tags, corners;
          std::vector<double>      xyz, parametric;
          gmsh::model::mesh::getNodes(tags, xyz, parametric, 2, entity, true);
          for (std::size_t i = 0; i < tags.size(); ++i)
            if (index.emplace(tags[i], s.x.size()).second)
              s.x.emplace_back(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
          std::vector<std::size_t> elements;
          gmsh::model::mesh::getElementsByType(2, elements, corners, entity);
          for (std::size_t e = 0; e + 2 < corners.size(); e += 3)
            s.triangles.push_back({{index.at(corners[e]),
                                    index.at(corners[e + 1]),
                                    index.at(corners[e + 2])}});
        }
      if (s.triangles.empty())
        throw ScenarioError(file + ": no triangles (an STL surface mesh?)");
      s.lo = s.hi = s.x.front();
      for (const auto &p : s.x)
        for (unsigned d = 0; d < 3; ++d)
          {
            s.lo[d] = std::min(s.lo[d], p[d]);
            s.hi[d] = std::max(s.hi[d], p[d]);
          }
      return s;
    }

    /// Every edge on exactly two triangles: closed, and a manifold.
    void
    check_closed(const Surface &s)
    {
      std::map<std::pair<unsigned, unsigned>, unsigned> uses;
      for (const auto &t : s.triangles)
        for (unsigned k = 0; k < 3; ++k)
          ++uses[std::minmax(t[k], t[(k + 1) % 3])];
      for (const auto &[edge, n] : uses)
        if (n != 2)
          throw ScenarioError(
            s.file + ": the surface is " +
            (n == 1 ? "not closed (a hole: an edge of one triangle only, " :
                      "not a manifold (an edge of " + std::to_string(n) +
                        " triangles, ") +
            where(0.5 * (s.x[edge.first] + s.x[edge.second])) +
            "); close it in the segmentation tool before meshing");
    }

    /// Whether @p p lies inside @p s: the number of the surface's triangles
    /// a ray from p crosses is odd (the ray's direction is skewed so that
    /// it meets no edge of a regular mesh).
    bool
    inside(const Surface &s, const Point<3> &p)
    {
      for (unsigned d = 0; d < 3; ++d)
        if (p[d] < s.lo[d] || p[d] > s.hi[d])
          return false;
      const dealii::Tensor<1, 3> r(
        {0.5773502691896, 0.5773902691896, 0.5773002691896});
      unsigned crossings = 0;
      for (const auto &t : s.triangles)
        {
          // Moller-Trumbore: p + u r = a + b1 (b - a) + b2 (c - a).
          const auto   e1 = s.x[t[1]] - s.x[t[0]], e2 = s.x[t[2]] - s.x[t[0]];
          const auto   h   = dealii::cross_product_3d(r, e2);
          const double det = e1 * h;
          if (std::abs(det) < 1e-300)
            continue;
          const auto   q  = p - s.x[t[0]];
          const double b1 = (q * h) / det;
          if (b1 < 0. || b1 > 1.)
            continue;
          const auto   g  = dealii::cross_product_3d(q, e1);
          const double b2 = (r * g) / det;
          if (b2 < 0. || b1 + b2 > 1.)
            continue;
          if ((e2 * g) / det > 0.)
            ++crossings;
        }
      return crossings % 2 == 1;
    }

    /// Up to 64 of the surface's nodes, spread over it.
    std::vector<Point<3>>
    samples(const Surface &s)
    {
      std::vector<Point<3>> points;
      const std::size_t     step = std::max<std::size_t>(1, s.x.size() / 64);
      for (std::size_t i = 0; i < s.x.size(); i += step)
        points.push_back(s.x[i]);
      return points;
    }

    /// Inner surfaces inside the skin and apart from each other.
    void
    check_nesting(const Surface &skin, const std::vector<Surface> &inner)
    {
      for (std::size_t i = 0; i < inner.size(); ++i)
        for (const auto &p : samples(inner[i]))
          {
            if (!inside(skin, p))
              throw ScenarioError(inner[i].file + ": the surface reaches " +
                                  "outside the skin (" + skin.file + ") " +
                                  where(p));
            for (std::size_t j = 0; j < inner.size(); ++j)
              if (j != i && inside(inner[j], p))
                throw ScenarioError(inner[i].file + ": the surface reaches " +
                                    "into " + inner[j].file + " " + where(p) +
                                    "; inner surfaces must not touch");
          }
    }

    /// Tetrahedra in the volumes the surfaces bound. Returns the volumes'
    /// tags: the fill's, then the inner surfaces'.
    std::vector<int>
    mesh_volumes(const Surface &skin, const std::vector<Surface> &inner)
    {
      std::vector<int> loops{gmsh::model::geo::addSurfaceLoop(skin.entities)};
      for (const auto &s : inner)
        loops.push_back(gmsh::model::geo::addSurfaceLoop(s.entities));
      std::vector<int> volumes{gmsh::model::geo::addVolume(loops)};
      for (std::size_t k = 1; k < loops.size(); ++k)
        volumes.push_back(gmsh::model::geo::addVolume({loops[k]}));
      gmsh::model::geo::synchronize();
      try
        {
          gmsh::model::mesh::generate(3);
        }
      catch (...)
        {
          std::string error;
          gmsh::logger::getLastError(error);
          throw ScenarioError(
            skin.file + ": Gmsh could not fill the surfaces with tetrahedra (" +
            error + "); the usual cause is a surface that crosses itself or " +
            "another one");
        }
      return volumes;
    }
  } // namespace

  namespace
  {
    /// The tetrahedra and the skin's triangles as mesh-file data, before
    /// they are split into hexahedra: every Gmsh node, and for each
    /// tetrahedron face (sorted corners) the corner opposite it, which
    /// tells a boundary face's outside.
    struct SimplexMesh
    {
      MeshFileData                                data;
      std::unordered_map<std::size_t, unsigned>   index; ///< Gmsh tag
      std::map<std::array<unsigned, 3>, unsigned> opposite;

      SimplexMesh()
      {
        std::vector<std::size_t> tags;
        std::vector<double>      xyz, parametric;
        gmsh::model::mesh::getNodes(tags, xyz, parametric, -1, -1, true, false);
        for (std::size_t i = 0; i < tags.size(); ++i)
          if (index.emplace(tags[i], data.nodes.size()).second)
            data.nodes.emplace_back(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
      }
    };

    void
    add_tetrahedra(SimplexMesh       &out,
                   const int          volume,
                   const std::string &region,
                   const std::string &file)
    {
      std::vector<std::size_t> tags, corners;
      gmsh::model::mesh::getElementsByType(4, tags, corners, volume);
      if (tags.empty())
        throw ScenarioError(file + ": Gmsh made no tetrahedra in the volume");
      for (std::size_t e = 0; e < tags.size(); ++e)
        {
          FileElement tet;
          tet.number = static_cast<long>(out.data.cells.size() + 1);
          tet.group  = region;
          for (unsigned k = 0; k < 4; ++k)
            tet.nodes.push_back(out.index.at(corners[4 * e + k]));
          for (unsigned k = 0; k < 4; ++k)
            {
              std::array<unsigned, 3> face{{tet.nodes[(k + 1) % 4],
                                            tet.nodes[(k + 2) % 4],
                                            tet.nodes[(k + 3) % 4]}};
              std::sort(face.begin(), face.end());
              out.opposite[face] = tet.nodes[k];
            }
          out.data.cells.push_back(std::move(tet));
        }
    }

    /// The skin's triangles: knee_end where they face up near the top,
    /// skin elsewhere.
    void
    add_skin_faces(SimplexMesh &out, const Surface &skin, const double depth)
    {
      std::vector<std::array<unsigned, 3>> triangles;
      for (const int entity : skin.entities)
        {
          std::vector<std::size_t> tags, corners;
          gmsh::model::mesh::getElementsByType(2, tags, corners, entity);
          for (std::size_t e = 0; e + 2 < corners.size(); e += 3)
            triangles.push_back({{out.index.at(corners[e]),
                                  out.index.at(corners[e + 1]),
                                  out.index.at(corners[e + 2])}});
        }
      const auto &x   = out.data.nodes;
      double      top = -1e300;
      for (const auto &t : triangles)
        for (const auto n : t)
          top = std::max(top, x[n][1]);
      unsigned knee_faces = 0;
      for (const auto &t : triangles)
        {
          auto normal =
            dealii::cross_product_3d(x[t[1]] - x[t[0]], x[t[2]] - x[t[0]]);
          const Point<3> mid = (x[t[0]] + x[t[1]] + x[t[2]]) / 3.;
          auto           key = t;
          std::sort(key.begin(), key.end());
          const auto owner = out.opposite.find(key);
          if (owner == out.opposite.end())
            throw ScenarioError(
              skin.file + ": a face of the skin is on no cell " + where(mid));
          if (normal * (mid - x[owner->second]) < 0.)
            normal *= -1.;
          const bool knee = normal[1] > std::cos(M_PI / 6.) * normal.norm() &&
                            mid[1] > top - depth;
          knee_faces += knee;
          FileElement face;
          face.number = static_cast<long>(out.data.faces.size() + 1);
          face.group  = knee ? "knee_end" : "skin";
          face.nodes.assign(t.begin(), t.end());
          out.data.faces.push_back(std::move(face));
        }
      if (knee_faces == 0)
        {
          std::ostringstream d;
          d << depth;
          throw ScenarioError(
            skin.file + ": no face of the skin faces up within " + d.str() +
            " of its top: the knee end (where the body "
            "weight enters) is the leg's flat top");
        }
    }
  } // namespace

  MeshFileData
  mesh_from_surfaces(const SurfaceSet &set)
  {
    GmshSession          session;
    const Surface        skin = load_surface(set.skin_file);
    std::vector<Surface> inner, painted;
    for (const auto &[region, file] : set.inner)
      inner.push_back(load_surface(file));
    check_closed(skin);
    for (const auto &s : inner)
      check_closed(s);
    check_nesting(skin, inner);
    const auto volumes = mesh_volumes(skin, inner);

    SimplexMesh out;
    add_tetrahedra(out, volumes[0], set.fill_region, set.skin_file);
    // Each tetrahedron becomes four hexahedra, in order (or stays one).
    const std::size_t n_fill =
      (set.keep_simplices ? 1 : 4) * out.data.cells.size();
    for (std::size_t k = 0; k < inner.size(); ++k)
      add_tetrahedra(out, volumes[k + 1], set.inner[k].first, inner[k].file);
    add_skin_faces(out, skin, set.knee_end_depth);
    if (!set.keep_simplices)
      split_simplices(set.skin_file, out.data, 3);

    // Painted regions: fill cells whose centre lies inside (the first
    // painted surface that holds it wins).
    for (const auto &[region, file] : set.painted)
      {
        painted.push_back(load_surface(file));
        check_closed(painted.back());
      }
    for (std::size_t c = 0; c < n_fill; ++c)
      {
        auto    &cell = out.data.cells[c];
        Point<3> centre;
        for (const auto n : cell.nodes)
          centre += out.data.nodes[n] / double(cell.nodes.size());
        for (std::size_t k = 0; k < painted.size(); ++k)
          if (inside(painted[k], centre))
            {
              cell.group = set.painted[k].first;
              break;
            }
      }
    return std::move(out.data);
  }
} // namespace plantarfe::anatomy
