#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a make soak run and summarise it as markdown.

  soakreport.py OUT [BOOT_RC]

OUT is the run's folder (build/soak/<date>/): the guest's console.log,
trace, info, victims, inject, memcgs and trace-stats (guest/soak.sh), and
boot.log, what harness/boot.sh printed.  BOOT_RC is boot.sh's exit status.
Writes OUT/summary.md, prints it, and exits 1 when the run failed.  The
last line printed is the one-line verdict.

Every kill is a "Killed process" line of the kernel log (never rate
limited); its memcg comes from the trace: guest/soak.sh marks the root of
every process tree it starts in a memcg, and sched_process_fork links the
rest.  The "oom-kill:constraint=..." line, rate limited, is checked
wherever it was printed.  Timings are trace timestamps.
"""
import collections
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(__file__))
import timeline  # noqa: E402

KILL = re.compile(r"\[\s*(\d+\.\d+)\] (Memory cgroup out of memory|Out of memory[^:]*): "
                  r"Killed process (\d+) \((.*?)\)")
CONSTRAINT = re.compile(r"oom-kill:constraint=([^,]+),.*?(?:,oom_memcg=([^,]*))?"
                        r",task_memcg=([^,]*),task=(.*),pid=(\d+),uid=\d+")
DEFINITION = (
    "An **OOM episode** of a memcg starts with a kill in it when none of its "
    "earlier OOM victims is pending, a victim being pending from its "
    "`mark_victim` until its mm is torn down (`oom_reap_exit`). A **kill "
    "beyond one per episode** is a kill in a memcg while an earlier victim of "
    "that memcg is still pending, i.e. a second task killed before the "
    "previous victim's mm was torn down. Victims include tasks the OOM killer "
    "only marked because they were already exiting (no kill).")


def kv(line):
    return dict(x.split("=", 1) for x in line.split() if "=" in x)


def read(out, name):
    p = os.path.join(out, name)
    if not os.path.exists(p):
        return None
    with open(p, encoding="utf-8", errors="replace") as f:
        return f.read()


def cgname(name):
    return "/" + name.strip("/") if name else name


class Node:
    """One process or thread, from its fork: memcg set by a soak_root mark."""

    def __init__(self, pid, parent):
        self.pid, self.parent, self.memcg, self.kind = pid, parent, None, None

    def resolve(self):
        n = self
        while n is not None:
            if n.memcg:
                return n.memcg
            n = n.parent
        return None


class Victim:
    def __init__(self, pid, ts, node, comm):
        self.pid, self.killed_ts, self.node, self.comm = pid, ts, node, comm
        self.memcg = None
        self.kill = None		# the console's Killed process line
        self.queued = self.released = self.giveup = self.exit = None
        self.release_reason = self.exit_reason = ""
        self.attempts = 0
        self.skips = collections.Counter()
        self.waits = 0
        self.timer = None		# oom_reap_queue reason at the timer
        self.kind = None		# stuck victim kind, from the marks


def analyse(out):
    info = {}
    for line in (read(out, "info") or "").splitlines():
        if line.startswith("control "):
            info["control"] = kv(line)
        else:
            info.update(kv(line))
    trace_path = os.path.join(out, "trace")
    events = timeline.parse(trace_path) if os.path.exists(trace_path) else []

    nodes = {}
    victims = []
    current = {}		# pid -> its latest Victim
    for ts, ev, f, rest in events:
        if ev == "sched_process_fork":
            parent = nodes.get(int(f["pid"]))
            nodes[int(f["child_pid"])] = Node(int(f["child_pid"]), parent)
            continue
        if ev in ("tracing_mark_write", "print") and "soak_root" in rest:
            m = kv(rest[rest.index("soak_root"):])
            pid = int(m["pid"])
            n = nodes.get(pid)
            if n is None:		# its fork was not traced
                n = nodes[pid] = Node(pid, None)
            n.memcg = cgname(m["memcg"])
            if m.get("kind"):
                n.kind = m["kind"]
            continue
        pid = f.get("pid")
        if pid is None or not pid.lstrip("-").isdigit():
            continue
        pid = int(pid)
        if ev == "mark_victim":
            v = Victim(pid, ts, nodes.get(pid), f.get("comm", "?"))
            victims.append(v)
            current[pid] = v
            continue
        v = current.get(pid)
        if v is None:
            continue
        reason = f.get("reason", "")
        if ev == "oom_reap_queue":
            if reason == "queued":
                v.queued = v.queued or ts
            elif reason == "already_exited":
                v.timer = reason
        elif ev == "oom_reap_attempt":
            v.attempts += 1
        elif ev == "oom_reap_skip":
            v.skips[reason] += 1
        elif ev == "oom_reap_wait":
            v.waits += 1
        elif ev == "oom_reap_release" and v.released is None:
            v.released, v.release_reason = ts, reason
        elif ev == "oom_reap_giveup" and v.giveup is None:
            v.giveup = ts
        elif ev == "oom_reap_exit" and v.exit is None:
            v.exit, v.exit_reason = ts, reason
    for v in victims:
        v.memcg = v.node.resolve() if v.node else None
        n = v.node
        while n is not None and v.kind is None:
            v.kind = n.kind
            if n.memcg:
                break
            n = n.parent

    # The kernel log: every kill, every constraint line.
    console = read(out, "console.log") or ""
    kills, constraints = [], []
    for line in console.splitlines():
        m = KILL.search(line)
        if m:
            kills.append({"ts": float(m.group(1)), "kind": m.group(2),
                          "pid": int(m.group(3)), "comm": m.group(4)})
        m = CONSTRAINT.search(line)
        if m:
            constraints.append({"constraint": m.group(1), "oom_memcg": m.group(2),
                                "task_memcg": m.group(3), "task": m.group(4),
                                "pid": int(m.group(5)), "line": line.strip()})
    # Each kill is the mark_victim of its pid closest in time (the trace
    # and printk clocks differ by milliseconds; a pid is not reused within
    # seconds).
    by_pid = collections.defaultdict(list)
    for v in victims:
        by_pid[v.pid].append(v)
    unmatched = []
    for k in kills:
        cands = [v for v in by_pid.get(k["pid"], []) if v.kill is None and
                 abs(v.killed_ts - k["ts"]) < 2.0]
        if not cands:
            unmatched.append(k)
            continue
        v = min(cands, key=lambda v: abs(v.killed_ts - k["ts"]))
        v.kill = k
        k["victim"] = v
    return info, events, victims, kills, constraints, unmatched


def episodes(victims):
    """Per memcg: episodes and kills beyond one per episode (DEFINITION)."""
    per = collections.defaultdict(list)
    for v in victims:
        per[v.memcg].append(v)
    result = {}
    for cg, vs in per.items():
        vs.sort(key=lambda v: v.killed_ts)
        eps, extra = 0, []
        for i, v in enumerate(vs):
            if v.kill is None:
                continue
            t = v.killed_ts
            pending = [p for p in vs[:i] if p.exit is None or p.exit > t]
            if not pending:
                eps += 1
                continue
            # What the OOM killer went past: the state of the pending
            # victims when it killed again.
            states = []
            for p in pending:
                if p.giveup is not None and p.giveup <= t:
                    states.append("given up")
                elif p.released is not None and p.released <= t:
                    states.append("released: " + p.release_reason)
                elif p.queued is not None:
                    states.append("queued, not released")
                else:
                    states.append("not queued yet")
            extra.append((v, pending, states))
        result[cg] = (eps, extra)
    return result


def samples(text):
    """guest/soak.sh's samples: per memcg, [(t, memory.events, {pid: task})]."""
    per = collections.defaultdict(list)
    cur = None
    for line in text.splitlines():
        if line.startswith("t="):
            d = kv(line)
            cur = {"t": float(d.pop("t")), "ev": {k: int(v) for k, v in d.items() if v.isdigit()},
                   "tasks": {}}
            per[cgname(d["memcg"])].append(cur)
        elif line.startswith("  pid=") and cur is not None:
            d = kv(line)
            cur["tasks"][d["pid"]] = d
    return per


STALL_S = 30


def stalls(per):
    """Memcgs that kept hitting their limit (memory.events max) for at
    least STALL_S seconds without a single OOM kill: charges failing with
    no kill to show for it.  Returns (memcg, first, last sample)."""
    found = []
    for cg, ss in per.items():
        i = 0
        while i < len(ss):
            j = i
            while j + 1 < len(ss) and ss[j + 1]["ev"].get("oom_kill") == ss[i]["ev"].get("oom_kill"):
                j += 1
            if (ss[j]["t"] - ss[i]["t"] >= STALL_S and
                    ss[j]["ev"].get("max", 0) - ss[i]["ev"].get("max", 0) >= 100):
                found.append((cg, ss[i], ss[j]))
            i = j + 1
    return found


def ms(x):
    return f"{x * 1000:.0f} ms"


def main():
    out = sys.argv[1]
    boot_rc = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    info, events, victims, kills, constraints, unmatched = analyse(out)
    boot_log = read(out, "boot.log") or ""
    console = read(out, "console.log") or ""
    fails, warns, lines = [], [], []
    say = lines.append

    # -- did the guest finish, and cleanly? --
    hung = "timed out" in boot_log
    if hung:
        fails.append("the guest hung: killed by the host-side timeout")
    splats = read(out, "splats.txt")
    if splats:
        fails.append(f"kernel splat in the console ({len(splats.splitlines())} lines, splats.txt)")
    if not hung and not info:
        fails.append("the guest sent no results back (console.log says why)")
    if "error" in info:
        fails.append(info["error"])
    if info and info.get("module", "").startswith("no"):
        warns.append("test module not loaded: no stuck victims were made")
    if events and not any(ev == "mark_victim" for _, ev, _, _ in events):
        fails.append("no OOM victim at all: the soak did not load the memcgs")
    dropped = 0
    for line in (read(out, "trace-stats") or "").splitlines():
        for k, val in kv(line.replace(":", "=")).items():
            if val.isdigit():
                dropped += int(val)
    if dropped:
        fails.append(f"the trace lost {dropped} events (ring buffer overrun): the counts are incomplete")
    if info and not events:
        fails.append("no trace came back from the guest")
    if "printk messages dropped" in console:
        fails.append("the kernel log dropped messages: kills may be missing")

    # -- the control --
    ctl = info.get("control")
    ctl_pid = int(info["control_pid"]) if info.get("control_pid", "").isdigit() else None
    if info and not ctl:
        fails.append("the control process did not report: killed, or never finished a pass")
    elif ctl:
        if int(ctl.get("changed", "0")):
            fails.append(f"the control's data changed ({ctl['changed']} words, first at byte {ctl['first_bad']})")
        if info.get("control_status") not in (None, "0"):
            fails.append(f"the control exited with status {info['control_status']}")
        if int(ctl.get("passes", "0")) == 0:
            fails.append("the control never completed a pass")

    # -- every kill inside an OOMing soak memcg --
    def fail_some(what, items):
        if items:
            fails.append(f"{len(items)} {what}: " + "; ".join(items[:3]) +
                         ("; ..." if len(items) > 3 else ""))

    fail_some("global OOM kills", [f"{k['kind']}: killed {k['pid']} ({k['comm']})"
                                   for k in kills if k["kind"] != "Memory cgroup out of memory"])
    fail_some("kills of the control process", [f"{k['pid']} ({k['comm']})" for k in kills
                                               if ctl_pid is not None and k["pid"] == ctl_pid])
    # Without a trace there is no memcg for a kill: the missing trace is
    # the failure then.
    if events:
        fail_some("kills outside the soak memcgs (per the trace)",
                  [f"{k['pid']} ({k['comm']}) in {k['victim'].memcg or 'an unknown memcg'}"
                   for k in kills if k.get("victim") and not (k["victim"].memcg or "").startswith("/soak/")])
        fail_some("kills in the console without a mark_victim in the trace",
                  [f"{k['pid']} ({k['comm']})" for k in unmatched])
    bad = []
    for c in constraints:
        ok = (c["constraint"] == "CONSTRAINT_MEMCG" and c["oom_memcg"] and
              c["oom_memcg"].startswith("/soak/") and
              (c["task_memcg"] + "/").startswith(c["oom_memcg"].rstrip("/") + "/"))
        if not ok:
            bad.append(f"pid {c['pid']} ({c['task']}) of {c['task_memcg']}, "
                       f"{c['constraint']} in {c['oom_memcg'] or '-'}")
        v = next((k.get("victim") for k in kills if k["pid"] == c["pid"]), None)
        if v and v.memcg and v.memcg != c["task_memcg"]:
            warns.append(f"pid {c['pid']}: trace says {v.memcg}, console says {c['task_memcg']}")
    fail_some("kills outside an OOMing soak memcg (oom-kill:constraint lines)", bad)

    memcgs = {}
    for line in (read(out, "memcgs") or "").splitlines():
        m = re.match(r'memcg=(\S+) (?:stress="([^"]*)" )?(.*)', line)
        if m:
            d = kv(m.group(3))
            d["stress"] = m.group(2) or ""
            memcgs[m.group(1)] = d
    soak_kills = int(memcgs.get("soak", {}).get("oom_kill", "0"))
    # /proc/vmstat counts every kill, when the kernel has VM_EVENT_COUNTERS.
    vmstat = None
    if info.get("oom_kill_before", "").isdigit() and info.get("oom_kill_after", "").isdigit():
        vmstat = int(info["oom_kill_after"]) - int(info["oom_kill_before"])
        if vmstat != soak_kills:
            fails.append(f"{vmstat - soak_kills} OOM kills outside the soak memcgs "
                         f"(/proc/vmstat oom_kill +{vmstat}, soak/ memory.events oom_kill {soak_kills})")
    if memcgs.get("control", {}).get("oom_kill", "0") != "0":
        fails.append("OOM kills in the control's memcg")
    if memcgs and len(kills) != soak_kills:
        warns.append(f"console shows {len(kills)} kills, soak/ memory.events oom_kill {soak_kills}")

    # -- numbers --
    eps = episodes(victims)
    n_eps = sum(e for e, _ in eps.values())
    extra = [x for _, xs in eps.values() for x in xs]
    queued = [v for v in victims if v.queued is not None]
    stays = []
    never = []
    for v in queued:
        ends = [(t, why) for t, why in ((v.released, "released: " + v.release_reason),
                                        (v.giveup, "given up"),
                                        (v.exit, "exited: " + v.exit_reason))
                if t is not None and t >= v.queued]
        if not ends:
            never.append(v)
            continue
        t, why = min(ends)
        stays.append((t - v.queued, v, why))
    if never:
        fails.append(f"{len(never)} queued victims never left the queue (first: pid {never[0].pid})")
    giveups = [v for v in victims if v.giveup is not None]
    premature = [v for v in victims if v.exit_reason == "exit_after_giveup"]
    no_exit = [v for v in victims if v.exit is None]
    deadline = info.get("deadline_ms", "?")
    dl = int(deadline) / 1000 if deadline.isdigit() else None
    # The reaper looks at the deadline once per round (100 ms apart) and
    # runs when the busy vCPUs let it: lateness is reported, and only a
    # victim kept a second past its deadline is worth a warning.
    late = sorted((s[0] - dl for s in stays if dl is not None and s[0] > dl), reverse=True)
    if late and late[0] > 1.0:
        warns.append(f"a victim stayed in the queue {ms(late[0])} past its deadline")
    # Kills the OOM killer should not have made: an earlier victim of the
    # memcg was neither released nor given up by the reaper yet.
    unwaited = [x for x in extra if any(s in ("queued, not released", "not queued yet") for s in x[2])]
    if unwaited:
        warns.append(f"{len(unwaited)} kills while an earlier victim of the memcg was neither released "
                     f"nor given up (first: pid {unwaited[0][0].pid} in {unwaited[0][0].memcg})")

    say(f"# Soak of {info.get('kernel', '?')}: {info.get('soak_s', '?')} s")
    say("")
    say(f"{info.get('memcgs', '?')} memcgs of {info.get('max', '?')} without swap, each kept at "
        f"its limit by stress-ng {info.get('stress_ng', '(missing)')}; every "
        f"{info.get('stuck_every_s', '?')} s a wave of {info.get('wave', '?')} stuck victims of the test "
        f"module (stuck {info.get('stuck_ms', '?')} ms, {info.get('waves', '?')} waves); "
        f"vm.oom_reap_deadline_ms = {deadline}"
        f"{'' if info.get('deadline_ms_after', deadline) == deadline else ' (changed during the run!)'}; "
        f"a control process outside them checking {info.get('control_mb', '?')} MiB. "
        f"Ran {info.get('ran_s', '?')} s.")
    say("")
    say("| what | count |")
    say("|---|---|")
    say(f"| OOM kills (console \"Killed process\") | {len(kills)} |")
    say(f"| OOM kills per soak/ memory.events oom_kill{'' if vmstat is None else ' (per /proc/vmstat)'} | {soak_kills}"
        f"{'' if vmstat is None else f' ({vmstat})'} |")
    outside = sum(1 for k in kills if not (k.get("victim") and k["victim"].memcg
                                           and k["victim"].memcg.startswith("/soak/")))
    say(f"| kills outside the soak memcgs (memcg from the trace's process tree) | {outside} |")
    say(f"| \"oom-kill:constraint\" lines (rate limited), all CONSTRAINT_MEMCG in an OOMing soak memcg | "
        f"{len(constraints)}, {'yes' if not any('constraint' in f for f in fails) else 'NO'} |")
    say(f"| OOM victims (mark_victim: kills + tasks only marked because already exiting) | {len(victims)} |")
    say(f"| memcg OOMs (memory.events oom, summed) | "
        f"{sum(int(d.get('oom', 0)) for n, d in memcgs.items() if n.startswith('soak/'))} |")
    say(f"| OOM episodes | {n_eps} |")
    say(f"| kills beyond one per episode (in how many episodes) | {len(extra)} "
        f"({len({id(pend[0]) for _, pend, _ in extra})}) |")
    say(f"| of which while an earlier victim was neither released nor given up | {len(unwaited)} |")
    say(f"| victims queued for the reaper (still there after OOM_REAPER_DELAY) | {len(queued)} |")
    say(f"| victims gone before their timer fired (already_exited) | "
        f"{sum(1 for v in victims if v.timer == 'already_exited')} |")
    rel = collections.Counter(v.release_reason for v in victims if v.released is not None)
    say(f"| released by the reaper | {sum(rel.values())} ({', '.join(f'{k} {n}' for k, n in sorted(rel.items())) or '-'}) |")
    say(f"| victims waited for (exit-only memory left, oom_reap_wait) | {sum(1 for v in victims if v.waits)} |")
    skips = sum((v.skips for v in victims), collections.Counter())
    say(f"| reap attempts, skipped | {sum(v.attempts for v in victims)}, "
        f"{sum(skips.values())} ({', '.join(f'{k} {n}' for k, n in sorted(skips.items())) or '-'}) |")
    say(f"| given up at their deadline (oom_reap_giveup) | {len(giveups)} |")
    say(f"| premature give-ups (oom_reap_exit reason=exit_after_giveup) | {len(premature)} |")
    exits = collections.Counter(v.exit_reason for v in victims if v.exit is not None)
    say(f"| mm torn down (oom_reap_exit) | {sum(exits.values())} "
        f"({', '.join(f'{k} {n}' for k, n in sorted(exits.items())) or '-'}) |")
    if stays:
        longest = max(stays, key=lambda s: s[0])
        d = sorted(s[0] for s in stays)
        say(f"| longest in the queue (queued to released / given up / exited) | {ms(longest[0])}: "
            f"pid {longest[1].pid} ({longest[1].kind or longest[1].comm}, {longest[1].memcg}), {longest[2]} |")
        say(f"| time in the queue, median / 95th percentile | {ms(statistics.median(d))} / "
            f"{ms(d[int(0.95 * (len(d) - 1))])} |")
        say(f"| in the queue past the deadline: victims, by at most | {len(late)}, "
            f"{ms(late[0]) if late else '-'} |")
    notes = {"oom_reaper: unable to reap": "oom_reaper: unable to reap (give-ups of victims not reaped)",
             "oom_reaper: gave up waiting": "oom_reaper: gave up waiting (give-ups of reaped victims that did not exit)",
             "Huh VM_FAULT_OOM leaked": "Huh VM_FAULT_OOM leaked out (a charge failed in a fault, retried)",
             "no killable processes": "Out of memory and no killable processes"}
    for pat, what in notes.items():
        n = console.count(pat)
        if n:
            say(f"| kernel log: \"{what}\" | {n} |")
    if ctl:
        say(f"| control: passes over {ctl.get('mb', '?')} MiB, words changed | "
            f"{ctl.get('passes')}, {ctl.get('changed')} (in {int(ctl.get('elapsed_ms', 0)) / 1000:.0f} s) |")
    say("")
    say(DEFINITION)
    say("")

    inj = [kv(x) for x in (read(out, "inject") or "").splitlines()]
    byvpid = {}
    for v in victims:
        byvpid.setdefault(v.pid, v)
    for x in inj:
        x["v"] = byvpid.get(int(x["pid"]))
    if inj:
        say(f"Stuck victims: {len(inj)} made, {sum(1 for x in inj if x.get('ready') == '1')} set up in time, "
            f"{sum(1 for x in inj if x['v'] and x['v'].kill)} killed by the OOM killer; by kind "
            f"(the deadline is {deadline} ms):")
        say("")
        say("| kind | killed | released: reaped | waited for exit | given up | premature give-ups "
            "| queued to out, max | kills beyond one in their memcg while they were pending |")
        say("|---|---|---|---|---|---|---|---|")
        pend_kills = collections.Counter()
        for v, pend, _ in extra:
            for p in pend:
                pend_kills[id(p)] += 1
        kinds = []
        for x in inj:
            if x["kind"] not in kinds:
                kinds.append(x["kind"])
        stay_of = {id(v): t for t, v, _ in stays}
        for k in kinds:
            vs = [x["v"] for x in inj if x["kind"] == k and x["v"] and x["v"].kill]
            st = [stay_of[id(v)] for v in vs if id(v) in stay_of]
            say(f"| {k} | {len(vs)} of {sum(1 for x in inj if x['kind'] == k)} | "
                f"{sum(1 for v in vs if v.release_reason == 'reaped')} | {sum(1 for v in vs if v.waits)} | "
                f"{sum(1 for v in vs if v.giveup is not None)} | "
                f"{sum(1 for v in vs if v.exit_reason == 'exit_after_giveup')} | "
                f"{ms(max(st)) if st else '-'} | {sum(pend_kills[id(v)] for v in vs)} |")
        say("")

    if memcgs:
        say("| memcg | stressor | stress-ng starts | oom | oom_kill | max |")
        say("|---|---|---|---|---|---|")
        for n, d in memcgs.items():
            say(f"| {n} | {d['stress'] or '-'} | {d.get('starts', '-')} | {d.get('oom', '?')} | "
                f"{d.get('oom_kill', '?')} | {d.get('max', '?')} |")
        say("")
    if no_exit:
        say(f"{len(no_exit)} victims have no oom_reap_exit in the trace (their mm outlived the trace, "
            f"or another victim sharing it was recorded): counted as pending to the end.")
        say("")
    stalled = stalls(samples(read(out, "samples") or ""))
    if stalled:
        warns.append(f"{len(stalled)} times a memcg hit its limit for {STALL_S} s or more without an "
                     f"OOM kill (first: {stalled[0][0]}); see the details in summary.md")
    # Last: the guest's own status is the least specific reason.
    if boot_rc and not hung and not splats:
        fails.append(f"the guest job failed (exit status {boot_rc}; console.log)")
    for w in warns:
        say(f"WARNING: {w}")
    for f in fails:
        say(f"FAIL: {f}")
    if warns or fails:
        say("")
    say("Files: console.log (serial console), trace (raw ftrace), info, memcgs, victims, inject, "
        "samples, trace-stats; the details below are in summary.md only.")
    shown = len(lines)

    # Details: in summary.md, not printed.
    say("")
    say("## Details")
    say("")
    if extra:
        say("Kills beyond one per episode, by what the earlier victim was doing when the OOM killer killed again:")
        say("")
        states = collections.Counter(s for _, _, ss in extra for s in ss)
        for s, n in states.most_common():
            say(f"- {s}: {n}")
        say("")
        say("| killed | memcg | at (trace s) | pending earlier victims |")
        say("|---|---|---|---|")
        for v, pend, ss in extra:
            say(f"| {v.pid} ({v.comm}{', ' + v.kind if v.kind else ''}) | {v.memcg} | {v.killed_ts:.3f} | " +
                "; ".join(f"{p.pid} ({p.kind or p.comm}, killed {v.killed_ts - p.killed_ts:.2f} s before, {s})"
                          for p, s in zip(pend, ss)) + " |")
        say("")
    if stalled:
        say(f"Memcgs at their limit without an OOM kill for {STALL_S} s or more (guest uptime; "
            f"each task with its CPU ticks over the stall):")
        say("")
        for cg, a, b in stalled:
            say(f"- {cg}, {a['t']:.0f} s to {b['t']:.0f} s: memory.events max +{b['ev'].get('max', 0) - a['ev'].get('max', 0)}, "
                f"oom +{b['ev'].get('oom', 0) - a['ev'].get('oom', 0)}, oom_kill +0; tasks: " +
                "; ".join(f"{p} {d.get('comm')} {d.get('state')} "
                          f"+{int(d.get('ticks', 0)) - int(a['tasks'].get(p, {}).get('ticks', d.get('ticks', 0)))} ticks "
                          f"adj {d.get('adj')} {d.get('wchan') or '-'}"
                          for p, d in b["tasks"].items()))
        say("")
    if premature:
        say("Premature give-ups (given up at the deadline, then the mm was torn down by its exit):")
        say("")
        for v in premature:
            say(f"- pid {v.pid} ({v.kind or v.comm}, {v.memcg}): queued to given up "
                f"{ms(v.giveup - v.queued) if v.queued else '?'}, exited {ms(v.exit - v.giveup)} after the give-up")
        say("")
    if inj:
        say("Stuck victims (times in seconds after the kill):")
        say("")
        say("| pid | kind | wave | memcg | killed | queued | tries | skipped | released | given up | mm torn down |")
        say("|---|---|---|---|---|---|---|---|---|---|---|")
        for x in inj:
            v = x["v"]
            if not v:
                say(f"| {x['pid']} | {x['kind']} | {x.get('wave', '')} | {cgname(x['memcg'])} | "
                    f"not killed (set up in time: {'yes' if x.get('ready') == '1' else 'no'}) | | | | | | |")
                continue

            def rel(t, v=v):
                return "-" if t is None else f"+{t - v.killed_ts:.3f}"
            say(f"| {v.pid} | {x['kind']} | {x.get('wave', '')} | {cgname(x['memcg'])} | "
                f"{'yes' if v.kill else 'marked'} | {rel(v.queued)} | "
                f"{v.attempts} | {','.join(f'{k}x{n}' for k, n in v.skips.items()) or '-'} | "
                f"{rel(v.released)}{' (' + v.release_reason + ')' if v.released else ''} | {rel(v.giveup)} | "
                f"{rel(v.exit)}{' (' + v.exit_reason + ')' if v.exit else ''} |")
        say("")

    summary = (f"{len(kills)} kills, {n_eps} episodes, {len(extra)} kills beyond one per episode, "
               f"{len(giveups)} given up, {len(premature)} premature give-ups, longest queued "
               f"{ms(max(s[0] for s in stays)) if stays else '-'}, control "
               f"{ctl.get('passes', '?') if ctl else '-'} passes")
    if fails:
        verdict = (f"SOAK FAILED ({fails[0]}" + (f"; and {len(fails) - 1} more" if len(fails) > 1 else "") +
                   f"): {summary}")
    else:
        verdict = f"SOAK PASSED: {summary}"
    say(verdict)
    with open(os.path.join(out, "summary.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[:shown]))
    print()
    print(verdict)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
