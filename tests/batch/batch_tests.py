#!/usr/bin/env python3
"""End-to-end tests of `plantarfe batch`, `sweep` and `compare`.

Usage: batch_tests.py CASE EXE SOURCE_DIR OUT [MPIEXEC]

CASE:
  validate  a batch with bad files (sweep path that does not exist, value
            outside its pattern, out-of-range sweep point, zip lists of
            unequal length, duplicate run names, a glob matching nothing)
            exits 2 before any run, lists every error, creates no folder;
  resume    a batch killed with SIGKILL mid-way leaves finished runs and a
            manifest; the same command again skips the finished runs (their
            files untouched), redoes the rest, and the manifest is complete;
  mpi       `mpirun -np 2 plantarfe batch` writes the manifest of `-j 1`
            (same rows, columns and numbers; wall times aside);
  compare   `compare`'s table of a small sweep equals the changes computed
            here from manifest.csv.
"""
import csv
import math
import os
import shutil
import signal
import subprocess
import sys
import time

CASE, EXE, SRC, OUT = sys.argv[1:5]
MPIEXEC = sys.argv[5] if len(sys.argv) > 5 else "mpirun"
SWEEP = os.path.join(SRC, "block_sweep.prm")
errors = []


def fail(message):
    errors.append(message)
    print("ERROR:", message, flush=True)


def run(args, env=None, timeout=600):
    p = subprocess.run([EXE] + args, capture_output=True, text=True,
                       env=env, timeout=timeout)
    print("$ plantarfe", " ".join(args), "->", p.returncode, flush=True)
    print(p.stdout + p.stderr, flush=True)
    return p


def read_manifest(folder):
    with open(os.path.join(folder, "manifest.csv"), newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def case_validate():
    bad = os.path.join(SRC, "bad")
    out = os.path.join(OUT, "results")
    p = run(["batch", os.path.join(bad, "*.prm"),
             os.path.join(bad, "**", "same_name.prm"),
             os.path.join(bad, "nothing_*.prm"), SWEEP, "-o", out])
    if p.returncode != 2:
        fail(f"exit {p.returncode}, expected 2")
    expected = [
        ("bad_path.prm:36", "Sweep/Parameters", "Top presure"),
        ("bad_value.prm:37", "Sweep/Values", "'two'", "Top pressure"),
        ("zip_lengths.prm:37", "Mode = zip"),
        ("nu_range_nu=0.5", "Poisson"),
        ("duplicate run name 'same_name'",),
        ("nothing_*.prm' matches no file",),
    ]
    for parts in expected:
        if not any(all(x in line for x in parts)
                   for line in p.stderr.splitlines()):
            fail("no error line with " + " & ".join(parts))
    if os.path.exists(out):
        fail(f"{out} was created although the batch was refused")
    # The good sweep alone is fine (and --list runs nothing).
    p = run(["sweep", SWEEP, "-o", out, "--list"])
    if p.returncode != 0 or p.stdout.count("to run") != 6:
        fail("sweep --list of the good file does not list 6 runs to run")
    if os.path.exists(out):
        fail("--list created the output folder")


def slow_args():
    # Runs of about a second each, so that the batch can be killed mid-way.
    return ["--set", "Geometry/Box/Subdivisions=60, 2, 24",
            "--set", "Discretisation/Polynomial degree=2",
            "--set", "Solver/Load steps=3"]


def case_resume():
    out = os.path.join(OUT, "results")
    args = ["sweep", SWEEP, "-o", out, "-j", "1"] + slow_args()
    batch = subprocess.Popen([EXE] + args, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    # Kill it once two runs are complete (the third is then in flight).
    deadline = time.time() + 300
    done = []
    while time.time() < deadline:
        if os.path.exists(os.path.join(out, "manifest.csv")):
            try:
                _, rows = read_manifest(out)
                done = [r[0] for r in rows if "ok" in r]
            except (OSError, csv.Error):
                pass
        if len(done) >= 2:
            break
        time.sleep(0.05)
    batch.send_signal(signal.SIGKILL)
    batch.wait()
    if len(done) < 2 or len(done) >= 6:
        fail(f"could not kill the batch mid-way ({len(done)} runs done)")
    time.sleep(0.5)
    # The children died with the batch (no orphan keeps writing).
    ps = subprocess.run(["pgrep", "-f", out], capture_output=True, text=True)
    if ps.stdout.strip():
        fail("runs still alive after the batch was killed: " + ps.stdout)
    header, rows = read_manifest(out)
    for r in rows:
        if r[header.index("status")] not in ("ok", "pending"):
            fail(f"killed batch's manifest says {r[header.index('status')]} "
                 f"for {r[0]}")
    ok_before = [r[0] for r in rows if r[header.index("status")] == "ok"]
    stamps = {n: os.stat(os.path.join(out, n, "results.h5")).st_mtime_ns
              for n in ok_before}

    p = run(args)
    if p.returncode != 0:
        fail(f"resumed batch: exit {p.returncode}")
    if f"{len(ok_before)} up to date, {6 - len(ok_before)} to run" not in p.stderr:
        fail("the resumed batch did not report the finished runs as up to date")
    for n, t in stamps.items():
        if os.stat(os.path.join(out, n, "results.h5")).st_mtime_ns != t:
            fail(f"{n} was run again although it was complete")
    header, rows = read_manifest(out)
    if len(rows) != 6 or any(r[header.index("status")] != "ok" for r in rows):
        fail("manifest after the resume is not 6 ok runs")
    leftovers = [f for f in os.listdir(out) if f.endswith(".partial")]
    if leftovers:
        fail(f"staging folders left: {leftovers}")
    # A changed input is not up to date; --force reruns everything.
    p = run(["sweep", SWEEP, "-o", out, "--list"] + slow_args()[:-2])
    if p.stdout.count("to run") != 6:
        fail("runs with a different input were listed as up to date")
    p = run(["sweep", SWEEP, "-o", out, "--list"] + slow_args())
    if p.stdout.count("up to date") != 6:
        fail("runs with the same input were not listed as up to date")


def comparable(folder):
    header, rows = read_manifest(folder)
    wall = header.index("wall_time [s]")
    return header, [[c for i, c in enumerate(r) if i != wall] for r in rows]


def case_mpi():
    local = os.path.join(OUT, "local")
    mpi = os.path.join(OUT, "mpi")
    p = run(["sweep", SWEEP, "-o", local, "-j", "1"])
    if p.returncode != 0:
        fail(f"local batch: exit {p.returncode}")
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1",
               OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    cmd = [MPIEXEC, "-np", "2", EXE, "sweep", SWEEP, "-o", mpi]
    q = subprocess.run(cmd, capture_output=True, text=True, env=env,
                       timeout=600)
    print("$", " ".join(cmd), "->", q.returncode, "\n", q.stdout + q.stderr)
    if q.returncode != 0:
        fail(f"MPI batch: exit {q.returncode}")
    # Both ranks ran scenarios (dynamic assignment, rank 0 works too).
    for rank in ("rank 0)", "rank 1)"):
        if rank not in q.stderr:
            fail(f"no run on {rank[:-1]}")
    h1, r1 = comparable(local)
    h2, r2 = comparable(mpi)
    if h1 != h2:
        fail(f"headers differ:\n{h1}\n{h2}")
    if len(r1) != len(r2):
        fail("row counts differ")
    for a, b in zip(r1, r2):
        for x, y, h in zip(a, b, h1):
            try:
                fx, fy = float(x), float(y)
                if not math.isclose(fx, fy, rel_tol=1e-8, abs_tol=1e-14):
                    fail(f"{a[0]} {h}: {x} vs {y}")
            except ValueError:
                if x != y:
                    fail(f"{a[0]} {h}: {x} vs {y}")


def case_compare():
    out = os.path.join(OUT, "results")
    p = run(["sweep", SWEEP, "-o", out, "-j", "2"])
    if p.returncode != 0:
        fail(f"batch: exit {p.returncode}")
    by = "Geometry/Box/Top pressure"
    metric = "probe_displacement_y"
    prefix = os.path.join(OUT, "cmp")
    p = run(["compare", out, "--metric", metric, "--by", by,
             "--baseline", "2e5", "-o", prefix])
    if p.returncode != 0:
        fail(f"compare: exit {p.returncode}")
    header, rows = read_manifest(out)
    col_by = next(i for i, h in enumerate(header) if h.startswith(by))
    col_m = next(i for i, h in enumerate(header) if h.startswith(metric + " ["))
    col_e = next(i for i, h in enumerate(header) if "Young" in h)
    # By hand: per modulus, the change against the run at 2e5 Pa.
    expected = {}
    for r in rows:
        base = next(b for b in rows
                    if b[col_e] == r[col_e] and float(b[col_by]) == 2e5)
        v, b = float(r[col_m]), float(base[col_m])
        expected[r[0]] = (v, v - b, 100 * (v - b) / b)
    with open(prefix + ".csv", newline="") as f:
        table = list(csv.reader(f))
    head = table[0]
    got = {row[head.index("name")]: row for row in table[1:]}
    if set(got) != set(expected):
        fail(f"compare rows {sorted(got)} != runs {sorted(expected)}")
    for name, (v, d, pct) in expected.items():
        row = got.get(name)
        if not row:
            continue
        vals = [float(row[1 + head.index(h) - 1]) for h in head[2:5]]
        for what, x, y, tol in (("value", vals[0], v, 1e-5),
                                ("change", vals[1], d, 1e-5),
                                ("change %", vals[2], pct, 1e-3)):
            if not math.isclose(x, y, rel_tol=tol, abs_tol=1e-12):
                fail(f"{name} {what}: compare {x}, by hand {y}")
    # The terminal table shows the same rows.
    for name in expected:
        if name not in p.stdout:
            fail(f"terminal table lacks {name}")
    png = prefix + ".png"
    if not os.path.exists(png) or open(png, "rb").read(8) != b"\x89PNG\r\n\x1a\n":
        fail("no PNG chart")
    # --expand writes one scenario per run with the same input: a batch over
    # those files finds every run up to date (the job-array route).
    points = os.path.join(OUT, "points")
    p = run(["sweep", SWEEP, "--expand", points])
    if p.returncode != 0 or len(os.listdir(points)) != 6:
        fail("sweep --expand did not write 6 scenario files")
    p = run(["batch", os.path.join(points, "*.prm"), "-o", out, "--list"])
    if p.stdout.count("up to date") != 6:
        fail("runs of the expanded files are not up to date (input hash "
             "differs)")
    # Unknown metric or parameter: exit 2 naming what exists.
    p = run(["compare", out, "--metric", "nope", "--by", by])
    if p.returncode != 2 or metric not in p.stderr:
        fail("unknown metric not reported with the list of metrics")


shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
{"validate": case_validate, "resume": case_resume, "mpi": case_mpi,
 "compare": case_compare}[CASE]()
if errors:
    print(f"{len(errors)} error(s)")
    sys.exit(1)
print("ok")
