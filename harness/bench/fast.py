# SPDX-License-Identifier: GPL-2.0
"""Fast path (guest/bench-fast.sh, icount): fork+exit+wait and
mmap+touch+munmap, ns per iteration, over boots alternating the
kernels."""
import os
import statistics

import benchstats
from bench.common import KERNELS, Row, boot_dirs

CSV = ["boot", "kernel", "what", "rep", "ns_per_iteration", "warm_up"]
LABELS = {"fork": "fork+exit+wait", "mmap": "mmap+touch+munmap 1 MiB"}


def boots(out):
    """The fast-path boots in order: [(boot, kernel, {what: [ns, ...]})]."""
    res = []
    for boot, kernel, d in boot_dirs(out, "fast"):
        p = os.path.join(d, "fast")
        if not os.path.exists(p):
            continue
        vals = {"fork": [], "mmap": []}
        with open(p, encoding="utf-8") as f:
            for w in (line.split() for line in f):
                if w and w[0] in vals:
                    vals[w[0]].append(float(w[2]))
        res.append((boot, kernel, vals))
    return res


def read(out):
    """Per kernel and operation, one value per boot: the median of its
    repetitions after the first (a warm-up; the median, as a rare
    interruption can add 4% to one repetition); the ratio's 95% interval
    comes from those per-boot values (benchstats.ratio_interval).  None
    without a boot."""
    runs = boots(out)
    if not runs:
        return None
    res = {}
    for k in KERNELS:
        res[k] = {"fork": [], "mmap": []}
        for _, kernel, vals in runs:
            if kernel == k:
                for what in ("fork", "mmap"):
                    kept = vals[what][1:] or vals[what]
                    if kept:
                        res[k][what].append(statistics.median(kept))
    for what in ("fork", "mmap"):
        b, q = res["base"][what], res["patched"][what]
        res["ratio_" + what] = benchstats.ratio_interval(b, q) if len(b) >= 2 and len(q) >= 2 else None
    rows = [[boot, kernel, what, i + 1, v, int(i == 0)]
            for boot, kernel, vals in runs for what in ("fork", "mmap") for i, v in enumerate(vals[what])]
    return res, rows


def headline(fr):
    out = []
    for what, label in LABELS.items():
        r = fr.get("ratio_" + what)
        if r:
            out.append(Row(None, f"fast path (icount): {label}, ns per iteration, {benchstats.verdict(r[1], r[2])}",
                           statistics.fmean(fr["base"][what]), statistics.fmean(fr["patched"][what]),
                           None, " ns", "{:.0f}", benchstats.fmt_ratio(r)))
    return out


def table(fr):
    out = []
    for what, label in LABELS.items():
        b, q = fr["base"][what], fr["patched"][what]
        if not (b and q):
            continue
        r = fr["ratio_" + what]
        out.append(Row("fast path", f"{label} (icount), mean of the per-boot medians after a warm-up, ns/iteration "
                       f"(boots {len(b)}/{len(q)})", statistics.fmean(b), statistics.fmean(q), (len(b), len(q)),
                       " ns", "{:.0f}", benchstats.fmt_ratio(r) if r else "-"))
    return out
