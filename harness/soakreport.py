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
wherever it was printed.  Timings are trace timestamps.  The console's
kernel errors are those of harness/kernel-errors.txt (kernelerrors.py),
which boot.sh fails on too.
"""
import collections
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(__file__))
import kernelerrors  # noqa: E402
import timeline  # noqa: E402
from timeline import fields  # noqa: E402

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


def read(out, name):
    p = os.path.join(out, name)
    if not os.path.exists(p):
        return None
    with open(p, encoding="utf-8", errors="replace") as f:
        return f.read()


def cgname(name):
    return "/" + name.strip("/") if name else name


def read_info(out):
    """guest/soak.sh's info file; the control's line under "control"."""
    info = {}
    for line in (read(out, "info") or "").splitlines():
        if line.startswith("control "):
            info["control"] = fields(line)
        elif line.startswith("error="):		# words, not fields
            info["error"] = line[len("error="):]
        else:
            info.update(fields(line))
    return info


def read_console(console):
    """The kernel log's kills ("Killed process") and constraint lines."""
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
    return kills, constraints


def match_kills(victims, kills):
    """Each kill is the mark_victim of its pid closest in time (the trace
    and printk clocks differ by milliseconds; a pid is not reused within
    seconds): sets v.kill and k["victim"]; returns the kills with none."""
    by_pid = collections.defaultdict(list)
    for v in victims:
        by_pid[v.pid].append(v)
    unmatched = []
    for k in kills:
        cands = [v for v in by_pid.get(k["pid"], []) if v.kill is None and
                 abs(v.killed - k["ts"]) < 2.0]
        if not cands:
            unmatched.append(k)
            continue
        v = min(cands, key=lambda v: abs(v.killed - k["ts"]))
        v.kill = k
        k["victim"] = v
    return unmatched


def analyse(out):
    """The run's info, trace events, victims (timeline.build: memcg and
    kind from the soak_root markers), kills, constraint lines and the
    kills that match no victim."""
    info = read_info(out)
    trace_path = os.path.join(out, "trace")
    events = timeline.parse(trace_path) if os.path.exists(trace_path) else []
    victims = timeline.build(events)
    for v in victims:
        v.memcg = cgname(v.memcg)
    kills, constraints = read_console(read(out, "console.log") or "")
    unmatched = match_kills(victims, kills)
    return info, events, victims, kills, constraints, unmatched


def episodes(victims):
    """Per memcg: episodes and kills beyond one per episode (DEFINITION)."""
    per = collections.defaultdict(list)
    for v in victims:
        per[v.memcg].append(v)
    result = {}
    for cg, vs in per.items():
        vs.sort(key=lambda v: v.killed)
        eps, extra = 0, []
        for i, v in enumerate(vs):
            if v.kill is None:
                continue
            t = v.killed
            pending = [p for p in vs[:i] if p.exited is None or p.exited > t]
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
            d = fields(line)
            cur = {"t": float(d.pop("t")), "ev": {k: int(v) for k, v in d.items() if v.isdigit()},
                   "tasks": {}}
            per[cgname(d["memcg"])].append(cur)
        elif line.startswith("  pid=") and cur is not None:
            d = fields(line)
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


class Verdict:
    """What the checks found, in the order they found it: failures fail
    the run, warnings are printed above them."""

    def __init__(self):
        self.fails, self.warns = [], []

    def fail(self, what):
        self.fails.append(what)

    def warn(self, what):
        self.warns.append(what)

    def fail_some(self, what, items):
        """One failure for all of @items, naming the first three."""
        if items:
            self.fail(f"{len(items)} {what}: " + "; ".join(items[:3]) +
                      ("; ..." if len(items) > 3 else ""))


def check_guest(s, v):
    """Did the guest finish, cleanly, and send a whole trace back?"""
    info, events = s.info, s.events
    if s.hung:
        v.fail("the guest hung: killed by the host-side timeout")
    if s.splats:
        v.fail(f"kernel splat in the console ({len(s.splats)} lines, first: {s.splats[0]})")
    if not s.hung and not info:
        v.fail("the guest sent no results back (console.log says why)")
    if "error" in info:
        v.fail(info["error"])
    if info and info.get("module", "").startswith("no"):
        v.warn("test module not loaded: no stuck victims were made")
    if events and not any(ev == "mark_victim" for _, ev, _, _ in events):
        v.fail("no OOM victim at all: the soak did not load the memcgs")
    dropped = 0
    for line in s.trace_stats.splitlines():
        for k, val in fields(line.replace(":", "=")).items():
            if val.isdigit():
                dropped += int(val)
    if dropped:
        v.fail(f"the trace lost {dropped} events (ring buffer overrun): the counts are incomplete")
    if info and not events:
        v.fail("no trace came back from the guest")
    if "printk messages dropped" in s.console:
        v.fail("the kernel log dropped messages: kills may be missing")


def check_control(s, v):
    """The control process outside the soak memcgs: alive, data intact."""
    ctl = s.ctl
    if s.info and not ctl:
        v.fail("the control process did not report: killed, or never finished a pass")
    elif ctl:
        if int(ctl.get("changed", "0")):
            v.fail(f"the control's data changed ({ctl['changed']} words, first at byte {ctl['first_bad']})")
        if s.info.get("control_status") not in (None, "0"):
            v.fail(f"the control exited with status {s.info['control_status']}")
        if int(ctl.get("passes", "0")) == 0:
            v.fail("the control never completed a pass")


def check_kills_outside(s, v):
    """Every kill inside an OOMing soak memcg: per the console, the trace
    and the oom-kill:constraint lines."""
    info, kills = s.info, s.kills
    ctl_pid = int(info["control_pid"]) if info.get("control_pid", "").isdigit() else None
    v.fail_some("global OOM kills", [f"{k['kind']}: killed {k['pid']} ({k['comm']})"
                                     for k in kills if k["kind"] != "Memory cgroup out of memory"])
    v.fail_some("kills of the control process", [f"{k['pid']} ({k['comm']})" for k in kills
                                                 if ctl_pid is not None and k["pid"] == ctl_pid])
    # Without a trace there is no memcg for a kill: the missing trace is
    # the failure then.
    if s.events:
        v.fail_some("kills outside the soak memcgs (per the trace)",
                    [f"{k['pid']} ({k['comm']}) in {k['victim'].memcg or 'an unknown memcg'}"
                     for k in kills if k.get("victim") and not (k["victim"].memcg or "").startswith("/soak/")])
        v.fail_some("kills in the console without a mark_victim in the trace",
                    [f"{k['pid']} ({k['comm']})" for k in s.unmatched])
    bad = []
    for c in s.constraints:
        ok = (c["constraint"] == "CONSTRAINT_MEMCG" and c["oom_memcg"] and
              c["oom_memcg"].startswith("/soak/") and
              (c["task_memcg"] + "/").startswith(c["oom_memcg"].rstrip("/") + "/"))
        if not ok:
            bad.append(f"pid {c['pid']} ({c['task']}) of {c['task_memcg']}, "
                       f"{c['constraint']} in {c['oom_memcg'] or '-'}")
        victim = next((k.get("victim") for k in kills if k["pid"] == c["pid"]), None)
        if victim and victim.memcg and victim.memcg != c["task_memcg"]:
            v.warn(f"pid {c['pid']}: trace says {victim.memcg}, console says {c['task_memcg']}")
    v.fail_some("kills outside an OOMing soak memcg (oom-kill:constraint lines)", bad)


def read_memcgs(out):
    """guest/soak.sh's memcgs file: name -> its memory.events and stressor."""
    memcgs = {}
    for line in (read(out, "memcgs") or "").splitlines():
        m = re.match(r'memcg=(\S+) (?:stress="([^"]*)" )?(.*)', line)
        if m:
            d = fields(m.group(3))
            d["stress"] = m.group(2) or ""
            memcgs[m.group(1)] = d
    return memcgs


def check_kill_counts(s, v):
    """The kills as the memcgs and /proc/vmstat count them, against the
    console's."""
    if s.vmstat is not None and s.vmstat != s.soak_kills:
        v.fail(f"{s.vmstat - s.soak_kills} OOM kills outside the soak memcgs "
               f"(/proc/vmstat oom_kill +{s.vmstat}, soak/ memory.events oom_kill {s.soak_kills})")
    if s.memcgs.get("control", {}).get("oom_kill", "0") != "0":
        v.fail("OOM kills in the control's memcg")
    if s.memcgs and len(s.kills) != s.soak_kills:
        v.warn(f"console shows {len(s.kills)} kills, soak/ memory.events oom_kill {s.soak_kills}")


def vmstat_kills(info):
    """/proc/vmstat counts every kill, when the kernel has
    VM_EVENT_COUNTERS: the run's kills by it, or None."""
    if info.get("oom_kill_before", "").isdigit() and info.get("oom_kill_after", "").isdigit():
        return int(info["oom_kill_after"]) - int(info["oom_kill_before"])
    return None


def queue_stays(victims):
    """Each queued victim's stay in the queue, until released, given up or
    gone: (queued, stays [(seconds, victim, why)], never left)."""
    queued = [v for v in victims if v.queued is not None]
    stays, never = [], []
    for v in queued:
        ends = [(t, why) for t, why in ((v.released, "released: " + v.release_reason),
                                        (v.giveup, "given up"),
                                        (v.exited, "exited: " + v.exit_reason))
                if t is not None and t >= v.queued]
        if not ends:
            never.append(v)
            continue
        t, why = min(ends)
        stays.append((t - v.queued, v, why))
    return queued, stays, never


def lateness(stays, deadline):
    """How long past the deadline each stay lasted, longest first."""
    dl = int(deadline) / 1000 if deadline.isdigit() else None
    return sorted((st[0] - dl for st in stays if dl is not None and st[0] > dl), reverse=True)


def unwaited(extra):
    """The kills beyond one per episode made while an earlier victim of
    the memcg was neither released nor given up by the reaper yet."""
    return [x for x in extra if any(st in ("queued, not released", "not queued yet") for st in x[2])]


def read_inject(out, victims):
    """guest/soak.sh's stuck victims, each with its Victim (or None)."""
    inj = [fields(x) for x in (read(out, "inject") or "").splitlines()]
    byvpid = {}
    for v in victims:
        byvpid.setdefault(v.pid, v)
    for x in inj:
        x["v"] = byvpid.get(int(x["pid"]))
    return inj


class Soak:
    """One run's folder, read and analysed, and everything counted from
    it; the checks and the report only read it."""

    def __init__(self, out, boot_rc):
        self.out, self.boot_rc = out, boot_rc
        (self.info, self.events, self.victims, self.kills, self.constraints,
         self.unmatched) = analyse(out)
        self.boot_log = read(out, "boot.log") or ""
        self.console = read(out, "console.log") or ""
        self.splats = kernelerrors.splats(self.console.splitlines())
        self.trace_stats = read(out, "trace-stats") or ""
        self.hung = "timed out" in self.boot_log
        self.deadline = self.info.get("deadline_ms", "?")
        self.ctl = self.info.get("control")
        self.memcgs = read_memcgs(out)
        self.soak_kills = int(self.memcgs.get("soak", {}).get("oom_kill", "0"))
        self.vmstat = vmstat_kills(self.info)
        eps = episodes(self.victims)
        self.n_eps = sum(e for e, _ in eps.values())
        self.extra = [x for _, xs in eps.values() for x in xs]
        self.unwaited = unwaited(self.extra)
        self.queued, self.stays, self.never = queue_stays(self.victims)
        self.late = lateness(self.stays, self.deadline)
        self.giveups = [v for v in self.victims if v.giveup is not None]
        self.premature = [v for v in self.victims if v.exit_reason == "exit_after_giveup"]
        self.no_exit = [v for v in self.victims if v.exited is None]
        self.inj = read_inject(out, self.victims)
        self.stalled = stalls(samples(read(out, "samples") or ""))


def check_queue(s, v):
    """Every queued victim leaves the queue, none long past its deadline."""
    if s.never:
        v.fail(f"{len(s.never)} queued victims never left the queue (first: pid {s.never[0].pid})")
    # The reaper looks at the deadline once per round (100 ms apart) and
    # runs when the busy vCPUs let it: lateness is reported, and only a
    # victim kept a second past its deadline is worth a warning.
    if s.late and s.late[0] > 1.0:
        v.warn(f"a victim stayed in the queue {ms(s.late[0])} past its deadline")


def check_episodes(s, v):
    """Kills the OOM killer should not have made: an earlier victim of the
    memcg was neither released nor given up by the reaper yet."""
    if s.unwaited:
        v.warn(f"{len(s.unwaited)} kills while an earlier victim of the memcg was neither released "
               f"nor given up (first: pid {s.unwaited[0][0].pid} in {s.unwaited[0][0].memcg})")


def check_stalls(s, v):
    """A memcg at its limit for STALL_S seconds without a kill."""
    if s.stalled:
        v.warn(f"{len(s.stalled)} times a memcg hit its limit for {STALL_S} s or more without an "
               f"OOM kill (first: {s.stalled[0][0]}); see the details in summary.md")


def check_guest_status(s, v):
    """Last: the guest's own status is the least specific reason."""
    if s.boot_rc and not s.hung and not s.splats:
        v.fail(f"the guest job failed (exit status {s.boot_rc}; console.log)")


def counted(counter):
    """"a 1, b 2" of a Counter, sorted, or "-"."""
    return ", ".join(f"{k} {n}" for k, n in sorted(counter.items())) or "-"


def say_setup(s, say):
    info, deadline = s.info, s.deadline
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


def say_counts(s, v, say):
    """The table of counts, then the definition of an episode."""
    victims, kills, vmstat, ctl = s.victims, s.kills, s.vmstat, s.ctl
    say("| what | count |")
    say("|---|---|")
    say(f"| OOM kills (console \"Killed process\") | {len(kills)} |")
    say(f"| OOM kills per soak/ memory.events oom_kill{'' if vmstat is None else ' (per /proc/vmstat)'} | {s.soak_kills}"
        f"{'' if vmstat is None else f' ({vmstat})'} |")
    outside = sum(1 for k in kills if not (k.get("victim") and k["victim"].memcg
                                           and k["victim"].memcg.startswith("/soak/")))
    say(f"| kills outside the soak memcgs (memcg from the trace's process tree) | {outside} |")
    say(f"| \"oom-kill:constraint\" lines (rate limited), all CONSTRAINT_MEMCG in an OOMing soak memcg | "
        f"{len(s.constraints)}, {'yes' if not any('constraint' in f for f in v.fails) else 'NO'} |")
    say(f"| OOM victims (mark_victim: kills + tasks only marked because already exiting) | {len(victims)} |")
    say(f"| memcg OOMs (memory.events oom, summed) | "
        f"{sum(int(d.get('oom', 0)) for n, d in s.memcgs.items() if n.startswith('soak/'))} |")
    say(f"| OOM episodes | {s.n_eps} |")
    say(f"| kills beyond one per episode (in how many episodes) | {len(s.extra)} "
        f"({len({id(pend[0]) for _, pend, _ in s.extra})}) |")
    say(f"| of which while an earlier victim was neither released nor given up | {len(s.unwaited)} |")
    say(f"| victims queued for the reaper (still there after OOM_REAPER_DELAY) | {len(s.queued)} |")
    say(f"| victims gone before their timer fired (already_exited) | "
        f"{sum(1 for x in victims if x.timer == 'already_exited')} |")
    rel = collections.Counter(x.release_reason for x in victims if x.released is not None)
    say(f"| released by the reaper | {sum(rel.values())} ({counted(rel)}) |")
    say(f"| victims waited for (exit-only memory left, oom_reap_wait) | {sum(1 for x in victims if x.waits)} |")
    skips = sum((x.skips for x in victims), collections.Counter())
    say(f"| reap attempts, skipped | {sum(x.attempts for x in victims)}, "
        f"{sum(skips.values())} ({counted(skips)}) |")
    say(f"| given up at their deadline (oom_reap_giveup) | {len(s.giveups)} |")
    say(f"| premature give-ups (oom_reap_exit reason=exit_after_giveup) | {len(s.premature)} |")
    exits = collections.Counter(x.exit_reason for x in victims if x.exited is not None)
    say(f"| mm torn down (oom_reap_exit) | {sum(exits.values())} ({counted(exits)}) |")
    if s.stays:
        longest = max(s.stays, key=lambda st: st[0])
        d = sorted(st[0] for st in s.stays)
        say(f"| longest in the queue (queued to released / given up / exited) | {ms(longest[0])}: "
            f"pid {longest[1].pid} ({longest[1].kind or longest[1].comm}, {longest[1].memcg}), {longest[2]} |")
        say(f"| time in the queue, median / 95th percentile | {ms(statistics.median(d))} / "
            f"{ms(d[int(0.95 * (len(d) - 1))])} |")
        say(f"| in the queue past the deadline: victims, by at most | {len(s.late)}, "
            f"{ms(s.late[0]) if s.late else '-'} |")
    notes = {"oom_reaper: unable to reap": "oom_reaper: unable to reap (give-ups of victims not reaped)",
             "oom_reaper: gave up waiting": "oom_reaper: gave up waiting (give-ups of reaped victims that did not exit)",
             "Huh VM_FAULT_OOM leaked": "Huh VM_FAULT_OOM leaked out (a charge failed in a fault, retried)",
             "no killable processes": "Out of memory and no killable processes"}
    for pat, what in notes.items():
        n = s.console.count(pat)
        if n:
            say(f"| kernel log: \"{what}\" | {n} |")
    if ctl:
        say(f"| control: passes over {ctl.get('mb', '?')} MiB, words changed | "
            f"{ctl.get('passes')}, {ctl.get('changed')} (in {int(ctl.get('elapsed_ms', 0)) / 1000:.0f} s) |")
    say("")
    say(DEFINITION)
    say("")


def say_stuck_kinds(s, say):
    """Per kind of stuck victim: what the reaper and the OOM killer did."""
    inj = s.inj
    if not inj:
        return
    say(f"Stuck victims: {len(inj)} made, {sum(1 for x in inj if x.get('ready') == '1')} set up in time, "
        f"{sum(1 for x in inj if x['v'] and x['v'].kill)} killed by the OOM killer; by kind "
        f"(the deadline is {s.deadline} ms):")
    say("")
    say("| kind | killed | released: reaped | waited for exit | given up | premature give-ups "
        "| queued to out, max | kills beyond one in their memcg while they were pending |")
    say("|---|---|---|---|---|---|---|---|")
    pend_kills = collections.Counter()
    for _, pend, _ in s.extra:
        for p in pend:
            pend_kills[id(p)] += 1
    kinds = []
    for x in inj:
        if x["kind"] not in kinds:
            kinds.append(x["kind"])
    stay_of = {id(v): t for t, v, _ in s.stays}
    for k in kinds:
        vs = [x["v"] for x in inj if x["kind"] == k and x["v"] and x["v"].kill]
        st = [stay_of[id(v)] for v in vs if id(v) in stay_of]
        say(f"| {k} | {len(vs)} of {sum(1 for x in inj if x['kind'] == k)} | "
            f"{sum(1 for v in vs if v.release_reason == 'reaped')} | {sum(1 for v in vs if v.waits)} | "
            f"{sum(1 for v in vs if v.giveup is not None)} | "
            f"{sum(1 for v in vs if v.exit_reason == 'exit_after_giveup')} | "
            f"{ms(max(st)) if st else '-'} | {sum(pend_kills[id(v)] for v in vs)} |")
    say("")


def say_memcgs(s, say):
    if s.memcgs:
        say("| memcg | stressor | stress-ng starts | oom | oom_kill | max |")
        say("|---|---|---|---|---|---|")
        for n, d in s.memcgs.items():
            say(f"| {n} | {d['stress'] or '-'} | {d.get('starts', '-')} | {d.get('oom', '?')} | "
                f"{d.get('oom_kill', '?')} | {d.get('max', '?')} |")
        say("")
    if s.no_exit:
        say(f"{len(s.no_exit)} victims have no oom_reap_exit in the trace (their mm outlived the trace, "
            f"or another victim sharing it was recorded): counted as pending to the end.")
        say("")


def say_verdicts(v, say):
    for w in v.warns:
        say(f"WARNING: {w}")
    for f in v.fails:
        say(f"FAIL: {f}")
    if v.warns or v.fails:
        say("")
    say("Files: console.log (serial console), trace (raw ftrace), info, memcgs, victims, inject, "
        "samples, trace-stats; the details below are in summary.md only.")


def say_extra_kills(s, say):
    extra = s.extra
    if not extra:
        return
    say("Kills beyond one per episode, by what the earlier victim was doing when the OOM killer killed again:")
    say("")
    states = collections.Counter(st for _, _, ss in extra for st in ss)
    for st, n in states.most_common():
        say(f"- {st}: {n}")
    say("")
    say("| killed | memcg | at (trace s) | pending earlier victims |")
    say("|---|---|---|---|")
    for v, pend, ss in extra:
        say(f"| {v.pid} ({v.comm}{', ' + v.kind if v.kind else ''}) | {v.memcg} | {v.killed:.3f} | " +
            "; ".join(f"{p.pid} ({p.kind or p.comm}, killed {v.killed - p.killed:.2f} s before, {st})"
                      for p, st in zip(pend, ss)) + " |")
    say("")


def say_stalls(s, say):
    if not s.stalled:
        return
    say(f"Memcgs at their limit without an OOM kill for {STALL_S} s or more (guest uptime; "
        f"each task with its CPU ticks over the stall):")
    say("")
    for cg, a, b in s.stalled:
        say(f"- {cg}, {a['t']:.0f} s to {b['t']:.0f} s: memory.events max +{b['ev'].get('max', 0) - a['ev'].get('max', 0)}, "
            f"oom +{b['ev'].get('oom', 0) - a['ev'].get('oom', 0)}, oom_kill +0; tasks: " +
            "; ".join(f"{p} {d.get('comm')} {d.get('state')} "
                      f"+{int(d.get('ticks', 0)) - int(a['tasks'].get(p, {}).get('ticks', d.get('ticks', 0)))} ticks "
                      f"adj {d.get('adj')} {d.get('wchan') or '-'}"
                      for p, d in b["tasks"].items()))
    say("")


def say_premature(s, say):
    if not s.premature:
        return
    say("Premature give-ups (given up at the deadline, then the mm was torn down by its exit):")
    say("")
    for v in s.premature:
        say(f"- pid {v.pid} ({v.kind or v.comm}, {v.memcg}): queued to given up "
            f"{ms(v.giveup - v.queued) if v.queued else '?'}, exited {ms(v.exited - v.giveup)} after the give-up")
    say("")


def say_stuck_victims(s, say):
    if not s.inj:
        return
    say("Stuck victims (times in seconds after the kill):")
    say("")
    say("| pid | kind | wave | memcg | killed | queued | tries | skipped | released | given up | mm torn down |")
    say("|---|---|---|---|---|---|---|---|---|---|---|")
    for x in s.inj:
        v = x["v"]
        if not v:
            say(f"| {x['pid']} | {x['kind']} | {x.get('wave', '')} | {cgname(x['memcg'])} | "
                f"not killed (set up in time: {'yes' if x.get('ready') == '1' else 'no'}) | | | | | | |")
            continue

        def rel(t, v=v):
            return "-" if t is None else f"+{t - v.killed:.3f}"
        say(f"| {v.pid} | {x['kind']} | {x.get('wave', '')} | {cgname(x['memcg'])} | "
            f"{'yes' if v.kill else 'marked'} | {rel(v.queued)} | "
            f"{v.attempts} | {','.join(f'{k}x{n}' for k, n in v.skips.items()) or '-'} | "
            f"{rel(v.released)}{' (' + v.release_reason + ')' if v.released else ''} | {rel(v.giveup)} | "
            f"{rel(v.exited)}{' (' + v.exit_reason + ')' if v.exited else ''} |")
    say("")


def verdict_line(s, v):
    summary = (f"{len(s.kills)} kills, {s.n_eps} episodes, {len(s.extra)} kills beyond one per episode, "
               f"{len(s.giveups)} given up, {len(s.premature)} premature give-ups, longest queued "
               f"{ms(max(st[0] for st in s.stays)) if s.stays else '-'}, control "
               f"{s.ctl.get('passes', '?') if s.ctl else '-'} passes")
    if v.fails:
        return (f"SOAK FAILED ({v.fails[0]}" + (f"; and {len(v.fails) - 1} more" if len(v.fails) > 1 else "") +
                f"): {summary}")
    return f"SOAK PASSED: {summary}"


def judge(s):
    """The run's Verdict: the checks, in the order their failures are
    listed."""
    v = Verdict()
    for check in (check_guest, check_control, check_kills_outside, check_kill_counts,
                  check_queue, check_episodes, check_stalls, check_guest_status):
        check(s, v)
    return v


def report(s, v):
    """The lines of summary.md, how many of them are printed, and the
    verdict line."""
    lines = []
    say = lines.append
    # What is printed: the setup, the counts, the stuck victims, the memcgs.
    say_setup(s, say)
    say_counts(s, v, say)
    say_stuck_kinds(s, say)
    say_memcgs(s, say)
    say_verdicts(v, say)
    shown = len(lines)
    # Details: in summary.md, not printed.
    say("")
    say("## Details")
    say("")
    say_extra_kills(s, say)
    say_stalls(s, say)
    say_premature(s, say)
    say_stuck_victims(s, say)
    verdict = verdict_line(s, v)
    say(verdict)
    return lines, shown, verdict


def main():
    s = Soak(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    v = judge(s)
    lines, shown, verdict = report(s, v)
    with open(os.path.join(s.out, "summary.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[:shown]))
    print()
    print(verdict)
    return 1 if v.fails else 0


if __name__ == "__main__":
    sys.exit(main())
