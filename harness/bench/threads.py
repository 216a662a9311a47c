# SPDX-License-Identifier: GPL-2.0
"""Many threads (guest/bench-threads.sh, icount): the OOM killer's cost
for a victim of many threads, over boots alternating the kernels."""
import os

import timeline
from bench.common import boot_dirs, interval_row, tags_by_pid

CSV = ["kernel", "boot", "threads", "run", "pid", "reclaim_end_to_mark_victim_ms", "reclaim_end_to_kill_ms"]
SPANS = ((0, "last reclaim to mark_victim (victim chosen, report logged, SIGKILL sent to its threads)"),
         (1, "last reclaim to the kill done (the mm's other users checked, the victim handed to the reaper)"))


def read(out):
    """Per episode, the OOM killer's cost from the end of the victim's
    last memcg reclaim before its kill to mark_victim (chosen, reported,
    SIGKILL sent) and to oom_reap_queue reason=timer_armed (the kill done,
    the victim handed to the reaper): {(kernel, threads): [(to_mark_ms,
    to_kill_ms), ...]}; None without a boot."""
    runs = boot_dirs(out, "threads")
    if not runs:
        return None
    res, rows = {}, []
    for boot, k, d in runs:
        tags = tags_by_pid(d)
        last_reclaim, marked = {}, {}
        for e in timeline.parse(os.path.join(d, "trace")):
            ts, ev, fl = e.ts, e.name, e.fields
            if ev == "mm_vmscan_memcg_reclaim_end":
                last_reclaim[e.tpid] = ts
            elif ev == "mark_victim":
                pid = int(fl["pid"])
                if pid in tags and pid in last_reclaim:
                    marked[pid] = (last_reclaim[pid], ts)
            elif ev == "oom_reap_queue" and fl.get("reason") == "timer_armed":
                pid = int(fl["pid"])
                if pid in marked and pid in tags:
                    r, mk = marked.pop(pid)
                    n = int(tags[pid]["threads"])
                    res.setdefault((k, n), []).append(((mk - r) * 1000, (ts - r) * 1000))
                    rows.append([k, boot, n, tags[pid].get("run"), pid,
                                 round((mk - r) * 1000, 3), round((ts - r) * 1000, 3)])
    return res, rows


def headline(th):
    out = []
    for n in sorted({n for (_, n) in th}):
        b, q = [x for _, x in th.get(("base", n), [])], [x for _, x in th.get(("patched", n), [])]
        if len(b) >= 2 and len(q) >= 2:
            out.append(interval_row(None, f"many threads (icount): {n} threads, OOM killer: last reclaim to the "
                                    "kill done, mean", b, q, " ms", "{:.1f}", (len(b), len(q))))
    return out


def table(th):
    out = []
    for n in sorted({n for (_, n) in th}):
        b, q = th.get(("base", n), []), th.get(("patched", n), [])
        for i, label in SPANS:
            bb, qq = [x[i] for x in b], [x[i] for x in q]
            if len(bb) >= 2 and len(qq) >= 2:
                out.append(interval_row("many threads", f"{n} threads (icount): {label}, mean of "
                                        f"{len(bb)}/{len(qq)} OOMs", bb, qq, " ms", "{:.2f}", (len(bb), len(qq))))
    return out
