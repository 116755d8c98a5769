#!/usr/bin/env python3
"""The folders of src/ form layers (docs/architecture.md): a folder may include
headers of its own folder and of folders below it, never of a folder above.
Fails naming every include that points upwards, every folder missing from the
order below and every include cycle that would follow.
Usage: check_layers.py SRC_DIR"""
import os
import re
import sys

# Top of the house first (docs/architecture.md keeps the same list).
LAYERS = ["python", "app", "batch", "run", "render", "model", "scenario", "verification",
          "metrics", "solver", "materials", "anatomy", "contact", "loads",
          "output", "base"]


def main(src):
    rank = {name: i for i, name in enumerate(LAYERS)}
    include = re.compile(r'^\s*#\s*include\s+"([^"/]+)/[^"]+"')
    problems = []
    folders = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
    for folder in folders:
        if folder not in rank:
            problems.append(f"src/{folder}/ is not in the layer list of {sys.argv[0]}")
    for folder in folders:
        for name in sorted(os.listdir(os.path.join(src, folder))):
            if not name.endswith((".h", ".cc")):
                continue
            path = os.path.join(src, folder, name)
            for number, line in enumerate(open(path, errors="replace"), 1):
                m = include.match(line)
                if not m or m.group(1) not in rank or folder not in rank:
                    continue
                target = m.group(1)
                if rank[target] < rank[folder]:
                    problems.append(f"src/{folder}/{name}:{number}: includes "
                                    f"{target}/, a layer above {folder}/")
    for p in problems:
        print(p)
    print(f"{len(folders)} folders, {len(problems)} layering problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "src"))
