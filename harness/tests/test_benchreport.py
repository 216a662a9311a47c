# SPDX-License-Identifier: GPL-2.0
"""benchreport.py on a recorded bench folder, data/bench/.

data/bench/ holds every scenario's guest output for both kernels (a
small run: head-of-line, exit-only, reap, scale, storm, fast path, many
threads, sizes); data/expected/bench-report.md is the report
benchreport.py printed for it before the trace reader was shared (the
date, host and folder masked), with the storm's recovery rows added
since (StormRecovery below checks them on a folder of its own).  Its exit-only episodes carry no wait
tag (recorded before vm.oom_reap_wait_for_exit): "legacy" rows.

data/bench-wait/ is an exit-only folder written for these tests, not
recorded (its numbers are made up): episodes tagged wait=none on the base
kernel and wait=0 and wait=1 at deadlines 1000 and 5000 on the patched
one, as guest/bench-exit.sh writes them.

data/expected/bench-report-all.md is the report benchreport.py printed,
before the scenarios had a module each, for data/bench/, data/bench-big/
and data/bench-reserve/ (see test_bench.py) in one folder: every
scenario (the date, host and folder masked).

data/bench-big/ is the big scenario (guest/bench-big.sh) written for these
tests, not recorded (its numbers are made up), in the formats of the two
kernels' tracepoints: a small run (SIZE=64 SIZE2=32 SMALLS=2 SMALL=16, one
run) with 2 vCPUs (bench-big-KERNEL: behind, held, two, one) and with 1
(bench-big1-KERNEL: one, two).  The base kernel reaps each victim to its
end on one thread (oom_reap_result without worker=, a held victim given
up after ten rounds, retries_exhausted); the patched one in slices of
1024 pages (oom_reap_slice, 25 ms each here) on two workers, or on one
with 1 vCPU, where the two victims' slices take turns.
"""
import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.dirname(HERE)
sys.path.insert(0, HARNESS)
import bench  # noqa: E402
import benchreport  # noqa: E402
import gnuplot  # noqa: E402
import timeline  # noqa: E402
from bench import big, common, exitonly, scale, storm  # noqa: E402

BENCH = os.path.join(HERE, "data", "bench")
BENCH_WAIT = os.path.join(HERE, "data", "bench-wait")
BENCH_BIG = os.path.join(HERE, "data", "bench-big")
# The big scenario's lone large victim (1200 MiB of 4 KiB pages) under
# icount, three runs per boot, with one vCPU (bench-bigic1-KERNEL) and two
# (bench-bigic2-KERNEL): recorded 2026-12-07 on the series with patches
# 24-26.
BENCH_BIGIC = os.path.join(HERE, "data", "bench-bigic")
BENCH_RESERVE = os.path.join(HERE, "data", "bench-reserve")
EXPECTED = os.path.join(HERE, "data", "expected", "bench-report.md")
EXPECTED_ALL = os.path.join(HERE, "data", "expected", "bench-report-all.md")


def mask(text, out):
    text = re.sub(r"^Benchmark of [0-9-]+, (.*?), on .*?; guests:", r"Benchmark of DATE, \1, on HOST; guests:",
                  text, count=1)
    return text.replace(out + "/", "OUT/").replace(out, "OUT").replace(os.path.basename(out) + "/", "OUT/")


class Report(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.tmp.name, "bench")
        shutil.copytree(BENCH, self.out)

    def tearDown(self):
        self.tmp.cleanup()

    def test_same_report(self):
        r = subprocess.run([sys.executable, os.path.join(HARNESS, "benchreport.py"), self.out, "2",
                            "lib: add a test module"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(EXPECTED, encoding="utf-8") as f:
            expected = f.read()
        self.assertEqual(mask(r.stdout, self.out).replace("Plot: `OUT/hol.png`. ", "").replace(
            " (no head-of-line run, or gnuplot missing: no plot)", ""),
            expected.replace("Plot: `OUT/hol.png`. ", "").replace(
                " (no head-of-line run, or gnuplot missing: no plot)", ""))

    def test_every_scenario(self):
        for src in (BENCH_BIG, BENCH_RESERVE):
            shutil.copytree(src, self.out, dirs_exist_ok=True)
        r = subprocess.run([sys.executable, os.path.join(HARNESS, "benchreport.py"), self.out, "2",
                            "lib: add a test module"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(EXPECTED_ALL, encoding="utf-8") as f:
            expected = f.read()
        if not gnuplot.available():
            expected = expected.replace("Plot: `OUT/hol.png`. Raw traces and CSVs: `OUT`.",
                                        "Raw traces and CSVs: `OUT` (no head-of-line run, or gnuplot missing: no plot).")
        self.assertEqual(mask(r.stdout, self.out), expected)
        # Every scenario but size (no CSV) and pinned (no folder of it here).
        self.assertEqual(sorted(f for f in os.listdir(self.out) if f.endswith(".csv")),
                         sorted(s.name + ".csv" for s in bench.SCENARIOS if s.name not in ("size", "pinned")))

    def test_read_all(self):
        shutil.rmtree(os.path.join(self.out, "bench-storm-base"))
        shutil.rmtree(os.path.join(self.out, "bench-storm-patched"))
        res = benchreport.read_all(self.out)
        self.assertEqual(sorted(res), ["exit", "fast", "hol", "reap", "scale", "size", "threads"])
        with open(os.path.join(self.out, "reap.csv"), encoding="utf-8") as f:
            self.assertEqual(f.read().splitlines()[:2], ["kernel,freed_by,run,mib,ms,mib_per_s",
                                                         "base,reaped,1,1202,460,2614"])
        self.assertFalse(os.path.exists(os.path.join(self.out, "storm.csv")))
        heads, rows = benchreport.tables(res)
        self.assertEqual([r.metric.split(":")[0] for r in heads][:3],
                         ["head-of-line", "scale", "scale"])
        self.assertEqual(heads[-1].metric, "sizeof(struct mm_struct)")
        self.assertEqual([r.scenario for r in rows][:5], ["head-of-line"] * 4 + ["exit-only memory"])
        self.assertEqual(rows[-1].scenario, "size")

    def test_print_table(self):
        rows = [common.row("s", "m", 2, 3), common.Row("s", "t", 1, 1, None, "", "{}", "")]
        r = io.StringIO()
        with contextlib.redirect_stdout(r):
            benchreport.print_table("| scenario | metric | base | patched | patched/base |", rows)
        self.assertEqual(r.getvalue(), "| scenario | metric | base | patched | patched/base |\n|---|---|---|---|---|\n"
                         "| s | m | 2 | 3 | 1.50 |\n| s | t | 1 | 1 | |\n")

    def test_write_csv(self):
        benchreport.write_csv(self.out, "x", ["a", "b"], [[1, "c,d"]])
        with open(os.path.join(self.out, "x.csv"), encoding="utf-8", newline="") as f:
            self.assertEqual(f.read(), 'a,b\r\n1,"c,d"\r\n')
        self.assertEqual(benchreport.module(bench.scenario("exit")).__name__, "bench.exitonly")

    def test_rows(self):
        d = benchreport.read_all(self.out)
        rows = storm.table(d["storm"])
        self.assertEqual([(r.scenario, r.base, r.patched) for r in rows[:2]],
                         [("storm", 6, 6), ("storm", 2, 0)])
        self.assertEqual(rows[2].n, (2, 2))
        self.assertEqual(rows[1].cells()[-1], "0.00")

    def test_storm_memcg_from_the_tree(self):
        # Storm workers are not in the victims file: their memcg is their
        # stress-ng root's, through sched_process_fork.
        d = os.path.join(self.out, "bench-storm-base")
        victims = timeline.build(timeline.parse(os.path.join(d, "trace")),
                                             os.path.join(d, "victims"))
        self.assertEqual(sorted({v.memcg for v in victims}), ["storm0", "storm1"])


def ev(ts, event, rest, task="stress-ng-vm", pid=1):
    """One event line of a tracefs "trace" file."""
    return f"{task:>16}-{pid:<5} [001] .....  {ts:.6f}: {event}: {rest}\n"


def kill(ts, pid, anon_kb):
    return ev(ts, "mark_victim", f"pid={pid} comm=stress-ng-vm total-vm=140000kB anon-rss={anon_kb}kB "
              "file-rss:1024kB shmem-rss:0kB uid=0 pgtables=120kB oom_score_adj=0", pid=pid)


# A storm folder written for these tests (not recorded): two memcgs.  s0:
# 101 killed at 10.0 (40 MiB anon), reaped at 10.2 (20 MiB anon and 1 MiB
# of page tables freed), its exit at 10.5; 102 killed at 10.1 while 101 is
# pending (20 MiB), no oom_reap_exit, its thread exits at 10.3; 103 killed
# at 11.3 (40 MiB), its exit at 11.4.  s1: 201 killed at 12.0 (10 MiB),
# nothing after.
STORM_TRACE = "".join([
    "# tracer: nop\n",
    ev(9.0, "sched_process_fork", "comm=stress-ng pid=100 child_comm=stress-ng-vm child_pid=101", "stress-ng", 100),
    ev(9.0, "sched_process_fork", "comm=stress-ng pid=100 child_comm=stress-ng-vm child_pid=102", "stress-ng", 100),
    ev(9.0, "sched_process_fork", "comm=stress-ng pid=100 child_comm=stress-ng-vm child_pid=103", "stress-ng", 100),
    ev(9.0, "sched_process_fork", "comm=stress-ng pid=200 child_comm=stress-ng-vm child_pid=201", "stress-ng", 200),
    kill(10.0, 101, 40960),
    kill(10.1, 102, 20480),
    ev(10.2, "oom_reap_result", "pid=101 freed_anon=5120 freed_file=0 freed_shmem=0 left_anon=0 left_file=0 "
       "left_shmem=0 left_hugetlb=0 left_pgtables=2 freed_pgtables=256", "oom_reaper", 30),
    ev(10.3, "sched_process_exit", "comm=stress-ng-vm pid=102 prio=120", pid=102),
    ev(10.5, "oom_reap_exit", "pid=101 reason=exit_after_skip", pid=101),
    kill(11.3, 103, 40960),
    ev(11.4, "oom_reap_exit", "pid=103 reason=exit", pid=103),
    kill(12.0, 201, 10240),
])
REFILL = "memcg running between OOMs: its latest victim's memory freed to its next kill, median ms"
STORM_VICTIMS = "pid=100 memcg=s0 run=1 role=root\npid=200 memcg=s1 run=1 role=root\n"
STORM_FILE = ("memcg=s0 run=1 longest_at_limit_samples=2\nmemcg=s1 run=1 longest_at_limit_samples=1\n"
              "run=1 reaper_ticks=0 clk_tck=100 duration=20\n")


class StormRecovery(unittest.TestCase):
    """The storm's recovery rows (storm_recovery) on a folder written here."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def folder(self, kernel, trace=STORM_TRACE, victims=STORM_VICTIMS):
        d = os.path.join(self.tmp.name, "bench-storm-" + kernel)
        os.makedirs(d)
        for name, text in (("trace", trace), ("victims", victims), ("storm", STORM_FILE)):
            if text is not None:
                with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                    f.write(text)

    def test_union(self):
        self.assertAlmostEqual(storm.union_secs([(3, 4), (0, 1), (0.5, 2), (1.5, 1.8)]), 3.0)
        self.assertEqual(storm.union_secs([]), 0.0)

    def test_metrics(self):
        self.folder("patched")
        r = benchreport.read_all(self.tmp.name)["storm"]["patched"]
        # 102 and 103 came while an earlier victim had no oom_reap_exit.
        self.assertEqual((r["kills"], r["beyond"], r["unfreed"]), (4, 2, 1))
        # 101 by its reap (before its exit), 102 by its thread's exit (no
        # oom_reap_exit), 103 by its exit; 201 never.
        self.assertEqual([round(x) for x in r["recovery_ms"]], [200, 200, 100])
        # s0: [10.0, 10.2] and [10.1, 10.3] overlap: 0.3 s, then 0.1 s.
        self.assertAlmostEqual(r["stall_s"], 0.4)
        self.assertEqual(r["stall_kills"], 3)
        # 102 came before any memory of s0 was freed; 103 1 s after 102's.
        self.assertEqual([round(x) for x in r["refill_ms"]], [1000])
        self.assertEqual(r["anon_mib"], [40, 20, 40, 10])
        self.assertAlmostEqual(r["reaper_mib"], 21)
        self.assertEqual(r["reaped"], 1)
        with open(os.path.join(self.tmp.name, "storm.csv"), encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[0], "kernel,memcg,pid,killed_s,kill_to_freed_ms,freed_by,anon_rss_mib,"
                         "reaper_freed_mib")
        self.assertEqual(lines[1:], ["patched,s0,101,10.000000,200.0,reap,40.0,21.0",
                                     "patched,s0,102,10.100000,200.0,thread_exit,20.0,0.0",
                                     "patched,s0,103,11.300000,100.0,exit,40.0,0.0",
                                     "patched,s1,201,12.000000,,,10.0,0.0"])

    def test_table(self):
        self.folder("base")
        self.folder("patched")
        rows = {r.metric.split(" (")[0]: r.cells()[2:]
                for r in storm.table(storm.read(self.tmp.name)[0])}
        self.assertEqual(rows["recovery: kill to the victim's memory freed"], ["200 ms", "200 ms", "1.00"])
        self.assertEqual(rows["OOM stall: time a memcg had a killed victim whose memory was not yet freed"],
                         ["0.4 s", "0.4 s", "1.00"])
        self.assertEqual(rows["OOM kills per second of OOM stall"], ["7.5", "7.5", "1.00"])
        self.assertEqual(rows[REFILL],
                         ["1000 ms", "1000 ms", "1.00"])
        self.assertEqual(rows["memory per kill: the victim's anon-rss at its kill"], ["30.0 MiB", "30.0 MiB", "1.00"])
        self.assertEqual(rows["memory per kill freed by the reaper"], ["5.25 MiB", "5.25 MiB", "1.00"])

    def test_kills_only(self):
        # A trace with the kills and nothing after them (no reap, exit or
        # thread exit event): no recovery, "-" on that side, no ratio.
        self.folder("base", "".join(ln for ln in STORM_TRACE.splitlines(True)
                                    if "mark_victim" in ln or "fork" in ln))
        self.folder("patched")
        rows = storm.table(storm.read(self.tmp.name)[0])
        cells = {r.metric.split(" (")[0]: r.cells()[2:] for r in rows}
        self.assertEqual(cells["16 memcgs of stress-ng --vm for 20/20 s: OOM kills"], ["4", "4", "1.00"])
        self.assertEqual(cells["recovery: kill to the victim's memory freed"], ["-", "200 ms", "-"])
        self.assertEqual(cells["OOM kills per second of OOM stall"], ["-", "7.5", "-"])
        self.assertEqual(cells[REFILL],
                         ["-", "1000 ms", "-"])
        self.assertEqual(cells["memory per kill freed by the reaper"], ["0.00 MiB", "5.25 MiB", "-"])
        self.assertIn("memory never freed in the trace: 4/1", rows[5].metric)

    def test_no_trace_no_victims(self):
        # The guest sent its storm file but no trace or victims file: the
        # trace's rows show "-", the recovery rows are left out.
        self.folder("base", None, None)
        self.folder("patched", None, None)
        rows = storm.table(storm.read(self.tmp.name)[0])
        self.assertEqual([r.cells()[2:] for r in rows[:2]], [["-", "-", "-"], ["-", "-", "-"]])
        self.assertEqual(len(rows), 5)

    def test_one_side_without_trace(self):
        self.folder("base", None)
        self.folder("patched")
        rows = storm.table(storm.read(self.tmp.name)[0])
        self.assertEqual(rows[0].cells()[2:], ["-", "4", "-"])
        self.assertEqual(rows[-1].cells()[1:], ["memory per kill freed by the reaper (oom_reap_result freed_*), "
                                                "mean MiB (kills reaped: -, 1/4)", "-", "5.25 MiB", "-"])
        self.assertEqual(len(rows), 5 + 7)

    def test_no_reaper_event(self):
        # A kernel without oom_reap_result or oom_reap_exit (older
        # tracepoints): memory freed at the thread's exit.
        self.folder("patched", "".join(ln for ln in STORM_TRACE.splitlines(True)
                                       if "oom_reap" not in ln) +
                    ev(10.4, "sched_process_exit", "comm=stress-ng-vm pid=101 prio=120", pid=101))
        r = storm.read(self.tmp.name)[0]["patched"]
        self.assertEqual([round(x) for x in r["recovery_ms"]], [400, 200])
        self.assertEqual((r["unfreed"], r["reaped"], r["reaper_mib"]), (2, 0, 0.0))


class ExitWait(unittest.TestCase):
    """The exit scenario keyed (kernel, kind, deadline, wait)."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def read(self, src):
        out = os.path.join(self.tmp.name, os.path.basename(src))
        shutil.copytree(src, out)
        return exitonly.read(out)[0]

    def test_keys(self):
        ex = self.read(BENCH_WAIT)
        self.assertEqual(sorted(ex), sorted(
            [("base", kind, "none", "none") for kind in ("hugetlb", "exit_blocked")] +
            [("patched", kind, dl, w) for kind in ("hugetlb", "exit_blocked")
             for dl in ("1000", "5000") for w in ("0", "1")]))
        # Each episode found its memcg (exit.KIND.DL.wW.RUN) in the trace.
        self.assertEqual([(k, round(s, 3)) for k, s in ex[("patched", "hugetlb", "1000", "0")]],
                         [(2, 2.005), (2, 2.005)])
        self.assertEqual([(k, round(s, 3)) for k, s in ex[("patched", "hugetlb", "1000", "1")]],
                         [(2, 3.1), (2, 3.1)])
        self.assertEqual([(k, round(s, 3)) for k, s in ex[("patched", "hugetlb", "5000", "1")]],
                         [(1, 4.1), (1, 4.1)])

    def test_legacy_keys(self):
        # No wait tag: "none" on the base, "legacy" on the patched kernel
        # (which always waited), never "0".
        ex = self.read(BENCH)
        self.assertEqual({w for (k, _, _, w) in ex if k == "base"}, {"none"})
        self.assertEqual({w for (k, _, _, w) in ex if k == "patched"}, {"legacy"})
        self.assertEqual(len(ex[("patched", "pgtables", "1000", "legacy")]), 2)
        self.assertTrue(all(s is not None for runs in ex.values() for _, s in runs))

    def test_headline_default_deadline_and_wait(self):
        ex = self.read(BENCH_WAIT)
        rows = exitonly.headline(ex)
        self.assertEqual([r.cells() for r in rows], [
            ["exit-only hugetlb, default deadline and wait: OOM kills per episode, mean", "2.00", "2.00", "1.00"],
            ["exit-only hugetlb, default deadline and wait: OOM stall after the kill, median",
             "2005 ms", "2005 ms", "1.00"],
            ["exit-only exit_blocked, default deadline and wait: OOM kills per episode, mean",
             "2.00", "1.00", "0.50"],
            ["exit-only exit_blocked, default deadline and wait: OOM stall after the kill, median",
             "2200 ms", "4000 ms", "1.82"]])

    def test_headline_legacy(self):
        ex = self.read(BENCH)
        rows = exitonly.headline(ex)
        self.assertEqual(rows[0].cells()[0], "exit-only pgtables, default deadline, legacy kernel (before "
                         "vm.oom_reap_wait_for_exit, always waited): OOM kills per episode, mean")

    def test_table(self):
        rows = exitonly.table(self.read(BENCH_WAIT))
        self.assertEqual(len(rows), 2 * 2 * 2 * 2)
        conds = [r.metric.split(": ")[0].split(", ", 1)[1] for r in rows[1::2]]
        self.assertEqual(conds, 2 * ["deadline 1000 ms, vm.oom_reap_wait_for_exit=0",
                                     "deadline 1000 ms, vm.oom_reap_wait_for_exit=1",
                                     "deadline 5000 ms, vm.oom_reap_wait_for_exit=0",
                                     "deadline 5000 ms, vm.oom_reap_wait_for_exit=1"])
        self.assertTrue(rows[0].metric.startswith("hugetlb victim exiting ~4 s after the kill, deadline 1000 ms, "
                                                  "vm.oom_reap_wait_for_exit=0: OOM kills per episode, mean (n=2/2)"))
        self.assertTrue(rows[8].metric.startswith("exit_blocked victim whose exit waits for mmap_write_lock "))
        # Every pair stands beside the same base episodes.
        self.assertEqual({(r.base, r.n) for r in rows[0:8:2]}, {(2, (2, 2))})
        self.assertEqual({round(r.base) for r in rows[9:16:2]}, {2200})
        self.assertEqual([round(r.patched) for r in rows[1:8:2]], [2005, 3100, 2005, 4100])
        self.assertEqual([r.patched for r in rows[0:8:2]], [2, 2, 2, 1])

    def test_csv(self):
        out = os.path.join(self.tmp.name, "bench-wait")
        shutil.copytree(BENCH_WAIT, out)
        benchreport.read_all(out)
        with open(os.path.join(out, "exit.csv"), encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[0], "kernel,kind,deadline_ms,wait_for_exit,run,oom_kills_in_memcg,oom_stall_ms")
        self.assertIn("patched,hugetlb,5000,1,2,1,4100", lines)
        self.assertIn("base,exit_blocked,none,none,1,2,2200", lines)



class Big(unittest.TestCase):
    """The big scenario (bench/big.py) on data/bench-big/."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.tmp.name, "bench")
        shutil.copytree(BENCH_BIG, self.out)

    def tearDown(self):
        self.tmp.cleanup()

    def by(self, kernel, vcpus, key, nd=1):
        return [round(x, nd) for x in big.read(self.out)[0]["by"][(kernel, vcpus)][key]]

    def test_base(self):
        r = big.read(self.out)[0]["by"][("base", 2)]
        # One thread, the list last in, first out: 202 (due 12.310) then
        # 201 (due 12.300), both after the large reap (12.001 to 12.381).
        self.assertEqual([round(x) for x in r["small_ms"]], [103, 82])
        self.assertEqual((r["small_n"], r["small_during"]), ([201, 202], [201, 202]))
        self.assertEqual([round(x) for x in r["behind_large_ms"]], [380])
        # Ten rounds, then retries_exhausted, then its bystander killed.
        self.assertEqual((r["held_tries"], r["held_kills"], r["held_n"]), ([10], [2], [205]))
        self.assertEqual([round(x) for x in r["two_total_ms"]], [381])
        self.assertEqual([round(x) for x in r["two_each_ms"]], [190, 190])
        self.assertEqual([round(x, 3) for x in r["two_overlap"]], [1.003])
        self.assertEqual([round(x) for x in r["one_ms"]], [380])

    def test_patched(self):
        r = big.read(self.out)[0]["by"][("patched", 2)]
        # Worker 1 reaps the smalls while worker 0 slices the large one.
        self.assertEqual([round(x, 1) for x in r["small_ms"]], [20.0, 30.0])
        self.assertEqual(r["small_during"], [301, 302])
        self.assertEqual([round(x) for x in r["behind_large_ms"]], [400])
        # Tried for its whole deadline beside the large reap: 11 tries.
        self.assertEqual((r["held_tries"], r["held_kills"]), ([11], [2]))
        self.assertEqual([round(x) for x in r["two_total_ms"]], [210])
        self.assertEqual([round(x, 2) for x in r["two_overlap"]], [0.53])

    def test_one_vcpu(self):
        self.assertEqual(self.by("base", 1, "two_total_ms", 0), [381])
        self.assertEqual(self.by("base", 1, "two_overlap", 2), [1.0])
        # One worker: the two reaps' slices take turns, each as long as both.
        self.assertEqual(self.by("patched", 1, "two_total_ms", 0), [400])
        self.assertEqual(self.by("patched", 1, "two_each_ms", 0), [375, 375])
        self.assertEqual(self.by("patched", 1, "one_ms", 0), [400])
        self.assertNotIn("small_ms", big.read(self.out)[0]["by"][("patched", 1)])

    def test_icount(self):
        by = big.read(BENCH_BIGIC)[0]["by"]
        self.assertEqual([round(x, 1) for x in by[("base", "1 icount")]["one_ms"]], [427.7, 427.5, 428.2])
        self.assertEqual([round(x, 1) for x in by[("patched", "1 icount")]["one_ms"]], [432.5, 432.7, 433.6])
        self.assertEqual([round(x, 1) for x in by[("patched", "2 icount")]["one_ms"]], [436.4, 435.9, 436.4])
        self.assertNotIn(("base", 1), by)
        rows = [r.cells() for r in big.table(big.read(BENCH_BIGIC)[0])]
        one = [r for r in rows if "under icount" in r[1]]
        self.assertEqual(len(one), 2)
        self.assertIn("2 vCPUs under icount", one[0][1])
        self.assertEqual(one[1][2:], ["428 ms", "433 ms", "1.01"])
        self.assertIn("1 vCPU under icount", one[1][1])

    def test_slices(self):
        d = os.path.join(self.out, "bench-big-patched")
        sl = big.reap_slices(timeline.parse(os.path.join(d, "trace")))
        self.assertEqual(sl[(303, 10.0)], {"slices": 16, "workers": {0}})
        self.assertEqual(sl[(301, 10.3)], {"slices": 4, "workers": {1}})
        self.assertEqual(sl[(308, 50.01)], {"slices": 8, "workers": {1}})
        self.assertEqual(sl[(305, 30.3)], {"slices": 0, "workers": set()})
        d = os.path.join(self.out, "bench-big-base")
        sl = big.reap_slices(timeline.parse(os.path.join(d, "trace")))
        self.assertEqual(sl[(203, 10.0)], {"slices": 0, "workers": set()})

    def test_csv(self):
        benchreport.read_all(self.out)
        with open(os.path.join(self.out, "big.csv"), encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[0], "kernel,vcpus,part,run,kind,pid,memcg,size_mib,killed_after_large_ms,"
                         "queued_to_reaped_ms,reap_ms,due_during_large_reap,tries,tries_before_giveup,done,"
                         "slices,workers,kills_in_memcg,episode_reap_ms,reaper_threads")
        self.assertEqual(len(lines), 1 + 8 + 8 + 3 + 3)
        self.assertIn("base,2,behind,1,small,202,big.behind.1.s2,16,310.0,82.0,10.0,1,1,,reaped,,,1,,1", lines)
        self.assertIn("patched,2,behind,1,small,301,big.behind.1.s1,16,300.0,20.0,19.9,1,4,,reaped,4,1,1,,2", lines)
        self.assertIn("patched,2,held,1,held,305,big.held.1.h,16,300.0,,,1,11,11,given up,,,2,,2", lines)
        self.assertIn("patched,2,two,1,large,308,big.two.1.b,32,10.0,200.0,199.9,,8,,reaped,8,1,1,209.9,2", lines)
        self.assertIn("patched,1,two,1,large,603,big.two.1.b,32,10.0,390.0,374.9,,8,,reaped,8,0,1,399.9,1", lines)

    def test_table(self):
        rows = big.table(big.read(self.out)[0])
        cells = {r.metric.split(" (")[0]: r.cells()[2:] for r in rows}
        self.assertEqual(cells["behind a 64 MiB reap, 2 vCPUs: 16 MiB victims falling due during it, queued to "
                               "reaped"], ["82 ms", "20 ms", "0.24"])
        self.assertEqual(cells["behind a 64 MiB reap, 2 vCPUs: 16 MiB victims, queued to reaped, p99 ms"],
                         ["103 ms", "30 ms", "0.29"])
        self.assertIn("p50 ms (n=2/2 reaped of 2/2 killed; fell due during the large reap: 2/2)", rows[0].metric)
        self.assertEqual(cells["behind, 2 vCPUs: the 64 MiB victim's reap beside them"], ["380 ms", "400 ms", "1.05"])
        held = [r for r in rows if r.metric.startswith("held: ")]
        self.assertEqual([r.cells()[2:] for r in held], [["10.0", "11.0", "1.10"], ["2.00", "2.00", "1.00"]])
        self.assertIn("(n=1/1 given up of 1/1 killed)", held[0].metric)
        two = [r.cells()[1:] for r in rows if r.metric.startswith("two ")]
        self.assertEqual([c[0].split(": ", 1)[0] for c in two],
                         ["two 32 MiB victims killed together, " + v for v in ("2 vCPUs", "1 vCPU") * 3])
        self.assertEqual([c[1:] for c in two], [["381 ms", "210 ms", "0.55"], ["381 ms", "400 ms", "1.05"],
                                                ["190 ms", "200 ms", "1.05"], ["190 ms", "375 ms", "1.97"],
                                                ["1.00", "0.53", "0.52"], ["1.00", "0.53", "0.53"]])
        self.assertEqual([r.cells()[1:] for r in rows[-2:]], [
            ["one 64 MiB victim alone, 2 vCPUs: its reap (start_task_reaping to oom_reap_result), median ms "
             "(n=1/1)", "380 ms", "400 ms", "1.05"],
            ["one 64 MiB victim alone, 1 vCPU: its reap (start_task_reaping to oom_reap_result), median ms "
             "(n=1/1)", "380 ms", "400 ms", "1.05"]])
        self.assertEqual(len(rows), 2 + 1 + 2 + 6 + 2)
        self.assertTrue(all(r.scenario == "big" for r in rows))

    def test_headline(self):
        rows = big.headline(big.read(self.out)[0])
        self.assertEqual([r.cells() for r in rows], [[
            "big: 16 MiB victims falling due during a 64 MiB reap (4 KiB pages), queued to reaped, p99",
            "103 ms", "30 ms", "0.29"]])

    def test_one_kernel_one_boot(self):
        # Only the patched kernel's 2-vCPU boot: its rows, "-" for the
        # base, no ratio; no 1-vCPU rows, no headline.
        for d in ("bench-big-base", "bench-big1-base", "bench-big1-patched"):
            shutil.rmtree(os.path.join(self.out, d))
        bg = big.read(self.out)[0]
        rows = big.table(bg)
        self.assertEqual(rows[0].cells()[2:], ["-", "20 ms", "-"])
        self.assertFalse([r for r in rows if "1 vCPU" in r.metric])
        self.assertEqual(big.headline(bg), [])

    def test_none(self):
        # A folder without the scenario: nothing, and no big.csv.
        out = os.path.join(self.tmp.name, "other")
        shutil.copytree(BENCH_WAIT, out)
        self.assertIsNone(big.read(out))
        self.assertEqual(big.table({}), [])
        self.assertFalse(os.path.exists(os.path.join(out, "big.csv")))

    def test_report(self):
        r = subprocess.run([sys.executable, os.path.join(HARNESS, "benchreport.py"), self.out, "1",
                            "lib: add a test module"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("| big: 16 MiB victims falling due during a 64 MiB reap (4 KiB pages), queued to reaped, "
                      "p99 | 103 ms | 30 ms | 0.29 |", r.stdout)
        self.assertIn("| big | one 64 MiB victim alone, 1 vCPU: its reap (start_task_reaping to oom_reap_result), "
                      "median ms (n=1/1) | 380 ms | 400 ms | 1.05 |", r.stdout)
        self.assertTrue(os.path.exists(os.path.join(self.out, "big.csv")))


if __name__ == "__main__":
    unittest.main()


class ReaperThreads(unittest.TestCase):
    """scale_windows() counts every reaper thread's time on a CPU: the
    patched kernel's workers (oom_reaper, oom_reaper/N) each by its pid,
    also when two run at once on two CPUs."""

    def sw(self, ts, prev, prev_pid, nxt, next_pid):
        return (ts, "sched_switch", {"prev_comm": prev, "prev_pid": prev_pid,
                                     "next_comm": nxt, "next_pid": next_pid}, "")

    def test_workers_summed(self):
        events = [self.sw(1.0, "swapper/0", "0", "oom_reaper", "27"),
                  self.sw(1.1, "swapper/1", "0", "oom_reaper/1", "28"),
                  self.sw(1.3, "oom_reaper", "27", "victim", "300"),
                  self.sw(1.6, "oom_reaper/1", "28", "swapper/1", "0"),
                  self.sw(2.0, "kworker/0:1", "7", "oom_reaper_x", "99")]
        _, cpu = scale.windows(events)
        self.assertEqual(sorted(round(b - a, 3) for a, b in cpu), [0.3, 0.5])

    def test_is_reaper(self):
        self.assertTrue(scale.is_reaper("oom_reaper"))
        self.assertTrue(scale.is_reaper("oom_reaper/3"))
        self.assertFalse(scale.is_reaper("oom_reaper_x"))
        self.assertFalse(scale.is_reaper(None))
