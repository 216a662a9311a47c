# SPDX-License-Identifier: GPL-2.0
"""The kernel errors ("splats") of a console log or a dmesg, by
harness/kernel-errors.txt, the one list of them, which boot.sh reads too
(splats() in lib.sh): a line matching any of its patterns is a splat.
mmreport.py, soakreport.py and kcsanreport.py read it through here."""
import os
import re

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kernel-errors.txt")


def patterns(path=PATH):
    """The patterns of PATH, in order: its lines but for the comments
    ('#' first) and the empty ones, as boot.sh's grep -Ev '^(#|$)'."""
    with open(path, encoding="utf-8") as f:
        return [l for l in f.read().splitlines() if l and not l.startswith("#")]


SPLAT = re.compile("|".join(f"(?:{p})" for p in patterns()))


def splats(lines):
    """The LINES that are kernel errors, stripped."""
    return [l.strip() for l in lines if SPLAT.search(l)]
