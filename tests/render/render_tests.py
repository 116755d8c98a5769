#!/usr/bin/env python3
"""Checks of `plantarfe info` and `plantarfe render` (python3 standard library
only).

  render_tests.py png EXE RUN OUT.png WIDTH HEIGHT [render options...]
      renders with DISPLAY unset, so plantarfe starts its own Xvfb (exit 77 =
      skipped when Xvfb is missing), then checks the PNG: size, and that it is not blank (>= 5 % of pixels
      differ from the background, > 20 distinct colours).
  render_tests.py parallel EXE RUN OUT_PREFIX COUNT
      COUNT renders started at the same moment all succeed.
  render_tests.py info EXE RUN
      `info` exits 0 and names the status and a known metric; `info --json`
      is valid JSON with the same content.
  render_tests.py unknown-field EXE RUN
      `render --field` with a field that does not exist exits 2 and lists the
      available fields.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib

SKIP = 77


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def run(cmd, env=None):
    print("$ " + " ".join(cmd))
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       env=env)
    print(p.stdout + p.stderr)
    return p


def read_png(path):
    """(width, height, rows of RGB(A) tuples) of an 8-bit RGB/RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(path + " is not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None:
        fail(path + ": no IHDR chunk")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        fail("%s: unsupported PNG (depth %d, colour type %d, interlace %d)"
             % (path, depth, colour, interlace))
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
            elif kind != 0:
                fail("%s: bad filter type %d" % (path, kind))
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return width, height, rows


def check_png(exe, run_dir, out, width, height, options):
    if shutil.which("Xvfb") is None:
        print("SKIP: Xvfb is not installed (scripts/setup installs it)")
        sys.exit(SKIP)
    if os.path.exists(out):
        os.remove(out)
    # No DISPLAY: plantarfe starts its own Xvfb (-displayfd picks a free
    # number, so the PNG tests may run in parallel; xvfb-run -a races).
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    p = run([exe, "render", run_dir, "--size", "%sx%s" % (width, height),
             "-o", out] + options, env=env)
    if p.returncode != 0:
        fail("render exited with %d" % p.returncode)
    w, h, rows = read_png(out)
    if (w, h) != (int(width), int(height)):
        fail("image is %dx%d, expected %sx%s" % (w, h, width, height))
    background = rows[0][0]
    pixels = [px for row in rows for px in row]
    differing = sum(1 for px in pixels if px != background)
    colours = len(set(pixels))
    share = differing / len(pixels)
    print("%dx%d, background %s, %.1f %% of pixels differ, %d colours"
          % (w, h, background, 100 * share, colours))
    if share < 0.05:
        fail("image is nearly blank (%.1f %% non-background pixels)" % (100 * share))
    if colours <= 20:
        fail("only %d distinct colours" % colours)
    if any(os.path.basename(f).startswith("." + os.path.basename(out))
           for f in os.listdir(os.path.dirname(os.path.abspath(out)))):
        fail("temporary PNG left behind")


def check_parallel(exe, run_dir, out_prefix, count):
    """`count` renders started at once all succeed: each claims its own
    virtual display (the CI failure this guards against was two `xvfb-run -a`
    both taking :99)."""
    if shutil.which("Xvfb") is None:
        print("SKIP: Xvfb is not installed (scripts/setup installs it)")
        sys.exit(SKIP)
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    outs = ["%s_%d.png" % (out_prefix, i) for i in range(count)]
    procs = []
    for out in outs:
        if os.path.exists(out):
            os.remove(out)
        procs.append(subprocess.Popen(
            [exe, "render", run_dir, "--size", "320x240", "--field", "von_mises",
             "-o", out], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, env=env))
    for out, p in zip(outs, procs):
        text, _ = p.communicate()
        print(text)
        if p.returncode != 0:
            fail("render %s exited with %d" % (out, p.returncode))
        w, h, _ = read_png(out)
        if (w, h) != (320, 240):
            fail("%s is %dx%d, expected 320x240" % (out, w, h))


def check_info(exe, run_dir):
    p = run([exe, "info", run_dir])
    if p.returncode != 0:
        fail("info exited with %d" % p.returncode)
    for needle in ("status", "ok", "probe_displacement_x", "provenance"):
        if needle not in p.stdout:
            fail("info output lacks '%s'" % needle)
    p = run([exe, "info", run_dir, "--json"])
    if p.returncode != 0:
        fail("info --json exited with %d" % p.returncode)
    try:
        info = json.loads(p.stdout)
    except ValueError as e:
        fail("info --json is not JSON: %s" % e)
    if info.get("status") != "ok":
        fail("info --json: status is %r" % info.get("status"))
    metric = info.get("summary", {}).get("probe_displacement_x")
    if metric is None or metric.get("unit") != "m":
        fail("info --json: no probe_displacement_x in m")
    if info.get("step_count", 0) < 1 or info.get("last_load_fraction") != 1:
        fail("info --json: steps %r, last load fraction %r"
             % (info.get("step_count"), info.get("last_load_fraction")))
    p = run([exe, "info", run_dir + "/does-not-exist"])
    if p.returncode != 2 or "does not exist" not in p.stderr:
        fail("info on a missing folder: exit %d" % p.returncode)


def check_unknown_field(exe, run_dir):
    p = run([exe, "render", run_dir, "--field", "no_such_field", "-o",
             os.path.join(run_dir, "never.png")])
    if p.returncode != 2:
        fail("render with an unknown field exited with %d, expected 2" % p.returncode)
    for needle in ("no_such_field", "von_mises", "displacement"):
        if needle not in p.stderr:
            fail("error message lacks '%s'" % needle)
    p = run([exe, "render", run_dir, "--field", "von_mises", "--step", "99", "-o",
             os.path.join(run_dir, "never.png")])
    if p.returncode != 2 or "steps: 1" not in p.stderr:
        fail("render with an unknown step: exit %d" % p.returncode)


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        sys.exit(2)
    mode, exe, run_dir = sys.argv[1:4]
    if mode == "png":
        out, width, height = sys.argv[4:7]
        check_png(exe, run_dir, out, width, height, sys.argv[7:])
    elif mode == "parallel":
        check_parallel(exe, run_dir, sys.argv[4], int(sys.argv[5]))
    elif mode == "info":
        check_info(exe, run_dir)
    elif mode == "unknown-field":
        check_unknown_field(exe, run_dir)
    else:
        fail("unknown mode " + mode)
    print("PASS")


if __name__ == "__main__":
    main()
