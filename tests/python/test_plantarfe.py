"""The Python module against the command line and the files (issue #18):
results read back equal what h5py reads from results.h5; an override moves a
result as the CLI's --set does; bad input raises the package's exceptions
(never a crash); a sweep from Python equals the same sweep from the CLI."""

import json
import subprocess

import h5py
import numpy as np
import pytest

import plantarfe

SINGLE = {"Sweep/Mode": "none"}


def cli(executable, *args):
    return subprocess.run([executable, *map(str, args)], capture_output=True, text=True)


def test_run_round_trips_metrics_and_fields(tmp_path, block_scenario):
    run = plantarfe.run(block_scenario, tmp_path / "r", SINGLE)
    assert run.ok and run.status == "ok"
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())
    assert set(run.metrics) == set(summary["metrics"])
    for name, metric in run.metrics.items():
        assert metric.value == summary["metrics"][name]["value"]
        assert metric.unit == summary["metrics"][name]["unit"]
    with h5py.File(tmp_path / "r" / "results.h5", "r") as f:
        last = sorted(f["steps"])[-1]
        mesh = run.mesh()
        np.testing.assert_array_equal(mesh.points, f["mesh/points"][...])
        np.testing.assert_array_equal(mesh.cells, f["mesh/cells"][...])
        np.testing.assert_array_equal(mesh.region, f["mesh/region"][...])
        assert run.fields() == sorted(f["steps"][last])
        for name in run.fields():
            np.testing.assert_array_equal(run.field(name), f["steps"][last][name][...])
        np.testing.assert_array_equal(run.metric_history("load_fraction"),
                                      f["metrics/load_fraction"][...])
    assert run.field("displacement").shape == (len(mesh.points), 3)
    assert run.field_unit("von_mises") == "Pa"
    assert run.parameters["Geometry/Box/Top pressure"] == "1e5"
    assert "Top pressure" in run.scenario_text
    assert run.convergence["newton_iterations"] >= 1
    assert run.provenance["version"] == plantarfe.__version__


def test_override_changes_the_result_as_the_cli_does(tmp_path, executable, block_scenario):
    stiff = {**SINGLE, "Material/linear elastic/Young's modulus": 700e6}
    soft = plantarfe.run(block_scenario, tmp_path / "soft", SINGLE)
    hard = plantarfe.run(block_scenario, tmp_path / "hard", stiff)
    done = cli(executable, "run", block_scenario, "-o", tmp_path / "cli",
               "--set", "Sweep/Mode=none", "--set", "Material/linear elastic/Young's modulus=700000000.0")
    assert done.returncode == 0, done.stderr
    by_cli = plantarfe.open_run(tmp_path / "cli")
    moved = [n for n in soft.metrics if soft.metrics[n].value != hard.metrics[n].value]
    assert moved, "doubling Young's modulus moved no metric"
    for name in hard.metrics:
        assert hard.metrics[name].value == by_cli.metrics[name].value, name


def test_scenario_object_validates_and_lists_entries(block_scenario):
    scenario = plantarfe.Scenario(block_scenario, SINGLE).set("Geometry/Box/Top pressure", 2e5)
    values = scenario.validate()
    assert values["Geometry/Box/Top pressure"] == "200000.0"
    entries = {e.path: e for e in plantarfe.entries()}
    assert entries["Subject/Calf/Dorsiflexion range"].unit == "degrees"
    assert entries["Solver/Load steps"].default == "4"
    assert entries["Solver/Load steps"].documentation


@pytest.mark.parametrize("overrides, entry", [
    ({"Geometry/Box/Top pressure": "soft"}, "Geometry/Box/Top pressure"),
    ({"Geometry/Box/No such entry": 1}, "Geometry/Box/No such entry"),
])
def test_bad_overrides_raise_scenario_errors_naming_the_entry(block_scenario, tmp_path, overrides,
                                                              entry):
    with pytest.raises(plantarfe.ScenarioError) as raised:
        plantarfe.run(block_scenario, tmp_path / "r", {**SINGLE, **overrides})
    assert raised.value.entry == entry
    assert isinstance(raised.value, ValueError)
    assert not (tmp_path / "r").exists()


def test_a_bad_line_is_located(tmp_path):
    bad = tmp_path / "bad.prm"
    bad.write_text("subsection Geometry\n  set Shape = box\n  set Dimension = 4\nend\n")
    with pytest.raises(plantarfe.ScenarioError) as raised:
        plantarfe.Scenario(bad).validate()
    assert raised.value.file.endswith("bad.prm")
    assert raised.value.line == 3
    assert raised.value.entry == "Geometry/Dimension"


@pytest.mark.parametrize("path", ["/nonexistent/x.prm", "/etc/hostname"])
def test_unreadable_scenarios_raise(path):
    with pytest.raises(plantarfe.ScenarioError):
        plantarfe.Scenario(path).validate()


def test_reading_what_is_not_a_run_raises_results_errors(tmp_path):
    with pytest.raises(plantarfe.ResultsError):
        plantarfe.open_run(tmp_path / "missing")
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "status.json").write_text("{not json")
    with pytest.raises(plantarfe.ResultsError):
        plantarfe.open_run(tmp_path / "half")
    with pytest.raises(plantarfe.ResultsError):
        plantarfe.read_manifest(tmp_path)


def test_sweep_equals_the_cli_sweep(tmp_path, executable, block_scenario):
    over = {"Geometry/Box/Top pressure": [1e5, 3e5], "Material/linear elastic/Young's modulus": [350e6]}
    ours = plantarfe.sweep(block_scenario, over, tmp_path / "py", jobs=2, mode="grid", labels=["p", "E"])
    done = cli(executable, "sweep", block_scenario, "-o", tmp_path / "cli", "-j", "2",
               "--set", "Sweep/Values=100000.0, 300000.0; 350000000.0")
    assert done.returncode == 0, done.stderr
    theirs = plantarfe.read_manifest(tmp_path / "cli" / "manifest.csv")
    assert len(ours) == len(theirs) == 2
    skip = {"wall_time", "folder"}
    for a, b in zip(ours, theirs):
        assert a["status"] == "ok"
        assert {k: v for k, v in a.items() if k not in skip} == \
               {k: v for k, v in b.items() if k not in skip}
    table = ours.to_numpy()
    assert table["status"].tolist() == ["ok", "ok"]
    assert ours.run(ours[0]["name"]).ok


def test_batch_refuses_bad_input_before_running(tmp_path, block_scenario):
    with pytest.raises(plantarfe.ScenarioError) as raised:
        plantarfe.batch([block_scenario, tmp_path / "none.prm"], tmp_path / "b")
    assert "none.prm" in str(raised.value)
    assert not (tmp_path / "b" / "manifest.csv").exists()


def test_the_reader_works_without_the_compiled_module(tmp_path, block_scenario):
    """open_run and read_manifest need h5py and numpy only: a copy of the
    package without _plantarfe reads a run and a manifest; running raises
    an ImportError that says what is missing."""
    import shutil
    import sys

    plantarfe.sweep(block_scenario, {"Geometry/Box/Top pressure": [1e5]}, tmp_path / "b",
                    mode="grid", labels=["p"])
    package = tmp_path / "pure" / "plantarfe"
    package.mkdir(parents=True)
    for source in sorted((__import__("pathlib").Path(plantarfe.__file__).parent).glob("*.py")):
        if source.name != "_paths.py":
            shutil.copy(source, package / source.name)
    script = (
        "import sys, plantarfe\n"
        "m = plantarfe.read_manifest(sys.argv[1])\n"
        "r = m.run(m[0]['name'])\n"
        "assert r.ok and r.field('von_mises').size > 0 and len(m.to_numpy()) == 1\n"
        "try:\n"
        "    plantarfe.entries()\n"
        "except ImportError as e:\n"
        "    assert 'compiled module' in str(e)\n"
        "else:\n"
        "    raise SystemExit('entries() ran without the module')\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "b")],
                          env={"PYTHONPATH": str(tmp_path / "pure"), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_run_that_does_not_converge_is_returned_from_its_incomplete_folder(tmp_path,
                                                                            block_scenario):
    """One Newton iteration and no cut-back cannot converge a nonlinear
    load: the Run is the .incomplete one (status not converged), and the
    earlier complete result in the folder is untouched."""
    good = plantarfe.run(block_scenario, tmp_path / "r", SINGLE)
    assert good.ok
    failing = {**SINGLE, "Material/Law": "neo-Hookean", "Geometry/Box/Top pressure": 5e7,
               "Solver/Max Newton iterations": 1, "Solver/Max cut-backs": 0}
    bad = plantarfe.run(block_scenario, tmp_path / "r", failing)
    assert not bad.ok and bad.status != "ok"
    assert bad.folder.name == "r.incomplete"
    assert bad.message
    assert plantarfe.open_run(tmp_path / "r").metrics == good.metrics


def test_mesh_regions_are_named(tmp_path, block_scenario):
    mesh = plantarfe.run(block_scenario, tmp_path / "r", SINGLE).mesh()
    assert set(mesh.region_names) == set(np.unique(mesh.region).tolist())
    assert mesh.cells_in(*mesh.region_names.values()).all()
    with pytest.raises(plantarfe.ResultsError):
        mesh.cells_in("no such region")


def test_first_load_step_starts_small_and_grows_back(tmp_path, block_scenario):
    # Solver/First load step: the first increment is that fraction of the
    # nominal one, each accepted step doubles the next up to the nominal, a
    # step that would leave at most a quarter of itself takes the rest (here
    # 0.6875 -> 1 instead of 0.9375 and a sliver of 0.0625), and the answer at
    # full load is the same.
    nominal = plantarfe.run(block_scenario, tmp_path / "nominal",
                            {**SINGLE, "Solver/Load steps": 4})
    small = plantarfe.run(block_scenario, tmp_path / "small",
                          {**SINGLE, "Solver/Load steps": 4, "Solver/First load step": 0.25})
    np.testing.assert_allclose(small.metric_history("load_fraction"),
                               [0.0625, 0.1875, 0.4375, 0.6875, 1.0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(small.field("displacement"), nominal.field("displacement"),
                               rtol=0, atol=1e-9 * np.abs(nominal.field("displacement")).max())
