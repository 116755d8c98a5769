#include "render/vtk_render.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkColorTransferFunction.h>
#include <vtkDataSetMapper.h>
#include <vtkDoubleArray.h>
#include <vtkFeatureEdges.h>
#include <vtkGeometryFilter.h>
#include <vtkIntArray.h>
#include <vtkLookupTable.h>
#include <vtkMath.h>
#include <vtkNew.h>
#include <vtkPNGWriter.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkThreshold.h>
#include <vtkUnsignedCharArray.h>
#include <vtkUnstructuredGrid.h>
#include <vtkWarpVector.h>
#include <vtkWindowToImageFilter.h>

#include "base/errors.h"
#include "output/atomic_file.h"
#include "render/virtual_display.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <dlfcn.h>
#include <fstream>
#include <limits>
#include <memory>

namespace plantarfe::render
{
  namespace
  {
    /// Perceptually uniform, colour-blind safe map (matplotlib's viridis,
    /// sampled every 0.1).
    constexpr double viridis[11][3] = {
      {0.267004, 0.004874, 0.329415},
      {0.282623, 0.140926, 0.457517},
      {0.253935, 0.265254, 0.529983},
      {0.206756, 0.371758, 0.553117},
      {0.163625, 0.471133, 0.558148},
      {0.127568, 0.566949, 0.550556},
      {0.134692, 0.658636, 0.517649},
      {0.266941, 0.748751, 0.440573},
      {0.477504, 0.821444, 0.318195},
      {0.741388, 0.873449, 0.149561},
      {0.993248, 0.906157, 0.143936},
    };

    vtkSmartPointer<vtkLookupTable>
    make_lookup_table(const double low, const double high)
    {
      vtkNew<vtkColorTransferFunction> map;
      for (unsigned int i = 0; i < 11; ++i)
        map->AddRGBPoint(i / 10., viridis[i][0], viridis[i][1], viridis[i][2]);
      auto               table = vtkSmartPointer<vtkLookupTable>::New();
      const unsigned int n     = 256;
      table->SetNumberOfTableValues(n);
      for (unsigned int i = 0; i < n; ++i)
        {
          double rgb[3];
          map->GetColor(double(i) / (n - 1), rgb);
          table->SetTableValue(i, rgb[0], rgb[1], rgb[2], 1.);
        }
      table->SetTableRange(low, high);
      table->SetNanColor(0.6, 0.6, 0.6, 1.);
      table->Build();
      return table;
    }

    vtkSmartPointer<vtkUnstructuredGrid>
    make_grid(const RenderRequest &r)
    {
      const auto &mesh = r.mesh;
      auto        grid = vtkSmartPointer<vtkUnstructuredGrid>::New();

      vtkNew<vtkPoints> points;
      points->SetDataTypeToDouble();
      points->SetNumberOfPoints(mesh.n_points());
      for (vtkIdType i = 0; i < vtkIdType(mesh.n_points()); ++i)
        points->SetPoint(i, &mesh.points[3 * i]);
      grid->SetPoints(points);

      const unsigned int   vpc = mesh.vertices_per_cell;
      vtkNew<vtkCellArray> cells;
      cells->AllocateExact(mesh.n_cells(), mesh.cells.size());
      std::vector<vtkIdType> ids(vpc);
      for (std::size_t c = 0; c < mesh.n_cells(); ++c)
        {
          for (unsigned int v = 0; v < vpc; ++v)
            ids[v] = static_cast<vtkIdType>(mesh.cells[c * vpc + v]);
          cells->InsertNextCell(vpc, ids.data());
        }
      grid->SetCells(output::vtk_cell_type(mesh.dim, vpc), cells);

      vtkNew<vtkIntArray> region;
      region->SetName("region");
      region->SetNumberOfValues(mesh.n_cells());
      for (std::size_t c = 0; c < mesh.n_cells(); ++c)
        region->SetValue(c, mesh.region[c]);
      grid->GetCellData()->AddArray(region);

      if (!r.displacement.empty())
        {
          vtkNew<vtkDoubleArray> u;
          u->SetName("displacement");
          u->SetNumberOfComponents(3);
          u->SetNumberOfTuples(mesh.n_points());
          for (vtkIdType i = 0; i < vtkIdType(mesh.n_points()); ++i)
            u->SetTuple(i, &r.displacement[3 * i]);
          grid->GetPointData()->AddArray(u);
        }

      vtkNew<vtkDoubleArray> colour;
      colour->SetName("colour");
      colour->SetNumberOfValues(r.colour.size());
      for (std::size_t i = 0; i < r.colour.size(); ++i)
        colour->SetValue(i, r.colour[i]);
      if (r.colour_on_cells)
        grid->GetCellData()->SetScalars(colour);
      else
        grid->GetPointData()->SetScalars(colour);
      return grid;
    }

    /// Parallel projection of @p renderer looking along -@p direction with y
    /// up, fitted to the points of @p shown (viewport aspect @p aspect =
    /// width / height).
    void
    fit_camera(vtkRenderer                     *renderer,
               const std::vector<vtkDataSet *> &shown,
               const double                    *direction,
               const double                     aspect)
    {
      double d[3] = {direction[0], direction[1], direction[2]};
      vtkMath::Normalize(d);
      double up[3] = {0., 1., 0.};
      // up orthogonal to d, right = up x d.
      const double along = vtkMath::Dot(up, d);
      for (unsigned int i = 0; i < 3; ++i)
        up[i] -= along * d[i];
      vtkMath::Normalize(up);
      double right[3];
      vtkMath::Cross(up, d, right);

      double lo[3] = {std::numeric_limits<double>::max(),
                      std::numeric_limits<double>::max(),
                      std::numeric_limits<double>::max()};
      double hi[3] = {std::numeric_limits<double>::lowest(),
                      std::numeric_limits<double>::lowest(),
                      std::numeric_limits<double>::lowest()};
      for (vtkDataSet *data : shown)
        for (vtkIdType k = 0; k < data->GetNumberOfPoints(); ++k)
          {
            double p[3];
            data->GetPoint(k, p);
            const double q[3] = {vtkMath::Dot(p, right),
                                 vtkMath::Dot(p, up),
                                 vtkMath::Dot(p, d)};
            for (unsigned int i = 0; i < 3; ++i)
              {
                lo[i] = std::min(lo[i], q[i]);
                hi[i] = std::max(hi[i], q[i]);
              }
          }
      const double width  = hi[0] - lo[0];
      const double height = hi[1] - lo[1];
      const double depth =
        std::max(hi[2] - lo[2], 1e-3 * std::max(width, height));
      double focal[3], position[3];
      for (unsigned int i = 0; i < 3; ++i)
        {
          focal[i] = 0.5 * (lo[0] + hi[0]) * right[i] +
                     0.5 * (lo[1] + hi[1]) * up[i] +
                     0.5 * (lo[2] + hi[2]) * d[i];
          position[i] = focal[i] + 2. * (depth + width + height) * d[i];
        }
      vtkCamera *camera = renderer->GetActiveCamera();
      camera->ParallelProjectionOn();
      camera->SetFocalPoint(focal);
      camera->SetPosition(position);
      camera->SetViewUp(up);
      camera->SetParallelScale(
        std::max(1e-12, 0.53 * std::max(height, width / aspect)));
      renderer->ResetCameraClippingRange();
    }

    /// VTK 9.1 (Debian) renders off screen through GLX and aborts the
    /// process when it cannot reach the X server: check first. Without any
    /// display, start a private virtual one (returned; it lives as long as
    /// the caller holds it).
    std::unique_ptr<VirtualDisplay>
    require_display()
    {
      const char *display = std::getenv("DISPLAY");
      if (display == nullptr || display[0] == '\0')
        return std::make_unique<VirtualDisplay>();
      const std::string hint =
        "VTK renders off screen through an X server here; unset DISPLAY to "
        "let plantarfe start a virtual one (Xvfb)";
      if (VirtualDisplay::can_connect(display) == 0)
        throw IoError("render: cannot connect to the X display '" +
                      std::string(display) + "'. " + hint);
      return nullptr;
    }
  } // namespace


  /// A TrueType font with the full ASCII set (Debian's VTK embeds URW
  /// Gothic, which draws '[' and '|' as '(' and 'l'); empty: VTK's own.
  std::string
  find_font_file()
  {
    for (const char *path :
         {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
          "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
          "/usr/share/fonts/TTF/DejaVuSans.ttf",
          "/usr/share/fonts/dejavu/DejaVuSans.ttf"})
      if (std::ifstream(path).good())
        return path;
    return "";
  }

  namespace
  {
    /// Colour range over what is shown, padded when it is one value.
    std::pair<double, double>
    colour_range(const RenderRequest &r,
                 vtkDataSet          *grid,
                 vtkThreshold        *threshold)
    {
      double      low   = std::numeric_limits<double>::max();
      double      high  = std::numeric_limits<double>::lowest();
      vtkDataSet *shown = grid;
      if (r.region)
        {
          threshold->Update();
          shown = threshold->GetOutput();
        }
      vtkDataArray *colour = r.colour_on_cells ?
                               shown->GetCellData()->GetScalars() :
                               shown->GetPointData()->GetScalars();
      for (vtkIdType i = 0;
           colour != nullptr && i < colour->GetNumberOfTuples();
           ++i)
        {
          const double v = colour->GetTuple1(i);
          if (std::isfinite(v))
            {
              low  = std::min(low, v);
              high = std::max(high, v);
            }
        }
      if (low > high)
        low = high = 0.;
      if (high - low <= 1e-12 * std::max(std::abs(low), std::abs(high)))
        {
          const double pad = low == 0. ? 1. : 0.01 * std::abs(low);
          low -= pad;
          high += pad;
        }
      return {low, high};
    }

    /// The coloured model: edges drawn on small meshes, flat shading in 2D.
    vtkSmartPointer<vtkActor>
    make_body(const RenderRequest &r, vtkDataSetMapper *mapper)
    {
      const bool is_2d = r.mesh.dim == 2;
      auto       body  = vtkSmartPointer<vtkActor>::New();
      body->SetMapper(mapper);
      const vtkIdType shown_cells = static_cast<vtkIdType>(r.mesh.n_cells());
      if (shown_cells <= (is_2d ? 20000 : 5000))
        {
          body->GetProperty()->EdgeVisibilityOn();
          body->GetProperty()->SetEdgeColor(0.15, 0.15, 0.15);
          body->GetProperty()->SetLineWidth(1.);
        }
      if (is_2d)
        {
          // Flat: the colours are exactly the map's.
          body->GetProperty()->SetAmbient(1.);
          body->GetProperty()->SetDiffuse(0.);
          body->GetProperty()->SetSpecular(0.);
        }
      else
        {
          body->GetProperty()->SetAmbient(0.25);
          body->GetProperty()->SetDiffuse(0.75);
          body->GetProperty()->SetSpecular(0.);
        }
      return body;
    }

    /// Outline of the reference configuration, drawn under a warped body.
    vtkSmartPointer<vtkActor>
    make_reference_outline(const RenderRequest &r,
                           vtkDataSet          *grid,
                           vtkThreshold        *threshold)
    {
      vtkNew<vtkGeometryFilter> surface;
      vtkNew<vtkFeatureEdges>   edges;
      vtkNew<vtkPolyDataMapper> mapper;
      auto                      reference = vtkSmartPointer<vtkActor>::New();
      if (r.region)
        surface->SetInputConnection(threshold->GetOutputPort());
      else
        surface->SetInputData(grid);
      edges->SetInputConnection(surface->GetOutputPort());
      edges->BoundaryEdgesOn();
      edges->FeatureEdgesOn();
      edges->SetFeatureAngle(60.);
      edges->ManifoldEdgesOff();
      edges->NonManifoldEdgesOff();
      edges->ColoringOff();
      mapper->SetInputConnection(edges->GetOutputPort());
      mapper->ScalarVisibilityOff();
      reference->SetMapper(mapper);
      reference->GetProperty()->SetColor(0.55, 0.55, 0.55);
      reference->GetProperty()->SetLineWidth(1.5);
      reference->GetProperty()->SetLighting(false);
      if (r.mesh.dim == 2)
        reference->SetPosition(0., 0., -1e-6); // behind the body
      return reference;
    }

    /// Dark sans-serif text of @p size points.
    void
    style_text(vtkTextProperty *text, const int size)
    {
      static const std::string font_file = find_font_file();
      text->SetColor(0.1, 0.1, 0.1);
      if (!font_file.empty())
        {
          text->SetFontFamily(VTK_FONT_FILE);
          text->SetFontFile(font_file.c_str());
        }
      else
        text->SetFontFamilyToArial();
      text->ShadowOff();
      text->ItalicOff();
      text->BoldOff();
      text->SetFontSize(size);
    }

    /// A horizontal colour bar at the bottom (long titles fit).
    vtkSmartPointer<vtkScalarBarActor>
    make_colour_bar(const RenderRequest &r, vtkLookupTable *lut, const int font)
    {
      auto bar = vtkSmartPointer<vtkScalarBarActor>::New();
      bar->SetLookupTable(lut);
      bar->SetTitle(r.colour_title.c_str());
      bar->SetNumberOfLabels(6);
      bar->SetLabelFormat("%-#.4g");
      bar->SetMaximumNumberOfColors(256);
      bar->SetOrientationToHorizontal();
      bar->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
      bar->GetPositionCoordinate()->SetValue(0.15, 0.01);
      bar->SetWidth(0.7);
      bar->SetHeight(0.16);
      bar->SetBarRatio(0.3);
      bar->UnconstrainedFontSizeOn();
      bar->SetTextPositionToPrecedeScalarBar();
      style_text(bar->GetTitleTextProperty(), font);
      style_text(bar->GetLabelTextProperty(), int(font * 0.85));
      bar->GetTitleTextProperty()->BoldOn();
      bar->DrawTickLabelsOn();
      return bar;
    }

    /// The title at the top left.
    vtkSmartPointer<vtkTextActor>
    make_title(const RenderRequest &r, const int font)
    {
      auto title = vtkSmartPointer<vtkTextActor>::New();
      title->SetInput(r.title.c_str());
      style_text(title->GetTextProperty(), font);
      title->GetTextProperty()->SetLineSpacing(1.15);
      title->GetTextProperty()->SetJustificationToLeft();
      title->GetTextProperty()->SetVerticalJustificationToTop();
      title->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
      title->GetPositionCoordinate()->SetValue(0.02, 0.975);
      return title;
    }

    /// Renders @p window off screen and writes it as PNG to @p output.
    void
    write_window_png(vtkRenderWindow *window, const std::string &output)
    {
      window->Render();
      vtkNew<vtkWindowToImageFilter> image;
      image->SetInput(window);
      image->SetInputBufferTypeToRGB();
      image->ReadFrontBufferOff();
      image->Update();

      vtkNew<vtkPNGWriter> png;
      png->SetInputConnection(image->GetOutputPort());
      png->WriteToMemoryOn();
      png->Write();
      vtkUnsignedCharArray *bytes = png->GetResult();
      if (png->GetErrorCode() != 0 || bytes == nullptr ||
          bytes->GetNumberOfValues() == 0)
        throw IoError("render: PNG encoding failed for " + output);
      output::write_file_atomically(
        output,
        std::string(reinterpret_cast<const char *>(bytes->GetPointer(0)),
                    static_cast<std::size_t>(bytes->GetNumberOfValues())));
    }
  } // namespace

  void
  render_png(const RenderRequest &r)
  {
    if (r.colour.size() !=
        (r.colour_on_cells ? r.mesh.n_cells() : r.mesh.n_points()))
      throw std::invalid_argument("render_png: colour array has wrong size");
    const auto virtual_display = require_display();
    const bool is_2d           = r.mesh.dim == 2;

    // Pipeline: grid -> [threshold on region] -> [warp] -> mapper.
    const auto           grid = make_grid(r);
    vtkAlgorithmOutput  *port = nullptr;
    vtkNew<vtkThreshold> threshold;
    if (r.region)
      {
        threshold->SetInputData(grid);
        threshold->SetInputArrayToProcess(
          0, 0, 0, vtkDataObject::FIELD_ASSOCIATION_CELLS, "region");
        threshold->SetLowerThreshold(*r.region - 0.5);
        threshold->SetUpperThreshold(*r.region + 0.5);
        threshold->SetThresholdFunction(vtkThreshold::THRESHOLD_BETWEEN);
        port = threshold->GetOutputPort();
      }
    vtkNew<vtkWarpVector> warp;
    if (!r.displacement.empty())
      {
        if (port != nullptr)
          warp->SetInputConnection(port);
        else
          warp->SetInputData(grid);
        warp->SetInputArrayToProcess(
          0, 0, 0, vtkDataObject::FIELD_ASSOCIATION_POINTS, "displacement");
        warp->SetScaleFactor(r.warp_scale);
        port = warp->GetOutputPort();
      }

    const auto [low, high]       = colour_range(r, grid, threshold);
    const auto               lut = make_lookup_table(low, high);
    vtkNew<vtkDataSetMapper> mapper;
    if (port != nullptr)
      mapper->SetInputConnection(port);
    else
      mapper->SetInputData(grid);
    mapper->SetLookupTable(lut);
    mapper->SetScalarRange(low, high);
    mapper->SetScalarModeToDefault();
    mapper->ScalarVisibilityOn();
    mapper->SetInterpolateScalarsBeforeMapping(true);

    // Layout: title on top, the model in the middle, the colour bar at the
    // bottom.
    const double white[3] = {1., 1., 1.};
    const int    font =
      std::max(10, int(std::min(r.width * 0.75, double(r.height)) / 36));
    vtkNew<vtkRenderer> frame; // full window: title and colour bar
    frame->SetBackground(white[0], white[1], white[2]);
    frame->AddActor2D(make_colour_bar(r, lut, font));
    frame->AddActor2D(make_title(r, font));

    const double        model_viewport[4] = {0., 0.2, 1., 0.87};
    vtkNew<vtkRenderer> model;
    model->SetViewport(model_viewport);
    model->SetBackground(white[0], white[1], white[2]);
    model->AddActor(make_body(r, mapper));
    if (!r.displacement.empty())
      model->AddActor(make_reference_outline(r, grid, threshold));

    // Camera: 2D looks along -z; 3D isometric (from +x +y +z, y up). Parallel
    // projection, fitted to the projected bounding box of what is shown.
    const double direction[3] = {0., 0., 1.}; // focal point -> camera
    const double iso[3]       = {1., 1., 1.};
    std::vector<vtkDataSet *> shown;
    if (!r.displacement.empty())
      {
        warp->Update();
        shown.push_back(warp->GetOutput());
      }
    if (r.region)
      {
        threshold->Update();
        shown.push_back(threshold->GetOutput());
      }
    else
      shown.push_back(grid);
    fit_camera(model,
               shown,
               is_2d ? direction : iso,
               (model_viewport[2] - model_viewport[0]) * r.width /
                 ((model_viewport[3] - model_viewport[1]) * r.height));

    vtkNew<vtkRenderWindow> window;
    window->SetOffScreenRendering(1);
    window->SetSize(int(r.width), int(r.height));
    window->SetMultiSamples(8);
    window->AddRenderer(frame);
    window->AddRenderer(model);
    write_window_png(window, r.output);
  }
} // namespace plantarfe::render
