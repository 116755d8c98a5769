// Sensor-mean plantar pressure; see sensor_pressure.h.
#include "metrics/sensor_pressure.h"

#include <algorithm>
#include <cmath>

namespace plantarfe::metrics
{
  namespace
  {
    /// Length of [a - ha, a + ha] within [b - hb, b + hb].
    double
    overlap(const double a, const double ha, const double b, const double hb)
    {
      return std::max(0., std::min(a + ha, b + hb) - std::max(a - ha, b - hb));
    }
  } // namespace

  double
  sensor_peak_pressure(
    const std::vector<PressureSample>                 &samples,
    const double                                       sensor,
    const int                                          dim,
    const std::function<bool(const PressureSample &)> &counts)
  {
    if (samples.empty() || !(sensor > 0.))
      return 0.;
    // Sorted along x, so that each sensor looks only at the samples that
    // can reach it.
    std::vector<PressureSample> s(samples);
    std::sort(s.begin(), s.end(), [](const auto &a, const auto &b) {
      return a.x < b.x;
    });
    const auto half_side = [dim](const PressureSample &p) {
      return 0.5 * (dim == 2 ? p.area : std::sqrt(p.area));
    };
    double widest = 0.;
    for (const auto &p : s)
      widest = std::max(widest, half_side(p));
    const double h    = 0.5 * sensor;
    double       peak = 0.;
    for (const auto &c : s)
      {
        if (!counts(c))
          continue;
        const auto first =
          std::lower_bound(s.begin(),
                           s.end(),
                           c.x - h - widest,
                           [](const auto &p, double x) { return p.x < x; });
        double force = 0., covered = 0.;
        for (auto p = first; p != s.end() && p->x <= c.x + h + widest; ++p)
          {
            const double r = half_side(*p);
            double       a = overlap(p->x, r, c.x, h);
            if (dim == 3)
              a *= overlap(p->z, r, c.z, h);
            force += p->pressure * a;
            covered += a;
          }
        // Over the area the samples cover: where they overlap or leave gaps
        // (faces longer one way than the other) a plain sum over the
        // sensor's area would count some force twice or not at all.
        if (covered > 0.)
          peak = std::max(peak, force / covered);
      }
    return peak;
  }
} // namespace plantarfe::metrics
