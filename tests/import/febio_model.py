#!/usr/bin/env python3
"""The FEBio model `plantarfe mesh <scenario> -o foot.feb` writes
(docs/import.md), checked without FEBio (no Debian package):

  febio_model.py EXE ROOT OUT_DIR

- the 3D foot FEBio can run (bonded joints, no Achilles force, stick ground,
  the calf muscle without its Thelen fibres; coarse mesh) gives well-formed
  FEBio 4.0 XML whose every name resolves (domains to element blocks and
  materials, fibre maps to their element sets with one entry per element,
  node data and boundary conditions to node sets, the contact pair to its
  surfaces), whose sections come in the order FEBio's parser needs;
- the same nodes, forces and held nodes as the CalculiX deck of the same
  mesh (`--model`), positive element volumes, skin and ground faces whose
  normals point out of their element, the scenario's constants in FEBio's
  laws (fascia: Mooney-Rivlin matrix + fiber-pow-linear), unit fibre
  directions along the fascia;
- what FEBio cannot hold is refused with exit 2 and one line naming the
  entry to change, and so is a 2D scenario.
"""
import math
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_checks import COARSE_3D, check, finish, fresh, refused  # noqa: E402
from model_checks import mesh as plantarfe_mesh  # noqa: E402

EXE, ROOT, OUT = sys.argv[1:4]
OUT = fresh(OUT, "febio_model")
SCENARIO = os.path.join(ROOT, "scenarios", "stance", "quiet_standing_3d.prm")
FEBIO = ["Tissues/Calf muscle fibres=false", "Tissues/Joints/Model=bonded",
         "Subject/Calf/Achilles force=prescribed",
         "Subject/Calf/Prescribed force=0",
         "Stance/Ground friction=stick"]


def mesh(path, sets, extra=(), expect=0, scenario=SCENARIO):
    return plantarfe_mesh(EXE, scenario, path, sets, extra, expect)


def ints(text):
    return [int(v) for v in text.split(",")]


def floats(text):
    return [float(v) for v in text.split(",")]


path = os.path.join(OUT, "foot.feb")
mesh(path, COARSE_3D + FEBIO)
root = ET.parse(path).getroot()  # raises on malformed XML
check(root.tag == "febio_spec" and root.get("version") == "4.0",
      "root <febio_spec version=\"4.0\">")
order = [child.tag for child in root]
check(order[0] == "Module" and root[0].get("type") == "solid"
      and order.index("MeshDomains") < order.index("MeshData")
      and order.index("Mesh") < order.index("MeshDomains"),
      f"Module first, then Mesh, MeshDomains, MeshData ({order})")
Mesh = root.find("Mesh")

# ---------------------------------------------------------------- names ---
nodes = {int(n.get("id")): floats(n.text) for n in Mesh.find("Nodes")}
check(sorted(nodes) == list(range(1, len(nodes) + 1)), f"nodes 1..{len(nodes)}")
blocks = {b.get("name"): [(int(e.get("id")), ints(e.text)) for e in b]
          for b in Mesh.findall("Elements")}
ids = [i for cells in blocks.values() for i, _ in cells]
check(sorted(ids) == list(range(1, len(ids) + 1))
      and all(b.get("type") == "hex8" for b in Mesh.findall("Elements")),
      f"{len(ids)} hex8 elements numbered 1..n over {len(blocks)} blocks")
check(all(len(c) == 8 and all(n in nodes for n in c)
          for cells in blocks.values() for _, c in cells),
      "every element has 8 existing nodes")
materials = {m.get("name"): m for m in root.find("Material")}
check([int(m.get("id")) for m in root.find("Material")]
      == list(range(1, len(materials) + 1)), "material ids 1..n in order")
domains = {d.get("name"): d.get("mat") for d in root.find("MeshDomains")}
check(set(domains) == set(blocks) and all(m in materials for m in domains.values()),
      f"one domain per block, each with a defined material ({len(domains)})")
node_sets = {s.get("name"): ints(s.text) for s in Mesh.findall("NodeSet")}
surfaces = {s.get("name"): [ints(f.text) for f in s] for s in Mesh.findall("Surface")}
check(all(n in nodes for s in node_sets.values() for n in s)
      and all(n in nodes for s in surfaces.values() for f in s for n in f),
      f"node sets {sorted(node_sets)} and surfaces {sorted(surfaces)} use existing nodes")
pair = Mesh.find("SurfacePair")
check(pair is not None and pair.find("primary").text == "skin"
      and pair.find("secondary").text == "GROUND_TOP",
      "contact pair: skin (primary) on the ground's top")
data = root.find("MeshData")
maps = {}
for e in data.findall("ElementData"):
    lids = [int(x.get("lid")) for x in e]
    n = len(blocks.get(e.get("elem_set"), []))
    check(e.get("data_type") == "vec3" and lids == list(range(1, n + 1)),
          f"fibre map {e.get('name')}: one vec3 per element of {e.get('elem_set')} ({n})")
    maps[e.get("name")] = [floats(x.text) for x in e]
fibre_refs = [f.text for f in root.iter("fiber")]
check(fibre_refs and all(f in maps for f in fibre_refs)
      and all(f.get("type") == "map" for f in root.iter("fiber")),
      f"every fibre refers to a map ({fibre_refs})")
for bc in root.find("Boundary"):
    check(bc.get("node_set") in node_sets and bc.get("type") == "zero displacement",
          f"boundary {bc.get('name')} holds a defined node set")
load = root.find("Loads/nodal_load")
node_data = {d.get("name"): d for d in data.findall("NodeData")}
value = load.find("value")
forces_data = node_data[value.text]
check(value.get("type") == "map" and value.get("lc") == "1"
      and forces_data.get("node_set") == load.get("node_set")
      and len(forces_data) == len(node_sets[load.get("node_set")])
      and root.find("LoadData/load_controller").get("id") == "1",
      "nodal forces: a vec3 map over the loaded node set, ramped by curve 1")
contact = root.find("Contact/contact")
check(contact.get("type") == "sliding-elastic"
      and contact.get("surface_pair") == pair.get("name")
      and float(contact.find("fric_coeff").text) == 100
      and contact.find("auto_penalty").text == "0",
      "sliding-elastic contact on the pair, stick as friction 100, our penalty")

# ------------------------------------------------- same as the CalculiX deck ---
deck = os.path.join(OUT, "foot.inp")
mesh(deck, COARSE_3D + FEBIO[1:] + ["Tissues/Fibres=false"], ["--model"])
text = open(deck).read()
deck_nodes = {}
for block in re.findall(r"\*NODE, NSET=NALL\n(.*?)\n\*", text, re.S):
    for line in block.splitlines():
        v = line.split(",")
        deck_nodes[int(v[0])] = [float(x) for x in v[1:]]
check(all(math.dist(deck_nodes[n], nodes[n]) < 1e-13 for n in deck_nodes),
      f"the {len(deck_nodes)} foot nodes are the deck's")
cload = {}
for block in re.findall(r"\*CLOAD\n(.*?)\n\*", text, re.S):
    for line in block.splitlines():
        n, c, f = line.split(",")
        cload.setdefault(int(n), [0.0, 0.0, 0.0])[int(c) - 1] = float(f)
loaded = node_sets[load.get("node_set")]
ours = {loaded[int(x.get("lid")) - 1]: floats(x.text) for x in forces_data}
check(set(ours) == set(cload) and all(
      math.dist(ours[n], cload[n]) < 1e-12 * 343.35 for n in ours),
      f"the nodal forces are the deck's ({len(ours)} nodes)")
weight = 70 * 9.81 * 0.5
total = [sum(f[d] for f in ours.values()) for d in range(3)]
check(abs(total[1] + weight) < 1e-9 * weight, f"they add up to -{weight} N in y ({total})")
held_deck = {}
for block in re.findall(r"\*BOUNDARY\n(.*?)\n\*", text, re.S):
    for line in block.splitlines():
        v = line.split(",")
        if v[0].strip().isdigit():
            held_deck.setdefault(int(v[0]), set()).add("xyz"[int(v[1]) - 1])
held = {}
for name, members in node_sets.items():
    if name.startswith("held_"):
        for n in members:
            held[n] = set(name[5:])
check(held == held_deck, f"the held nodes and components are the deck's ({len(held)})")

# --------------------------------------------------------------- geometry ---


def volume(c):
    x = [nodes[n] for n in c]
    a, b, d = ([x[k][i] - x[0][i] for i in range(3)] for k in (1, 3, 4))
    return (a[1] * b[2] - a[2] * b[1]) * d[0] + (a[2] * b[0] - a[0] * b[2]) * d[1] \
        + (a[0] * b[1] - a[1] * b[0]) * d[2]


check(all(volume(c) > 0 for cells in blocks.values() for _, c in cells),
      "every element (foot and ground) has positive volume")
FACES = [(0, 1, 2, 3), (4, 5, 6, 7), (0, 1, 5, 4), (1, 2, 6, 5), (2, 3, 7, 6), (3, 0, 4, 7)]
owner = {}
for cells in blocks.values():
    for _, c in cells:
        for f in FACES:
            owner[frozenset(c[k] for k in f)] = c


def outward(face):
    x = [nodes[n] for n in face]
    a = [x[2][i] - x[0][i] for i in range(3)]
    b = [x[3][i] - x[1][i] for i in range(3)]
    normal = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
    cell = owner[frozenset(face)]
    centre = [sum(nodes[n][i] for n in cell) / 8 for i in range(3)]
    mid = [sum(p[i] for p in x) / 4 for i in range(3)]
    return sum(normal[i] * (mid[i] - centre[i]) for i in range(3)) > 0


for name in ("skin", "GROUND_TOP"):
    faces = surfaces[name]
    check(all(frozenset(f) in owner for f in faces) and all(outward(f) for f in faces),
          f"{name}: {len(faces)} faces of elements, normals pointing out")
check(all(abs(nodes[n][1]) < 1e-12 for f in surfaces["GROUND_TOP"] for n in f),
      "the ground's top lies on y = 0")

# ------------------------------------------------------------------- laws ---


def params(solid):
    return {p.tag: p.text for p in solid}


fascia = materials["M_fascia"]
parts = {s.get("type"): params(s) for s in fascia.findall("solid")}
check(fascia.get("type") == "solid mixture"
      and float(parts["Mooney-Rivlin"]["c1"]) == 250e3
      and parts["Mooney-Rivlin"]["pressure_model"] == "NIKE3D"
      and float(parts["fiber-pow-linear"]["E"]) == 350e6
      and float(parts["fiber-pow-linear"]["lam0"]) > 1,
      f"fascia: Mooney-Rivlin c1 = 250 kPa (NIKE3D) + fiber-pow-linear E = 350 MPa ({parts})")
heel = params(materials["M_heel_pad"])
mu0, nu = 26.52e3 / 2, 0.49
check(materials["M_heel_pad"].get("type") == "Ogden"
      and math.isclose(float(heel["c1"]), 26.52e3, rel_tol=1e-12)
      and math.isclose(float(heel["m1"]), 17.71, rel_tol=1e-12)
      and math.isclose(float(heel["k"]), 2 * mu0 * (1 + nu) / (3 * (1 - 2 * nu)), rel_tol=1e-12),
      f"heel pad: FEBio's Ogden c1 = 26.52 kPa, m1 = 17.71, k from nu = 0.49 ({heel})")
bone = params(materials["M_calcaneus"])
check(materials["M_calcaneus"].get("type") == "neo-Hookean"
      and math.isclose(float(bone["E"]), 7300e6, rel_tol=1e-12)
      and math.isclose(float(bone["v"]), 0.3, rel_tol=1e-12), f"bone: neo-Hookean E, v ({bone})")
check(materials["M_calf_muscle"].get("type") == "Mooney-Rivlin",
      "calf muscle without fibres: its matrix alone")
fibres = maps["fibre_fascia"]
check(all(abs(math.hypot(*a) - 1) < 1e-12 for a in fibres)
      and sum(abs(a[0]) > 0.9 for a in fibres) > 0.9 * len(fibres),
      f"fascia fibres: unit vectors, running along the foot (x) in "
      f"{sum(abs(a[0]) > 0.9 for a in fibres)}/{len(fibres)} elements")

# ---------------------------------------------------------------- refusals ---
for label, sets, expect in [
        ("balanced stance", [FEBIO[1], FEBIO[4]], r"Achilles force = prescribed"),
        ("calf fibres", FEBIO[1:], r"Tissues/Calf muscle fibres = false"),
        ("sliding joints", [FEBIO[0]] + FEBIO[2:], r"Tissues/Joints/Model = bonded"),
        ("Natali fascia", FEBIO + ["Tissues/Plantar fascia/Law=Natali 2010"],
         r"Tissues/Plantar fascia/Law = linear"),
        ("calf fibres off with a balanced calf", FEBIO[:2],
         r"Tissues/Calf muscle fibres: without fibres")]:
    target = os.path.join(OUT, label.replace(" ", "_") + ".feb")
    refused(EXE, SCENARIO, target, COARSE_3D + sets, (), expect, label)
two_d = os.path.join(ROOT, "scenarios", "stance", "quiet_standing_2d.prm")
p = mesh(os.path.join(OUT, "foot2d.feb"), [], expect=2, scenario=two_d)
check("FEBio models are 3D" in p.stderr, f"a 2D scenario: exit 2 ({p.stderr.strip()[:200]})")
p = mesh(os.path.join(OUT, "x.feb"), [], ["--format", "feb"], expect=2)
check(re.search(r"Achilles force = prescribed", p.stderr) is not None,
      "--format feb is the FEBio model too")

finish()
