// Unit tests of the results file writer (results.h5) and its XDMF
// description: round trip through the HDF5 C API, atomic file handling and
// error reporting. Serial; the "DistributedMesh" test also runs under mpirun.
#include <gtest/gtest.h>
#include <hdf5.h>

#include "base/errors.h"
#include "mpi_environment.h"
#include "output/atomic_file.h"
#include "output/hdf5_reader.h"
#include "output/hdf5_results.h"
#include "output/xdmf_writer.h"

#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mpi.h>
#include <stdexcept>
#include <sys/resource.h>
#include <unistd.h>

using namespace plantarfe;
using namespace plantarfe::output;
namespace fs = std::filesystem;

namespace
{

  /// A fresh folder per test (shared by all ranks of @p comm).
  fs::path
  fresh_folder(const std::string &name, MPI_Comm comm = MPI_COMM_SELF)
  {
    long pid = static_cast<long>(getpid());
    MPI_Bcast(&pid, 1, MPI_LONG, 0, comm);
    const fs::path dir = fs::temp_directory_path() /
                         ("plantarfe_h5_" + std::to_string(pid) + "_" + name);
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    if (rank == 0)
      {
        fs::remove_all(dir);
        fs::create_directories(dir);
      }
    MPI_Barrier(comm);
    return dir;
  }

  /// Two unit hexahedra side by side along x: 12 points, 2 cells.
  MeshData
  two_hex_mesh()
  {
    MeshData mesh;
    mesh.dim               = 3;
    mesh.vertices_per_cell = 8;
    for (unsigned int k = 0; k < 2; ++k)
      for (unsigned int j = 0; j < 2; ++j)
        for (unsigned int i = 0; i < 3; ++i)
          mesh.points.insert(mesh.points.end(), {0.01 * i, 0.01 * j, 0.01 * k});
    // Point (i, j, k) has index i + 3 j + 6 k; VTK hexahedron order.
    auto id = [](unsigned int i, unsigned int j, unsigned int k) {
      return std::uint64_t(i + 3 * j + 6 * k);
    };
    for (unsigned int c = 0; c < 2; ++c)
      mesh.cells.insert(mesh.cells.end(),
                        {id(c, 0, 0),
                         id(c + 1, 0, 0),
                         id(c + 1, 1, 0),
                         id(c, 1, 0),
                         id(c, 0, 1),
                         id(c + 1, 0, 1),
                         id(c + 1, 1, 1),
                         id(c, 1, 1)});
    mesh.region = {1, 7};
    return mesh;
  }

  StepData
  make_step(const unsigned int index, const double load_fraction)
  {
    StepData step;
    step.index         = index;
    step.load_fraction = load_fraction;
    Field displacement{"displacement", "m", 3, false, {}};
    for (unsigned int p = 0; p < 12; ++p)
      displacement.values.insert(displacement.values.end(),
                                 {load_fraction * p, -1. * p, 0.5});
    step.fields.push_back(displacement);
    step.fields.push_back(
      {"von_mises", "Pa", 1, true, {1000. * load_fraction, 2000.}});
    step.fields.push_back({"stress_xx", "Pa", 1, true, {-1., -2.}});
    return step;
  }

  // ---- reading back with the HDF5 C API ----------------------------------

  std::vector<hsize_t>
  dataset_shape(const hid_t file, const std::string &path)
  {
    const hid_t dataset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
    EXPECT_GE(dataset, 0) << path;
    const hid_t          space = H5Dget_space(dataset);
    std::vector<hsize_t> dims(H5Sget_simple_extent_ndims(space));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    H5Sclose(space);
    H5Dclose(dataset);
    return dims;
  }

  template <typename T>
  std::vector<T>
  read_values(const hid_t file, const std::string &path, const hid_t type)
  {
    std::size_t n = 1;
    for (const auto d : dataset_shape(file, path))
      n *= d;
    std::vector<T> values(n);
    const hid_t    dataset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
    EXPECT_GE(
      H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0)
      << path;
    H5Dclose(dataset);
    return values;
  }

  H5T_class_t
  dataset_class(const hid_t file, const std::string &path)
  {
    const hid_t       dataset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
    const hid_t       type    = H5Dget_type(dataset);
    const H5T_class_t c       = H5Tget_class(type);
    H5Tclose(type);
    H5Dclose(dataset);
    return c;
  }

  std::string
  read_fixed_string(const hid_t type, const std::function<herr_t(char *)> &read)
  {
    EXPECT_EQ(H5Tget_class(type), H5T_STRING);
    EXPECT_FALSE(H5Tis_variable_str(type));
    std::vector<char> buffer(H5Tget_size(type) + 1, '\0');
    EXPECT_GE(read(buffer.data()), 0);
    return std::string(buffer.data());
  }

  std::string
  read_string_dataset(const hid_t file, const std::string &path)
  {
    const hid_t dataset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
    EXPECT_GE(dataset, 0) << path;
    const hid_t       type   = H5Dget_type(dataset);
    const std::string result = read_fixed_string(type, [&](char *buffer) {
      return H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
    });
    H5Tclose(type);
    H5Dclose(dataset);
    return result;
  }

  std::string
  read_string_attribute(const hid_t        file,
                        const std::string &object,
                        const std::string &name)
  {
    const hid_t attribute = H5Aopen_by_name(
      file, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
    EXPECT_GE(attribute, 0) << object << " @" << name;
    const hid_t       type   = H5Aget_type(attribute);
    const std::string result = read_fixed_string(type, [&](char *buffer) {
      return H5Aread(attribute, type, buffer);
    });
    H5Tclose(type);
    H5Aclose(attribute);
    return result;
  }

  template <typename T>
  T
  read_attribute(const hid_t        file,
                 const std::string &object,
                 const std::string &name,
                 const hid_t        type)
  {
    const hid_t attribute = H5Aopen_by_name(
      file, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
    EXPECT_GE(attribute, 0) << object << " @" << name;
    T value{};
    EXPECT_GE(H5Aread(attribute, type, &value), 0);
    H5Aclose(attribute);
    return value;
  }

  std::size_t
  count(const std::string &text, const std::string &what)
  {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string::npos;
         p      = text.find(what, p + 1))
      ++n;
    return n;
  }

  const std::string scenario_text =
    "# heel pad\nsubsection Geometry\n  set type = box\nend\n";
} // namespace


TEST(Hdf5Results, RoundTripOfMeshStepsSummaryAndText)
{
  const fs::path dir   = fresh_folder("roundtrip");
  const fs::path final = dir / "results.h5";
  {
    Hdf5Results h5(final.string(), MPI_COMM_SELF);
    // An AtomicFile's temporary: ".results.h5.XXXXXX.tmp".
    EXPECT_EQ(temporaries_of(final.string()),
              std::vector<std::string>{h5.temporary_path()});
    h5.write_mesh(two_hex_mesh());
    h5.write_step(make_step(1, 0.5));
    h5.write_step(make_step(2, 1.0));
    const std::vector<std::pair<std::string, std::string>> metrics = {
      {"fascia_tension", "N"}, {"peak_pressure", "kPa"}};
    EXPECT_THROW(h5.write_metric_histories(metrics, {{24.5, 10.}}),
                 std::invalid_argument); // one row for two steps
    h5.write_metric_histories(metrics, {{24.5, 10.}, {49.8, 39.7}});
    EXPECT_THROW(h5.write_metric_histories(metrics, {{1., 1.}, {1., 1.}}),
                 std::logic_error); // written twice
    h5.write_summary(
      {{"max_von_mises", 2000., "Pa"}, {"newton_iterations", 7., "-"}});
    h5.write_text("/scenario/input", scenario_text);
    h5.write_text("/scenario/parameters_json", "{\"a\": 1}");
    h5.write_text("/provenance/git_commit", "abc123");
    h5.write_text("/provenance/empty", "");
    EXPECT_FALSE(fs::exists(final));
    ASSERT_EQ(h5.completed_steps().size(), 2u);
    EXPECT_EQ(h5.completed_steps()[1].index, 2u);
    EXPECT_EQ(h5.completed_steps()[1].fields.size(), 3u);
    EXPECT_EQ(h5.completed_steps()[1].fields[0].components, 3u);
    EXPECT_TRUE(h5.completed_steps()[1].fields[1].on_cells);
    EXPECT_EQ(h5.mesh_info().n_points, 12u);
    EXPECT_EQ(h5.mesh_info().n_cells, 2u);
    h5.finalize();
    EXPECT_FALSE(fs::exists(h5.temporary_path()));
  }
  ASSERT_TRUE(fs::exists(final));
  EXPECT_TRUE(temporaries_of(final.string()).empty());

  const hid_t file = H5Fopen(final.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);

  EXPECT_EQ(read_string_attribute(file, "/", "format"), "plantarfe-results");
  EXPECT_EQ(
    read_attribute<unsigned int>(file, "/", "format_version", H5T_NATIVE_UINT),
    1u);

  // Mesh.
  const MeshData mesh = two_hex_mesh();
  EXPECT_EQ(dataset_shape(file, "/mesh/points"), (std::vector<hsize_t>{12, 3}));
  EXPECT_EQ(read_values<double>(file, "/mesh/points", H5T_NATIVE_DOUBLE),
            mesh.points);
  EXPECT_EQ(read_string_attribute(file, "/mesh/points", "units"), "m");
  EXPECT_EQ(dataset_shape(file, "/mesh/cells"), (std::vector<hsize_t>{2, 8}));
  EXPECT_EQ(read_values<std::uint64_t>(file, "/mesh/cells", H5T_NATIVE_UINT64),
            mesh.cells);
  EXPECT_EQ(dataset_class(file, "/mesh/cells"), H5T_INTEGER);
  EXPECT_EQ(dataset_shape(file, "/mesh/region"), (std::vector<hsize_t>{2}));
  EXPECT_EQ(read_values<int>(file, "/mesh/region", H5T_NATIVE_INT),
            (std::vector<int>{1, 7}));
  EXPECT_EQ(read_attribute<unsigned int>(file, "/mesh", "dim", H5T_NATIVE_UINT),
            3u);
  EXPECT_EQ(read_string_attribute(file, "/mesh", "cell_type"), "Hexahedron");

  // Steps.
  for (const auto &[index, fraction] :
       std::vector<std::pair<unsigned int, double>>{{1, 0.5}, {2, 1.0}})
    {
      const std::string group = "/steps/000" + std::to_string(index);
      const StepData    step  = make_step(index, fraction);
      EXPECT_EQ(
        read_attribute<double>(file, group, "load_fraction", H5T_NATIVE_DOUBLE),
        fraction);
      EXPECT_EQ(dataset_shape(file, group + "/displacement"),
                (std::vector<hsize_t>{12, 3}));
      EXPECT_EQ(read_values<double>(file,
                                    group + "/displacement",
                                    H5T_NATIVE_DOUBLE),
                step.fields[0].values);
      EXPECT_EQ(read_string_attribute(file, group + "/displacement", "units"),
                "m");
      EXPECT_EQ(dataset_shape(file, group + "/von_mises"),
                (std::vector<hsize_t>{2}));
      EXPECT_EQ(read_values<double>(file,
                                    group + "/von_mises",
                                    H5T_NATIVE_DOUBLE),
                step.fields[1].values);
      EXPECT_EQ(read_string_attribute(file, group + "/von_mises", "units"),
                "Pa");
      EXPECT_EQ(read_string_attribute(file, group + "/von_mises", "center"),
                "Cell");
      EXPECT_EQ(read_values<double>(file,
                                    group + "/stress_xx",
                                    H5T_NATIVE_DOUBLE),
                (std::vector<double>{-1., -2.}));
    }
  EXPECT_EQ(H5Lexists(file, "/steps/0003", H5P_DEFAULT), 0);

  // Metric histories: one entry per step, in step order.
  EXPECT_EQ(read_values<double>(file,
                                "/metrics/load_fraction",
                                H5T_NATIVE_DOUBLE),
            (std::vector<double>{0.5, 1.0}));
  EXPECT_EQ(read_values<double>(file,
                                "/metrics/fascia_tension",
                                H5T_NATIVE_DOUBLE),
            (std::vector<double>{24.5, 49.8}));
  EXPECT_EQ(read_values<double>(file,
                                "/metrics/peak_pressure",
                                H5T_NATIVE_DOUBLE),
            (std::vector<double>{10., 39.7}));
  EXPECT_EQ(read_string_attribute(file, "/metrics/peak_pressure", "units"),
            "kPa");

  // Summary and text.
  EXPECT_EQ(dataset_shape(file, "/summary/max_von_mises"),
            std::vector<hsize_t>{});
  EXPECT_EQ(read_values<double>(file,
                                "/summary/max_von_mises",
                                H5T_NATIVE_DOUBLE),
            std::vector<double>{2000.});
  EXPECT_EQ(read_string_attribute(file, "/summary/max_von_mises", "units"),
            "Pa");
  EXPECT_EQ(read_string_attribute(file, "/summary/newton_iterations", "units"),
            "-");
  EXPECT_EQ(read_string_dataset(file, "/scenario/input"), scenario_text);
  EXPECT_EQ(read_string_dataset(file, "/scenario/parameters_json"),
            "{\"a\": 1}");
  EXPECT_EQ(read_string_dataset(file, "/provenance/git_commit"), "abc123");
  EXPECT_EQ(read_string_dataset(file, "/provenance/empty"), "");
  H5Fclose(file);
  fs::remove_all(dir);
}


TEST(Hdf5Results, QuadrilateralMesh2D)
{
  const fs::path dir = fresh_folder("quad");
  {
    MeshData mesh;
    mesh.dim               = 2;
    mesh.vertices_per_cell = 4;
    mesh.points            = {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0};
    mesh.cells             = {0, 1, 2, 3};
    mesh.region            = {3};
    Hdf5Results h5((dir / "results.h5").string(), MPI_COMM_SELF);
    h5.write_mesh(mesh);
    EXPECT_EQ(h5.mesh_info().cell_type(), "Quadrilateral");
    h5.finalize();
  }
  const hid_t file =
    H5Fopen((dir / "results.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  EXPECT_EQ(read_string_attribute(file, "/mesh", "cell_type"), "Quadrilateral");
  EXPECT_EQ(read_attribute<unsigned int>(file, "/mesh", "dim", H5T_NATIVE_UINT),
            2u);
  EXPECT_EQ(dataset_shape(file, "/mesh/cells"), (std::vector<hsize_t>{1, 4}));
  H5Fclose(file);
  fs::remove_all(dir);
}


TEST(Hdf5Results, SimplexMeshesNameTheirCellsAndReadBack)
{
  // A triangle in 2D and a tetrahedron in 3D: the cell type written and
  // what the reader (render, info) makes of it.
  const fs::path dir = fresh_folder("simplex");
  const std::vector<std::pair<unsigned int, unsigned int>> shapes = {{2, 3},
                                                                     {3, 4}};
  for (const auto &[dim, vertices] : shapes)
    {
      const std::string path =
        (dir / ("results" + std::to_string(dim) + ".h5")).string();
      {
        MeshData mesh;
        mesh.dim               = dim;
        mesh.vertices_per_cell = vertices;
        mesh.points            = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
        mesh.cells             = {0, 1, 2};
        if (vertices == 4)
          mesh.cells.push_back(3);
        mesh.region = {1};
        Hdf5Results h5(path, MPI_COMM_SELF);
        h5.write_mesh(mesh);
        h5.finalize();
      }
      const std::string expected = dim == 2 ? "Triangle" : "Tetrahedron";
      const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
      ASSERT_GE(file, 0);
      EXPECT_EQ(read_string_attribute(file, "/mesh", "cell_type"), expected);
      H5Fclose(file);
      const Hdf5Reader reader(path);
      const MeshInfo   info = reader.mesh_info();
      EXPECT_EQ(info.vertices_per_cell, vertices);
      EXPECT_EQ(info.cell_type(), expected);
      EXPECT_EQ(reader.read_mesh().cells.size(), vertices);
      EXPECT_EQ(vtk_cell_type(dim, vertices), dim == 2 ? 5 : 10);
    }
  fs::remove_all(dir);
}


TEST(Hdf5Results, NoFileUnderFinalNameWithoutFinalize)
{
  const fs::path dir   = fresh_folder("abandon");
  const fs::path final = dir / "results.h5";
  std::string    temp;
  {
    Hdf5Results h5(final.string(), MPI_COMM_SELF);
    h5.write_mesh(two_hex_mesh());
    h5.write_step(make_step(1, 0.5));
    temp = h5.temporary_path();
    EXPECT_TRUE(fs::exists(temp));
    EXPECT_FALSE(fs::exists(final));
  }
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_FALSE(fs::exists(final));

  // An exception unwinding through the writer (e.g. a failed solve).
  try
    {
      Hdf5Results h5(final.string(), MPI_COMM_SELF);
      h5.write_mesh(two_hex_mesh());
      h5.write_step(make_step(1, 0.5));
      throw SolverError("Newton did not converge");
    }
  catch (const SolverError &)
    {}
  EXPECT_FALSE(fs::exists(final));
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}


TEST(Hdf5Results, FullDiskIsAnIoErrorAndLeavesNoFile)
{
  // A file-size limit with SIGXFSZ ignored: write(2) and fallocate fail with
  // EFBIG where a full disk fails with ENOSPC. The writer must find that
  // before HDF5 writes (HDF5 1.10 cannot close a file after a failed metadata
  // write and crashes at exit), throw IoError, and delete the temporary; this
  // test process must then exit normally.
  const fs::path dir   = fresh_folder("full_disk");
  const fs::path final = dir / "results.h5";
  std::string    temp;
  rlimit         old_limit{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit     small       = old_limit;
  small.rlim_cur         = 64 * 1024;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string  message;
  unsigned int written = 0;
  try
    {
      Hdf5Results h5(final.string(), MPI_COMM_SELF);
      temp = h5.temporary_path();
      h5.write_mesh(two_hex_mesh());
      for (unsigned int i = 1; i < 1000; ++i, ++written)
        h5.write_step(make_step(i, 0.001 * i));
      h5.finalize();
    }
  catch (const IoError &e)
    {
      message = e.what();
    }
  setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_GT(written, 0u);
  EXPECT_NE(message.find("File too large"), std::string::npos) << message;
  EXPECT_NE(message.find(temp), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_FALSE(fs::exists(final));
  fs::remove_all(dir);
}


TEST(Hdf5Results, LargeArraysAreCompressedSmallOnesContiguous)
{
  // A row of 4000 hexahedra: points (384 KB), cells (256 KB) and the point
  // field are above the 64 KiB threshold and stored chunked with shuffle +
  // deflate; the region ids (16 KB) stay contiguous. PLANTARFE_H5_DEFLATE=0
  // switches compression off. Values must round-trip exactly either way.
  const unsigned int n = 4000;
  MeshData           mesh;
  mesh.dim               = 3;
  mesh.vertices_per_cell = 8;
  for (unsigned int i = 0; i <= n; ++i)
    for (unsigned int k = 0; k < 2; ++k)
      for (unsigned int j = 0; j < 2; ++j)
        mesh.points.insert(mesh.points.end(), {1e-3 * i, 1e-3 * j, 1e-3 * k});
  for (unsigned int c = 0; c < n; ++c)
    {
      const std::uint64_t b = 4 * c;
      mesh.cells.insert(mesh.cells.end(),
                        {b, b + 4, b + 5, b + 1, b + 2, b + 6, b + 7, b + 3});
      mesh.region.push_back(int(c % 3));
    }
  StepData step;
  step.index         = 1;
  step.load_fraction = 1.;
  Field u{"displacement", "m", 3, false, {}};
  for (std::size_t p = 0; p < mesh.n_points(); ++p)
    u.values.insert(u.values.end(),
                    {std::sin(1e-3 * p), 1e-6 * p, std::cos(2e-3 * p)});
  step.fields.push_back(u);

  auto filters = [](const hid_t file, const char *path) {
    const hid_t dataset = H5Dopen2(file, path, H5P_DEFAULT);
    const hid_t dcpl    = H5Dget_create_plist(dataset);
    std::string result  = H5Pget_layout(dcpl) == H5D_CHUNKED ? "chunked" : "";
    for (int i = 0; i < H5Pget_nfilters(dcpl); ++i)
      {
        unsigned int flags = 0, config = 0;
        std::size_t  n_values = 0;
        result += "," + std::to_string(H5Pget_filter2(dcpl,
                                                      unsigned(i),
                                                      &flags,
                                                      &n_values,
                                                      nullptr,
                                                      0,
                                                      nullptr,
                                                      &config));
      }
    H5Pclose(dcpl);
    H5Dclose(dataset);
    return result;
  };
  const std::string compressed = "chunked," +
                                 std::to_string(H5Z_FILTER_SHUFFLE) + "," +
                                 std::to_string(H5Z_FILTER_DEFLATE);

  std::uintmax_t sizes[2] = {0, 0};
  for (const bool compress : {true, false})
    {
      const fs::path dir =
        fresh_folder(compress ? "compressed" : "uncompressed");
      if (!compress)
        setenv("PLANTARFE_H5_DEFLATE", "0", 1);
      {
        Hdf5Results h5((dir / "results.h5").string(), MPI_COMM_SELF);
        h5.write_mesh(mesh);
        h5.write_step(step);
        h5.finalize();
      }
      unsetenv("PLANTARFE_H5_DEFLATE");
      const hid_t file =
        H5Fopen((dir / "results.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
      ASSERT_GE(file, 0);
      const std::string expected = compress ? compressed : "";
      EXPECT_EQ(filters(file, "/mesh/points"), expected);
      EXPECT_EQ(filters(file, "/mesh/cells"), expected);
      EXPECT_EQ(filters(file, "/steps/0001/displacement"), expected);
      EXPECT_EQ(filters(file, "/mesh/region"), "");
      EXPECT_EQ(read_values<double>(file, "/mesh/points", H5T_NATIVE_DOUBLE),
                mesh.points);
      EXPECT_EQ(read_values<std::uint64_t>(file,
                                           "/mesh/cells",
                                           H5T_NATIVE_UINT64),
                mesh.cells);
      EXPECT_EQ(read_values<double>(file,
                                    "/steps/0001/displacement",
                                    H5T_NATIVE_DOUBLE),
                u.values);
      H5Fclose(file);
      sizes[compress ? 0 : 1] = fs::file_size(dir / "results.h5");
      fs::remove_all(dir);
    }
  EXPECT_LT(sizes[0], sizes[1] / 2) << sizes[0] << " vs " << sizes[1];
}


TEST(Hdf5Results, FinalizeReplacesAnOlderFile)
{
  const fs::path dir   = fresh_folder("replace");
  const fs::path final = dir / "results.h5";
  std::ofstream(final) << "old";
  {
    Hdf5Results h5(final.string(), MPI_COMM_SELF);
    h5.write_mesh(two_hex_mesh());
    // Until finalize() the old file is untouched.
    EXPECT_EQ(fs::file_size(final), 3u);
    h5.finalize();
  }
  EXPECT_GT(fs::file_size(final), 3u);
  EXPECT_GT(H5Fis_hdf5(final.c_str()), 0);
  fs::remove_all(dir);
}


TEST(Hdf5Results, MissingFolderThrowsIoError)
{
  const fs::path dir  = fresh_folder("missing");
  const fs::path path = dir / "no" / "such" / "results.h5";
  try
    {
      Hdf5Results h5(path.string(), MPI_COMM_SELF);
      FAIL() << "expected IoError";
    }
  catch (const IoError &e)
    {
      const std::string message = e.what();
      EXPECT_NE(message.find((dir / "no" / "such").string()), std::string::npos)
        << message;
      EXPECT_NE(message.find("does not exist"), std::string::npos) << message;
    }
  fs::remove_all(dir);
}


TEST(Hdf5Results, ReadOnlyFolderThrowsIoError)
{
  if (geteuid() == 0)
    GTEST_SKIP() << "root ignores folder permissions";
  const fs::path dir = fresh_folder("readonly");
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
  try
    {
      Hdf5Results h5((dir / "results.h5").string(), MPI_COMM_SELF);
      ADD_FAILURE() << "expected IoError";
    }
  catch (const IoError &e)
    {
      const std::string message = e.what();
      EXPECT_NE(message.find(".results.h5."), std::string::npos) << message;
      EXPECT_NE(message.find("ermission denied"), std::string::npos) << message;
    }
  fs::permissions(dir, fs::perms::owner_all);
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}


TEST(Hdf5Results, InvalidInputIsRejectedAndStepNotListed)
{
  const fs::path dir = fresh_folder("invalid");
  Hdf5Results    h5((dir / "results.h5").string(), MPI_COMM_SELF);
  EXPECT_THROW(h5.write_step(make_step(1, 0.5)), std::logic_error);

  MeshData bad = two_hex_mesh();
  bad.cells[3] = 12;
  EXPECT_THROW(h5.write_mesh(bad), std::invalid_argument);
  bad     = two_hex_mesh();
  bad.dim = 2; // hexahedra in 2D
  EXPECT_THROW(h5.write_mesh(bad), std::invalid_argument);

  h5.write_mesh(two_hex_mesh());
  EXPECT_THROW(h5.write_mesh(two_hex_mesh()), std::logic_error);
  StepData step = make_step(1, 0.5);
  step.fields[1].values.pop_back();
  EXPECT_THROW(h5.write_step(step), std::invalid_argument);
  step                = make_step(1, 0.5);
  step.fields[2].name = "stress/xx";
  EXPECT_THROW(h5.write_step(step), std::invalid_argument);
  step                      = make_step(1, 0.5);
  step.fields[0].components = 9;
  EXPECT_THROW(h5.write_step(step), std::invalid_argument);
  EXPECT_TRUE(h5.completed_steps().empty());

  h5.write_step(make_step(1, 0.5));
  EXPECT_THROW(h5.write_step(make_step(1, 0.5)), std::logic_error);
  EXPECT_THROW(h5.write_text("scenario/input", "x"), std::invalid_argument);
  h5.write_text("/scenario/input", "x");
  EXPECT_THROW(h5.write_text("/scenario/input", "y"), std::logic_error);
  EXPECT_EQ(h5.completed_steps().size(), 1u);
  h5.finalize();
  EXPECT_THROW(h5.finalize(), std::logic_error);
  EXPECT_THROW(h5.write_step(make_step(2, 1.)), std::logic_error);
  fs::remove_all(dir);
}


TEST(Hdf5Results, DistributedMesh)
{
  // One hexahedron per rank, each with its own 8 points; under mpirun -np N
  // the file holds N cells whose indices are offset by 8 per rank.
  int rank = 0, n_ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &n_ranks);
  const fs::path dir = fresh_folder("distributed", MPI_COMM_WORLD);
  MeshData       mesh;
  for (unsigned int v = 0; v < 8; ++v)
    mesh.points.insert(mesh.points.end(),
                       {double(rank) + (v & 1), double((v >> 1) & 1), 0.});
  mesh.cells  = {0, 1, 3, 2, 4, 5, 7, 6};
  mesh.region = {rank};
  StepData step;
  step.index         = 3;
  step.load_fraction = 0.25;
  step.fields.push_back(
    {"contact_pressure", "Pa", 1, false, std::vector<double>(8, rank)});
  step.fields.push_back({"fibre_stretch", "-", 1, true, {1. + rank}});
  {
    Hdf5Results h5((dir / "results.h5").string(), MPI_COMM_WORLD);
    h5.write_mesh(mesh);
    h5.write_step(step);
    h5.write_summary({{"ranks", double(n_ranks), "-"}});
    h5.finalize();
    EXPECT_EQ(h5.mesh_info().n_cells, std::uint64_t(n_ranks));
  }
  if (rank == 0)
    {
      const hid_t file =
        H5Fopen((dir / "results.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
      ASSERT_GE(file, 0);
      EXPECT_EQ(dataset_shape(file, "/mesh/points"),
                (std::vector<hsize_t>{8u * n_ranks, 3}));
      const auto cells =
        read_values<std::uint64_t>(file, "/mesh/cells", H5T_NATIVE_UINT64);
      ASSERT_EQ(cells.size(), 8u * n_ranks);
      for (int r = 0; r < n_ranks; ++r)
        for (unsigned int v = 0; v < 8; ++v)
          EXPECT_EQ(cells[8 * r + v], 8u * r + mesh.cells[v]);
      const auto pressure = read_values<double>(file,
                                                "/steps/0003/contact_pressure",
                                                H5T_NATIVE_DOUBLE);
      ASSERT_EQ(pressure.size(), 8u * n_ranks);
      EXPECT_EQ(pressure.back(), n_ranks - 1.);
      EXPECT_EQ(read_values<double>(file,
                                    "/steps/0003/fibre_stretch",
                                    H5T_NATIVE_DOUBLE)
                  .back(),
                double(n_ranks));
      H5Fclose(file);
      fs::remove_all(dir);
    }
  MPI_Barrier(MPI_COMM_WORLD);
}


TEST(Xdmf, DescribesCompletedStepsWithRelativeHdf5Paths)
{
  MeshInfo mesh;
  mesh.dim               = 3;
  mesh.n_points          = 12;
  mesh.n_cells           = 2;
  mesh.vertices_per_cell = 8;
  std::vector<StepInfo> steps(2);
  steps[0].index         = 1;
  steps[0].load_fraction = 0.5;
  steps[0].fields        = {{"displacement", "m", 3, false},
                            {"von_mises", "Pa", 1, true}};
  steps[1]               = steps[0];
  steps[1].index         = 2;
  steps[1].load_fraction = 1.;

  const std::string xdmf = make_xdmf("results.h5", mesh, steps);
  EXPECT_EQ(xdmf.rfind("<?xml version=\"1.0\"", 0), 0u);
  EXPECT_NE(xdmf.find("<!DOCTYPE Xdmf SYSTEM \"Xdmf.dtd\" []>"),
            std::string::npos);
  EXPECT_NE(xdmf.find("Version=\"3.0\""), std::string::npos);
  EXPECT_NE(xdmf.find("CollectionType=\"Temporal\""), std::string::npos);
  EXPECT_EQ(count(xdmf, "<Grid Name=\"step_"), 2u);
  EXPECT_NE(xdmf.find("<Time Value=\"0.5\"/>"), std::string::npos);
  EXPECT_NE(xdmf.find("<Time Value=\"1\"/>"), std::string::npos);
  EXPECT_EQ(count(xdmf, "TopologyType=\"Hexahedron\" NumberOfElements=\"2\""),
            2u);
  EXPECT_EQ(count(xdmf,
                  "<DataItem Dimensions=\"2 8\" NumberType=\"Int\" "
                  "Precision=\"8\" Format=\"HDF\">results.h5:/mesh/cells<"),
            2u);
  EXPECT_EQ(count(xdmf,
                  "<DataItem Dimensions=\"12 3\" NumberType=\"Float\" "
                  "Precision=\"8\" Format=\"HDF\">results.h5:/mesh/points<"),
            2u);
  EXPECT_EQ(count(xdmf, "GeometryType=\"XYZ\""), 2u);
  EXPECT_EQ(count(xdmf,
                  "<Attribute Name=\"region\" AttributeType=\"Scalar\" "
                  "Center=\"Cell\">"),
            2u);
  EXPECT_EQ(count(xdmf,
                  "<DataItem Dimensions=\"2\" NumberType=\"Int\" "
                  "Precision=\"4\" Format=\"HDF\">results.h5:/mesh/region<"),
            2u);
  EXPECT_NE(xdmf.find("<Attribute Name=\"displacement\" "
                      "AttributeType=\"Vector\" Center=\"Node\">"),
            std::string::npos);
  EXPECT_NE(xdmf.find("<DataItem Dimensions=\"12 3\" NumberType=\"Float\" "
                      "Precision=\"8\" "
                      "Format=\"HDF\">results.h5:/steps/0002/displacement<"),
            std::string::npos);
  EXPECT_NE(xdmf.find("<Attribute Name=\"von_mises\" AttributeType=\"Scalar\" "
                      "Center=\"Cell\">"),
            std::string::npos);
  EXPECT_NE(xdmf.find(
              "<DataItem Dimensions=\"2\" NumberType=\"Float\" Precision=\"8\" "
              "Format=\"HDF\">results.h5:/steps/0001/von_mises<"),
            std::string::npos);
  // Balanced elements (XML-ish well-formedness).
  for (const std::string tag :
       {"Xdmf", "Domain", "Grid", "Topology", "Geometry", "Attribute"})
    EXPECT_EQ(count(xdmf, "<" + tag + " ") + count(xdmf, "<" + tag + ">"),
              count(xdmf, "</" + tag + ">"))
      << tag;
  EXPECT_EQ(count(xdmf, "<DataItem "), count(xdmf, "</DataItem>"));
  EXPECT_EQ(count(xdmf, "<DataItem "), 2u * 5u);

  // Only the steps given are named.
  const std::string only_second = make_xdmf("results.h5", mesh, {steps[1]});
  EXPECT_EQ(count(only_second, "<Grid Name=\"step_"), 1u);
  EXPECT_EQ(only_second.find("/steps/0001/"), std::string::npos);
  EXPECT_NE(only_second.find("/steps/0002/von_mises"), std::string::npos);
}


TEST(Xdmf, MatchesTheWrittenFile)
{
  const fs::path dir = fresh_folder("xdmf");
  Hdf5Results    h5((dir / "results.h5").string(), MPI_COMM_SELF);
  h5.write_mesh(two_hex_mesh());
  h5.write_step(make_step(1, 0.5));
  StepData failing = make_step(2, 1.);
  failing.fields[0].values.resize(5);
  EXPECT_THROW(h5.write_step(failing), std::invalid_argument);
  h5.finalize();
  const std::string xdmf =
    make_xdmf("results.h5", h5.mesh_info(), h5.completed_steps());
  EXPECT_EQ(count(xdmf, "<Grid Name=\"step_"), 1u);
  EXPECT_NE(xdmf.find("results.h5:/steps/0001/stress_xx<"), std::string::npos);
  EXPECT_EQ(xdmf.find("/steps/0002"), std::string::npos);
  EXPECT_NE(xdmf.find("Dimensions=\"2 8\""), std::string::npos);
  fs::remove_all(dir);
}
