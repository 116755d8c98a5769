// Simplices split into quadrilaterals and hexahedra; see simplex_split.h.
#include "anatomy/simplex_split.h"

#include <deal.II/base/tensor.h>

#include "base/errors.h"

#include <algorithm>
#include <array>
#include <map>

namespace plantarfe::anatomy
{
  using dealii::Point;

  namespace simplex
  {
    /// New nodes at the centres of sets of file nodes, each made once.
    class Centres
    {
    public:
      explicit Centres(std::vector<Point<3>> &nodes)
          : nodes(nodes)
      {}

      unsigned int
      operator()(std::vector<unsigned int> of)
      {
        if (of.size() == 1)
          return of[0];
        std::sort(of.begin(), of.end());
        const auto it = made.find(of);
        if (it != made.end())
          return it->second;
        Point<3> x;
        for (const auto n : of)
          x += nodes[n] / double(of.size());
        nodes.push_back(x);
        return made[of] = nodes.size() - 1;
      }

      /// The quadrilateral at corner a of triangle (a, b, c), cyclic.
      std::array<unsigned int, 4>
      corner_quad(const unsigned int a,
                  const unsigned int b,
                  const unsigned int c)
      {
        return {{a, (*this)({a, b}), (*this)({a, b, c}), (*this)({a, c})}};
      }

      std::vector<Point<3>> &nodes;

    private:
      std::map<std::vector<unsigned int>, unsigned int> made;
    };

    /// An element of the same number and group with @p corners given
    /// counter-clockwise (bottom, then top), stored in deal.II's order.
    template <std::size_t n>
    FileElement
    piece(const FileElement &of, const std::array<unsigned int, n> &corners)
    {
      FileElement e;
      e.number = of.number;
      e.group  = of.group;
      for (std::size_t v = 0; v < n; ++v)
        e.nodes.push_back(corners[n == 2 ? v : file_to_dealii_corner[v]]);
      return e;
    }

    void
    split_tetrahedron(Centres                  &centre,
                      const FileElement        &tet,
                      std::vector<FileElement> &out)
    {
      const auto &t = tet.nodes;
      const auto &x = centre.nodes;
      for (unsigned int k = 0; k < 4; ++k)
        {
          const unsigned int a = t[k], b = t[(k + 1) % 4], c = t[(k + 2) % 4],
                             d               = t[(k + 3) % 4];
          const auto                  bottom = centre.corner_quad(a, b, c);
          std::array<unsigned int, 8> hex{{bottom[0],
                                           bottom[1],
                                           bottom[2],
                                           bottom[3],
                                           centre({a, d}),
                                           centre({a, b, d}),
                                           centre({a, b, c, d}),
                                           centre({a, c, d})}};
          // Every other corner's tetrahedron is mirrored: renumber it.
          if ((x[hex[1]] - x[hex[0]]) *
                dealii::cross_product_3d(x[hex[3]] - x[hex[0]],
                                         x[hex[4]] - x[hex[0]]) <
              0.)
            {
              std::swap(hex[1], hex[3]);
              std::swap(hex[5], hex[7]);
            }
          out.push_back(piece(tet, hex));
        }
    }

    void
    split_triangle(Centres                  &centre,
                   const FileElement        &tri,
                   const bool                cell,
                   std::vector<FileElement> &out)
    {
      const auto &t = tri.nodes;
      const auto &x = centre.nodes;
      for (unsigned int k = 0; k < 3; ++k)
        {
          auto q = centre.corner_quad(t[k], t[(k + 1) % 3], t[(k + 2) % 3]);
          const auto u = x[q[1]] - x[q[0]], v = x[q[3]] - x[q[0]];
          if (cell && u[0] * v[1] - u[1] * v[0] < 0.) // a 2D cell: area > 0
            std::swap(q[1], q[3]);
          out.push_back(piece(tri, q));
        }
    }

    void
    split_line(Centres                  &centre,
               const FileElement        &line,
               std::vector<FileElement> &out)
    {
      const unsigned int a = line.nodes[0], b = line.nodes[1],
                         m = centre({a, b});
      out.push_back(piece(line, std::array<unsigned int, 2>{{a, m}}));
      out.push_back(piece(line, std::array<unsigned int, 2>{{m, b}}));
    }

    std::string
    kind(const std::size_t corners, const int d)
    {
      if (d == 3)
        return corners == 4 ? "tetrahedron" : "hexahedron";
      if (d == 2)
        return corners == 3 ? "triangle" : "quadrilateral";
      return "line";
    }

    /// The first element of @p list that is (or is not) a simplex.
    const FileElement *
    first(const std::vector<FileElement> &list,
          const std::size_t               corners,
          const bool                      is)
    {
      for (const auto &e : list)
        if ((e.nodes.size() == corners) == is)
          return &e;
      return nullptr;
    }
  } // namespace simplex

  void
  split_simplices(const std::string &path, MeshFileData &data, const int dim)
  {
    const std::size_t  cell_corners = dim + 1, face_corners = dim;
    const FileElement *simplex_cell =
      simplex::first(data.cells, cell_corners, true);
    // 2D surfaces are lines either way; a 3D one of triangles needs
    // tetrahedra.
    const FileElement *simplex_face =
      dim == 3 ? simplex::first(data.faces, face_corners, true) : nullptr;
    if (simplex_cell == nullptr && simplex_face == nullptr)
      return;
    const FileElement *other = simplex::first(data.cells, cell_corners, false);
    if ((simplex_cell == nullptr || other != nullptr) && !data.cells.empty())
      {
        const FileElement &s = simplex_cell ? *simplex_cell : *simplex_face;
        const FileElement &o = other ? *other : data.cells.front();
        throw ScenarioError(
          path + ": element " + std::to_string(s.number) + " ('" + s.group +
          "') is a " + simplex::kind(s.nodes.size(), s.nodes.size() - 1) +
          " and element " + std::to_string(o.number) + " ('" + o.group +
          "') a " + simplex::kind(o.nodes.size(), dim) +
          "; a mesh is all simplices (split into " +
          (dim == 3 ? "hexahedra" : "quadrilaterals") +
          " when read) or none: a split simplex leaves hanging nodes "
          "where it meets another cell");
      }
    // (2D faces are lines for any cell.)
    if (const auto *f = simplex::first(data.faces, face_corners, false))
      throw ScenarioError(path + ": surface element " +
                          std::to_string(f->number) + " ('" + f->group +
                          "') has " + std::to_string(f->nodes.size()) +
                          " corners; the faces of tetrahedra are triangles");

    simplex::Centres         centre(data.nodes);
    std::vector<FileElement> cells, faces;
    cells.reserve(data.cells.size() * (dim == 3 ? 4 : 3));
    for (const auto &c : data.cells)
      if (dim == 3)
        simplex::split_tetrahedron(centre, c, cells);
      else
        simplex::split_triangle(centre, c, true, cells);
    for (const auto &f : data.faces)
      if (dim == 3)
        simplex::split_triangle(centre, f, false, faces);
      else
        simplex::split_line(centre, f, faces);
    data.cells = std::move(cells);
    data.faces = std::move(faces);
  }
} // namespace plantarfe::anatomy
