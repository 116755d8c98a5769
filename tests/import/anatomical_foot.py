"""`plantarfe mesh` of the anatomical 3D foot (Foot/Mesh/3D foot = anatomical):
the tetrahedral Gmsh file is written with every region, the skin and the
knee end as groups and the landmarks as node sets; read back (split into
hexahedra) no cell is inverted; other outputs and a run are refused with
exit 2 and a line naming the entry.

usage: anatomical_foot.py PLANTARFE SOURCE_DIR OUT_DIR"""
import os
import re
import shutil
import subprocess
import sys

plantarfe, source, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
scenario = os.path.join(source, "scenarios", "stance", "quiet_standing_3d.prm")
anatomical = ["--set", "Foot/Mesh/3D foot=anatomical",
              "--set", "Foot/Mesh/Cell size 3D=12"]
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


mesh = os.path.join(out, "anatomical_foot.msh")
if os.path.exists(mesh):
    os.remove(mesh)
done = subprocess.run([plantarfe, "mesh", scenario, "-o", mesh] + anatomical,
                      capture_output=True, text=True)
print(done.stdout, done.stderr)
check(done.returncode == 0, "mesh exits 0")
check(re.search(r"inverted cells:\s+0\n", done.stdout) is not None,
      "no inverted cell after the split")
tetrahedra = re.search(r"anatomical foot: (\d+) tetrahedra", done.stdout)
cells = re.search(r"foot mesh \(3D\): (\d+) cells", done.stdout)
check(tetrahedra and cells and
      int(cells.group(1)) == 4 * int(tetrahedra.group(1)),
      "every tetrahedron becomes four hexahedra")
text = open(mesh).read() if os.path.exists(mesh) else ""
names = set(re.findall(r'^\d+ \d+ "([a-z_]+)"$', text, re.M))
for group in ["calcaneus", "talus", "midfoot", "metatarsal", "phalanges",
              "fascia", "fascia_insertion", "heel_pad", "soft_tissue",
              "arch_joint", "long_plantar_ligament", "skin", "knee_end",
              "navicular", "mtp_centre", "ankle_centre"]:
    check(group in names, "group " + group + " in the file")

refused = subprocess.run([plantarfe, "mesh", scenario, "-o",
                          os.path.join(out, "anatomical.vtu")] + anatomical,
                         capture_output=True, text=True)
check(refused.returncode == 2 and "give -o FILE.msh" in refused.stderr,
      "a .vtu output is refused: " + refused.stderr.strip())

run_dir = os.path.join(out, "anatomical_run")
for leftover in [run_dir, run_dir + ".incomplete"]:
    shutil.rmtree(leftover, ignore_errors=True)
refused = subprocess.run([plantarfe, "run", scenario, "-o", run_dir] +
                         anatomical, capture_output=True, text=True)
check(refused.returncode == 2 and
      "Foot/Mesh/3D foot: anatomical" in refused.stderr,
      "a run is refused, naming the entry: " + refused.stderr.strip())
check(not os.path.exists(run_dir) and
      not os.path.exists(run_dir + ".incomplete"),
      "the refused run leaves no folder")

sys.exit(1 if failures else 0)
