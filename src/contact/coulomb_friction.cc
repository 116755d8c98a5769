#include "contact/coulomb_friction.h"

#include <cmath>

namespace plantarfe::contact
{
  using dealii::Tensor;

  FrictionResponse
  coulomb_friction(const FrictionInput &in)
  {
    FrictionResponse out;
    // Spring stiffness k and its rate of change as the point sinks in,
    // dk/d(-gap). With a constant elastic slip the spring is mu p / gamma:
    // a point that presses lightly (the edge of a contact patch, or every
    // point at the first touch) then still has a stick zone of gamma
    // instead of mu * penetration, which vanishes with the pressure and
    // made stick and slip flip between Newton iterates (the 2D foot with
    // sliding joints failed at 0.5 % of the load). Abaqus calls gamma the
    // elastic slip tolerance of its penalty friction.
    const bool by_slip = in.elastic_slip > 0. && std::isfinite(in.coefficient);
    const double k =
      by_slip ? in.coefficient * in.penalty * in.penetration / in.elastic_slip :
                in.penalty * in.slope;
    const double k_rate =
      by_slip ? in.coefficient * in.penalty * in.slope / in.elastic_slip :
                in.penalty * in.slope_rate;
    if (k <= 0. || in.coefficient <= 0.)
      {
        out.next_anchor = in.x;
        return out;
      }
    const Tensor<1, 3> &n = in.normal;
    Tensor<2, 3>        tangential; // I - n (x) n
    for (unsigned int a = 0; a < 3; ++a)
      for (unsigned int b = 0; b < 3; ++b)
        tangential[a][b] = (a == b ? 1. : 0.) - n[a] * n[b];
    const Tensor<1, 3> slip  = tangential * (in.x - in.anchor);
    const Tensor<1, 3> trial = k * slip;
    const double       limit = in.coefficient * in.penalty * in.penetration;
    const double       trial_norm = trial.norm();
    // A point just touching (limit 0) with no slip yet sticks: the tangent
    // then has the spring's stiffness instead of an undefined direction.
    const double d = in.rounding;
    if (!std::isfinite(in.coefficient) || trial_norm <= (1. - d) * limit)
      {
        // d(k slip)/dx = k P + slip (x) dk/dx, dk/dx = -k_rate n: inside a
        // smoothing band (or with a constant elastic slip, everywhere) the
        // spring stiffens as the point sinks.
        out.force     = trial;
        out.stiffness = k * tangential;
        for (unsigned int a = 0; a < 3; ++a)
          for (unsigned int b = 0; b < 3; ++b)
            out.stiffness[a][b] -= k_rate * slip[a] * n[b];
      }
    else
      {
        // Slip: force = L m(r) s with L = mu p, s = slip / |slip|, r =
        // |trial| / L, and m(r) = min(r, 1) with its kink rounded over
        // |r - 1| < d by the C1 quadratic r - (r - 1 + d)^2 / 4d (a status
        // flipping between stick and slip from one Newton iterate to the
        // next is what made the foot's Newton cycle). Derivatives:
        // dL/dx = -mu eps slope n; d|slip|/dx = s; dk/dx = -k_rate n;
        // ds/dx = (P - s s) / |slip|.
        const double       slip_norm = slip.norm();
        const Tensor<1, 3> s         = slip / slip_norm;
        const double       r         = trial_norm / limit;
        double             m = 1., dm = 0.;
        if (d > 0. && r < 1. + d)
          {
            m  = r - (r - 1. + d) * (r - 1. + d) / (4. * d);
            dm = 1. - (r - 1. + d) / (2. * d);
          }
        out.slipping          = true;
        out.force             = limit * m * s;
        const Tensor<1, 3> dL = -in.coefficient * in.penalty * in.slope * n;
        const Tensor<1, 3> dk = -k_rate * n;
        const Tensor<1, 3> dr =
          (slip_norm * dk + k * s) / limit - r / limit * dL;
        const Tensor<1, 3> dmagnitude = m * dL + limit * dm * dr;
        for (unsigned int a = 0; a < 3; ++a)
          for (unsigned int b = 0; b < 3; ++b)
            out.stiffness[a][b] =
              s[a] * dmagnitude[b] +
              limit * m / slip_norm * (tangential[a][b] - s[a] * s[b]);
      }
    // The anchor that makes the spring carry exactly this force when the
    // law is evaluated again (the normal offset of x from the anchor is
    // projected out). Inside the rounded band the spring must be longer
    // than force / k: its ratio r solves m(r) = |force| / L.
    out.next_anchor = in.x - out.force / k;
    if (out.slipping && d > 0.)
      {
        const double m = out.force.norm() / limit;
        const double u = 2. * d * (1. - std::sqrt(std::max(0., (1. - m) / d)));
        const double r = std::max(m, 1. - d + u);
        out.next_anchor =
          in.x - (r * limit / k) * (out.force / out.force.norm());
      }
    return out;
  }
} // namespace plantarfe::contact
