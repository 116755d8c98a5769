// Read access to a results file written by Hdf5Results (layout:
// docs/results-format.md): steps, fields with their units and centering, the
// mesh, summary scalars and text records. Serial HDF5 C API, opened
// read-only; used by `plantarfe info` and `plantarfe render`.
//
// Every failure (missing file, not a results file, missing dataset, wrong
// shape) throws UnreadableResultsError naming the file and the object.
#pragma once

#include "base/errors.h"
#include "output/results_data.h"

#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace plantarfe::output
{
  /// A results file that cannot be read as one: bad input to the command
  /// that was given it (exit 2), not a failure to write (an IoError, so
  /// that resume's damage checks still catch it).
  class UnreadableResultsError : public IoError
  {
  public:
    using IoError::IoError;
  };

  /// A field read back from a step: its description and its values
  /// (n x components, row major; n = points or cells).
  struct FieldValues
  {
    FieldInfo           info;
    std::vector<double> values;
  };

  class Hdf5Reader
  {
  public:
    /// Opens @p path read-only; throws IoError if it is missing or is not a
    /// PlantarFE results file.
    explicit Hdf5Reader(const std::string &path);
    ~Hdf5Reader();

    Hdf5Reader(const Hdf5Reader &) = delete;
    Hdf5Reader &
    operator=(const Hdf5Reader &) = delete;

    const std::string &
    path() const
    {
      return file_path;
    }

    /// Mesh sizes and dimension from /mesh (no arrays read).
    MeshInfo
    mesh_info() const;

    /// /mesh/points, /mesh/cells and /mesh/region (all ranks' rows, global
    /// point indices).
    MeshData
    read_mesh() const;

    /// Every step group under /steps, sorted by index, with the fields it
    /// holds (names sorted).
    std::vector<StepInfo>
    steps() const;

    /// One field of step @p index; throws IoError if it does not exist.
    FieldValues
    read_field(unsigned int index, const std::string &name) const;

    /// /summary/<name> scalars with their "units", sorted by name.
    std::vector<std::tuple<std::string, double, std::string>>
    summary() const;

    /// Every string dataset directly in @p group (e.g. "/provenance"), as
    /// (name, text), sorted by name; empty if the group does not exist.
    std::vector<std::pair<std::string, std::string>>
    texts(const std::string &group) const;

    /// The string dataset at the absolute @p path.
    std::string
    text(const std::string &path) const;

    /// Whether the absolute @p path names an object in the file.
    bool
    exists(const std::string &path) const;

  private:
    [[noreturn]] void
    fail(const std::string &what) const;

    std::vector<std::string>
    members(const std::string &group) const;

    std::string  file_path;
    std::int64_t file = -1;
  };
} // namespace plantarfe::output
