# SPDX-License-Identifier: GPL-2.0
"""Run a gnuplot script that writes a PNG: the one place that knows how.

The script starts with "set terminal pngcairo ..."; gnuplot builds without
cairo get the same script with the libgd "png" terminal instead.
"""
import shutil
import subprocess
import sys


def available():
    return shutil.which("gnuplot") is not None


def render(script):
    """Run @script; True when gnuplot ran it without an error.  A missing
    gnuplot or a failed script is said on stderr, once, with the reason."""
    if not available():
        print("gnuplot not found (Debian package gnuplot-nox, make deps): no picture",
              file=sys.stderr)
        return False
    err = ""
    for s in (script, script.replace("pngcairo", "png")):
        r = subprocess.run(["gnuplot"], input=s.encode(), capture_output=True)
        if r.returncode == 0:
            return True
        err = r.stderr.decode(errors="replace").strip()
    print(f"gnuplot failed: {err}", file=sys.stderr)
    return False
