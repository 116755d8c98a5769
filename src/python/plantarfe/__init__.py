"""PlantarFE from Python (docs/python.md).

Reading results needs only h5py and numpy:
    plantarfe.open_run(folder), plantarfe.read_manifest(path)
Running needs the compiled module (built with the executable):
    plantarfe.Scenario(path), plantarfe.run, plantarfe.batch, plantarfe.sweep,
    plantarfe.entries()
"""

import atexit as _atexit

from .errors import PlantarFEError, ResultsError, ScenarioError, SolverError
from .results import Manifest, Mesh, Metric, Run, open_run, read_manifest
from .api import Entry, Scenario, batch, entries, run, sweep

__all__ = [
    "PlantarFEError", "ScenarioError", "SolverError", "ResultsError",
    "Run", "Mesh", "Metric", "Manifest", "open_run", "read_manifest",
    "Entry", "Scenario", "entries", "run", "batch", "sweep",
]

try:
    from . import _plantarfe
    from . import _paths

    # batch and sweep start the plantarfe executable for each run.
    _plantarfe.set_executable(_paths.EXECUTABLE)
    _atexit.register(_plantarfe.finalize)
    __version__ = _plantarfe.version
except ImportError:
    # The reader works without the compiled module; api._core() explains
    # what is missing when something needs it.
    __version__ = "unknown"
