"""What the reliability scripts share: running plantarfe, collecting
failed checks, writing and reading scratch files."""
import os
import subprocess

EXE = None  # set by the script from its command line
errors = []


def fail(message):
    errors.append(message)
    print("ERROR:", message, flush=True)


def run(args, env=None, cwd=None, timeout=600):
    """plantarfe with @p args; prints the command, its exit code and (the
    start of) its output."""
    p = subprocess.run([EXE] + args, capture_output=True, text=True,
                       errors="replace", cwd=cwd, timeout=timeout,
                       env=dict(os.environ, **(env or {})))
    print("$ plantarfe", " ".join(a[:80] for a in args), "->", p.returncode,
          flush=True)
    print((p.stdout + p.stderr)[:4000], flush=True)
    return p


def expect_refused(p, words, what):
    if p.returncode != 2:
        fail(f"{what}: exit {p.returncode}, expected 2")
    if words not in p.stderr:
        fail(f"{what}: message lacks '{words}'")


def write(path, text, mode="w"):
    if os.path.dirname(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)


def read(path):
    with open(path) as f:
        return f.read()
