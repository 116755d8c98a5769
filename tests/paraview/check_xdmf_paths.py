#!/usr/bin/env python3
"""Every HDF5 reference in results.xdmf points at an existing dataset of
results.h5 with exactly the declared Dimensions, and the HDF5 file is named
relative to the XDMF (no directory part), so the folder can be moved.

Usage: check_xdmf_paths.py RUN_DIR [RUN_DIR ...]
"""
import os
import sys
import xml.etree.ElementTree as ET

import h5py

NUMBER_TYPES = {  # (NumberType, Precision) -> acceptable HDF5 dtype kinds/sizes
    ("Float", "8"): {("f", 8)},
    ("Float", "4"): {("f", 4)},
    # Connectivity is stored as uint64 but declared Int 8 on purpose (see
    # docs/results-format.md); HDF5 converts on read.
    ("Int", "8"): {("i", 8), ("u", 8)},
    ("Int", "4"): {("i", 4)},
}


def check_run(run_dir):
    errors = []
    xdmf = os.path.join(run_dir, "results.xdmf")
    root = ET.parse(xdmf).getroot()
    items = root.iter("DataItem")
    n = 0
    files = {}
    for item in items:
        if item.get("Format") != "HDF":
            errors.append(f"DataItem with Format={item.get('Format')!r}, expected HDF")
            continue
        n += 1
        ref = item.text.strip()
        h5_name, _, path = ref.partition(":")
        if not path:
            errors.append(f"{ref}: no ':' separating file and dataset")
            continue
        if os.path.dirname(h5_name) or os.path.isabs(h5_name):
            errors.append(f"{ref}: HDF5 file name has a directory part (must be relative)")
        h5_path = os.path.join(run_dir, h5_name)
        if h5_path not in files:
            if not os.path.exists(h5_path):
                errors.append(f"{ref}: {h5_path} does not exist")
                continue
            files[h5_path] = h5py.File(h5_path, "r")
        f = files[h5_path]
        if path not in f or not isinstance(f[path], h5py.Dataset):
            errors.append(f"{ref}: no dataset {path} in {h5_name}")
            continue
        declared = tuple(int(d) for d in item.get("Dimensions").split())
        actual = f[path].shape
        if declared != actual:
            errors.append(f"{ref}: declared Dimensions {declared}, dataset shape {actual}")
        key = (item.get("NumberType", "Float"), item.get("Precision", "4"))
        dt = f[path].dtype
        if key not in NUMBER_TYPES:
            errors.append(f"{ref}: unexpected NumberType/Precision {key}")
        elif (dt.kind, dt.itemsize) not in NUMBER_TYPES[key]:
            errors.append(f"{ref}: declared {key}, stored as {dt}")
    for f in files.values():
        f.close()
    if n == 0:
        errors.append("no HDF DataItem found")
    print(f"{xdmf}: {n} DataItems checked, {len(errors)} problem(s)")
    return errors


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    errors = []
    for run_dir in argv[1:]:
        errors += [f"{run_dir}: {e}" for e in check_run(run_dir)]
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
