// Sensor-mean plantar pressure (metrics/sensor_pressure.h): a uniform
// pressure on samples that tile the ground reads as itself on any sensor
// inside the patch, in 2D and 3D, also where the samples' squares overlap;
// one loaded sample among unloaded ones reads as its force over the
// sensor's area; a sensor over a patch's edge reads the loaded share; the
// region filter picks the sensor's centre; nothing in contact reads zero.
#include <gtest/gtest.h>

#include "metrics/sensor_pressure.h"

#include <cmath>

using plantarfe::metrics::PressureSample;
using plantarfe::metrics::sensor_peak_pressure;

namespace
{
  const auto everywhere = [](const PressureSample &) { return true; };

  /// Samples of side d tiling [0, n d) (x) by [0, m d) (z; 2D: m = 1, the
  /// area is then the length d), pressure p(x).
  template <typename F>
  std::vector<PressureSample>
  tiles(const double d, const unsigned n, const unsigned m, const int dim, F p)
  {
    std::vector<PressureSample> s;
    for (unsigned i = 0; i < n; ++i)
      for (unsigned j = 0; j < m; ++j)
        {
          const double x = (i + 0.5) * d, z = dim == 3 ? (j + 0.5) * d : 0.;
          s.push_back({x, z, x, p(x), dim == 3 ? d * d : d});
        }
    return s;
  }
} // namespace

TEST(SensorPressure, UniformPressureReadsAsItself)
{
  for (const int dim : {2, 3})
    {
      // 1.3 mm samples: the 5 mm sensor cuts them at arbitrary fractions.
      const auto s =
        tiles(1.3e-3, 40, dim == 3 ? 40 : 1, dim, [](double) { return 80e3; });
      // Sensors centred near the patch's edge hang over it and read less,
      // so the peak is exactly the pressure, never more.
      EXPECT_NEAR(sensor_peak_pressure(s, 5e-3, dim, everywhere), 80e3, 1e-7)
        << dim << "D";
    }
}

TEST(SensorPressure, OneLoadedSampleAmongUnloadedOnesIsItsForceOverTheSensor)
{
  for (const int dim : {2, 3})
    {
      // 1 mm samples over 21 mm, the middle one at 1 MPa: a 5 mm sensor
      // centred on it covers five samples a side.
      auto s =
        tiles(1e-3, 21, dim == 3 ? 21 : 1, dim, [](double) { return 0.; });
      for (auto &p : s)
        if (std::abs(p.x - 10.5e-3) < 1e-9 &&
            (dim == 2 || std::abs(p.z - 10.5e-3) < 1e-9))
          p.pressure = 1e6;
      EXPECT_NEAR(sensor_peak_pressure(s, 5e-3, dim, everywhere),
                  dim == 3 ? 1e6 / 25. : 1e6 / 5.,
                  1e-6)
        << dim << "D";
    }
}

TEST(SensorPressure, LongFacesAreNotCountedTwice)
{
  // The 3D foot's sole faces are 6 mm along the foot and 12 mm across it:
  // their 2 x 2 quadrature points stand for 3 x 6 mm each, squares of
  // 4.2 mm that overlap along x and leave gaps along z. A uniform pressure
  // still reads as itself, never more.
  std::vector<PressureSample> s;
  for (unsigned i = 0; i < 20; ++i)
    for (unsigned j = 0; j < 10; ++j)
      s.push_back({3e-3 * i, 6e-3 * j, 3e-3 * i, 80e3, 18e-6});
  EXPECT_NEAR(sensor_peak_pressure(s, 5e-3, 3, everywhere), 80e3, 1e-7);
}

TEST(SensorPressure, ASensorOverAStepReadsTheMeanAcrossIt)
{
  // 100 kPa for x < 20 mm, 0 beyond, 1 mm samples: the 5 mm sensor centred
  // at 19.5 mm has 3 mm loaded, at 20.5 mm 2 mm; the peak is inside.
  const auto s =
    tiles(1e-3, 40, 1, 2, [](double x) { return x < 20e-3 ? 100e3 : 0.; });
  const auto at = [](double x0) {
    return [x0](const PressureSample &p) { return std::abs(p.x - x0) < 1e-9; };
  };
  EXPECT_NEAR(sensor_peak_pressure(s, 5e-3, 2, at(19.5e-3)), 60e3, 1e-6);
  EXPECT_NEAR(sensor_peak_pressure(s, 5e-3, 2, at(20.5e-3)), 40e3, 1e-6);
  EXPECT_NEAR(sensor_peak_pressure(s, 5e-3, 2, everywhere), 100e3, 1e-6);
}

TEST(SensorPressure, TheRegionFilterPicksTheSensorsCentre)
{
  // Heel at 100 kPa, forefoot at 50 kPa, 60 mm apart.
  auto s = tiles(1e-3, 20, 1, 2, [](double) { return 100e3; });
  for (auto p : tiles(1e-3, 20, 1, 2, [](double) { return 50e3; }))
    {
      p.x += 80e-3;
      p.reference_x += 80e-3;
      s.push_back(p);
    }
  const auto fore = [](const PressureSample &p) {
    return p.reference_x > 0.05;
  };
  EXPECT_NEAR(sensor_peak_pressure(s, 5e-3, 2, fore), 50e3, 1e-6);
  EXPECT_NEAR(sensor_peak_pressure(s, 5e-3, 2, everywhere), 100e3, 1e-6);
  EXPECT_EQ(sensor_peak_pressure({}, 5e-3, 2, everywhere), 0.);
}
