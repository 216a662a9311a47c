#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise a make bench results folder as markdown, write its CSVs and plot.

  benchreport.py OUT RUNS BASE_DESC

Reads OUT/bench-<scenario>-<kernel>/ (trace, victims, fast) for the kernels
"base" and "patched", writes OUT/<scenario>.csv, OUT/hol.png (when gnuplot
is there) and prints the markdown report.  Every number comes from the
guests' traces (trace timestamps) or the guests' own timing.
"""
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


def kv_lines(path):
    """The "key=value ..." lines of a file (victims, exit, storm) as dicts."""
    with open(path, encoding="utf-8") as f:
        return [dict(x.split("=", 1) for x in line.split() if "=" in x) for line in f]


def write_csv(out, name, header, rows):
    """OUT/NAME.csv: the header, then the rows."""
    with open(os.path.join(out, name + ".csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def tags_by_pid(d):
    """The guest's victims file of scenario folder @d: pid -> its tags."""
    return {int(kv["pid"]): kv for kv in kv_lines(os.path.join(d, "victims")) if "pid" in kv}


def hol(out):
    rows = []
    for k in KERNELS:
        d = os.path.join(out, "bench-hol-" + k)
        tags = tags_by_pid(d)
        with open(os.path.join(d, "victims"), encoding="utf-8") as f:
            # "pid=N ... opts=-a 24 -w 5000": the options have spaces.
            raw = {int(ln.split()[0][4:]): ln for ln in f if ln.startswith("pid=")}
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
        with open(os.path.join(d, "trace"), encoding="utf-8", errors="replace") as f:
            for line in f:
                m = timeline.LINE.match(line)
                if not m:
                    continue
                ts, ev = float(m.group("ts")), m.group("event")
                fl = dict(timeline.FIELD.findall(m.group("rest")))
                if ev == "mm_vmscan_memcg_reclaim_end":
                    last_reclaim[int(m.group("tpid"))] = ts
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


def scale(out):
    """Scale: per kernel and N, the reapable victims' waits from queued to
    reaped, the held victims' from queued to given up, and the reaper's
    time on a CPU (sched_switch) with the rounds it took (patched: the
    distinct round numbers of its attempts; base: the victims it took from
    its list, its attempt number 1)."""
    res, rows = {}, []
    for k in KERNELS:
        d = os.path.join(out, "bench-scale-" + k)
        if not os.path.exists(os.path.join(d, "trace")):
            continue
        tags = tags_by_pid(d)
        with open(os.path.join(d, "victims"), encoding="utf-8") as f:
            raw = {int(ln.split()[0][4:]): ln for ln in f if ln.startswith("pid=")}
        events = timeline.parse(os.path.join(d, "trace"))
        # The windows of each N (trace markers), for the reaper's CPU.
        windows, start = {}, {}
        on_cpu, cpu = None, []
        for ts, ev, fl, rest in events:
            if ev in ("print", "tracing_mark_write"):
                m = re.search(r"oomreap_scale_(start|end) n=(\d+)", rest)
                if m and m.group(1) == "start":
                    start[int(m.group(2))] = ts
                elif m:
                    windows[int(m.group(2))] = (start.get(int(m.group(2)), 0), ts)
            elif ev == "sched_switch":
                if fl.get("next_comm") == "oom_reaper":
                    on_cpu = ts
                elif fl.get("prev_comm") == "oom_reaper" and on_cpu is not None:
                    cpu.append((on_cpu, ts))
                    on_cpu = None
        for n, (t0, t1) in windows.items():
            busy = sum(min(b, t1) - max(a, t0) for a, b in cpu if b > t0 and a < t1)
            rounds = set()
            for ts, ev, fl, _ in events:
                if t0 <= ts <= t1 and ev == "oom_reap_attempt":
                    rounds.add(fl.get("arg") if k == "patched" else (fl.get("pid"), ts) if fl.get("arg") == "1" else None)
            rounds.discard(None)
            # A failed attempt's cost: oom_reap_attempt to its oom_reap_skip.
            failed, began = [], {}
            for ts, ev, fl, _ in events:
                if not t0 <= ts <= t1:
                    continue
                if ev == "oom_reap_attempt":
                    began[fl.get("pid")] = ts
                elif ev == "oom_reap_skip" and fl.get("reason") == "mmap_lock_contended" and fl.get("pid") in began:
                    failed.append((ts - began.pop(fl.get("pid"))) * 1e6)
            res.setdefault((k, n), {})["failed_us"] = failed
            res[(k, n)]["reaper_ms"] = busy * 1000
            res[(k, n)]["rounds"] = len(rounds)
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
            r = res.setdefault((k, n), {})
            r.setdefault("held" if held else "reapable", []).append(wait)
            if not held and v.queued and v.pid in first:
                r.setdefault("to_first", []).append((first[v.pid] - v.queued) * 1000)
            rows.append([k, n, v.pid, "mmap_lock held" if held else "stuck, reapable",
                         "" if wait is None else round(wait, 1),
                         "given up" if v.giveup else "reaped" if v.reaped else "exited first"])
    write_csv(out, "scale", ["kernel", "n", "pid", "kind", "queued_to_done_ms", "done"], rows)
    return res


# The exit-only kinds of guest/bench-exit.sh, in the order of its report.
EXIT_KINDS = ["pgtables", "hugetlb", "hugetlb_quick", "notifier", "hugetlb_shared", "hugetlb_uncharged", "slow_close"]


def exitonly(out):
    """Kills and OOM stall per exit-only episode (one memcg each).

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
        with open(os.path.join(d, "exit"), encoding="utf-8") as f:
            for line in f:
                kv = dict(x.split("=", 1) for x in line.split() if "=" in x)
                kills = int(kv.get("kills") or 0)
                dl = kv.get("deadline", "none")
                cg = f"exit.{kv['kind']}.{dl}.{kv['run']}"
                s = stall.get(cg)
                res.setdefault((k, kv["kind"], dl), []).append((kills, s))
                rows.append([k, kv["kind"], dl, kv["run"], kills,
                             "" if s is None else round(s * 1000)])
    write_csv(out, "exit", ["kernel", "kind", "deadline_ms", "run", "oom_kills_in_memcg", "oom_stall_ms"], rows)
    return res


def reap(out):
    """Reap throughput: the reaper's MiB/s against the victim's own exit.

    "reaped": pages oom_reap_result says were freed, over the time from
    start_task_reaping to finish_task_reaping.  "exit": the victim's size
    over the time from its kill to the end of its exit_mmap()
    (oom_reap_exit), signal delivery included.
    """
    res = {}
    rows = []
    for k in KERNELS:
        d = os.path.join(out, "bench-reap-" + k)
        tags = tags_by_pid(d)
        for v in timeline.build(timeline.parse(os.path.join(d, "trace")),
                                os.path.join(d, "victims")):
            kv = tags.get(v.pid)
            if not kv or kv.get("role") == "bystander" or "how" not in kv:
                continue
            how, mib, secs = kv["how"], None, None
            if how == "reaped" and v.reaped is not None and v.reap_start is not None and v.finished:
                freed = sum(int(x.split("=")[1]) for x in v.freed.split() if "=" in x)
                mib, secs = freed * 4096 / 2**20, v.finished - v.reap_start
            elif how == "exit" and v.exited is not None:
                mib, secs = float(kv["size"]), v.exited - v.killed
            if mib is None or secs <= 0:
                rows.append([k, how, kv.get("run"), "", "", ""])
                continue
            res.setdefault((k, how), []).append(mib / secs)
            rows.append([k, how, kv.get("run"), round(mib), round(secs * 1000), round(mib / secs)])
    write_csv(out, "reap", ["kernel", "freed_by", "run", "mib", "ms", "mib_per_s"], rows)
    return res


def storm(out):
    """Storm: kills, kills beyond one per episode, time at the limit, reaper CPU.

    A kill is "beyond one per episode" when an earlier victim in the same
    memcg had not yet finished its exit (no oom_reap_exit before the kill):
    the OOM killer picked a second task while the first could still free
    its memory.  A victim's memcg is that of the stress-ng it descends
    from (sched_process_fork events).
    """
    res = {}
    for k in KERNELS:
        d = os.path.join(out, "bench-storm-" + k)
        if not os.path.exists(os.path.join(d, "storm")):
            continue
        root_memcg = {pid: kv["memcg"] for pid, kv in tags_by_pid(d).items()}
        parent = {}
        events = timeline.parse(os.path.join(d, "trace"))
        for _, ev, fl, _ in events:
            if ev == "sched_process_fork":
                parent[int(fl["child_pid"])] = int(fl.get("parent_pid", fl.get("pid")))

        def memcg_of(pid):
            seen = 0
            while pid not in root_memcg and pid in parent and seen < 64:
                pid, seen = parent[pid], seen + 1
            return root_memcg.get(pid, "?")
        by_memcg = {}
        for v in timeline.build(events):
            by_memcg.setdefault(memcg_of(v.pid), []).append(v)
        kills = beyond = 0
        for vs in by_memcg.values():
            vs.sort(key=lambda v: v.killed)
            for i, v in enumerate(vs):
                kills += 1
                if any(u.exited is None or u.exited > v.killed for u in vs[:i]):
                    beyond += 1
        at_limit, ticks, secs = [], 0, 0
        with open(os.path.join(d, "storm"), encoding="utf-8") as f:
            for line in f:
                kv = dict(x.split("=", 1) for x in line.split() if "=" in x)
                if "longest_at_limit_samples" in kv:
                    at_limit.append(int(kv["longest_at_limit_samples"]) * 100)
                if "reaper_ticks" in kv:
                    ticks += int(kv["reaper_ticks"]) * 1000 // int(kv["clk_tck"])
                    secs += int(kv["duration"])
        res[k] = {"kills": kills, "beyond": beyond, "at_limit": at_limit,
                  "reaper_ms": ticks, "secs": secs}
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


def headline(out, p, rows, ex, sc, fr, th):
    """The numbers a reviewer wants first, each from this run."""
    p("| headline | base | patched | patched/base |")
    p("|---|---|---|---|")

    def h(what, b, q, unit=" ms", fmt="{:.0f}"):
        ok = b == b and q == q and b is not None and q is not None
        p(f"| {what} | {fmt.format(b) if b is not None else '-'}{unit} | "
          f"{fmt.format(q) if q is not None else '-'}{unit} | {q / b if ok and b else float('nan'):.2f} |")

    if rows:
        b = [r["queued_to_done_ms"] for r in rows if r["kernel"] == "base" and r["kind"].startswith("stuck") and r["queued_to_done_ms"] != ""]
        q = [r["queued_to_done_ms"] for r in rows if r["kernel"] == "patched" and r["kind"].startswith("stuck") and r["queued_to_done_ms"] != ""]
        h("head-of-line: reapable victim behind a held one, queued to reaped, median", med(b), med(q))
    for n in sorted({n for (_, n) in sc}):
        b, q = sc.get(("base", n), {}), sc.get(("patched", n), {})
        if b.get("reapable") and q.get("reapable"):
            bb = [x for x in b["reapable"] if x is not None]
            qq = [x for x in q["reapable"] if x is not None]
            h(f"scale: {n} memcgs OOM together, 8 held, queued to reaped, p99", benchstats.percentile(bb, 99), benchstats.percentile(qq, 99))
    for kind in sorted({kind for (_, kind, _) in ex}, key=lambda k: EXIT_KINDS.index(k) if k in EXIT_KINDS else 99):
        b, q = ex.get(("base", kind, "none"), []), ex.get(("patched", kind, "1000"), [])
        if b and q:
            h(f"exit-only {kind}, default deadline: OOM kills per episode, mean",
              statistics.mean(x for x, _ in b), statistics.mean(x for x, _ in q), "", "{:.2f}")
            h(f"exit-only {kind}, default deadline: OOM stall after the kill, median",
              med([s * 1000 for _, s in b if s is not None]), med([s * 1000 for _, s in q if s is not None]))
    for what, label in (("fork", "fork+exit+wait"), ("mmap", "mmap+touch+munmap 1 MiB")):
        r = fr.get("ratio_" + what)
        if r:
            p(f"| fast path (icount): {label}, ns per iteration, {benchstats.verdict(r[1], r[2])} | "
              f"{statistics.fmean(fr['base'][what]):.0f} ns | {statistics.fmean(fr['patched'][what]):.0f} ns | "
              f"{benchstats.fmt_ratio(r)} |")
    for n in sorted({n for (_, n) in th}):
        b, q = th.get(("base", n), []), th.get(("patched", n), [])
        if len(b) >= 2 and len(q) >= 2:
            r = benchstats.ratio_interval([x for _, x in b], [x for _, x in q])
            p(f"| many threads (icount): {n} threads, OOM killer: last reclaim to the kill done, mean | "
              f"{statistics.fmean(x for _, x in b):.1f} ms | {statistics.fmean(x for _, x in q):.1f} ms | "
              f"{benchstats.fmt_ratio(r)} |")
    for c in ("task_struct", "mm_struct"):
        b, q = fr["base"]["size"].get(c), fr["patched"]["size"].get(c)
        if b and q:
            h(f"sizeof(struct {c})", b, q, " B")
    p("")
    p("Ratios in brackets: 95% interval (Welch, on logarithms; benchstats.py).")
    p("")


def main():
    out, runs, base_desc = sys.argv[1], sys.argv[2], sys.argv[3]
    rows = hol(out) if os.path.exists(os.path.join(out, "bench-hol-base")) else []
    fr = fast(out)
    ex = exitonly(out) if os.path.exists(os.path.join(out, "bench-exit-base")) else {}
    sc = scale(out)
    th = threads(out)
    p = print
    p(f"Benchmark of {time.strftime('%Y-%m-%d')}, `make bench RUNS={runs}`, on "
      f"{platform.node()} ({os.cpu_count()} CPUs, {platform.machine()}); guests: "
      "QEMU microvm, 2 vCPUs, 2 GiB; TCG with wall-clock time for the scenarios whose "
      "times include waiting, icount (1 ns per instruction) for fast and threads.")
    p(f"Kernels: **base** = Debian 6.12 base + the series up to \"{base_desc}\" "
      "(the stable fix, thawing every thread, the top-down walk, the tracepoints and the "
      "test module: no reaper policy change); **patched** = the whole series.")
    p("")
    headline(out, p, rows, ex, sc, fr, th)
    p("| scenario | metric | base | patched | patched/base |")
    p("|---|---|---|---|---|")

    def line(scn, metric, b, q, unit="", fmt="{:.0f}"):
        ratio = f"{q / b:.2f}" if b and b == b and q == q else "-"
        p(f"| {scn} | {metric} | {fmt.format(b)}{unit} | {fmt.format(q)}{unit} | {ratio} |")

    for kind in ("stuck, reapable", "mmap_lock held"):
        b = [r["queued_to_done_ms"] for r in rows if r["kernel"] == "base" and r["kind"] == kind and r["queued_to_done_ms"] != ""]
        q = [r["queued_to_done_ms"] for r in rows if r["kernel"] == "patched" and r["kind"] == kind and r["queued_to_done_ms"] != ""]
        if not (b or q):
            continue
        what = "reaped" if kind.startswith("stuck") else "released"
        line("head-of-line", f"{kind}: queued to {what}, median ms (n={len(b)}/{len(q)})", med(b), med(q), " ms")
        line("head-of-line", f"{kind}: queued to {what}, max ms", max(b, default=float('nan')), max(q, default=float('nan')), " ms")
    deadlines = sorted({d for (k, _, d) in ex if k == "patched"}, key=lambda d: int(d) if d.isdigit() else 0)
    kinds = sorted({kind for (_, kind, _) in ex}, key=lambda k: EXIT_KINDS.index(k) if k in EXIT_KINDS else len(EXIT_KINDS))
    for kind in kinds:
        b = ex.get(("base", kind, "none"), [])
        for dl in deadlines:
            q = ex.get(("patched", kind, dl), [])
            if not (b and q):
                continue
            when = {"hugetlb_quick": "exiting ~2.5 s after the kill", "slow_close": "closing a VMA 5 s in its exit"}.get(kind, "exiting ~4 s after the kill")
            line("exit-only memory", f"{kind} victim {when}, deadline {dl} ms: OOM kills per episode, mean (n={len(b)}/{len(q)})",
                 statistics.mean(x for x, _ in b), statistics.mean(x for x, _ in q), "", "{:.2f}")
            bs = [s * 1000 for _, s in b if s is not None]
            qs = [s * 1000 for _, s in q if s is not None]
            line("exit-only memory", f"{kind}, deadline {dl} ms: OOM stall after the kill (to the next kill, the victim's exit or its reap), median ms",
                 med(bs), med(qs), " ms")
    st = storm(out)
    if "base" in st and "patched" in st:
        b, q = st["base"], st["patched"]
        line("storm", f"16 memcgs of stress-ng --vm for {b['secs']}/{q['secs']} s: OOM kills", b["kills"], q["kills"])
        line("storm", "kills beyond one per episode (an earlier victim of the memcg not yet exited)", b["beyond"], q["beyond"])
        line("storm", f"longest time a memcg stayed at its limit, median of {len(b['at_limit'])}/{len(q['at_limit'])} memcgs (0.1 s samples)",
             med(b["at_limit"]), med(q["at_limit"]), " ms")
        line("storm", "longest time a memcg stayed at its limit, max", max(b["at_limit"], default=float("nan")),
             max(q["at_limit"], default=float("nan")), " ms")
        line("storm", "oom_reaper CPU time, all runs", b["reaper_ms"], q["reaper_ms"], " ms")
    rp = reap(out) if os.path.exists(os.path.join(out, "bench-reap-base")) else {}
    for how, label in (("reaped", "the reaper (start to finish of its reap)"),
                       ("exit", "the victim's own exit (kill to end of exit_mmap)")):
        b, q = rp.get(("base", how), []), rp.get(("patched", how), [])
        if b or q:
            line("reap throughput", f"large anonymous victim freed by {label}, median MiB/s (n={len(b)}/{len(q)})",
                 med(b), med(q), " MiB/s")
    for n in sorted({n for (_, n) in sc}):
        b, q = sc.get(("base", n), {}), sc.get(("patched", n), {})
        for kind, label in (("reapable", "stuck, reapable: queued to reaped"),
                            ("to_first", "stuck, reapable: queued to the reaper's first attempt"),
                            ("held", "mmap_lock held: queued to given up")):
            bb = [x for x in b.get(kind, []) if x is not None]
            qq = [x for x in q.get(kind, []) if x is not None]
            if not (bb and qq):
                continue
            for pct in (50, 99, 100):
                name = "max" if pct == 100 else f"p{pct}"
                line("scale", f"{n} memcgs: {label}, {name} (n={len(bb)}/{len(qq)}; not reaped: "
                     f"{len(b.get(kind, [])) - len(bb)}/{len(q.get(kind, [])) - len(qq)})",
                     benchstats.percentile(bb, pct), benchstats.percentile(qq, pct), " ms", "{:.1f}")
        if b.get("rounds") is not None and q.get("rounds") is not None:
            line("scale", f"{n} memcgs: oom_reaper on a CPU (sched_switch), ms", b["reaper_ms"], q["reaper_ms"], " ms", "{:.1f}")
            p(f"| scale | {n} memcgs: rounds (base: victims taken from the list; patched: reaper rounds), "
              f"and CPU per round | {b['rounds']}, {b['reaper_ms'] / max(b['rounds'], 1):.2f} ms | "
              f"{q['rounds']}, {q['reaper_ms'] / max(q['rounds'], 1):.2f} ms | |")
            if b.get("failed_us") and q.get("failed_us"):
                line("scale", f"{n} memcgs: one failed attempt (mmap_lock contended: oom_reap_attempt to oom_reap_skip), "
                     f"median us (n={len(b['failed_us'])}/{len(q['failed_us'])})",
                     med(b["failed_us"]), med(q["failed_us"]), " us", "{:.1f}")
    for what in ("fork", "mmap"):
        b, q = fr["base"][what], fr["patched"][what]
        if not (b and q):
            continue
        label = "fork+exit+wait" if what == "fork" else "mmap+touch+munmap 1 MiB"
        r = fr["ratio_" + what]
        p(f"| fast path | {label} (icount), mean of the per-boot medians after a warm-up, ns/iteration "
          f"(boots {len(b)}/{len(q)}) | {statistics.fmean(b):.0f} ns | {statistics.fmean(q):.0f} ns | "
          f"{benchstats.fmt_ratio(r) if r else '-'} |")
    for n in sorted({n for (_, n) in th}):
        b, q = th.get(("base", n), []), th.get(("patched", n), [])
        for i, label in ((0, "last reclaim to mark_victim (victim chosen, report logged, SIGKILL sent to its threads)"),
                         (1, "last reclaim to the kill done (the mm's other users checked, the victim handed to the reaper)")):
            bb, qq = [x[i] for x in b], [x[i] for x in q]
            if len(bb) >= 2 and len(qq) >= 2:
                r = benchstats.ratio_interval(bb, qq)
                p(f"| many threads | {n} threads (icount): {label}, mean of {len(bb)}/{len(qq)} OOMs | "
                  f"{statistics.fmean(bb):.2f} ms | {statistics.fmean(qq):.2f} ms | {benchstats.fmt_ratio(r)} |")
    for c in ("task_struct", "mm_struct"):
        b, q = fr["base"]["size"].get(c), fr["patched"]["size"].get(c)
        if b and q:
            line("size", f"sizeof(struct {c}), bytes", b, q)
    p("")
    if plot(out, rows):
        p(f"Plot: `{os.path.basename(out)}/hol.png`. Raw traces and CSVs: `{out}`.")
    else:
        p(f"Raw traces and CSVs: `{out}` (no head-of-line run, or gnuplot missing: no plot).")


if __name__ == "__main__":
    main()
