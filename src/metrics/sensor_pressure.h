// Plantar pressure as a pressure platform reports it: the mean over one
// sensor. A contact point's pressure is a value at a quadrature point, and
// its maximum grows with refinement at the edge of a contact patch (the 2D
// rearfoot peak: 47.9 kPa on the 3 mm mesh, 35.3-35.7 kPa at 2 and 1.5 mm);
// the published peaks (e.g. quiet standing, rearfoot about 95 kPa) are
// sensor means. Novel's EMED-X platform has 4 sensors per cm^2, each
// 5 x 5 mm (0.25 cm^2).
#pragma once

#include <functional>
#include <vector>

namespace plantarfe::metrics
{
  /// A contact point on the ground: where it is now (x along the foot, z
  /// across it; 2D: z = 0), where it was (reference x, for the region it
  /// belongs to), its pressure (Pa) and the area it stands for (m^2; 2D:
  /// m per unit depth).
  struct PressureSample
  {
    double x = 0., z = 0., reference_x = 0., pressure = 0., area = 0.;
  };

  /// The largest mean pressure (Pa) over a square sensor of side @p sensor
  /// (m; 2D: a strip of that length) centred on a sample for which
  /// @p counts(sample) holds: the samples' pressures weighted by how much
  /// of a square of each one's area (2D: an interval of its length),
  /// centred on it, lies on the sensor. Samples out of contact (pressure
  /// 0) near the ground must be among @p samples: they are the part of a
  /// sensor the foot does not press, as on a platform. Never more than the
  /// largest sample pressure.
  double
  sensor_peak_pressure(
    const std::vector<PressureSample>                 &samples,
    double                                             sensor,
    int                                                dim,
    const std::function<bool(const PressureSample &)> &counts);
} // namespace plantarfe::metrics
