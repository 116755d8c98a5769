// The solid's nonlinear solve: load stepping with cut-backs, Newton
// iterations with the step limit and the safeguarded (inversion) line
// search, the convergence test and the diagnostics of a failed solve. The
// weak form itself (material, contact, loads) is assemble()'s business.
#include <deal.II/base/timer.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/trilinos_vector.h>

#include "base/errors.h"
#include "solver/contact_term.h"
#include "solver/linear_solver.h"
#include "solver/solid_impl.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace plantarfe::solver
{
  namespace
  {
    /// Whether a contact has a finite Coulomb limit (an unsymmetric tangent
    /// while points slip; no-slip contact stays symmetric).
    template <int dim>
    bool
    has_friction(const Problem<dim> &problem)
    {
      for (const auto &c : problem.contacts)
        if (c.friction > 0. && std::isfinite(c.friction))
          return true;
      return false;
    }
  } // namespace

  using namespace dealii;

  namespace
  {
    /// True when the residual history @p r (latest last) shows Newton not
    /// converging: the latest value repeats one of the six before it to
    /// 0.1 % (a limit cycle: the same iterates come back; a converging
    /// Newton iteration does not return to a residual it had) or the last
    /// four iterations all stayed above the one before them (a stall).
    bool
    newton_is_stuck(const std::vector<double> &r)
    {
      const std::size_t n = r.size();
      if (n < 8)
        return false;
      const double last = r.back();
      for (std::size_t j = (n > 7 ? n - 7 : 0); j + 1 < n; ++j)
        if (std::abs(last - r[j]) <= 1e-3 * last)
          return true;
      // Stall: none of the last four is below the one before them. (Not
      // the history's minimum: after a contact change the residual may
      // jump by orders of magnitude and then converge linearly from there.)
      return *std::min_element(r.end() - 4, r.end()) >= r[n - 5];
    }

    std::string
    format_double(const double x)
    {
      std::ostringstream stream;
      stream << std::setprecision(4) << x;
      return stream.str();
    }
  } // namespace

  /// One solve() call: the load stepping state, the Newton iterations of
  /// each load step and the report they fill.
  template <int dim>
  class Solid<dim>::Impl::NewtonDriver
  {
  public:
    NewtonDriver(Impl                                          &solid,
                 const std::function<void(const StepRecord &)> &after_step);

    /// Runs the load steps to load fraction 1 or to the last failed
    /// cut-back.
    SolveReport
    run();

  private:
    /// The Newton iterations of one attempt at a load step.
    struct Attempt
    {
      StepRecord record; ///< its load_fraction is the target of the step
      /// Largest |R| or force scale seen: what the tolerance is relative to.
      double reference = 0.;
      /// max(|R|, force scale) of the step's first iterate with its
      /// boundary in place (the converged previous state under the new
      /// load).
      double start_scale = 0.;
      /// |R| history for newton_is_stuck.
      std::vector<double> watch;
      /// Newton updates done in this attempt.
      unsigned int iterations = 0;
      /// Set when the line search's full-step trial already assembled the
      /// tangent and residual at the new iterate (with the same, closed,
      /// constraints), so the next iteration need not assemble again.
      bool system_ready = false;
      /// Set when the last Newton update was below round-off relative to
      /// the solution: the residual then sits on its floating-point floor.
      bool stagnated = false;
      /// Updates still to be taken at half length: the remedy for a
      /// Newton that alternates between two iterates (judge_progress).
      unsigned int damped_updates = 0;
      /// Whether this attempt already used that remedy.
      bool        damping_tried = false;
      std::string failure; ///< why the attempt failed
    };

    /// What an iteration does after looking at its residual.
    enum class Verdict
    {
      update,    ///< solve for and apply a Newton update
      converged, ///< the load step is done
      failed     ///< give up the attempt (Attempt::failure says why)
    };

    /// Newton iterations towards the attempt's target load fraction;
    /// true when they converged.
    bool
    attempt_step(Attempt &attempt);
    /// Constraints at @p target, then residual and tangent at the current
    /// solution; @p gap_open: a prescribed boundary is still to be moved.
    /// False when an element inverted.
    bool
    assemble_system(double target, bool &gap_open);
    /// Records the residual and decides: converged, iteration limit,
    /// divergence, or judge_progress().
    Verdict
    judge_iteration(unsigned int it, bool gap_open, Attempt &attempt);
    /// Cycle and stall detection, with the contact term's remedy.
    Verdict
    judge_progress(unsigned int it,
                   double       residual_norm,
                   bool         gap_open,
                   Attempt     &attempt);
    /// Linear solve for the Newton update du, then the step limit. False
    /// when the linear solver failed.
    bool
    solve_update(Attempt &attempt);
    /// Scales du down to the largest nodal displacement allowed.
    void
    limit_update();
    /// Step length along du (1 unless the full step inverts an element).
    double
    line_search(Attempt &attempt, bool gap_open);
    /// Adds the (shortened) update to the solution.
    void
    apply_update(Attempt &attempt, bool gap_open);
    /// Books a converged load step and grows the step back.
    void
    accept_step(const StepRecord &record);
    /// Final state, failure reason and timings of the report.
    SolveReport
    finish();

    Impl                                          &solid;
    const Settings                                &settings;
    const std::function<void(const StepRecord &)> &after_step;
    SolveReport                                    report;
    LinearSolver                                   linear_solver;
    Timer                                          assembly_timer;
    Timer                                          solve_timer;
    const double                                   cell_diameter_min;
    const double                                   nominal_step;
    /// Smallest load increment worth trying (load fraction).
    static constexpr double       min_load_increment = 1e-6;
    double                        load_reached       = 0.;
    double                        step;
    unsigned int                  cuts_left;
    TrilinosWrappers::MPI::Vector u_start;
    TrilinosWrappers::MPI::Vector du;
    TrilinosWrappers::MPI::Vector trial;
    std::string                   last_failure;
  };

  template <int dim>
  Solid<dim>::Impl::NewtonDriver::NewtonDriver(
    Impl                                          &solid,
    const std::function<void(const StepRecord &)> &after_step)
      : solid(solid)
      , settings(solid.problem.settings)
      , after_step(after_step)
      , linear_solver(settings,
                      dim,
                      settings.degree,
                      has_friction(solid.problem))
      , cell_diameter_min(GridTools::minimal_cell_diameter(solid.triangulation))
      , nominal_step(1. / settings.load_steps)
      , step(nominal_step * settings.first_step_fraction)
      , cuts_left(settings.max_cutbacks)
      , u_start(solid.solution)
      , du(solid.owned_dofs, solid.comm)
      , trial(solid.owned_dofs, solid.comm)
  {
    solid.contact_term.round_kink(cell_diameter_min);
    report.contact_smoothing_m = solid.contact_term.smoothing();
    report.n_dofs              = solid.dof_handler.n_dofs();
    report.time_setup_s        = solid.time_setup;
    // Both timers run from construction; they add up assembly and solve
    // time only.
    assembly_timer.stop();
    solve_timer.stop();
    assembly_timer.reset();
    solve_timer.reset();
  }

  template <int dim>
  SolveReport
  Solid<dim>::Impl::NewtonDriver::run()
  {
    while (load_reached < 1. - 1e-12)
      {
        Attempt attempt;
        // A step that would leave a sliver of at most a quarter of itself
        // takes the rest of the load with it: with a first step of 1/8 of
        // the nominal one the doubling steps sum to 23/24 of the load, and
        // the last 1/24 cost a whole load step of Newton iterations.
        const double remaining = 1. - load_reached;
        attempt.record.load_fraction =
          remaining <= 1.25 * step ? 1. : load_reached + step;
        u_start = solid.solution;
        if (attempt_step(attempt))
          {
            accept_step(attempt.record);
            continue;
          }

        // Failed step: restore and cut back.
        report.failed_newton_iterations += attempt.iterations;
        solid.solution = u_start;
        last_failure   = attempt.failure;
        if (cuts_left == 0)
          break;
        --cuts_left;
        ++report.cutbacks;
        step *= 0.5;
        // Accepted steps reset the cut-back budget, so a load the model
        // cannot pass (a limit point) was approached in ever smaller
        // accepted steps for ever (seen: 10^5 steps at load 0.497389).
        if (step < min_load_increment)
          {
            last_failure = attempt.failure +
                           "; the load increment fell below " +
                           format_double(min_load_increment) +
                           ": the model has no equilibrium much beyond this "
                           "load (a limit point)";
            break;
          }
        solid.pcout << "  cut-back: " << attempt.failure
                    << "; retrying with load increment " << format_double(step)
                    << '\n';
      }
    return finish();
  }

  template <int dim>
  bool
  Solid<dim>::Impl::NewtonDriver::attempt_step(Attempt &attempt)
  {
    // Penalty contact makes the residual only piecewise smooth: when a
    // few contact points switch between open and closed from one
    // iterate to the next, full Newton steps can cycle for ever (seen on
    // the 2D foot: |R| = 1290, 14.1, 32.7, 1290, ...; damping the steps
    // by backtracking on |R| was tried and only stalled). A detected
    // cycle or stall ends the attempt at once so that the step is cut
    // back instead of running into the iteration limit.
    for (unsigned int it = 0; it <= settings.max_newton_iterations; ++it)
      {
        solid.solution_ghosted = solid.solution;
        bool gap_open          = false;
        bool ok                = true;
        if (!attempt.system_ready)
          ok = assemble_system(attempt.record.load_fraction, gap_open);
        attempt.system_ready = false;
        if (!ok)
          {
            attempt.failure = solid.describe_inversion();
            return false;
          }
        switch (judge_iteration(it, gap_open, attempt))
          {
            case Verdict::converged:
              return true;
            case Verdict::failed:
              return false;
            case Verdict::update:
              break;
          }
        if (!solve_update(attempt))
          return false;
        apply_update(attempt, gap_open);
      }
    return false;
  }

  template <int dim>
  bool
  Solid<dim>::Impl::NewtonDriver::assemble_system(const double target,
                                                  bool        &gap_open)
  {
    solid.make_constraints(target);
    double largest_gap = 0.;
    for (const auto &line : solid.constraints.get_lines())
      if (solid.owned_dofs.is_element(line.index))
        largest_gap = std::max(largest_gap, std::abs(line.inhomogeneity));
    // Round-off floor: constraints relative to a master node
    // (free translation) leave ~1e-19 m behind.
    gap_open = Utilities::MPI::max(largest_gap, solid.comm) >
               1e-12 * std::max(solid.solution.linfty_norm(), 1e-3);
    assembly_timer.start();
    const bool ok = solid.assemble(solid.solution_ghosted, target, true);
    assembly_timer.stop();
    return ok;
  }

  template <int dim>
  typename Solid<dim>::Impl::NewtonDriver::Verdict
  Solid<dim>::Impl::NewtonDriver::judge_iteration(const unsigned int it,
                                                  const bool         gap_open,
                                                  Attempt           &attempt)
  {
    const double target        = attempt.record.load_fraction;
    const double residual_norm = solid.residual.l2_norm();
    const double scale         = solid.force_scale.l2_norm();
    if (!std::isfinite(residual_norm))
      {
        attempt.failure = "the residual is not finite";
        return Verdict::failed;
      }
    attempt.record.residuals.push_back(residual_norm);
    attempt.reference = std::max({attempt.reference, residual_norm, scale});
    // The scale the step starts from: its first iterate, or with a moving
    // boundary (prescribed displacement, whose first iterate has no force
    // scale yet) the first one after the boundary has moved.
    if (!gap_open && attempt.start_scale == 0.)
      attempt.start_scale = std::max(residual_norm, scale);
    solid.pcout << "  step " << format_double(target) << " it " << it
                << " |R| = " << residual_norm << " scale " << scale
                << (gap_open ? " (boundary moving)" : "") << '\n';
    // Converged when the residual meets the tolerance or, once the
    // updates have shrunk to round-off, when it is within 1e3 of it
    // (stiff penalty contact and near-incompressibility put the
    // floating-point floor of the residual there).
    // The reference grows with the residual of a bad iterate (a blown-up
    // state has a huge force scale too), so a state whose residual is
    // still 0.1 % of the force scale the step started from is never
    // converged: a stance step was once accepted at |R| = 4.7e5 N.
    const bool sane = residual_norm <= 1e-3 * attempt.start_scale;
    if (!gap_open && sane &&
        (residual_norm <= settings.residual_tolerance * attempt.reference ||
         residual_norm <= settings.absolute_tolerance ||
         (attempt.stagnated && residual_norm <= 1e3 *
                                                  settings.residual_tolerance *
                                                  attempt.reference)))
      return Verdict::converged;
    if (it == settings.max_newton_iterations)
      {
        attempt.failure = "Newton did not converge in " + std::to_string(it) +
                          " iterations (|R| = " + format_double(residual_norm) +
                          " N" + solid.describe_residual_peak() + ")";
        return Verdict::failed;
      }
    if (it > 3 && residual_norm > 1e8 * attempt.reference)
      {
        attempt.failure =
          "Newton diverged (|R| = " + format_double(residual_norm) + " N" +
          solid.describe_residual_peak() + ")";
        return Verdict::failed;
      }
    return judge_progress(it, residual_norm, gap_open, attempt);
  }

  template <int dim>
  typename Solid<dim>::Impl::NewtonDriver::Verdict
  Solid<dim>::Impl::NewtonDriver::judge_progress(const unsigned int it,
                                                 const double residual_norm,
                                                 const bool   gap_open,
                                                 Attempt     &attempt)
  {
    // Iterations that still move a prescribed boundary are not
    // comparable with the rest, nor is the first one: only the
    // load increment is out of balance there, and the first full
    // step typically raises |R| by orders of magnitude (contact
    // closing, volumetric terms) before Newton converges.
    if (!gap_open && it > 0)
      attempt.watch.push_back(residual_norm);
    // A Newton that alternates between two iterates (a stick-slip or
    // open-closed status at one point that each update flips back) is
    // stopped halfway: a few half-length updates land between the two and
    // full steps resume from there. Once per attempt; a cut-back follows
    // if it does not help.
    if (!gap_open && newton_is_stuck(attempt.watch) && !attempt.damping_tried)
      {
        attempt.damping_tried  = true;
        attempt.damped_updates = 4;
        attempt.watch.clear();
        if (settings.verbose)
          solid.pcout << "  Newton cycling: next updates halved\n";
        return Verdict::update;
      }
    if (!gap_open && newton_is_stuck(attempt.watch))
      {
        attempt.failure = "Newton is not converging (|R| cycles or stalls "
                          "near " +
                          format_double(residual_norm) + " N after " +
                          std::to_string(it) + " iterations" +
                          solid.describe_residual_peak() + ")";
        return Verdict::failed;
      }
    return Verdict::update;
  }

  template <int dim>
  bool
  Solid<dim>::Impl::NewtonDriver::solve_update(Attempt &attempt)
  {
    solve_timer.start();
    du = 0.;
    LinearSolveResult lin;
    try
      {
        lin = solid.mf_tangent ?
                solid.mf_tangent->solve(solid.constraints, du, solid.residual) :
                linear_solver.solve(solid.tangent,
                                    du,
                                    solid.residual,
                                    solid.rigid_modes);
      }
    catch (const SolverError &e)
      {
        solve_timer.stop();
        attempt.failure = e.what();
        return false;
      }
    solve_timer.stop();
    report.linear_solver = lin.method;
    attempt.record.linear_iterations += lin.iterations;
    solid.constraints.distribute(du);
    limit_update();
    return true;
  }

  template <int dim>
  void
  Solid<dim>::Impl::NewtonDriver::limit_update()
  {
    // Step limit: scale the whole update (displacement, pressure and
    // dilatation alike, so it stays a Newton direction) when a node
    // would move further than allowed.
    if (settings.max_displacement_increment > 0.)
      {
        double largest = 0.;
        for (const auto i : solid.owned_displacement_dofs)
          largest = std::max(largest, std::abs(du[i]));
        largest = Utilities::MPI::max(largest, solid.comm);
        if (largest > settings.max_displacement_increment)
          du *= settings.max_displacement_increment / largest;
      }
  }

  template <int dim>
  double
  Solid<dim>::Impl::NewtonDriver::line_search(Attempt   &attempt,
                                              const bool gap_open)
  {
    // Safeguarded step: try the full Newton step and halve it while
    // it inverts an element (J <= 0 at a quadrature point). A line
    // search on the residual norm or on the energy's directional
    // derivative was tried and rejected: for nearly incompressible
    // tissue the first full step raises both by orders of magnitude
    // (volumetric terms) and is still the right step - Newton then
    // converges quadratically - while the shortened steps tripled the
    // iteration count on Cook's membrane. The full-step assembly is
    // kept for the next iteration.
    double alpha = 1.;
    if (attempt.damped_updates > 0)
      {
        --attempt.damped_updates;
        alpha = 0.5;
      }
    if (settings.line_search && !gap_open)
      for (unsigned int k = 0; k < 8; ++k, alpha *= 0.5)
        {
          trial = solid.solution;
          trial.add(alpha, du);
          solid.solution_ghosted = trial;
          assembly_timer.start();
          const bool trial_ok = solid.assemble(solid.solution_ghosted,
                                               attempt.record.load_fraction,
                                               true);
          assembly_timer.stop();
          if (trial_ok && std::isfinite(solid.residual.l2_norm()))
            {
              attempt.system_ready = true;
              break;
            }
        }
    return alpha;
  }

  template <int dim>
  void
  Solid<dim>::Impl::NewtonDriver::apply_update(Attempt   &attempt,
                                               const bool gap_open)
  {
    const double alpha = line_search(attempt, gap_open);
    // Where the update is largest: a near rigid-body mode shows up
    // as a large update far from the load.
    if (settings.verbose)
      solid.pcout << "    update alpha " << alpha << ", largest |du|"
                  << solid.describe_peak(du, false, 1e3 * alpha, " mm") << '\n';
    solid.solution.add(alpha, du);
    attempt.stagnated = alpha * du.linfty_norm() <=
                        settings.increment_tolerance *
                          std::max(solid.solution.linfty_norm(), 1e-300);
    ++attempt.record.newton_iterations;
    ++attempt.iterations;
  }

  template <int dim>
  void
  Solid<dim>::Impl::NewtonDriver::accept_step(const StepRecord &record)
  {
    load_reached = record.load_fraction;
    report.total_newton_iterations += record.newton_iterations;
    report.total_linear_iterations += record.linear_iterations;
    report.steps.push_back(record);
    report.load_fraction_reached = load_reached;
    solid.solution_ghosted       = solid.solution;
    // Book the friction anchors (nothing to book without friction).
    if (has_friction(solid.problem))
      {
        FEFaceValues<dim> face_values(solid.mapping,
                                      solid.fe,
                                      solid.face_quadrature,
                                      update_values | update_quadrature_points);
        solid.contact_term.accept_state(solid.dof_handler,
                                        solid.solution_ghosted,
                                        load_reached,
                                        face_values);
      }
    if (after_step)
      after_step(record);
    // Recover towards the nominal step after a cut-back. The
    // cut-back budget is per load step: a long run (a roll of 20
    // positions) must not fail for good because earlier steps used
    // it up.
    step      = std::min(nominal_step, 2. * step);
    cuts_left = settings.max_cutbacks;
  }

  template <int dim>
  SolveReport
  Solid<dim>::Impl::NewtonDriver::finish()
  {
    solid.solution_ghosted = solid.solution;
    report.converged       = load_reached >= 1. - 1e-12;
    if (!report.converged)
      report.failure_reason =
        "load step to fraction " +
        format_double(std::min(1., load_reached + step)) + " failed after " +
        std::to_string(report.cutbacks) + " cut-backs: " + last_failure +
        "; reached load fraction " + format_double(load_reached);
    report.time_assembly_s = assembly_timer.wall_time();
    report.time_solve_s    = solve_timer.wall_time();
    return report;
  }

  template <int dim>
  SolveReport
  Solid<dim>::Impl::solve(
    const std::function<void(const StepRecord &)> &after_step)
  {
    NewtonDriver driver(*this, after_step);
    return driver.run();
  }

  // ---- diagnostics of a failed solve ----

  template <int dim>
  std::string
  Solid<dim>::Impl::describe_residual_peak() const
  {
    // The free DOF with the largest out-of-balance force, its region and
    // the centre of a cell around it: where a failed solve is stuck.
    return "; largest out-of-balance force" +
           describe_peak(residual, true, 1., " N");
  }

  template <int dim>
  std::string
  Solid<dim>::Impl::describe_peak(const TrilinosWrappers::MPI::Vector &v,
                                  const bool         free_only,
                                  const double       factor,
                                  const std::string &unit) const
  {
    struct Peak
    {
      double             value  = -1.;
      types::material_id region = 0;
      Point<dim>         at;
      unsigned int       component = 0;
    };
    Peak                    mine;
    types::global_dof_index dof = numbers::invalid_dof_index;
    // Displacement DOFs only: pressure and dilatation entries (mixed
    // formulation) are in other units and would be named as "mm" or "N".
    for (const auto i : owned_displacement_dofs)
      if ((!free_only || !constraints.is_constrained(i)) &&
          std::abs(v(i)) > mine.value)
        {
          mine.value = std::abs(v(i));
          dof        = i;
        }
    std::vector<types::global_dof_index> dofs(fe.n_dofs_per_cell());
    if (dof != numbers::invalid_dof_index)
      for (const auto &cell : dof_handler.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            cell->get_dof_indices(dofs);
            const auto at = std::find(dofs.begin(), dofs.end(), dof);
            if (at != dofs.end())
              {
                mine.region = cell->material_id();
                mine.at     = cell->center();
                mine.component =
                  fe.system_to_component_index(at - dofs.begin()).first;
                break;
              }
          }
    const auto all = Utilities::MPI::all_gather(
      comm,
      std::make_pair(std::make_pair(mine.value, mine.component),
                     std::make_pair(static_cast<unsigned int>(mine.region),
                                    mine.at)));
    Peak best;
    for (const auto &[vc, where] : all)
      if (vc.first > best.value)
        best = {vc.first,
                static_cast<types::material_id>(where.first),
                where.second,
                vc.second};
    if (best.value <= 0.)
      return "";
    std::ostringstream message;
    const auto         name = problem.region_names.find(best.region);
    message << " " << format_double(best.value * factor) << unit
            << (free_only ?
                  "" :
                  " along " + std::string(1, char('x' + best.component)))
            << " in "
            << (name != problem.region_names.end() ?
                  name->second :
                  "region " + std::to_string(best.region))
            << " near (";
    for (unsigned int d = 0; d < dim; ++d)
      message << (d ? ", " : "") << format_double(best.at[d] * 1e3);
    message << ") mm";
    return message.str();
  }

  template <int dim>
  std::string
  Solid<dim>::Impl::describe_inversion() const
  {
    std::ostringstream message;
    message << "an element inverted (J <= 0)";
    if (inverted_cells.empty())
      return message.str();
    message << " in ";
    bool first = true;
    for (const auto &[id, n] : inverted_cells)
      {
        const auto  name     = problem.region_names.find(id);
        const auto &position = inverted_where.at(id);
        message << (first ? "" : ", ")
                << (name != problem.region_names.end() ?
                      name->second :
                      "region " + std::to_string(id))
                << " (" << n << (n == 1 ? " cell" : " cells") << ", e.g. at (";
        for (unsigned int d = 0; d < dim; ++d)
          message << (d ? ", " : "") << std::setprecision(4)
                  << position[d] * 1e3;
        message << ") mm)";
        first = false;
      }
    return message.str();
  }

  // Called from solid.cc: instantiated here, where it is defined.
  template SolveReport
  Solid<2>::Impl::solve(const std::function<void(const StepRecord &)> &);
  template SolveReport
  Solid<3>::Impl::solve(const std::function<void(const StepRecord &)> &);
} // namespace plantarfe::solver
