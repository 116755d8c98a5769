#!/usr/bin/env python3
"""Runs a massage scenario and checks its results: converged, the tool force
equals the applied load at every step (relative 1e-6), the expected number of
load steps in steps.csv and results.h5, and for a roll the contact centre
moving towards the toes. Usage: check_massage_run.py EXE SCENARIO OUT MIN_STEPS
KIND [Section/Entry=value ...]"""
import csv
import json
import os
import shutil
import subprocess
import sys

exe, scenario, out, steps, kind = sys.argv[1:6]


def summary_model(folder):
    return json.load(open(os.path.join(folder, "summary.json")))["model"]


sets = sys.argv[6:]
shutil.rmtree(out, ignore_errors=True)
cmd = [exe, "run", scenario, "-o", out, "--set", "Output/Write VTU=false"]
for s in sets:
    cmd += ["--set", s]
r = subprocess.run(cmd, capture_output=True, text=True)
sys.stderr.write(r.stderr)
assert r.returncode == 0, f"exit code {r.returncode}"
status = json.load(open(os.path.join(out, "status.json")))
assert status["status"] == "ok", status
rows = list(csv.DictReader(open(os.path.join(out, "steps.csv"))))
# Cut-backs may add steps, never remove one.
assert len(rows) >= int(steps), f"{len(rows)} steps, expected at least {steps}"
for row in rows:
    err = float(row["tool_force_balance_error (-)"])
    assert abs(err) < 1e-6, f"force balance {err} at load {row['load_fraction']}"
    print(f"load {row['load_fraction']}: tool force {row['tool_force_along_load (N)']} N, "
          f"balance error {err:.2e}, contact x {row['tool_contact_x (mm)']} mm")
if kind == "roll":
    press = float(summary_model(out)["massage_press_load_fraction"])
    x = [float(r["tool_contact_x (mm)"]) for r in rows
         if float(r["load_fraction"]) >= press - 1e-9]
    assert len(x) >= 2, x
    assert all(b > a for a, b in zip(x, x[1:])), f"contact does not move forward: {x}"
summary = json.load(open(os.path.join(out, "summary.json")))
for name in ("tool_peak_pressure", "heel_attachment_fibre_stress_delta",
             "heel_attachment_peak_von_mises_delta"):
    assert name in summary["metrics"], f"missing metric {name}"
# Peaks are flagged as mesh-dependent, section and mean values are not.
for name, flag in (("tool_peak_pressure", True),
                   ("heel_attachment_peak_von_mises_delta", True),
                   ("heel_attachment_fibre_stress_delta", False)):
    got = summary["metrics"][name].get("mesh_dependent")
    assert got is flag, f"{name}: mesh_dependent {got}, expected {flag}"
try:
    import h5py
    with h5py.File(os.path.join(out, "results.h5"), "r") as f:
        n = len([k for k in f["steps"].keys()]) if "steps" in f else None
        if n is not None:
            assert n == len(rows), f"results.h5 has {n} steps, steps.csv {len(rows)}"
except ImportError:
    pass
print("ok")
