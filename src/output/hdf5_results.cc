#include "output/hdf5_results.h"

#include <hdf5.h>

#include "base/errors.h"
#include "output/hdf5_handles.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/stat.h>
#include <type_traits>
#include <unistd.h>

namespace plantarfe::output
{
  using hdf5::Handle;
  using hdf5::QuietErrors;

  static_assert(std::is_same_v<hid_t, std::int64_t>,
                "hid_t is stored as std::int64_t in the header");

  namespace
  {
    /// Room reserved per dataset for its object header, attributes and link
    /// (about 500 bytes are used), and for every write (group headers, link
    /// storage, heap growth).
    constexpr std::uint64_t dataset_room = 1024;
    constexpr std::uint64_t margin       = 16384;

    herr_t
    collect_error(unsigned int /*n*/, const H5E_error2_t *error, void *data)
    {
      auto &messages = *static_cast<std::vector<std::string> *>(data);
      if (error->desc != nullptr && error->desc[0] != '\0' &&
          std::find(messages.begin(), messages.end(), error->desc) ==
            messages.end())
        messages.emplace_back(error->desc);
      return 0;
    }

    /// Rank 0's @p text on every rank of @p comm.
    std::string
    broadcast(std::string text, const MPI_Comm comm)
    {
      unsigned long long size = text.size();
      MPI_Bcast(&size, 1, MPI_UNSIGNED_LONG_LONG, 0, comm);
      text.resize(size);
      MPI_Bcast(text.data(), static_cast<int>(size), MPI_CHAR, 0, comm);
      return text;
    }

    /// The innermost messages of the current HDF5 error stack (the cause,
    /// e.g. "unable to open file: ... errno = 13, error message =
    /// 'Permission denied'"), then clears the stack.
    std::string
    hdf5_error_reason()
    {
      std::vector<std::string> messages;
      H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_error, &messages);
      H5Eclear2(H5E_DEFAULT);
      if (messages.empty())
        return "unknown HDF5 error";
      // The system's wording when HDF5 quotes it (POSIX or MPI-IO).
      for (const std::string key : {"error message = '", "error string is '"})
        {
          const auto begin = messages.front().find(key);
          if (begin == std::string::npos)
            continue;
          const auto start = begin + key.size();
          const auto end   = messages.front().find('\'', start);
          if (end != std::string::npos)
            return messages.front().substr(start, end - start);
        }
      std::string reason = messages.front();
      if (messages.size() > 1)
        reason += " (" + messages[1] + ")";
      return reason;
    }

    bool
    valid_name(const std::string &name)
    {
      if (name.empty())
        return false;
      for (const char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
              c == '-'))
          return false;
      return true;
    }

    hid_t
    link_creation_properties()
    {
      const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
      if (lcpl >= 0)
        H5Pset_create_intermediate_group(lcpl, 1);
      return lcpl;
    }

    /// Deflate level of the larger array datasets: PLANTARFE_H5_DEFLATE
    /// (0-9, 0 = everything contiguous and uncompressed), default 1: with the
    /// shuffle filter in front, level 1 already gives nearly all of the gain
    /// (measured on a 40960-cell block: 13.96 MB -> 8.81 MB, level 4 8.68 MB).
    constexpr unsigned int default_deflate = 1;

    /// Datasets smaller than this stay contiguous: a chunked dataset carries
    /// a chunk index of a few KiB, more than compression saves on small
    /// arrays (a 16 x 16-cell Cook run grew from 227 to 304 KB with every
    /// dataset compressed).
    constexpr std::uint64_t compress_min_bytes = 64 * 1024;

    unsigned int
    compression_level()
    {
      if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) <= 0 ||
          H5Zfilter_avail(H5Z_FILTER_SHUFFLE) <= 0)
        return 0;
      const char *env = std::getenv("PLANTARFE_H5_DEFLATE");
      if (env == nullptr || *env == '\0')
        return default_deflate;
      return unsigned(std::clamp(std::atoi(env), 0, 9));
    }

    /// Storage of an array dataset of @p rows x @p columns (1-D if
    /// columns == 0): from compress_min_bytes on and with @p level > 0
    /// chunked (whole rows, about 1 MiB per chunk) through the shuffle and
    /// deflate filters, otherwise contiguous. Parallel HDF5 (>= 1.10.2)
    /// writes filtered datasets with collective transfers, which the writer
    /// uses.
    hid_t
    dataset_creation_properties(const hid_t         type,
                                const std::uint64_t rows,
                                const unsigned int  columns,
                                const unsigned int  level)
    {
      const hid_t   dcpl = H5Pcreate(H5P_DATASET_CREATE);
      const hsize_t row_bytes =
        hsize_t(std::max(columns, 1u)) * H5Tget_size(type);
      if (dcpl < 0 || level == 0 || rows * row_bytes < compress_min_bytes)
        return dcpl;
      const hsize_t chunk_rows =
        std::min<hsize_t>(rows,
                          std::max<hsize_t>(1, (hsize_t(1) << 20) / row_bytes));
      const hsize_t chunk[2] = {chunk_rows, columns};
      if (H5Pset_chunk(dcpl, columns == 0 ? 1 : 2, chunk) < 0 ||
          H5Pset_shuffle(dcpl) < 0 || H5Pset_deflate(dcpl, level) < 0)
        {
          H5Pclose(dcpl);
          return -1;
        }
      return dcpl;
    }

    /// Fixed-length, NUL-terminated UTF-8 string type holding @p length
    /// characters. Fixed length because parallel HDF5 cannot write
    /// variable-length data.
    hid_t
    string_type(const std::size_t length)
    {
      const hid_t type = H5Tcopy(H5T_C_S1);
      if (type >= 0)
        {
          H5Tset_size(type, length + 1);
          H5Tset_strpad(type, H5T_STR_NULLTERM);
          H5Tset_cset(type, H5T_CSET_UTF8);
        }
      return type;
    }
  } // namespace


  Hdf5Results::Hdf5Results(const std::string &final_path, MPI_Comm comm)
      : comm(comm)
      , target_path(final_path)
  {
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &n_ranks);

    // Rank 0 reserves the temporary (a fresh name, created exclusively, see
    // atomic_file.h) and tells the other ranks its name; all open it below.
    std::string error;
    if (rank == 0)
      try
        {
          reserved  = std::make_unique<AtomicFile>(final_path);
          temp_path = reserved->temporary();
        }
      catch (const IoError &e)
        {
          error = e.what();
        }
    error = broadcast(error, comm);
    if (!error.empty())
      throw IoError(error);
    temp_path = broadcast(temp_path, comm);

    // Rank 0 decides: every rank must create its datasets alike.
    deflate = compression_level();
    MPI_Bcast(&deflate, 1, MPI_UNSIGNED, 0, comm);

    const QuietErrors quiet;
    const Handle      fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    if (!fapl.valid())
      fail("cannot create file access properties");
    if (n_ranks > 1 && H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL) < 0)
      fail("cannot select the MPI-IO driver");

    // Truncates the empty file rank 0 reserved.
    file = H5Fcreate(temp_path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    if (file < 0)
      throw IoError("cannot create results file " + temp_path + ": " +
                    hdf5_error_reason());

    const Handle root(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose);
    write_string_attribute(root, "format", "plantarfe-results");
    write_uint_attribute(root, "format_version", 1);
  }


  Hdf5Results::~Hdf5Results()
  {
    int mpi_finalized = 0;
    MPI_Finalized(&mpi_finalized);
    if (file >= 0 && !(mpi_finalized && n_ranks > 1))
      {
        const QuietErrors quiet;
        H5Fclose(file);
        H5Eclear2(H5E_DEFAULT);
      }
    file = -1;
    reserved.reset(); // deletes the temporary unless finalize() renamed it
  }


  void
  Hdf5Results::fail(const std::string &what) const
  {
    throw IoError(what + " in " + temp_path + ": " + hdf5_error_reason());
  }


  void
  Hdf5Results::require_on_all_ranks(const bool         ok,
                                    const std::string &message) const
  {
    int all_ok = ok ? 1 : 0;
    MPI_Allreduce(MPI_IN_PLACE, &all_ok, 1, MPI_INT, MPI_MIN, comm);
    if (!ok)
      throw std::invalid_argument("results file: " + message);
    if (!all_ok)
      throw std::invalid_argument(
        "results file: invalid data on another MPI rank");
  }


  std::int64_t
  Hdf5Results::write_rows(const std::int64_t  parent,
                          const std::string  &name,
                          const std::int64_t  file_type,
                          const std::int64_t  memory_type,
                          const void         *data,
                          const std::uint64_t local_rows,
                          const std::uint64_t row_offset,
                          const std::uint64_t global_rows,
                          const unsigned int  columns) const
  {
    const int     rank_of_data = columns == 0 ? 1 : 2;
    const hsize_t dims[2]      = {global_rows, columns};
    const Handle  file_space(H5Screate_simple(rank_of_data, dims, nullptr),
                            H5Sclose);
    const Handle  lcpl(link_creation_properties(), H5Pclose);
    if (!file_space.valid() || !lcpl.valid())
      fail("cannot describe dataset " + name);

    const Handle dcpl(
      dataset_creation_properties(file_type, global_rows, columns, deflate),
      H5Pclose);
    if (!dcpl.valid())
      fail("cannot set up the storage of dataset " + name);
    const hid_t dataset = H5Dcreate2(
      parent, name.c_str(), file_type, file_space, lcpl, dcpl, H5P_DEFAULT);
    if (dataset < 0)
      fail("cannot create dataset " + name);
    Handle dataset_guard(dataset, H5Dclose);

    const hsize_t start[2] = {row_offset, 0};
    const hsize_t count[2] = {local_rows, columns};
    const hsize_t one[1]   = {1};
    const Handle  memory_space(local_rows > 0 ?
                                H5Screate_simple(rank_of_data, count, nullptr) :
                                H5Screate_simple(1, one, nullptr),
                              H5Sclose);
    herr_t status = 0;
    if (local_rows > 0)
      status = H5Sselect_hyperslab(
        file_space, H5S_SELECT_SET, start, nullptr, count, nullptr);
    else
      status =
        std::min(H5Sselect_none(file_space), H5Sselect_none(memory_space));
    if (status < 0 || !memory_space.valid())
      fail("cannot select rows of dataset " + name);

    const Handle transfer(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
    if (n_ranks > 1)
      H5Pset_dxpl_mpio(transfer, H5FD_MPIO_COLLECTIVE);
    const double dummy = 0.;
    if (H5Dwrite(dataset,
                 memory_type,
                 memory_space,
                 file_space,
                 transfer,
                 local_rows > 0 ? data : &dummy) < 0)
      fail("cannot write dataset " + name);

    // The caller owns the dataset from here on.
    return dataset_guard.release();
  }


  std::int64_t
  Hdf5Results::write_scalar(const std::int64_t parent,
                            const std::string &name,
                            const std::int64_t file_type,
                            const std::int64_t memory_type,
                            const void        *data) const
  {
    const Handle file_space(H5Screate(H5S_SCALAR), H5Sclose);
    const Handle memory_space(H5Screate(H5S_SCALAR), H5Sclose);
    const Handle lcpl(link_creation_properties(), H5Pclose);
    if (!file_space.valid() || !memory_space.valid() || !lcpl.valid())
      fail("cannot describe dataset " + name);
    const hid_t dataset = H5Dcreate2(parent,
                                     name.c_str(),
                                     file_type,
                                     file_space,
                                     lcpl,
                                     H5P_DEFAULT,
                                     H5P_DEFAULT);
    if (dataset < 0)
      fail("cannot create dataset " + name);
    Handle dataset_guard(dataset, H5Dclose);
    // Rank 0 writes, the others take part in the collective call with an
    // empty selection.
    if (rank != 0)
      {
        H5Sselect_none(file_space);
        H5Sselect_none(memory_space);
      }
    const Handle transfer(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
    if (n_ranks > 1)
      H5Pset_dxpl_mpio(transfer, H5FD_MPIO_COLLECTIVE);
    if (H5Dwrite(
          dataset, memory_type, memory_space, file_space, transfer, data) < 0)
      fail("cannot write dataset " + name);
    // The caller owns the dataset from here on.
    return dataset_guard.release();
  }


  void
  Hdf5Results::write_string_attribute(const std::int64_t object,
                                      const std::string &name,
                                      const std::string &value) const
  {
    const Handle type(string_type(value.size()), H5Tclose);
    const Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    const Handle attribute(
      H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
      H5Aclose);
    if (!attribute.valid() || H5Awrite(attribute, type, value.c_str()) < 0)
      fail("cannot write attribute " + name);
  }


  void
  Hdf5Results::write_double_attribute(const std::int64_t object,
                                      const std::string &name,
                                      const double       value) const
  {
    const Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    const Handle attribute(
      H5Acreate2(
        object, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT),
      H5Aclose);
    if (!attribute.valid() ||
        H5Awrite(attribute, H5T_NATIVE_DOUBLE, &value) < 0)
      fail("cannot write attribute " + name);
  }


  void
  Hdf5Results::write_uint_attribute(const std::int64_t object,
                                    const std::string &name,
                                    const unsigned int value) const
  {
    const Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    const Handle attribute(
      H5Acreate2(
        object, name.c_str(), H5T_STD_U32LE, space, H5P_DEFAULT, H5P_DEFAULT),
      H5Aclose);
    if (!attribute.valid() || H5Awrite(attribute, H5T_NATIVE_UINT, &value) < 0)
      fail("cannot write attribute " + name);
  }


  bool
  Hdf5Results::path_exists(const std::string &path) const
  {
    // H5Lexists fails on a missing intermediate group: test each prefix.
    std::size_t position = 0;
    while (position != std::string::npos)
      {
        position            = path.find('/', position + 1);
        const auto   prefix = path.substr(0, position);
        const htri_t exists = H5Lexists(file, prefix.c_str(), H5P_DEFAULT);
        if (exists < 0)
          fail("cannot look up " + prefix);
        if (exists == 0)
          return false;
      }
    return true;
  }


  void
  Hdf5Results::flush() const
  {
    if (H5Fflush(file, H5F_SCOPE_GLOBAL) < 0)
      fail("cannot flush");
  }


  void
  Hdf5Results::reserve(const std::uint64_t bytes, const std::string &what) const
  {
    // After flush() the file's size is where HDF5 allocates next (up to a
    // little aggregator slack, covered by the margin). Blocks are reserved
    // with FALLOC_FL_KEEP_SIZE from the start, so holes are filled and the
    // size HDF5 sees does not change; the file-size limit, which such a
    // reservation does not check, is compared explicitly.
    int error = 0;
    if (rank == 0)
      {
        const int   fd = ::open(temp_path.c_str(), O_WRONLY | O_CLOEXEC);
        struct stat status
        {};
        if (fd < 0 || ::fstat(fd, &status) != 0)
          error = errno;
        else
          {
            const std::uint64_t end = std::uint64_t(status.st_size) + bytes;
            rlimit              limit{};
            if (getrlimit(RLIMIT_FSIZE, &limit) == 0 &&
                limit.rlim_cur != RLIM_INFINITY && end > limit.rlim_cur)
              error = EFBIG;
            else if (fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, off_t(end)) != 0 &&
                     errno != EOPNOTSUPP && errno != ENOSYS)
              error = errno; // ENOSPC, EDQUOT, EIO, ...
          }
        if (fd >= 0)
          ::close(fd);
      }
    MPI_Bcast(&error, 1, MPI_INT, 0, comm);
    if (error != 0)
      throw IoError("cannot write " + what + " to " + temp_path + ": " +
                    std::strerror(error));
  }


  void
  Hdf5Results::write_mesh(const MeshData &mesh)
  {
    if (file < 0)
      throw std::logic_error("results file: write_mesh() after finalize()");
    if (mesh_written)
      throw std::logic_error("results file: write_mesh() called twice");

    const unsigned int vpc = mesh.vertices_per_cell;
    std::string        problem;
    if (!((mesh.dim == 2 && (vpc == 3 || vpc == 4)) ||
          (mesh.dim == 3 && (vpc == 4 || vpc == 8))))
      problem = "mesh must be dim 2 with 3 or 4 vertices per cell or dim 3 "
                "with 4 or 8, got dim " +
                std::to_string(mesh.dim) + " with " + std::to_string(vpc);
    else if (mesh.points.size() % 3 != 0)
      problem = "mesh points must hold 3 coordinates per point";
    else if (mesh.cells.size() % vpc != 0)
      problem =
        "mesh cells must hold " + std::to_string(vpc) + " vertices per cell";
    else if (mesh.region.size() != mesh.n_cells())
      problem = "mesh region must hold one id per cell";
    else
      for (const auto v : mesh.cells)
        if (v >= mesh.n_points())
          {
            problem = "mesh cell vertex " + std::to_string(v) +
                      " is not a point of this rank";
            break;
          }
    require_on_all_ranks(problem.empty(), problem);

    unsigned int dims[2] = {mesh.dim, mesh.dim};
    MPI_Allreduce(MPI_IN_PLACE, &dims[0], 1, MPI_UNSIGNED, MPI_MIN, comm);
    MPI_Allreduce(MPI_IN_PLACE, &dims[1], 1, MPI_UNSIGNED, MPI_MAX, comm);
    require_on_all_ranks(dims[0] == dims[1],
                         "ranks disagree on the mesh dimension");

    const QuietErrors quiet;
    local_points                  = mesh.n_points();
    local_cells                   = mesh.n_cells();
    const std::uint64_t local[2]  = {local_points, local_cells};
    std::uint64_t       offset[2] = {0, 0};
    std::uint64_t       total[2]  = {0, 0};
    MPI_Exscan(local, offset, 2, MPI_UINT64_T, MPI_SUM, comm);
    MPI_Allreduce(local, total, 2, MPI_UINT64_T, MPI_SUM, comm);
    if (rank == 0)
      offset[0] = offset[1] = 0; // MPI_Exscan leaves rank 0 undefined
    point_offset = offset[0];
    cell_offset  = offset[1];

    mesh_global.dim               = mesh.dim;
    mesh_global.n_points          = total[0];
    mesh_global.n_cells           = total[1];
    mesh_global.vertices_per_cell = vpc;

    reserve(total[0] * 3 * 8 + total[1] * (vpc * 8 + 4) + 3 * dataset_room +
              margin,
            "the mesh");
    const hid_t group =
      H5Gcreate2(file, "/mesh", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (group < 0)
      fail("cannot create group /mesh");
    const Handle group_guard(group, H5Gclose);
    write_uint_attribute(group, "dim", mesh.dim);
    write_string_attribute(group, "cell_type", mesh_global.cell_type());
    write_uint_attribute(group, "vertices_per_cell", vpc);

    {
      const Handle points(write_rows(group,
                                     "points",
                                     H5T_IEEE_F64LE,
                                     H5T_NATIVE_DOUBLE,
                                     mesh.points.data(),
                                     local_points,
                                     point_offset,
                                     total[0],
                                     3),
                          H5Dclose);
      write_string_attribute(points, "units", "m");
    }
    {
      std::vector<std::uint64_t> global_cells(mesh.cells);
      for (auto &v : global_cells)
        v += point_offset;
      const Handle cells(write_rows(group,
                                    "cells",
                                    H5T_STD_U64LE,
                                    H5T_NATIVE_UINT64,
                                    global_cells.data(),
                                    local_cells,
                                    cell_offset,
                                    total[1],
                                    vpc),
                         H5Dclose);
    }
    {
      const Handle region(write_rows(group,
                                     "region",
                                     H5T_STD_I32LE,
                                     H5T_NATIVE_INT,
                                     mesh.region.data(),
                                     local_cells,
                                     cell_offset,
                                     total[1],
                                     0),
                          H5Dclose);
      write_string_attribute(region, "units", "-");
      if (!mesh.region_names.empty())
        {
          std::string names;
          for (const auto &[id, name] : mesh.region_names)
            names += std::to_string(id) + " " + name + "\n";
          write_string_attribute(region, "names", names);
        }
    }
    flush();
    mesh_written = true;
  }


  void
  Hdf5Results::write_step(const StepData &step)
  {
    if (file < 0)
      throw std::logic_error("results file: write_step() after finalize()");
    if (!mesh_written)
      throw std::logic_error("results file: write_step() before write_mesh()");
    for (const auto &done : steps)
      if (done.index == step.index)
        throw std::logic_error("results file: step " +
                               std::to_string(step.index) + " written twice");

    // Local checks, then the same field list on every rank (dataset creation
    // is collective).
    std::string problem;
    std::string signature = std::to_string(step.index) + ":";
    {
      char buffer[32];
      std::snprintf(buffer, sizeof(buffer), "%.17g", step.load_fraction);
      signature += buffer;
    }
    for (std::size_t i = 0; i < step.fields.size() && problem.empty(); ++i)
      {
        const Field &f = step.fields[i];
        signature += "|" + f.name + "," + std::to_string(f.components) + "," +
                     (f.on_cells ? "c" : "n") + "," + f.unit;
        const std::uint64_t rows = f.on_cells ? local_cells : local_points;
        if (!valid_name(f.name))
          problem =
            "invalid field name '" + f.name + "' (letters, digits, '_', '-')";
        else if (f.components != 1 && f.components != 3)
          problem = "field " + f.name + " must have 1 or 3 components";
        else if (f.values.size() != rows * f.components)
          problem = "field " + f.name + " has " +
                    std::to_string(f.values.size()) + " values, expected " +
                    std::to_string(rows * f.components);
        else
          for (std::size_t j = 0; j < i; ++j)
            if (step.fields[j].name == f.name)
              problem = "field " + f.name + " given twice";
      }
    require_on_all_ranks(problem.empty(), problem);
    const std::uint64_t hash      = std::hash<std::string>()(signature);
    std::uint64_t       hashes[2] = {hash, ~hash};
    MPI_Allreduce(MPI_IN_PLACE, hashes, 2, MPI_UINT64_T, MPI_MIN, comm);
    require_on_all_ranks(hashes[0] == ~hashes[1],
                         "ranks disagree on the fields of step " +
                           std::to_string(step.index));

    std::uint64_t bytes = margin;
    for (const Field &f : step.fields)
      bytes += (f.on_cells ? mesh_global.n_cells : mesh_global.n_points) *
                 f.components * 8 +
               dataset_room;
    reserve(bytes, "step " + std::to_string(step.index));

    const QuietErrors quiet;
    const std::string group_path = "/steps/" + step_group_name(step.index);
    const Handle      lcpl(link_creation_properties(), H5Pclose);
    const hid_t       group =
      H5Gcreate2(file, group_path.c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT);
    if (group < 0)
      fail("cannot create group " + group_path);
    const Handle group_guard(group, H5Gclose);
    write_double_attribute(group, "load_fraction", step.load_fraction);
    write_uint_attribute(group, "index", step.index);

    StepInfo info;
    info.index         = step.index;
    info.load_fraction = step.load_fraction;
    for (const Field &f : step.fields)
      {
        const bool   cells = f.on_cells;
        const Handle dataset(write_rows(group,
                                        f.name,
                                        H5T_IEEE_F64LE,
                                        H5T_NATIVE_DOUBLE,
                                        f.values.data(),
                                        cells ? local_cells : local_points,
                                        cells ? cell_offset : point_offset,
                                        cells ? mesh_global.n_cells :
                                                mesh_global.n_points,
                                        f.components == 1 ? 0 : f.components),
                             H5Dclose);
        write_string_attribute(dataset, "units", f.unit);
        write_string_attribute(dataset, "center", cells ? "Cell" : "Node");
        info.fields.push_back({f.name, f.unit, f.components, f.on_cells});
      }
    flush();
    steps.push_back(std::move(info));
  }


  void
  Hdf5Results::write_summary(
    const std::vector<std::tuple<std::string, double, std::string>>
      &name_value_unit)
  {
    if (file < 0)
      throw std::logic_error("results file: write_summary() after finalize()");
    std::string problem;
    for (const auto &[name, value, unit] : name_value_unit)
      if (!valid_name(name))
        problem = "invalid summary name '" + name + "'";
    require_on_all_ranks(problem.empty(), problem);

    reserve(name_value_unit.size() * dataset_room + margin, "the summary");
    const QuietErrors quiet;
    for (const auto &[name, value, unit] : name_value_unit)
      {
        const std::string path = "/summary/" + name;
        if (path_exists(path))
          throw std::logic_error("results file: " + path + " written twice");
        const Handle dataset(
          write_scalar(file, path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value),
          H5Dclose);
        write_string_attribute(dataset, "units", unit);
      }
    flush();
  }


  void
  Hdf5Results::write_metric_histories(
    const std::vector<std::pair<std::string, std::string>> &name_unit,
    const std::vector<std::vector<double>>                 &values)
  {
    if (file < 0)
      throw std::logic_error(
        "results file: write_metric_histories() after finalize()");
    std::string problem;
    if (values.size() != steps.size())
      problem = "metric history of " + std::to_string(values.size()) +
                " steps for a file with " + std::to_string(steps.size());
    for (const auto &row : values)
      if (row.size() != name_unit.size())
        problem = "metric history row of " + std::to_string(row.size()) +
                  " values for " + std::to_string(name_unit.size()) +
                  " metrics";
    for (const auto &[name, unit] : name_unit)
      if (!valid_name(name) || name == "load_fraction")
        problem = "invalid metric name '" + name + "'";
    require_on_all_ranks(problem.empty(), problem);
    if (path_exists("/metrics"))
      throw std::logic_error("results file: /metrics written twice");

    const std::uint64_t n = steps.size();
    if (n == 0)
      return;
    reserve((name_unit.size() + 1) * (dataset_room + n * sizeof(double)) +
              margin,
            "the metric histories");
    const QuietErrors   quiet;
    const std::uint64_t rows          = rank == 0 ? n : 0;
    auto                write_history = [&](const std::string         &name,
                             const std::vector<double> &history,
                             const std::string         &unit) {
      const Handle dataset(write_rows(file,
                                      "/metrics/" + name,
                                      H5T_IEEE_F64LE,
                                      H5T_NATIVE_DOUBLE,
                                      history.data(),
                                      rows,
                                      0,
                                      n,
                                      0),
                           H5Dclose);
      write_string_attribute(dataset, "units", unit);
    };
    std::vector<double> history(n);
    for (std::uint64_t i = 0; i < n; ++i)
      history[i] = steps[i].load_fraction;
    write_history("load_fraction", history, "-");
    for (std::size_t m = 0; m < name_unit.size(); ++m)
      {
        for (std::uint64_t i = 0; i < n; ++i)
          history[i] = values[i][m];
        write_history(name_unit[m].first, history, name_unit[m].second);
      }
    flush();
  }


  void
  Hdf5Results::write_text(const std::string &path, const std::string &text)
  {
    if (file < 0)
      throw std::logic_error("results file: write_text() after finalize()");
    bool ok = path.size() > 1 && path.front() == '/' && path.back() != '/';
    for (std::size_t begin = 1; ok && begin < path.size();)
      {
        const std::size_t end = std::min(path.find('/', begin), path.size());
        ok                    = valid_name(path.substr(begin, end - begin));
        begin                 = end + 1;
      }
    require_on_all_ranks(ok, "invalid dataset path '" + path + "'");

    reserve(text.size() + dataset_room + margin, path);
    const QuietErrors quiet;
    if (path_exists(path))
      throw std::logic_error("results file: " + path + " written twice");
    const Handle type(string_type(text.size()), H5Tclose);
    if (!type.valid())
      fail("cannot create a string type for " + path);
    const Handle dataset(write_scalar(file, path, type, type, text.c_str()),
                         H5Dclose);
    flush();
  }


  void
  Hdf5Results::finalize()
  {
    if (file < 0)
      throw std::logic_error("results file: finalize() called twice");
    {
      const QuietErrors quiet;
      const herr_t      status = H5Fclose(file);
      file                     = -1;
      if (status < 0)
        fail("cannot close");
    }
    MPI_Barrier(comm);
    std::string error;
    if (rank == 0)
      try
        {
          reserved->commit();
        }
      catch (const IoError &e)
        {
          error = e.what();
        }
    error = broadcast(error, comm);
    if (!error.empty())
      throw IoError(error);
    finalized = true;
  }
} // namespace plantarfe::output
