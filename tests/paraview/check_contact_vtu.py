#!/usr/bin/env python3
"""The contact_pressure point field of a VTU file, read with VTK's own XML
reader, follows the penalty law on the contact plane z = 0 and is 0 elsewhere.

The file comes from the unit test ContactPressure.RunFolder (a block resting on
the rigid plane z = 0), which writes contact.vtu and penalty.txt (the penalty
in Pa/m) into the folder given. At every output point on z = 0 the pressure
must be penalty * max(0, -u_z) (the gap of the deformed point is z + u_z);
off the plane it must be 0.

Usage: check_contact_vtu.py FOLDER
"""
import os
import sys

from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkIOXML import vtkXMLUnstructuredGridReader


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    folder = argv[1]
    penalty = float(open(os.path.join(folder, "penalty.txt")).read())
    reader = vtkXMLUnstructuredGridReader()
    reader.SetFileName(os.path.join(folder, "contact.vtu"))
    reader.Update()
    grid = reader.GetOutput()
    data = grid.GetPointData()
    errors = []
    for name in ("displacement", "contact_pressure"):
        if data.GetArray(name) is None:
            errors.append(f"no point array {name}")
    if errors:
        for e in errors:
            print("ERROR:", e)
        return 1
    x = vtk_to_numpy(grid.GetPoints().GetData())
    u = vtk_to_numpy(data.GetArray("displacement"))
    p = vtk_to_numpy(data.GetArray("contact_pressure"))
    scale = penalty * abs(x[:, 2]).max()
    on_plane = abs(x[:, 2]) <= 1e-12 * abs(x[:, 2]).max()
    expected = (penalty * (-u[:, 2]).clip(min=0)) * on_plane
    worst = abs(p - expected).max()
    if worst > 1e-9 * scale:
        i = abs(p - expected).argmax()
        errors.append(f"point {i} at {x[i]}: contact_pressure {p[i]}, expected {expected[i]}")
    if not (p[on_plane] > 0).any():
        errors.append("no point in contact")
    if (p[~on_plane] != 0).any():
        errors.append("non-zero contact_pressure off the contact plane")
    print(f"{len(p)} points, {on_plane.sum()} on the contact plane, "
          f"{(p > 0).sum()} in contact, max {p.max():.6g} Pa, "
          f"largest deviation from the penalty law {worst:.3g} Pa")
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
