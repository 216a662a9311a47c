# SPDX-License-Identifier: GPL-2.0
"""Reap throughput (guest/bench-reap.sh): the reaper's MiB/s against the
victim's own exit."""
import os

from bench.common import med, reaped_mib_secs, row, tagged_victims

CSV = ["kernel", "freed_by", "run", "mib", "ms", "mib_per_s"]


def read(out):
    """MiB/s per victim, keyed (kernel, how); None without the base
    kernel's folder.

    "reaped": pages oom_reap_result says were freed, over the time from
    start_task_reaping to finish_task_reaping.  "exit": the victim's size
    over the time from its kill to the end of its exit_mmap()
    (oom_reap_exit), signal delivery included.
    """
    if not os.path.exists(os.path.join(out, "bench-reap-base")):
        return None
    res = {}
    rows = []
    for k, kv, v in tagged_victims(out, "reap", "how"):
        how, mib, secs = kv["how"], None, None
        if how == "reaped" and reaped_mib_secs(v):
            mib, secs = reaped_mib_secs(v)
        elif how == "exit" and v.exited is not None:
            mib, secs = float(kv["size"]), v.exited - v.killed
        if mib is None or secs <= 0:
            rows.append([k, how, kv.get("run"), "", "", ""])
            continue
        res.setdefault((k, how), []).append(mib / secs)
        rows.append([k, how, kv.get("run"), round(mib), round(secs * 1000), round(mib / secs)])
    return res, rows


def table(rp):
    out = []
    for how, label in (("reaped", "the reaper (start to finish of its reap)"),
                       ("exit", "the victim's own exit (kill to end of exit_mmap)")):
        b, q = rp.get(("base", how), []), rp.get(("patched", how), [])
        if b or q:
            out.append(row("reap throughput", f"large anonymous victim freed by {label}, median MiB/s "
                           f"(n={len(b)}/{len(q)})", med(b), med(q), " MiB/s", n=(len(b), len(q))))
    return out
