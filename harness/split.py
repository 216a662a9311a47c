#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Split the guest's result stream (hvc0) into files.

  split.py STREAM DIR   writes DIR/NAME for each "@@BEGIN NAME".."@@END NAME"
                        section and prints the guest's "@@EXIT N" status
                        (nothing when the guest never reported one).

A section cut short (the next "@@BEGIN" or the end of the stream before
its "@@END") is not written as DIR/NAME, whose readers would take it for
the whole: what arrived goes to DIR/NAME.partial, with a warning.
"""
import os
import sys


def split(lines, outdir):
    """Write the sections of @lines into @outdir; return the exit status
    (None without one) and the names of the sections cut short."""
    cur, buf, status, cut = None, [], None, []

    def write(name, suffix=""):
        with open(os.path.join(outdir, name + suffix), "w", encoding="utf-8") as o:
            o.writelines(buf)

    for line in lines:
        line = line.replace("\r", "")
        if line.startswith("@@BEGIN "):
            if cur:
                write(cur, ".partial")
                cut.append(cur)
            cur, buf = line.split()[1], []
        elif line.startswith("@@END ") and cur:
            write(cur)
            cur = None
        elif line.startswith("@@EXIT "):
            status = line.split()[1]
        elif cur:
            buf.append(line)
    if cur:
        write(cur, ".partial")
        cut.append(cur)
    return status, cut


def main():
    stream, outdir = sys.argv[1], sys.argv[2]
    with open(stream, encoding="utf-8", errors="replace") as f:
        status, cut = split(f, outdir)
    for name in cut:
        print(f"split.py: section '{name}' has no @@END (stream cut short): "
              f"kept as {name}.partial", file=sys.stderr)
    if status is not None:
        print(status)


if __name__ == "__main__":
    main()
