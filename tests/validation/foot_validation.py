#!/usr/bin/env python3
"""Validation of the 2D foot model against published trends and figures
(../shared/references.md). One case per invocation:

  foot_validation.py EXE SCENARIO_DIR OUT_DIR CASE

Each case runs the shipped scenarios (with --set overrides where the
published set-up differs), reads summary.json and checks the published
relation. Tolerances are stated next to each check with their reason.
"""
import json
import os
import subprocess
import sys

EXE, SCENARIOS, OUT, CASE = sys.argv[1:5]
failures = []


def run(name, scenario, *sets):
    folder = os.path.join(OUT, CASE, name)
    cmd = [EXE, "run", os.path.join(SCENARIOS, scenario), "-o", folder,
           "--set", "Output/Write VTU=false"]
    for s in sets:
        cmd += ["--set", s]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{name}: run failed ({p.returncode}):\n{p.stderr[-2000:]}")
    with open(os.path.join(folder, "summary.json")) as f:
        s = json.load(f)
    m = {k: v["value"] for k, v in s["metrics"].items()}
    print(f"{name}: " + ", ".join(f"{k}={m[k]:.4g}" for k in
          ("fascia_tension", "achilles_force", "heel_attachment_peak_von_mises",
           "rearfoot_peak_pressure", "rearfoot_load_share")))
    return m


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def increasing(values):
    return all(b > a for a, b in zip(values, values[1:]))


if CASE == "cheung_achilles":
    # Cheung, Zhang & An 2006: 350 N foot load, Achilles force 0-700 N; the
    # fascia tension rises with the Achilles load, and per newton the
    # Achilles load strains the fascia about twice as much as body weight.
    forces = [0, 350, 700]
    ms = [run(f"achilles_{F}", "stance/quiet_standing_2d.prm",
              "Stance/Ankle dorsiflexion=0",
              "Subject/Calf/Achilles force=prescribed",
              f"Subject/Calf/Prescribed force={F}") for F in forces]
    pf = [m["fascia_tension"] for m in ms]
    check(increasing(pf), f"fascia tension rises with Achilles force: {pf}")
    foot_load = 0.5 * 70 * 9.81
    per_achilles = (pf[2] - pf[0]) / 700.
    per_weight = pf[0] / foot_load
    ratio = per_achilles / per_weight
    # "About twice" is a qualitative statement from one subject's model:
    # accept 1.2-4 (same order, Achilles clearly the stronger lever).
    check(1.2 < ratio < 4.0,
          f"fascia tension per N of Achilles / per N of body weight = "
          f"{ratio:.2f} (Cheung: about 2)")
    # The Achilles pull moves load from the heel to the forefoot.
    share = [m["rearfoot_load_share"] for m in ms]
    check(share[0] > share[1] > share[2],
          f"rearfoot load share falls with Achilles force: {share}")

elif CASE == "windlass":
    # Hicks 1954: dorsiflexing the toes winds the fascia round the
    # metatarsal head and tightens it.
    ms = [run(f"toe_{a}", "stance/midstance_2d.prm",
              f"Stance/Toe dorsiflexion={a}") for a in (0, 15, 30)]
    pf = [m["fascia_tension"] for m in ms]
    check(increasing(pf), f"fascia tension rises with toe dorsiflexion: {pf}")
    check(pf[2] > 1.2 * pf[0], "30 degrees raises the tension by > 20 %")

elif CASE == "calf_tightness":
    # Clinical claim to test (DiGiovanni 2002, Riddle 2003): a tighter calf
    # loads the heel attachment more. Stance ankle 10 degrees, ranges 15 ->
    # 0 degrees: heel-attachment stress and Achilles force must rise
    # monotonically.
    ms = [run(f"range_{r}", f"calf_sweep/midstance_range_{r}.prm")
          for r in (15, 10, 5, 0)]
    vm = [m["heel_attachment_peak_von_mises"] for m in ms]
    mean = [m["heel_attachment_mean_von_mises"] for m in ms]
    fa = [m["achilles_force"] for m in ms]
    check(increasing(vm), f"heel-attachment peak von Mises rises: {vm}")
    check(increasing(mean), f"heel-attachment mean von Mises rises: {mean}")
    check(increasing(fa), f"Achilles force rises: {fa}")
    # Supple calf at 10 degrees vs Riener & Edrich 1999: 17 N m passive
    # moment / 48 mm moment arm ~ 350 N. The 2D model's compliance changes
    # it somewhat: accept 150-600 N.
    check(150. < fa[0] < 600., f"supple calf Achilles force {fa[0]:.0f} N "
          "(Riener & Edrich: ~350 N)")

elif CASE == "late_stance":
    # Erdemir 2004: peak fascia force 0.96 +- 0.36 BW in late stance
    # (cadaver gait simulator); Caravaggi 2009: ~1.5 BW in vivo. Accept
    # 0.6-2.0 BW: the union of the two within their spread.
    m = run("heel_off", "stance/heel_off_2d.prm")
    bw = m["fascia_tension_per_body_weight"]
    check(0.6 < bw < 2.0, f"late-stance fascia tension {bw:.2f} BW "
          "(Erdemir 0.96 +- 0.36, Caravaggi ~1.5)")

elif CASE == "quiet_standing":
    # 416 adults (J Physiol Anthropol 2020): rearfoot peak pressure ~95 kPa,
    # rearfoot share 54-55 %. "Of the published order": a 2D plane-strain
    # slice spreads the heel load over the foot's whole width, so the peak is
    # expected lower than in a rounded real heel: accept 30-250 kPa, and a
    # share of 40-70 %.
    m = run("quiet", "stance/quiet_standing_2d.prm")
    check(30. < m["rearfoot_peak_pressure"] < 250.,
          f"rearfoot peak pressure {m['rearfoot_peak_pressure']:.0f} kPa "
          "(published ~95)")
    check(40. < m["rearfoot_load_share"] < 70.,
          f"rearfoot load share {m['rearfoot_load_share']:.0f} % "
          "(published 54-55)")
    # Force balance: the ground carries the body weight on this foot.
    check(abs(m["ground_reaction"] - 0.5 * 70 * 9.81) < 0.01 * 343.,
          f"ground reaction {m['ground_reaction']:.1f} N = half body weight")
elif CASE in ("mesh_convergence_2d", "mesh_convergence_3d"):
    # Issue #4: the metrics users read change by < 5 % between the two
    # finest shipped refinements (docs/model.md 7f has the full tables).
    # Peak values are excluded and reported: the peak heel-attachment
    # stress and fascia strain sit where the stiff band enters the bone and
    # grow with refinement like a stress concentration, and in 3D the heel
    # pressure peaks at the extruded heel's square edge (7f). Users are
    # told to compare the means.
    converged = ["fascia_tension", "heel_attachment_mean_von_mises",
                 "heel_attachment_mean_max_principal", "fascia_mean_strain",
                 "achilles_force", "arch_height_drop", "arch_height_loss",
                 "forefoot_peak_pressure", "contact_area",
                 "rearfoot_load_share", "heel_pad_compressive_strain"]
    if CASE == "mesh_convergence_2d":
        # Cell size 2 and 1.5 mm (8.8k and 13.3k DOFs) at midstance.
        converged.append("rearfoot_peak_pressure")
        coarse = run("h2", "stance/midstance_2d.prm", "Foot/Mesh/Cell size 2D=2")
        fine = run("h1.5", "stance/midstance_2d.prm", "Foot/Mesh/Cell size 2D=1.5")
    else:
        # The default 3D mesh (6 mm in-plane, 12 mm slices, 40k DOFs) and
        # the finest in the table (4 mm, 8 mm slices, 58k DOFs).
        coarse = run("h6", "stance/quiet_standing_3d.prm")
        fine = run("h4", "stance/quiet_standing_3d.prm",
                   "Foot/Mesh/Cell size 3D=4", "Foot/Mesh/Slice size=8")
    for k in converged:
        change = abs(fine[k] - coarse[k]) / max(abs(coarse[k]), 1e-12)
        check(change < 0.05, f"{k}: {coarse[k]:.4g} -> {fine[k]:.4g} "
              f"({100 * change:.1f} % < 5 %)")
    for k in ("heel_attachment_peak_von_mises", "fascia_peak_strain",
              "rearfoot_peak_pressure"):
        if k not in converged:
            print(f"info {k}: {coarse[k]:.4g} -> {fine[k]:.4g} (peak, not checked)")
else:
    sys.exit(f"unknown case {CASE}")

if failures:
    sys.exit(f"{len(failures)} check(s) failed")
