#!/usr/bin/python3
"""Massage comparison table from a batch folder (plantarfe batch -o DIR).

Reads DIR/manifest.csv and, per run, DIR/<run>/steps.csv: a roll reports the
peak of each quantity over its positions (the last step of a press or hold
is its result). Prints a fixed-width table and, with --csv FILE, writes the
same numbers as CSV. Then answers the issue's comparisons (seated vs
standing, spur vs none, tight vs supple) where both runs are present.

usage: scripts/massage_table.py results/massage [--csv results/massage_table.csv]
"""
import csv
import json
import os
import sys

# (column title, steps.csv column, how to combine over a roll's positions)
COLUMNS = [
    ("tool N", "tool_force_along_load (N)", max),
    ("floor N", "floor_force (N)", max),
    ("peak p kPa", "tool_peak_pressure (kPa)", max),
    ("area cm2", "tool_contact_area (cm^2)", max),
    ("compr %", "tissue_under_tool_peak_compression (%)", max),
    ("fascia@tool MPa", "fascia_under_tool_peak_von_mises (MPa)", max),
    # The heel attachment as the band's fibre stress at its section there
    # (holds under refinement); the peaks above follow the mesh.
    ("heel att MPa", "heel_attachment_fibre_stress (MPa)", max),
    ("baseline MPa", "heel_attachment_fibre_stress_baseline (MPa)", max),
    ("delta MPa", "heel_attachment_fibre_stress_delta (MPa)", max),
    ("fascia N", "fascia_tension (N)", max),
    ("Achilles N", "achilles_force (N)", max),
]


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return float("nan")


def run_values(folder):
    """Per column: the last step's value (press) or the peak over the roll."""
    path = os.path.join(folder, "steps.csv")
    if not os.path.exists(path):
        return [float("nan")] * len(COLUMNS), 0
    rows = list(csv.DictReader(open(path, newline="")))
    if not rows:
        return [float("nan")] * len(COLUMNS), 0
    # A roll (more than one tool position) reports its peaks; a press or
    # hold its final state.
    summary = os.path.join(folder, "summary.json")
    model = json.load(open(summary)).get("model", {}) if os.path.exists(summary) else {}
    roll = int(model.get("massage_positions", "1")) > 1
    positions = rows if roll else rows[-1:]
    out = []
    for _, key, combine in COLUMNS:
        values = [number(r.get(key)) for r in positions]
        values = [v for v in values if v == v]
        out.append(combine(values) if values else float("nan"))
    return out, len(rows)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    csv_out = sys.argv[sys.argv.index("--csv") + 1] if "--csv" in sys.argv else None
    manifest = list(csv.DictReader(open(os.path.join(folder, "manifest.csv"), newline="")))
    table = []
    for row in manifest:
        values, steps = run_values(os.path.join(folder, row["folder"]))
        wall = number(row.get("wall_time [s]"))
        table.append((row["name"], row["status"], steps, values, wall))

    print(f"{'run':34s}{'status':>15s}{'steps':>6s}" + "".join(f"{c[0]:>16s}" for c in COLUMNS) + f"{'wall s':>8s}")
    for name, status, steps, values, wall in table:
        cells = "".join(f"{v:16.3f}" if v == v else f"{'-':>16s}" for v in values)
        print(f"{name:34s}{status:>15s}{steps:6d}{cells}{wall:8.1f}")
    print("(rolls: peak over all steps; presses and holds: final step; peak p, compr and "
          "fascia@tool are peaks over the contact zone and follow the mesh)")

    if csv_out:
        with open(csv_out, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["run", "status", "steps"] + [c[1] for c in COLUMNS] + ["wall_time [s]"])
            for name, status, steps, values, wall in table:
                w.writerow([name, status, steps] + values + [wall])

    by_name = {t[0]: t for t in table}
    heel = [c[0] for c in COLUMNS].index("heel att MPa")
    pressure = [c[0] for c in COLUMNS].index("peak p kPa")
    compression = [c[0] for c in COLUMNS].index("compr %")

    def compare(label, a, b, index, unit):
        if a in by_name and b in by_name:
            va, vb = by_name[a][3][index], by_name[b][3][index]
            change = f"{(vb - va) / va * 100:+.0f} %" if va else "-"
            print(f"{label:44s} {va:9.3f} -> {vb:9.3f} {unit:4s} ({change})")

    print()
    compare("seated -> standing roll, heel attachment", "bottle_roll_seated_2d", "bottle_roll_standing_2d", heel, "MPa")
    compare("seated -> standing roll, tool peak pressure", "bottle_roll_seated_2d", "bottle_roll_standing_2d", pressure, "kPa")
    compare("no spur -> spur, seated roll, heel attachment", "bottle_roll_seated_2d", "bottle_roll_seated_spur_2d", heel, "MPa")
    compare("no spur -> spur, standing roll, heel attachment", "bottle_roll_standing_2d", "bottle_roll_standing_spur_2d", heel, "MPa")
    compare("supple -> tight calf, tissue compression", "calf_supple_2d", "calf_tight_2d", compression, "%")
    compare("supple -> tight calf, heel attachment", "calf_supple_2d", "calf_tight_2d", heel, "MPa")


if __name__ == "__main__":
    main()
