#!/usr/bin/env python3
"""docs/results-format.md and a real results.h5 agree.

The doc holds a machine-readable list of dataset path patterns in a fenced
block tagged `datasets`. Per line: a path, optionally followed by the word
`optional`. `{step}` stands for every step group under /steps (each documented
step dataset must exist in every step); `{name}` stands for any name (at least
one dataset must match unless optional). The check fails when a documented,
non-optional path is missing from the file, or when the file holds a dataset
no pattern documents.

A run folder may be followed by `+PATTERN` arguments: documented optional
patterns that this run must hold (e.g. `+/steps/{step}/contact_pressure` for a
contact run), checked like non-optional ones.

Usage: check_results_doc.py DOC.md RUN_DIR [+PATTERN ...] [RUN_DIR [+PATTERN ...] ...]
"""
import re
import sys

import h5py

NAME = r"[A-Za-z0-9_\-]+"


def read_patterns(doc):
    text = open(doc, encoding="utf-8").read()
    blocks = re.findall(r"^```datasets[ \t]*\n(.*?)^```", text, re.S | re.M)
    if not blocks:
        raise SystemExit(f"ERROR: {doc} has no ```datasets fenced block")
    patterns = []
    for block in blocks:
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            words = line.split()
            optional = len(words) > 1 and words[1] == "optional"
            if len(words) > 2 or (len(words) == 2 and not optional):
                raise SystemExit(f"ERROR: cannot parse datasets line {line!r}")
            patterns.append((words[0], optional))
    return patterns


def to_regex(pattern):
    rx = re.escape(pattern)
    rx = rx.replace(re.escape("{step}"), r"\d{4}").replace(re.escape("{name}"), NAME)
    return re.compile("^" + rx + "$")


def check_run(run_dir, patterns, required):
    errors = []
    documented = [p for p, _ in patterns]
    for r in required:
        if r not in documented:
            errors.append(f"required pattern {r} is not in the documented list")
    with h5py.File(f"{run_dir}/results.h5", "r") as f:
        datasets = []
        f.visititems(lambda n, o: datasets.append("/" + n) if isinstance(o, h5py.Dataset) else None)
        steps = sorted(f["steps"].keys()) if "steps" in f else []
        if not steps:
            errors.append("no step groups under /steps")
        # Every dataset of the file is documented.
        regexes = [to_regex(p) for p, _ in patterns]
        for d in datasets:
            if not any(r.match(d) for r in regexes):
                errors.append(f"dataset {d} is not documented")
        # Every documented, non-optional path exists (for every step).
        for pattern, optional in patterns:
            if optional and pattern not in required:
                continue
            expansions = [pattern.replace("{step}", s) for s in steps] if "{step}" in pattern else [pattern]
            for p in expansions:
                if "{name}" in p:
                    if not any(to_regex(p).match(d) for d in datasets):
                        errors.append(f"no dataset matches documented {p}")
                elif p not in f or not isinstance(f[p], h5py.Dataset):
                    errors.append(f"documented dataset {p} is missing")
    print(f"{run_dir}/results.h5: {len(datasets)} datasets, {len(steps)} steps, "
          f"{len(patterns)} documented patterns ({len(required)} optional required), "
          f"{len(errors)} problem(s)")
    return errors


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    patterns = read_patterns(argv[1])
    runs = []
    for arg in argv[2:]:
        if arg.startswith("+"):
            if not runs:
                print(__doc__)
                return 2
            runs[-1][1].append(arg[1:])
        else:
            runs.append((arg, []))
    errors = []
    for run_dir, required in runs:
        errors += [f"{run_dir}: {e}" for e in check_run(run_dir, patterns, required)]
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
