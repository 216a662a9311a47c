#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn an ftrace text dump of the oom events into a per-victim timeline.

  timeline.py TRACE [VICTIMS]   print the table
  timeline.py --csv TRACE [VICTIMS]

TRACE is the "trace" file of a tracefs instance with the oom events (and
sched_process_exit) enabled.  VICTIMS, optional, has lines
"pid=N memcg=NAME ..." naming each victim's memcg.  Times are seconds
after the victim's kill (mark_victim); "-" means the event never came.

Columns: pid, memcg, killed at (seconds since the first kill of the run),
queued for the reaper, reap attempts, reaped (first successful reap),
skipped attempts with their reasons, what the reaper waited for (memory
only the victim's exit frees, with the pages), released to the OOM killer
(with the reason), given up, exited (mm torn down when the kernel reports
it, else the last thread's exit), and what the reap freed and left.
"""
import collections
import csv
import re
import sys

LINE = re.compile(r"^\s*(?P<task>.*?)-(?P<tpid>\d+)\s+(?:\(\s*[-\d]+\)\s+)?\[(?P<cpu>\d+)\]\s+"
                  r"(?:\S+\s+)?(?P<ts>\d+\.\d+): (?P<event>\w+): (?P<rest>.*)$")
FIELD = re.compile(r"([A-Za-z_][\w-]*)[=:]\s?(\S+)")


def parse(path):
    events = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = LINE.match(line)
            if not m:
                continue
            rest = m.group("rest")
            fields = dict(FIELD.findall(rest))
            events.append((float(m.group("ts")), m.group("event"), fields, rest))
    return events


class Victim:
    def __init__(self, pid, ts):
        self.pid = pid
        self.killed = ts
        self.memcg = "?"
        self.queued = None
        self.attempts = 0
        self.reaped = None
        self.skips = collections.Counter()
        self.giveup = None
        self.giveup_reason = ""
        self.exited = None
        self.exit_reason = ""
        self.thread_exit = None
        self.freed = ""
        self.left = ""
        self.waits = 0
        self.reap_start = None
        self.wait_reason = ""
        self.released = None
        self.release_reason = ""
        self.attempts_start = 0
        self.finished = None
        self.attempts_skip = 0


def build(events, victims_file=None):
    victims = collections.OrderedDict()
    threads = {}
    has_result = any(ev == "oom_reap_result" for _, ev, _, _ in events) or \
        any(ev == "oom_reap_attempt" for _, ev, _, _ in events)
    for ts, ev, f, rest in events:
        pid = f.get("pid")
        pid = int(pid) if pid and pid.lstrip("-").isdigit() else None
        if ev == "mark_victim" and pid is not None:
            if pid not in victims:
                victims[pid] = Victim(pid, ts)
            continue
        if ev in ("tracing_mark_write", "print") and "oomreap_victim_thread" in rest:
            threads[int(f["tid"])] = int(f["tgid"])
            continue
        if ev == "sched_process_exit":
            tgid = threads.get(pid, pid)
            v = victims.get(tgid)
            if v and ts >= v.killed:
                v.thread_exit = ts if v.thread_exit is None else max(v.thread_exit, ts)
            continue
        v = victims.get(pid)
        if v is None:
            continue
        reason = f.get("reason", "")
        if ev == "wake_reaper" or (ev == "oom_reap_queue" and reason == "queued"):
            v.queued = v.queued or ts
        elif ev == "oom_reap_attempt":
            v.attempts += 1
        elif ev == "start_task_reaping":
            v.attempts_start += 1
            if v.reaped is None:
                v.reap_start = ts
        elif ev == "skip_task_reaping":
            v.attempts_skip += 1
        elif ev == "oom_reap_skip":
            v.skips[reason or "?"] += 1
        elif ev == "finish_task_reaping" and v.finished is None:
            v.finished = ts
        elif ev == "oom_reap_result":
            v.reaped = v.reaped or ts
            v.freed = " ".join(f"{k[6:]}={f[k]}" for k in f if k.startswith("freed_"))
            v.left = " ".join(f"{k[5:]}={f[k]}" for k in f if k.startswith("left_"))
        elif ev == "oom_reap_giveup":
            v.giveup, v.giveup_reason = ts, reason
        elif ev == "oom_reap_wait":
            v.waits += 1
            if not v.wait_reason:
                v.wait_reason = f"{reason} {f.get('arg', '?')}p"
        elif ev == "oom_reap_release" and v.released is None:
            v.released, v.release_reason = ts, reason
        elif ev == "oom_reap_exit":
            v.exited, v.exit_reason = ts, reason
    for v in victims.values():
        # Kernels without oom_reap_result: finish_task_reaping, which also
        # ends an attempt that reaped only part of the address space.
        if v.reaped is None and not has_result:
            v.reaped = v.finished
        if not v.attempts:
            v.attempts = v.attempts_start + v.attempts_skip
        if not v.skips and v.attempts_skip:
            v.skips["skipped"] = v.attempts_skip
    if victims_file:
        with open(victims_file, encoding="utf-8") as f:
            for line in f:
                kv = dict(FIELD.findall(line))
                if "pid" in kv and int(kv["pid"]) in victims:
                    victims[int(kv["pid"])].memcg = kv.get("memcg", "?")
    return list(victims.values())


def rows(victims):
    if not victims:
        return []
    t0 = min(v.killed for v in victims)

    def rel(v, ts):
        return "-" if ts is None else f"+{ts - v.killed:.3f}"
    out = []
    for v in victims:
        exited = v.exited if v.exited is not None else v.thread_exit
        out.append({
            "pid": v.pid, "memcg": v.memcg,
            "killed": f"{v.killed - t0:.3f}",
            "queued": rel(v, v.queued),
            "attempts": v.attempts,
            "reaped": rel(v, v.reaped),
            "skipped": ",".join(f"{k}x{n}" for k, n in v.skips.items()) or "-",
            "waited": v.wait_reason or "-",
            "released": (rel(v, v.released) + f" ({v.release_reason})") if v.released is not None else "-",
            "given_up": (rel(v, v.giveup) + (f" ({v.giveup_reason})" if v.giveup_reason else "")) if v.giveup else "-",
            "exited": rel(v, exited) + (f" ({v.exit_reason})" if v.exit_reason and v.exited is not None else ""),
            "freed": v.freed or "-", "left": v.left or "-",
        })
    return out


def main():
    args = sys.argv[1:]
    as_csv = args and args[0] == "--csv"
    if as_csv:
        args = args[1:]
    if not args:
        sys.exit(__doc__)
    table = rows(build(parse(args[0]), args[1] if len(args) > 1 else None))
    cols = ["pid", "memcg", "killed", "queued", "attempts", "reaped", "skipped",
            "waited", "released", "given_up", "exited", "freed", "left"]
    if as_csv:
        w = csv.DictWriter(sys.stdout, fieldnames=cols)
        w.writeheader()
        w.writerows(table)
        return
    if not table:
        print("no OOM victim in the trace")
        return
    heads = {"killed": "killed at", "queued": "queued", "reaped": "reaped",
             "given_up": "given up", "exited": "exited", "attempts": "tries"}
    width = {c: max(len(heads.get(c, c)), *(len(str(r[c])) for r in table)) for c in cols}
    print("  ".join(heads.get(c, c).ljust(width[c]) for c in cols).rstrip())
    for r in table:
        print("  ".join(str(r[c]).ljust(width[c]) for c in cols).rstrip())
    print("(times in seconds: 'killed at' since the first kill, the others since that victim's kill)")


if __name__ == "__main__":
    main()
