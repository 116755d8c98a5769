// XDMF 3 description of results.h5, so that ParaView opens one file with
// every load step on the time slider. The XDMF holds no data: every
// DataItem references a dataset of the HDF5 file by a path relative to the
// XDMF file. Conventions: docs/results-format.md.
#pragma once

#include "output/results_data.h"

#include <string>
#include <vector>

namespace plantarfe::output
{
  /// Returns the XDMF text: a temporal collection with one grid per entry of
  /// @p steps (Time = load fraction), each with the mesh of @p mesh, the
  /// "region" cell attribute and the step's fields. @p h5_file_name is the
  /// HDF5 file name relative to the XDMF file (normally "results.h5").
  /// Pass only completed steps (Hdf5Results::completed_steps()).
  std::string
  make_xdmf(const std::string           &h5_file_name,
            const MeshInfo              &mesh,
            const std::vector<StepInfo> &steps);
} // namespace plantarfe::output
