#!/usr/bin/env python3
"""Messages, size limits and the smaller defects of issue #17 (13, 7, 14).

Usage: messages_and_limits.py CASE EXE SOURCE_DIR OUT

CASE:
  messages  one clear line and the right exit code: a damaged results.h5
            given to info/render is bad input (2, not 1); a range error
            found after parsing names the line (or the --set) of its entry;
            escape sequences from a file are not echoed raw; a 2 MB line
            gives a short message; an include of /etc/passwd does not quote
            it; a UTF-8 byte-order mark is accepted (and explained in an
            included file); an entry set twice is refused naming both lines
            (.prm and JSON); under mpirun the message is printed once;
  limits    a model that cannot fit in memory is refused before meshing,
            naming its entries and the estimate (PLANTARFE_MEMORY_LIMIT
            moves the limit); a sweep of 2,000,000 points is refused at once
            (PLANTARFE_MAX_RUNS moves the bound);
  smaller   after SIGTERM the batch's counts agree with its manifest (runs
            not reached are "not run", not "failed"); render --warp-scale
            1e308 is refused instead of writing a blank picture; --expand
            never replaces its own input or a file it did not write, and the
            files it writes set every entry once.
"""
import csv
import os
import shutil
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # nothing written into the source tree
import harness  # noqa: E402
from harness import errors, fail, read, run, write

CASE, EXE, SRC, OUT = sys.argv[1:5]
harness.EXE = EXE
SRC, OUT = os.path.abspath(SRC), os.path.abspath(OUT)
BLOCK = os.path.join(SRC, "block.prm")


def one_line_refusal(p, words, what):
    """Exit 2 and exactly one non-empty line on stderr holding @p words."""
    if p.returncode != 2:
        fail(f"{what}: exit {p.returncode}, expected 2")
    lines = [l for l in p.stderr.splitlines() if l.strip()]
    if len(lines) != 1:
        fail(f"{what}: {len(lines)} lines of message, expected one")
    for w in words:
        if w not in p.stderr:
            fail(f"{what}: message lacks '{w}'")


FOOT_RANGE = """subsection Geometry
  set Shape = foot
  set Dimension = 2
end
subsection Stance
  set Ankle dorsiflexion = 20
end
subsection Subject
  subsection Calf
    set Dorsiflexion range = 10
  end
end
"""


def case_messages():
    os.chdir(OUT)
    # A damaged results file is bad input to info and render.
    if run(["run", BLOCK, "-o", "r"]).returncode != 0:
        fail("the block did not run")
    h5 = os.path.join("r", "results.h5")
    with open(h5, "r+b") as f:
        f.truncate(3000)
    for args in (["info", "r"], ["render", "r", "--field", "displacement",
                                 "-o", "x.png"]):
        one_line_refusal(run(args), ["results.h5", "damaged"],
                         f"{args[0]} on a truncated results.h5")
    # The same cause: a folder with no results.h5, or a status.json that is
    # not JSON, given to info.
    os.remove(h5)
    one_line_refusal(run(["info", "r"]), ["no results.h5"],
                     "info on a folder without results.h5")

    # A check after parsing names the line, or the --set, of its entry.
    write("range.prm", FOOT_RANGE)
    one_line_refusal(run(["run", "range.prm", "-o", "o"]),
                     ["range.prm:6: Stance/Ankle dorsiflexion"],
                     "range error from the model checks")
    one_line_refusal(run(["run", "range.prm", "-o", "o", "--set",
                          "Stance/Ankle dorsiflexion=15"]),
                     ['--set "Stance/Ankle dorsiflexion=15"'],
                     "range error from an override")

    # Escape sequences in a value are shown, not sent to the terminal.
    write("escape.prm", read(BLOCK).replace(
        "set Shape     = box", "set Shape     = box\x1b[2J\x1b[31m"))
    p = run(["run", "escape.prm", "-o", "o"])
    one_line_refusal(p, ["\\x1b[2J"], "escape sequence")
    if "\x1b" in p.stderr:
        fail("a raw escape byte reached stderr")

    # A 2 MB line: refused with a short message.
    write("long.prm", "set " + "x" * 2_000_000 + " = 1\n")
    p = run(["run", "long.prm", "-o", "o"])
    one_line_refusal(p, ["long.prm:1", "bytes long"], "2 MB line")
    if len(p.stderr) > 1000:
        fail(f"the 2 MB line gave a {len(p.stderr)}-byte message")

    # An include of a file that is no scenario is not quoted back.
    first = read("/etc/passwd").splitlines()[0]
    write("passwd.prm", "include /etc/passwd\n")
    p = run(["run", "passwd.prm", "-o", "o"])
    one_line_refusal(p, ["/etc/passwd:1", "not a scenario line"],
                     "include /etc/passwd")
    if first in p.stderr:
        fail("the first line of /etc/passwd was quoted")

    # A byte-order mark: accepted at the top, explained in an include.
    write("bom.prm", b"\xef\xbb\xbf" + read(BLOCK).encode(), mode="wb")
    if run(["run", "bom.prm", "-o", "bom"]).returncode != 0:
        fail("a scenario starting with a UTF-8 byte-order mark was refused")
    # (A status.json that is not JSON beside a good results.h5: exit 2.)
    write(os.path.join("bom", "status.json"), "{garbage")
    one_line_refusal(run(["info", "bom"]), ["status.json"],
                     "info with a garbage status.json")
    write("bom_outer.prm", "include bom.prm\n")
    one_line_refusal(run(["run", "bom_outer.prm", "-o", "o"]),
                     ["bom.prm:1", "byte-order mark"], "byte-order mark in "
                     "an included file")

    # An entry set twice: both lines named (.prm, and JSON keys).
    write("twice.prm", read(BLOCK) + "subsection Solver\n  set Load steps "
          "= 2\nend\n")
    block_line = [i + 1 for i, l in enumerate(read(BLOCK).splitlines())
                  if "Load steps" in l][0]
    total = len(read(BLOCK).splitlines())
    one_line_refusal(run(["run", "twice.prm", "-o", "o"]),
                     [f"twice.prm:{total + 2}: Solver/Load steps",
                      f"twice.prm:{block_line}"], "entry set twice")
    write("twice.json", '{"Geometry": {"Shape": "box",\n "Shape": "foot"}}\n')
    one_line_refusal(run(["run", "twice.json", "-o", "o"]),
                     ["twice.json:2", '"Shape"', "first at line 1"],
                     "JSON key given twice")
    for folder in ("o",):
        if os.path.exists(folder):
            fail(f"a refused run made the folder {folder}")

    # Under mpirun, bad input is reported once, not once per rank.
    mpirun = shutil.which("mpirun")
    if mpirun:
        env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1",
                   OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", PLANTARFE_THREADS="1")
        p = subprocess.run([mpirun, "--oversubscribe", "-np", "2", EXE, "run",
                            "range.prm", "-o", "o"], env=env, text=True,
                           capture_output=True, timeout=300)
        n = p.stderr.count("plantarfe: error:")
        print(f"mpirun -np 2: {n} error line(s)")
        if n != 1:
            fail(f"under mpirun -np 2 the error was printed {n} times")


def case_limits():
    os.chdir(OUT)
    # 10,000 x 2 x 10,000 cells refined 8 times: 6.6e12 cells.
    write("huge.prm", read(BLOCK).replace(
        "Subdivisions = 4, 2, 2", "Subdivisions = 10000, 2, 10000").replace(
        "set Dimension = 2", "set Dimension = 2\n  set Global refinements = 8"))
    start = time.time()
    p = run(["run", "huge.prm", "-o", "huge"], timeout=120)
    one_line_refusal(p, ["huge.prm:", "Geometry/Box/Subdivisions",
                         "cells", "GB of memory", "PLANTARFE_MEMORY_LIMIT"],
                     "a model larger than memory")
    if time.time() - start > 30:
        fail(f"the refusal took {time.time() - start:.0f} s")
    if os.path.exists("huge"):
        fail("the refused run made its folder")
    # The limit moves with PLANTARFE_MEMORY_LIMIT, both ways (validation
    # only: batch --list runs nothing).
    # 16 x 8^4 cells in 3D: about 1.4 GB by the estimate.
    big = read(BLOCK).replace("set Dimension = 2", "set Dimension = 3\n"
                              "  set Global refinements = 4")
    write("big.prm", big)
    one_line_refusal(run(["run", "big.prm", "-o", "b"],
                         env={"PLANTARFE_MEMORY_LIMIT": "1G"}),
                     ["PLANTARFE_MEMORY_LIMIT is 1.0 GB"],
                     "a model over PLANTARFE_MEMORY_LIMIT")
    if run(["batch", "big.prm", "-o", "b", "--list"],
           env={"PLANTARFE_MEMORY_LIMIT": "64G"}).returncode != 0:
        fail("PLANTARFE_MEMORY_LIMIT=64G did not admit a 1.4 GB model")
    one_line_refusal(run(["run", BLOCK, "-o", "o"],
                         env={"PLANTARFE_MEMORY_LIMIT": "lots"}),
                     ["PLANTARFE_MEMORY_LIMIT=lots", "not a size"],
                     "an unreadable PLANTARFE_MEMORY_LIMIT")

    # Sweeps: 2000 x 1000 points refused before any value is checked.
    values = ",".join(str(50 + 0.01 * i) for i in range(2000)) + ";" + \
        ",".join(str(1 + i) for i in range(1000))
    write("many.prm", "subsection Sweep\n  set Parameters = Subject/Body "
          "mass; Solver/Load steps\n  set Mode = grid\n  set Values = " +
          values + "\nend\n" + read(BLOCK).replace(
              "set Load steps = 1", "set Load steps = 2"))
    start = time.time()
    p = run(["sweep", "many.prm", "-o", "m", "--list"], timeout=120)
    if p.returncode != 2 or "2000000 points" not in p.stderr:
        fail("a 2,000,000-point sweep was not refused with its size")
    if time.time() - start > 30:
        fail(f"refusing the sweep took {time.time() - start:.0f} s")
    write("six.prm", "subsection Sweep\n  set Parameters = Subject/Body "
          "mass\n  set Values = 60, 65, 70, 75, 80, 85\nend\n" + read(BLOCK))
    p = run(["sweep", "six.prm", "-o", "s", "--list"],
            env={"PLANTARFE_MAX_RUNS": "5"})
    if p.returncode != 2 or "at most 5 runs" not in p.stderr:
        fail("PLANTARFE_MAX_RUNS=5 did not bound a 6-point sweep")
    if run(["sweep", "six.prm", "-o", "s", "--list"],
           env={"PLANTARFE_MAX_RUNS": "6"}).returncode != 0:
        fail("PLANTARFE_MAX_RUNS=6 refused a 6-point sweep")


def manifest_statuses(path):
    with open(path) as f:
        return [row["status"] for row in csv.DictReader(f)]


def case_smaller():
    os.chdir(OUT)
    # SIGTERM while the first of four runs is going.
    # 20,000 cells and 40 load steps: several seconds per run.
    slow = read(BLOCK).replace("Subdivisions = 4, 2, 2",
                               "Subdivisions = 200, 2, 100").replace(
        "set Load steps = 1", "set Load steps = 40")
    write("slow.prm", "subsection Sweep\n  set Parameters = Subject/Body "
          "mass\n  set Values = 60, 70, 80, 90\nend\n" + slow)
    batch = subprocess.Popen([EXE, "sweep", "slow.prm", "-o", "sw", "-j",
                              "1"], stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, PLANTARFE_THREADS="1"))
    time.sleep(2.5)
    batch.send_signal(signal.SIGTERM)
    _, err = batch.communicate(timeout=120)
    print(err)
    statuses = manifest_statuses(os.path.join("sw", "manifest.csv"))
    print("manifest:", statuses)
    totals = [l for l in err.splitlines() if "run(s) ok" in l]
    if batch.returncode != 130 or not totals:
        fail(f"the stopped batch ended {batch.returncode} without totals")
    else:
        line = totals[0]
        failed = statuses.count("failed") + statuses.count("not converged")
        pending = statuses.count("pending")
        said_failed = f"{failed} failed" in line if failed else \
            "failed" not in line
        said_pending = f"{pending} not run" in line if pending else \
            "not run" not in line
        if not (said_failed and said_pending):
            fail(f"totals '{line}' disagree with the manifest {statuses}")
        if pending == 0:
            fail("the SIGTERM came after every run had ended; the test "
                 "checked nothing")

    # A warp scale that sends the model to infinity.
    if run(["run", BLOCK, "-o", "r"]).returncode != 0:
        fail("the block did not run")
    p = run(["render", "r", "--field", "displacement", "--warp-scale",
             "1e308", "-o", "warp.png"])
    one_line_refusal(p, ["--warp-scale", "model's size", "use a scale up to"],
                     "render --warp-scale 1e308")
    if os.path.exists("warp.png"):
        fail("a picture was written for --warp-scale 1e308")

    # --expand: never over its input or a user's file.
    os.makedirs("in", exist_ok=True)
    write(os.path.join("in", "base.prm"), read(BLOCK))
    write(os.path.join("in", "study.prm"),
          "include base.prm\nsubsection Sweep\n  set Parameters = "
          "Solver/Load steps\n  set Values = 2, 3\nend\n")
    before = read(os.path.join("in", "study.prm"))
    write(os.path.join("in", "study_load_steps=2.prm"), "my notes\n")
    p = run(["sweep", "in/study.prm", "--expand", "in"])
    one_line_refusal(p, ["not written by --expand"], "--expand over a "
                     "user's file")
    if read(os.path.join("in", "study_load_steps=2.prm")) != "my notes\n":
        fail("--expand replaced a user's file")
    os.remove(os.path.join("in", "study_load_steps=2.prm"))
    write("own.prm", read(BLOCK))
    p = run(["batch", "own.prm", "--expand", "."])
    one_line_refusal(p, ["is the scenario file of run own"],
                     "--expand over its own input")
    if read("own.prm") != read(BLOCK):
        fail("--expand replaced its own input")
    for attempt in (1, 2):  # the second replaces the files of the first
        if run(["sweep", "in/study.prm", "--expand", "ex"]).returncode != 0:
            fail(f"--expand into a new folder failed (attempt {attempt})")
    if read(os.path.join("in", "study.prm")) != before:
        fail("--expand changed its input")
    for points in ("2", "3"):
        name = os.path.join("ex", f"study_load_steps={points}.prm")
        text = read(name) if os.path.exists(name) else ""
        if f"set Load steps = {points}" not in text or any(
                l.strip().startswith("include") for l in text.splitlines()):
            fail(f"{name}: the point is not set in place or an include is "
                 "left")
        if run(["run", name, "-o", "ran" + points]).returncode != 0:
            fail(f"{name} does not run on its own")


if os.path.exists(OUT):
    shutil.rmtree(OUT)
os.makedirs(OUT)
{"messages": case_messages, "limits": case_limits,
 "smaller": case_smaller}[CASE]()
if errors:
    sys.exit(f"{len(errors)} check(s) failed")
print("all checks passed")
