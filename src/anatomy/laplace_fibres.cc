#include "anatomy/laplace_fibres.h"

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparse_direct.h>
#include <deal.II/lac/sparse_matrix.h>
#include <deal.II/lac/vector.h>
#include <deal.II/numerics/rtree.h>

#include "anatomy/point_text.h"
#include "anatomy/regions.h"
#include "base/errors.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

namespace plantarfe::anatomy
{
  using namespace dealii;

  namespace
  {
    /// Calls @p fn with every active cell across face @p f of @p cell
    /// (several when the neighbour is refined); none on the boundary.
    template <class CellIterator, class Function>
    void
    for_each_neighbour(const CellIterator &cell,
                       const unsigned int  f,
                       const Function     &fn)
    {
      if (cell->at_boundary(f))
        return;
      const auto neighbour = cell->neighbor(f);
      if (neighbour->has_children())
        for (unsigned int s = 0; s < cell->face(f)->n_children(); ++s)
          fn(cell->neighbor_child_on_subface(f, s));
      else
        fn(neighbour);
    }

    std::string
    region_list(const std::vector<types::material_id> &ids)
    {
      std::string s;
      for (const auto id : ids)
        s += (s.empty() ? "" : "+") + region_name(id);
      return s;
    }

    /// A connected piece (through faces) of the rule's cells and its
    /// footprints: the area-weighted centroid of the faces it shares with
    /// end regions of each end value.
    template <int dim>
    struct Piece
    {
      std::map<double, std::pair<Tensor<1, dim>, double>> footprints;

      /// u on a footprint vertex @p x holding @p value.
      double
      end_value(const double value, const Point<dim> &x, bool graded) const
      {
        if (!graded)
          return value;
        const Point<dim> a = centroid(footprints.begin()->second);
        const Point<dim> b = centroid(footprints.rbegin()->second);
        return (x - a) * (b - a) / (b - a).norm_square();
      }

      static Point<dim>
      centroid(const std::pair<Tensor<1, dim>, double> &sum)
      {
        return Point<dim>(sum.first / sum.second);
      }
    };

    /// The rule's pieces and each active cell's piece (numbers::
    /// invalid_unsigned_int outside the rule's regions). Every piece must
    /// touch two end regions with different values: with one value u is
    /// constant there, with none it is undetermined.
    template <int dim>
    std::vector<Piece<dim>>
    find_pieces(const Triangulation<dim>  &tria,
                const LaplaceFibreRule    &rule,
                std::vector<unsigned int> &piece_of_cell)
    {
      piece_of_cell.assign(tria.n_active_cells(),
                           numbers::invalid_unsigned_int);
      std::vector<Piece<dim>> pieces;
      for (const auto &start : tria.active_cell_iterators())
        {
          if (!is_one_of(rule.regions, start->material_id()) ||
              piece_of_cell[start->active_cell_index()] !=
                numbers::invalid_unsigned_int)
            continue;
          const unsigned int index = pieces.size();
          pieces.emplace_back();
          auto                                      &piece = pieces.back();
          std::vector<decltype(tria.begin_active())> stack{start};
          piece_of_cell[start->active_cell_index()] = index;
          std::set<types::material_id> ends;
          unsigned int                 n_cells = 0;
          while (!stack.empty())
            {
              const auto cell = stack.back();
              stack.pop_back();
              ++n_cells;
              for (const unsigned int f : cell->face_indices())
                for_each_neighbour(cell, f, [&](const auto &nb) {
                  const auto end = rule.end_values.find(nb->material_id());
                  if (end != rule.end_values.end())
                    {
                      // (A face with a refined neighbour counts once per
                      // child: equal weights, the same centroid.)
                      const auto face = cell->face(f);
                      auto      &sum  = piece.footprints[end->second];
                      sum.first += face->measure() * face->center();
                      sum.second += face->measure();
                      ends.insert(end->first);
                    }
                  else if (is_one_of(rule.regions, nb->material_id()) &&
                           piece_of_cell[nb->active_cell_index()] ==
                             numbers::invalid_unsigned_int)
                    {
                      piece_of_cell[nb->active_cell_index()] = index;
                      stack.push_back(nb);
                    }
                });
            }
          if (piece.footprints.size() < 2)
            {
              std::vector<types::material_id> all_ends;
              for (const auto &[id, value] : rule.end_values)
                all_ends.push_back(id);
              std::string touched = "none of them";
              if (!ends.empty())
                touched =
                  "only " + region_list({ends.begin(), ends.end()}) +
                  (ends.size() > 1 ? " (all with the same end value)" : "");
              throw ScenarioError(
                "fibre directions of " + rule.name + ": a piece of " +
                region_list(rule.regions) + " (" + std::to_string(n_cells) +
                " cells, one at " + in_mm<dim>(start->center()) +
                ") must touch two of its end regions (" +
                region_list(all_ends) +
                ") to have a fibre direction; it "
                "touches " +
                touched);
            }
        }
      if (pieces.empty())
        throw ScenarioError("fibre directions of " + rule.name +
                            ": the mesh has no cell of " +
                            region_list(rule.regions));
      return pieces;
    }

    /// Dirichlet values on the footprints; every DoF that no cell of the
    /// rule's regions uses is held at 0 (it is not an unknown here).
    template <int dim>
    AffineConstraints<double>
    end_constraints(const DoFHandler<dim>           &dofs,
                    const LaplaceFibreRule          &rule,
                    const std::vector<Piece<dim>>   &pieces,
                    const std::vector<unsigned int> &piece_of_cell)
    {
      AffineConstraints<double> constraints;
      DoFTools::make_hanging_node_constraints(dofs, constraints);
      const auto                          &fe = dofs.get_fe();
      std::vector<bool>                    used(dofs.n_dofs(), false);
      std::vector<types::global_dof_index> cell_dofs(fe.n_dofs_per_cell());
      std::vector<types::global_dof_index> face_dofs(fe.n_dofs_per_face());
      for (const auto &cell : dofs.active_cell_iterators())
        {
          if (!is_one_of(rule.regions, cell->material_id()))
            continue;
          const auto &piece = pieces[piece_of_cell[cell->active_cell_index()]];
          cell->get_dof_indices(cell_dofs);
          for (const auto i : cell_dofs)
            used[i] = true;
          for (const unsigned int f : cell->face_indices())
            for_each_neighbour(cell, f, [&](const auto &nb) {
              const auto end = rule.end_values.find(nb->material_id());
              if (end == rule.end_values.end())
                return;
              // Q1: the face's DoFs are its vertices, in order.
              const auto face = cell->face(f);
              face->get_dof_indices(face_dofs);
              for (unsigned int v = 0; v < face_dofs.size(); ++v)
                if (!constraints.is_constrained(face_dofs[v]))
                  {
                    constraints.add_line(face_dofs[v]);
                    constraints.set_inhomogeneity(
                      face_dofs[v],
                      piece.end_value(end->second,
                                      face->vertex(v),
                                      rule.graded_ends));
                  }
            });
        }
      for (types::global_dof_index i = 0; i < dofs.n_dofs(); ++i)
        if (!used[i] && !constraints.is_constrained(i))
          constraints.add_line(i);
      constraints.close();
      return constraints;
    }

    /// The Q1 solution of -div grad u = 0 on the rule's cells.
    template <int dim>
    Vector<double>
    solve_laplace(const DoFHandler<dim>           &dofs,
                  const AffineConstraints<double> &constraints,
                  const LaplaceFibreRule          &rule)
    {
      DynamicSparsityPattern dsp(dofs.n_dofs());
      DoFTools::make_sparsity_pattern(dofs, dsp, constraints, false);
      SparsityPattern pattern;
      pattern.copy_from(dsp);
      SparseMatrix<double> matrix(pattern);
      Vector<double>       rhs(dofs.n_dofs()), u(dofs.n_dofs());

      const auto                          &fe = dofs.get_fe();
      const QGauss<dim>                    quadrature(2);
      FEValues<dim>                        fe_values(fe,
                              quadrature,
                              update_gradients | update_JxW_values);
      const unsigned int                   n = fe.n_dofs_per_cell();
      FullMatrix<double>                   cell_matrix(n, n);
      Vector<double>                       cell_rhs(n);
      std::vector<types::global_dof_index> cell_dofs(n);
      for (const auto &cell : dofs.active_cell_iterators())
        {
          if (!is_one_of(rule.regions, cell->material_id()))
            continue;
          fe_values.reinit(cell);
          cell_matrix = 0.;
          for (const unsigned int q : fe_values.quadrature_point_indices())
            for (unsigned int i = 0; i < n; ++i)
              for (unsigned int j = 0; j < n; ++j)
                cell_matrix(i, j) += fe_values.shape_grad(i, q) *
                                     fe_values.shape_grad(j, q) *
                                     fe_values.JxW(q);
          cell->get_dof_indices(cell_dofs);
          constraints.distribute_local_to_global(
            cell_matrix, cell_rhs, cell_dofs, matrix, rhs);
        }
      // DoFs outside the rule's cells have empty rows: make them identity.
      for (types::global_dof_index i = 0; i < dofs.n_dofs(); ++i)
        if (matrix.diag_element(i) == 0.)
          matrix.set(i, i, 1.);

      SparseDirectUMFPACK solver;
      solver.initialize(matrix);
      solver.vmult(u, rhs);
      constraints.distribute(u);
      return u;
    }
  } // namespace

  template <int dim>
  std::vector<std::pair<Point<dim>, Tensor<1, dim>>>
  laplace_fibre_directions(const Triangulation<dim> &tria,
                           const LaplaceFibreRule   &rule)
  {
    std::vector<unsigned int> piece_of_cell;
    const auto                pieces = find_pieces(tria, rule, piece_of_cell);
    DoFHandler<dim>           dofs(tria);
    const FE_Q<dim>           fe(1);
    dofs.distribute_dofs(fe);
    const auto constraints = end_constraints(dofs, rule, pieces, piece_of_cell);
    const auto u           = solve_laplace(dofs, constraints, rule);

    FEValues<dim>                                      at_centre(fe,
                            QGauss<dim>(1),
                            update_gradients | update_quadrature_points);
    std::vector<Tensor<1, dim>>                        gradient(1);
    std::vector<std::pair<Point<dim>, Tensor<1, dim>>> out;
    double                                             largest = 0.;
    for (const auto &cell : dofs.active_cell_iterators())
      if (is_one_of(rule.regions, cell->material_id()))
        {
          at_centre.reinit(cell);
          at_centre.get_function_gradients(u, gradient);
          out.emplace_back(at_centre.quadrature_point(0), gradient[0]);
          largest = std::max(largest, gradient[0].norm());
        }
    for (auto &[centre, g] : out)
      {
        // A vanishing gradient is a saddle of u (a piece whose ends sit
        // side by side): no direction to give the fibres there.
        if (g.norm() <= 1e-6 * largest)
          throw ScenarioError("fibre directions of " + rule.name +
                              ": the Laplace solution has no gradient in the "
                              "cell at " +
                              in_mm<dim>(centre) +
                              " (its end regions meet there)");
        g /= g.norm();
      }
    return out;
  }

  template <int dim>
  FibreField<dim>
  laplace_fibre_field(const Triangulation<dim> &tria,
                      const LaplaceFibreRule   &rule)
  {
    using Leaf = std::pair<Point<dim>, unsigned int>;
    struct Lookup
    {
      RTree<Leaf>               tree;
      std::vector<Tensor<1, 3>> directions;
    };
    const auto        cells = laplace_fibre_directions(tria, rule);
    std::vector<Leaf> leaves;
    auto              lookup = std::make_shared<Lookup>();
    for (unsigned int i = 0; i < cells.size(); ++i)
      {
        leaves.emplace_back(cells[i].first, i);
        Tensor<1, 3> a;
        for (unsigned int d = 0; d < dim; ++d)
          a[d] = cells[i].second[d];
        lookup->directions.push_back(a);
      }
    lookup->tree = pack_rtree(leaves);
    return [lookup](const Point<dim> &X) {
      Leaf nearest;
      lookup->tree.query(boost::geometry::index::nearest(X, 1), &nearest);
      return lookup->directions[nearest.second];
    };
  }

  template std::vector<std::pair<Point<2>, Tensor<1, 2>>>
  laplace_fibre_directions<2>(const Triangulation<2> &,
                              const LaplaceFibreRule &);
  template std::vector<std::pair<Point<3>, Tensor<1, 3>>>
  laplace_fibre_directions<3>(const Triangulation<3> &,
                              const LaplaceFibreRule &);
  template FibreField<2>
  laplace_fibre_field<2>(const Triangulation<2> &, const LaplaceFibreRule &);
  template FibreField<3>
  laplace_fibre_field<3>(const Triangulation<3> &, const LaplaceFibreRule &);
} // namespace plantarfe::anatomy
