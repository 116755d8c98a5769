#!/usr/bin/env python3
"""Imported meshes end to end (docs/import.md). One case per invocation:

  round_trip.py EXE ROOT OUT_DIR CASE

  2d            the shipped scenario scenarios/import/quiet_standing_2d_from_file.prm
                (the exported foot in meshes/) and the same foot exported
                as Abaqus input give every metric of the built-in run to
                1e-8 relative; so does a massage scenario on its exported
                foot
  3d            the same for the 3D foot (coarse mesh), Gmsh and Abaqus,
                and the 3D tennis ball on its exported foot (1e-8), and
                with the mesh file's own landmarks and fibres (5 %)
  shipped_mesh  meshes/foot_2d_*.msh are what scripts/make-import-meshes
                writes now (a change that moves the mesh must regenerate them)
  second_foot   the second, independent mesh of the foot (triangles split
                in three) gives the built-in mesh's forces, lengths and
                strains within 5 %
  triangles     the second mesh's triangles (recovered by triangle_foot.py)
                written as Abaqus CPE3 and split by PlantarFE when read give
                every metric of Gmsh's own split to 1e-8
  bad_files     bad meshes end a run with exit 2 and one line naming the
                scenario entry, the file and what is wrong, before any solve
  laplace_fibres  fibres from Laplace solutions on the mesh
                (Geometry/Fibre directions = laplace) give the outline's
                fibres' forces and strains on the built-in foot within 5 %,
                the same metrics on the exported foot to 1e-8 and on the
                second mesh within 5 %; a fascia that reaches no phalanx is
                refused with exit 2
  mesh_landmarks  landmarks found on the mesh (Geometry/Landmarks = mesh,
                with Laplace fibres) give the outline landmarks' metrics
                within 5 % on the built-in foot, on the second mesh and on
                the exported foot read as a file; the foot scaled to 85 %
                runs with its own landmarks, carrying the load (and is
                refused with the outline's); a landmark point outside its bone, with an
                unknown name or malformed, and mesh landmarks with outline
                fibres are refused with exit 2
"""
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys

EXE, ROOT, OUT, CASE = sys.argv[1:5]
OUT = os.path.join(OUT, CASE)
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
SCENARIOS = os.path.join(ROOT, "scenarios")
failures = []

# The coarse 3D foot of scenario.foot_quiet_standing_3d_coarse.
COARSE_3D = ["Foot/Mesh/Cell size 3D=10", "Foot/Mesh/Slice size=30",
             "Foot/Leg/Tibia width=20", "Foot/Leg/Achilles width=20",
             "Foot/Cartilage thickness=3"]


# Forces, lengths, strains and section stresses: the metrics that integrate
# over the tissue (peaks are cell values and move with any mesh change).
INTEGRAL_METRICS = ["fascia_tension", "heel_attachment_fibre_stress",
                    "heel_attachment_mean_von_mises",
                    "heel_attachment_mean_max_principal", "fascia_mean_strain",
                    "achilles_force", "arch_height_drop",
                    "contact_area", "rearfoot_load_share",
                    "heel_pad_compressive_strain", "ground_reaction",
                    "centre_of_pressure_ahead_of_ankle"]


# Massage metrics compared across landmarks: the tool's work and the
# tissue's answer (the contact area and mean pressure count faces in
# contact, and move by 11 % with the 0.8 mm shift of the point: issue #19).
MASSAGE_METRICS = ["tool_force", "tool_travel", "tool_peak_pressure",
                   "tissue_under_tool_peak_von_mises",
                   "fascia_under_tool_peak_von_mises", "fascia_tension",
                   "heel_attachment_mean_von_mises", "spring_ligament_force",
                   "long_plantar_ligament_force"]


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def plantarfe(*args, expect=0):
    p = subprocess.run([EXE, *args], capture_output=True, text=True)
    if p.returncode != expect:
        sys.exit(f"plantarfe {' '.join(args)}: exit {p.returncode}, "
                 f"expected {expect}:\n{p.stdout[-1500:]}{p.stderr[-1500:]}")
    return p


def run(name, scenario, sets):
    folder = os.path.join(OUT, name)
    args = ["run", scenario, "-o", folder, "--set", "Output/Write VTU=false"]
    for s in sets:
        args += ["--set", s]
    plantarfe(*args)
    with open(os.path.join(folder, "summary.json")) as f:
        return {k: v["value"] for k, v in json.load(f)["metrics"].items()}


def model_value(name, key):
    """A number of the model section of run name's summary."""
    with open(os.path.join(OUT, name, "summary.json")) as f:
        return float(json.load(f)["model"][key])


def export(scenario, sets, path):
    args = ["mesh", scenario, "-o", path]
    for s in sets:
        args += ["--set", s]
    plantarfe(*args)


def compare(reference, imported, label):
    """Every metric of the built-in run, to 1e-8 relative."""
    worst, where = 0., ""
    for key, a in reference.items():
        if not isinstance(a, (int, float)):
            continue
        b = imported.get(key)
        if not isinstance(b, (int, float)):
            check(False, f"{label}: metric {key} missing")
            continue
        if key == "tool_force_balance_error":
            # Round-off of a sum of contact forces (1e-13 N against a 42 N
            # load): relative to the tool's force, not to itself.
            rel = abs(a - b) / abs(reference["tool_force"])
        else:
            rel = abs(a - b) / max(abs(a), abs(b), 1e-300)
        if rel > worst:
            worst, where = rel, key
    n = sum(isinstance(v, (int, float)) for v in reference.values())
    check(worst <= 1e-8 and n > 30,
          f"{label}: {n} metrics equal the built-in run's "
          f"(largest relative difference {worst:.2e} in {where or '-'})")


def within_5_percent(first, second, first_label, second_label, skip=(),
                     keys=None):
    """Prints every metric side by side; checks keys (INTEGRAL_METRICS by
    default) but those in skip to 5 %."""
    for key in sorted(first):
        a, b = first[key], second.get(key)
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
            continue
        rel = abs(a - b) / max(abs(a), abs(b), 1e-300)
        print(f"     {key:45s} {a:14.6g} {b:14.6g} {100 * rel:7.2f} %")
    for key in (k for k in keys or INTEGRAL_METRICS if k not in skip):
        a, b = first.get(key), second.get(key)
        if a is None or b is None:
            check(False, f"metric {key} missing")
            continue
        rel = abs(a - b) / max(abs(a), abs(b), 1e-300)
        check(rel <= 0.05, f"{key}: {a:.5g} ({first_label}) vs {b:.5g} "
              f"({second_label}), {100 * rel:.2f} % <= 5 %")


def refused(scenario, folder, sets, expect, label):
    """A run that must stop with exit 2 and one line matching expect,
    before any results are written."""
    args = ["run", scenario, "-o", folder]
    for x in sets:
        args += ["--set", x]
    p = plantarfe(*args, expect=2)
    lines = [l for l in p.stderr.splitlines() if l.strip()]
    check(re.search(expect, p.stderr) is not None and len(lines) == 1,
          f"{label}: exit 2 and one line matching '{expect}' "
          f"(got: {p.stderr.strip()[:300]})")
    check(not os.path.exists(os.path.join(folder, "results.h5")),
          f"{label}: no results written")


def write_box_stl(path, lo, hi):
    """A closed box surface, two triangles per face (ASCII STL)."""
    corner = lambda i, j, k: (hi[0] if i else lo[0], hi[1] if j else lo[1],
                              hi[2] if k else lo[2])
    quads = [[(0, 0, 0), (0, 1, 0), (1, 1, 0), (1, 0, 0)],
             [(0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1)],
             [(0, 0, 0), (1, 0, 0), (1, 0, 1), (0, 0, 1)],
             [(0, 1, 0), (0, 1, 1), (1, 1, 1), (1, 1, 0)],
             [(0, 0, 0), (0, 0, 1), (0, 1, 1), (0, 1, 0)],
             [(1, 0, 0), (1, 1, 0), (1, 1, 1), (1, 0, 1)]]
    with open(path, "w") as f:
        f.write("solid box\n")
        for q in quads:
            for t in ((q[0], q[1], q[2]), (q[0], q[2], q[3])):
                f.write("facet normal 0 0 0\n outer loop\n")
                for c in t:
                    f.write("  vertex %r %r %r\n" % corner(*c))
                f.write(" endloop\nendfacet\n")
        f.write("endsolid box\n")


def imported_sets(mesh):
    # The outline's landmarks and fibres, as on the built-in foot (on a mesh
    # file they come from the mesh by default): a round trip compares the
    # mesh alone. Cases that want the mesh's append their own --set.
    return ["Geometry/Shape=mesh file", f"Geometry/Mesh file={mesh}",
            "Geometry/Length unit=m", "Geometry/Landmarks=outline",
            "Geometry/Fibre directions=outline"]


if CASE == "2d":
    builtin = os.path.join(SCENARIOS, "stance", "quiet_standing_2d.prm")
    reference = run("builtin", builtin, [])
    shipped = os.path.join(SCENARIOS, "import", "quiet_standing_2d_from_file.prm")
    compare(reference, run("shipped_msh", shipped, []),
            "scenarios/import/quiet_standing_2d_from_file.prm")
    inp = os.path.join(OUT, "foot_2d.inp")
    export(builtin, [], inp)
    compare(reference, run("inp", builtin, imported_sets(inp)), "Abaqus .inp")
    # Massage composes the same limb with a tool: a tennis ball rolled
    # under the arch, on the exported foot of its own scenario.
    massage = os.path.join(SCENARIOS, "massage", "central_arch_tennis_ball_2d.prm")
    mesh = os.path.join(OUT, "massage_foot_2d.msh")
    export(massage, [], mesh)
    compare(run("massage_builtin", massage, []),
            run("massage_msh", massage, imported_sets(mesh)),
            "massage (central arch, tennis ball) on .msh")
elif CASE == "3d":
    builtin = os.path.join(SCENARIOS, "stance", "quiet_standing_3d.prm")
    reference = run("builtin", builtin, COARSE_3D)
    for ext in ("msh", "inp"):
        mesh = os.path.join(OUT, f"foot_3d.{ext}")
        export(builtin, COARSE_3D, mesh)
        compare(reference, run(ext, builtin, COARSE_3D + imported_sets(mesh)),
                f"3D {ext}")
    # Massage in 3D on a mesh file: the tennis ball under the arch on the
    # exported foot gives the built-in run's metrics; with the defaults of a
    # mesh file (auto: landmarks and fibres from the mesh) the ball finds
    # the arch on the mesh and the tissue answers as on the built-in foot
    # with the same Laplace fibres.
    ball = os.path.join(SCENARIOS, "massage", "central_arch_tennis_ball_3d.prm")
    mesh = os.path.join(OUT, "massage_foot_3d.msh")
    export(ball, COARSE_3D, mesh)
    on_file = COARSE_3D + imported_sets(mesh)
    compare(run("ball_builtin", ball, COARSE_3D),
            run("ball_msh", ball, on_file), "3D massage on .msh")
    # The pair runs with the calf slack in the seated posture (a 30 degree
    # range). With the scenario's 15 degrees the calf is stretched 7 mm and
    # its passive pull is exponential in that stretch: the tendon's ends
    # found on this 10 mm mesh put the stretch 0.42 mm (0.7 degrees of
    # slack) from the outline's, which moved the pull by 9 % and, through
    # the foot's posture on the ball, the travel by 8.7 % (measured). The
    # landmarks' accuracy is checked directly instead; on the 3 mm 2D mesh
    # the calf runs as shipped (mesh_landmarks).
    slack = ["Subject/Calf/Dorsiflexion range=30"]
    own = on_file + slack + ["Geometry/Landmarks=auto",
                             "Geometry/Fibre directions=auto"]
    with_outline = run("ball_laplace", ball, COARSE_3D + slack +
                       ["Geometry/Fibre directions=laplace"])
    with_mesh = run("ball_own", ball, own)
    within_5_percent(with_outline, with_mesh, "outline landmarks",
                     "3D mesh file, defaults", keys=MASSAGE_METRICS)
    stretch = [model_value(name, "calf_stretch_at_stance_mm")
               for name in ("ball_laplace", "ball_own")]
    check(abs(stretch[0] - stretch[1]) < 1.,
          f"calf stretch from the mesh's tendon ends {stretch[1]:.3f} mm vs "
          f"the outline's {stretch[0]:.3f} mm: within a millimetre")
elif CASE == "shipped_mesh":
    for name, scenario, sets in (
            ("quiet_standing", "quiet_standing_2d.prm", []),
            ("midstance", "midstance_2d.prm", []),
            ("split_triangles", "quiet_standing_2d.prm",
             ["Foot/Mesh/Quadrilaterals=split triangles"])):
        fresh = os.path.join(OUT, f"foot_2d_{name}.msh")
        export(os.path.join(SCENARIOS, "stance", scenario), sets, fresh)
        stored = os.path.join(ROOT, "meshes", f"foot_2d_{name}.msh")
        check(filecmp.cmp(fresh, stored, shallow=False),
              f"meshes/foot_2d_{name}.msh is current (if not: "
              f"scripts/make-import-meshes)")
elif CASE == "second_foot":
    # The same anatomy meshed the other way (triangles split in three): the
    # metrics users read must not depend on which quadrilateral mesh
    # carries them, to the 5 % validation.mesh_convergence_2d asks of two
    # refinements, on the same list of metrics but two. Peaks are printed,
    # not checked: a peak is a cell value, and between two topologies (not
    # two refinements of one) the forefoot peak moves 7.7 % and the
    # rearfoot peak 29 % (docs/import.md). The arch height loss (5.4 %) is
    # printed too: it is measured from a point of the heel's skin, inside
    # the contact patch, where the two meshes differ most (refining the
    # built-in mesh to 2 and 1.5 mm moves it by 0.3 and 1.4 % only); the
    # arch drop, measured from the ground, is checked.
    builtin = run("builtin", os.path.join(SCENARIOS, "stance",
                                          "quiet_standing_2d.prm"), [])
    second = run("split_triangles",
                 os.path.join(SCENARIOS, "import",
                              "quiet_standing_2d_split_triangles.prm"), [])
    # The rearfoot peak as a platform's 5 mm sensor reads it does not move
    # with the mesh (33.6 vs 35.1 kPa where the point peaks read 34.2 and
    # 47.9): it is checked too.
    within_5_percent(builtin, second, "built-in mesh", "split triangles",
                     keys=INTEGRAL_METRICS + ["rearfoot_sensor_peak_pressure"])
elif CASE == "triangles":
    # A simplex mesh is split when read (anatomy/simplex_split.h) as Gmsh
    # splits triangles for the second mesh: the triangles behind that mesh,
    # read as a file, must give its run again.
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import triangle_foot
    second = os.path.join(SCENARIOS, "import",
                          "quiet_standing_2d_split_triangles.prm")
    quads = os.path.join(OUT, "split_triangles.inp")
    export(os.path.join(SCENARIOS, "stance", "quiet_standing_2d.prm"),
           ["Foot/Mesh/Quadrilaterals=split triangles"], quads)
    triangles = os.path.join(OUT, "triangles.inp")
    n_triangles, n_quads = triangle_foot.write_triangle_inp(quads, triangles)
    check(3 * n_triangles == n_quads,
          f"{n_triangles} triangles behind the {n_quads} quadrilaterals")
    compare(run("split_by_gmsh", second, []),
            run("split_when_read", second,
                [f"Geometry/Mesh file={triangles}"]),
            "triangles (CPE3) split when read")
elif CASE == "bad_files":
    builtin = os.path.join(SCENARIOS, "stance", "quiet_standing_2d.prm")
    good = os.path.join(OUT, "foot.inp")
    export(builtin, [], good)
    text = open(good).read()
    cases = {
        "absent": (None, "Geometry/Mesh file: .*absent.inp: no such mesh file"),
        "unknown_region": (text.replace("ELSET=heel_pad\n", "ELSET=fat\n"),
                           "element sets \\(fat\\) are not regions of the model"),
        "millimetres": (text, "mm long in Geometry/Length unit = mm"),
    }
    for name, (content, expect) in cases.items():
        path = os.path.join(OUT, f"{name}.inp")
        if content is not None:
            with open(path, "w") as f:
                f.write(content)
        sets = imported_sets(path)
        if name == "millimetres":
            sets = [x if not x.startswith("Geometry/Length unit") else
                    "Geometry/Length unit=mm" for x in sets]
        refused(builtin, os.path.join(OUT, f"run_{name}"), sets, expect, name)
    # A skin surface (.stl) with an inner one: the scenario's relative paths
    # reach the surface mesher, whose hexahedra go through the same checks
    # (here: the regions the model needs are missing); 2D is refused.
    surfaces = os.path.join(OUT, "surfaces")
    os.makedirs(surfaces, exist_ok=True)
    write_box_stl(os.path.join(surfaces, "skin.stl"), (0, 0, 0), (0.25, 0.1, 0.09))
    write_box_stl(os.path.join(surfaces, "bone.stl"), (0.05, 0.03, 0.03), (0.1, 0.06, 0.06))
    scenario = os.path.join(surfaces, "stl_foot.prm")
    shutil.copyfile(os.path.join(SCENARIOS, "stance", "quiet_standing_3d.prm"), scenario)
    refused(scenario, os.path.join(OUT, "run_stl"),
            ["Geometry/Shape=mesh file", "Geometry/Mesh file=skin.stl",
             "Geometry/Inner surfaces=calcaneus: bone.stl"],
            "surfaces/skin.stl: the mesh has no group for", "skin and bone surfaces")
    refused(builtin, os.path.join(OUT, "run_stl_2d"),
            imported_sets(os.path.join(surfaces, "skin.stl")),
            "surfaces \\(.stl\\) make a 3D mesh", "surfaces in 2D")
elif CASE == "laplace_fibres":
    stance = os.path.join(SCENARIOS, "stance", "quiet_standing_2d.prm")
    laplace = ["Geometry/Fibre directions=laplace"]
    outline = run("outline", stance, [])
    mesh_fibres = run("laplace", stance, laplace)
    # The two rules agree along the bands and differ in the cells where a
    # band meets its bone: the heel attachment's mean matrix stresses read
    # there (-3.9 and -5.0 %) are printed, not checked; the ligament forces
    # move by design (docs/model.md, section 3, Fibre directions).
    within_5_percent(outline, mesh_fibres, "outline_fibres", "Laplace fibres",
                     skip=["heel_attachment_mean_von_mises",
                           "heel_attachment_mean_max_principal"])
    # The Laplace fields depend on the mesh alone: the exported foot gives
    # the built-in run's metrics exactly, the second mesh within 5 %.
    shipped = os.path.join(SCENARIOS, "import", "quiet_standing_2d_from_file.prm")
    compare(mesh_fibres, run("shipped_laplace", shipped, laplace),
            "Laplace fibres on meshes/foot_2d_quiet_standing.msh")
    second = os.path.join(SCENARIOS, "import",
                          "quiet_standing_2d_split_triangles.prm")
    within_5_percent(mesh_fibres, run("second_laplace", second, laplace),
                     "built-in mesh, Laplace", "split triangles, Laplace")
    # A fascia cut off before the toes (the phalanges' set renamed): the
    # Laplace rule has no second end and says so.
    good = os.path.join(OUT, "foot.inp")
    export(stance, [], good)
    cut = os.path.join(OUT, "no_phalanges.inp")
    with open(cut, "w") as f:
        f.write(open(good).read().replace("ELSET=phalanges\n",
                                          "ELSET=soft_tissue\n"))
    refused(stance, os.path.join(OUT, "run_cut"), imported_sets(cut) + laplace,
            "Geometry/Fibre directions: laplace: fibre directions of the "
            "fascia: a piece of fascia\\+fascia_insertion .* touches only "
            "calcaneus", "fascia without phalanges")
elif CASE == "mesh_landmarks":
    # Landmarks from the mesh go with fibres from the mesh (the outline's
    # fibres follow the outline's landmarks); the reference is the outline's
    # landmarks with the same Laplace fibres.
    stance = os.path.join(SCENARIOS, "stance", "quiet_standing_2d.prm")
    laplace = ["Geometry/Fibre directions=laplace"]
    found = ["Geometry/Landmarks=mesh"] + laplace
    outline = run("outline", stance, laplace)
    within_5_percent(outline, run("mesh", stance, found),
                     "outline landmarks", "mesh landmarks")
    second = os.path.join(SCENARIOS, "import",
                          "quiet_standing_2d_split_triangles.prm")
    within_5_percent(outline, run("second_mesh", second, found),
                     "outline landmarks", "split triangles, mesh landmarks")
    # Everything from the file: the exported foot as a foreign mesh, with
    # the shipped template.
    shipped = os.path.join(SCENARIOS, "import",
                           "quiet_standing_2d_own_landmarks.prm")
    within_5_percent(outline, run("all_from_mesh", shipped, []),
                     "outline landmarks", "landmarks and fibres from the file")
    # A smaller foot: the exported one scaled to 85 % (226 mm) with the Foot
    # section left at 266 mm. Refused with the outline's landmarks; with
    # its own it runs, in balance, carrying the same load.
    big = os.path.join(OUT, "foot.inp")
    export(stance, [], big)
    small = os.path.join(OUT, "foot_85_percent.inp")
    with open(big) as f, open(small, "w") as out:
        nodes = False
        for line in f:
            if line.startswith("*"):
                nodes = line.upper().startswith("*NODE")
            elif nodes:
                fields = [x.strip() for x in line.split(",")]
                line = ", ".join([fields[0]] + [repr(0.85 * float(x))
                                                for x in fields[1:]]) + "\n"
            out.write(line)
    refused(os.path.join(SCENARIOS, "import", "quiet_standing_2d_from_file.prm"),
            os.path.join(OUT, "run_small_outline"),
            [f"Geometry/Mesh file={small}"],
            "mm long but Foot/Anatomy/Foot length is 266 mm",
            "the 85 % foot with the outline's landmarks")
    scaled = run("small_foot", shipped, [f"Geometry/Mesh file={small}"])
    load = outline["ground_reaction"]
    check(abs(scaled["ground_reaction"] - load) <= 1e-6 * load,
          f"85 % foot: ground reaction {scaled['ground_reaction']:.6g} N = "
          f"the load {load:.6g} N")
    # In balance on its own sizes: the calf's, the tendon's and the
    # fascia's sections and the tendon's length are measured on the mesh.
    # (With the Foot section's 30 mm calf on this 25.5 mm one, the active
    # pull the balance asked for was spread over a section 18 % too large,
    # 15 % of it never reached the tendon, and the knee pin carried the
    # missing moment: 1.03 % of body weight, the centre of pressure 8 mm
    # behind the weight line.)
    knee = scaled["knee_horizontal_reaction_per_body_weight"]
    check(abs(knee) < 0.5,
          f"85 % foot: knee pin reaction {knee:.3g} % of body weight < 0.5 %")
    for key in ("knee_horizontal_reaction_per_body_weight",
                "centre_of_pressure_ahead_of_ankle"):
        print(f"     85 % foot: {key:45s} {outline[key]:10.4g} -> "
              f"{scaled[key]:10.4g}")
    check(0.6 < scaled["contact_area"] / outline["contact_area"] < 0.95,
          f"85 % foot: contact area {scaled['contact_area']:.4g} cm^2, "
          f"smaller than the full-size foot's {outline['contact_area']:.4g}")
    for key in ("fascia_tension", "achilles_force", "arch_height_drop",
                "heel_pad_compressive_strain", "rearfoot_peak_pressure"):
        print(f"     85 % foot: {key:35s} {outline[key]:10.4g} -> "
              f"{scaled[key]:10.4g}")
    # Massage on the mesh's own surface: the points are found from the
    # mesh's landmarks (tennis ball under the central arch: 0.8 mm from the
    # outline's point), so the tool's work and the tissue's answer match
    # the outline's run; on the 85 % foot the ball finds that foot's arch.
    ball = os.path.join(SCENARIOS, "massage", "central_arch_tennis_ball_2d.prm")
    ball_outline = run("ball_outline", ball, laplace)
    within_5_percent(ball_outline, run("ball_mesh", ball, found),
                     "outline landmarks", "mesh landmarks", keys=MASSAGE_METRICS)
    ball_small = run("ball_small_foot", ball,
                     imported_sets(small) + found)
    check(ball_small["tool_travel"] > 0. and
          abs(ball_small["tool_force_balance_error"]) < 1e-6,
          f"85 % foot, tennis ball under its arch: travel "
          f"{ball_small['tool_travel']:.3g} mm, force in balance")
    for key in MASSAGE_METRICS:
        print(f"     85 % foot, ball: {key:35s} {ball_outline[key]:10.4g} -> "
              f"{ball_small[key]:10.4g}")
    # Tool placements the mesh refuses as the outline does.
    thumb = os.path.join(SCENARIOS, "massage", "heel_attachment_thumb_2d.prm")
    on_shipped = imported_sets(os.path.abspath(os.path.join(
        ROOT, "meshes", "foot_2d_quiet_standing.msh"))) + found
    for name, sets, expect in (
            ("inside_bone", ["Massage/Load=indentation",
                             "Massage/Indentation=40"],
             "Massage/Indentation: .*would reach into the calcaneus"),
            ("outside_body", ["Massage/Offset=0, 5, 0"],
             "Massage/Offset.*outside the body"),
            ("off_the_sole", ["Massage/Offset=300, 0, 0"],
             "Massage/Offset: shifting the point heel_attachment by 300 mm"),
            ("too_big", ["Massage/Diameter=400"],
             "Massage/Diameter.*bigger than the foot \\(266 mm\\)")):
        refused(thumb, os.path.join(OUT, f"run_thumb_{name}"),
                on_shipped + sets, expect, f"mesh landmarks, thumb {name}")
    # A landmark given as a node set of the file equals the same point given
    # in the scenario; one outside its bone is refused naming the set.
    text = open(big).read()
    nodes, midfoot = {}, None
    section = ""
    for line in text.splitlines():
        if line.startswith("*"):
            section = line.upper()
            continue
        fields = [x.strip() for x in line.split(",")]
        if section.startswith("*NODE"):
            nodes[fields[0]] = (float(fields[1]), float(fields[2]))
        elif "ELSET=MIDFOOT" in section and midfoot is None:
            midfoot = fields[1]
    x, y = nodes[midfoot]
    with_set = os.path.join(OUT, "foot_navicular_set.inp")
    with open(with_set, "w") as f:
        f.write(text + f"*NSET, NSET=navicular\n{midfoot}\n")
    given = run("navicular_given", stance, imported_sets(big) + found +
                [f"Geometry/Landmark points=navicular: {x!r} {y!r}"])
    compare(given,
            run("navicular_node_set", stance, imported_sets(with_set) + found),
            "navicular as a node set vs the same point in Landmark points")
    check(abs(given["arch_height_drop"] - outline["arch_height_drop"]) >
          1e-3 * abs(outline["arch_height_drop"]),
          f"the given navicular (a midfoot node) is not the found one: arch "
          f"drop {given['arch_height_drop']:.4g} vs "
          f"{outline['arch_height_drop']:.4g} mm")
    far = os.path.join(OUT, "foot_navicular_far.inp")
    with open(far, "w") as f:
        f.write(text + "*NSET, NSET=navicular\n1\n")
    refused(stance, os.path.join(OUT, "run_far_set"),
            imported_sets(far) + found,
            "Geometry/Mesh file: .*foot_navicular_far.inp: node set "
            "navicular: navicular at .* lies .* outside the midfoot",
            "navicular node set outside the midfoot")
    outline_landmarks = ["Geometry/Landmarks=outline", laplace[0]]
    outline_fibres = [found[0], "Geometry/Fibre directions=outline"]
    for name, sets, points, expect in (
            ("outside", found, "mtp_centre: 0.05 0.2",
             "--set \"Geometry/Landmark points=mtp_centre: 0.05 0.2\": "
             "Geometry/Landmark points: mtp_centre at \\(50.0, 200.0\\) mm "
             "lies .* outside the metatarsal"),
            ("unknown", found, "navicula: 0.1 0.03",
             "--set \"Geometry/Landmark points=navicula: 0.1 0.03\": "
             "Geometry/Landmark points: 'navicula' is not a landmark"),
            ("malformed", found, "navicular: 0.1",
             "Geometry/Landmark points: 'navicular: 0.1' is not 'name: x y'"),
            ("outline_fibres", outline_fibres, "",
             "Geometry/Landmarks: mesh needs Geometry/Fibre directions = "
             "laplace"),
            ("points_unused", outline_landmarks, "navicular: 0.1 0.03",
             "Geometry/Landmark points: given, but the landmarks come from "
             "the outline")):
        # On a mesh file the landmarks are found (and checked) with the
        # scenario's other checks: the message names the --set that gave
        # the entry.
        refused(shipped, os.path.join(OUT, f"run_{name}"),
                sets + [f"Geometry/Landmark points={points}"], expect,
                f"{name} landmark point")
else:
    sys.exit(f"unknown case {CASE}")

if failures:
    sys.exit(f"{len(failures)} check(s) failed")
