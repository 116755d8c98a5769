"""Helpers the peer benchmarks share (bench/block, bench/foot_peer):
GNU time reports, a quiet-machine check, and CalculiX installed on demand.
Python 3 standard library only."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def parse_time_v(path):
    """Wall seconds and peak RSS (kB) from a GNU time -v report."""
    wall = rss = None
    for line in Path(path).read_text(errors="replace").splitlines():
        line = line.strip()
        if line.startswith("Maximum resident set size"):
            rss = int(line.rsplit(":", 1)[1])
        elif line.startswith("Elapsed (wall clock) time"):
            t = line.rsplit(" ", 1)[1]
            secs = 0.0
            for part in t.split(":"):
                secs = secs * 60.0 + float(part)
            wall = secs
    return wall, rss


def busy_cores(interval=1.0):
    """Cores' worth of CPU time used by other processes over `interval` s."""
    def sample():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        idle = v[3] + (v[4] if len(v) > 4 else 0)
        return sum(v), idle
    try:
        t0, i0 = sample()
        time.sleep(interval)
        t1, i1 = sample()
    except OSError:
        return None
    ncpu = os.cpu_count() or 1
    return ncpu * (1.0 - (i1 - i0) / max(1, t1 - t0))


def check_quiet():
    busy = busy_cores()
    if busy is None:
        return None
    if busy > 0.25:
        log("  warning: %.2f cores busy with other work before this run; "
            "timings will be disturbed" % busy)
    return round(busy, 2)



def ensure_ccx():
    ccx = shutil.which("ccx")
    if ccx:
        return ccx
    log("ccx not found: installing calculix-ccx with apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    rc = subprocess.call(sudo + ["apt-get", "install", "-y", "calculix-ccx"], env=env)
    if rc != 0:
        subprocess.call(sudo + ["apt-get", "update"], env=env)
        rc = subprocess.call(sudo + ["apt-get", "install", "-y", "calculix-ccx"], env=env)
    ccx = shutil.which("ccx")
    if rc != 0 or not ccx:
        log("warning: could not install calculix-ccx; skipping CalculiX")
        return None
    return ccx
