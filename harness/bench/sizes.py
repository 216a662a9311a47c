# SPDX-License-Identifier: GPL-2.0
"""Sizes: sizeof(struct task_struct) and sizeof(struct mm_struct) of each
kernel, from OUT/sizes-KERNEL (harness/sizes.sh, written by every make
bench)."""
import os

from bench.common import KERNELS, head, row

STRUCTS = ("task_struct", "mm_struct")


def read(out):
    """{kernel: {struct: bytes}} from the lines "size STRUCT BYTES"; None
    without a sizes file."""
    res = {}
    for k in KERNELS:
        p = os.path.join(out, "sizes-" + k)
        if not os.path.exists(p):
            continue
        res[k] = {}
        with open(p, encoding="utf-8") as f:
            for line in f:
                w = line.split()
                if len(w) == 3 and w[0] == "size":
                    res[k][w[1]] = int(w[2])
    return (res, []) if res else None


def pairs(sz):
    """(struct, base bytes, patched bytes) where both kernels have it."""
    for c in STRUCTS:
        b, q = sz.get("base", {}).get(c), sz.get("patched", {}).get(c)
        if b and q:
            yield c, b, q


def headline(sz):
    return [head(f"sizeof(struct {c})", b, q, " B") for c, b, q in pairs(sz)]


def table(sz):
    return [row("size", f"sizeof(struct {c}), bytes", b, q) for c, b, q in pairs(sz)]
