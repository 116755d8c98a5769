#include "output/xdmf_writer.h"

#include <cstdio>
#include <sstream>

namespace plantarfe::output
{
  namespace
  {
    std::string
    xml_escape(const std::string &text)
    {
      std::string out;
      for (const char c : text)
        switch (c)
          {
            case '&':
              out += "&amp;";
              break;
            case '<':
              out += "&lt;";
              break;
            case '>':
              out += "&gt;";
              break;
            case '"':
              out += "&quot;";
              break;
            default:
              out += c;
          }
      return out;
    }

    std::string
    format_double(const double value)
    {
      char buffer[32];
      std::snprintf(buffer, sizeof(buffer), "%.17g", value);
      return buffer;
    }

    /// One <DataItem> referencing @p dataset in the HDF5 file.
    void
    data_item(std::ostringstream &out,
              const std::string  &indent,
              const std::string  &dimensions,
              const std::string  &number_type,
              const unsigned int  precision,
              const std::string  &h5_file,
              const std::string  &dataset)
    {
      out << indent << "<DataItem Dimensions=\"" << dimensions
          << "\" NumberType=\"" << number_type << "\" Precision=\"" << precision
          << "\" Format=\"HDF\">" << h5_file << ":" << dataset
          << "</DataItem>\n";
    }
  } // namespace


  std::string
  make_xdmf(const std::string           &h5_file_name,
            const MeshInfo              &mesh,
            const std::vector<StepInfo> &steps)
  {
    const std::string h5       = xml_escape(h5_file_name);
    const std::string n_points = std::to_string(mesh.n_points);
    const std::string n_cells  = std::to_string(mesh.n_cells);

    std::ostringstream out;
    out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        << "<!DOCTYPE Xdmf SYSTEM \"Xdmf.dtd\" []>\n"
        << "<Xdmf xmlns:xi=\"http://www.w3.org/2001/XInclude\" "
           "Version=\"3.0\">\n"
        << "  <Domain>\n"
        << "    <Grid Name=\"load_steps\" GridType=\"Collection\" "
           "CollectionType=\"Temporal\">\n";
    for (const StepInfo &step : steps)
      {
        const std::string group = "/steps/" + step_group_name(step.index);
        const std::string in    = "          ";
        out << "      <Grid Name=\"step_" << step_group_name(step.index)
            << "\" GridType=\"Uniform\">\n"
            << "        <Time Value=\"" << format_double(step.load_fraction)
            << "\"/>\n";
        // Connectivity is stored as uint64; it is declared Int 8 because
        // VTK's XDMF 3 library has no 64-bit unsigned type (it would fall
        // back to 32 bits). HDF5 converts on read.
        out << "        <Topology TopologyType=\"" << mesh.cell_type()
            << "\" NumberOfElements=\"" << n_cells << "\">\n";
        data_item(out,
                  in,
                  n_cells + " " + std::to_string(mesh.vertices_per_cell),
                  "Int",
                  8,
                  h5,
                  "/mesh/cells");
        out << "        </Topology>\n"
            << "        <Geometry GeometryType=\"XYZ\">\n";
        data_item(out, in, n_points + " 3", "Float", 8, h5, "/mesh/points");
        out << "        </Geometry>\n"
            << "        <Attribute Name=\"region\" AttributeType=\"Scalar\" "
               "Center=\"Cell\">\n";
        data_item(out, in, n_cells, "Int", 4, h5, "/mesh/region");
        out << "        </Attribute>\n";
        for (const FieldInfo &field : step.fields)
          {
            const std::string rows = field.on_cells ? n_cells : n_points;
            out << "        <Attribute Name=\"" << xml_escape(field.name)
                << "\" AttributeType=\""
                << (field.components == 1 ? "Scalar" : "Vector")
                << "\" Center=\"" << (field.on_cells ? "Cell" : "Node")
                << "\">\n";
            data_item(out,
                      in,
                      field.components == 1 ?
                        rows :
                        rows + " " + std::to_string(field.components),
                      "Float",
                      8,
                      h5,
                      group + "/" + xml_escape(field.name));
            out << "        </Attribute>\n";
          }
        out << "      </Grid>\n";
      }
    out << "    </Grid>\n"
        << "  </Domain>\n"
        << "</Xdmf>\n";
    return out.str();
  }
} // namespace plantarfe::output
