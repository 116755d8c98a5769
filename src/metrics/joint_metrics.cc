// The joints group: how far each sliding joint (Tissues/Joints/Model =
// sliding) has opened: the largest and the least growth of its layer's
// thickness across the joint (mm; negative = closed). A joint that hinges
// open on one side keeps its faces in contact on the other (least opening
// <= 0); one whose faces have come apart everywhere has dislocated
// (model/foot_model.cc refuses such a step).
#include <deal.II/base/mpi.h>

#include "anatomy/segment_point.h"
#include "materials/joint_layer.h"
#include "metrics/foot_metrics.h"
#include "metrics/metric_registry.h"

#include <algorithm>
#include <limits>

namespace plantarfe::metrics
{
  namespace
  {
    /// Distance from @p x to the polyline @p face.
    double
    distance_to(const std::vector<dealii::Point<2>> &face,
                const dealii::Point<2>              &x)
    {
      double best = std::numeric_limits<double>::max();
      for (unsigned int i = 0; i + 1 < face.size(); ++i)
        best =
          std::min(best,
                   x.distance(
                     anatomy::nearest_on_segment(face[i], face[i + 1], x)));
      return best;
    }

    template <int dim>
    Metrics
    joint_group(const solver::Solid<dim> &solid,
                const MetricInputs       &inputs,
                const Metrics & /*earlier*/)
    {
      const auto         &joints = inputs.foot->sliding_joints;
      const unsigned int  n      = joints.size();
      std::vector<double> most(n, std::numeric_limits<double>::lowest());
      std::vector<double> least(n, std::numeric_limits<double>::max());
      solid.for_each_point(
        {joints.front().region}, [&](const solver::PointState<dim> &p) {
          const dealii::Point<2> X(p.X[0], p.X[1]);
          unsigned int           k = 0; // the nearest joint
          for (unsigned int j = 1; j < n; ++j)
            if (distance_to(joints[j].face, X) < distance_to(joints[k].face, X))
              k = j;
          materials::PointData point;
          point.fibre    = p.fibre; // the joint's normal
          const double h = materials::JointLayer::thickness_ratio(p.F, point);
          const double open = (h - 1.) * joints[k].thickness;
          most[k]           = std::max(most[k], open);
          least[k]          = std::min(least[k], open);
        });
      dealii::Utilities::MPI::max(most, solid.communicator(), most);
      dealii::Utilities::MPI::min(least, solid.communicator(), least);
      Metrics m;
      for (unsigned int j = 0; j < n; ++j)
        {
          const std::string &name = joints[j].name;
          m.push_back({name + "_joint_opening",
                       most[j] * 1e3,
                       "mm",
                       "largest opening of the " + name +
                         " joint's sliding layer: growth of its thickness "
                         "across the joint (negative: closed)"});
          m.push_back({name + "_joint_least_opening",
                       least[j] * 1e3,
                       "mm",
                       "least opening of the " + name +
                         " joint's sliding layer: <= 0 where its faces still "
                         "touch, > 0 everywhere once they have come apart"});
        }
      return m;
    }

    const bool joint_metrics_registered = MetricGroups::add(
      {"joints",
       "largest opening of each sliding joint (Chopart, tarsometatarsal, "
       "first MTP)",
       [](const MetricInputs &inputs) {
         return inputs.foot.has_value() && !inputs.foot->sliding_joints.empty();
       },
       joint_group<2>,
       joint_group<3>});
  } // namespace
} // namespace plantarfe::metrics
