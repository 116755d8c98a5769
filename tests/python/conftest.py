"""Fixtures of the Python-module tests: the executable and the scenario
folder (from CTest's environment), and a scratch folder per test."""

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def executable():
    return os.environ["PLANTARFE_EXECUTABLE"]


@pytest.fixture(scope="session")
def block_scenario():
    """A tiny 2D block with a Sweep section (tests/batch/block_sweep.prm)."""
    return Path(__file__).resolve().parent.parent / "batch" / "block_sweep.prm"
