"""The exceptions of the plantarfe package.

Every error carries the command line's one-line message. A ScenarioError also
names, where the message does, the scenario file, the line and the entry it is
about (the message starts "file:line: Section/Entry: ...").
"""

import re

__all__ = ["PlantarFEError", "ScenarioError", "SolverError", "ResultsError"]


class PlantarFEError(Exception):
    """Base class of the package's errors."""


# "scenario.prm:6: Stance/Ankle dorsiflexion: 20 degrees is beyond ..."; the
# entry part is a Section/Entry path (no ': ' inside).
_LOCATED = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+): (?:(?P<entry>[A-Za-z][^:\n]*/[^:\n]+): )?")
# '--set "Stance/Ground friction=none": ...'
_SET = re.compile(r'^--set "(?P<entry>[^="]+)=')


class ScenarioError(PlantarFEError, ValueError):
    """Bad input: a scenario, an override or an option (the CLI's exit 2).

    Attributes: message (str), file (str or None), line (int or None),
    entry (str or None, a "Section/Entry" path).
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message
        self.file = None
        self.line = None
        self.entry = None
        located = _LOCATED.match(message)
        if located:
            self.file = located.group("file")
            self.line = int(located.group("line"))
            self.entry = located.group("entry")
        else:
            override = _SET.match(message)
            if override:
                self.entry = override.group("entry").strip()


class SolverError(PlantarFEError, RuntimeError):
    """A solve that failed in a way the run could not record (the CLI's exit 1)."""


class ResultsError(PlantarFEError, OSError):
    """A run folder, results file or manifest that is missing or unreadable."""
