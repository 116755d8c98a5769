"""Scenarios, runs, batches and sweeps through the compiled module.

Every function here calls the C++ code the command line calls (src/python/
bindings.cc): the same checks, the same solver, the same run folders. The
results are read back with plantarfe.results.
"""

import json
from pathlib import Path
from typing import NamedTuple

from .errors import PlantarFEError
from .results import Manifest, Run, flatten_reference

__all__ = ["Entry", "Scenario", "entries", "run", "batch", "sweep"]


def _core():
    try:
        from . import _plantarfe
    except ImportError as e:
        raise ImportError(
            "plantarfe's compiled module is not built or not importable "
            f"({e}); reading results needs only plantarfe.open_run / "
            "read_manifest. Build it with scripts/build (pybind11-dev) and "
            "set PYTHONPATH=<build>/python (docs/python.md).") from None
    return _plantarfe


def _value_text(value):
    """A Python value as scenario text: True -> true, [1, 2] -> "1, 2"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(_value_text(v) for v in value)
    return str(value)


def _value_list(values):
    """One Sweep/Values list: values separated by ',', a value that is itself
    a list in braces ([0.1, [1, 2]] -> "0.1, {1, 2}")."""
    return ", ".join("{" + _value_text(v) + "}" if isinstance(v, (list, tuple)) else _value_text(v)
                     for v in values)


def _assignments(overrides):
    return [f"{path}={_value_text(value)}" for path, value in (overrides or {}).items()]


class Entry(NamedTuple):
    """One documented scenario entry (plantarfe params)."""

    path: str
    default: str
    pattern: str
    documentation: str
    unit: str


def entries():
    """Every documented scenario entry, in declaration order."""
    text, units = _core().reference()
    return [
        Entry(path, node.get("default_value", ""), node.get("pattern_description", ""),
              node.get("documentation", ""), units.get(path, ""))
        for path, node in flatten_reference(json.loads(text)).items()
    ]


class Scenario:
    """A scenario file with entries overridden by path:

        s = plantarfe.Scenario("scenarios/stance/midstance_2d.prm")
        s["Subject/Calf/Dorsiflexion range"] = 10
        s.validate()          # raises ScenarioError naming file, line, entry
        r = s.run("results/midstance_tight")
    """

    def __init__(self, path, overrides=None):
        self.path = str(path)
        self.overrides = dict(overrides or {})

    def __repr__(self):
        return f"Scenario({self.path!r}, overrides={self.overrides!r})"

    def __setitem__(self, entry, value):
        self.overrides[entry] = value

    def set(self, entry, value):
        """Overrides @p entry ("Section/Sub/Entry"); returns the scenario."""
        self.overrides[entry] = value
        return self

    def validate(self):
        """Reads and checks the scenario as a run would before meshing;
        returns every entry's value (path -> text)."""
        return dict(_core().validate(self.path, _assignments(self.overrides)))

    def run(self, output=None):
        """Runs it into @p output (default results/<file stem>); a Run."""
        return run(self.path, output, self.overrides)

    def sweep(self, over=None, output=None, jobs=1, mode="auto", labels=None, force=False):
        """Runs a sweep of this scenario (see plantarfe.sweep)."""
        return sweep(self.path, over, output, jobs, mode, labels, self.overrides, force)


def run(scenario, output=None, overrides=None):
    """Runs one scenario file into the folder @p output (default
    results/<file stem>, as `plantarfe run`), with @p overrides
    ({"Section/Entry": value}), and returns its Run. A run that did not
    converge returns too (run.ok is False, run.message says why): it is read
    from <output>.incomplete, where the CLI keeps such a run (an earlier
    complete result in <output> stays untouched). Bad input raises
    ScenarioError before anything is written."""
    scenario = str(scenario)
    if output is None:
        output = Path("results") / Path(scenario).stem
    code = _core().run(scenario, str(output), _assignments(overrides))
    return Run(output if code == 0 else f"{output}.incomplete")


def _finish_batch(code, output):
    if code == 130:
        raise KeyboardInterrupt("batch stopped; completed runs are kept")
    if code in (1, 2):
        raise PlantarFEError(f"batch failed (exit {code}); see its messages on stderr")
    return Manifest(Path(output) / "manifest.csv")


def batch(patterns, output="results", jobs=1, overrides=None, force=False):
    """`plantarfe batch`: every scenario file (or glob) in @p patterns, with
    their sweeps, checked first (ScenarioError lists every input error) and
    run @p jobs at a time into @p output; runs already done for the same
    input are kept unless @p force. Returns the Manifest (failed runs are
    rows with their status, not exceptions)."""
    if isinstance(patterns, (str, Path)):
        patterns = [patterns]
    code = _core().batch("batch", [str(p) for p in patterns], str(output), int(jobs),
                         _assignments(overrides), bool(force))
    return _finish_batch(code, output)


def sweep(scenario, over=None, output=None, jobs=1, mode="auto", labels=None, overrides=None,
          force=False):
    """`plantarfe sweep`: the runs of one scenario over @p over
    ({"Section/Entry": [values]}; None = the file's own Sweep section),
    combined by @p mode (grid, zip, auto), named with @p labels (one short
    name per entry). Output defaults to results/<file stem>. Returns the
    Manifest."""
    scenario = str(scenario)
    if output is None:
        output = Path("results") / Path(scenario).stem
    settings = dict(overrides or {})
    if over:
        settings["Sweep/Parameters"] = "; ".join(over.keys())
        settings["Sweep/Values"] = "; ".join(_value_list(values) for values in over.values())
        settings["Sweep/Mode"] = mode
        if labels:
            settings["Sweep/Labels"] = "; ".join(labels)
    code = _core().batch("sweep", [scenario], str(output), int(jobs), _assignments(settings),
                         bool(force))
    return _finish_batch(code, output)
