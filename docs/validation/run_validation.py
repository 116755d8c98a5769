#!/usr/bin/python3
"""Runs the shipped 2D foot scenarios behind the validation table of
docs/model.md and writes one JSON line per run (metrics, model notes, DOFs,
iterations, wall time) to OUT/results.jsonl.

Usage: docs/validation/run_validation.py [--out DIR] [--only GROUP,...]
Groups: cheung, windlass, calf, heel_off, quiet, mesh2d, extra, mesh3d.
Runs are niced (the machine is shared); mesh3d takes minutes.
"""
import argparse, json, os, subprocess, sys, time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
exe = os.path.join(root, "build", "plantarfe")
S = lambda *p: os.path.join(root, "scenarios", *p)

def cases():
    q2, m2, h2 = S("stance", "quiet_standing_2d.prm"), S("stance", "midstance_2d.prm"), S("stance", "heel_off_2d.prm")
    for f in (0, 175, 350, 525, 700):
        yield "cheung", f"F_A={f}", q2, ["Stance/Ankle dorsiflexion=0",
            "Subject/Calf/Achilles force=prescribed", f"Subject/Calf/Prescribed force={f}"]
    for t in (0, 10, 20, 30):
        yield "windlass", f"toe={t}", m2, [f"Stance/Toe dorsiflexion={t}"]
    for r in (15, 10, 5, 0):
        yield "calf", f"range={r}", S("calf_sweep", f"standing_range_{r}.prm"), []
    yield "heel_off", "default", h2, []
    yield "quiet", "default", q2, []
    for h in (4, 3, 2, 1.5):
        yield "mesh2d", f"h={h}", m2, [f"Foot/Mesh/Cell size 2D={h}"]
    yield "mesh2d", "h=3 refined", m2, ["Foot/Mesh/Refinements=1"]
    for law in ("Natali 2010", "Gefen 2002"):
        yield "extra", law, m2, [f"Tissues/Plantar fascia/Law={law}"]
    yield "extra", "Chokhandre heel pad", q2, ["Tissues/Heel pad/Ogden c1=1.084",
        "Tissues/Heel pad/Ogden m1=9.78", "Tissues/Heel pad/Poisson's ratio=0.475"]
    for h in (8, 6):
        yield "mesh3d", f"h={h}", S("stance", "quiet_standing_3d.prm"), [f"Foot/Mesh/Cell size 3D={h}"]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/plantarfe-validation")
    ap.add_argument("--only", default="cheung,windlass,calf,heel_off,quiet,mesh2d,extra")
    a = ap.parse_args()
    groups = a.only.split(",")
    os.makedirs(a.out, exist_ok=True)
    log = open(os.path.join(a.out, "results.jsonl"), "a")
    for group, label, prm, sets in cases():
        if group not in groups:
            continue
        d = os.path.join(a.out, f"{group}_{label}".replace("=", "").replace(".", "p").replace(" ", "_"))
        cmd = ["nice", "-n", "10", exe, "run", prm, "-o", d, "--set", "Output/Write VTU=false"]
        for s in sets:
            cmd += ["--set", s]
        t0 = time.time()
        p = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.time() - t0
        rec = {"group": group, "label": label, "rc": p.returncode, "wall_s": round(wall, 2)}
        try:
            j = json.load(open(os.path.join(d, "summary.json")))
            rec.update(status=j["status"], dofs=j["dofs"],
                       newton=j["convergence"]["newton_iterations"],
                       linear=j["convergence"]["linear_iterations"],
                       cutbacks=j["convergence"]["cutbacks"],
                       timing=j["timing_s"], model=j.get("model", {}),
                       metrics={k: v["value"] for k, v in j["metrics"].items()})
        except Exception as e:  # failed before writing a summary
            rec["error"] = (p.stderr or str(e))[-800:]
        print(json.dumps(rec), file=log, flush=True)
        print(group, label, rec.get("status", "FAILED"), f"{wall:.1f} s", file=sys.stderr)

if __name__ == "__main__":
    main()
