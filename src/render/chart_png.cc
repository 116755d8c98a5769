#include "render/chart_png.h"

#include <vtkFreeTypeTools.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGWriter.h>
#include <vtkStdString.h>
#include <vtkTextProperty.h>

#include "base/errors.h"
#include "output/atomic_file.h"
#include "render/vtk_render.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>

namespace plantarfe::render
{
  namespace
  {
    struct Colour
    {
      double r, g, b;
      double
      operator[](const int k) const
      {
        return k == 0 ? r : k == 1 ? g : b;
      }
    };

    /// Distinguishable line colours (Tableau 10).
    const Colour palette[] = {Colour{0.12, 0.47, 0.71},
                              Colour{1.00, 0.50, 0.05},
                              Colour{0.17, 0.63, 0.17},
                              Colour{0.84, 0.15, 0.16},
                              Colour{0.58, 0.40, 0.74},
                              Colour{0.55, 0.34, 0.29},
                              Colour{0.89, 0.47, 0.76},
                              Colour{0.50, 0.50, 0.50},
                              Colour{0.74, 0.74, 0.13},
                              Colour{0.09, 0.75, 0.81}};

    /// RGB raster, row 0 at the top.
    class Canvas
    {
    public:
      Canvas(int w, int h)
          : w(w)
          , h(h)
          , rgb(3 * w * h, 255)
      {}

      void
      blend(int x, int y, const Colour &c, double alpha = 1.)
      {
        if (x < 0 || y < 0 || x >= w || y >= h || alpha <= 0.)
          return;
        unsigned char *p = &rgb[3 * (y * w + x)];
        for (int k = 0; k < 3; ++k)
          p[k] = static_cast<unsigned char>(
            std::lround((1. - alpha) * p[k] + alpha * 255. * c[k]));
      }

      /// Filled disc (anti-aliased edge).
      void
      disc(double cx, double cy, double r, const Colour &c)
      {
        for (int y = int(cy - r - 1); y <= int(cy + r + 1); ++y)
          for (int x = int(cx - r - 1); x <= int(cx + r + 1); ++x)
            {
              const double d = std::hypot(x - cx, y - cy);
              blend(x, y, c, std::clamp(r + 0.5 - d, 0., 1.));
            }
      }

      /// Line of width @p width: distance-based coverage, so slopes look
      /// smooth.
      void
      line(double        x0,
           double        y0,
           double        x1,
           double        y1,
           double        width,
           const Colour &c)
      {
        const double r  = width / 2.;
        const double dx = x1 - x0, dy = y1 - y0;
        const double l2 = std::max(dx * dx + dy * dy, 1e-12);
        for (int y = int(std::min(y0, y1) - r - 1);
             y <= int(std::max(y0, y1) + r + 1);
             ++y)
          for (int x = int(std::min(x0, x1) - r - 1);
               x <= int(std::max(x0, x1) + r + 1);
               ++x)
            {
              const double t =
                std::clamp(((x - x0) * dx + (y - y0) * dy) / l2, 0., 1.);
              const double d = std::hypot(x - (x0 + t * dx), y - (y0 + t * dy));
              const double a = std::clamp(r + 0.5 - d, 0., 1.);
              if (a > 0.)
                blend(x, y, c, a);
            }
      }

      /// Text with its bounding box anchored at (x, y): @p ax, @p ay = 0
      /// left/top, 0.5 centre, 1 right/bottom. @p angle 90 reads upwards.
      void
      text(const std::string &s,
           double             x,
           double             y,
           double             ax,
           double             ay,
           int                size,
           bool               bold  = false,
           int                angle = 0)
      {
        if (s.empty())
          return;
        vtkNew<vtkTextProperty>  p;
        static const std::string font_file = find_font_file();
        if (font_file.empty())
          p->SetFontFamilyToArial();
        else
          {
            p->SetFontFamily(VTK_FONT_FILE);
            p->SetFontFile(font_file.c_str());
          }
        p->SetFontSize(size);
        p->SetBold(bold);
        p->SetColor(0.1, 0.1, 0.1);
        p->SetOrientation(angle);
        vtkNew<vtkImageData> image;
        if (!vtkFreeTypeTools::GetInstance()->RenderString(
              p.Get(), vtkStdString(s), 72, image.Get()))
          return;
        // Rotated text has an extent that need not start at 0.
        int e[6];
        image->GetExtent(e);
        // The glyphs' bounding box, from the alpha channel (VTK rows run
        // bottom-up).
        int x_min = e[1] + 1, x_max = e[0] - 1, y_min = e[3] + 1,
            y_max = e[2] - 1;
        for (int j = e[2]; j <= e[3]; ++j)
          for (int i = e[0]; i <= e[1]; ++i)
            if (static_cast<unsigned char *>(
                  image->GetScalarPointer(i, j, e[4]))[3] > 0)
              {
                x_min = std::min(x_min, i);
                x_max = std::max(x_max, i);
                y_min = std::min(y_min, j);
                y_max = std::max(y_max, j);
              }
        if (x_max < x_min)
          return;
        const int bw = x_max - x_min + 1, bh = y_max - y_min + 1;
        const int left = int(std::lround(x - ax * bw));
        const int top  = int(std::lround(y - ay * bh));
        for (int j = y_min; j <= y_max; ++j)
          for (int i = x_min; i <= x_max; ++i)
            {
              const auto *t = static_cast<unsigned char *>(
                image->GetScalarPointer(i, j, e[4]));
              blend(left + i - x_min,
                    top + (y_max - j),
                    {t[0] / 255., t[1] / 255., t[2] / 255.},
                    t[3] / 255.);
            }
      }

      void
      write(const std::string &path) const
      {
        vtkNew<vtkImageData> image;
        image->SetDimensions(w, h, 1);
        image->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
        for (int y = 0; y < h; ++y)
          std::copy_n(&rgb[3 * y * w],
                      3 * w,
                      static_cast<unsigned char *>(
                        image->GetScalarPointer(0, h - 1 - y, 0)));
        try
          {
            // VTK opens the file by name: it writes to the reserved
            // temporary, which is renamed when the PNG is complete.
            output::AtomicFile   file(path);
            vtkNew<vtkPNGWriter> png;
            png->SetFileName(file.temporary().c_str());
            png->SetInputData(image);
            png->Write();
            std::error_code ec;
            if (png->GetErrorCode() != 0 ||
                std::filesystem::file_size(file.temporary(), ec) == 0)
              throw IoError("cannot write " + path);
            file.commit();
          }
        catch (const IoError &e)
          {
            throw IoError(std::string("compare: ") + e.what());
          }
      }

    private:
      int                        w, h;
      std::vector<unsigned char> rgb;
    };

    /// Round tick positions covering [lo, hi] (about 5 intervals).
    std::vector<double>
    ticks(double &lo, double &hi)
    {
      if (!(hi > lo))
        {
          const double pad = lo == 0. ? 1. : 0.1 * std::abs(lo);
          lo -= pad;
          hi += pad;
        }
      const double raw  = (hi - lo) / 5.;
      const double mag  = std::pow(10., std::floor(std::log10(raw)));
      const double norm = raw / mag;
      const double step = (norm < 1.5 ? 1. :
                           norm < 3.5 ? 2. :
                           norm < 7.5 ? 5. :
                                        10.) *
                          mag;
      lo = std::floor(lo / step + 1e-9) * step;
      hi = std::ceil(hi / step - 1e-9) * step;
      std::vector<double> t;
      for (double v = lo; v <= hi + 0.5 * step; v += step)
        t.push_back(std::abs(v) < 1e-12 * step ? 0. : v);
      return t;
    }

    std::string
    format(double v)
    {
      char s[32];
      std::snprintf(s, sizeof(s), "%g", v);
      return s;
    }
  } // namespace

  void
  write_chart_png(const ChartRequest &r)
  {
    const int w = r.width, h = r.height;
    Canvas    c(w, h);
    double    x_lo = std::numeric_limits<double>::max(), x_hi = -x_lo;
    double    y_lo = x_lo, y_hi = -x_lo;
    for (const auto &s : r.series)
      for (std::size_t i = 0; i < s.x.size(); ++i)
        if (std::isfinite(s.y[i]))
          {
            x_lo = std::min(x_lo, s.x[i]);
            x_hi = std::max(x_hi, s.x[i]);
            y_lo = std::min(y_lo, s.y[i]);
            y_hi = std::max(y_hi, s.y[i]);
          }
    if (x_lo > x_hi)
      x_lo = x_hi = y_lo = y_hi = 0.;

    std::vector<double> xt;
    if (r.x_categories.empty())
      xt = ticks(x_lo, x_hi);
    else
      {
        x_lo = -0.5;
        x_hi = r.x_categories.size() - 0.5;
        for (std::size_t i = 0; i < r.x_categories.size(); ++i)
          xt.push_back(i);
      }
    const std::vector<double> yt = ticks(y_lo, y_hi);

    // Plot area; the legend sits to the right.
    const bool legend = r.series.size() > 1 ||
                        (!r.series.empty() && !r.series.front().label.empty());
    const double left = 110, top = 60, bottom = h - 80,
                 right = w - (legend ? 230 : 40);
    const auto px      = [&](double x) {
      return left + (x - x_lo) / (x_hi - x_lo) * (right - left);
    };
    const auto py = [&](double y) {
      return bottom - (y - y_lo) / (y_hi - y_lo) * (bottom - top);
    };
    const Colour grid = {0.88, 0.88, 0.88}, axis = {0.2, 0.2, 0.2};
    for (const double y : yt)
      {
        c.line(left, py(y), right, py(y), 1., grid);
        c.text(format(y), left - 8, py(y), 1., 0.5, 14);
      }
    for (std::size_t i = 0; i < xt.size(); ++i)
      {
        c.line(px(xt[i]), top, px(xt[i]), bottom, 1., grid);
        c.text(r.x_categories.empty() ? format(xt[i]) : r.x_categories[i],
               px(xt[i]),
               bottom + 8,
               0.5,
               0.,
               14);
      }
    c.line(left, bottom, right, bottom, 1.5, axis);
    c.line(left, top, left, bottom, 1.5, axis);
    c.text(r.title, (left + right) / 2, 20, 0.5, 0., 18, true);
    c.text(r.x_label, (left + right) / 2, h - 30, 0.5, 0.5, 16);
    c.text(r.y_label, 28, (top + bottom) / 2, 0.5, 0.5, 16, false, 90);

    for (std::size_t k = 0; k < r.series.size(); ++k)
      {
        const auto   &s      = r.series[k];
        const Colour &colour = palette[k % 10];
        // Points in x order, so a line runs left to right.
        std::vector<std::size_t> order(s.x.size());
        for (std::size_t i = 0; i < order.size(); ++i)
          order[i] = i;
        std::sort(order.begin(), order.end(), [&](auto a, auto b) {
          return s.x[a] < s.x[b];
        });
        for (std::size_t i = 0; i + 1 < order.size(); ++i)
          if (std::isfinite(s.y[order[i]]) && std::isfinite(s.y[order[i + 1]]))
            c.line(px(s.x[order[i]]),
                   py(s.y[order[i]]),
                   px(s.x[order[i + 1]]),
                   py(s.y[order[i + 1]]),
                   2.5,
                   colour);
        for (const auto i : order)
          if (std::isfinite(s.y[i]))
            c.disc(px(s.x[i]), py(s.y[i]), 4.5, colour);
        if (legend)
          {
            const double ly = top + 10 + 26 * k;
            c.line(right + 20, ly, right + 50, ly, 2.5, colour);
            c.disc(right + 35, ly, 4.5, colour);
            std::string label = s.label;
            if (label.size() > 26)
              label = label.substr(0, 23) + "...";
            c.text(label, right + 58, ly, 0., 0.5, 13);
          }
      }
    c.write(r.output);
  }
} // namespace plantarfe::render
