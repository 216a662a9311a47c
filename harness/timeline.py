#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn an ftrace text dump of the oom events into a per-victim timeline.

  timeline.py TRACE [VICTIMS]   print the table
  timeline.py --csv TRACE [VICTIMS]
  timeline.py --png FILE TRACE [VICTIMS]   and draw it (timelineplot.py)

TRACE is the "trace" file of a tracefs instance with the oom events (and
sched_process_exit) enabled, or the output of "trace-cmd report" on a
trace.dat recorded with them (docs/timeline.md has the recipe).  VICTIMS,
optional, has lines "pid=N memcg=NAME ..." naming each victim's memcg.  Times are seconds
after the victim's kill (mark_victim); "-" means the event never came.

Columns: pid, memcg, killed at (seconds since the first kill of the run),
queued for the reaper, reap attempts, reaped (first successful reap),
skipped attempts with their reasons, what the reaper waited for (memory
only the victim's exit frees, with the pages), released to the OOM killer
(with the reason), given up, exited (mm torn down when the kernel reports
it, else the last thread's exit), and what the reap freed and left.
"""
import argparse
import collections
import csv
import os
import re
import sys

# One event line, in either of the two text forms of a trace:
#
# the tracefs "trace" file (irq-info on; without it no flags; with the
# record-tgid option "(TGID)" after the pid):
#            victim-123     [001] d..1.    45.678901: oom_reap_queue: pid=123 reason=queued delay_ms=0
# "trace-cmd report" (trace-cmd 3.1: "%16s-%-5d [%03d] %5llu.%06llu: ",
# the event name padded to 20 columns; -t prints nanoseconds, -l the CPU
# without brackets followed by the flags, --ts-diff "(+N)" after the time,
# and with several inputs or buffer instances each line starts "NAME: "):
#            victim-123   [001]    45.678901: oom_reap_queue:       pid=123 reason=queued delay_ms=0
#   victim-123     1d..1.    45.678901: oom_reap_queue:       pid=123 reason=queued delay_ms=0
LINE = re.compile(r"^\s*(?P<task>.*?)-(?P<tpid>\d+)\s+(?:\(\s*[-\d]+\)\s+)?"
                  r"(?:\[(?P<cpu>\d+)\]\s+(?:\S+\s+)?|(?P<lcpu>\d+)[^\s\d]\S*\s+)"
                  r"(?P<ts>\d+\.\d+):(?:\s+\(\+\d+\))?\s+(?P<event>\w+):\s*(?P<rest>.*)$")
FIELD = re.compile(r"([A-Za-z_][\w-]*)[=:]\s?(\S+)")
# What is not an event line but says something about the trace.
LOST = re.compile(r"^(?:\S+: )?\s*CPU:\d+ \[(?:LOST \d+ EVENTS|\d+ EVENTS DROPPED|EVENTS DROPPED)\]")
COUNTER_TS = re.compile(r"-\d+\s+(?:\[\d+\]|\d+\S*)\s+(?:\S+\s+)?\d+:\s+\w+:")


class TraceError(Exception):
    """A trace that cannot give a timeline, with the reason."""


def fields(line):
    """The "key=value" words of a line as a dict (the guest's victims,
    info, inject, exit and storm files, and trace markers): the one place
    such a line is split."""
    return dict(w.split("=", 1) for w in line.split() if "=" in w)


def read_fields(path):
    """fields() of every line of the file @path."""
    with open(path, encoding="utf-8", errors="replace") as f:
        return [fields(line) for line in f]


class Event(collections.namedtuple("Event", "ts name fields rest")):
    """One event line: its time, event name, fields (name=value or
    name: value) and text after the name; .tpid is the pid of the task
    the line names (the context the event fired in)."""
    tpid = None


def parse_line(line):
    """The Event of one event line, None for any other line."""
    m = LINE.match(line)
    if not m:
        return None
    rest = m.group("rest").rstrip("\n")
    ev = Event(float(m.group("ts")), m.group("event"), dict(FIELD.findall(rest)), rest)
    ev.tpid = int(m.group("tpid"))
    return ev


def parse(path):
    """The events of a trace file (tracefs text or trace-cmd report), in order."""
    with open(path, encoding="utf-8", errors="replace") as f:
        return [ev for ev in map(parse_line, f) if ev]


def load(path):
    """parse() for a trace the user named: raise TraceError when it is
    missing, empty or holds no event line, and warn about lost events."""
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError as e:
        raise TraceError(f"{path}: cannot read the trace: {e.strerror}") from None
    if not head:
        raise TraceError(f"{path}: the trace is empty")
    if head.startswith(b"\x17\x08\x44tracing"):
        raise TraceError(f"{path}: a trace-cmd data file: give the timeline the text of "
                         f"'trace-cmd report -i {path}' instead")
    events, lost, counter = [], 0, 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            ev = parse_line(line)
            if ev:
                events.append(ev)
            elif LOST.match(line):
                lost += 1
            elif COUNTER_TS.search(line):
                counter += 1
    if not events:
        why = (f"{counter} event lines have timestamps without a decimal point "
               "(a counter trace clock such as x86-tsc or counter): record with the "
               "default clock" if counter else
               "neither the tracefs 'trace' text nor 'trace-cmd report' output")
        raise TraceError(f"{path}: no trace event line in it ({why})")
    if lost:
        print(f"timeline.py: WARNING: {path}: events were lost on {lost} occasions "
              "(ring buffer full): the timeline may miss some", file=sys.stderr)
    return events


class Node:
    """One process or thread, from its sched_process_fork; the root of a
    tree of them may carry a memcg (and a kind) from a "soak_root" trace
    marker or the guest's victims file."""

    def __init__(self, pid, parent):
        self.pid, self.parent, self.memcg, self.kind = pid, parent, None, None

    def memcg_of(self):
        """The memcg of the nearest node up the tree that has one."""
        n = self
        while n is not None:
            if n.memcg:
                return n.memcg
            n = n.parent
        return None

    def kind_of(self):
        """The nearest kind up the tree, up to the node that sets the memcg."""
        n = self
        while n is not None:
            if n.kind or n.memcg:
                return n.kind
            n = n.parent
        return None


class Tree:
    """The processes of a trace (sched_process_fork), with the memcg each
    tree of them was started in.  A pid reused later gets a new Node: a
    victim keeps the node it had when it was killed."""

    def __init__(self):
        self.nodes = {}

    def node(self, pid):
        """The current node of @pid, made when its fork was not traced."""
        if pid not in self.nodes:
            self.nodes[pid] = Node(pid, None)
        return self.nodes[pid]

    def fork(self, parent, child):
        self.nodes[child] = Node(child, self.node(parent))

    def mark(self, pid, memcg, kind=None):
        n = self.node(pid)
        n.memcg = memcg
        if kind:
            n.kind = kind


class Victim:
    """One OOM victim: a mark_victim and what the trace says of it after."""

    def __init__(self, pid, ts, comm="?", node=None):
        self.pid = pid
        self.killed = ts
        self.comm = comm
        self.node = node		# its process in the Tree
        self.memcg = None		# from the victims file, else the Tree
        self.kind = None		# from the Tree (soak_root kind=)
        self.kill = None		# a reader of the console's: its "Killed process"
        self.queued = None
        self.timer = None		# oom_reap_queue reason=already_exited at the timer
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
        # For the picture: the time of every attempt and of every attempt
        # that reaped nothing or not all (the old events when the kernel
        # has no oom_reap_attempt, oom_reap_skip).
        self.attempt_times = []
        self.skip_times = []
        self.start_times = []
        self.skip_task_times = []
        self.wait_start = None      # first oom_reap_wait


def victim_event(v, ts, ev, f):
    """What one event of victim @v's pid says of it."""
    reason = f.get("reason", "")
    if ev == "wake_reaper" or (ev == "oom_reap_queue" and reason in ("queued", "no_task")):
        v.queued = v.queued or ts
    elif ev == "oom_reap_queue" and reason == "already_exited":
        v.timer = reason
    elif ev == "oom_reap_attempt":
        v.attempts += 1
        v.attempt_times.append(ts)
    elif ev == "start_task_reaping":
        v.attempts_start += 1
        v.start_times.append(ts)
        if v.reaped is None:
            v.reap_start = ts
    elif ev == "skip_task_reaping":
        v.attempts_skip += 1
        v.skip_task_times.append(ts)
    elif ev == "oom_reap_skip":
        v.skips[reason or "?"] += 1
        v.skip_times.append(ts)
    elif ev == "finish_task_reaping" and v.finished is None:
        v.finished = ts
    elif ev == "oom_reap_result":
        v.reaped = v.reaped or ts
        v.freed = " ".join(f"{k[6:]}={f[k]}" for k in f if k.startswith("freed_"))
        v.left = " ".join(f"{k[5:]}={f[k]}" for k in f if k.startswith("left_"))
    elif ev == "oom_reap_giveup" and v.giveup is None:
        v.giveup, v.giveup_reason = ts, reason
    elif ev == "oom_reap_wait":
        v.waits += 1
        v.wait_start = v.wait_start or ts
        if not v.wait_reason:
            # pages=: the kernels before v4's one-unit fields said arg=.
            v.wait_reason = f"{reason} {f.get('pages', f.get('arg', '?'))}p"
    elif ev == "oom_reap_release" and v.released is None:
        v.released, v.release_reason = ts, reason
    elif ev == "oom_reap_exit" and v.exited is None:
        v.exited, v.exit_reason = ts, reason


def int_pid(f, key="pid"):
    pid = f.get(key)
    return int(pid) if pid and pid.lstrip("-").isdigit() else None


def marker(ev, rest, what):
    """The fields of a trace marker that says @what, None for other events."""
    if ev in ("tracing_mark_write", "print") and what in rest:
        return fields(rest[rest.index(what):])
    return None


def read_trace(events, tree):
    """The victims of @events in the order killed (a pid killed twice, after
    its reuse, is two victims), and the process tree into @tree."""
    victims, current, threads = [], {}, {}
    for ts, ev, f, rest in events:
        pid = int_pid(f)
        if ev == "sched_process_fork" and pid is not None and int_pid(f, "child_pid") is not None:
            tree.fork(pid, int(f["child_pid"]))
        elif marker(ev, rest, "soak_root") is not None:
            m = marker(ev, rest, "soak_root")
            tree.mark(int(m["pid"]), m["memcg"], m.get("kind"))
        elif marker(ev, rest, "oomreap_victim_thread") is not None:
            threads[int(f["tid"])] = int(f["tgid"])
        elif pid is None:
            continue
        elif ev == "mark_victim":
            current[pid] = Victim(pid, ts, f.get("comm", "?"), tree.node(pid))
            victims.append(current[pid])
        elif ev == "sched_process_exit":
            v = current.get(threads.get(pid, pid))
            if v and ts >= v.killed:
                v.thread_exit = ts if v.thread_exit is None else max(v.thread_exit, ts)
        elif pid in current:
            victim_event(current[pid], ts, ev, f)
    return victims


def finish(v, has_result):
    """Fill what older kernels' events say of @v where the newer ones are
    missing."""
    # Kernels without oom_reap_result: finish_task_reaping, which also
    # ends an attempt that reaped only part of the address space.
    if v.reaped is None and not has_result:
        v.reaped = v.finished
    if not v.attempts:
        v.attempts = v.attempts_start + v.attempts_skip
    v.attempt_times = v.attempt_times or v.start_times
    v.skip_times = v.skip_times or v.skip_task_times
    if not v.skips and v.attempts_skip:
        v.skips["skipped"] = v.attempts_skip


def build(events, victims_file=None):
    """The victims of a trace, each with its memcg: from the guest's
    victims file (lines "pid=N memcg=NAME ...") for its own pid, else from
    the process tree (a soak_root marker, or the victims file naming an
    ancestor)."""
    tree = Tree()
    victims = read_trace(events, tree)
    has_result = any(e.name in ("oom_reap_result", "oom_reap_attempt") for e in events)
    named = {}
    if victims_file:
        for kv in read_fields(victims_file):
            if "pid" in kv and kv["pid"].isdigit():
                named[int(kv["pid"])] = kv.get("memcg", "?")
                tree.mark(int(kv["pid"]), kv.get("memcg", "?"))
    for v in victims:
        finish(v, has_result)
        v.memcg = named.get(v.pid) or v.node.memcg_of()
        v.kind = v.node.kind_of()
    return victims


COLS = ["pid", "memcg", "killed", "queued", "attempts", "reaped", "skipped",
        "waited", "released", "given_up", "exited", "freed", "left"]


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
            "pid": v.pid, "memcg": v.memcg or "?",
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


def print_table(table):
    heads = {"killed": "killed at", "queued": "queued", "reaped": "reaped",
             "given_up": "given up", "exited": "exited", "attempts": "tries"}
    width = {c: max(len(heads.get(c, c)), *(len(str(r[c])) for r in table)) for c in COLS}
    print("  ".join(heads.get(c, c).ljust(width[c]) for c in COLS).rstrip())
    for r in table:
        print("  ".join(str(r[c]).ljust(width[c]) for c in COLS).rstrip())
    print("(times in seconds: 'killed at' since the first kill, the others since that victim's kill)")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--csv", action="store_true", help="print CSV instead of the table")
    ap.add_argument("--png", metavar="FILE", help="also draw the timeline into FILE with gnuplot")
    ap.add_argument("trace", help="the trace: a tracefs 'trace' file or 'trace-cmd report' output")
    ap.add_argument("victims", nargs="?", help="the guest's victims file (pid=N memcg=NAME ...)")
    args = ap.parse_args()
    try:
        events = load(args.trace)
        if args.victims and not os.path.isfile(args.victims):
            raise TraceError(f"{args.victims}: no such victims file")
    except TraceError as e:
        sys.exit(f"timeline.py: {e}")
    victims = build(events, args.victims)
    table = rows(victims)
    if args.csv:
        w = csv.DictWriter(sys.stdout, fieldnames=COLS)
        w.writeheader()
        w.writerows(table)
    elif table:
        print_table(table)
    if not table:
        sys.exit(f"timeline.py: no OOM victim in {args.trace}: {len(events)} events, "
                 "none of them oom:mark_victim (was that event enabled?)")
    if args.png:
        import timelineplot
        if not timelineplot.plot(victims, args.png, os.path.basename(os.path.dirname(
                os.path.abspath(args.trace))) or args.trace):
            sys.exit(f"timeline.py: no picture written to {args.png}")
        print(f"timeline picture: {args.png}", file=sys.stderr)


if __name__ == "__main__":
    main()
