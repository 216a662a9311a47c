#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Split the guest's result stream (hvc0) into files.

  split.py STREAM DIR   writes DIR/NAME for each "@@BEGIN NAME".."@@END NAME"
                        section and prints the guest's "@@EXIT N" status
                        (nothing when the guest never reported one).
"""
import os
import sys


def main():
    stream, outdir = sys.argv[1], sys.argv[2]
    cur, buf, status = None, [], None
    with open(stream, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.replace("\r", "")
            if line.startswith("@@BEGIN "):
                cur, buf = line.split()[1], []
            elif line.startswith("@@END ") and cur:
                with open(os.path.join(outdir, cur), "w", encoding="utf-8") as o:
                    o.writelines(buf)
                cur = None
            elif line.startswith("@@EXIT "):
                status = line.split()[1]
            elif cur:
                buf.append(line)
    if status is not None:
        print(status)


if __name__ == "__main__":
    main()
