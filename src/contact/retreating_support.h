// A soft support strip that holds a limb while a force-controlled massage
// tool takes up the load, then moves away. A limb that is free to slide onto
// a curved tool has no support until enough skin touches it: Newton then
// starts from a (nearly) singular tangent and chatters. The strip is a plane
// tangent to the skin at the massage point, touching it at load 0 (g = 0
// counts as contact, so there is support from the first iteration, as for a
// foot on flat ground). It stays while the load ramps up, then retreats from
// the skin, quadratically in the load fraction (small moves while it still
// carries load), so the load passes to the tool step by step; once it has
// retreated by `distance` it is out of reach and the tool carries the whole
// force. Its own (soft) penalty is set by the scenario.
#pragma once

#include "contact/obstacle.h"

namespace plantarfe::contact
{
  class RetreatingSupport : public Obstacle
  {
  public:
    /// Plane through @p point with outward skin normal @p normal, limited to
    /// |(x - point) . tangent| <= half_length; in place until load fraction
    /// t_hold, then retreating by distance * ((t - t_hold) / (t_gone -
    /// t_hold))^2 until t_gone, beyond reach afterwards.
    RetreatingSupport(const Vector3 &point,
                      const Vector3 &normal,
                      const Vector3 &tangent,
                      double         half_length,
                      double         distance,
                      double         t_hold,
                      double         t_gone);

    GapAndNormal
    evaluate(const Vector3 &x) const override;

    GapAndNormal
    evaluate_at(const Vector3 &x, double load_fraction) const override;

    std::string
    describe() const override;

  private:
    Vector3 point, normal, tangent;
    double  half_length, distance, t_hold, t_gone;
  };
} // namespace plantarfe::contact
