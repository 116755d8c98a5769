#!/usr/bin/env python3
"""Open PlantarFE result files with ParaView's own readers (headless) and
compare what ParaView sees with results.h5.

Run with pvpython, or with python3 and PYTHONPATH pointing at ParaView's
Python modules (see tests/paraview/CMakeLists.txt for why). Needs h5py and
numpy in the same interpreter (python3-h5py, python3-numpy).

Usage: check_paraview.py RUN_DIR [RUN_DIR ...]

Checks per run folder:
  results.xdmf (opened with OpenDataFile, i.e. the reader ParaView's GUI
  picks for .xdmf):
    - the time axis (TimestepValues) equals the load fractions of the steps
      in results.h5, in order;
    - at every step, every array of the XDMF (region + every field of the
      step group) exists with the right number of components and of tuples
      (points or cells, from the `center` attribute);
    - at every step, the values equal results.h5 to 1e-12 relative (all
      arrays, fully: the files are small). Connectivity and points are
      compared too (cell types, point coordinates).
  solution.pvd:
    - the time axis equals the load fractions of results.h5;
    - the point arrays are exactly displacement (3 comp.), cauchy_stress
      (9), von_mises, J, region (deal.II writes cell data as patch point
      data);
    - displacement agrees with results.h5 at coincident points (VTU stores
      Float32, so 1e-6 relative to the largest displacement);
    - von_mises in the VTU equals the von Mises stress recomputed from the
      VTU's own Cauchy tensor (and stress_zz in 2D) at every point. The VTU
      and HDF5 stresses are different samplings of the same field (patch
      points vs cell averages; at the clamped corners of Cook's membrane the
      point values are several times the cell averages), so they are not
      compared with each other.
"""
import os
import sys

try:
    import h5py
    import numpy as np
except ImportError as e:  # pragma: no cover
    print(f"ERROR: this interpreter ({sys.executable}) cannot import h5py/numpy: {e}")
    sys.exit(1)

from paraview import servermanager as sm
from paraview.simple import Delete, OpenDataFile
from vtkmodules.util.numpy_support import vtk_to_numpy

errors = []


def fail(msg):
    errors.append(msg)
    print("ERROR:", msg)


def relerr(a, b):
    scale = max(np.max(np.abs(b)) if b.size else 0.0, 1e-300)
    return float(np.max(np.abs(a - b)) / scale) if a.size else 0.0


def timesteps(reader):
    """TimestepValues as a list of floats (a property; one value may be a scalar)."""
    values = reader.TimestepValues
    if values is None:
        return []
    try:
        return [float(v) for v in values]
    except TypeError:
        return [float(values)]


def unstructured(data):
    """The XDMF readers output a multiblock or a dataset; return the grid."""
    if data.IsA("vtkMultiBlockDataSet") or data.IsA("vtkCompositeDataSet"):
        it = data.NewIterator()
        it.InitTraversal()
        blocks = []
        while not it.IsDoneWithTraversal():
            blocks.append(it.GetCurrentDataObject())
            it.GoToNextItem()
        if len(blocks) != 1:
            raise RuntimeError(f"expected one block, got {len(blocks)}")
        return blocks[0]
    return data


def read_h5(run_dir):
    out = {"steps": []}
    with h5py.File(os.path.join(run_dir, "results.h5"), "r") as f:
        out["points"] = f["mesh/points"][:]
        out["cells"] = f["mesh/cells"][:].astype(np.int64)
        out["region"] = f["mesh/region"][:]
        out["dim"] = int(f["mesh"].attrs["dim"])
        for name in sorted(f["steps"].keys()):
            g = f["steps"][name]
            fields = {}
            for fname, ds in g.items():
                center = ds.attrs["center"]
                center = center.decode() if isinstance(center, bytes) else str(center)
                fields[fname] = (ds[:], center)
            out["steps"].append((name, float(g.attrs["load_fraction"]), fields))
    return out


def check_xdmf(run_dir, h5):
    path = os.path.join(run_dir, "results.xdmf")
    reader = OpenDataFile(path)
    if reader is None:
        fail(f"{path}: OpenDataFile found no reader")
        return
    print(f"{path}: reader {reader.GetXMLName()}")
    times = timesteps(reader)
    expected = [lf for _, lf, _ in h5["steps"]]
    if len(times) != len(expected) or not np.allclose(times, expected, rtol=0, atol=1e-15):
        fail(f"{path}: TimestepValues {times} != load fractions {expected}")
    n_points, n_cells = len(h5["points"]), len(h5["cells"])
    for (step, lf, fields) in h5["steps"]:
        reader.UpdatePipeline(lf)
        grid = unstructured(sm.Fetch(reader))
        where = f"{path} t={lf} ({step})"
        if grid.GetNumberOfPoints() != n_points or grid.GetNumberOfCells() != n_cells:
            fail(f"{where}: {grid.GetNumberOfPoints()} points / {grid.GetNumberOfCells()} "
                 f"cells, expected {n_points} / {n_cells}")
            continue
        pts = vtk_to_numpy(grid.GetPoints().GetData())
        if relerr(pts, h5["points"]) > 1e-12:
            fail(f"{where}: point coordinates differ from /mesh/points")
        vtk_type = 9 if h5["dim"] == 2 else 12  # VTK_QUAD / VTK_HEXAHEDRON
        conn = np.array([[grid.GetCell(c).GetPointId(k)
                          for k in range(grid.GetCell(c).GetNumberOfPoints())]
                         for c in range(n_cells)])
        if any(grid.GetCellType(c) != vtk_type for c in range(n_cells)):
            fail(f"{where}: cell types are not {vtk_type}")
        if conn.shape != h5["cells"].shape or not np.array_equal(conn, h5["cells"]):
            fail(f"{where}: connectivity differs from /mesh/cells")
        arrays = dict(fields)
        arrays["region"] = (h5["region"], "Cell")
        for name, (values, center) in sorted(arrays.items()):
            data = grid.GetCellData() if center == "Cell" else grid.GetPointData()
            arr = data.GetArray(name)
            rows = n_cells if center == "Cell" else n_points
            comps = 1 if values.ndim == 1 else values.shape[1]
            if arr is None:
                fail(f"{where}: array {name} ({center}) missing")
                continue
            if arr.GetNumberOfComponents() != comps or arr.GetNumberOfTuples() != rows:
                fail(f"{where}: {name} has {arr.GetNumberOfTuples()}x{arr.GetNumberOfComponents()}"
                     f", expected {rows}x{comps}")
                continue
            got = vtk_to_numpy(arr).astype(np.float64).reshape(values.shape)
            err = relerr(got, values.astype(np.float64))
            if err > 1e-12:
                fail(f"{where}: {name} differs from results.h5 (rel. {err:.3g})")
        print(f"  {step} t={lf}: {len(arrays)} arrays checked")
    Delete(reader)


def check_pvd(run_dir, h5):
    path = os.path.join(run_dir, "solution.pvd")
    reader = OpenDataFile(path)
    if reader is None:
        fail(f"{path}: OpenDataFile found no reader")
        return
    print(f"{path}: reader {reader.GetXMLName()}")
    times = timesteps(reader)
    expected = [lf for _, lf, _ in h5["steps"]]
    if len(times) != len(expected) or not np.allclose(times, expected, rtol=0, atol=1e-12):
        fail(f"{path}: TimestepValues {times} != HDF5 load fractions {expected}")
    step, lf, fields = h5["steps"][-1]
    reader.UpdatePipeline(lf)
    grid = unstructured(sm.Fetch(reader))
    where = f"{path} t={lf}"
    n_errors = len(errors)
    # deal.II's DataOut writes everything as point data of the patches,
    # including the per-cell `region` vector (constant on each patch).
    want = {"displacement": 3, "cauchy_stress": 9, "von_mises": 1, "J": 1, "region": 1}
    # Plane strain: the VTU tensor is the in-plane 2x2 part (padded to 3x3
    # by the writer) and sigma_zz is its own scalar.
    if h5["dim"] == 2:
        want["stress_zz"] = 1
    point_data = grid.GetPointData()
    names = [point_data.GetArrayName(i) for i in range(point_data.GetNumberOfArrays())]
    for name, comps in want.items():
        arr = point_data.GetArray(name)
        if arr is None:
            fail(f"{where}: point array {name} missing (arrays: {names})")
        elif arr.GetNumberOfComponents() != comps:
            fail(f"{where}: {name} has {arr.GetNumberOfComponents()} components, expected {comps}")
    if sorted(names) != sorted(want):
        fail(f"{where}: point arrays {names}, expected exactly {sorted(want)}")
    if len(errors) > n_errors:
        return
    # Displacement at points that coincide with mesh vertices of results.h5
    # (VTU patches duplicate vertices per cell and add higher-order support
    # points; those without an HDF5 twin are skipped).
    # VTU coordinates are Float32, so points are matched by distance
    # (1e-6 of the model size), not by exact equality.
    h5_disp = fields["displacement"][0]
    h5_pts = h5["points"]
    vtu_pts = vtk_to_numpy(grid.GetPoints().GetData()).astype(np.float64)
    vtu_disp = vtk_to_numpy(grid.GetPointData().GetArray("displacement")).astype(np.float64)
    tol = 1e-6 * float(np.max(np.ptp(h5_pts, axis=0)))
    scale = max(float(np.max(np.abs(h5_disp))), 1e-300)
    matched = 0
    missing = 0
    worst = 0.0
    for i, p in enumerate(h5_pts):
        near = np.linalg.norm(vtu_pts - p, axis=1) <= tol
        if not near.any():
            missing += 1
            continue
        matched += int(near.sum())
        worst = max(worst, float(np.max(np.abs(vtu_disp[near] - h5_disp[i]))) / scale)
    if missing:
        fail(f"{where}: {missing} of {len(h5_pts)} HDF5 points have no VTU point within {tol:.2g}")
    # Float32 storage: ~6e-8 relative rounding of the values, plus the
    # displacement is continuous, so every copy of a vertex carries the same value.
    if worst > 1e-6:
        fail(f"{where}: displacement differs from results.h5 by {worst:.3g} (relative)")
    vm_vtu = vtk_to_numpy(grid.GetPointData().GetArray("von_mises")).astype(np.float64)
    sig = vtk_to_numpy(grid.GetPointData().GetArray("cauchy_stress")).astype(np.float64)
    sig = sig.reshape(-1, 3, 3)
    if h5["dim"] == 2:
        # the writer pads the in-plane 2x2 tensor; sigma_zz is separate
        sig[:, 2, 2] = vtk_to_numpy(grid.GetPointData().GetArray("stress_zz")).astype(np.float64)
    dev = sig - np.trace(sig, axis1=1, axis2=2)[:, None, None] * np.eye(3) / 3.0
    vm_check = np.sqrt(1.5 * np.einsum("nij,nij->n", dev, dev))
    # Float32 storage (eps 6e-8) of the tensor: the deviator loses digits
    # relative to the largest stress component (nearly incompressible
    # tissue: pressure >> deviatoric stress), so the bound scales with it.
    vm_err = float(np.max(np.abs(vm_check - vm_vtu)) / max(np.max(np.abs(sig)), 1e-300))
    if vm_err > 1e-6:
        fail(f"{where}: von_mises differs from the VTU Cauchy stress by {vm_err:.3g} of max |sigma|")
    print(f"  displacement: {matched} coincident points, max rel. diff {worst:.2e}; "
          f"von_mises vs Cauchy tensor: {vm_err:.2e}")
    Delete(reader)


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    for run_dir in argv[1:]:
        h5 = read_h5(run_dir)
        check_xdmf(run_dir, h5)
        check_pvd(run_dir, h5)
    print(f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
