// The anatomical 3D foot; see foot_solids.h.
#include "anatomy/foot_solids.h"

#include "anatomy/foot_solids_shapes.h"
#include "anatomy/gmsh_session.h"
#include "anatomy/regions.h"
#include "base/errors.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

namespace plantarfe::anatomy
{
  using dealii::Point;
  using dealii::types::material_id;

  namespace foot_solids_detail
  {
    const RegionPolygon &
    outline_region(const FootOutline &outline, const material_id id)
    {
      for (const auto &r : outline.regions)
        if (r.id == id)
          return r;
      throw SolverError("anatomical foot: the outline has no " +
                        region_name(id));
    }

    double
    centre_x(const std::vector<Point<2>> &poly)
    {
      double x = 0.;
      for (const auto &p : poly)
        x += p[0] / poly.size();
      return x;
    }

    /// The 3D solid of one outline region (the first polygon of an id also
    /// brings rays 2-5).
    struct SolidMaker
    {
      const FootGeometry   &g;
      const FootOutline    &outline;
      Scale                 mm;
      TopViews              t;
      LesserRaySolids       lesser;
      DimTags               skin;
      std::set<material_id> seen;

      DimTags
      shaped(const std::vector<Point<2>> &side,
             const std::vector<Point<2>> &top) const
      {
        return intersection(sagittal_prism(side, -1., 1.),
                            top_prism(top, -1., 1.));
      }

      DimTags
      operator()(const RegionPolygon &r)
      {
        namespace R        = region;
        const bool   first = seen.insert(r.id).second;
        const double x     = centre_x(r.vertices);
        switch (r.id)
          {
            case R::knee:
            case R::tibia:
            case R::ankle_cartilage:
            case R::achilles_tendon:
              case R::calf_muscle: {
                const double w = region_width(g, r.id);
                return sagittal_prism(r.vertices, -w / 2., w / 2.);
              }
            case R::calcaneus:
              return shaped(r.vertices, t.calcaneus);
            case R::talus:
              return shaped(r.vertices, t.talus);
            case R::midfoot:
              return united(shaped(r.vertices, t.medial_midfoot),
                            shaped(cuboid_profile(mm, r.vertices), t.cuboid));
            case R::metatarsal:
              return joined(shaped(r.vertices, t.first_metatarsal),
                            first ? lesser.metatarsals : DimTags());
            case R::phalanges:
              return joined(shaped(r.vertices, t.hallux),
                            first ? lesser.toes : DimTags());
            case R::cartilage:
              return shaped(r.vertices, x > mm(200.) ? t.hallux : t.talus);
              case R::arch_joint: {
                DimTags layer = x < mm(120.) ?
                                  united(shaped(r.vertices, t.medial_midfoot),
                                         shaped(r.vertices, t.cuboid)) :
                                  shaped(r.vertices, t.first_metatarsal);
                return joined(layer, first ? lesser.joints : DimTags());
              }
            case R::heel_spur:
              return shaped(r.vertices, t.spur);
            case R::fascia_insertion:
              return shaped(r.vertices, t.insertion);
            case R::fascia:
              return united(
                shaped(r.vertices, t.fascia_bands),
                shaped(outline_region(outline, R::fascia_insertion).vertices,
                       t.fascia_bands));
            case R::heel_pad:
              return intersection(sagittal_prism(r.vertices, -1., 1.),
                                  copy_of(skin));
            case R::soft_tissue:
              return copy_of(skin);
            default:
              if (is_one_of(ligament_regions(), r.id))
                return shaped(r.vertices, t.ligaments);
              throw SolverError("anatomical foot: no 3D solid for region " +
                                region_name(r.id));
          }
      }
    };

    /// Every region's solids, fragmented together so that the mesh is
    /// conforming; where solids overlap, the region first in the outline's
    /// priority order takes the piece. (Cutting each region by those before
    /// it, as the 2D outline does, took minutes against the lofted skin.)
    /// Returns each volume's region and target size.
    std::map<int, std::pair<material_id, double>>
    build_regions(const FootGeometry        &g,
                  const FootOutline         &outline,
                  const FootSolidsMeshSizes &sizes)
    {
      const Scale mm{g.foot_length / 0.266};
      SolidMaker  make{g,
                      outline,
                      mm,
                      top_views(mm, g.ligament_width),
                      lesser_ray_solids(mm, g.cartilage_thickness),
                      {},
                      {}};
      double      top = 0.;
      for (const auto &p : outline.envelope)
        top = std::max(top, p[1]);
      make.skin = skin_volume(mm, top);

      std::vector<DimTags>     solids;
      std::vector<material_id> ids;
      DimTags                  all;
      for (const auto &r : outline.regions)
        {
          solids.push_back(make(r));
          ids.push_back(r.id);
          all.insert(all.end(), solids.back().begin(), solids.back().end());
        }
      occ::remove(make.skin, true);

      DimTags              out;
      std::vector<DimTags> map;
      const DimTags        first(all.begin(), all.begin() + 1);
      const DimTags        rest(all.begin() + 1, all.end());
      // The fragment's map is what assigns the pieces: with Gmsh's
      // renumbering off it sent a toe to the soft tissue around it.
      gmsh::option::setNumber("Geometry.OCCBooleanPreserveNumbering", 1);
      occ::fragment(first, rest, out, map);
      occ::synchronize();

      const std::map<material_id, double> size_of = {
        {region::knee, sizes.leg},
        {region::tibia, sizes.leg},
        {region::calf_muscle, sizes.leg},
        {region::achilles_tendon, sizes.layer},
        {region::heel_pad, sizes.soft},
        {region::soft_tissue, sizes.soft}};
      std::map<int, std::pair<material_id, double>> regions;
      unsigned int                                  k = 0;
      for (unsigned int r = 0; r < solids.size(); ++r)
        for (unsigned int j = 0; j < solids[r].size(); ++j, ++k)
          for (const auto &dt : map[k])
            if (dt.first == 3 && regions.count(dt.second) == 0)
              {
                const auto   found = size_of.find(ids[r]);
                const double size  = found != size_of.end() ? found->second :
                                     is_one_of(bone_regions(), ids[r]) ?
                                                              sizes.bone :
                                                              sizes.layer;
                regions[dt.second] = {ids[r], size};
              }
      return regions;
    }

    /// Tetrahedra of every region volume: sizes at the volumes' points
    /// (coarse regions first, so the finest size wins where they meet).
    void
    mesh_volumes(const std::map<int, std::pair<material_id, double>> &regions,
                 const FootSolidsMeshSizes                           &sizes)
    {
      std::vector<std::pair<double, int>> order;
      for (const auto &[tag, region] : regions)
        order.emplace_back(-region.second, tag);
      std::sort(order.begin(), order.end());
      for (const auto &[neg_size, tag] : order)
        {
          DimTags points;
          gmsh::model::getBoundary({{3, tag}}, points, false, false, true);
          gmsh::model::mesh::setSize(points, -neg_size);
        }
      gmsh::option::setNumber("General.NumThreads", 1);
      gmsh::option::setNumber("General.ExpertMode", 1);
      gmsh::option::setNumber("Mesh.MeshSizeMax", sizes.leg);
      gmsh::option::setNumber("Mesh.Algorithm", 6);
      gmsh::option::setNumber("Mesh.Algorithm3D", 1);
      gmsh::option::setNumber("Mesh.Optimize", 1);
      if (std::getenv("PLANTARFE_GMSH_VERBOSE"))
        {
          gmsh::option::setNumber("General.Terminal", 1);
          gmsh::option::setNumber("General.Verbosity", 4);
        }
      try
        {
          gmsh::model::mesh::generate(3);
        }
      catch (...)
        {
          std::string error;
          gmsh::logger::getLastError(error);
          throw SolverError("anatomical foot: Gmsh could not mesh it (" +
                            error + ")");
        }
    }

    using Face = std::array<unsigned int, 3>;

    /// The mesh as a mesh file would give it: tetrahedra grouped by region,
    /// the boundary triangles of the skin (soft tissue and heel pad below
    /// 30 mm, where the ground and the tools may touch) and of the knee end
    /// (the knee's proximal face, across the leg's axis at the outline's
    /// knee end).
    MeshFileData
    mesh_data(const std::map<int, std::pair<material_id, double>> &regions,
              const FootLandmarks                                 &L)
    {
      MeshFileData             data;
      std::vector<std::size_t> tags;
      std::vector<double>      xyz, parametric;
      gmsh::model::mesh::getNodes(tags, xyz, parametric, -1, -1, false, false);
      std::map<std::size_t, unsigned int> index;
      for (unsigned int i = 0; i < tags.size(); ++i)
        {
          index[tags[i]] = data.nodes.size();
          data.nodes.emplace_back(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
        }
      // Each face: how many tetrahedra share it, and the last of them.
      std::map<Face, std::pair<unsigned int, unsigned int>> faces;
      std::vector<material_id>                              cell_region;
      for (const auto &[tag, region] : regions)
        {
          std::vector<int>                      types;
          std::vector<std::vector<std::size_t>> elements, nodes;
          gmsh::model::mesh::getElements(types, elements, nodes, 3, tag);
          for (unsigned int t = 0; t < types.size(); ++t)
            {
              if (types[t] != 4)
                throw SolverError(
                  "anatomical foot: Gmsh made elements of type " +
                  std::to_string(types[t]) + ", not linear tetrahedra");
              for (unsigned int e = 0; e < elements[t].size(); ++e)
                {
                  FileElement cell;
                  cell.number = elements[t][e];
                  cell.group  = region_name(region.first);
                  for (unsigned int v = 0; v < 4; ++v)
                    cell.nodes.push_back(index.at(nodes[t][4 * e + v]));
                  for (unsigned int skip = 0; skip < 4; ++skip)
                    {
                      Face f;
                      for (unsigned int v = 0, j = 0; v < 4; ++v)
                        if (v != skip)
                          f[j++] = cell.nodes[v];
                      std::sort(f.begin(), f.end());
                      auto &entry = faces[f];
                      ++entry.first;
                      entry.second = data.cells.size();
                    }
                  data.cells.push_back(cell);
                  cell_region.push_back(region.first);
                }
            }
        }
      // Only the tetrahedra's nodes: Gmsh also meshes what is left of the
      // construction (the skin's section wires).
      std::vector<int>      new_index(data.nodes.size(), -1);
      std::vector<Point<3>> used;
      for (auto &cell : data.cells)
        for (auto &v : cell.nodes)
          {
            if (new_index[v] < 0)
              {
                new_index[v] = used.size();
                used.push_back(data.nodes[v]);
              }
            v = new_index[v];
          }
      data.nodes.swap(used);
      {
        std::map<Face, std::pair<unsigned int, unsigned int>> renumbered;
        for (const auto &[face, entry] : faces)
          {
            Face f;
            for (unsigned int j = 0; j < 3; ++j)
              f[j] = new_index[face[j]];
            std::sort(f.begin(), f.end());
            renumbered[f] = entry;
          }
        faces.swap(renumbered);
      }
      const auto along_leg = [&](const Point<3> &p) {
        return (p[0] - L.ankle_centre[0]) * L.leg_axis[0] +
               (p[1] - L.ankle_centre[1]) * L.leg_axis[1];
      };
      long number = 0;
      for (const auto &[face, entry] : faces)
        {
          if (entry.first != 1)
            continue;
          const material_id id    = cell_region[entry.second];
          double            b_min = 1e9, y_mean = 0.;
          for (const unsigned int v : face)
            {
              b_min = std::min(b_min, along_leg(data.nodes[v]));
              y_mean += data.nodes[v][1] / 3.;
            }
          std::string group;
          if ((id == region::soft_tissue || id == region::heel_pad) &&
              y_mean < 0.030)
            group = "skin";
          else if (id == region::knee && b_min > L.knee_end_b - 1e-6)
            group = "knee_end";
          if (!group.empty())
            data.faces.push_back(
              {++number,
               group,
               std::vector<unsigned int>(face.begin(), face.end())});
        }
      return data;
    }
  } // namespace foot_solids_detail

  MeshFileData
  anatomical_foot_mesh(const FootGeometry        &g,
                       const FootOutline         &outline,
                       const FootSolidsMeshSizes &sizes)
  {
    using namespace foot_solids_detail;
    GmshSession session;
    gmsh::model::add("anatomical foot");
    gmsh::option::setNumber("Geometry.ToleranceBoolean", 1e-5);
    // Booleans on a model of many solids: without this Gmsh renumbers the
    // whole model after each one (seconds each).
    gmsh::option::setNumber("Geometry.OCCBooleanPreserveNumbering", 0);
    const auto regions = build_regions(g, outline, sizes);
    mesh_volumes(regions, sizes);
    MeshFileData data = mesh_data(regions, outline.landmarks);

    // The skin's loft touches the ground under the heel and the ball only
    // up to the spline's round-off: the lowest node is put on it.
    double y_min = 1e9;
    for (const auto &p : data.nodes)
      y_min = std::min(y_min, p[1]);
    for (auto &p : data.nodes)
      p[1] -= y_min;

    // The medial column is the outline's, so are its landmarks.
    const auto &L  = outline.landmarks;
    const auto  at = [y_min](const Point<2> &p) {
      return std::vector<Point<3>>{Point<3>(p[0], p[1] - y_min, 0.)};
    };
    data.node_sets["ankle_centre"]           = at(L.ankle_centre);
    data.node_sets["medial_tubercle"]        = at(L.medial_tubercle);
    data.node_sets["navicular"]              = at(L.navicular);
    data.node_sets["mtp_centre"]             = at(L.mtp_centre);
    data.node_sets["knee_centre"]            = at(L.knee_centre);
    data.node_sets["achilles_insertion"]     = at(L.achilles_insertion);
    data.node_sets["muscle_tendon_junction"] = at(L.muscle_tendon_junction);
    return data;
  }

  std::string
  anatomical_run_refusal()
  {
    return "Foot/Mesh/3D foot: anatomical is not built within a run yet; "
           "write it with `plantarfe mesh SCENARIO -o foot.msh` and run that "
           "file (Geometry/Shape = mesh file, docs/model.md)";
  }

  FootSolidsMeshSizes
  anatomical_mesh_sizes(const double h)
  {
    FootSolidsMeshSizes sizes;
    sizes.layer = h;
    sizes.bone  = 2. * h;
    sizes.soft  = 2.5 * h;
    sizes.leg   = 3. * h;
    return sizes;
  }

  std::string
  anatomical_foot_msh_text(const MeshFileData &data)
  {
    std::map<std::string, int> tag_of;
    for (const auto &r : foot_regions())
      tag_of[r.name] = r.id;
    tag_of["skin"]     = surface::skin;
    tag_of["knee_end"] = surface::knee_end;
    std::set<std::string> groups;
    for (const auto *list : {&data.cells, &data.faces})
      for (const auto &e : *list)
        groups.insert(e.group);
    std::ostringstream out;
    out.precision(17);
    out << "$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$PhysicalNames\n"
        << groups.size() + data.node_sets.size() << '\n';
    for (const auto &name : groups)
      out << (name == "skin" || name == "knee_end" ? 2 : 3) << ' '
          << tag_of.at(name) << " \"" << name << "\"\n";
    int set_tag = 100;
    for (const auto &[name, points] : data.node_sets)
      out << "0 " << set_tag++ << " \"" << name << "\"\n";
    std::size_t n_set_nodes = 0;
    for (const auto &[name, points] : data.node_sets)
      n_set_nodes += points.size();
    out << "$EndPhysicalNames\n$Nodes\n"
        << data.nodes.size() + n_set_nodes << '\n';
    std::size_t n = 0;
    for (const auto &p : data.nodes)
      out << ++n << ' ' << p[0] << ' ' << p[1] << ' ' << p[2] << '\n';
    for (const auto &[name, points] : data.node_sets)
      for (const auto &p : points)
        out << ++n << ' ' << p[0] << ' ' << p[1] << ' ' << p[2] << '\n';
    out << "$EndNodes\n$Elements\n"
        << data.faces.size() + data.cells.size() + n_set_nodes << '\n';
    std::size_t e = 0;
    for (const auto &[type, list] :
         {std::make_pair(2, &data.faces), std::make_pair(4, &data.cells)})
      for (const auto &element : *list)
        {
          const int tag = tag_of.at(element.group);
          out << ++e << ' ' << type << " 2 " << tag << ' ' << tag;
          for (const auto v : element.nodes)
            out << ' ' << v + 1;
          out << '\n';
        }
    std::size_t node = data.nodes.size();
    set_tag          = 100;
    for (const auto &[name, points] : data.node_sets)
      {
        for (std::size_t k = 0; k < points.size(); ++k)
          out << ++e << " 15 2 " << set_tag << ' ' << set_tag << ' ' << ++node
              << '\n';
        ++set_tag;
      }
    out << "$EndElements\n";
    return out.str();
  }
} // namespace plantarfe::anatomy
