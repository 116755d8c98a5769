#!/usr/bin/env python3
"""What `plantarfe run` leaves behind when writing its output goes wrong.

Usage: output_failures.py CASE EXE SCENARIO OUT

CASE is one of:
  full_disk   the output file system fills up in the middle of a run;
  unwritable  the output folder cannot be created (a path through a regular
              file; /sys, where not even root may create folders);
  kill        the run is killed with SIGKILL at several moments.

In every case: a clear one-line error (full disk, unwritable), a non-zero exit,
no truncated file under a final name anywhere (every file whose name does not
start with '.' is complete: JSON parses, CSV has its header and ends with a
newline, results.h5 opens and every dataset reads fully with the documented
shapes, results.xdmf and the VTK XML files are well-formed and name only
existing datasets/files), and an earlier complete result in the target folder
is byte-for-byte unchanged.

A full disk is simulated with a file-size limit (RLIMIT_FSIZE) and SIGXFSZ
ignored: the kernel then fails the write(2) that would exceed the limit with
EFBIG, exactly where a full disk fails it with ENOSPC; with SIGXFSZ at its
default the process would instead be killed by the signal, which is the kill
case. The limit applies per file, so different limits make different files
(results.h5 while it grows step by step, a VTU) the one that fails.
"""
import glob
import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import h5py

SMALL = ["--set", "Geometry/Cook membrane/Cells per edge=8"]
errors = []


def fail(message):
    errors.append(message)
    print("ERROR:", message, flush=True)


def run(exe, args, fsize=None, timeout=300):
    """Runs plantarfe; returns (exit code, stderr)."""

    def limit():
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    env = dict(os.environ)
    if fsize is not None:
        # Open MPI's PMIx keeps its data store in shared-memory files, which
        # the size limit would hit in MPI_Init; its hash store lives in memory.
        env["PMIX_MCA_gds"] = "hash"
    p = subprocess.run([exe] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, preexec_fn=limit, timeout=timeout, env=env)
    return p.returncode, p.stderr


def tree_hash(folder):
    """sha256 of every file below folder, by relative path."""
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
    return out


def check_h5(path):
    problems = []
    with h5py.File(path, "r") as f:
        n_points = f["mesh/points"].shape[0]
        n_cells = f["mesh/cells"].shape[0]
        f["mesh/points"][:], f["mesh/cells"][:], f["mesh/region"][:]
        for name, step in f.get("steps", {}).items():
            for field, ds in step.items():
                center = ds.attrs["center"]
                center = center.decode() if isinstance(center, bytes) else center
                rows = n_cells if center == "Cell" else n_points
                if ds.shape[0] != rows:
                    problems.append(f"{path}: /steps/{name}/{field} has {ds.shape[0]} rows, "
                                    f"expected {rows}")
                ds[()]
        for group in ("summary", "scenario", "provenance"):
            for ds in f.get(group, {}).values():
                ds[()]
    return problems


def check_xdmf(path):
    problems = []
    folder = os.path.dirname(path)
    root = ET.parse(path).getroot()
    for item in root.iter("DataItem"):
        if item.get("Format") != "HDF":
            continue
        file_name, dataset = item.text.strip().split(":", 1)
        h5 = os.path.join(folder, file_name)
        if not os.path.exists(h5):
            problems.append(f"{path} names {file_name}, which does not exist")
            continue
        with h5py.File(h5, "r") as f:
            if dataset not in f:
                problems.append(f"{path} names {dataset}, which is not in {file_name}")
            elif list(f[dataset].shape) != [int(d) for d in item.get("Dimensions").split()]:
                problems.append(f"{path}: {dataset} has shape {f[dataset].shape}, "
                                f"declared {item.get('Dimensions')}")
    return problems


def check_complete(folder):
    """Problems with the files under final names in folder (recursively)."""
    problems = []
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if name.startswith("."):
                continue  # a temporary: never a final name
            path = os.path.join(root, name)
            try:
                if name.endswith(".json"):
                    with open(path) as f:
                        json.load(f)
                elif name.endswith(".csv"):
                    text = open(path).read()
                    header = ("step,load_fraction," if name == "steps.csv" else "quantity,unit,value\n")
                    if not text.startswith(header) or not text.endswith("\n"):
                        problems.append(f"{path}: incomplete CSV")
                elif name.endswith(".h5"):
                    problems += check_h5(path)
                elif name.endswith(".xdmf"):
                    problems += check_xdmf(path)
                elif name.endswith((".vtu", ".pvtu", ".pvd")):
                    tree = ET.parse(path)
                    if name.endswith(".pvd"):
                        for ds in tree.getroot().iter("DataSet"):
                            if not os.path.exists(os.path.join(root, ds.get("file"))):
                                problems.append(f"{path} names missing {ds.get('file')}")
                else:
                    problems.append(f"{path}: unexpected file")
            except Exception as e:  # noqa: BLE001 - any failure to read is the finding
                problems.append(f"{path}: cannot be read completely ({type(e).__name__}: {e})")
    return problems


def expect_complete(folder, what):
    for p in check_complete(folder):
        fail(f"{what}: {p}")


def expect_unchanged(folder, before, what):
    after = tree_hash(folder)
    if after != before:
        changed = sorted(set(before) ^ set(after) |
                         {k for k in before if k in after and before[k] != after[k]})
        fail(f"{what}: the earlier complete result in {folder} changed: {changed}")


def expect_one_clear_error(rc, err, pattern, what):
    if rc == 0 or rc < 0:
        fail(f"{what}: exit {rc}, expected a non-zero exit code (not a signal)")
    lines = [l for l in err.splitlines() if "error" in l.lower()]
    if len(lines) != 1 or pattern not in lines[0]:
        fail(f"{what}: expected one error line containing {pattern!r}, got {lines}")
    else:
        print(f"  {what}: exit {rc}: {lines[0]}")


def no_leftovers(out):
    left = [n for n in os.listdir(out) if n.startswith(".")]
    if left:
        fail(f"staging or temporary folders left in {out}: {left}")


def full_disk(exe, scenario, out):
    # The default Cook membrane (16 x 16 cells, 5 steps): its VTUs are larger
    # than what results.h5 needs for its first step, so the limit can pick
    # which file runs out of space first.
    target = os.path.join(out, "a")
    rc, err = run(exe, ["run", scenario, "-o", target])
    if rc != 0:
        fail(f"the first, complete run failed ({rc}):\n{err}")
        return
    before = tree_hash(target)
    sizes = {n: os.path.getsize(os.path.join(target, n)) for n in os.listdir(target)}
    print(f"  complete run: {sizes}")
    h5 = sizes["results.h5"]
    vtu = min(v for n, v in sizes.items() if n.endswith(".vtu"))
    # (what, limit, the file named in the message)
    limits = [("results.h5 at the start", 8192, "results.h5"),
              ("results.h5 in the middle", max(vtu + 4096, 2 * h5 // 3), "results.h5"),
              ("a VTU", vtu - 8192, ".vtu")]
    for what, limit, culprit in limits:
        shutil.rmtree(target + ".incomplete", ignore_errors=True)
        rc, err = run(exe, ["run", scenario, "-o", target], fsize=limit)
        what = f"full disk ({what}, file size limit {limit} B)"
        expect_one_clear_error(rc, err, "File too large", what)
        if culprit not in err:
            fail(f"{what}: the message does not name {culprit}")
        expect_unchanged(target, before, what)
        if not os.path.isdir(target + ".incomplete"):
            fail(f"{what}: the failed run's output was not kept in a.incomplete")
        else:
            expect_complete(target + ".incomplete", what)
            status = json.load(open(os.path.join(target + ".incomplete", "status.json")))
            if status.get("status") != "failed":
                fail(f"{what}: a.incomplete/status.json says {status.get('status')}")
            print(f"    a.incomplete holds {sorted(os.listdir(target + '.incomplete'))}")
        no_leftovers(out)
    # No earlier result: the failed run's folder becomes the target.
    fresh = os.path.join(out, "fresh")
    rc, err = run(exe, ["run", scenario, "-o", fresh], fsize=max(vtu + 4096, 2 * h5 // 3))
    expect_one_clear_error(rc, err, "File too large", "full disk, no earlier result")
    expect_complete(fresh, "full disk, no earlier result")
    no_leftovers(out)


def unwritable(exe, scenario, out):
    os.makedirs(out, exist_ok=True)
    blocker = os.path.join(out, "a_file")
    with open(blocker, "w") as f:
        f.write("not a folder\n")
    cases = [
        ("parent is a file", os.path.join(blocker, "run"), 1, "is a file, not a folder"),
        ("deeper below a file", os.path.join(blocker, "x", "run"), 1, "is a file, not a folder"),
        ("/sys (read-only even for root)", "/sys/plantarfe_test_run", 1,
         "cannot create output folder /sys/plantarfe_test_run"),
        ("target is a file", blocker, 2, "exists and is not a folder"),
    ]
    for what, target, expected_rc, pattern in cases:
        rc, err = run(exe, ["run", scenario, "-o", target] + SMALL)
        expect_one_clear_error(rc, err, pattern, what)
        if rc != expected_rc:
            fail(f"{what}: exit {rc}, expected {expected_rc}")
    if open(blocker).read() != "not a folder\n":
        fail("the file in the way was changed")
    if os.path.exists("/sys/plantarfe_test_run"):
        fail("created /sys/plantarfe_test_run")


def kill(exe, scenario, out):
    # Cook membrane, 8 x 8 cells, 8 load steps. The run reports each step on
    # stderr after writing its results.h5 step and VTU; the kills follow that
    # progress (after step k, plus a few milliseconds), so they land while
    # solving, inside the writes of the next step, and after the last step
    # while the summary, status files and the swap into place are written.
    args = SMALL + ["--set", "Solver/Load steps=8"]
    target = os.path.join(out, "k")
    rc, err = run(exe, ["run", scenario, "-o", target] + args)
    if rc != 0:
        fail(f"the first, complete run failed ({rc}):\n{err}")
        return
    before = tree_hash(target)
    fresh = os.path.join(out, "fresh")
    moments = [(0, 0.2), (1, 0.0), (1, 0.02), (4, 0.0), (4, 0.005)] + \
        [(8, d) for d in (0.0, 0.001, 0.002, 0.005, 0.02, 0.1)]
    runs = [(k, d, target) for k, d in moments] + [(2, 0.0, fresh), (8, 0.005, fresh)]
    for steps, delay, dest in runs:
        earlier = dest == target
        if not earlier:
            shutil.rmtree(dest, ignore_errors=True)
        p = subprocess.Popen([exe, "run", scenario, "-o", dest] + args,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seen = 0
        while seen < steps:
            line = p.stderr.readline()
            if not line:
                break
            seen += "converged" in line
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.stderr.close()
        rc = p.wait()
        what = f"kill -9 {delay * 1000:.0f} ms after step {steps} " + \
               ("(earlier result)" if earlier else "(no earlier result)")
        staging = os.path.join(out, "." + os.path.basename(dest) + ".partial")
        staged = sorted(os.listdir(staging)) if os.path.isdir(staging) else []
        print(f"  {what}: exit {rc}, staging folder holds {staged}")
        # results.h5's temporary (an AtomicFile: .results.h5.XXXXXX.tmp).
        for tmp in glob.glob(os.path.join(glob.escape(staging), ".results.h5.*.tmp")):
            # Not a final name, so no guarantee; reported for information.
            name = os.path.basename(tmp)
            try:
                with h5py.File(tmp, "r") as f:
                    print(f"    {name} opens with {len(f.get('steps', {}))} step(s)")
            except Exception as e:  # noqa: BLE001
                print(f"    {name} does not open ({type(e).__name__})")
        if rc == 0:
            # Finished before the kill: a new complete result.
            expect_complete(dest, what)
            if earlier:
                before = tree_hash(target)
            continue
        if earlier and tree_hash(dest) != before:
            # Killed after its complete result had been swapped into place
            # (while deleting the earlier one): the target must be that new,
            # complete result, never a mixture.
            status = json.load(open(os.path.join(dest, "status.json")))
            if status.get("status") != "ok":
                fail(f"{what}: the earlier result changed and status.json says "
                     f"{status.get('status')}")
            print("    (killed after the swap: the target holds the new complete result)")
            before = tree_hash(dest)
        if os.path.exists(dest):
            expect_complete(dest, what)
        if os.path.isdir(staging):
            expect_complete(staging, what + ", staging folder")
    # The next run cleans up after the killed ones.
    rc, err = run(exe, ["run", scenario, "-o", target] + args)
    if rc != 0:
        fail(f"the run after the kills failed ({rc}):\n{err}")
    expect_complete(target, "run after the kills")
    for stale in (".k.partial", ".k.old"):
        if os.path.exists(os.path.join(out, stale)):
            fail(f"the run after the kills left {stale}")


def main(argv):
    if len(argv) != 5 or argv[1] not in ("full_disk", "unwritable", "kill"):
        print(__doc__)
        return 2
    case, exe, scenario, out = argv[1:]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    globals()[case](exe, scenario, out)
    print(f"{case}: {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
