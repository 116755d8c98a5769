#include "contact/tool_shapes.h"

#include "base/errors.h"
#include "contact/tool_catalogue.h"
#include "contact/tool_shape_registry.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

namespace plantarfe::contact
{
  namespace
  {
    /// Closest point on the ellipse/ellipsoid sum (x_i/e_i)^2 = 1 to y (all
    /// components >= 0, n = 2 or 3): x_i = e_i^2 y_i / (t + e_i^2) with t
    /// the root of F(t) = sum (e_i y_i / (t + e_i^2))^2 - 1 that lies above
    /// -min e_i^2. F decreases there, so bisection always finds it.
    std::array<double, 3>
    closest_on_ellipsoid(const std::array<double, 3> &e,
                         std::array<double, 3>        y,
                         const unsigned int           n)
    {
      unsigned int k_min = 0;
      for (unsigned int i = 0; i < n; ++i)
        {
          // A zero coordinate makes the root sit on the pole of F; lifting
          // it by 1e-9 of the axis moves the answer by far less than any
          // penetration that matters.
          y[i] = std::max(y[i], 1e-9 * e[i]);
          if (e[i] < e[k_min])
            k_min = i;
        }
      auto F = [&](const double t) {
        double s = 0.;
        for (unsigned int i = 0; i < n; ++i)
          {
            const double r = e[i] * y[i] / (t + e[i] * e[i]);
            s += r * r;
          }
        return s - 1.;
      };
      double lo     = -e[k_min] * e[k_min] + e[k_min] * y[k_min]; // F(lo) >= 0
      double norm_y = 0., e_max = 0.;
      for (unsigned int i = 0; i < n; ++i)
        {
          norm_y += y[i] * y[i];
          e_max = std::max(e_max, e[i]);
        }
      double hi = std::max(0., e_max * std::sqrt(norm_y)); // F(hi) <= 0
      for (int it = 0;
           it < 200 && hi - lo > 1e-15 * (std::abs(hi) + e_max * e_max);
           ++it)
        {
          const double mid        = 0.5 * (lo + hi);
          (F(mid) > 0. ? lo : hi) = mid;
        }
      const double          t = 0.5 * (lo + hi);
      std::array<double, 3> x = {{0., 0., 0.}};
      for (unsigned int i = 0; i < n; ++i)
        x[i] = e[i] * e[i] * y[i] / (t + e[i] * e[i]);
      return x;
    }
  } // namespace

  RigidEllipsoid::RigidEllipsoid(const Vector3 &semi_axes,
                                 const bool     plane_strain)
      : axes(semi_axes)
      , planar(plane_strain)
  {
    for (unsigned int d = 0; d < (planar ? 2u : 3u); ++d)
      if (!(axes[d] > 0.))
        throw ScenarioError("ellipsoid tool: the semi-axes must be > 0");
  }

  GapAndNormal
  RigidEllipsoid::evaluate(const Vector3 &x) const
  {
    const unsigned int    n = planar ? 2 : 3;
    std::array<double, 3> e = {{axes[0], axes[1], axes[2]}}, y = {{0., 0., 0.}};
    double                level = 0.;
    for (unsigned int i = 0; i < n; ++i)
      {
        y[i] = std::abs(x[i]);
        level += (x[i] / e[i]) * (x[i] / e[i]);
      }
    const auto c    = closest_on_ellipsoid(e, y, n);
    double     dist = 0., grad_norm = 0., q = 0., r2 = 0.;
    Vector3    normal;
    for (unsigned int i = 0; i < n; ++i)
      {
        const double s = x[i] < 0. ? -1. : 1.;
        dist += (y[i] - c[i]) * (y[i] - c[i]);
        normal[i] = s * c[i] / (e[i] * e[i]);
        grad_norm += normal[i] * normal[i];
        q += c[i] * c[i] / std::pow(e[i], 4);
        r2 += c[i] * c[i];
      }
    normal /= std::sqrt(grad_norm);
    GapAndNormal g;
    g.gap    = (level < 1. ? -1. : 1.) * std::sqrt(dist);
    g.normal = normal;
    // Surface curvature at the closest point: of the ellipse in 2D, the
    // mean curvature of the ellipsoid in 3D; the normal field of a signed
    // distance turns by kappa / (1 + kappa g) at distance g.
    double kappa = 0.;
    if (planar)
      kappa = 1. / (e[0] * e[0] * e[1] * e[1] * std::pow(q, 1.5));
    else
      kappa = std::abs(r2 - e[0] * e[0] - e[1] * e[1] - e[2] * e[2]) /
              (2. * std::pow(e[0] * e[1] * e[2], 2) * std::pow(q, 1.5));
    g.curvature = kappa / std::max(1. + kappa * g.gap, 0.1);
    if (!planar)
      {
        // The Hessian of the signed distance at x = closest point + gap n:
        // sum_i k_i / (1 + k_i gap) t_i (x) t_i over the principal
        // curvatures k_i and directions t_i at the closest point. The shape
        // operator there is P D P / |D c| (D = diag(1/e_i^2), c the closest
        // point with the signs of x, P the tangent projector); its two
        // eigenpairs in the tangent plane are found in closed form.
        Vector3 cs, grad;
        for (unsigned int i = 0; i < 3; ++i)
          {
            cs[i]   = (x[i] < 0. ? -1. : 1.) * c[i];
            grad[i] = cs[i] / (e[i] * e[i]);
          }
        const double gn = grad.norm();
        // Tangent basis: the coordinate axis least aligned with n, made
        // orthogonal to it, and n x t1.
        unsigned int k = 0;
        for (unsigned int i = 1; i < 3; ++i)
          if (std::abs(normal[i]) < std::abs(normal[k]))
            k = i;
        Vector3 t1;
        t1[k] = 1.;
        t1 -= (t1 * normal) * normal;
        t1 /= t1.norm();
        const Vector3 t2   = cross_product_3d(normal, t1);
        auto          s_of = [&](const Vector3 &a, const Vector3 &b) {
          double v = 0.;
          for (unsigned int i = 0; i < 3; ++i)
            v += a[i] * b[i] / (e[i] * e[i]);
          return v / gn;
        };
        const double s11 = s_of(t1, t1), s12 = s_of(t1, t2), s22 = s_of(t2, t2);
        const double mean = 0.5 * (s11 + s22),
                     half = std::hypot(0.5 * (s11 - s22), s12);
        const double k1 = mean + half, k2 = mean - half;
        // Eigenvector of k1 in the (t1, t2) basis.
        double a = s12, b = k1 - s11;
        if (std::hypot(a, b) < 1e-12 * (std::abs(k1) + 1.))
          {
            a = k1 - s22;
            b = s12;
          }
        if (std::hypot(a, b) < 1e-12 * (std::abs(k1) + 1.))
          {
            a = 1.;
            b = 0.;
          }
        const double  l  = std::hypot(a, b);
        const Vector3 v1 = (a / l) * t1 + (b / l) * t2;
        const Vector3 v2 = cross_product_3d(normal, v1);
        g.normal_gradient =
          k1 / std::max(1. + k1 * g.gap, 0.1) * outer_product(v1, v1) +
          k2 / std::max(1. + k2 * g.gap, 0.1) * outer_product(v2, v2);
        g.has_normal_gradient = true;
      }
    return g;
  }

  std::string
  RigidEllipsoid::describe() const
  {
    std::ostringstream s;
    s << "ellipsoid with semi-axes (" << axes << ") m";
    return s.str();
  }

  RigidCylinder::RigidCylinder(const double radius, const double length)
      : radius(radius)
      , half_length(length > 0. ? length / 2. : 0.)
  {
    if (!(radius > 0.))
      throw ScenarioError("cylinder tool: the radius must be > 0");
  }

  GapAndNormal
  RigidCylinder::evaluate(const Vector3 &x) const
  {
    const double r = std::hypot(x[0], x[1]);
    Vector3      radial({0., 1., 0.});
    if (r > 0.)
      radial = Vector3({x[0] / r, x[1] / r, 0.});
    const Vector3 axial({0., 0., x[2] < 0. ? -1. : 1.});
    const double  dr = r - radius;
    GapAndNormal  g{dr, radial, r > 0. ? 1. / r : 0.};
    // On the mantle the normal turns across the axis only (3D models; the
    // scalar curvature above is exact in the cross-section).
    auto mantle_gradient = [&](GapAndNormal &m) {
      if (!(r > 0.))
        return;
      const Vector3 across({-radial[1], radial[0], 0.});
      m.normal_gradient     = outer_product(across, across) / r;
      m.has_normal_gradient = true;
    };
    mantle_gradient(g);
    if (half_length <= 0.)
      return g;
    const double ds = std::abs(x[2]) - half_length;
    if (dr <= 0. && ds <= 0.) // inside: the nearer of mantle and end
      {
        if (ds > dr)
          g = {ds, axial, 0.};
      }
    else if (dr <= 0.)
      g = {ds, axial, 0.};
    else if (ds > 0.) // beyond the rim: distance to the edge circle
      {
        const double d = std::hypot(dr, ds);
        g              = {d, (dr * radial + ds * axial) / d, 1. / d};
      }
    return g;
  }

  std::string
  RigidCylinder::describe() const
  {
    std::ostringstream s;
    s << "cylinder of radius " << radius << " m, length "
      << (half_length > 0. ? std::to_string(2. * half_length) + " m" :
                             std::string("unbounded"))
      << ", axis z";
    return s.str();
  }

  SpikyBall::SpikyBall(const double       core_radius,
                       const double       spike_height,
                       const double       bump_radius,
                       const unsigned int n_bumps,
                       const bool         plane_strain)
      : core_radius(core_radius)
      , bump_radius(bump_radius)
  {
    if (!(core_radius > 0. && spike_height > 0. && bump_radius > 0.))
      throw ScenarioError(
        "spiky ball: core radius, spike height and bump radius must be > 0");
    if (n_bumps < 2)
      throw ScenarioError("spiky ball: at least two spikes");
    const double rc     = core_radius + spike_height - bump_radius;
    const double golden = M_PI * (3. - std::sqrt(5.));
    for (unsigned int k = 0; k < n_bumps; ++k)
      {
        Vector3 u;
        if (plane_strain)
          {
            const double a = -M_PI / 2. + 2. * M_PI * k / n_bumps;
            u              = Vector3({std::cos(a), std::sin(a), 0.});
          }
        else
          {
            const double y = -1. + 2. * k / (n_bumps - 1.);
            const double s = std::sqrt(std::max(0., 1. - y * y));
            u =
              Vector3({s * std::cos(golden * k), y, s * std::sin(golden * k)});
          }
        centres.push_back(rc * u);
      }
  }

  GapAndNormal
  SpikyBall::evaluate(const Vector3 &x) const
  {
    auto sphere = [&](const Vector3 &c, const double R) {
      const Vector3 r = x - c;
      const double  d = r.norm();
      return GapAndNormal{d - R,
                          d > 0. ? Vector3(r / d) : Vector3({0., -1., 0.}),
                          d > 0. ? 1. / d : 0.};
    };
    GapAndNormal best = sphere(Vector3(), core_radius);
    for (const auto &c : centres)
      {
        const auto g = sphere(c, bump_radius);
        if (g.gap < best.gap)
          best = g;
      }
    return best;
  }

  std::string
  SpikyBall::describe() const
  {
    std::ostringstream s;
    s << "spiky ball: core radius " << core_radius << " m, " << centres.size()
      << " bumps of radius " << bump_radius << " m";
    return s.str();
  }

  namespace
  {
    // Every shape's -y side is at its outer radius: the ellipsoid's normal
    // semi-axis, the first spike of the spiky ball. The thumb (ellipsoid)
    // presses without rolling.
    double
    outer_radius(const ToolSpec &s)
    {
      return s.diameter / 2.;
    }

    const bool sphere_registered = ToolShapes::add(
      {"sphere",
       "ball of ToolSpec::diameter (tennis and lacrosse balls, knuckle)",
       [](const ToolSpec &s, bool) -> std::shared_ptr<const Obstacle> {
         return std::make_shared<RigidSphere>(Vector3(), s.diameter / 2.);
       },
       outer_radius,
       outer_radius,
       false});

    const bool ellipsoid_registered = ToolShapes::add(
      {"ellipsoid",
       "ellipsoid of ToolSpec::semi_axes (thumb pad); does not roll",
       [](const ToolSpec &s,
          const bool      plane_strain) -> std::shared_ptr<const Obstacle> {
         return std::make_shared<RigidEllipsoid>(s.semi_axes, plane_strain);
       },
       [](const ToolSpec &s) { return s.semi_axes[1]; },
       [](const ToolSpec &) { return 0.; },
       false});

    const bool cylinder_registered = ToolShapes::add(
      {"cylinder",
       "cylinder of ToolSpec::diameter and length along z (bottle, rollers); "
       "infinitely long in plane strain",
       [](const ToolSpec &s,
          const bool      plane_strain) -> std::shared_ptr<const Obstacle> {
         return std::make_shared<RigidCylinder>(s.diameter / 2.,
                                                plane_strain ? 0. : s.length);
       },
       outer_radius,
       outer_radius,
       true});

    const bool spiky_registered = ToolShapes::add(
      {"spiky ball",
       "core sphere with spikes (ToolSpec::spike_height, bump_radius, "
       "spikes_2d/spikes_3d)",
       [](const ToolSpec &s,
          const bool      plane_strain) -> std::shared_ptr<const Obstacle> {
         return std::make_shared<SpikyBall>(s.diameter / 2. - s.spike_height,
                                            s.spike_height,
                                            s.bump_radius,
                                            plane_strain ? s.spikes_2d :
                                                           s.spikes_3d,
                                            plane_strain);
       },
       outer_radius,
       outer_radius,
       false});
  } // namespace
} // namespace plantarfe::contact
