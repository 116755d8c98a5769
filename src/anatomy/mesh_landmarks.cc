#include "anatomy/mesh_landmarks.h"

#include <deal.II/grid/tria.h>

#include <Eigen/Dense>

#include "anatomy/foot_fibre_rules.h"
#include "anatomy/foot_mesh.h"
#include "anatomy/mesh_files.h"
#include "anatomy/point_text.h"
#include "anatomy/regions.h"
#include "base/errors.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

namespace plantarfe::anatomy
{
  using namespace dealii;
  using Ids = std::set<types::material_id>;

  namespace
  {
    template <int dim>
    Point<2>
    xy(const Point<dim> &p)
    {
      return Point<2>(p[0], p[1]);
    }

    [[noreturn]] void
    cannot_find(const std::string &landmark, const std::string &why)
    {
      throw ScenarioError("Geometry/Landmarks: mesh: cannot find the " +
                          landmark + ": " + why +
                          "; give it in Geometry/Landmark points");
    }

    /// A face between two regions, or on a surface, seen in the sagittal
    /// plane: its vertices' (x, y), its centre and its measure.
    struct Face
    {
      std::vector<Point<2>> vertices;
      Point<2>              centre;
      double                measure = 0.;
      Point<2>              inside; ///< centre of the cell it was seen from
    };

    template <class FaceIterator>
    Face
    sagittal(const FaceIterator &face)
    {
      Face out;
      for (const unsigned int v : face->vertex_indices())
        out.vertices.push_back(xy(face->vertex(v)));
      out.centre  = xy(face->center());
      out.measure = face->measure();
      return out;
    }

    /// The faces between a cell of @p from and a neighbour in @p to (the
    /// coarse mesh is conforming).
    /// Height of the skin's lowest point on the vertical line at @p x
    /// (2D) or at (x, z = 0), the plane the foot's metrics probe (3D): the
    /// line meets the skin's faces, which are straight (2D) or planar
    /// triangles and quadrilaterals (3D; the split of a tetrahedral file
    /// keeps its faces planar). NaN when the line misses the skin.
    template <int dim>
    double
    skin_height_on_vertical(const Triangulation<dim> &tria, const double x)
    {
      constexpr double eps    = 1e-12;
      double           lowest = std::numeric_limits<double>::quiet_NaN();
      const auto       keep   = [&lowest](const double y) {
        if (std::isnan(lowest) || y < lowest)
          lowest = y;
      };
      for (const auto &face : tria.active_face_iterators())
        if (face->at_boundary() && face->boundary_id() == surface::skin)
          {
            if constexpr (dim == 2)
              {
                const Point<2> a = face->vertex(0), b = face->vertex(1);
                if (a[0] == b[0] || (a[0] - x) * (b[0] - x) > 0.)
                  continue;
                keep(a[1] + (x - a[0]) / (b[0] - a[0]) * (b[1] - a[1]));
              }
            else
              {
                // A quadrilateral's corners are numbered lexicographically.
                const std::vector<std::array<unsigned int, 3>> pieces =
                  face->n_vertices() == 3 ?
                    std::vector<std::array<unsigned int, 3>>{{{0, 1, 2}}} :
                    std::vector<std::array<unsigned int, 3>>{{{0, 1, 3}},
                                                             {{0, 3, 2}}};
                for (const auto &t : pieces)
                  {
                    const Point<dim> p0 = face->vertex(t[0]);
                    const auto       e1 = face->vertex(t[1]) - p0;
                    const auto       e2 = face->vertex(t[2]) - p0;
                    // (x, 0) = p0 + l1 e1 + l2 e2 in the x-z plane.
                    const double det = e1[0] * e2[2] - e2[0] * e1[2];
                    if (det == 0.)
                      continue;
                    const double rx = x - p0[0], rz = -p0[2];
                    const double l1 = (rx * e2[2] - e2[0] * rz) / det;
                    const double l2 = (e1[0] * rz - rx * e1[2]) / det;
                    if (l1 < -eps || l2 < -eps || l1 + l2 > 1. + eps)
                      continue;
                    keep(p0[1] + l1 * e1[1] + l2 * e2[1]);
                  }
              }
          }
      return lowest;
    }

    template <int dim>
    std::vector<Face>
    interface(const Triangulation<dim> &tria, const Ids &from, const Ids &to)
    {
      std::vector<Face> out;
      for (const auto &cell : tria.active_cell_iterators())
        if (from.count(cell->material_id()))
          for (const unsigned int f : cell->face_indices())
            if (!cell->at_boundary(f) && cell->neighbor(f)->is_active() &&
                to.count(cell->neighbor(f)->material_id()))
              {
                out.push_back(sagittal(cell->face(f)));
                out.back().inside = xy(cell->center());
              }
      return out;
    }

    template <int dim>
    std::vector<Face>
    surface_faces(const Triangulation<dim> &tria, const types::boundary_id id)
    {
      std::vector<Face> out;
      for (const auto &face : tria.active_face_iterators())
        if (face->at_boundary() && face->boundary_id() == id)
          out.push_back(sagittal(face));
      return out;
    }

    Point<2>
    centroid(const std::vector<Face> &faces)
    {
      Tensor<1, 2> sum;
      double       total = 0.;
      for (const auto &f : faces)
        {
          sum += f.measure * f.centre;
          total += f.measure;
        }
      return Point<2>(sum / total);
    }

    std::vector<Point<2>>
    vertices(const std::vector<Face> &faces)
    {
      std::vector<Point<2>> out;
      for (const auto &f : faces)
        out.insert(out.end(), f.vertices.begin(), f.vertices.end());
      return out;
    }

    /// Centre and radius of the least-squares circle through @p points
    /// (the algebraic fit x^2 + y^2 + D x + E y + F = 0, about the mean).
    std::pair<Point<2>, double>
    fit_circle(const std::vector<Point<2>> &points)
    {
      Tensor<1, 2> mean;
      for (const auto &p : points)
        mean += p;
      mean /= points.size();
      Eigen::MatrixXd A(points.size(), 3);
      Eigen::VectorXd b(points.size());
      for (unsigned int i = 0; i < points.size(); ++i)
        {
          const Tensor<1, 2> q = points[i] - Point<2>(mean);
          A(i, 0)              = q[0];
          A(i, 1)              = q[1];
          A(i, 2)              = 1.;
          b(i)                 = -(q * q);
        }
      const Eigen::Vector3d s = A.colPivHouseholderQr().solve(b);
      const Point<2>        centre(mean[0] - s(0) / 2., mean[1] - s(1) / 2.);
      return {centre,
              std::sqrt(
                std::max(0., s(0) * s(0) / 4. + s(1) * s(1) / 4. - s(2)))};
    }

    double
    extent(const std::vector<Point<2>> &points)
    {
      double largest = 0.;
      for (const auto &p : points)
        for (const auto &q : points)
          largest = std::max(largest, p.distance(q));
      return largest;
    }

    /// Centre of the circle fitted to a joint face; refuses a face too flat
    /// for its centre to mean anything (radius over 3 x its extent).
    Point<2>
    joint_centre(const std::vector<Face> &faces, const std::string &landmark)
    {
      const auto points = vertices(faces);
      if (points.size() < 3)
        cannot_find(landmark, "the mesh has no such joint face");
      const auto [centre, radius] = fit_circle(points);
      const double span           = extent(points);
      if (!(radius < 3. * span))
        {
          char buf[96];
          std::snprintf(buf,
                        sizeof buf,
                        "its joint face is nearly flat (radius %.0f mm over "
                        "%.0f mm)",
                        radius * 1e3,
                        span * 1e3);
          cannot_find(landmark, buf);
        }
      return centre;
    }

    template <int dim>
    Point<2>
    region_centroid(const Triangulation<dim> &tria, const Ids &ids)
    {
      Tensor<1, 2> sum;
      double       total = 0.;
      for (const auto &cell : tria.active_cell_iterators())
        if (ids.count(cell->material_id()))
          {
            sum += cell->measure() * xy(cell->center());
            total += cell->measure();
          }
      return Point<2>(sum / total);
    }

    /// The sagittal part of the outward unit normal of face @p f of @p cell
    /// (2D: of the edge; 3D: of the quadrilateral's diagonals' cross
    /// product), zero for a face parallel to the sagittal plane.
    template <class CellIterator>
    Tensor<1, 2>
    sagittal_normal(const CellIterator &cell, const unsigned int f)
    {
      const auto   face = cell->face(f);
      Tensor<1, 3> n;
      if (face->n_vertices() == 2)
        {
          const auto t = face->vertex(1) - face->vertex(0);
          n[0]         = t[1];
          n[1]         = -t[0];
        }
      else
        {
          Tensor<1, 3> a, b;
          for (unsigned int d = 0; d < 3; ++d)
            {
              a[d] = face->vertex(3)[d] - face->vertex(0)[d];
              b[d] = face->vertex(2)[d] - face->vertex(1)[d];
            }
          n = cross_product_3d(a, b);
        }
      const auto out  = face->center() - cell->center();
      double     side = 0.;
      for (unsigned int d = 0; d < out.dimension; ++d)
        side += out[d] * n[d];
      if (side < 0.)
        n = -n;
      const double length = n.norm();
      return length > 0. ? Tensor<1, 2>({n[0] / length, n[1] / length}) :
                           Tensor<1, 2>();
    }

    /// The line through weighted points: their centroid and principal
    /// direction (the covariance's leading eigenvector).
    std::pair<Point<2>, Tensor<1, 2>>
    fit_line(const std::vector<std::pair<Point<2>, double>> &points)
    {
      Tensor<1, 2> sum;
      double       total = 0.;
      for (const auto &[p, w] : points)
        {
          sum += w * p;
          total += w;
        }
      const Point<2>  c(sum / total);
      Eigen::Matrix2d cov = Eigen::Matrix2d::Zero();
      for (const auto &[p, w] : points)
        {
          const Eigen::Vector2d q(p[0] - c[0], p[1] - c[1]);
          cov += w * q * q.transpose();
        }
      const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eigen(cov);
      const Eigen::Vector2d u = eigen.eigenvectors().col(1);
      return {c, Tensor<1, 2>({u(0), u(1)})};
    }

    /// Sagittal distance from @p p to the nearest cell of @p ids (0 inside
    /// a cell's bounding box).
    template <int dim>
    double
    distance_to(const Triangulation<dim> &tria,
                const Ids                &ids,
                const Point<2>           &p)
    {
      double nearest = std::numeric_limits<double>::max();
      for (const auto &cell : tria.active_cell_iterators())
        if (ids.count(cell->material_id()))
          {
            Point<2> lo = xy(cell->vertex(0)), hi = lo;
            for (const unsigned int v : cell->vertex_indices())
              for (unsigned int d = 0; d < 2; ++d)
                {
                  lo[d] = std::min(lo[d], cell->vertex(v)[d]);
                  hi[d] = std::max(hi[d], cell->vertex(v)[d]);
                }
            Tensor<1, 2> out;
            for (unsigned int d = 0; d < 2; ++d)
              out[d] = std::max({lo[d] - p[d], 0., p[d] - hi[d]});
            nearest = std::min(nearest, out.norm());
          }
      return nearest;
    }

    /// The fascia's centre line: cell centres averaged (by area) in 5 mm
    /// steps of x, and the sections of the fascia tension and the enthesis.
    template <int dim>
    void
    find_fascia(const Triangulation<dim> &tria, FootLandmarks &L)
    {
      const Ids band = {region::fascia, region::fascia_insertion};
      double    x0 = std::numeric_limits<double>::max(), x1 = -x0, x_ins = -x0;
      for (const auto &cell : tria.active_cell_iterators())
        if (band.count(cell->material_id()))
          for (const unsigned int v : cell->vertex_indices())
            {
              x0 = std::min(x0, cell->vertex(v)[0]);
              x1 = std::max(x1, cell->vertex(v)[0]);
              if (cell->material_id() == region::fascia_insertion)
                x_ins = std::max(x_ins, cell->vertex(v)[0]);
            }
      if (!(x1 > x0))
        cannot_find("fascia centre line", "the mesh has no fascia");
      const double step = 0.005;
      const auto   n =
        std::max(1u, static_cast<unsigned int>(std::ceil((x1 - x0) / step)));
      std::vector<Tensor<1, 2>> sum(n);
      std::vector<double>       area(n, 0.);
      for (const auto &cell : tria.active_cell_iterators())
        if (band.count(cell->material_id()))
          {
            const auto c = xy(cell->center());
            const auto k = std::min(n - 1, unsigned((c[0] - x0) / step));
            sum[k] += cell->measure() * c;
            area[k] += cell->measure();
          }
      L.fascia_line.clear();
      for (unsigned int k = 0; k < n; ++k)
        if (area[k] > 0.)
          L.fascia_line.emplace_back(sum[k] / area[k]);
      if (L.fascia_line.size() < 2)
        cannot_find("fascia centre line", "the fascia is shorter than 5 mm");

      const auto bone =
        interface(tria, band, {region::calcaneus, region::heel_spur});
      if (bone.empty())
        cannot_find("heel-attachment section",
                    "the fascia does not touch the calcaneus");
      double x_free = -std::numeric_limits<double>::max();
      for (const auto &p : vertices(bone))
        x_free = std::max(x_free, p[0]);
      // The tubercle: the calcaneus's plantar-most point, under which the
      // heel pad is measured.
      bool found = false;
      for (const auto &cell : tria.active_cell_iterators())
        if (cell->material_id() == region::calcaneus)
          for (const unsigned int v : cell->vertex_indices())
            if (!found || cell->vertex(v)[1] < L.medial_tubercle[1])
              {
                L.medial_tubercle = xy(cell->vertex(v));
                found             = true;
              }
      if (!found)
        cannot_find("medial tubercle", "the mesh has no calcaneus");
      if (x_ins < x_free + 0.002)
        cannot_find("heel-attachment section",
                    "the fascia_insertion region ends within 2 mm of where "
                    "the fascia leaves the calcaneus");
      L.fascia_section_x   = x_ins + 0.0055;
      L.enthesis_free_x    = x_free;
      L.enthesis_section_x = 0.5 * (x_free + x_ins);
    }

    /// Where two lines p + t u and q + r w meet; @p q when they are
    /// parallel.
    Point<2>
    intersection(const Point<2>     &p,
                 const Tensor<1, 2> &u,
                 const Point<2>     &q,
                 const Tensor<1, 2> &w)
    {
      const double det = u[0] * (-w[1]) - u[1] * (-w[0]);
      if (std::abs(det) < 1e-9)
        return q;
      const Tensor<1, 2> b = q - p;
      const double       t = (b[0] * (-w[1]) - b[1] * (-w[0])) / det;
      return p + t * u;
    }

    template <int dim>
    void
    find_leg(const Triangulation<dim> &tria, FootLandmarks &L)
    {
      const auto dome =
        interface(tria, {region::talus}, {region::ankle_cartilage});
      L.ankle_centre  = joint_centre(dome, "ankle centre (talar dome)");
      const auto knee = surface_faces(tria, surface::knee_end);
      if (knee.empty())
        cannot_find("knee centre", "the mesh has no knee_end surface");
      L.knee_centre = centroid(knee);
      const auto on_bone =
        interface(tria, {region::achilles_tendon}, {region::calcaneus});
      const auto on_muscle =
        interface(tria, {region::achilles_tendon}, {region::calf_muscle});
      if (on_bone.empty() || on_muscle.empty())
        cannot_find("Achilles insertion and muscle-tendon junction",
                    "the achilles_tendon region must touch the calcaneus "
                    "and the calf_muscle");
      L.achilles_insertion = centroid(on_bone);
      // The junction: where the tendon's line (fitted to its cells between
      // 15 and 50 % of the way to the muscle, clear of the bone and of the
      // aponeurosis) meets the line of its face on the muscle.
      std::vector<std::pair<Point<2>, double>> face_points, free_tendon;
      for (const auto &p : vertices(on_muscle))
        face_points.emplace_back(p, 1.);
      const auto [face_point, face_line] = fit_line(face_points);
      const Tensor<1, 2> along           = face_point - L.achilles_insertion;
      const double       length          = along.norm();
      for (const auto &cell : tria.active_cell_iterators())
        if (cell->material_id() == region::achilles_tendon)
          {
            const auto   c = xy(cell->center());
            const double s = (c - L.achilles_insertion) * along / length;
            if (s > 0.15 * length && s < 0.5 * length)
              free_tendon.emplace_back(c, cell->measure());
          }
      if (free_tendon.size() < 2)
        cannot_find("muscle-tendon junction",
                    "the tendon has too few cells to fit its line");
      const auto [tendon_point, tendon_line] = fit_line(free_tendon);
      L.muscle_tendon_junction =
        intersection(tendon_point, tendon_line, face_point, face_line);
    }

    /// The calf belly's length along the leg axis: from the junction to the
    /// centroid of the muscle's face on the knee block.
    template <int dim>
    double
    belly_length(const Triangulation<dim> &tria, const FootLandmarks &L)
    {
      const auto top =
        interface(tria, {region::calf_muscle}, {region::knee, region::tibia});
      if (top.empty())
        cannot_find("calf belly's top",
                    "the calf_muscle does not touch the knee block");
      return (centroid(top) - L.muscle_tendon_junction) * L.leg_axis;
    }

    /// The leg axis: the knee end's outward normal (the leg is cut square
    /// to its axis there).
    template <int dim>
    Tensor<1, 2>
    knee_end_normal(const Triangulation<dim> &tria)
    {
      Tensor<1, 2> sum;
      for (const auto &cell : tria.active_cell_iterators())
        for (const unsigned int f : cell->face_indices())
          if (cell->at_boundary(f) &&
              cell->face(f)->boundary_id() == surface::knee_end)
            sum += cell->face(f)->measure() * sagittal_normal(cell, f);
      if (sum.norm() == 0.)
        cannot_find("leg axis", "the knee_end surface has no sagittal normal");
      return sum / sum.norm();
    }

    template <int dim>
    void
    find_arch(const Triangulation<dim> &tria, FootLandmarks &L)
    {
      // The navicular: the apex of the midfoot's plantar face (its faces on
      // soft tissue or ligaments that face the ground), the most proximal
      // point if the apex is flat: the top of the medial arch.
      bool found = false;
      for (const auto &cell : tria.active_cell_iterators())
        if (cell->material_id() == region::midfoot)
          for (const unsigned int f : cell->face_indices())
            {
              if (cell->at_boundary(f))
                continue;
              const auto id   = cell->neighbor(f)->material_id();
              const bool soft = id == region::soft_tissue ||
                                std::find(ligament_regions().begin(),
                                          ligament_regions().end(),
                                          id) != ligament_regions().end();
              if (!soft || sagittal_normal(cell, f)[1] > -0.7)
                continue;
              for (const unsigned int v : cell->face(f)->vertex_indices())
                {
                  const auto p = xy(cell->face(f)->vertex(v));
                  const bool higher =
                    !found || p[1] > L.navicular[1] + 1e-4 ||
                    (p[1] > L.navicular[1] - 1e-4 && p[0] < L.navicular[0]);
                  if (higher)
                    L.navicular = p;
                  found = true;
                }
            }
      if (!found)
        cannot_find("navicular", "the midfoot has no plantar face");
      const double      head = region_centroid(tria, {region::metatarsal})[0];
      std::vector<Face> distal;
      for (const auto &f : interface(
             tria,
             {region::metatarsal},
             {region::arch_joint, region::cartilage, region::phalanges}))
        if (f.centre[0] > head)
          distal.push_back(f);
      L.mtp_centre = joint_centre(distal, "first MTP centre");
    }

    /// Each ligament's attachments, free span, section point and thickness.
    template <int dim>
    std::vector<LigamentBand>
    find_ligaments(const Triangulation<dim> &tria)
    {
      std::vector<LigamentBand> bands;
      for (const auto id : ligament_regions())
        {
          std::map<double, std::vector<Face>> footprints;
          for (const auto &[bone, order] : bone_ray_order())
            for (const auto &f : interface(tria, {id}, {bone}))
              footprints[order].push_back(f);
          bool present = false;
          for (const auto &cell : tria.active_cell_iterators())
            present = present || cell->material_id() == id;
          if (!present)
            continue;
          if (footprints.size() < 2)
            cannot_find(region_name(id) + "'s attachments",
                        "the band must touch two bones of different places "
                        "in the ray");
          const auto  &from = footprints.begin()->second;
          const auto  &to   = footprints.rbegin()->second;
          const auto   a = centroid(from), b = centroid(to);
          LigamentBand band;
          band.id        = id;
          band.direction = (b - a) / (b - a).norm();
          auto s = [&](const Point<2> &p) { return (p - a) * band.direction; };
          double s0 = -std::numeric_limits<double>::max(),
                 s1 = std::numeric_limits<double>::max();
          for (const auto &p : vertices(from))
            s0 = std::max(s0, s(p));
          for (const auto &p : vertices(to))
            s1 = std::min(s1, s(p));
          if (!(s1 > s0))
            {
              s0 = 0.;
              s1 = (b - a).norm();
            }
          band.origin      = a + s0 * band.direction;
          band.insertion   = a + s1 * band.direction;
          band.free_length = s1 - s0;
          // The section point: the band's cells around the free span's middle.
          const double middle = 0.5 * (s0 + s1);
          Tensor<1, 2> sum;
          double volume = 0., lo = 0., hi = 0., z0 = 0., z1 = 0., around = 0.;
          bool   first = true;
          for (const auto &cell : tria.active_cell_iterators())
            if (cell->material_id() == id)
              {
                volume += cell->measure();
                const auto c = xy(cell->center());
                if (std::abs(s(c) - middle) <
                    std::max(0.001, 0.2 * band.free_length))
                  {
                    sum += cell->measure() * c;
                    around += cell->measure();
                  }
                for (const unsigned int v : cell->vertex_indices())
                  {
                    const auto  &x = cell->vertex(v);
                    const double t = s(xy(x));
                    lo             = first ? t : std::min(lo, t);
                    hi             = first ? t : std::max(hi, t);
                    z0    = first ? x[dim - 1] : std::min(z0, x[dim - 1]);
                    z1    = first ? x[dim - 1] : std::max(z1, x[dim - 1]);
                    first = false;
                  }
              }
          band.section_point = around > 0. ?
                                 Point<2>(sum / around) :
                                 Point<2>(a + middle * band.direction);
          const double width = dim == 3 ? z1 - z0 : 1.;
          band.thickness     = volume / width / (hi - lo);
          bands.push_back(band);
        }
      return bands;
    }

    /// A sliding joint's face on its proximal bone as a polyline, chained
    /// from the faces' sagittal edges (pieces joined end to nearest end)
    /// and turned so that its right-hand normal points into the joint
    /// layer. Empty when the edges do not form curves (a 3D mesh that is
    /// not a sagittal extrusion).
    std::vector<Point<2>>
    joint_polyline(const std::vector<Face> &faces)
    {
      // Sagittal edges: every face seen edge-on (2D: a line; an extruded
      // 3D face: a line traversed twice).
      std::vector<Point<2>> keys;
      auto                  key = [&](const Point<2> &p) {
        for (unsigned int i = 0; i < keys.size(); ++i)
          if (keys[i].distance(p) < 1e-9)
            return i;
        keys.push_back(p);
        return unsigned(keys.size() - 1);
      };
      std::set<std::pair<unsigned int, unsigned int>> edges;
      for (const auto &f : faces)
        for (unsigned int i = 0; i < f.vertices.size(); ++i)
          {
            const unsigned int a = key(f.vertices[i]),
                               b = key(f.vertices[(i + 1) % f.vertices.size()]);
            if (a != b)
              edges.insert({std::min(a, b), std::max(a, b)});
          }
      std::vector<std::vector<unsigned int>> next(keys.size());
      for (const auto &[a, b] : edges)
        {
          next[a].push_back(b);
          next[b].push_back(a);
        }
      for (const auto &n : next)
        if (n.size() > 2)
          return {};
      // Each chain from one of its ends; the chains (the face on the
      // calcaneus and on the talus, with the subtalar cartilage between)
      // are then joined end to nearest end, from the one that reaches
      // furthest along the face.
      std::vector<std::vector<Point<2>>> chains;
      std::vector<bool>                  used(keys.size(), false);
      for (unsigned int start = 0; start < keys.size(); ++start)
        {
          if (used[start] || next[start].size() != 1)
            continue;
          std::vector<Point<2>> chain = {keys[start]};
          used[start]                 = true;
          unsigned int previous = start, at = next[start][0];
          while (true)
            {
              chain.push_back(keys[at]);
              used[at] = true;
              if (next[at].size() == 1)
                break;
              const unsigned int following =
                next[at][0] == previous ? next[at][1] : next[at][0];
              previous = at;
              at       = following;
            }
          chains.push_back(chain);
        }
      for (unsigned int i = 0; i < keys.size(); ++i)
        if (!used[i])
          return {}; // a closed loop: not a joint face
      if (chains.empty())
        return {};
      std::vector<std::pair<Point<2>, double>> all;
      for (const auto &p : keys)
        all.emplace_back(p, 1.);
      const auto [middle, axis] = fit_line(all);
      auto along                = [&, m = middle, u = axis](const Point<2> &p) {
        return (p - m) * u;
      };
      std::vector<Point<2>> line;
      {
        // Start from the chain end furthest back along the face.
        unsigned int best = 0;
        bool         flip = false;
        for (unsigned int c = 0; c < chains.size(); ++c)
          for (const bool back : {false, true})
            {
              const auto &end = back ? chains[c].back() : chains[c].front();
              const auto &cur =
                flip ? chains[best].back() : chains[best].front();
              if (along(end) < along(cur))
                {
                  best = c;
                  flip = back;
                }
            }
        line = chains[best];
        if (flip)
          std::reverse(line.begin(), line.end());
        chains.erase(chains.begin() + best);
      }
      while (!chains.empty())
        {
          unsigned int best = 0;
          bool         flip = false;
          double       gap  = std::numeric_limits<double>::max();
          for (unsigned int c = 0; c < chains.size(); ++c)
            for (const bool back : {false, true})
              {
                const double d = line.back().distance(back ? chains[c].back() :
                                                             chains[c].front());
                if (d < gap)
                  {
                    gap  = d;
                    best = c;
                    flip = back;
                  }
              }
          auto chain = chains[best];
          if (flip)
            std::reverse(chain.begin(), chain.end());
          line.insert(line.end(), chain.begin(), chain.end());
          chains.erase(chains.begin() + best);
        }
      // Each face's layer cell lies on the side the normal must point to.
      auto index = [&](const Point<2> &p) {
        unsigned int best = 0;
        for (unsigned int i = 1; i < line.size(); ++i)
          if (line[i].distance(p) < line[best].distance(p))
            best = i;
        return best;
      };
      double side = 0.;
      for (const auto &f : faces)
        {
          const unsigned int i = index(f.vertices.front());
          const unsigned int j = index(f.vertices.back());
          if (i == j)
            continue;
          const Tensor<1, 2> d = i < j ? line[j] - line[i] : line[i] - line[j];
          side += Tensor<1, 2>({d[1], -d[0]}) * (f.inside - f.centre);
        }
      if (side < 0.)
        std::reverse(line.begin(), line.end());
      return line;
    }

    /// FootOutline::joint_faces order: subtalar, Chopart, tarsometatarsal,
    /// first MTP, interphalangeal. The sliding ones are the arch_joint
    /// layer's connected pieces, each told by the bones it lies between
    /// (places 0-1 in the ray: Chopart, 1-2: tarsometatarsal, 2-3: MTP);
    /// the others are left empty.
    template <int dim>
    std::vector<std::vector<Point<2>>>
    find_joint_faces(const Triangulation<dim> &tria)
    {
      std::vector<std::vector<Point<2>>> faces(5);
      std::vector<bool>                  seen(tria.n_active_cells(), false);
      for (const auto &start : tria.active_cell_iterators())
        {
          if (start->material_id() != region::arch_joint ||
              seen[start->active_cell_index()])
            continue;
          std::vector<decltype(tria.begin_active())> stack{start}, piece;
          seen[start->active_cell_index()] = true;
          std::set<double> places;
          while (!stack.empty())
            {
              const auto cell = stack.back();
              stack.pop_back();
              piece.push_back(cell);
              for (const unsigned int f : cell->face_indices())
                if (!cell->at_boundary(f))
                  {
                    const auto nb    = cell->neighbor(f);
                    const auto place = bone_ray_order().find(nb->material_id());
                    if (place != bone_ray_order().end())
                      places.insert(place->second);
                    else if (nb->material_id() == region::arch_joint &&
                             !seen[nb->active_cell_index()])
                      {
                        seen[nb->active_cell_index()] = true;
                        stack.push_back(nb);
                      }
                  }
            }
          if (places.size() != 2 || *places.rbegin() != *places.begin() + 1.)
            continue;
          const double      proximal = *places.begin();
          std::vector<Face> face;
          for (const auto &cell : piece)
            {
              for (const unsigned int f : cell->face_indices())
                if (!cell->at_boundary(f))
                  {
                    const auto place =
                      bone_ray_order().find(cell->neighbor(f)->material_id());
                    if (place != bone_ray_order().end() &&
                        place->second == proximal)
                      {
                        face.push_back(sagittal(cell->face(f)));
                        face.back().inside = xy(cell->center());
                      }
                  }
            }
          faces[static_cast<unsigned int>(proximal) + 1] = joint_polyline(face);
        }
      return faces;
    }

    /// A landmark a scenario may give: its name, where FootLandmarks
    /// keeps it, and the regions it must lie in or on.
    struct Settable
    {
      std::string name;
      Point<2> FootLandmarks::*point;
      Ids                      homes;
    };

    const std::vector<Settable> &
    settable()
    {
      static const std::vector<Settable> table = {
        {"achilles_insertion",
         &FootLandmarks::achilles_insertion,
         {region::calcaneus}},
        {"ankle_centre", &FootLandmarks::ankle_centre, {region::talus}},
        {"knee_centre",
         &FootLandmarks::knee_centre,
         {region::knee, region::tibia}},
        {"medial_tubercle",
         &FootLandmarks::medial_tubercle,
         {region::calcaneus, region::heel_spur}},
        {"mtp_centre", &FootLandmarks::mtp_centre, {region::metatarsal}},
        {"muscle_tendon_junction",
         &FootLandmarks::muscle_tendon_junction,
         {region::achilles_tendon, region::calf_muscle}},
        {"navicular", &FootLandmarks::navicular, {region::midfoot}}};
      return table;
    }

    const Settable *
    find_settable(const std::string &name)
    {
      for (const auto &s : settable())
        if (s.name == name)
          return &s;
      return nullptr;
    }

    /// Runs @p find unless every landmark it sets is given.
    template <class Find>
    void
    unless_given(const std::map<std::string, Point<2>> &given,
                 const std::vector<std::string>        &names,
                 const Find                            &find)
    {
      for (const auto &n : names)
        if (!given.count(n))
          {
            find();
            return;
          }
    }
  } // namespace

  const std::vector<std::string> &
  settable_landmarks()
  {
    static const std::vector<std::string> names = [] {
      std::vector<std::string> out;
      for (const auto &s : settable())
        out.push_back(s.name);
      return out;
    }();
    return names;
  }

  template <int dim>
  void
  find_mesh_landmarks(const Triangulation<dim>                 &tria,
                      const std::map<std::string, Point<2>>    &given,
                      const double                              tolerance,
                      FootOutline                              &outline,
                      const std::map<std::string, std::string> &sources)
  {
    auto &L = outline.landmarks;
    for (const auto &[name, p] : given)
      if (!find_settable(name))
        {
          std::string known;
          for (const auto &n : settable_landmarks())
            known += (known.empty() ? "" : ", ") + n;
          throw ScenarioError("Geometry/Landmark points: '" + name +
                              "' is not a landmark (landmarks: " + known + ")");
        }
    find_fascia(tria, L);
    unless_given(given,
                 {"ankle_centre",
                  "knee_centre",
                  "achilles_insertion",
                  "muscle_tendon_junction"},
                 [&] { find_leg(tria, L); });
    unless_given(given, {"navicular", "mtp_centre"}, [&] {
      find_arch(tria, L);
    });
    for (const auto &[name, p] : given)
      L.*(find_settable(name)->point) = p;

    for (const auto &[name, point, homes] : settable())
      {
        const Point<2> p = L.*point;
        const double   d = distance_to(tria, homes, p);
        if (d > tolerance)
          {
            std::string where;
            for (const auto id : homes)
              where += (where.empty() ? "" : " or ") + region_name(id);
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.1f mm", d * 1e3);
            const auto from = sources.find(name);
            throw ScenarioError(std::string(!given.count(name) ?
                                              "Geometry/Landmarks: mesh: " :
                                            from != sources.end() ?
                                              from->second + ": " :
                                              "Geometry/Landmark points: ") +
                                name + " at " + in_mm(p) + " lies " + buf +
                                " outside the " + where + " it belongs to");
          }
      }

    // What follows from the points.
    L.leg_axis   = knee_end_normal(tria);
    L.tendon_mid = L.achilles_insertion +
                   0.3 * (L.muscle_tendon_junction - L.achilles_insertion);
    const auto         knee = surface_faces(tria, surface::knee_end);
    double             lo = 0., hi = 0.;
    const Tensor<1, 2> across({-L.leg_axis[1], L.leg_axis[0]});
    for (const auto &p : vertices(knee))
      {
        lo = std::min(lo, (p - L.knee_centre) * across);
        hi = std::max(hi, (p - L.knee_centre) * across);
      }
    L.knee_end_length = hi - lo;
    L.knee_end_b      = (L.knee_centre - L.ankle_centre) * L.leg_axis;
    L.belly_length    = belly_length(tria, L);
    // The heel's skin below the tubercle: where the vertical line through
    // it (at z = 0 in 3D, where the metrics probe) leaves the sole. The
    // lowest skin vertex near its x was below the sole at z = 0 on a heel
    // rounded across (the anatomical foot), which put the heel-pad probe
    // outside the mesh.
    const double lowest = skin_height_on_vertical(tria, L.medial_tubercle[0]);
    if (std::isnan(lowest))
      cannot_find("heel skin point", "no skin lies below the tubercle");
    L.heel_skin = Point<2>(L.medial_tubercle[0], lowest);

    outline.ligaments   = find_ligaments(tria);
    outline.joint_faces = find_joint_faces(tria);
  }

  template <int dim>
  void
  find_landmarks_for(const Triangulation<dim> &coarse,
                     const FootMeshSettings   &settings,
                     const double              h,
                     FootOutline              &outline)
  {
    std::map<std::string, Point<2>>    points = settings.landmark_points;
    std::map<std::string, std::string> sources;
    const auto                        &file = settings.imported.file;
    if (!file.empty())
      for (const auto &[name, p] :
           read_mesh_file_landmarks(settings.imported, dim))
        if (points.emplace(name, p).second)
          sources[name] = "Geometry/Mesh file: " + file + ": node set " + name;
    find_mesh_landmarks(
      coarse, points, landmark_tolerance(h), outline, sources);
  }

  template void
  find_landmarks_for(const Triangulation<2> &,
                     const FootMeshSettings &,
                     double,
                     FootOutline &);
  template void
  find_landmarks_for(const Triangulation<3> &,
                     const FootMeshSettings &,
                     double,
                     FootOutline &);

  template void
  find_mesh_landmarks(const Triangulation<2> &,
                      const std::map<std::string, Point<2>> &,
                      double,
                      FootOutline &,
                      const std::map<std::string, std::string> &);
  template void
  find_mesh_landmarks(const Triangulation<3> &,
                      const std::map<std::string, Point<2>> &,
                      double,
                      FootOutline &,
                      const std::map<std::string, std::string> &);
} // namespace plantarfe::anatomy
