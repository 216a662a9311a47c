# SPDX-License-Identifier: GPL-2.0
"""python3 -m bench list: the boots of make bench's scenarios, one line
per folder (bench.boot_lines), for harness/bench.sh."""
import sys

import bench

if sys.argv[1:] != ["list"]:
    sys.exit("usage: python3 -m bench list")
try:
    print("\n".join(bench.boot_lines()))
except ValueError as e:
    sys.exit(f"ERROR: {e}")
