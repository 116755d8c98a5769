#!/usr/bin/python3
"""Renders a 2D foot mesh written by `plantarfe mesh X.prm -o m.vtu`: the whole
model and a close-up of the foot, cells coloured by region, with a legend.
Usage: xvfb-run -a /usr/bin/python3 docs/img/render_mesh.py m.vtu out.png"""
import sys
import vtk

NAMES = {1: "calcaneus", 2: "talus", 3: "midfoot", 4: "metatarsal", 5: "phalanges",
         6: "tibia", 7: "knee", 8: "heel spur", 10: "cartilage", 11: "ankle cartilage",
         20: "fascia", 21: "fascia insertion", 30: "heel pad", 31: "soft tissue",
         40: "Achilles tendon", 41: "calf muscle"}
COLOURS = {1: (0.93, 0.89, 0.78), 2: (0.87, 0.82, 0.68), 3: (0.80, 0.75, 0.60),
           4: (0.90, 0.84, 0.65), 5: (0.84, 0.79, 0.62), 6: (0.78, 0.74, 0.66),
           7: (0.55, 0.55, 0.55), 8: (1.0, 1.0, 1.0), 10: (0.35, 0.60, 0.90),
           11: (0.20, 0.45, 0.85), 20: (0.85, 0.10, 0.10), 21: (0.55, 0.00, 0.45),
           30: (1.00, 0.80, 0.35), 31: (0.98, 0.70, 0.60), 40: (0.95, 0.45, 0.05),
           41: (0.70, 0.25, 0.25)}

src, out = sys.argv[1], sys.argv[2]
r = vtk.vtkXMLUnstructuredGridReader()
r.SetFileName(src)
r.Update()
grid = r.GetOutput()
# deal.II writes the region as point data on patch vertices (each cell has its
# own copies of its vertices), so turning it into cell data is exact.
p2c = vtk.vtkPointDataToCellData()
p2c.SetInputData(grid)
p2c.Update()
g = p2c.GetOutput()
reg = g.GetCellData().GetArray("region")
present = sorted({int(round(reg.GetValue(i))) for i in range(reg.GetNumberOfTuples())})

# Direct RGB cell colours (a categorical lookup table is fiddly in VTK 9.1).
rgb = vtk.vtkUnsignedCharArray()
rgb.SetName("rgb")
rgb.SetNumberOfComponents(3)
for i in range(reg.GetNumberOfTuples()):
    c = COLOURS.get(int(round(reg.GetValue(i))), (0.5, 0.5, 0.5))
    rgb.InsertNextTuple3(*(int(255 * x) for x in c))
g.GetCellData().SetScalars(rgb)


def actor():
    m = vtk.vtkDataSetMapper()
    m.SetInputData(g)
    m.SetScalarModeToUseCellData()
    m.SetColorModeToDirectScalars()
    a = vtk.vtkActor()
    a.SetMapper(m)
    a.GetProperty().EdgeVisibilityOn()
    a.GetProperty().SetEdgeColor(0.2, 0.2, 0.2)
    a.GetProperty().SetLineWidth(0.6)
    return a


def renderer(viewport, xlim, ylim, label):
    ren = vtk.vtkRenderer()
    ren.SetBackground(1, 1, 1)
    ren.SetViewport(*viewport)
    ren.AddActor(actor())
    cam = ren.GetActiveCamera()
    cam.ParallelProjectionOn()
    cx, cy = 0.5 * (xlim[0] + xlim[1]), 0.5 * (ylim[0] + ylim[1])
    cam.SetFocalPoint(cx, cy, 0)
    cam.SetPosition(cx, cy, 1)
    cam.SetViewUp(0, 1, 0)
    cam.SetParallelScale(0.5 * (ylim[1] - ylim[0]))
    ren.ResetCameraClippingRange()
    t = vtk.vtkTextActor()
    t.SetInput(label)
    t.GetTextProperty().SetColor(0, 0, 0)
    t.GetTextProperty().SetFontSize(20)
    t.SetPosition(12, 12)
    ren.AddActor2D(t)
    return ren


b = g.GetBounds()
W, H = 2100, 720
win = vtk.vtkRenderWindow()
win.SetOffScreenRendering(1)
win.SetSize(W, H)
# Left: the whole model (foot, leg, calf); middle: the foot; right: legend.
cx = 0.5 * (b[0] + b[1])
f_full, f_foot = 0.22, 0.87
h_full = 1.04 * (b[3] - b[2])
w_full = h_full * (f_full * W) / H
win.AddRenderer(renderer((0, 0, f_full, 1), (cx - w_full / 2, cx + w_full / 2),
                         (b[2] - 0.02 * h_full, b[3] + 0.02 * h_full), "whole model"))
w_foot = 0.285
h_foot = w_foot * H / ((f_foot - f_full) * W)
win.AddRenderer(renderer((f_full, 0, f_foot, 1), (0.134 - w_foot / 2, 0.134 + w_foot / 2),
                         (-0.012, -0.012 + h_foot),
                         "foot close-up (x anterior, y up, ground y = 0)"))
leg = vtk.vtkLegendBoxActor()
leg.SetNumberOfEntries(len(present))
leg.ScalarVisibilityOn()
for k, i in enumerate(present):
    sym = vtk.vtkPlaneSource()
    sym.Update()
    sq = vtk.vtkPolyData()
    sq.DeepCopy(sym.GetOutput())
    col = vtk.vtkUnsignedCharArray()
    col.SetNumberOfComponents(3)
    col.InsertNextTuple3(*(int(255 * x) for x in COLOURS.get(i, (0.5, 0.5, 0.5))))
    sq.GetCellData().SetScalars(col)
    leg.SetEntry(k, sq, f"{i} {NAMES.get(i, '?')}", (0, 0, 0))
leg.GetPositionCoordinate().SetCoordinateSystemToNormalizedViewport()
leg.GetPositionCoordinate().SetValue(0.05, 0.1)
leg.GetPosition2Coordinate().SetCoordinateSystemToNormalizedViewport()
leg.GetPosition2Coordinate().SetValue(0.9, 0.85)
leg.GetEntryTextProperty().SetColor(0, 0, 0)
leg.BorderOff()
lr = vtk.vtkRenderer()
lr.SetBackground(1, 1, 1)
lr.SetViewport(f_foot, 0, 1, 1)
lr.AddActor2D(leg)
win.AddRenderer(lr)
win.Render()
w2i = vtk.vtkWindowToImageFilter()
w2i.SetInput(win)
w2i.Update()
png = vtk.vtkPNGWriter()
png.SetFileName(out)
png.SetInputConnection(w2i.GetOutputPort())
png.Write()
print("wrote", out, "regions", present)
