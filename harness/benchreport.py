#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise a make bench results folder as markdown, write its CSVs and plot.

  benchreport.py OUT RUNS BASE_DESC

Reads OUT/bench-<scenario>-<kernel>/ (trace, victims, fast) for the kernels
"base" and "patched" (and OUT/bench-big1-<kernel>/, the big scenario's boot
with one vCPU), writes OUT/<scenario>.csv, OUT/hol.png (when gnuplot
is there) and prints the markdown report.  Every number comes from the
guests' traces (trace timestamps) or the guests' own timing.
"""
import collections
import csv
import os
import platform
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import benchstats  # noqa: E402
import gnuplot  # noqa: E402
import timeline  # noqa: E402

KERNELS = ("base", "patched")


def write_csv(out, name, header, rows):
    """OUT/NAME.csv: the header, then the rows."""
    with open(os.path.join(out, name + ".csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def tags_by_pid(d):
    """The guest's victims file of scenario folder @d: pid -> its tags."""
    return {int(kv["pid"]): kv for kv in timeline.read_fields(os.path.join(d, "victims")) if "pid" in kv}


def victim_lines(d):
    """The guest's victims file of @d: pid -> its whole line ("opts=-a 24
    -w 5000": the options have spaces)."""
    with open(os.path.join(d, "victims"), encoding="utf-8") as f:
        return {int(ln.split()[0][4:]): ln for ln in f if ln.startswith("pid=")}


def hol(out):
    rows = []
    for k in KERNELS:
        d = os.path.join(out, "bench-hol-" + k)
        tags, raw = tags_by_pid(d), victim_lines(d)
        opts = {pid: (kv.get("run", "1"), raw.get(pid, "")) for pid, kv in tags.items()}
        for v in timeline.build(timeline.parse(os.path.join(d, "trace")),
                                os.path.join(d, "victims")):
            if v.pid not in opts:
                continue
            run, line = opts[v.pid]
            if "bystander" in line:
                continue
            held = "-w" in line
            end = v.giveup if held else v.reaped
            if end is None and held:
                end = v.reaped
            rows.append({
                "kernel": k, "run": run, "pid": v.pid, "memcg": v.memcg,
                "kind": "mmap_lock held" if held else "stuck, reapable",
                "killed_to_queued_ms": round((v.queued - v.killed) * 1000) if v.queued else "",
                "queued_to_done_ms": round((end - v.queued) * 1000) if end and v.queued else "",
                "done": ("given up" if v.giveup else "reaped" if v.reaped else "exited first"),
                "attempts": v.attempts,
            })
    with open(os.path.join(out, "hol.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()) if rows else ["kernel"])
        w.writeheader()
        w.writerows(rows)
    return rows


def boot_dirs(out, name):
    """The boots of a CPU-bound scenario in order: [(boot, kernel, dir)]."""
    boots = []
    for d in os.listdir(out):
        m = re.fullmatch(rf"bench-{name}-(base|patched)-(\d+)", d)
        if m:
            boots.append((int(m.group(2)), m.group(1), os.path.join(out, d)))
    return sorted(boots)


def fast_boots(out):
    """The fast-path boots in order: [(boot, kernel, {what: [ns, ...]})]."""
    boots = []
    for boot, kernel, d in boot_dirs(out, "fast"):
        p = os.path.join(d, "fast")
        if not os.path.exists(p):
            continue
        vals = {"fork": [], "mmap": []}
        for w in (line.split() for line in open(p, encoding="utf-8")):
            if w and w[0] in vals:
                vals[w[0]].append(float(w[2]))
        boots.append((boot, kernel, vals))
    return boots


def fast(out):
    """Per kernel and operation, one value per boot: the median of its
    repetitions after the first (a warm-up; the median, as a rare
    interruption can add 4% to one repetition); the ratio's 95% interval
    comes from those per-boot values (benchstats.ratio_interval)."""
    res = {}
    boots = fast_boots(out)
    for k in KERNELS:
        res[k] = {"fork": [], "mmap": [], "size": {}}
        for _, kernel, vals in boots:
            if kernel == k:
                for what in ("fork", "mmap"):
                    kept = vals[what][1:] or vals[what]
                    if kept:
                        res[k][what].append(statistics.median(kept))
        sp = os.path.join(out, "sizes-" + k)
        if os.path.exists(sp):
            with open(sp, encoding="utf-8") as f:
                for line in f:
                    w = line.split()
                    if len(w) == 3 and w[0] == "size":
                        res[k]["size"][w[1]] = int(w[2])
    for what in ("fork", "mmap"):
        b, q = res["base"][what], res["patched"][what]
        res["ratio_" + what] = benchstats.ratio_interval(b, q) if len(b) >= 2 and len(q) >= 2 else None
    with open(os.path.join(out, "fast.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["boot", "kernel", "what", "rep", "ns_per_iteration", "warm_up"])
        for boot, kernel, vals in boots:
            for what in ("fork", "mmap"):
                for i, v in enumerate(vals[what]):
                    w.writerow([boot, kernel, what, i + 1, v, int(i == 0)])
    return res


def threads(out):
    """Many threads: per episode, the OOM killer's cost from the end of the
    victim's last memcg reclaim before its kill to mark_victim (chosen,
    reported, SIGKILL sent) and to oom_reap_queue reason=timer_armed (the
    kill done, the victim handed to the reaper).
    Returns {(kernel, threads): [(to_mark_ms, to_kill_ms), ...]}."""
    res, rows = {}, []
    for boot, k, d in boot_dirs(out, "threads"):
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
    write_csv(out, "threads", ["kernel", "boot", "threads", "run", "pid",
                               "reclaim_end_to_mark_victim_ms", "reclaim_end_to_kill_ms"], rows)
    return res


def scale_windows(events):
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


def scale_reaper(events, kernel, t0, t1, cpu):
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


def scale_waits(d, kernel, events, res, rows):
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


def scale(out):
    """Scale: per kernel and N, the victims' waits (scale_waits) and the
    reaper's time and rounds (scale_reaper)."""
    res, rows = {}, []
    for k in KERNELS:
        d = os.path.join(out, "bench-scale-" + k)
        if not os.path.exists(os.path.join(d, "trace")):
            continue
        events = timeline.parse(os.path.join(d, "trace"))
        windows, cpu = scale_windows(events)
        for n, (t0, t1) in windows.items():
            res.setdefault((k, n), {}).update(scale_reaper(events, k, t0, t1, cpu))
        scale_waits(d, k, events, res, rows)
    write_csv(out, "scale", ["kernel", "n", "pid", "kind", "queued_to_done_ms", "done"], rows)
    return res


# The exit-only kinds of guest/bench-exit.sh, in the order of its report.
EXIT_KINDS = ["pgtables", "hugetlb", "hugetlb_quick", "notifier", "hugetlb_shared", "hugetlb_uncharged", "slow_close",
              "exit_blocked"]

# The values of vm.oom_reap_wait_for_exit an episode ran with, in the order
# of the report: the default (0), waiting for an exit that frees charged
# hugetlb (1), and "legacy": a patched kernel's episode recorded before the
# guest tagged the wait, on a series from before the sysctl, whose reaper
# always waited (neither 0 nor 1 of the sysctl: reported on its own rows).
# The base kernel has no such sysctl: "none".
EXIT_WAITS = ["0", "1", "legacy"]
EXIT_WAIT_LABELS = {"legacy": "legacy kernel (before vm.oom_reap_wait_for_exit, always waited)",
                    "none": "no vm.oom_reap_wait_for_exit"}


def exit_wait(kernel, kv):
    """The wait tag of an exit.txt line: the guest's, or, on a line recorded
    before the guest wrote one, "none" on the base kernel and "legacy" on
    the patched one."""
    return kv.get("wait") or ("none" if kernel == "base" else "legacy")


def exit_memcg(kv):
    """The memcg of an exit.txt line's episode: exit.KIND.DEADLINE.wWAIT.RUN
    (exit.KIND.DEADLINE.RUN when recorded before the wait tag)."""
    dl = kv.get("deadline", "none")
    w = f"w{kv['wait']}." if kv.get("wait") else ""
    return f"exit.{kv['kind']}.{dl}.{w}{kv['run']}"


def exitonly(out):
    """Kills and OOM stall per exit-only episode (one memcg each), keyed
    (kernel, kind, deadline, wait): see EXIT_WAITS.

    The stall is how long the memcg's OOM stayed unresolved after the
    victim's kill: until the first of a second kill in the memcg, the
    victim's exit (exit_mmap() setting MMF_OOM_SKIP) or its release after
    a complete reap.
    """
    res = {}
    rows = []
    for k in KERNELS:
        d = os.path.join(out, "bench-exit-" + k)
        tags = tags_by_pid(d)
        victims = timeline.build(timeline.parse(os.path.join(d, "trace")),
                                 os.path.join(d, "victims"))
        kills_by_memcg = {}
        for v in victims:
            kills_by_memcg.setdefault(v.memcg, []).append(v.killed)
        stall = {}
        for v in victims:
            kv = tags.get(v.pid, {})
            if kv.get("role") == "bystander" or v.memcg in stall:
                continue
            ends = [t for t in kills_by_memcg.get(v.memcg, []) if t > v.killed]
            # The base kernel releases a victim right after its reap and
            # has no oom_reap_release event: its reap's end is the release.
            released = v.released if v.release_reason == "reaped" else v.reaped if k == "base" else None
            ends += [t for t in (v.exited, released) if t]
            stall[v.memcg] = min(ends) - v.killed if ends else None
        for kv in timeline.read_fields(os.path.join(d, "exit")):
            kills = int(kv.get("kills") or 0)
            dl, w = kv.get("deadline", "none"), exit_wait(k, kv)
            s = stall.get(exit_memcg(kv))
            res.setdefault((k, kv["kind"], dl, w), []).append((kills, s))
            rows.append([k, kv["kind"], dl, w, kv["run"], kills,
                         "" if s is None else round(s * 1000)])
    write_csv(out, "exit", ["kernel", "kind", "deadline_ms", "wait_for_exit", "run", "oom_kills_in_memcg",
                            "oom_stall_ms"], rows)
    return res


def tagged_victims(out, scenario, tag):
    """(kernel, its tags, victim) for every victim of @scenario's runs
    that carries @tag, bystanders left out."""
    for k in KERNELS:
        d = os.path.join(out, f"bench-{scenario}-{k}")
        tags = tags_by_pid(d)
        for v in timeline.build(timeline.parse(os.path.join(d, "trace")),
                                os.path.join(d, "victims")):
            kv = tags.get(v.pid)
            if kv and kv.get("role") != "bystander" and tag in kv:
                yield k, kv, v


def reaped_mib_secs(v):
    """MiB oom_reap_result says the reap freed, and the seconds from
    start_task_reaping to finish_task_reaping; None if not reaped."""
    if v.reaped is None or v.reap_start is None or not v.finished:
        return None
    freed = sum(int(n) for n in timeline.fields(v.freed).values())
    return freed * 4096 / 2**20, v.finished - v.reap_start


def reap(out):
    """Reap throughput: the reaper's MiB/s against the victim's own exit.

    "reaped": pages oom_reap_result says were freed, over the time from
    start_task_reaping to finish_task_reaping.  "exit": the victim's size
    over the time from its kill to the end of its exit_mmap()
    (oom_reap_exit), signal delivery included.
    """
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
    write_csv(out, "reap", ["kernel", "freed_by", "run", "mib", "ms", "mib_per_s"], rows)
    return res


def reserve(out):
    """Reap time with and without a reservation of address space never
    touched: ms from start_task_reaping to finish_task_reaping of each
    victim the reaper reaped, and for the anonymous one MiB/s as in reap(),
    keyed (kernel, kind, reserve TiB)."""
    res = {}
    rows = []
    for k, kv, v in tagged_victims(out, "reserve", "kind"):
        key = (k, kv["kind"], int(kv.get("reserve", 0)))
        ms = reaped_mib_secs(v)
        if not ms:
            rows.append([k, key[1], key[2], kv.get("run"), "", ""])
            continue
        mib, secs = ms
        res.setdefault(key, []).append((secs * 1000, mib / secs if secs > 0 else None))
        rows.append([k, key[1], key[2], kv.get("run"), round(secs * 1000, 1), round(mib)])
    write_csv(out, "reserve", ["kernel", "kind", "reserve_tib", "run", "reap_ms", "freed_mib"], rows)
    return res


# The boots of the big scenario (guest/bench-big.sh): folder name and
# vCPUs.  bench-big-KERNEL ran every part with 2 vCPUs, bench-big1-KERNEL
# the parts "one" and "two" with 1 vCPU (one reaper worker on the
# patched kernel).
BIG_BOOTS = (("big", 2), ("big1", 1))
BIG_CSV = ["kernel", "vcpus", "part", "run", "kind", "pid", "memcg", "size_mib", "killed_after_large_ms",
           "queued_to_reaped_ms", "reap_ms", "due_during_large_reap", "tries", "tries_before_giveup", "done",
           "slices", "workers", "kills_in_memcg", "episode_reap_ms", "reaper_threads"]


def big_slices(events):
    """Per victim, keyed (pid, time of its mark_victim) as timeline.Victim's
    pid and killed: the slices of its reap (oom_reap_slice, the patched
    kernel's only) and the reaper workers named by its oom_reap_slice and
    oom_reap_result lines (worker=; none on the base kernel, whose one
    thread's oom_reap_attempt arg is a round, not a worker)."""
    out, current = {}, {}
    for e in events:
        pid = timeline.int_pid(e.fields)
        if pid is None:
            continue
        if e.name == "mark_victim":
            current[pid] = out.setdefault((pid, e.ts), {"slices": 0, "workers": set()})
        elif pid in current and e.name in ("oom_reap_slice", "oom_reap_result"):
            r = current[pid]
            r["slices"] += e.name == "oom_reap_slice"
            if e.fields.get("worker", "").isdigit():
                r["workers"].add(int(e.fields["worker"]))
    return out


def big_ms(a, b):
    """ms from @a to @b (trace seconds), None without both."""
    return (b - a) * 1000 if a is not None and b is not None else None


def big_reap_ms(v):
    """Victim @v's reap: start_task_reaping (on the patched kernel, at its
    first slice) to oom_reap_result, ms; None if not reaped."""
    return big_ms(v.reap_start, v.reaped)


def big_tries(v):
    """oom_reap_attempt lines of @v up to its oom_reap_giveup; None if it
    was not given up."""
    return sum(t <= v.giveup for t in v.attempt_times) if v.giveup is not None else None


def big_episodes(d):
    """The episodes of one boot's folder @d: {(part, run): {kind: [(tags,
    victim)]}}, bystanders left out; and the kills (mark_victim) per memcg,
    bystanders in."""
    tags = tags_by_pid(d)
    events = timeline.parse(os.path.join(d, "trace"))
    victims = timeline.build(events, os.path.join(d, "victims"))
    kills = collections.Counter(v.memcg for v in victims)
    eps = {}
    for v in victims:
        kv = tags.get(v.pid)
        if kv and kv.get("role") != "bystander" and "part" in kv:
            eps.setdefault((kv["part"], kv.get("run", "1")), {}).setdefault(kv.get("kind", "?"), []).append((kv, v))
    for ep in eps.values():
        for vs in ep.values():
            vs.sort(key=lambda x: x[1].killed)
    return eps, kills, big_slices(events)


def big_due_during(large, v):
    """Whether victim @v fell due (oom_reap_queue reason=queued) between
    the start and the end of @large's reap; None when either is missing."""
    if large is None or v.queued is None or large.reap_start is None or large.reaped is None:
        return None
    return large.reap_start <= v.queued <= large.reaped


def big_episode(r, part, ep, kills):
    """One episode's numbers into @r, the lists of one kernel and vCPU
    count: behind, "small_ms" (each small victim's wait from queued,
    oom_reap_queue reason=queued, to reaped, oom_reap_result), "small_n"
    (the small victims killed) and "small_during" (those that fell due
    during the large reap), "behind_large_ms" (the large reap); held,
    "held_tries" (the held victim's tries before its give-up), "held_n"
    (held victims killed, given up or not) and "held_kills" (mark_victim in
    its memcg, its bystander's kill too); two, "two_total_ms" (first
    start_task_reaping to last oom_reap_result of the two), "two_each_ms"
    and "two_overlap" (the total over the sum of the two reaps: 1.0 one
    after the other, 0.5 all of one during the other); one, "one_ms".
    Returns the total reap of a "two" episode, else None."""
    larges = [v for _, v in ep.get("large", [])]
    large = larges[0] if larges else None
    if part == "behind":
        for _, v in ep.get("small", []):
            r.setdefault("small_n", []).append(v.pid)
            if big_ms(v.queued, v.reaped) is not None:
                r.setdefault("small_ms", []).append(big_ms(v.queued, v.reaped))
            if big_due_during(large, v):
                r.setdefault("small_during", []).append(v.pid)
    if part in ("behind", "one") and large and big_reap_ms(large) is not None:
        r.setdefault("behind_large_ms" if part == "behind" else "one_ms", []).append(big_reap_ms(large))
    if part == "held":
        for _, v in ep.get("held", []):
            r.setdefault("held_n", []).append(v.pid)
            r.setdefault("held_kills", []).append(kills.get(v.memcg, 0))
            if big_tries(v) is not None:
                r.setdefault("held_tries", []).append(big_tries(v))
    if part == "two" and len(larges) == 2 and all(big_reap_ms(v) is not None for v in larges):
        total = big_ms(min(v.reap_start for v in larges), max(v.reaped for v in larges))
        each = [big_reap_ms(v) for v in larges]
        r.setdefault("two_total_ms", []).append(total)
        r.setdefault("two_each_ms", []).extend(each)
        if sum(each) > 0:
            r.setdefault("two_overlap", []).append(total / sum(each))
        return total
    return None


def big_csv_rows(kernel, vcpus, part, run, ep, kills, slices, total, reapers):
    """big.csv's lines of one episode, one per victim (BIG_CSV)."""
    rows = []
    large = ep["large"][0][1] if ep.get("large") else None

    def show(x, nd=1):
        return "" if x is None else round(x, nd)

    for kind, vs in ep.items():
        for kv, v in vs:
            sl = slices.get((v.pid, v.killed), {"slices": 0, "workers": set()})
            during = big_due_during(large, v) if kind != "large" else None
            rows.append([kernel, vcpus, part, run, kind, v.pid, v.memcg, kv.get("size", ""),
                         show(big_ms(large.killed, v.killed) if large else None), show(big_ms(v.queued, v.reaped)),
                         show(big_reap_ms(v)), "" if during is None else int(during), v.attempts,
                         show(big_tries(v)), "given up" if v.giveup else "reaped" if v.reaped else "exited first",
                         sl["slices"] or "", " ".join(str(w) for w in sorted(sl["workers"])),
                         kills.get(v.memcg, 0), show(total), reapers])
    return rows


def big(out):
    """Big: small victims falling due while a large one is reaped, a held
    victim beside a large reap, two large victims reaped together and one
    alone (guest/bench-big.sh), with 2 vCPUs and with 1: {"by": {(kernel,
    vcpus): a dict of lists (big_episode)}, "sizes": {(part, kind): the
    victims' sizes in MiB (their size= tags)}}, {} without a folder of the
    scenario.  Writes big.csv, one line per victim, when a folder of the
    scenario has a trace."""
    res, rows, sizes = {}, [], {}
    for name, vcpus in BIG_BOOTS:
        for k in KERNELS:
            d = os.path.join(out, f"bench-{name}-{k}")
            if not os.path.exists(os.path.join(d, "trace")):
                continue
            r = res.setdefault((k, vcpus), {})
            eps, kills, slices = big_episodes(d)
            # The guest's own account of the boot: cpus=, reapers= (its
            # oom_reaper threads), parts= and its knobs.
            info = {}
            if os.path.exists(os.path.join(d, "big")):
                for kv in timeline.read_fields(os.path.join(d, "big")):
                    info.update(kv)
            for (part, run), ep in sorted(eps.items(), key=lambda x: min(v.killed for vs in x[1].values()
                                                                           for _, v in vs)):
                total = big_episode(r, part, ep, kills)
                for kind, vs in ep.items():
                    for kv, _ in vs:
                        if kv.get("size", "").isdigit():
                            sizes.setdefault((part, kind), set()).add(int(kv["size"]))
                rows += big_csv_rows(k, vcpus, part, run, ep, kills, slices, total, info.get("reapers", ""))
    if rows:
        write_csv(out, "big", BIG_CSV, rows)
    return {"by": res, "sizes": sizes} if res else {}


def storm_kill_memory(events):
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


def storm_freed_at(v):
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


def storm_recovery(by_memcg, memory, kernel, rows):
    """The recovery metrics of one kernel's storm (docs/benchmarks.md,
    storm), from its victims grouped by memcg, each list sorted by kill:

    "recovery_ms": per kill, from its mark_victim to its memory freed
    (storm_freed_at: the first of its reap and its exit), ms; kills with
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
    One row per kill goes to @rows (storm.csv)."""
    r = {"recovery_ms": [], "unfreed": 0, "stall_s": 0.0, "stall_kills": 0, "refill_ms": [],
         "anon_mib": [], "reaper_mib": 0.0, "reaped": 0}
    for memcg, vs in sorted(by_memcg.items(), key=lambda kv: str(kv[0])):
        spans, freed = [], []
        for v in vs:
            at, how = storm_freed_at(v)
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


def storm(out):
    """Storm: kills, kills beyond one per episode, time at the limit,
    reaper CPU, and whether the kills recover memory (storm_recovery).

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
            res[k].update(storm_recovery(by_memcg, storm_kill_memory(events), k, rows))
    if res:
        write_csv(out, "storm", ["kernel", "memcg", "pid", "killed_s", "kill_to_freed_ms", "freed_by",
                                 "anon_rss_mib", "reaper_freed_mib"], rows)
    return res


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def plot(out, rows):
    """OUT/hol.png: each reapable victim's wait, one point per victim (the
    victims are independent: no line joins them)."""
    if not rows or not gnuplot.available():
        return False
    for k in KERNELS:
        with open(os.path.join(out, f"hol-{k}.dat"), "w") as f:
            i = 0
            for r in rows:
                if r["kernel"] == k and r["kind"] != "mmap_lock held" and r["queued_to_done_ms"] != "":
                    i += 1
                    f.write(f"{i} {r['queued_to_done_ms']}\n")
    return gnuplot.render(f"""set terminal pngcairo size 800,480 noenhanced
set output '{out}/hol.png'
set title 'Head-of-line: wait from queued to reaped, reapable victims'
set xlabel 'victim (all runs, in the order they were killed)'
set ylabel 'ms'
set yrange [0:*]
set grid
plot '{out}/hol-base.dat' with points pt 6 ps 1.3 title 'base', \\
     '{out}/hol-patched.dat' with points pt 7 ps 1.1 title 'patched'
""")


class Row(collections.namedtuple("Row", "scenario metric base patched n unit fmt ratio")):
    """One line of a results table: @base and @patched are numbers shown
    with @fmt and @unit (None: "-"), or text with fmt "{}"; @n the counts
    (base, patched) behind them, where the metric has any; @ratio the
    last column, as text.  A headline row has no scenario."""

    def cells(self):
        def show(x):
            return ("-" if x is None else self.fmt.format(x)) + self.unit
        return ([self.scenario] if self.scenario is not None else []) + \
            [self.metric, show(self.base), show(self.patched), self.ratio]


def row(scn, metric, b, q, unit="", fmt="{:.0f}", n=None):
    """A results row; its ratio patched/base, "-" without both."""
    ratio = f"{q / b:.2f}" if b and b == b and q == q else "-"
    return Row(scn, metric, b, q, n, unit, fmt, ratio)


def head(what, b, q, unit=" ms", fmt="{:.0f}"):
    """A headline row; its ratio patched/base, "nan" without both."""
    ok = b == b and q == q and b is not None and q is not None
    return Row(None, what, b, q, None, unit, fmt, f"{q / b if ok and b else float('nan'):.2f}")


def interval_row(scn, metric, b, q, unit, fmt, n):
    """A row of means with the 95% interval of their ratio (benchstats)."""
    return Row(scn, metric, statistics.fmean(b), statistics.fmean(q), n, unit, fmt,
               benchstats.fmt_ratio(benchstats.ratio_interval(b, q)))


def hol_waits(rows, kernel, kind):
    return [r["queued_to_done_ms"] for r in rows
            if r["kernel"] == kernel and r["kind"] == kind and r["queued_to_done_ms"] != ""]


def exit_kinds(ex):
    return sorted({kind for (_, kind, _, _) in ex}, key=lambda k: EXIT_KINDS.index(k) if k in EXIT_KINDS else len(EXIT_KINDS))


def exit_waits(ex):
    """The patched kernel's wait tags in @ex, in the order of EXIT_WAITS."""
    return sorted({w for (k, _, _, w) in ex if k == "patched"},
                  key=lambda w: (EXIT_WAITS.index(w) if w in EXIT_WAITS else len(EXIT_WAITS), w))


def exit_wait_label(w):
    return EXIT_WAIT_LABELS.get(w, f"vm.oom_reap_wait_for_exit={w}")


def exit_base(ex, kind):
    """The base kernel's episodes of @kind (no deadline, no wait sysctl)."""
    return ex.get(("base", kind, "none", "none"), [])


def exit_stalls(runs):
    return [s * 1000 for _, s in runs if s is not None]


def headline_rows(hol_rows_, ex, sc, fr, th, bg=None):
    """The numbers a reviewer wants first, each from this run."""
    out = []
    if hol_rows_:
        out.append(head("head-of-line: reapable victim behind a held one, queued to reaped, median",
                        med(hol_waits(hol_rows_, "base", "stuck, reapable")),
                        med(hol_waits(hol_rows_, "patched", "stuck, reapable"))))
    for n in sorted({n for (_, n) in sc}):
        b, q = sc.get(("base", n), {}), sc.get(("patched", n), {})
        if b.get("reapable") and q.get("reapable"):
            out.append(head(f"scale: {n} memcgs OOM together, 8 held, queued to reaped, p99",
                            benchstats.percentile([x for x in b["reapable"] if x is not None], 99),
                            benchstats.percentile([x for x in q["reapable"] if x is not None], 99)))
    by = (bg or {}).get("by", {})
    b, q = (by.get((k, 2), {}).get("small_ms") for k in KERNELS)
    if b and q:
        out.append(head(f"big: {big_size(bg, 'behind', 'small')}victims falling due during a "
                        f"{big_size(bg, 'behind', 'large') or 'large '}reap (4 KiB pages), queued to reaped, p99",
                        benchstats.percentile(b, 99), benchstats.percentile(q, 99)))
    # The patched kernel at its defaults: deadline 1000 ms, wait 0; a run
    # recorded before the wait tag has only its legacy rows, named so.
    wait = "0" if any(k == "patched" and w == "0" for (k, _, _, w) in ex) else "legacy"
    what = "default deadline and wait" if wait == "0" else f"default deadline, {exit_wait_label(wait)}"
    for kind in exit_kinds(ex):
        b, q = exit_base(ex, kind), ex.get(("patched", kind, "1000", wait), [])
        if b and q:
            out.append(head(f"exit-only {kind}, {what}: OOM kills per episode, mean",
                            statistics.mean(x for x, _ in b), statistics.mean(x for x, _ in q), "", "{:.2f}"))
            out.append(head(f"exit-only {kind}, {what}: OOM stall after the kill, median",
                            med(exit_stalls(b)), med(exit_stalls(q))))
    for what, label in (("fork", "fork+exit+wait"), ("mmap", "mmap+touch+munmap 1 MiB")):
        r = fr.get("ratio_" + what)
        if r:
            out.append(Row(None, f"fast path (icount): {label}, ns per iteration, {benchstats.verdict(r[1], r[2])}",
                           statistics.fmean(fr["base"][what]), statistics.fmean(fr["patched"][what]),
                           None, " ns", "{:.0f}", benchstats.fmt_ratio(r)))
    for n in sorted({n for (_, n) in th}):
        b, q = [x for _, x in th.get(("base", n), [])], [x for _, x in th.get(("patched", n), [])]
        if len(b) >= 2 and len(q) >= 2:
            out.append(interval_row(None, f"many threads (icount): {n} threads, OOM killer: last reclaim to the "
                                    "kill done, mean", b, q, " ms", "{:.1f}", (len(b), len(q))))
    for c in ("task_struct", "mm_struct"):
        b, q = fr["base"]["size"].get(c), fr["patched"]["size"].get(c)
        if b and q:
            out.append(head(f"sizeof(struct {c})", b, q, " B"))
    return out


def hol_table(rows):
    out = []
    for kind in ("stuck, reapable", "mmap_lock held"):
        b, q = hol_waits(rows, "base", kind), hol_waits(rows, "patched", kind)
        if not (b or q):
            continue
        what = "reaped" if kind.startswith("stuck") else "released"
        out.append(row("head-of-line", f"{kind}: queued to {what}, median ms (n={len(b)}/{len(q)})",
                       med(b), med(q), " ms", n=(len(b), len(q))))
        out.append(row("head-of-line", f"{kind}: queued to {what}, max ms",
                       max(b, default=float('nan')), max(q, default=float('nan')), " ms"))
    return out


def exit_table(ex):
    """Per kind, per deadline of the patched kernel and per wait
    (EXIT_WAITS): a pair of rows, each beside the same base episodes."""
    out = []
    deadlines = sorted({d for (k, _, d, _) in ex if k == "patched"}, key=lambda d: int(d) if d.isdigit() else 0)
    when = {"hugetlb_quick": "exiting ~2.5 s after the kill", "slow_close": "closing a VMA 5 s in its exit",
            "exit_blocked": "whose exit waits for mmap_write_lock behind a reader until ~4 s after the kill"}
    for kind in exit_kinds(ex):
        b = exit_base(ex, kind)
        for dl in deadlines:
            for w in exit_waits(ex):
                q = ex.get(("patched", kind, dl, w), [])
                if not (b and q):
                    continue
                cond = f"deadline {dl} ms, {exit_wait_label(w)}"
                out.append(row("exit-only memory", f"{kind} victim {when.get(kind, 'exiting ~4 s after the kill')}, "
                               f"{cond}: OOM kills per episode, mean (n={len(b)}/{len(q)})",
                               statistics.mean(x for x, _ in b), statistics.mean(x for x, _ in q), "", "{:.2f}",
                               n=(len(b), len(q))))
                out.append(row("exit-only memory", f"{kind}, {cond}: OOM stall after the kill (to the next "
                               "kill, the victim's exit or its reap), median ms",
                               med(exit_stalls(b)), med(exit_stalls(q)), " ms"))
    return out


class StormRow(Row):
    """A storm row, where either side may be None: "-" with no unit."""
    __slots__ = ()

    def cells(self):
        def show(x):
            return "-" if x is None else self.fmt.format(x) + self.unit
        return [self.scenario, self.metric, show(self.base), show(self.patched), self.ratio]


def storm_row(metric, b, q, unit="", fmt="{:.0f}", n=None):
    """row() for the storm, where either side may be None or NaN ("-", no
    ratio)."""
    b, q = (None if x is None or x != x else x for x in (b, q))
    return StormRow("storm", metric, b, q, n, unit, fmt, f"{q / b:.2f}" if b and q is not None else "-")


def storm_of(r, key, f):
    """f(kernel result @r's list @key), None when it has none."""
    return f(r[key]) if r.get(key) else None


def storm_per(r, what, per):
    """@r[what] / @r[per], None without a @per."""
    return r[what] / r[per] if r.get(per) and r.get(what) is not None else None


def storm_table(st):
    """The storm's rows: kills, their episodes, the time at the limit, the
    reaper's CPU, then whether the kills recover memory (storm_recovery),
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
                          f"median ms (n={nb}/{nq}{unfreed})", storm_of(b, "recovery_ms", med),
                          storm_of(q, "recovery_ms", med), " ms", n=(nb, nq)),
                storm_row("recovery: kill to the victim's memory freed, p90 ms",
                          storm_of(b, "recovery_ms", lambda xs: benchstats.percentile(xs, 90)),
                          storm_of(q, "recovery_ms", lambda xs: benchstats.percentile(xs, 90)), " ms"),
                storm_row("OOM stall: time a memcg had a killed victim whose memory was not yet freed "
                          "(overlaps once), sum over the memcgs, s",
                          b["stall_s"] if nb else None, q["stall_s"] if nq else None, " s", "{:.1f}"),
                storm_row("OOM kills per second of OOM stall", storm_per(b, "stall_kills", "stall_s"),
                          storm_per(q, "stall_kills", "stall_s"), "", "{:.1f}")]
    if any(n("refill_ms")):
        out.append(storm_row(f"memcg running between OOMs: its latest victim's memory freed to its next kill, "
                             "median ms (n={}/{})".format(*n("refill_ms")), storm_of(b, "refill_ms", med),
                             storm_of(q, "refill_ms", med), " ms", n=n("refill_ms")))
    if any(n("anon_mib")):
        out.append(storm_row("memory per kill: the victim's anon-rss at its kill (what its reap and exit give "
                             "back), median MiB (n={}/{})".format(*n("anon_mib")), storm_of(b, "anon_mib", med),
                             storm_of(q, "anon_mib", med), " MiB", "{:.1f}", n=n("anon_mib")))
    if "reaper_mib" in b or "reaper_mib" in q:
        def reaped(r):
            return f"{r['reaped']}/{r['kills']}" if "reaped" in r else "-"
        out.append(storm_row(f"memory per kill freed by the reaper (oom_reap_result freed_*), mean MiB (kills "
                             f"reaped: {reaped(b)}, {reaped(q)})",
                             storm_per(b, "reaper_mib", "kills"), storm_per(q, "reaper_mib", "kills"),
                             " MiB", "{:.2f}"))
    return out


def reap_table(rp):
    out = []
    for how, label in (("reaped", "the reaper (start to finish of its reap)"),
                       ("exit", "the victim's own exit (kill to end of exit_mmap)")):
        b, q = rp.get(("base", how), []), rp.get(("patched", how), [])
        if b or q:
            out.append(row("reap throughput", f"large anonymous victim freed by {label}, median MiB/s "
                           f"(n={len(b)}/{len(q)})", med(b), med(q), " MiB/s", n=(len(b), len(q))))
    return out


def reserve_table(rs):
    """Per victim kind: reap time without and with the reservation on each
    kernel, their ratio on each kernel, and the anonymous victim's
    throughput."""
    out = []
    tbs = sorted({tb for (_, _, tb) in rs if tb})
    for kind, label in (("pgtables", "page-table victim (16 GiB sparse)"),
                        ("anon", "anonymous victim (1200 MiB)")):
        for tb in [0] + tbs:
            b = [ms for ms, _ in rs.get(("base", kind, tb), [])]
            q = [ms for ms, _ in rs.get(("patched", kind, tb), [])]
            if b or q:
                what = f"with a {tb} TiB PROT_NONE reservation" if tb else "without a reservation"
                out.append(row("reserve", f"{label} {what}: reap time, median ms (n={len(b)}/{len(q)})",
                               med(b), med(q), " ms", n=(len(b), len(q))))
        for tb in tbs:
            r = {}
            for k in KERNELS:
                without = med([ms for ms, _ in rs.get((k, kind, 0), [])])
                with_ = med([ms for ms, _ in rs.get((k, kind, tb), [])])
                ok = without == without and with_ == with_ and without
                r[k] = with_ / without if ok else None
            if r["base"] is not None or r["patched"] is not None:
                out.append(row("reserve", f"{label}: reap time with {tb} TiB reserved / without",
                               r["base"], r["patched"], fmt="{:.2f}"))
        if kind == "anon":
            for tb in [0] + tbs:
                b = [t for _, t in rs.get(("base", kind, tb), []) if t]
                q = [t for _, t in rs.get(("patched", kind, tb), []) if t]
                if b or q:
                    out.append(row("reserve", f"{label}, {tb} TiB reserved: freed by the reaper, median MiB/s "
                                   f"(n={len(b)}/{len(q)})", med(b), med(q), " MiB/s", n=(len(b), len(q))))
    return out


def big_size(bg, part, kind):
    """ "1200 MiB " when every victim of @kind in @part had that size, else
    "" (the label then goes without)."""
    sz = bg.get("sizes", {}).get((part, kind), set())
    return f"{next(iter(sz))} MiB " if len(sz) == 1 else ""


def big_row(metric, b, q, unit=" ms", fmt="{:.0f}", n=None):
    """A big row, where either side may be None ("-", no ratio), as a
    storm row."""
    return StormRow("big", metric, b, q, n, unit, fmt, f"{q / b:.2f}" if b and q is not None else "-")


def big_table(bg):
    """The big scenario's rows: small victims behind a large reap (2
    vCPUs), the large reap beside them, the held victim's tries and its
    memcg's kills, two large victims together and one alone with 2 and
    with 1 vCPU; each row only when a kernel has its data ("-" for one
    that has not)."""
    by = bg.get("by", {})

    def get(k, vcpus, key):
        return by.get((k, vcpus), {}).get(key, [])

    def pair(vcpus, key):
        return get("base", vcpus, key), get("patched", vcpus, key)

    def stat(xs, f=med):
        return f(xs) if xs else None

    def n(vcpus, key):
        b, q = pair(vcpus, key)
        return len(b), len(q)

    out = []
    large, small, held = (big_size(bg, "behind", "large") or "large ", big_size(bg, "behind", "small"),
                          big_size(bg, "held", "held"))
    b, q = pair(2, "small_ms")
    if b or q:
        nb, nq = n(2, "small_n")
        db, dq = n(2, "small_during")
        out.append(big_row(f"behind a {large}reap, 2 vCPUs: {small}victims falling due during it, queued to "
                           f"reaped (oom_reap_queue queued to oom_reap_result), p50 ms (n={len(b)}/{len(q)} "
                           f"reaped of {nb}/{nq} killed; fell due during the large reap: {db}/{dq})",
                           stat(b, lambda xs: benchstats.percentile(xs, 50)),
                           stat(q, lambda xs: benchstats.percentile(xs, 50)), n=(len(b), len(q))))
        out.append(big_row(f"behind a {large}reap, 2 vCPUs: {small}victims, queued to reaped, p99 ms "
                           f"(n={len(b)}/{len(q)})", stat(b, lambda xs: benchstats.percentile(xs, 99)),
                           stat(q, lambda xs: benchstats.percentile(xs, 99)), n=(len(b), len(q))))
    b, q = pair(2, "behind_large_ms")
    if b or q:
        out.append(big_row(f"behind, 2 vCPUs: the {large}victim's reap beside them (start_task_reaping to "
                           f"oom_reap_result), median ms (n={len(b)}/{len(q)})", stat(b), stat(q),
                           n=(len(b), len(q))))
    b, q = pair(2, "held_kills")
    if b or q:
        tb, tq = pair(2, "held_tries")
        nb, nq = n(2, "held_n")
        out.append(big_row(f"held: {held}victim holding its mmap_lock, falling due during a "
                           f"{big_size(bg, 'held', 'large') or 'large '}reap, 2 vCPUs: tries (oom_reap_attempt) "
                           f"before its give-up, median (n={len(tb)}/{len(tq)} given up of {nb}/{nq} killed)",
                           stat(tb), stat(tq), "", "{:.1f}", n=(len(tb), len(tq))))
        out.append(big_row(f"held: OOM kills in its memcg per episode (mark_victim), mean (n={len(b)}/{len(q)})",
                           stat(b, statistics.mean), stat(q, statistics.mean), "", "{:.2f}", n=(len(b), len(q))))
    two = big_size(bg, "two", "large")
    # n: episodes, but reaps (two per episode) for each one's reap.
    for key, label, unit, fmt, what in (
            ("two_total_ms", "total reap time (first start_task_reaping to last oom_reap_result), median ms",
             " ms", "{:.0f}", ""),
            ("two_each_ms", "each one's reap (start_task_reaping to oom_reap_result), median ms", " ms", "{:.0f}",
             " reaps"),
            ("two_overlap", "total reap time over the sum of their reaps (1.00: one after the other; 0.50: "
             "all of one during the other, side by side or in turns), median", "", "{:.2f}", "")):
        for vcpus in (2, 1):
            b, q = pair(vcpus, key)
            if b or q:
                out.append(big_row(f"two {two}victims killed together, {vcpus} vCPU{'s' if vcpus > 1 else ''}: "
                                   f"{label} (n={len(b)}/{len(q)}{what})", stat(b), stat(q), unit, fmt,
                                   n=(len(b), len(q))))
    for vcpus in (2, 1):
        b, q = pair(vcpus, "one_ms")
        if b or q:
            out.append(big_row(f"one {big_size(bg, 'one', 'large')}victim alone, {vcpus} "
                               f"vCPU{'s' if vcpus > 1 else ''}: its reap (start_task_reaping to oom_reap_result), "
                               f"median ms (n={len(b)}/{len(q)})", stat(b), stat(q), n=(len(b), len(q))))
    return out


SCALE_WAITS = (("reapable", "stuck, reapable: queued to reaped"),
               ("to_first", "stuck, reapable: queued to the reaper's first attempt"),
               ("held", "mmap_lock held: queued to given up"))


def scale_table(sc):
    out = []
    for n in sorted({n for (_, n) in sc}):
        b, q = sc.get(("base", n), {}), sc.get(("patched", n), {})
        for kind, label in SCALE_WAITS:
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
            out += scale_reaper_rows(n, b, q)
    return out


def scale_reaper_rows(n, b, q):
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


def fast_table(fr):
    out = []
    for what in ("fork", "mmap"):
        b, q = fr["base"][what], fr["patched"][what]
        if not (b and q):
            continue
        label = "fork+exit+wait" if what == "fork" else "mmap+touch+munmap 1 MiB"
        r = fr["ratio_" + what]
        out.append(Row("fast path", f"{label} (icount), mean of the per-boot medians after a warm-up, ns/iteration "
                       f"(boots {len(b)}/{len(q)})", statistics.fmean(b), statistics.fmean(q), (len(b), len(q)),
                       " ns", "{:.0f}", benchstats.fmt_ratio(r) if r else "-"))
    return out


THREADS_SPANS = ((0, "last reclaim to mark_victim (victim chosen, report logged, SIGKILL sent to its threads)"),
                 (1, "last reclaim to the kill done (the mm's other users checked, the victim handed to the reaper)"))


def threads_table(th):
    out = []
    for n in sorted({n for (_, n) in th}):
        b, q = th.get(("base", n), []), th.get(("patched", n), [])
        for i, label in THREADS_SPANS:
            bb, qq = [x[i] for x in b], [x[i] for x in q]
            if len(bb) >= 2 and len(qq) >= 2:
                out.append(interval_row("many threads", f"{n} threads (icount): {label}, mean of "
                                        f"{len(bb)}/{len(qq)} OOMs", bb, qq, " ms", "{:.2f}", (len(bb), len(qq))))
    return out


def size_table(fr):
    out = []
    for c in ("task_struct", "mm_struct"):
        b, q = fr["base"]["size"].get(c), fr["patched"]["size"].get(c)
        if b and q:
            out.append(row("size", f"sizeof(struct {c}), bytes", b, q))
    return out


def read_all(out):
    """Every scenario's results from the folder (and its CSVs written)."""
    def has(name):
        return os.path.exists(os.path.join(out, name))
    return {"hol": hol(out) if has("bench-hol-base") else [], "fast": fast(out),
            "exit": exitonly(out) if has("bench-exit-base") else {}, "scale": scale(out),
            "threads": threads(out), "storm": storm(out),
            "reap": reap(out) if has("bench-reap-base") else {},
            "reserve": reserve(out) if has("bench-reserve-base") else {}, "big": big(out)}


def print_table(header, rows):
    print(header)
    print("|" + "---|" * header.count(" | ") + "---|")
    for r in rows:
        cells = r.cells()
        print("| " + " | ".join(cells) + (" |" if cells[-1] else "|"))


def main():
    out, runs, base_desc = sys.argv[1], sys.argv[2], sys.argv[3]
    d = read_all(out)
    heads = headline_rows(d["hol"], d["exit"], d["scale"], d["fast"], d["threads"], d["big"])
    rows = (hol_table(d["hol"]) + exit_table(d["exit"]) + storm_table(d["storm"]) + reap_table(d["reap"]) + reserve_table(d["reserve"]) +
            big_table(d["big"]) + scale_table(d["scale"]) + fast_table(d["fast"]) + threads_table(d["threads"]) +
            size_table(d["fast"]))
    plotted = plot(out, d["hol"])
    print(f"Benchmark of {time.strftime('%Y-%m-%d')}, `make bench RUNS={runs}`, on "
          f"{platform.node()} ({os.cpu_count()} CPUs, {platform.machine()}); guests: "
          "QEMU microvm, 2 vCPUs, 2 GiB; TCG with wall-clock time for the scenarios whose "
          "times include waiting, icount (1 ns per instruction) for fast and threads.")
    print(f"Kernels: **base** = Debian 6.12 base + the series up to \"{base_desc}\" "
          "(the stable fix, thawing every thread, the top-down walk, the tracepoints and the "
          "test module: no reaper policy change); **patched** = the whole series.")
    print()
    print_table("| headline | base | patched | patched/base |", heads)
    print()
    print("Ratios in brackets: 95% interval (Welch, on logarithms; benchstats.py).")
    print()
    print_table("| scenario | metric | base | patched | patched/base |", rows)
    print()
    if plotted:
        print(f"Plot: `{os.path.basename(out)}/hol.png`. Raw traces and CSVs: `{out}`.")
    else:
        print(f"Raw traces and CSVs: `{out}` (no head-of-line run, or gnuplot missing: no plot).")


if __name__ == "__main__":
    main()
