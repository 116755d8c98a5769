"""Reading run folders and batch manifests: pure Python on h5py and numpy.

Nothing here needs the compiled module, so results can be read on any machine
with python3-h5py (and on the same folders the command line writes):

    import plantarfe
    run = plantarfe.open_run("results/quiet_standing_2d")
    run.metrics["fascia_tension"].value        # N
    mesh = run.mesh()                          # points, cells, region ids
    stress = run.field("von_mises")            # last load step, one per cell
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import NamedTuple

from .errors import ResultsError

__all__ = ["Metric", "Mesh", "Run", "Manifest", "open_run", "read_manifest", "flatten_reference"]


class Metric(NamedTuple):
    """One summary metric of a run (summary.json)."""

    value: float
    unit: str
    description: str
    mesh_dependent: bool


def _np():
    # numpy (and h5py) are imported when arrays are first asked for: they
    # cost 0.1-0.2 s, more than the whole Python overhead of a run may.
    import numpy

    return numpy


class Mesh(NamedTuple):
    """The mesh of a run (results.h5 /mesh): coordinates in metres, each cell
    as its point indices (4 for quadrilaterals, 8 for hexahedra), each cell's
    region id, and the name of every id (docs/model.md describes the
    regions; empty for files written before names were stored)."""

    points: "numpy.ndarray"
    cells: "numpy.ndarray"
    region: "numpy.ndarray"
    region_names: dict

    def cells_in(self, *names):
        """A boolean mask of the cells in the named regions, e.g.
        mesh.cells_in("fascia", "fascia_insertion")."""
        unknown = [n for n in names if n not in self.region_names.values()]
        if unknown:
            raise ResultsError(f"no region named {', '.join(unknown)} "
                               f"(regions: {', '.join(sorted(self.region_names.values()))})")
        ids = [i for i, n in self.region_names.items() if n in names]
        return _np().isin(self.region, ids)


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def _read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise ResultsError(f"{path}: no such file") from None
    except (OSError, ValueError) as e:
        raise ResultsError(f"{path}: unreadable ({e})") from None


class Run:
    """A finished (or failed) run folder, read without running anything.

    status, ok and message come from status.json; metrics, convergence,
    provenance and model notes from summary.json; mesh, fields, the per-step
    metric history and the scenario text from results.h5 (opened per call,
    so a Run holds no file open).
    """

    def __init__(self, folder):
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise ResultsError(f"{self.folder}: no such run folder")
        status = _read_json(self.folder / "status.json")
        self.status = status.get("status", "unknown")
        self.ok = self.status == "ok"
        self.message = status.get("message", "")
        summary_path = self.folder / "summary.json"
        summary = _read_json(summary_path) if summary_path.exists() else {}
        self.metrics = {
            name: Metric(float(m.get("value", math.nan)), m.get("unit", ""),
                         m.get("description", ""), bool(m.get("mesh_dependent", False)))
            for name, m in summary.get("metrics", {}).items()
        }
        self.convergence = summary.get("convergence", {})
        self.provenance = summary.get("provenance", {})
        self.model = summary.get("model", {})
        self.timing = summary.get("timing_s", {})
        self.dimension = summary.get("dimension")
        self.dofs = summary.get("dofs")

    def __repr__(self):
        return f"Run({str(self.folder)!r}, status={self.status!r}, {len(self.metrics)} metrics)"

    # -- results.h5 ---------------------------------------------------------
    def _h5(self):
        import h5py

        path = self.folder / "results.h5"
        try:
            return h5py.File(path, "r")
        except FileNotFoundError:
            raise ResultsError(f"{path}: no such file (the run wrote no results)") from None
        except OSError as e:
            raise ResultsError(f"{path}: unreadable ({e})") from None

    @property
    def steps(self):
        """The load steps stored, in order ("0001", "0002", ...)."""
        with self._h5() as f:
            return sorted(f["steps"].keys()) if "steps" in f else []

    def _step(self, f, step):
        names = sorted(f["steps"].keys()) if "steps" in f else []
        if not names:
            raise ResultsError(f"{self.folder}: results.h5 holds no load step")
        if isinstance(step, str):
            if step not in names:
                raise ResultsError(f"{self.folder}: no load step {step!r} (steps {names[0]}..{names[-1]})")
            return f["steps"][step]
        try:
            return f["steps"][names[step]]
        except IndexError:
            raise ResultsError(f"{self.folder}: no load step {step} ({len(names)} stored)") from None

    @property
    def load_fractions(self):
        """Load fraction of every stored step."""
        return self.metric_history("load_fraction")

    def mesh(self):
        """The reference mesh (Mesh: points, cells, region)."""
        with self._h5() as f:
            region = f["mesh/region"]
            names = {}
            for line in _text(region.attrs.get("names", "")).splitlines():
                key, _, name = line.partition(" ")
                names[int(key)] = name
            return Mesh(f["mesh/points"][...], f["mesh/cells"][...], region[...], names)

    def fields(self, step=-1):
        """Names of the fields stored at @p step (index into steps, or a
        step name such as "0003")."""
        with self._h5() as f:
            return sorted(self._step(f, step).keys())

    def field(self, name, step=-1):
        """One field at @p step as a numpy array: one row per point (e.g.
        displacement, in m, shape (n, 3)) or per cell (stresses in Pa)."""
        with self._h5() as f:
            group = self._step(f, step)
            if name not in group:
                raise ResultsError(
                    f"{self.folder}: no field {name!r} at step {group.name.rsplit('/', 1)[-1]} "
                    f"(fields: {', '.join(sorted(group.keys()))})")
            return group[name][...]

    def field_unit(self, name, step=-1):
        """The unit results.h5 records for a field ("" if none)."""
        with self._h5() as f:
            return _text(self._step(f, step)[name].attrs.get("units", ""))

    def metric_history(self, name):
        """A metric at every stored step (results.h5 /metrics)."""
        with self._h5() as f:
            if "metrics" not in f or name not in f["metrics"]:
                raise ResultsError(f"{self.folder}: no metric history {name!r}")
            return f["metrics"][name][...]

    @property
    def scenario_text(self):
        """The scenario as run (results.h5 /scenario/input)."""
        with self._h5() as f:
            return _text(f["scenario/input"][()])

    @property
    def parameters(self):
        """Every entry of the scenario as run (path -> value text)."""
        with self._h5() as f:
            tree = json.loads(_text(f["scenario/parameters_json"][()]))

        return {path: node["value"] for path, node in flatten_reference(tree).items()}


def flatten_reference(tree):
    """deal.II's JSON form of the scenario entries (plantarfe params --json,
    results.h5 /scenario/parameters_json) as {"Section/Entry": node}, where
    node holds value, default_value, documentation, pattern_description."""
    flat = {}

    def walk(node, prefix):
        for key, value in node.items():
            if not isinstance(value, dict):
                continue
            path = f"{prefix}/{key}" if prefix else key
            if "value" in value and "documentation" in value:
                flat[path] = value
            else:
                walk(value, path)

    walk(tree, "")
    return flat


def open_run(folder):
    """The run in @p folder (a Run), without running anything."""
    return Run(folder)


def _number(text):
    try:
        return float(text)
    except ValueError:
        return text


def _split_unit(header):
    """'fascia_tension [N]' -> ('fascia_tension', 'N')."""
    if header.endswith("]") and " [" in header:
        name, unit = header[:-1].rsplit(" [", 1)
        return name, unit
    return header, ""


class Manifest:
    """A batch or sweep manifest (manifest.csv) as records.

    records: one dict per run, keyed by column name without its unit
    (name, scenario, each swept entry path, status, each metric, wall_time,
    folder, input_hash, message); numbers are floats. units: column -> unit.
    """

    def __init__(self, path):
        path = Path(path)
        if path.is_dir():
            path = path / "manifest.csv"
        self.path = path
        try:
            with open(path, newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
        except FileNotFoundError:
            raise ResultsError(f"{path}: no such manifest") from None
        except OSError as e:
            raise ResultsError(f"{path}: unreadable ({e})") from None
        if not rows:
            raise ResultsError(f"{path}: empty manifest")
        header = [_split_unit(h) for h in rows[0]]
        self.columns = [name for name, _ in header]
        self.units = {name: unit for name, unit in header if unit}
        text_columns = {"name", "scenario", "status", "folder", "input_hash", "message"}
        self.records = []
        for row in rows[1:]:
            record = {}
            for (name, _), cell in zip(header, row):
                record[name] = cell if name in text_columns or cell == "" else _number(cell)
            self.records.append(record)

    def __len__(self):
        return len(self.records)

    def __iter__(self):
        return iter(self.records)

    def __getitem__(self, i):
        return self.records[i]

    def __repr__(self):
        ok = sum(r.get("status") == "ok" for r in self.records)
        return f"Manifest({str(self.path)!r}, {len(self)} runs, {ok} ok)"

    def column(self, name):
        """One column as a numpy array (float where every cell is a number
        or empty, else strings)."""
        np = _np()
        values = [r.get(name, "") for r in self.records]
        if all(isinstance(v, float) or v == "" for v in values):
            return np.array([math.nan if v == "" else v for v in values])
        return np.array([str(v) for v in values])

    def to_numpy(self):
        """The manifest as a numpy structured array (field names are the
        column names)."""
        np = _np()
        columns = [self.column(c) for c in self.columns]
        dtype = [(c, a.dtype if a.dtype.kind == "f" else object) for c, a in zip(self.columns, columns)]
        out = np.empty(len(self.records), dtype=dtype)
        for c, a in zip(self.columns, columns):
            out[c] = a
        return out

    def to_pandas(self):
        """The manifest as a pandas DataFrame (needs pandas)."""
        import pandas

        return pandas.DataFrame.from_records(self.records, columns=self.columns)

    def run(self, name):
        """The Run of the row named @p name."""
        for r in self.records:
            if r["name"] == name:
                folder = Path(r["folder"])
                if not folder.is_absolute():
                    folder = self.path.parent / folder
                return Run(folder)
        raise ResultsError(f"{self.path}: no run named {name!r}")


def read_manifest(path):
    """The Manifest in @p path (manifest.csv, or the batch folder)."""
    return Manifest(path)
