# SPDX-License-Identifier: GPL-2.0
"""Scale (guest/bench-scale.sh): N memcgs OOMing together, some victims
holding their mmap_lock; each victim's wait, and the reaper's time on a
CPU and what it served in turn."""
import os
import re

import benchstats
import timeline
from bench.common import KERNELS, Row, head, med, row, tags_by_pid, victim_lines

CSV = ["kernel", "n", "pid", "kind", "queued_to_done_ms", "done"]


def windows(events):
    """The window of each N (trace markers "oomreap_scale_start/end n=N")
    and the reaper's spans on a CPU (sched_switch): every thread named
    oom_reaper or oom_reaper/N (the patched kernel's workers), each
    tracked by its pid."""
    windows, start = {}, {}
    on_cpu, cpu = {}, []
    for ts, ev, fl, rest in events:
        if ev in ("print", "tracing_mark_write"):
            m = re.search(r"oomreap_scale_(start|end) n=(\d+)", rest)
            if m and m.group(1) == "start":
                start[int(m.group(2))] = ts
            elif m:
                windows[int(m.group(2))] = (start.get(int(m.group(2)), 0), ts)
        elif ev == "sched_switch":
            if is_reaper(fl.get("prev_comm")) and fl.get("prev_pid") in on_cpu:
                cpu.append((on_cpu.pop(fl.get("prev_pid")), ts))
            if is_reaper(fl.get("next_comm")):
                on_cpu[fl.get("next_pid")] = ts
    return windows, cpu


def is_reaper(comm):
    """A reaper thread: oom_reaper, or a worker oom_reaper/N."""
    return comm is not None and (comm == "oom_reaper" or comm.startswith("oom_reaper/"))


def reaper(events, kernel, t0, t1, cpu):
    """The reaper in one window: its time on a CPU (ms, all its threads),
    what it served in turn (patched: the distinct workers of its
    attempts, which carry the worker; base: the victims it took from its
    list, its attempt number 1), and the cost of each failed attempt (us:
    oom_reap_attempt to its oom_reap_skip)."""
    busy = sum(min(b, t1) - max(a, t0) for a, b in cpu if b > t0 and a < t1)
    rounds, failed, began = set(), [], {}
    for ts, ev, fl, _ in events:
        if not t0 <= ts <= t1:
            continue
        if ev == "oom_reap_attempt":
            rounds.add(fl.get("arg") if kernel == "patched" else
                       (fl.get("pid"), ts) if fl.get("arg") == "1" else None)
            began[fl.get("pid")] = ts
        elif ev == "oom_reap_skip" and fl.get("reason") == "mmap_lock_contended" and fl.get("pid") in began:
            failed.append((ts - began.pop(fl.get("pid"))) * 1e6)
    rounds.discard(None)
    return {"failed_us": failed, "reaper_ms": busy * 1000, "rounds": len(rounds)}


def waits(d, kernel, events, res, rows):
    """Each victim's wait: reapable ones from queued to reaped (and to the
    reaper's first attempt), held ones from queued to given up."""
    tags, raw = tags_by_pid(d), victim_lines(d)
    first = {}
    for ts, ev, fl, _ in events:
        if ev == "oom_reap_attempt" and "pid" in fl:
            first.setdefault(int(fl["pid"]), ts)
    for v in timeline.build(events, os.path.join(d, "victims")):
        kv = tags.get(v.pid)
        if not kv or "n" not in kv or "bystander" in raw.get(v.pid, ""):
            continue
        n, held = int(kv["n"]), "-w" in raw.get(v.pid, "")
        end = (v.giveup or v.reaped) if held else v.reaped
        wait = (end - v.queued) * 1000 if end and v.queued else None
        r = res.setdefault((kernel, n), {})
        r.setdefault("held" if held else "reapable", []).append(wait)
        if not held and v.queued and v.pid in first:
            r.setdefault("to_first", []).append((first[v.pid] - v.queued) * 1000)
        rows.append([kernel, n, v.pid, "mmap_lock held" if held else "stuck, reapable",
                     "" if wait is None else round(wait, 1),
                     "given up" if v.giveup else "reaped" if v.reaped else "exited first"])


def read(out):
    """Per kernel and N, the victims' waits (waits) and the reaper's time
    and rounds (reaper); None without a trace of the scenario."""
    ran = [k for k in KERNELS if os.path.exists(os.path.join(out, f"bench-scale-{k}", "trace"))]
    if not ran:
        return None
    res, rows = {}, []
    for k in ran:
        d = os.path.join(out, "bench-scale-" + k)
        events = timeline.parse(os.path.join(d, "trace"))
        spans, cpu = windows(events)
        for n, (t0, t1) in spans.items():
            res.setdefault((k, n), {}).update(reaper(events, k, t0, t1, cpu))
        waits(d, k, events, res, rows)
    return res, rows


def headline(sc):
    out = []
    for n in sorted({n for (_, n) in sc}):
        b, q = sc.get(("base", n), {}), sc.get(("patched", n), {})
        if b.get("reapable") and q.get("reapable"):
            out.append(head(f"scale: {n} memcgs OOM together, 8 held, queued to reaped, p99",
                            benchstats.percentile([x for x in b["reapable"] if x is not None], 99),
                            benchstats.percentile([x for x in q["reapable"] if x is not None], 99)))
    return out


WAITS = (("reapable", "stuck, reapable: queued to reaped"),
               ("to_first", "stuck, reapable: queued to the reaper's first attempt"),
               ("held", "mmap_lock held: queued to given up"))


def table(sc):
    out = []
    for n in sorted({n for (_, n) in sc}):
        b, q = sc.get(("base", n), {}), sc.get(("patched", n), {})
        for kind, label in WAITS:
            bb = [x for x in b.get(kind, []) if x is not None]
            qq = [x for x in q.get(kind, []) if x is not None]
            if not (bb and qq):
                continue
            for pct in (50, 99, 100):
                out.append(row("scale", f"{n} memcgs: {label}, {'max' if pct == 100 else f'p{pct}'} "
                               f"(n={len(bb)}/{len(qq)}; not reaped: "
                               f"{len(b.get(kind, [])) - len(bb)}/{len(q.get(kind, [])) - len(qq)})",
                               benchstats.percentile(bb, pct), benchstats.percentile(qq, pct), " ms", "{:.1f}",
                               n=(len(bb), len(qq))))
        if b.get("rounds") is not None and q.get("rounds") is not None:
            out += reaper_rows(n, b, q)
    return out


def reaper_rows(n, b, q):
    out = [row("scale", f"{n} memcgs: oom_reaper on a CPU (sched_switch), ms", b["reaper_ms"], q["reaper_ms"],
               " ms", "{:.1f}"),
           Row("scale", f"{n} memcgs: base: victims taken from its list; patched: reaper workers that "
               "took victims; and CPU per each", f"{b['rounds']}, {b['reaper_ms'] / max(b['rounds'], 1):.2f} ms",
               f"{q['rounds']}, {q['reaper_ms'] / max(q['rounds'], 1):.2f} ms", None, "", "{}", "")]
    if b.get("failed_us") and q.get("failed_us"):
        out.append(row("scale", f"{n} memcgs: one failed attempt (mmap_lock contended: oom_reap_attempt to "
                       f"oom_reap_skip), median us (n={len(b['failed_us'])}/{len(q['failed_us'])})",
                       med(b["failed_us"]), med(q["failed_us"]), " us", "{:.1f}",
                       n=(len(b["failed_us"]), len(q["failed_us"]))))
    return out
