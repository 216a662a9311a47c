# SPDX-License-Identifier: GPL-2.0
"""Pinned victim (guest/bench-pinned.sh): an OOM victim whose tasks are
gone while a reference on its mm (the test module's mm_users_hold, as a
/proc reader would) keeps its memory charged; per episode, keyed (kernel,
pin length in ms): the memcg's kills, the OOM stall, and how long the
victim's memory stayed charged after its exit."""
import collections
import os
import statistics

import timeline
from bench.common import KERNELS, head, med, row, tags_by_pid

CSV = ["kernel", "pin_ms", "run", "pid", "kills", "traced_kills", "stall_ms", "stall_end", "exit_to_freed_ms",
       "freed_by", "pin_left_at_kill_ms", "kill_waits"]

SCN = "pinned victim"


def ms(start, end):
    """Milliseconds from @start to @end, None without both."""
    return None if start is None or end is None else round((end - start) * 1000, 1)


def freed_at(v):
    """When victim @v's memory was freed, and by what: the first of its
    reap ("reap": its first oom_reap_result) and the end of its
    exit_mmap() ("exit": oom_reap_exit, run by the last mmput(), here the
    hold's); (None, "") with neither after its kill."""
    done = [(t, how) for t, how in ((v.reaped, "reap"), (v.exited, "exit")) if t is not None and t >= v.killed]
    return min(done) if done else (None, "")


def bystander_end(events, pid, after):
    """The end of the episode of bystander @pid, from time @after: the
    first of its kill (mark_victim: "killed") and its exit once it charged
    all it writes (sched_process_exit: "got its memory"); (None, "")."""
    for ev in events:
        if ev.ts >= after and timeline.int_pid(ev.fields) == pid:
            if ev.name == "mark_victim":
                return ev.ts, "killed"
            if ev.name == "sched_process_exit":
                return ev.ts, "got its memory"
    return None, ""


def pins(events):
    """The victims' "oomreap_pinned" trace marks (victim -P): tgid ->
    (time, ms) of its hold, taken just before the mark."""
    out = {}
    for ev in events:
        m = timeline.marker(ev.name, ev.rest, "oomreap_pinned")
        if m and m.get("tgid", "").isdigit() and m.get("ms", "").isdigit():
            out[int(m["tgid"])] = (ev.ts, int(m["ms"]))
    return out


def episodes(d):
    """The victims file of @d by episode: (pin, run) -> {"victim": pid,
    "bystander": pid, "memcg": name}."""
    out = {}
    for pid, kv in tags_by_pid(d).items():
        if "pin" in kv:
            ep = out.setdefault((kv["pin"], kv.get("run", "1")), {"memcg": kv.get("memcg")})
            ep["bystander" if kv.get("role") == "bystander" else "victim"] = pid
    return out


def episode(events, victims, roles, marks, waits):
    """One episode's figures (the keys of CSV after run) from its @roles
    (episodes()), the trace's @events and @victims, the pin marks and the
    oom_kill_wait counts by pid."""
    pid, memcg = roles.get("victim"), roles.get("memcg")
    v = next((u for u in victims if u.pid == pid), None)
    r = {"pid": pid, "traced_kills": sum(u.memcg == memcg for u in victims) if memcg else 0,
         "stall_ms": None, "stall_end": "", "exit_to_freed_ms": None, "freed_by": "",
         "pin_left_at_kill_ms": None, "kill_waits": waits.get(pid, 0)}
    if v is None:
        return r
    end, r["stall_end"] = bystander_end(events, roles.get("bystander"), v.killed)
    r["stall_ms"] = ms(v.killed, end)
    freed, r["freed_by"] = freed_at(v)
    r["exit_to_freed_ms"] = ms(v.thread_exit, freed)
    if pid in marks:
        r["pin_left_at_kill_ms"] = ms(v.killed, marks[pid][0] + marks[pid][1] / 1000)
    return r


def read(out):
    """One dict per episode (CSV's keys), keyed (kernel, pin in ms), from
    each kernel's "pinned" file (kills: the memcg's oom_kill of
    memory.events) and trace; None without the base kernel's folder.

    The stall runs from the victim's kill (mark_victim) to the end of the
    episode: the bystander got its memory (its sched_process_exit) or was
    killed (its mark_victim).  "exit_to_freed_ms" runs from the victim's
    last thread's exit (its last sched_process_exit, traced after its
    exit_mm()) to its memory freed (freed_at()): a reap begun from that
    exit_mm() may end a little before the event, and then it is negative.
    """
    if not os.path.exists(os.path.join(out, "bench-pinned-base")):
        return None
    res, rows = {}, []
    for k in KERNELS:
        d = os.path.join(out, "bench-pinned-" + k)
        events = timeline.parse(os.path.join(d, "trace"))
        victims = timeline.build(events, os.path.join(d, "victims"))
        roles, marks = episodes(d), pins(events)
        waits = collections.Counter(timeline.int_pid(ev.fields) for ev in events if ev.name == "oom_kill_wait")
        for kv in timeline.read_fields(os.path.join(d, "pinned")):
            if "pin" not in kv:
                continue
            r = episode(events, victims, roles.get((kv["pin"], kv.get("run", "1")), {}), marks, waits)
            r.update(kernel=k, pin_ms=int(kv["pin"]), run=kv.get("run", "1"),
                     kills=int(kv["kills"]) if kv.get("kills", "").isdigit() else None)
            res.setdefault((k, r["pin_ms"]), []).append(r)
            rows.append(["" if r[c] is None else r[c] for c in CSV])
    return res, rows


def lengths(res):
    """The pin lengths both kernels ran, shortest first."""
    return sorted(p for (k, p) in res if k == "base" and ("patched", p) in res)


def values(eps, key):
    return [e[key] for e in eps if e[key] is not None]


def mean(xs):
    return statistics.mean(xs) if xs else float("nan")


def headline(res):
    """The longest pin (5 s at the defaults): kills per episode."""
    if not lengths(res):
        return []
    pin = lengths(res)[-1]
    return [head(f"pinned victim (mm held {pin / 1000:g} s, its tasks gone): OOM kills per episode, mean",
                 mean(values(res[("base", pin)], "kills")), mean(values(res[("patched", pin)], "kills")),
                 "", "{:.2f}")]


def table(res):
    """Per pin length: kills per episode, the stall and the victim's
    memory charged after its exit."""
    out = []
    for pin in lengths(res):
        b, q = res[("base", pin)], res[("patched", pin)]
        for key, what, unit, fmt, f in (
                ("kills", "OOM kills per episode, mean", "", "{:.2f}", mean),
                ("stall_ms", "OOM stall, the victim's kill to the bystander's memory or kill, median ms",
                 " ms", "{:.0f}", med),
                ("exit_to_freed_ms", "victim's memory charged after its exit (last thread's exit to its "
                 "reap or exit_mmap()), median ms", " ms", "{:.0f}", med)):
            xb, xq = values(b, key), values(q, key)
            out.append(row(SCN, f"mm held {pin} ms from before the kill: {what} (n={len(xb)}/{len(xq)})",
                           f(xb), f(xq), unit, fmt, n=(len(xb), len(xq))))
    return out
