# SPDX-License-Identifier: GPL-2.0
"""Storm (guest/bench-storm.sh): memcgs of stress-ng OOMing for a fixed
time; the kills, the time at the limit, the reaper's CPU, and whether
the kills recover memory."""
import os

import benchstats
import timeline
from bench.common import KERNELS, med, side_row

CSV = ["kernel", "memcg", "pid", "killed_s", "kill_to_freed_ms", "freed_by", "anon_rss_mib", "reaper_freed_mib"]


def kill_memory(events):
    """What the trace says of each kill's memory, keyed (pid, time of its
    mark_victim) as timeline.Victim's pid and killed: "anon_mib", the
    victim's anon-rss at its kill (mark_victim's anon-rss, kB), and
    "reaper_mib", the sum of freed_* of every oom_reap_result of that
    victim (pages of 4 KiB; 0 if none came)."""
    out, current = {}, {}
    for ts, ev, f, _ in events:
        pid = timeline.int_pid(f)
        if pid is None:
            continue
        if ev == "mark_victim":
            current[pid] = (pid, ts)
            anon = f.get("anon-rss", "")
            out[current[pid]] = {"anon_mib": int(anon[:-2]) / 1024 if anon.endswith("kB") and
                                 anon[:-2].isdigit() else None, "reaper_mib": 0.0}
        elif ev == "oom_reap_result" and pid in current:
            out[current[pid]]["reaper_mib"] += sum(int(n) for k, n in f.items()
                                                   if k.startswith("freed_") and n.isdigit()) * 4096 / 2**20
    return out


def freed_at(v):
    """When victim @v's memory was freed, and by what: the first of its
    reap ("reap": its first oom_reap_result, or finish_task_reaping on a
    kernel without that event) and its exit ("exit": oom_reap_exit,
    exit_mmap() done unmapping; without that event, "thread_exit": its
    last traced sched_process_exit, which comes after its exit_mm());
    (None, "") if the trace has neither after its kill."""
    done = [(t, how) for t, how in ((v.reaped, "reap"), (v.exited, "exit"),
                                    (None if v.exited is not None else v.thread_exit, "thread_exit"))
            if t is not None and t >= v.killed]
    return min(done) if done else (None, "")


def union_secs(spans):
    """Seconds covered by the (start, end) @spans, overlaps counted once."""
    total, reach = 0.0, None
    for a, b in sorted(spans):
        if reach is None or a > reach:
            total, reach = total + b - a, b
        elif b > reach:
            total, reach = total + b - reach, b
    return total


def recovery(by_memcg, memory, kernel, rows):
    """The recovery metrics of one kernel's storm (docs/benchmarks.md,
    storm), from its victims grouped by memcg, each list sorted by kill:

    "recovery_ms": per kill, from its mark_victim to its memory freed
    (freed_at: the first of its reap and its exit), ms; kills with
    neither in the trace are left out and counted in "unfreed".
    "stall_s": the OOM stall, per memcg the time covered by the spans
    from each kill to its victim's memory freed (two victims pending at
    once count once), summed over the memcgs, s; "stall_kills": the kills
    behind it, so that stall_kills / stall_s is the kills per second of
    OOM stall.
    "refill_ms": per kill after the first of its memcg, from the latest
    time an earlier victim of the memcg had its memory freed (before this
    kill) to this kill: how long the memcg's workload ran with the memory
    it got back before it needed a kill again, ms; kills with no earlier
    victim freed before them are left out.
    "anon_mib": per kill, the victim's anon-rss at its kill (mark_victim),
    MiB: the memory its reap and its exit give back to the memcg between
    them (the exit's own share is not traced as an amount).
    "reaper_mib": MiB the reaper freed (oom_reap_result freed_*), all
    kills; "reaped": the kills it freed anything of.
    One row per kill goes to @rows (CSV)."""
    r = {"recovery_ms": [], "unfreed": 0, "stall_s": 0.0, "stall_kills": 0, "refill_ms": [],
         "anon_mib": [], "reaper_mib": 0.0, "reaped": 0}
    for memcg, vs in sorted(by_memcg.items(), key=lambda kv: str(kv[0])):
        spans, freed = [], []
        for v in vs:
            at, how = freed_at(v)
            m = memory.get((v.pid, v.killed), {})
            if at is None:
                r["unfreed"] += 1
            else:
                r["recovery_ms"].append((at - v.killed) * 1000)
                spans.append((v.killed, at))
            before = [t for t in freed if t <= v.killed]
            if before:
                r["refill_ms"].append((v.killed - max(before)) * 1000)
            if at is not None:
                freed.append(at)
            if m.get("anon_mib") is not None:
                r["anon_mib"].append(m["anon_mib"])
            r["reaper_mib"] += m.get("reaper_mib", 0.0)
            r["reaped"] += m.get("reaper_mib", 0.0) > 0
            rows.append([kernel, memcg, v.pid, f"{v.killed:.6f}",
                         "" if at is None else round((at - v.killed) * 1000, 1), how,
                         "" if m.get("anon_mib") is None else round(m["anon_mib"], 1),
                         round(m.get("reaper_mib", 0.0), 1)])
        r["stall_s"] += union_secs(spans)
        r["stall_kills"] += len(spans)
    return r


def read(out):
    """Storm: kills, kills beyond one per episode, time at the limit,
    reaper CPU, and whether the kills recover memory (recovery); None
    without a storm file.

    A kill is "beyond one per episode" when an earlier victim in the same
    memcg had not yet finished its exit (no oom_reap_exit before the kill):
    the OOM killer picked a second task while the first could still free
    its memory.  A victim's memcg is that of the stress-ng it descends
    from (sched_process_fork events).  A kernel whose folder has no trace
    gets None for what the trace gives (its rows show "-").
    """
    res, rows = {}, []
    for k in KERNELS:
        d = os.path.join(out, "bench-storm-" + k)
        if not os.path.exists(os.path.join(d, "storm")):
            continue
        # A victim's memcg: that of the stress-ng it descends from (the
        # victims file names the roots, sched_process_fork the rest).
        by_memcg = {}
        has_trace = os.path.exists(os.path.join(d, "trace"))
        events = timeline.parse(os.path.join(d, "trace")) if has_trace else []
        victims_file = os.path.join(d, "victims")
        for v in timeline.build(events, victims_file if os.path.exists(victims_file) else None):
            by_memcg.setdefault(v.memcg, []).append(v)
        kills = beyond = 0
        for vs in by_memcg.values():
            vs.sort(key=lambda v: v.killed)
            for i, v in enumerate(vs):
                kills += 1
                if any(u.exited is None or u.exited > v.killed for u in vs[:i]):
                    beyond += 1
        at_limit, ticks, secs = [], 0, 0
        for kv in timeline.read_fields(os.path.join(d, "storm")):
            if "longest_at_limit_samples" in kv:
                at_limit.append(int(kv["longest_at_limit_samples"]) * 100)
            if "reaper_ticks" in kv:
                ticks += int(kv["reaper_ticks"]) * 1000 // int(kv["clk_tck"])
                secs += int(kv["duration"])
        res[k] = {"kills": kills if has_trace else None, "beyond": beyond if has_trace else None,
                  "at_limit": at_limit, "reaper_ms": ticks, "secs": secs}
        if has_trace:
            res[k].update(recovery(by_memcg, kill_memory(events), k, rows))
    return (res, rows) if res else None


def storm_row(metric, b, q, unit="", fmt="{:.0f}", n=None):
    """A storm row, either side None or NaN: "-", no ratio."""
    b, q = (None if x is None or x != x else x for x in (b, q))
    return side_row("storm", metric, b, q, unit, fmt, n)


def of(r, key, f):
    """f(kernel result @r's list @key), None when it has none."""
    return f(r[key]) if r.get(key) else None


def per(r, what, by):
    """@r[what] / @r[by], None without a @by."""
    return r[what] / r[by] if r.get(by) and r.get(what) is not None else None


def table(st):
    """The storm's rows: kills, their episodes, the time at the limit, the
    reaper's CPU, then whether the kills recover memory (recovery),
    each of those rows only when a kernel has its data ("-" for one that
    has not)."""
    if not ("base" in st and "patched" in st):
        return []
    b, q = st["base"], st["patched"]
    out = [
        storm_row(f"16 memcgs of stress-ng --vm for {b['secs']}/{q['secs']} s: OOM kills", b["kills"], q["kills"]),
        storm_row("kills beyond one per episode (an earlier victim of the memcg not yet exited)",
                  b["beyond"], q["beyond"]),
        storm_row(f"longest time a memcg stayed at its limit, median of {len(b['at_limit'])}/"
                  f"{len(q['at_limit'])} memcgs (0.1 s samples)", med(b["at_limit"]), med(q["at_limit"]), " ms",
                  n=(len(b["at_limit"]), len(q["at_limit"]))),
        storm_row("longest time a memcg stayed at its limit, max", max(b["at_limit"], default=float("nan")),
                  max(q["at_limit"], default=float("nan")), " ms"),
        storm_row("oom_reaper CPU time, all runs", b["reaper_ms"], q["reaper_ms"], " ms"),
    ]

    def n(key):
        return len(b.get(key) or []), len(q.get(key) or [])

    if any(n("recovery_ms")):
        nb, nq = n("recovery_ms")
        unfreed = (f"; memory never freed in the trace: {b.get('unfreed', '-')}/{q.get('unfreed', '-')}"
                   if b.get("unfreed") or q.get("unfreed") else "")
        out += [storm_row(f"recovery: kill to the victim's memory freed (the first of its reap and its exit), "
                          f"median ms (n={nb}/{nq}{unfreed})", of(b, "recovery_ms", med),
                          of(q, "recovery_ms", med), " ms", n=(nb, nq)),
                storm_row("recovery: kill to the victim's memory freed, p90 ms",
                          of(b, "recovery_ms", lambda xs: benchstats.percentile(xs, 90)),
                          of(q, "recovery_ms", lambda xs: benchstats.percentile(xs, 90)), " ms"),
                storm_row("OOM stall: time a memcg had a killed victim whose memory was not yet freed "
                          "(overlaps once), sum over the memcgs, s",
                          b["stall_s"] if nb else None, q["stall_s"] if nq else None, " s", "{:.1f}"),
                storm_row("OOM kills per second of OOM stall", per(b, "stall_kills", "stall_s"),
                          per(q, "stall_kills", "stall_s"), "", "{:.1f}")]
    if any(n("refill_ms")):
        out.append(storm_row(f"memcg running between OOMs: its latest victim's memory freed to its next kill, "
                             "median ms (n={}/{})".format(*n("refill_ms")), of(b, "refill_ms", med),
                             of(q, "refill_ms", med), " ms", n=n("refill_ms")))
    if any(n("anon_mib")):
        out.append(storm_row("memory per kill: the victim's anon-rss at its kill (what its reap and exit give "
                             "back), median MiB (n={}/{})".format(*n("anon_mib")), of(b, "anon_mib", med),
                             of(q, "anon_mib", med), " MiB", "{:.1f}", n=n("anon_mib")))
    if "reaper_mib" in b or "reaper_mib" in q:
        def reaped(r):
            return f"{r['reaped']}/{r['kills']}" if "reaped" in r else "-"
        out.append(storm_row(f"memory per kill freed by the reaper (oom_reap_result freed_*), mean MiB (kills "
                             f"reaped: {reaped(b)}, {reaped(q)})",
                             per(b, "reaper_mib", "kills"), per(q, "reaper_mib", "kills"),
                             " MiB", "{:.2f}"))
    return out
