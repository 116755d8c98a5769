#include "output/hdf5_reader.h"

#include <hdf5.h>

#include "base/errors.h"
#include "output/hdf5_handles.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <type_traits>

namespace plantarfe::output
{
  using hdf5::Handle;
  using hdf5::QuietErrors;

  static_assert(std::is_same_v<hid_t, std::int64_t>,
                "hid_t is stored as std::int64_t in the header");

  namespace
  {
    /// Reads a string from a dataset or attribute of type @p type (fixed
    /// length or variable length). @p read does the transfer.
    template <typename Read>
    bool
    read_string(const hid_t type, const Read &read, std::string &result)
    {
      if (H5Tget_class(type) != H5T_STRING)
        return false;
      if (H5Tis_variable_str(type) > 0)
        {
          const Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
          if (!memory.valid() || H5Tset_size(memory, H5T_VARIABLE) < 0 ||
              H5Tset_cset(memory, H5Tget_cset(type)) < 0)
            return false;
          char *value = nullptr;
          if (read(hid_t(memory), static_cast<void *>(&value)) < 0)
            return false;
          result = value != nullptr ? value : "";
          H5free_memory(value);
          return true;
        }
      const std::size_t size = H5Tget_size(type);
      if (size == 0)
        return false;
      const Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
      if (!memory.valid() || H5Tset_size(memory, size + 1) < 0 ||
          H5Tset_strpad(memory, H5T_STR_NULLTERM) < 0 ||
          // HDF5 does not convert between character sets.
          H5Tset_cset(memory, H5Tget_cset(type)) < 0)
        return false;
      std::string buffer(size + 1, '\0');
      if (read(hid_t(memory), static_cast<void *>(buffer.data())) < 0)
        return false;
      result = buffer.c_str();
      return true;
    }

    bool
    string_attribute(const hid_t object, const char *name, std::string &value)
    {
      if (H5Aexists(object, name) <= 0)
        return false;
      const Handle attribute(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
      if (!attribute.valid())
        return false;
      const Handle type(H5Aget_type(attribute), H5Tclose);
      return type.valid() && read_string(
                               type,
                               [&](const hid_t memory, void *buffer) {
                                 return H5Aread(attribute, memory, buffer);
                               },
                               value);
    }

    template <typename T>
    bool
    number_attribute(const hid_t object, const char *name, T &value)
    {
      if (H5Aexists(object, name) <= 0)
        return false;
      const Handle attribute(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
      const hid_t  memory =
        std::is_same_v<T, double> ? H5T_NATIVE_DOUBLE : H5T_NATIVE_UINT;
      return attribute.valid() && H5Aread(attribute, memory, &value) >= 0;
    }

    /// Dimensions of a dataset's simple dataspace (empty for a scalar).
    std::vector<hsize_t>
    extent(const hid_t dataset)
    {
      const Handle space(H5Dget_space(dataset), H5Sclose);
      if (!space.valid())
        return {};
      const int n = H5Sget_simple_extent_ndims(space);
      if (n <= 0)
        return {};
      std::vector<hsize_t> dims(n);
      H5Sget_simple_extent_dims(space, dims.data(), nullptr);
      return dims;
    }
  } // namespace


  Hdf5Reader::Hdf5Reader(const std::string &path)
      : file_path(path)
  {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
      throw UnreadableResultsError("results file " + path + " does not exist");
    const QuietErrors quiet;
    if (H5Fis_hdf5(path.c_str()) <= 0)
      throw UnreadableResultsError(path + " is not an HDF5 file");
    Handle opened(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!opened.valid())
      throw UnreadableResultsError(path + " cannot be opened: it is damaged or "
                                          "truncated (HDF5 cannot read it)");
    {
      const Handle root(H5Gopen2(opened, "/", H5P_DEFAULT), H5Gclose);
      std::string  format;
      if (!root.valid() || !string_attribute(root, "format", format) ||
          format != "plantarfe-results")
        throw UnreadableResultsError(
          path + " is not a PlantarFE results file (no "
                 "format = \"plantarfe-results\" attribute)");
    }
    file = opened.release();
  }


  Hdf5Reader::~Hdf5Reader()
  {
    if (file >= 0)
      {
        const QuietErrors quiet;
        H5Fclose(file);
      }
  }


  void
  Hdf5Reader::fail(const std::string &what) const
  {
    throw UnreadableResultsError("results file " + file_path + ": " + what);
  }


  bool
  Hdf5Reader::exists(const std::string &path) const
  {
    const QuietErrors quiet;
    // H5Lexists fails on a missing intermediate group: test each prefix.
    std::string::size_type position = 0;
    while (true)
      {
        position          = path.find('/', position + 1);
        const auto prefix = path.substr(0, position);
        if (!prefix.empty() && prefix != "/" &&
            H5Lexists(file, prefix.c_str(), H5P_DEFAULT) <= 0)
          return false;
        if (position == std::string::npos)
          return true;
      }
  }


  std::vector<std::string>
  Hdf5Reader::members(const std::string &group_path) const
  {
    std::vector<std::string> names;
    if (!exists(group_path))
      return names;
    const QuietErrors quiet;
    const Handle      group(H5Gopen2(file, group_path.c_str(), H5P_DEFAULT),
                       H5Gclose);
    H5G_info_t        info;
    if (!group.valid() || H5Gget_info(group, &info) < 0)
      fail("cannot list group " + group_path);
    for (hsize_t i = 0; i < info.nlinks; ++i)
      {
        const ssize_t length = H5Lget_name_by_idx(
          group, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
        if (length < 0)
          fail("cannot list group " + group_path);
        std::string name(length + 1, '\0');
        H5Lget_name_by_idx(group,
                           ".",
                           H5_INDEX_NAME,
                           H5_ITER_INC,
                           i,
                           name.data(),
                           name.size(),
                           H5P_DEFAULT);
        name.resize(length);
        names.push_back(name);
      }
    std::sort(names.begin(), names.end());
    return names;
  }


  MeshInfo
  Hdf5Reader::mesh_info() const
  {
    const QuietErrors quiet;
    if (!exists("/mesh/points") || !exists("/mesh/cells"))
      fail("no mesh (/mesh/points, /mesh/cells)");
    const Handle mesh(H5Gopen2(file, "/mesh", H5P_DEFAULT), H5Gclose);
    MeshInfo     info;
    if (!mesh.valid() || !number_attribute(mesh, "dim", info.dim))
      fail("/mesh has no 'dim' attribute");
    const Handle points(H5Dopen2(file, "/mesh/points", H5P_DEFAULT), H5Dclose);
    const Handle cells(H5Dopen2(file, "/mesh/cells", H5P_DEFAULT), H5Dclose);
    if (!points.valid() || !cells.valid())
      fail("cannot open the mesh datasets");
    const auto point_dims = extent(points);
    const auto cell_dims  = extent(cells);
    if (point_dims.size() != 2 || point_dims[1] != 3)
      fail("/mesh/points is not N x 3");
    if (cell_dims.size() != 2 ||
        (cell_dims[1] != 3 && cell_dims[1] != 4 && cell_dims[1] != 8))
      fail("/mesh/cells is not M x 3, M x 4 or M x 8");
    info.n_points          = point_dims[0];
    info.n_cells           = cell_dims[0];
    info.vertices_per_cell = static_cast<unsigned int>(cell_dims[1]);
    return info;
  }


  MeshData
  Hdf5Reader::read_mesh() const
  {
    const MeshInfo    info = mesh_info();
    const QuietErrors quiet;
    MeshData          mesh;
    mesh.dim               = info.dim;
    mesh.vertices_per_cell = info.vertices_per_cell;
    mesh.points.resize(info.n_points * 3);
    mesh.cells.resize(info.n_cells * info.vertices_per_cell);
    mesh.region.assign(info.n_cells, 0);

    const Handle points(H5Dopen2(file, "/mesh/points", H5P_DEFAULT), H5Dclose);
    if (H5Dread(points,
                H5T_NATIVE_DOUBLE,
                H5S_ALL,
                H5S_ALL,
                H5P_DEFAULT,
                mesh.points.data()) < 0)
      fail("cannot read /mesh/points");
    const Handle cells(H5Dopen2(file, "/mesh/cells", H5P_DEFAULT), H5Dclose);
    if (H5Dread(cells,
                H5T_NATIVE_UINT64,
                H5S_ALL,
                H5S_ALL,
                H5P_DEFAULT,
                mesh.cells.data()) < 0)
      fail("cannot read /mesh/cells");
    for (const std::uint64_t v : mesh.cells)
      if (v >= info.n_points)
        fail("/mesh/cells refers to point " + std::to_string(v) +
             " but there are " + std::to_string(info.n_points) + " points");
    if (exists("/mesh/region"))
      {
        const Handle region(H5Dopen2(file, "/mesh/region", H5P_DEFAULT),
                            H5Dclose);
        const auto   dims = extent(region);
        if (dims.size() != 1 || dims[0] != info.n_cells)
          fail("/mesh/region does not have one value per cell");
        if (H5Dread(region,
                    H5T_NATIVE_INT,
                    H5S_ALL,
                    H5S_ALL,
                    H5P_DEFAULT,
                    mesh.region.data()) < 0)
          fail("cannot read /mesh/region");
      }
    return mesh;
  }


  std::vector<StepInfo>
  Hdf5Reader::steps() const
  {
    std::vector<StepInfo> result;
    for (const auto &group_name : members("/steps"))
      {
        const QuietErrors quiet;
        const std::string path = "/steps/" + group_name;
        const Handle group(H5Gopen2(file, path.c_str(), H5P_DEFAULT), H5Gclose);
        if (!group.valid())
          continue; // a link that is not a group: not a step
        StepInfo step;
        if (!number_attribute(group, "index", step.index))
          step.index = static_cast<unsigned int>(
            std::strtoul(group_name.c_str(), nullptr, 10));
        if (!number_attribute(group, "load_fraction", step.load_fraction))
          fail(path + " has no 'load_fraction' attribute");
        for (const auto &field_name : members(path))
          {
            const Handle dataset(
              H5Dopen2(group, field_name.c_str(), H5P_DEFAULT), H5Dclose);
            if (!dataset.valid())
              continue;
            FieldInfo   field;
            std::string center;
            field.name = field_name;
            string_attribute(dataset, "units", field.unit);
            string_attribute(dataset, "center", center);
            field.on_cells   = center == "Cell";
            const auto dims  = extent(dataset);
            field.components = dims.size() == 2 ? dims[1] : 1;
            step.fields.push_back(field);
          }
        result.push_back(step);
      }
    std::sort(result.begin(),
              result.end(),
              [](const StepInfo &a, const StepInfo &b) {
                return a.index < b.index;
              });
    return result;
  }


  FieldValues
  Hdf5Reader::read_field(const unsigned int index,
                         const std::string &name) const
  {
    const std::string path = "/steps/" + step_group_name(index) + "/" + name;
    if (!exists(path))
      fail("no field " + path);
    const MeshInfo    mesh = mesh_info();
    const QuietErrors quiet;
    const Handle dataset(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
    if (!dataset.valid())
      fail(path + " is not a dataset");
    FieldValues field;
    field.info.name = name;
    std::string center;
    string_attribute(dataset, "units", field.info.unit);
    if (!string_attribute(dataset, "center", center) ||
        (center != "Node" && center != "Cell"))
      fail(path + " has no 'center' attribute (Node or Cell)");
    field.info.on_cells = center == "Cell";
    const auto dims     = extent(dataset);
    if (dims.empty() || dims.size() > 2 || (dims.size() == 2 && dims[1] != 3))
      fail(path + " is neither a scalar (n) nor a vector (n x 3) field");
    field.info.components = dims.size() == 2 ? 3 : 1;
    const std::uint64_t expected =
      field.info.on_cells ? mesh.n_cells : mesh.n_points;
    if (dims[0] != expected)
      fail(path + " has " + std::to_string(dims[0]) + " rows, expected " +
           std::to_string(expected) +
           (field.info.on_cells ? " (cells)" : " (points)"));
    field.values.resize(dims[0] * field.info.components);
    if (H5Dread(dataset,
                H5T_NATIVE_DOUBLE,
                H5S_ALL,
                H5S_ALL,
                H5P_DEFAULT,
                field.values.data()) < 0)
      fail("cannot read " + path);
    return field;
  }


  std::vector<std::tuple<std::string, double, std::string>>
  Hdf5Reader::summary() const
  {
    std::vector<std::tuple<std::string, double, std::string>> result;
    for (const auto &name : members("/summary"))
      {
        const QuietErrors quiet;
        const std::string path = "/summary/" + name;
        const Handle      dataset(H5Dopen2(file, path.c_str(), H5P_DEFAULT),
                             H5Dclose);
        if (!dataset.valid())
          continue;
        const Handle type(H5Dget_type(dataset), H5Tclose);
        if (H5Tget_class(type) != H5T_FLOAT &&
            H5Tget_class(type) != H5T_INTEGER)
          continue;
        double value = 0.;
        if (!extent(dataset).empty() || H5Dread(dataset,
                                                H5T_NATIVE_DOUBLE,
                                                H5S_ALL,
                                                H5S_ALL,
                                                H5P_DEFAULT,
                                                &value) < 0)
          fail("cannot read " + path + " as a scalar");
        std::string unit;
        string_attribute(dataset, "units", unit);
        result.emplace_back(name, value, unit);
      }
    return result;
  }


  std::string
  Hdf5Reader::text(const std::string &path) const
  {
    if (!exists(path))
      fail("no " + path);
    const QuietErrors quiet;
    const Handle dataset(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
    if (!dataset.valid())
      fail(path + " is not a dataset");
    const Handle type(H5Dget_type(dataset), H5Tclose);
    std::string  value;
    if (!type.valid() ||
        !read_string(
          type,
          [&](const hid_t memory, void *buffer) {
            return H5Dread(
              dataset, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
          },
          value))
      fail(path + " is not a string");
    return value;
  }


  std::vector<std::pair<std::string, std::string>>
  Hdf5Reader::texts(const std::string &group) const
  {
    std::vector<std::pair<std::string, std::string>> result;
    for (const auto &name : members(group))
      {
        const std::string path      = group + "/" + name;
        bool              is_string = false;
        {
          const QuietErrors quiet;
          const Handle      dataset(H5Dopen2(file, path.c_str(), H5P_DEFAULT),
                               H5Dclose);
          if (dataset.valid())
            {
              const Handle type(H5Dget_type(dataset), H5Tclose);
              is_string = type.valid() && H5Tget_class(type) == H5T_STRING;
            }
        }
        if (is_string)
          result.emplace_back(name, text(path));
      }
    return result;
  }
} // namespace plantarfe::output
