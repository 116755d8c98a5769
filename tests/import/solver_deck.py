#!/usr/bin/env python3
"""The solver deck `plantarfe mesh --model` writes (docs/import.md), checked
without CalculiX (CI does not install it; bench/foot_peer runs it):

  solver_deck.py EXE ROOT OUT_DIR

- the simplified 3D foot (bench/foot_peer's entries, coarse mesh) gives a
  deck whose nodal forces add up to the body weight on the foot, held
  horizontally at the same knee-end nodes; whose laws carry the scenario's
  constants (heel pad Ogden, bone neo-Hookean, the fascia's matrix); whose
  ground slab has positive volumes and its top at y = 0; and whose every
  number fits CalculiX's 20-character field;
- what the deck cannot hold is refused with exit 2 and one line naming the
  entry to change (balance, fibres, sliding joints, a friction spring set by
  an elastic slip), and so is an
  output that is not .inp.
"""
import math
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_checks import COARSE_3D, check, finish, fresh, mesh, refused  # noqa: E402

EXE, ROOT, OUT = sys.argv[1:4]
OUT = fresh(OUT, "solver_deck")
SCENARIO = os.path.join(ROOT, "scenarios", "stance", "quiet_standing_3d.prm")
PEER = ["Tissues/Fibres=false", "Tissues/Joints/Model=bonded",
        "Subject/Calf/Achilles force=prescribed",
        "Subject/Calf/Prescribed force=0",
        "Stance/Ground friction=stick"]


def deck(path, sets, expect=0):
    return mesh(EXE, SCENARIO, path, sets, ["--model"], expect)


def read(path):
    """Cards of the deck: (keyword line, [data rows as lists of strings])."""
    cards = []
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("**") or not line:
            continue
        if line.startswith("*"):
            cards.append((line, []))
        else:
            cards[-1][1].append([v.strip() for v in line.split(",") if v.strip()])
    return cards


path = os.path.join(OUT, "foot.inp")
deck(path, COARSE_3D + PEER)
cards = read(path)

# Every number fits CalculiX's 20-character field.
long_numbers = [v for key, rows in cards if key != "*HEADING"
                for row in rows for v in row if len(v) > 20]
check(not long_numbers, f"every number at most 20 characters (longest: "
      f"{max(long_numbers, key=len) if long_numbers else '-'})")

nodes = {}
for key, rows in cards:
    if key.startswith("*NODE,") or key == "*NODE":
        for r in rows:
            nodes[int(r[0])] = [float(v) for v in r[1:4]]

# Loads: the body weight on this foot (70 kg x 9.81 x 0.5) as nodal forces.
forces = [[0.0, 0.0, 0.0], set()]
for key, rows in cards:
    if key == "*CLOAD":
        for r in rows:
            forces[0][int(r[1]) - 1] += float(r[2])
            forces[1].add(int(r[0]))
weight = 70 * 9.81 * 0.5
check(abs(forces[0][1] + weight) < 1e-9 * weight and abs(forces[0][0]) < 1e-9 * weight
      and abs(forces[0][2]) < 1e-9 * weight,
      f"nodal forces add up to (0, -{weight}, 0) N (got {forces[0]})")
held = {}
for key, rows in cards:
    if key == "*BOUNDARY":
        for r in rows:
            if r[0].isdigit():
                held.setdefault(int(r[0]), set()).add(int(r[1]))
check(set(held) == forces[1] and all(v == {1, 3} for v in held.values()),
      f"the {len(held)} loaded knee-end nodes are held horizontally (x, z), "
      "and only they")

# Laws: the scenario's constants in Abaqus' conventions.
laws = {}
for i, (key, rows) in enumerate(cards):
    if key.startswith("*MATERIAL"):
        name = key.split("NAME=")[1]
        laws[name] = (cards[i + 1][0], [float(v) for r in cards[i + 1][1] for v in r])
mu0, nu = 26.52e3 / 2, 0.49
kappa = 2 * mu0 * (1 + nu) / (3 * (1 - 2 * nu))
check(laws["M_heel_pad"][0] == "*HYPERELASTIC, OGDEN, N=1"
      and all(math.isclose(a, b, rel_tol=1e-12) for a, b in
              zip(laws["M_heel_pad"][1], [mu0, 17.71, 2 / kappa])),
      f"heel pad: Ogden mu1 = c1/2, alpha1 = m1, D1 = 2/kappa ({laws['M_heel_pad']})")
E, nub = 7300e6, 0.3
check(laws["M_calcaneus"][0] == "*HYPERELASTIC, NEO HOOKE"
      and math.isclose(laws["M_calcaneus"][1][0], E / (4 * (1 + nub)), rel_tol=1e-12)
      and math.isclose(laws["M_calcaneus"][1][1], 6 * (1 - 2 * nub) / E, rel_tol=1e-12),
      f"bone: neo-Hookean C10 = mu/2, D1 = 2/K ({laws['M_calcaneus']})")
check(laws["M_fascia"][0] == "*HYPERELASTIC, NEO HOOKE"
      and math.isclose(laws["M_fascia"][1][0], 250e3, rel_tol=1e-12),
      f"fascia without fibres: its matrix, C10 = 500 kPa / 2 ({laws['M_fascia']})")
regions = {k.split("ELSET=")[1] for k, _ in cards if k.startswith("*ELEMENT")}
sections = {k.split("ELSET=")[1].split(",")[0] for k, _ in cards
            if k.startswith("*SOLID SECTION")}
check(regions == sections and len(laws) == len(regions),
      f"one material and section per element set ({len(regions)})")

# Ground: a slab of positive volumes whose top face (the master) is y = 0.
ground = next(rows for key, rows in cards if key.endswith("ELSET=GROUND"))


def volume_sign(corners):
    x = [nodes[c] for c in corners]
    a = [x[1][d] - x[0][d] for d in range(3)]
    b = [x[3][d] - x[0][d] for d in range(3)]
    c = [x[4][d] - x[0][d] for d in range(3)]
    return (a[1] * b[2] - a[2] * b[1]) * c[0] + (a[2] * b[0] - a[0] * b[2]) * c[1] \
        + (a[0] * b[1] - a[1] * b[0]) * c[2]


check(all(volume_sign([int(v) for v in r[1:]]) > 0 for r in ground),
      f"the {len(ground)} ground elements have positive volume")
top = next(rows for key, rows in cards if key.startswith("*SURFACE, NAME=GROUND_TOP"))
elements = {int(r[0]): [int(v) for v in r[1:]] for r in ground}
check(all(r[1] == "S2" and all(abs(nodes[n][1]) < 1e-12 for n in elements[int(r[0])][4:])
          for r in top), "the ground's master faces (S2) lie on y = 0")
friction = next(rows for key, rows in cards if key == "*FRICTION")
check(float(friction[0][0]) == 100 and float(friction[0][1]) == float(
      next(rows for key, rows in cards if key.startswith("*SURFACE BEHAVIOR"))[0][0]),
      f"a sole that never slips: friction 100 with the penalty as stick slope ({friction})")
check(any(k.startswith("*CONTACT PAIR") for k, _ in cards)
      and any(k.startswith("*STEP, NLGEOM") for k, _ in cards),
      "a contact pair and a nonlinear (NLGEOM) step")

# What the deck cannot hold: exit 2 and one line naming the entry.
for label, sets, expect in [
        ("balanced stance", [], r"Achilles force = prescribed"),
        ("fibres", PEER[1:2] + PEER[2:], r"Tissues/Fibres = false"),
        ("sliding joints", [PEER[0]] + PEER[2:], r"Tissues/Joints/Model = bonded"),
        ("friction with an elastic slip", PEER[:4], r"Stance/Ground elastic slip = 0"),
        ("fibres off with a balanced calf", PEER[:2], r"Tissues/Fibres: without fibres")]:
    target = os.path.join(OUT, label.replace(" ", "_") + ".inp")
    refused(EXE, SCENARIO, target, COARSE_3D + sets, ["--model"], expect, label)
p = subprocess.run([EXE, "mesh", SCENARIO, "-o", os.path.join(OUT, "x.msh"), "--model"]
                   + sum((["--set", s] for s in COARSE_3D + PEER), []),
                   capture_output=True, text=True)
check(p.returncode == 2 and "give -o FILE.inp" in p.stderr,
      f"--model with a .msh output: exit 2 asking for .inp (got {p.returncode}: "
      f"{p.stderr.strip()[:200]})")

finish()
