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
import shutil
import subprocess
import sys

EXE, SCENARIOS, OUT, CASE = sys.argv[1:5]
failures = []
# This case's own output folder in the build tree: start clean (an earlier
# run of a renamed scenario would otherwise be refused as someone else's).
shutil.rmtree(os.path.join(OUT, CASE), ignore_errors=True)


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
    m["_cutbacks"] = s["convergence"]["cutbacks"]
    m["_load_fractions"] = [step["load_fraction"] for step in s["convergence"]["steps"]]
    m["_contact_smoothing_m"] = s["convergence"].get("contact_smoothing_m", 0.)
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
    # loads the heel attachment more. Quiet standing at the neutral ankle
    # (the posture every subject of the sweep can reach), body in balance,
    # ranges 15 -> 0 degrees. In balance the calf pulls with what the body's
    # moment about the ankle needs (W d / r = 0.5 BW x 40 mm / 49.5 mm ~ 277
    # N) unless its passive pull alone is more: the 15 and 10 degree calves
    # are below that need, the 5 and 0 degree ones above it. So the heel
    # load is the same for the first two and rises after: check that shape,
    # not a strict rise.
    ms = [run(f"range_{r}", f"calf_sweep/standing_range_{r}.prm")
          for r in (15, 10, 5, 0)]
    vm = [m["heel_attachment_peak_von_mises"] for m in ms]
    mean = [m["heel_attachment_mean_von_mises"] for m in ms]
    fa = [m["achilles_force"] for m in ms]
    passive = [m["achilles_force_passive"] for m in ms]

    def not_falling(values):
        return all(b > a * (1 - 0.005) for a, b in zip(values, values[1:]))

    fibre = [m["heel_attachment_fibre_stress"] for m in ms]
    check(not_falling(fibre),
          f"heel-attachment fibre stress never falls: {fibre}")
    check(not_falling(vm), f"heel-attachment peak von Mises never falls: {vm}")
    check(not_falling(mean), f"heel-attachment mean von Mises never falls: {mean}")
    check(not_falling(fa), f"Achilles force never falls: {fa}")
    check(abs(fa[1] - fa[0]) < 0.01 * fa[0],
          "balance governs the 15 and 10 degree calves: same Achilles force")
    check(fa[3] > 1.5 * fa[1] and mean[3] > 1.3 * mean[1],
          "the severely tight calf (0 degrees) pulls harder than balance "
          f"needs and loads the heel attachment more: {fa[3]:.0f} N, "
          f"{mean[3]:.3f} MPa")
    check(increasing(passive), f"passive calf pull rises with tightness: {passive}")
    # Severe equinus at its end of range: the passive pull is the end-of-
    # range moment over the moment arm, 27 N m / 48 mm = 563 N.
    check(abs(fa[3] - 562.5) < 0.1 * 562.5,
          f"0-degree calf at the neutral ankle pulls {fa[3]:.0f} N "
          "(end-of-range moment / moment arm: 563 N)")

elif CASE == "balance":
    # The body in balance over the foot (inverted-pendulum stance, Winter
    # 1995): the calf pulls with body weight x 40 mm / Achilles moment arm,
    # the knee's horizontal hold carries < 1 % of body weight, the centre of
    # pressure sits where the weight acts, and single-leg stance needs
    # twice the bipedal pull. Cheung et al. 2006 matched measured quiet
    # standing with an Achilles force of ~75 % of the foot load (350 N):
    # 200-350 N per foot.
    both = run("bipedal", "stance/quiet_standing_2d.prm")
    single = run("single", "stance/single_leg_2d.prm")
    body_weight = 70 * 9.81
    for name, m in (("bipedal", both), ("single-leg", single)):
        share = abs(m["knee_horizontal_reaction_per_body_weight"])
        check(share < 1.0, f"{name}: knee horizontal reaction {share:.2f} % BW < 1 %")
        check(abs(m["centre_of_pressure_ahead_of_ankle"] - 40.) < 5.,
              f"{name}: centre of pressure "
              f"{m['centre_of_pressure_ahead_of_ankle']:.1f} mm ahead of the ankle "
              "(weight line 40 mm; the foot settles by a few mm)")
        check(abs(m["achilles_force_passive"] + m["achilles_force_active"] -
                  m["achilles_force"]) < 0.05 * m["achilles_force"],
              f"{name}: passive + active calf pull = Achilles force")
    check(200. < both["achilles_force"] < 350.,
          f"bipedal Achilles force {both['achilles_force']:.0f} N (Cheung 2006: 200-350)")
    ratio = single["achilles_force"] / both["achilles_force"]
    check(1.8 < ratio < 2.2, f"single-leg / bipedal Achilles force {ratio:.2f} (about 2)")
    check(abs(both["ground_reaction"] - 0.5 * body_weight) < 0.01 * 343.,
          f"ground reaction {both['ground_reaction']:.1f} N = half body weight")
    # The sole starts exactly on the ground, on the contact law's kink: with
    # the kink rounded from the first iteration the shipped stance files
    # lose no attempt (before: one cut-back each, 24 wasted iterations).
    for name, m in (("bipedal", both), ("single-leg", single)):
        check(m["_contact_smoothing_m"] > 0. and m["_cutbacks"] == 0,
              f"{name}: contact kink rounded from the start "
              f"({m['_contact_smoothing_m']:.3g} m), {m['_cutbacks']} cut-backs")
    # Three nominal steps from an eighth: 1/24, 2/24, 4/24, 8/24 and then the
    # rest (9/24) in one step, not 8/24 and a sliver of 1/24 (session 34).
    fractions = both["_load_fractions"]
    expected = [1 / 24, 3 / 24, 7 / 24, 15 / 24, 1.]
    check(len(fractions) == len(expected) and
          all(abs(a - b) < 1e-9 for a, b in zip(fractions, expected)),
          f"bipedal load steps end without a sliver: {fractions}")

elif CASE == "balance_3d":
    # The 3D acceptance on a coarse version of the shipped 3D quiet
    # standing (the mesh of test scenario.foot_quiet_standing_3d_coarse, ~30
    # s): Achilles force 200-350 N per foot (Cheung 2006), knee < 1 % BW.
    m = run("bipedal_3d", "stance/quiet_standing_3d.prm",
            "Foot/Mesh/Cell size 3D=10", "Foot/Mesh/Slice size=30",
            "Foot/Leg/Tibia width=20", "Foot/Leg/Achilles width=20",
            "Foot/Cartilage thickness=3")
    check(200. < m["achilles_force"] < 350.,
          f"3D bipedal Achilles force {m['achilles_force']:.0f} N (Cheung 2006: 200-350)")
    share = abs(m["knee_horizontal_reaction_per_body_weight"])
    check(share < 1.0, f"3D knee horizontal reaction {share:.2f} % BW < 1 %")
    check(abs(m["centre_of_pressure_ahead_of_ankle"] - 40.) < 5.,
          f"3D centre of pressure {m['centre_of_pressure_ahead_of_ankle']:.1f} mm "
          "ahead of the ankle (weight line 40 mm)")
    # 2D against 3D (issue #13): the same scenario gives the heel-attachment
    # stress and the fascia strain within 20 %. The 2D pads bulge sideways
    # (plane stress); held across (plane strain) they made 2D read 33-43 %
    # low, which this test also shows, so it fails without the mechanism.
    same = ("Foot/Cartilage thickness=3",)
    m2 = run("bipedal_2d", "stance/quiet_standing_2d.prm", *same)
    held = run("bipedal_2d_held_pads", "stance/quiet_standing_2d.prm", *same,
               "Tissues/Heel pad/2D section=plane strain",
               "Tissues/Soft tissue/2D section=plane strain")
    for k in ("heel_attachment_fibre_stress", "fascia_mean_strain"):
        gap = m2[k] / m[k] - 1.
        check(abs(gap) < 0.20, f"{k}: 2D {m2[k]:.4g} vs 3D {m[k]:.4g} "
              f"({100 * gap:+.1f} %, within 20 %)")
        gap_held = held[k] / m[k] - 1.
        check(gap_held < -0.20, f"{k} with the 2D pads held across: "
              f"{held[k]:.4g} ({100 * gap_held:+.1f} %, the confinement gap)")

elif CASE == "late_stance":
    # Erdemir 2004: peak fascia force 0.96 +- 0.36 BW in late stance
    # (cadaver gait simulator); Caravaggi 2009: ~1.5 BW in vivo. Accept
    # 0.6-2.0 BW: the union of the two within their spread.
    m = run("heel_off", "stance/heel_off_2d.prm")
    bw = m["fascia_tension_per_body_weight"]
    check(0.6 < bw < 2.0, f"late-stance fascia tension {bw:.2f} BW "
          "(Erdemir 0.96 +- 0.36, Caravaggi ~1.5)")
    # Frame-free arch metric (issue #13): the ground turns under the toes,
    # so the navicular's height above it grows with the heel's rise; the
    # global-frame displacement read a 32 mm "drop" here.
    check(m["arch_height_drop"] < 0.,
          f"heel-off navicular height above the ground rises: drop "
          f"{m['arch_height_drop']:.1f} mm < 0")
    print(f"info heel-pad strain with the heel off the ground "
          f"{m['heel_pad_compressive_strain']:.2f} % (lengthwise stretch with "
          "the fascia, docs/model.md 6)")

elif CASE == "quiet_standing":
    # 416 adults (J Physiol Anthropol 2020): rearfoot peak pressure ~95 kPa,
    # rearfoot share 54-55 %. The 2D model is below that range (40 % with the
    # no-slip ground, 39.8 % with Coulomb friction, which lets the heel pad
    # slide a little): its flat sole also rests on the midfoot (arch index
    # 0.33 against 0.21-0.26 measured), which takes load the heel and the
    # forefoot carry in a foot. The missing mechanism is the arch (issues #14,
    # #15); until then the share is printed as a known gap, not checked, and
    # docs/model.md 7a says so.
    # The 2D peak pressure is not compared: it is the force per unit depth
    # spread over the foot's whole 90 mm width, where the heel's contact is
    # narrower and rounded.
    m = run("quiet", "stance/quiet_standing_2d.prm")
    print(f"info rearfoot peak pressure {m['rearfoot_peak_pressure']:.0f} kPa, "
          f"over a 5 mm sensor {m['rearfoot_sensor_peak_pressure']:.0f} kPa "
          "(published ~95; 2D width-averaged, not checked)")
    share = m["rearfoot_load_share"]
    print(f"{'ok  ' if 54. <= share <= 55. else 'GAP '} rearfoot load share "
          f"{share:.1f} % (published 54-55; known gap: midfoot contact of the "
          "flat 2D sole, issues #14/#15)")
    # 2D scaling (FootMetricContext::fascia_stress_factor): the model's band
    # is the real 20 x 3.2 mm band smeared over the 90 mm depth; its stress,
    # scaled back, times the real section is the band's force at the
    # enthesis. The tension is read 8 mm further on, after the band has
    # taken up a little more load from the tissue around it (85.6 vs 90.2 N,
    # 5 %), so allow 10 %: a wrong factor is 4.5x off.
    band_force = m["heel_attachment_fibre_stress"] * 20. * 3.2
    check(abs(band_force / m["fascia_tension"] - 1.) < 0.10,
          f"enthesis fibre stress x real section {band_force:.1f} N vs fascia "
          f"tension {m['fascia_tension']:.1f} N within 10 %")
    # Force balance: the ground carries the body weight on this foot.
    check(abs(m["ground_reaction"] - 0.5 * 70 * 9.81) < 0.01 * 343.,
          f"ground reaction {m['ground_reaction']:.1f} N = half body weight")
elif CASE == "heel_spur":
    # Issue #13: a 5 mm spur, deep (dorsal) to the fascia where spurs grow
    # (Kumai & Benjamin 2002), does not carry the band's load, so in quiet
    # standing the fascia tension changes < 1 % and the heel-attachment
    # stress on the band < 5 %. The spur must be in the mesh for this to
    # mean anything.
    mesh = subprocess.run([EXE, "mesh", os.path.join(SCENARIOS,
                                                     "stance/quiet_standing_2d.prm"),
                           "--set", "Foot/Heel spur length=5"],
                          capture_output=True, text=True)
    spur_cells = [l for l in mesh.stdout.splitlines() if "heel_spur:" in l]
    check(mesh.returncode == 0 and spur_cells and
          int(spur_cells[0].split(":")[1]) > 0,
          f"the 5 mm spur is meshed: {spur_cells}")
    m0 = run("no_spur", "stance/quiet_standing_2d.prm")
    m5 = run("spur_5mm", "stance/quiet_standing_2d.prm",
             "Foot/Heel spur length=5")
    for k, limit in (("fascia_tension", 1.), ("heel_attachment_fibre_stress", 5.)):
        change = 100. * abs(m5[k] - m0[k]) / m0[k]
        check(change < limit, f"{k}: {m0[k]:.4g} -> {m5[k]:.4g} with the spur "
              f"({change:.2f} % < {limit:g} %)")
    k = "heel_attachment_mean_von_mises"
    print(f"info {k}: {m0[k]:.4g} -> {m5[k]:.4g} "
          f"({100. * (m5[k] - m0[k]) / m0[k]:+.2f} %)")
elif CASE == "ligaments":
    # Issue #14: the plantar ligaments as bands (Foot/Ligaments). Each reports
    # its force; cutting them all (as Huang et al. 1993 sectioned them) puts
    # their share of the tie back on the fascia; the forces of the main
    # bands hold under one uniform refinement.
    names = ["spring_ligament", "short_plantar_ligament",
             "long_plantar_ligament", "plantar_tmt_ligament"]
    on = run("on", "stance/quiet_standing_2d.prm",
             "Foot/Ligaments/Plantar ligaments=on")
    off = run("off", "stance/quiet_standing_2d.prm",
              "Foot/Ligaments/Plantar ligaments=off")
    print("info ligament forces (N): " +
          ", ".join(f"{n}={on[n + '_force']:.4g}" for n in names))
    check(all(on[n + "_force"] >= 0. for n in names),
          "every ligament force is a tension (>= 0)")
    check(on["spring_ligament_force"] > 10. and
          on["long_plantar_ligament_force"] > 10.,
          "the spring and long plantar ligaments carry > 10 N in quiet "
          "standing")
    check(not any(n + "_force" in off for n in names),
          "no ligament metrics when they are cut")
    check(off["fascia_tension"] > 1.2 * on["fascia_tension"],
          f"cutting the ligaments loads the fascia: {on['fascia_tension']:.4g}"
          f" -> {off['fascia_tension']:.4g} N (> +20 %)")
    check(abs(on["ground_reaction"] - off["ground_reaction"]) <
          0.01 * off["ground_reaction"],
          "the same body weight reaches the ground either way")
    # Refined: 8 load steps (3 are enough on the default mesh; the refined
    # sole needs smaller increments to settle its contact).
    fine = run("on_refined", "stance/quiet_standing_2d.prm",
               "Foot/Ligaments/Plantar ligaments=on",
               "Foot/Mesh/Refinements=1", "Solver/Load steps=8")
    for k, limit in (("long_plantar_ligament_force", 5.),
                     ("spring_ligament_force", 10.), ("fascia_tension", 5.)):
        change = 100. * abs(fine[k] - on[k]) / on[k]
        check(change < limit, f"{k}: {on[k]:.4g} -> {fine[k]:.4g} N refined "
              f"({change:.1f} % < {limit:g} %)")
elif CASE == "articulated_arch":
    # Issue #14: sliding arch joints and a hinged first MTP
    # (Tissues/Joints/Model = sliding) with the plantar ligaments. The layers
    # start bonded and are released by half the load (Released by); 8 load
    # steps of at most 1 mm per Newton update, as the midstance files use.
    names = ["spring_ligament", "short_plantar_ligament",
             "long_plantar_ligament", "plantar_tmt_ligament"]
    # The dorsal bands (on by default) are left out: this case compares the
    # joints; validation.dorsal_ligaments adds them.
    arch = ["Foot/Ligaments/Plantar ligaments=on",
            "Foot/Ligaments/Dorsal ligaments=off",
            "Tissues/Joints/Model=sliding", "Solver/Load steps=8",
            "Solver/Max Newton displacement=1"]
    bonded = run("bonded", "stance/quiet_standing_2d.prm", *arch[:2],
                 "Tissues/Joints/Model=bonded")
    sliding = run("sliding", "stance/quiet_standing_2d.prm", *arch)
    print("info ligament forces, sliding (N): " +
          ", ".join(f"{n}={sliding[n + '_force']:.4g}" for n in names))
    # Joints that slide pass the tension the bonded layers carried across
    # the Chopart joint to the bands under it (+40 % when measured).
    check(sliding["spring_ligament_force"] >
          1.3 * bonded["spring_ligament_force"],
          f"sliding joints load the spring ligament: "
          f"{bonded['spring_ligament_force']:.4g} -> "
          f"{sliding['spring_ligament_force']:.4g} N (> +30 %)")
    check(sliding["arch_height_drop"] > bonded["arch_height_drop"],
          f"and the arch drops further: {bonded['arch_height_drop']:.3g} -> "
          f"{sliding['arch_height_drop']:.3g} mm")
    # Hicks 1954: dorsiflexing the hallux in standing winds the fascia
    # about the metatarsal head and raises the arch. The toe is hinged at
    # the head (its translation follows the head's centre), not pinned, so
    # the ground carries the body weight and nothing more.
    windlass = run("windlass", "stance/quiet_standing_2d.prm", *arch,
                   "Stance/Toe dorsiflexion=30")
    check(windlass["arch_height_drop"] < sliding["arch_height_drop"] - 0.2,
          f"30 degrees of hallux dorsiflexion raise the navicular: drop "
          f"{sliding['arch_height_drop']:.3g} -> "
          f"{windlass['arch_height_drop']:.3g} mm (> 0.2 mm rise)")
    check(windlass["fascia_tension"] > 2. * sliding["fascia_tension"],
          f"and tighten the fascia: {sliding['fascia_tension']:.4g} -> "
          f"{windlass['fascia_tension']:.4g} N (> x2)")
    bw = sliding["ground_reaction"]
    check(abs(windlass["ground_reaction"] - bw) < 0.05 * bw,
          f"the ground carries the load on the foot: "
          f"{windlass['ground_reaction']:.4g} N against {bw:.4g} N (< 5 %)")
    for case, m in (("sliding", sliding), ("windlass", windlass)):
        check(all(m[n + "_force"] >= 0. for n in names),
              f"{case}: every ligament force is a tension (>= 0)")
    # Without the fascia's stiffness (1 MPa) the foot still stands: the
    # ligaments take its share of the tie.
    no_fascia = run("no_fascia", "stance/quiet_standing_2d.prm", *arch,
                    "Tissues/Plantar fascia/Young's modulus=1")
    check(no_fascia["long_plantar_ligament_force"] >
          1.2 * sliding["long_plantar_ligament_force"],
          f"a fascia of 1 MPa: the foot converges and the long plantar "
          f"ligament takes over: {sliding['long_plantar_ligament_force']:.4g}"
          f" -> {no_fascia['long_plantar_ligament_force']:.4g} N (> +20 %)")
    # Heel-off with the hinge: the toes rest on the turned ground through
    # the metatarsal head. Below the cadaver failure load of the fascia
    # (1,189 +/- 244 N, Kitaoka 1994); the published in-vivo range (0.6-1.5
    # BW) is printed: the 2D slice, one ray carrying the whole foot, reads
    # above it (docs/model.md, Joints).
    heel_off = run("heel_off", "stance/heel_off_2d.prm", *arch[:3],
                   "Solver/Max Newton displacement=1")
    check(heel_off["fascia_tension"] < 1189.,
          f"heel-off fascia tension {heel_off['fascia_tension']:.4g} N "
          f"< 1189 N")
    print(f"info heel-off fascia tension "
          f"{heel_off['fascia_tension_per_body_weight']:.3g} BW "
          f"(0.96 +/- 0.36 BW Erdemir 2004; ~1.5 BW Caravaggi 2009)")
elif CASE == "dorsal_ligaments":
    # Issue #14: the dorsal ligaments of the Chopart and tarsometatarsal
    # joints (Foot/Ligaments/Dorsal ligaments) on the articulated arch.
    # Standing flattens the arch: the plantar side of the joints opens and
    # the dorsal side closes, so the plantar bands tie the arch while the
    # dorsal ones stay (nearly) slack. Heel-off bends the forefoot up
    # against the midfoot and stretches the dorsal tarsometatarsal band.
    dorsal = ["dorsal_talonavicular_ligament", "dorsal_tmt_ligament"]
    arch = ["Foot/Ligaments/Plantar ligaments=on",
            "Foot/Ligaments/Dorsal ligaments=on",
            "Tissues/Joints/Model=sliding", "Solver/Max Newton displacement=1"]
    stand = run("standing", "stance/quiet_standing_2d.prm", *arch,
                "Solver/Load steps=8")
    print("info dorsal ligament forces, standing (N): " +
          ", ".join(f"{n}={stand[n + '_force']:.4g}" for n in dorsal))
    check(all(stand[n + "_force"] >= 0. for n in dorsal),
          "every dorsal ligament force is a tension (>= 0)")
    slack = max(stand[n + "_force"] for n in dorsal)
    check(slack < 0.1 * stand["spring_ligament_force"],
          f"standing: the dorsal bands stay slack ({slack:.3g} N) while the "
          f"spring ligament ties the arch "
          f"({stand['spring_ligament_force']:.4g} N; < 10 %)")
    check(stand["chopart_joint_opening"] > 0.,
          f"as the Chopart joint opens plantarly "
          f"({stand['chopart_joint_opening']:.3g} mm)")
    heel_off = run("heel_off", "stance/heel_off_2d.prm", *arch)
    print("info dorsal ligament forces, heel-off (N): " +
          ", ".join(f"{n}={heel_off[n + '_force']:.4g}" for n in dorsal))
    check(heel_off["dorsal_tmt_ligament_force"] >
          2. * stand["dorsal_tmt_ligament_force"] + 1.,
          f"heel-off stretches the dorsal tarsometatarsal ligament: "
          f"{stand['dorsal_tmt_ligament_force']:.3g} -> "
          f"{heel_off['dorsal_tmt_ligament_force']:.3g} N")
    check(heel_off["fascia_tension"] < 1189.,
          f"heel-off fascia tension {heel_off['fascia_tension']:.4g} N "
          f"< 1189 N")
elif CASE == "sweep_refinement":
    # Issue #13: the metrics the calf-sweep charts plot (scripts/demo) change
    # < 5 % under one uniform refinement, at both ends of the sweep, and so
    # does the sweep's answer (the change from the supple to the severely
    # tight calf). The peaks are printed, not checked (mesh-dependent).
    charted = ["heel_attachment_fibre_stress", "fascia_tension",
               "achilles_force"]
    ends = {}
    for r in (15, 0):
        coarse = run(f"range_{r}", f"calf_sweep/standing_range_{r}.prm")
        fine = run(f"range_{r}_refined", f"calf_sweep/standing_range_{r}.prm",
                   "Foot/Mesh/Refinements=1")
        ends[r] = (coarse, fine)
        for k in charted + ["heel_attachment_mean_von_mises"]:
            change = abs(fine[k] - coarse[k]) / abs(coarse[k])
            check(change < 0.05, f"range {r}: {k} {coarse[k]:.4g} -> "
                  f"{fine[k]:.4g} ({100 * change:.1f} % < 5 %)")
        k = "heel_attachment_peak_von_mises"
        print(f"info range {r}: {k} {coarse[k]:.4g} -> {fine[k]:.4g} "
              f"({100 * (fine[k] - coarse[k]) / coarse[k]:+.1f} %, peak)")
    for k in charted:
        rise = [ends[0][i][k] / ends[15][i][k] - 1. for i in (0, 1)]
        check(abs(rise[1] - rise[0]) < 0.05,
              f"{k}: tight vs supple calf {100 * rise[0]:+.1f} % -> "
              f"{100 * rise[1]:+.1f} % refined (within 5 points)")
elif CASE == "load_path":
    # Coulomb friction makes stance path-dependent, so the shipped load
    # stepping must not be what sets the answer (docs/model.md 7g): quiet
    # standing in its 3 steps against 12. Measured (session 29): fascia,
    # arch, tendon and strains within 0.01 %, the peak plantar pressure
    # -0.5 %. The tolerances, 1 % and 3 %, are the accuracy docs/model.md
    # 7g states for these numbers (the peak pressure reads to about +-3 %
    # because the frictional equilibrium is not unique where the sole slips).
    default = run("steps_3", "stance/quiet_standing_2d.prm")
    finer = run("steps_12", "stance/quiet_standing_2d.prm",
                "Solver/Load steps=12")
    for k in ("fascia_tension", "heel_attachment_fibre_stress",
              "heel_attachment_mean_von_mises", "fascia_mean_strain",
              "achilles_force", "arch_height_drop", "rearfoot_load_share",
              "heel_pad_compressive_strain", "ground_reaction"):
        change = abs(finer[k] - default[k]) / max(abs(default[k]), 1e-12)
        check(change < 0.01, f"{k}: {default[k]:.5g} -> {finer[k]:.5g} with "
              f"12 load steps ({100 * change:.2f} % < 1 %)")
    k = "peak_plantar_pressure"
    change = abs(finer[k] - default[k]) / default[k]
    check(change < 0.03, f"{k}: {default[k]:.4g} -> {finer[k]:.4g} kPa with "
          f"12 load steps ({100 * change:.2f} % < 3 %)")
elif CASE in ("mesh_convergence_2d", "mesh_convergence_3d"):
    # Issue #4: the metrics users read change by < 5 % between the two
    # finest shipped refinements (docs/model.md 7f has the full tables).
    # Peak values are excluded and reported: the peak heel-attachment
    # stress and fascia strain sit where the stiff band enters the bone and
    # grow with refinement like a stress concentration, and in 3D the heel
    # pressure peaks at the extruded heel's square edge (7f). Users are
    # told to compare the means.
    converged = ["fascia_tension", "heel_attachment_fibre_stress",
                 "heel_attachment_mean_von_mises",
                 "heel_attachment_mean_max_principal", "fascia_mean_strain",
                 "achilles_force", "arch_height_drop", "arch_height_loss",
                 "forefoot_peak_pressure", "contact_area",
                 "rearfoot_load_share", "heel_pad_compressive_strain"]
    if CASE == "mesh_convergence_2d":
        # Cell size 2 and 1.5 mm (8.8k and 13.3k DOFs) at midstance. The
        # rearfoot peak pressure was checked too while the joints were
        # bonded (+1 %); with the sliding joints (session 32) it scatters
        # without a trend, 65.2 / 68.7 / 63.5 kPa at h = 2 / 1.5 / 1 mm,
        # the size of the frictional sole's non-unique equilibria
        # (docs/model.md 7f, 7g), so it is reported like the other peaks.
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
              "rearfoot_peak_pressure", "rearfoot_sensor_peak_pressure",
              "forefoot_sensor_peak_pressure"):
        if k not in converged:
            print(f"info {k}: {coarse[k]:.4g} -> {fine[k]:.4g} (peak, not checked)")
else:
    sys.exit(f"unknown case {CASE}")

if failures:
    sys.exit(f"{len(failures)} check(s) failed")
