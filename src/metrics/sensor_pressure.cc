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
        double force = 0.;
        for (auto p = first; p != s.end() && p->x <= c.x + h + widest; ++p)
          {
            const double r = half_side(*p);
            double       a = overlap(p->x, r, c.x, h);
            if (dim == 3)
              a *= overlap(p->z, r, c.z, h);
            // The share of the sample's area within the sensor.
            const double own = dim == 2 ? 2. * r : 4. * r * r;
            force += own > 0. ? p->pressure * p->area * a / own : 0.;
          }
        peak = std::max(peak, force / (dim == 2 ? sensor : sensor * sensor));
      }
    return peak;
  }
} // namespace plantarfe::metrics
