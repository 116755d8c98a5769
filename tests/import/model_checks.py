"""What the checks of the exported models share (solver_deck.py for the
CalculiX/Abaqus deck, febio_model.py for FEBio): the coarse 3D foot, running
`plantarfe mesh`, the ok/FAIL lines and the refusal check."""
import os
import re
import shutil
import subprocess
import sys

# A coarse 3D foot (a few seconds to write).
COARSE_3D = ["Foot/Mesh/Cell size 3D=10", "Foot/Mesh/Slice size=30",
             "Foot/Leg/Tibia width=20", "Foot/Leg/Achilles width=20",
             "Foot/Cartilage thickness=3"]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def fresh(out, name):
    """An empty folder <out>/<name> of this test's own."""
    folder = os.path.join(out, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    return folder


def mesh(exe, scenario, path, sets, extra=(), expect=0):
    """`plantarfe mesh scenario -o path [extra] --set ...`, which must exit
    with @p expect (the script stops otherwise)."""
    args = [exe, "mesh", scenario, "-o", path, *extra]
    for s in sets:
        args += ["--set", s]
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != expect:
        sys.exit(f"{' '.join(args)}: exit {p.returncode}, expected {expect}:\n"
                 f"{p.stdout[-1500:]}{p.stderr[-1500:]}")
    return p


def refused(exe, scenario, target, sets, extra, expect, label):
    """Exit 2 with one line matching @p expect, and no file written."""
    p = mesh(exe, scenario, target, sets, extra, expect=2)
    lines = [l for l in p.stderr.splitlines() if l.strip()]
    check(re.search(expect, p.stderr) is not None and len(lines) == 1
          and not os.path.exists(target),
          f"{label}: exit 2, one line matching '{expect}', no file "
          f"(got: {p.stderr.strip()[:300]})")


def finish():
    print(f"{len(failures)} failure(s)")
    sys.exit(1 if failures else 0)
