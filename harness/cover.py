#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Move the cover letter between patches/ and the tree's branch description.

  cover.py read COVER.patch   print "subject\n\nbody" for branch.series.description

git format-patch --cover-from-description=subject writes it back: the first
paragraph becomes the subject, the rest the body, followed by the shortlog and
diffstat that format-patch generates.  This reads the subject (without the
"[PATCH 00/NN]" prefix) and the body up to the shortlog.
"""
import re
import sys


def read(path):
    text = open(path, encoding="utf-8").read()
    head, _, body = text.partition("\n\n")
    subject = ""
    lines = head.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("Subject: "):
            subject = line[len("Subject: "):]
            for cont in lines[i + 1:]:
                if not cont.startswith((" ", "\t")):
                    break
                subject += cont
    subject = re.sub(r"^\[[^]]*\]\s*", "", subject).strip()
    out = []
    for line in body.split("\n"):
        # format-patch's shortlog starts with "Author Name (N):"
        if re.match(r"^\S.* \(\d+\):$", line):
            break
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return subject + "\n\n" + "\n".join(out) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "read":
        sys.exit(__doc__)
    sys.stdout.write(read(sys.argv[2]))
