// The results file results.h5: mesh, one group per converged load step,
// summary scalars and text records (scenario, provenance). Layout and
// guarantees: docs/results-format.md.
//
// MPI: every rank constructs the writer with the same communicator and calls
// every member function collectively, passing its own part of the mesh and
// fields; with more than one rank the file is written with parallel HDF5
// (MPI-IO), each rank writing its contiguous block of rows. One rank is the
// same code path with the POSIX driver.
//
// Atomicity: everything is written to an AtomicFile's temporary
// "<dir>/.<name>.XXXXXX.tmp" (reserved by rank 0, opened by every rank) and
// renamed onto the final name by finalize(); without finalize() the destructor
// deletes the temporary, so a file under the final name is always complete.
#pragma once

#include "output/atomic_file.h"
#include "output/results_data.h"

#include <cstdint>
#include <memory>
#include <mpi.h>
#include <string>
#include <tuple>
#include <vector>

namespace plantarfe::output
{
  class Hdf5Results
  {
  public:
    /// Creates the temporary file beside @p final_path (the folder must
    /// exist). Throws IoError naming the path and the reason on failure.
    /// MPI must be initialised; collective over @p comm.
    Hdf5Results(const std::string &final_path, MPI_Comm comm);

    /// Without finalize(): closes and deletes the temporary file. Must run
    /// before MPI_Finalize.
    ~Hdf5Results();

    Hdf5Results(const Hdf5Results &) = delete;
    Hdf5Results &
    operator=(const Hdf5Results &) = delete;

    /// /mesh/points, /mesh/cells (global point indices), /mesh/region. Once.
    void
    write_mesh(const MeshData &mesh);

    /// /steps/<%04u>/<field> for every field; flushes the file afterwards.
    /// Needs write_mesh() first; every rank passes the same field list.
    void
    write_step(const StepData &step);

    /// /summary/<name> scalar datasets with a "units" attribute. Every rank
    /// passes the same values; rank 0's are stored.
    void
    write_summary(
      const std::vector<std::tuple<std::string, double, std::string>>
        &name_value_unit);

    /// The history of every metric over the completed steps:
    /// /metrics/load_fraction and /metrics/<name>, float64 arrays with one
    /// entry per step written by write_step() (in that order) and a "units"
    /// attribute. @p values[i] holds step i's value of every metric of
    /// @p name_unit. Every rank passes the same values; rank 0's are stored.
    void
    write_metric_histories(
      const std::vector<std::pair<std::string, std::string>> &name_unit,
      const std::vector<std::vector<double>>                 &values);

    /// A string dataset at the absolute @p path (e.g. "/scenario/input");
    /// missing groups are created. Every rank passes the same text.
    void
    write_text(const std::string &path, const std::string &text);

    /// Closes the file and renames it onto the final path. Collective.
    void
    finalize();

    /// Steps written completely, in the order written.
    const std::vector<StepInfo> &
    completed_steps() const
    {
      return steps;
    }

    /// Global mesh sizes (valid after write_mesh()).
    const MeshInfo &
    mesh_info() const
    {
      return mesh_global;
    }

    const std::string &
    final_path() const
    {
      return target_path;
    }

    const std::string &
    temporary_path() const
    {
      return temp_path;
    }

  private:
    /// Throws IoError "<what> in <temp file>: <HDF5 error stack>".
    [[noreturn]] void
    fail(const std::string &what) const;

    /// Throws std::invalid_argument on every rank unless @p ok holds on all.
    void
    require_on_all_ranks(bool ok, const std::string &message) const;

    /// Creates a dataset of global_rows x columns (1D if columns == 0) and
    /// writes this rank's rows starting at row_offset. Returns the dataset.
    std::int64_t
    write_rows(std::int64_t       parent,
               const std::string &name,
               std::int64_t       file_type,
               std::int64_t       memory_type,
               const void        *data,
               std::uint64_t      local_rows,
               std::uint64_t      row_offset,
               std::uint64_t      global_rows,
               unsigned int       columns) const;

    /// Creates a scalar dataset written from rank 0.
    std::int64_t
    write_scalar(std::int64_t       parent,
                 const std::string &name,
                 std::int64_t       file_type,
                 std::int64_t       memory_type,
                 const void        *data) const;

    void
    write_string_attribute(std::int64_t       object,
                           const std::string &name,
                           const std::string &value) const;

    void
    write_double_attribute(std::int64_t       object,
                           const std::string &name,
                           double             value) const;

    void
    write_uint_attribute(std::int64_t       object,
                         const std::string &name,
                         unsigned int       value) const;

    bool
    path_exists(const std::string &path) const;

    void
    flush() const;

    /// Makes sure the next @p bytes after the file's current end can be
    /// written (on rank 0: blocks reserved with fallocate, keeping the size,
    /// and the file-size limit checked), so that a full disk or a size limit
    /// is found before HDF5 writes anything of the next item: HDF5 1.10
    /// cannot close a file whose metadata it failed to write (the close
    /// fails half way and the library crashes at exit), so running out of
    /// space must never happen inside HDF5. Throws IoError on every rank.
    void
    reserve(std::uint64_t bytes, const std::string &what) const;

    MPI_Comm    comm;
    int         rank    = 0;
    int         n_ranks = 1;
    std::string target_path;
    std::string temp_path;
    /// Rank 0's reservation of temp_path; the other ranks hold none.
    std::unique_ptr<AtomicFile> reserved;

    std::int64_t file      = -1;
    bool         finalized = false;
    /// Deflate level of the array datasets (0: contiguous, uncompressed).
    unsigned int deflate = 0;

    bool          mesh_written = false;
    MeshInfo      mesh_global;
    std::uint64_t local_points = 0;
    std::uint64_t local_cells  = 0;
    std::uint64_t point_offset = 0;
    std::uint64_t cell_offset  = 0;

    std::vector<StepInfo> steps;
  };
} // namespace plantarfe::output
