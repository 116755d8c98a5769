// Reading Abaqus/CalculiX input files: the mesh part of the keyword format
// (nodes, elements, element sets, element-face surfaces). Everything else
// (materials, steps, node sets) is skipped; deal.II's own Abaqus reader
// takes material ids from numbers in set names, which segmentation tools
// do not write, hence this reader.
#include "anatomy/mesh_file_data.h"
#include "base/errors.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

namespace plantarfe::anatomy
{
  namespace
  {
    std::string
    upper(std::string s)
    {
      for (auto &c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return s;
    }

    std::string
    trim(const std::string &s)
    {
      const auto b = s.find_first_not_of(" \t\r");
      if (b == std::string::npos)
        return "";
      return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
    }

    std::vector<std::string>
    split_commas(const std::string &line)
    {
      std::vector<std::string> out;
      std::stringstream        in(line);
      for (std::string item; std::getline(in, item, ',');)
        out.push_back(trim(item));
      if (!line.empty() && line.back() == ',')
        out.push_back("");
      return out;
    }

    /// A keyword line: "*ELEMENT, TYPE=C3D8, ELSET=heel_pad".
    struct Keyword
    {
      std::string                        name;    ///< upper case, no '*'
      std::map<std::string, std::string> options; ///< KEY (upper) -> value
    };

    Keyword
    parse_keyword(const std::string &line)
    {
      const auto parts = split_commas(line.substr(1));
      Keyword    k;
      k.name = upper(parts.at(0));
      for (std::size_t i = 1; i < parts.size(); ++i)
        {
          const auto eq = parts[i].find('=');
          if (eq == std::string::npos)
            k.options[upper(parts[i])] = "";
          else
            k.options[upper(trim(parts[i].substr(0, eq)))] =
              trim(parts[i].substr(eq + 1));
        }
      return k;
    }

    enum class Role
    {
      cell,
      face,
      other
    };

    /// What an element type is in a model of dimension @p dim.
    Role
    element_role(const std::string &type, const int dim, unsigned int &corners)
    {
      const auto starts = [&](const char *p) { return type.rfind(p, 0) == 0; };
      if (dim == 3 && starts("C3D8") && type.find("20") == std::string::npos)
        return corners = 8, Role::cell;
      if (dim == 3 && starts("C3D4")) // C3D4, C3D4H; split when read
        return corners = 4, Role::cell;
      if (dim == 2 && (starts("CPE4") || starts("CPS4") || starts("CAX4")) &&
          type.find("8") == std::string::npos)
        return corners = 4, Role::cell;
      if (dim == 2 && (type == "CPE3" || type == "CPS3" || type == "CAX3" ||
                       type == "CPE3H" || type == "CAX3H"))
        return corners = 3, Role::cell;
      if (dim == 3 &&
          (type == "S4" || type == "S4R" || type == "CPS4" || type == "CPE4" ||
           type == "M3D4" || type == "SFM3D4" || type == "R3D4"))
        return corners = 4, Role::face;
      if (dim == 3 &&
          (type == "S3" || type == "S3R" || type == "CPS3" || type == "CPE3" ||
           type == "M3D3" || type == "SFM3D3" || type == "R3D3"))
        return corners = 3, Role::face;
      if (dim == 2 && (type == "T2D2" || type == "B21" || type == "R2D2"))
        return corners = 2, Role::face;
      return corners = 0, Role::other;
    }

    /// Corners of the faces S1.. of an element with @p corners corners:
    /// C3D4 S1-S4 and CPE3 S1-S3 here, C3D8 and CPE4 as the writer's.
    const std::vector<std::vector<unsigned int>> &
    element_faces(const int dim, const std::size_t corners)
    {
      static const std::vector<std::vector<unsigned int>> tet      = {{0, 1, 2},
                                                                      {0, 3, 1},
                                                                      {1, 3, 2},
                                                                      {2, 3, 0}};
      static const std::vector<std::vector<unsigned int>> triangle = {{0, 1},
                                                                      {1, 2},
                                                                      {2, 0}};
      if (corners == static_cast<std::size_t>(dim) + 1)
        return dim == 3 ? tet : triangle;
      return abaqus_element_faces(dim);
    }

    struct RawElement
    {
      std::vector<long> nodes; ///< file node numbers, file order
      Role              role = Role::other;
    };

    class Parser
    {
    public:
      Parser(const std::string &path, const int dim)
          : path(path)
          , dim(dim)
      {}

      void
      read();

      std::string                              path;
      int                                      dim;
      std::map<long, dealii::Point<3>>         nodes;
      std::map<long, RawElement>               elements;
      std::map<std::string, std::vector<long>> sets; ///< ELSET name -> ids
      std::vector<std::string>                 set_order;
      std::map<std::string, std::vector<long>> node_sets; ///< NSET -> nodes
      /// Surface name -> (element, face index) pairs.
      std::map<std::string, std::vector<std::pair<long, unsigned int>>>
        surfaces;

      [[noreturn]] void
      fail(const std::string &why) const
      {
        throw ScenarioError(path + ":" + std::to_string(line_number) + ": " +
                            why);
      }

    private:
      long
      integer(const std::string &s) const
      {
        try
          {
            std::size_t used = 0;
            const long  v    = std::stol(s, &used);
            if (used == s.size())
              return v;
          }
        catch (const std::exception &)
          {}
        fail("'" + s + "' is not an integer");
      }

      double
      number(const std::string &s) const
      {
        try
          {
            std::size_t  used = 0;
            const double v    = std::stod(s, &used);
            if (used == s.size())
              return v;
          }
        catch (const std::exception &)
          {}
        fail("'" + s + "' is not a number");
      }

      void
      add_to_set(const std::string &name, const long id)
      {
        auto [it, fresh] = sets.try_emplace(name);
        if (fresh)
          set_order.push_back(name);
        it->second.push_back(id);
      }

      /// The numbers of a GENERATE line "first, last[, step]" of @p what.
      std::vector<long>
      generated(const std::string              &what,
                const std::vector<std::string> &in) const
      {
        if (in.size() < 2)
          fail(what + ", GENERATE: expected first, last[, step]");
        const long first = integer(in[0]), last = integer(in[1]);
        const long step = in.size() > 2 && !in[2].empty() ? integer(in[2]) : 1;
        if (step <= 0 || last < first)
          fail(what + ", GENERATE: bad range");
        std::vector<long> ids;
        for (long id = first; id <= last; id += step)
          ids.push_back(id);
        return ids;
      }

      void
      data_line(const Keyword &k, const std::vector<std::string> &items);

      unsigned int line_number = 0;
      /// An element whose node list continues on the next line.
      std::vector<std::string> pending;
    };

    void
    Parser::data_line(const Keyword &k, const std::vector<std::string> &in)
    {
      if (k.name == "NODE")
        {
          if (in.size() < 3)
            fail("a node needs a number and coordinates");
          const long id = integer(in[0]);
          nodes[id] =
            dealii::Point<3>(number(in[1]),
                             number(in[2]),
                             in.size() > 3 && !in[3].empty() ? number(in[3]) :
                                                               0.);
          if (k.options.count("NSET"))
            node_sets[k.options.at("NSET")].push_back(id);
        }
      else if (k.name == "ELEMENT")
        {
          const std::string type =
            upper(k.options.count("TYPE") ? k.options.at("TYPE") : "");
          unsigned int             corners = 0;
          const Role               role    = element_role(type, dim, corners);
          std::vector<std::string> items   = pending;
          for (const auto &s : in)
            if (!s.empty())
              items.push_back(s);
          if (role == Role::other)
            fail("element type " + (type.empty() ? "(none)" : type) +
                 ": PlantarFE reads " +
                 (dim == 2 ? "linear quadrilaterals (CPE4) or triangles "
                             "(CPE3)" :
                             "linear hexahedra (C3D8) or tetrahedra (C3D4)") +
                 "; convert quadratic elements to linear first");
          if (items.size() < corners + 1)
            {
              pending = items; // the list goes on on the next line
              return;
            }
          pending.clear();
          RawElement e;
          e.role = role;
          for (unsigned int v = 1; v <= corners; ++v)
            e.nodes.push_back(integer(items[v]));
          const long id = integer(items[0]);
          if (!elements.emplace(id, e).second)
            fail("element " + items[0] + " is defined twice");
          if (k.options.count("ELSET"))
            add_to_set(k.options.at("ELSET"), id);
        }
      else if (k.name == "ELSET")
        {
          const std::string name = k.options.at("ELSET");
          if (k.options.count("GENERATE"))
            {
              for (const long id : generated("ELSET " + name, in))
                add_to_set(name, id);
              return;
            }
          for (const auto &s : in)
            if (!s.empty())
              {
                if (std::isdigit(static_cast<unsigned char>(s[0])))
                  add_to_set(name, integer(s));
                else if (sets.count(s))
                  for (const long id : std::vector<long>(sets.at(s)))
                    add_to_set(name, id);
                else
                  fail("ELSET " + name + ": unknown set '" + s + "'");
              }
        }
      else if (k.name == "NSET")
        {
          const std::string name = k.options.at("NSET");
          auto             &set  = node_sets[name];
          if (k.options.count("GENERATE"))
            {
              const auto ids = generated("NSET " + name, in);
              set.insert(set.end(), ids.begin(), ids.end());
              return;
            }
          for (const auto &s : in)
            if (!s.empty())
              {
                if (std::isdigit(static_cast<unsigned char>(s[0])))
                  set.push_back(integer(s));
                else if (node_sets.count(s) && s != name)
                  for (const long id : std::vector<long>(node_sets.at(s)))
                    set.push_back(id);
                else
                  fail("NSET " + name + ": unknown node set '" + s + "'");
              }
        }
      else if (k.name == "SURFACE")
        {
          const std::string type =
            upper(k.options.count("TYPE") ? k.options.at("TYPE") : "ELEMENT");
          if (type != "ELEMENT")
            fail("*SURFACE, TYPE=" + type +
                 ": only element-face surfaces (TYPE=ELEMENT) are read");
          const std::string name =
            k.options.count("NAME") ? k.options.at("NAME") : "";
          if (name.empty())
            fail("*SURFACE without NAME=");
          if (in.size() < 2)
            fail("*SURFACE " + name + ": expected 'element or set, Sn'");
          const std::string  face    = upper(in[1]);
          const unsigned int n_faces = abaqus_element_faces(dim).size();
          if (face.size() != 2 || face[0] != 'S' || face[1] < '1' ||
              face[1] > char('0' + n_faces))
            fail("*SURFACE " + name + ": face '" + in[1] + "' (expected S1-S" +
                 std::to_string(n_faces) + ")");
          const unsigned int f    = face[1] - '1';
          auto              &list = surfaces[name];
          if (std::isdigit(static_cast<unsigned char>(in[0][0])))
            list.emplace_back(integer(in[0]), f);
          else if (sets.count(in[0]))
            for (const long id : sets.at(in[0]))
              list.emplace_back(id, f);
          else
            fail("*SURFACE " + name + ": unknown element set '" + in[0] + "'");
        }
    }

    void
    Parser::read()
    {
      std::ifstream file(path);
      if (!file)
        throw ScenarioError(path + ": no such mesh file");
      Keyword     current;
      std::string line;
      while (std::getline(file, line))
        {
          ++line_number;
          line = trim(line);
          if (line.empty() || line.rfind("**", 0) == 0)
            continue;
          if (line[0] == '*')
            {
              if (!pending.empty())
                fail("element list ends before its last node");
              current = parse_keyword(line);
              if ((current.name == "ELSET" && !current.options.count("ELSET")))
                fail("*ELSET without ELSET=");
              if ((current.name == "NSET" && !current.options.count("NSET")))
                fail("*NSET without NSET=");
              continue;
            }
          data_line(current, split_commas(line));
        }
      if (!pending.empty())
        fail("element list ends before its last node");
    }
  } // namespace

  MeshFileData
  read_abaqus_file(const std::string                              &path,
                   const int                                       dim,
                   const std::function<bool(const std::string &)> &is_region)
  {
    Parser p(path, dim);
    p.read();

    MeshFileData                           data;
    std::unordered_map<long, unsigned int> index;
    for (const auto &[id, x] : p.nodes)
      {
        index[id] = data.nodes.size();
        data.nodes.push_back(x);
      }
    const auto node = [&](const long element, const long id) {
      const auto it = index.find(id);
      if (it == index.end())
        throw ScenarioError(path + ": element " + std::to_string(element) +
                            " uses node " + std::to_string(id) +
                            ", which *NODE does not define");
      return it->second;
    };

    // Regions: each cell's one set that names a region.
    std::map<long, std::string> region_of;
    for (const auto &name : p.set_order)
      if (is_region(name))
        for (const long id : p.sets.at(name))
          {
            const auto e = p.elements.find(id);
            if (e == p.elements.end())
              throw ScenarioError(path + ": ELSET " + name + " lists element " +
                                  std::to_string(id) +
                                  ", which is not defined");
            if (e->second.role != Role::cell)
              continue;
            const auto [it, fresh] = region_of.emplace(id, name);
            if (!fresh && it->second != name)
              throw ScenarioError(path + ": element " + std::to_string(id) +
                                  " is in two region sets, '" + it->second +
                                  "' and '" + name + "'");
          }
    std::set<std::string> sets_of_ungrouped;
    for (const auto &[id, e] : p.elements)
      {
        if (e.role != Role::cell)
          continue;
        const auto r = region_of.find(id);
        if (r == region_of.end())
          {
            data.ungrouped.push_back(id);
            continue;
          }
        FileElement cell;
        cell.number = id;
        cell.group  = r->second;
        // Simplices keep the file's corner order (split later).
        const bool simplex =
          e.nodes.size() == static_cast<std::size_t>(dim) + 1;
        for (unsigned int v = 0; v < e.nodes.size(); ++v)
          cell.nodes.push_back(
            node(id, e.nodes[simplex ? v : file_to_dealii_corner[v]]));
        data.cells.push_back(std::move(cell));
      }
    if (!data.ungrouped.empty())
      {
        const std::set<long> lost(data.ungrouped.begin(), data.ungrouped.end());
        for (const auto &name : p.set_order)
          for (const long id : p.sets.at(name))
            if (lost.count(id))
              {
                sets_of_ungrouped.insert(name);
                break;
              }
        std::string sets;
        for (const auto &s : sets_of_ungrouped)
          sets += (sets.empty() ? "" : ", ") + s;
        data.ungrouped_hint =
          sets.empty() ? "they are in no element set" :
                         "their element sets (" + sets +
                           ") are not regions of the model; name them so "
                           "or map them in Geometry/Region names";
      }

    // Node sets (landmarks may be given as one).
    for (const auto &[name, ids] : p.node_sets)
      for (const long id : ids)
        {
          const auto x = p.nodes.find(id);
          if (x == p.nodes.end())
            throw ScenarioError(path + ": NSET " + name + ": node " +
                                std::to_string(id) +
                                ", which *NODE does not define");
          data.node_sets[name].push_back(x->second);
        }

    // Surfaces: element faces, and face elements in a named set.
    for (const auto &[name, list] : p.surfaces)
      for (const auto &[id, f] : list)
        {
          const auto e = p.elements.find(id);
          if (e == p.elements.end() || e->second.role != Role::cell)
            throw ScenarioError(
              path + ": *SURFACE " + name + " names element " +
              std::to_string(id) + ", which is not a " +
              (dim == 3 ? "C3D8 or C3D4" : "CPE4 or CPE3") + " element");
          const auto &faces = element_faces(dim, e->second.nodes.size());
          if (f >= faces.size())
            throw ScenarioError(path + ": *SURFACE " + name + ": element " +
                                std::to_string(id) + " has faces S1-S" +
                                std::to_string(faces.size()) + ", not S" +
                                std::to_string(f + 1));
          FileElement face;
          face.number = id;
          face.group  = name;
          for (const unsigned int v : faces[f])
            face.nodes.push_back(node(id, e->second.nodes[v]));
          data.faces.push_back(std::move(face));
        }
    for (const auto &name : p.set_order)
      for (const long id : p.sets.at(name))
        {
          const auto e = p.elements.find(id);
          if (e == p.elements.end() || e->second.role != Role::face)
            continue;
          FileElement face;
          face.number = id;
          face.group  = name;
          for (const long n : e->second.nodes)
            face.nodes.push_back(node(id, n));
          data.faces.push_back(std::move(face));
        }
    return data;
  }
} // namespace plantarfe::anatomy
