#include "anatomy/mesh_surface.h"

#include "anatomy/regions.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace plantarfe::anatomy
{
  using namespace dealii;

  namespace
  {
    template <int dim>
    Point<3>
    lift(const Point<dim> &p)
    {
      Point<3> q;
      for (int d = 0; d < dim; ++d)
        q[d] = p[d];
      return q;
    }

    bool
    is_bone(const types::material_id id)
    {
      return is_one_of(bone_regions(), id);
    }

    /// Outward unit normal of a boundary face: the face's own normal
    /// (2D: the edge turned; 3D: the cross product of the diagonals),
    /// pointed away from its cell's centre.
    template <int dim>
    Tensor<1, 3>
    outward_normal(const std::vector<Point<3>> &v, const Point<3> &cell_centre)
    {
      Tensor<1, 3> n;
      if (dim == 2)
        n = Tensor<1, 3>({v[1][1] - v[0][1], v[0][0] - v[1][0], 0.});
      else
        n = cross_product_3d(v[3] - v[0], v[2] - v[1]);
      Point<3> centre;
      for (const auto &x : v)
        centre += x / double(v.size());
      if ((centre - cell_centre) * n < 0.)
        n = -n;
      return n / n.norm();
    }

    /// Where the segment p -> q crosses the plane z = @p z, if it does.
    bool
    crossing(const Point<3> &p, const Point<3> &q, const double z, Point<2> &x)
    {
      if ((p[2] - z) * (q[2] - z) > 0. || p[2] == q[2])
        return false;
      const double f = (z - p[2]) / (q[2] - p[2]);
      x = Point<2>(p[0] + f * (q[0] - p[0]), p[1] + f * (q[1] - p[1]));
      return true;
    }

    /// Points every @p spacing along p -> q, p included, q not.
    void
    sample_edge(const Point<3>          &p,
                const Point<3>          &q,
                const double             spacing,
                const types::material_id bone,
                std::vector<BonePoint>  &out)
    {
      const unsigned int n = 1 + unsigned((q - p).norm() / spacing);
      for (unsigned int k = 0; k < n; ++k)
        out.push_back({p + (double(k) / n) * (q - p), bone});
    }
  } // namespace

  std::vector<SkinEdge>
  MeshSurface::section(const double z) const
  {
    std::vector<SkinEdge> edges;
    for (std::size_t f = 0; f < faces.size(); ++f)
      {
        const Tensor<1, 2> n_xy({normals[f][0], normals[f][1]});
        if (n_xy.norm() < 0.1)
          continue;
        const auto &v = faces[f];
        if (dim == 2)
          {
            edges.push_back({Point<2>(v[0][0], v[0][1]),
                             Point<2>(v[1][0], v[1][1]),
                             n_xy / n_xy.norm()});
            continue;
          }
        // The quadrilateral's loop 0-1-3-2 cut by the plane: two crossings
        // (a corner on the plane may count twice: keep distinct points).
        const unsigned int    loop[4] = {0, 1, 3, 2};
        std::vector<Point<2>> cut;
        for (unsigned int i = 0; i < 4; ++i)
          {
            Point<2> x;
            if (crossing(v[loop[i]], v[loop[(i + 1) % 4]], z, x) &&
                std::none_of(cut.begin(), cut.end(), [&](const Point<2> &y) {
                  return (x - y).norm() < 1e-12;
                }))
              cut.push_back(x);
          }
        if (cut.size() == 2)
          edges.push_back({cut[0], cut[1], n_xy / n_xy.norm()});
      }
    return edges;
  }

  template <int dim>
  MeshSurface
  mesh_surface(std::shared_ptr<const Triangulation<dim>> tria,
               const double                              spacing)
  {
    MeshSurface s;
    s.dim             = dim;
    const double big  = std::numeric_limits<double>::max();
    double       x_lo = big, x_hi = -big, insertion_area = 0.;
    s.foot_z_min = s.calf_z_min = big;
    s.foot_z_max = s.calf_z_max = -big;
    for (const auto &cell : tria->active_cell_iterators())
      {
        const auto id = cell->material_id();
        for (const auto v : cell->vertex_indices())
          {
            const Point<dim> &x = cell->vertex(v);
            const double      z = lift(x)[2];
            if (!is_leg_region(id))
              {
                x_lo         = std::min(x_lo, x[0]);
                x_hi         = std::max(x_hi, x[0]);
                s.foot_z_min = std::min(s.foot_z_min, z);
                s.foot_z_max = std::max(s.foot_z_max, z);
              }
            if (id == region::calf_muscle)
              {
                s.calf_z_min = std::min(s.calf_z_min, z);
                s.calf_z_max = std::max(s.calf_z_max, z);
              }
          }
        if (id == region::fascia_insertion)
          {
            s.insertion_centre_x += cell->measure() * cell->center()[0];
            insertion_area += cell->measure();
          }
        const Point<3> centre = lift(cell->center());
        for (const auto f : cell->face_indices())
          {
            const auto            face = cell->face(f);
            std::vector<Point<3>> v;
            for (const auto k : face->vertex_indices())
              v.push_back(lift(face->vertex(k)));
            if (face->at_boundary() && face->boundary_id() != surface::knee_end)
              {
                s.normals.push_back(outward_normal<dim>(v, centre));
                s.faces.push_back(v);
              }
            const bool bone_surface =
              is_bone(id) && (face->at_boundary() ||
                              !is_bone(cell->neighbor(f)->material_id()));
            if (bone_surface)
              for (unsigned int e = 0; e < (dim == 2 ? 1u : 4u); ++e)
                {
                  // 2D: the edge itself; 3D: the face's four edges (each
                  // shared edge is sampled twice: harmless).
                  const unsigned int loop[4] = {0, 1, 3, 2};
                  const Point<3>    &p       = dim == 2 ? v[0] : v[loop[e]];
                  const Point<3>    &q = dim == 2 ? v[1] : v[loop[(e + 1) % 4]];
                  sample_edge(p, q, spacing, id, s.bone_points);
                }
          }
      }
    s.foot_length        = x_hi > x_lo ? x_hi - x_lo : 0.;
    s.insertion_centre_x = insertion_area > 0. ?
                             s.insertion_centre_x / insertion_area :
                             std::numeric_limits<double>::quiet_NaN();
    s.bone_at            = [tria](const Point<3> &p) {
      Point<dim> x;
      for (int d = 0; d < dim; ++d)
        x[d] = p[d];
      for (const auto &cell : tria->active_cell_iterators())
        if (is_bone(cell->material_id()) &&
            cell->bounding_box().point_inside(x) && cell->point_inside(x))
          return cell->material_id();
      return numbers::invalid_material_id;
    };
    return s;
  }

  template MeshSurface
  mesh_surface(std::shared_ptr<const Triangulation<2>>, double);
  template MeshSurface
  mesh_surface(std::shared_ptr<const Triangulation<3>>, double);
} // namespace plantarfe::anatomy
