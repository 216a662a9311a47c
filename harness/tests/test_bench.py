# SPDX-License-Identifier: GPL-2.0
"""harness/bench/: the registry of make bench's scenarios and each
scenario's module, on the recorded folder data/bench/ (see
test_benchreport.py), data/bench-big/ and data/bench-wait/ (written for
the tests), and data/bench-reserve/: a reserve folder written for these
tests, not recorded (its numbers are made up): two runs of a page-table
and a 1200 MiB anonymous victim, with and without 32 TiB reserved, each
with its bystander; the base kernel's second 32 TiB anonymous victim
exits before its reap.  data/bench-pinned/, when there, is the pinned
scenario (guest/bench-pinned.sh) recorded from a run; until then its
test is skipped, and PinnedMadeUp checks the parser on a folder it
writes, its numbers made up."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.dirname(HERE)
sys.path.insert(0, HARNESS)
import bench  # noqa: E402
import gnuplot  # noqa: E402
import timeline  # noqa: E402
from bench import big, common, exitonly, fast, hol, pinned, reap, reserve, scale, sizes, storm, threads  # noqa: E402

DATA = os.path.join(HERE, "data")
BENCH = os.path.join(DATA, "bench")
BENCH_BIG = os.path.join(DATA, "bench-big")
BENCH_WAIT = os.path.join(DATA, "bench-wait")
BENCH_RESERVE = os.path.join(DATA, "bench-reserve")
BENCH_PINNED = os.path.join(DATA, "bench-pinned")

# What harness/bench.sh boots at its defaults (RUNS=3, BENCH_ICOUNT=1):
# name, folder, guest, ICOUNT, SMP, boots, EXTRA_CMDLINE.  What it booted
# before the registry, and big's two icount boots (bigic1, bigic2) and
# pinned added since.
DEFAULT_BOOTS = [
    "hol hol bench-hol.sh 0 2 - oomreap.runs=3",
    "exit exit bench-exit.sh 0 2 - oomreap.runs=3",
    "pinned pinned bench-pinned.sh 0 2 - oomreap.runs=3",
    "storm storm bench-storm.sh 0 2 - oomreap.runs=3",
    "reap reap bench-reap.sh 0 2 - oomreap.runs=3",
    "reserve reserve bench-reserve.sh 1 1 - oomreap.runs=3",
    "big big bench-big.sh 0 2 - oomreap.runs=3",
    "big big1 bench-big.sh 0 1 - oomreap.runs=3 oomreap.big_parts=one,two",
    "big bigic1 bench-big.sh 1 1 - oomreap.runs=3 oomreap.big_parts=one",
    "big bigic2 bench-big.sh 1 2 - oomreap.runs=3 oomreap.big_parts=one",
    "scale scale bench-scale.sh 0 2 - oomreap.runs=3 oomreap.scale_n=64,256",
    "fast fast bench-fast.sh 1 1 8 oomreap.runs=3 oomreap.reps=8",
    "threads threads bench-threads.sh 1 1 4 oomreap.runs=3 oomreap.threads=4096,16384",
]


def cells(rows):
    return [r.cells() for r in rows]


class Registry(unittest.TestCase):
    def test_defaults(self):
        self.assertEqual(bench.boot_lines({"RUNS": "3"}), DEFAULT_BOOTS)

    def test_variables(self):
        lines = bench.boot_lines({"RUNS": "2", "EXIT_RUNS": "9", "BENCH_ICOUNT": "0", "EXIT_KINDS": "hugetlb notifier",
                                  "EXIT_WAITS": "0 1", "SCALE_N": "64", "FAST_BOOTS": "6", "FAST_REPS": "4",
                                  "PINS": "1000 3000"})
        by = {ln.split()[1]: ln for ln in lines}
        self.assertEqual(by["exit"], "exit exit bench-exit.sh 0 2 - oomreap.runs=9 oomreap.kinds=hugetlb,notifier "
                         "oomreap.waits=0,1")
        self.assertEqual(by["reserve"], "reserve reserve bench-reserve.sh 0 2 - oomreap.runs=2")
        self.assertEqual(by["pinned"], "pinned pinned bench-pinned.sh 0 2 - oomreap.runs=2 oomreap.pins=1000,3000")
        self.assertEqual(by["scale"], "scale scale bench-scale.sh 0 2 - oomreap.runs=2 oomreap.scale_n=64")
        self.assertEqual(by["fast"], "fast fast bench-fast.sh 0 2 6 oomreap.runs=2 oomreap.reps=4")

    def test_least_boots(self):
        with self.assertRaisesRegex(ValueError, "THREADS_BOOTS must be at least 2"):
            bench.boot_lines({"THREADS_BOOTS": "1"})

    def test_modules(self):
        self.assertEqual(bench.scenario("exit").module, "exitonly")
        self.assertEqual([b.folder for b in bench.scenario("big").boots], ["big", "big1", "bigic1", "bigic2"])
        names = [s.name for s in bench.SCENARIOS]
        self.assertEqual(sorted(bench.HEADLINE), sorted(set(bench.HEADLINE) & set(names)))
        for s in bench.SCENARIOS:
            m = __import__("bench." + s.module, fromlist=["read"])
            self.assertTrue(callable(m.read) and callable(m.table), s.name)
            self.assertEqual(s.name in bench.HEADLINE, hasattr(m, "headline"), s.name)
            self.assertTrue(s.guest is None or os.path.exists(os.path.join(HARNESS, "..", "guest", s.guest)))

    def test_list(self):
        r = subprocess.run([sys.executable, "-m", "bench", "list"], capture_output=True, text=True, cwd=HARNESS,
                           env=dict(os.environ, RUNS="3", FAST_BOOTS="", BENCH_ICOUNT="1"))
        self.assertEqual((r.returncode, r.stdout.splitlines()), (0, DEFAULT_BOOTS), r.stderr)
        r = subprocess.run([sys.executable, "-m", "bench", "list"], capture_output=True, text=True, cwd=HARNESS,
                           env=dict(os.environ, FAST_BOOTS="3"))
        self.assertEqual((r.returncode, r.stderr.strip()),
                         (1, "ERROR: FAST_BOOTS must be at least 4 (two boots per kernel give an interval)"))

    def test_bench_sh_names_none(self):
        # The scenarios are listed in the registry only.
        with open(os.path.join(HARNESS, "bench.sh"), encoding="utf-8") as f:
            text = f.read()
        for name in ("hol|", "bench-big.sh", "oomreap.reps", "FAST_REPS:-"):
            self.assertNotIn(name, text)


class Common(unittest.TestCase):
    def test_folders(self):
        d = os.path.join(BENCH, "bench-hol-base")
        self.assertEqual(common.tags_by_pid(d)[106], {"pid": "106", "memcg": "hol1a", "run": "1", "role": "bystander",
                                                      "opts": "-b"})
        self.assertEqual(common.victim_lines(d)[100], "pid=100 memcg=hol1a run=1 opts=-a 24 -w 5000\n")
        self.assertEqual([(b, k, os.path.basename(p)) for b, k, p in common.boot_dirs(BENCH, "fast")],
                         [(1, "base", "bench-fast-base-1"), (2, "patched", "bench-fast-patched-2"),
                          (3, "patched", "bench-fast-patched-3"), (4, "base", "bench-fast-base-4")])

    def test_victims(self):
        got = list(common.tagged_victims(BENCH, "reap", "how"))
        self.assertEqual([(k, kv["how"], v.pid) for k, kv, v in got][:4],
                         [("base", "reaped", 304), ("base", "exit", 306), ("base", "reaped", 308), ("base", "exit", 310)])
        mib, secs = common.reaped_mib_secs(got[0][2])
        self.assertEqual((round(mib, 2), round(secs, 3)), (1202.35, 0.46))
        self.assertIsNone(common.reaped_mib_secs(got[1][2]))

    def test_rows(self):
        self.assertEqual(common.med([3, 1, 2]), 2)
        self.assertNotEqual(common.med([]), common.med([]))
        self.assertEqual(common.row("s", "m", 2, 3, " ms").cells(), ["s", "m", "2 ms", "3 ms", "1.50"])
        self.assertEqual(common.row("s", "m", 0, 3).cells(), ["s", "m", "0", "3", "-"])
        self.assertEqual(common.row("s", "m", None, 3).cells(), ["s", "m", "-", "3", "-"])
        self.assertEqual(common.side_row("s", "m", None, 3, " ms").cells(), ["s", "m", "-", "3 ms", "-"])
        self.assertEqual(common.head("h", 4, 2).cells(), ["h", "4 ms", "2 ms", "0.50"])
        self.assertEqual(common.head("h", float("nan"), 2).cells()[-1], "nan")
        r = common.interval_row("s", "m", [1.0, 1.1], [2.0, 2.2], " ms", "{:.2f}", (2, 2))
        self.assertEqual(r.cells()[2:4], ["1.05 ms", "2.10 ms"])
        self.assertTrue(r.ratio.startswith("2.000 ["))


class Hol(unittest.TestCase):
    def test_read(self):
        rows, csv = hol.read(BENCH)
        self.assertEqual(csv[0], ["base", "1", 100, "hol1a", "mmap_lock held", 2000, 1060, "given up", 3])
        self.assertEqual(len(csv), 12)
        self.assertEqual(hol.waits(rows, "base", "stuck, reapable"), [997, 993, 1000, 997])
        self.assertIsNone(hol.read(BENCH_BIG))

    def test_tables(self):
        rows = hol.read(BENCH)[0]
        self.assertEqual(cells(hol.headline(rows)), [["head-of-line: reapable victim behind a held one, queued to "
                                                      "reaped, median", "997 ms", "7 ms", "0.01"]])
        self.assertEqual([c[2:] for c in cells(hol.table(rows))], [["997 ms", "7 ms", "0.01"], ["1000 ms", "10 ms", "0.01"],
                                                                   ["1060 ms", "1060 ms", "1.00"],
                                                                   ["1060 ms", "1060 ms", "1.00"]])
        self.assertEqual(hol.headline([]), [])

    @unittest.skipUnless(gnuplot.available(), "no gnuplot")
    def test_plot(self):
        with tempfile.TemporaryDirectory() as out:
            self.assertTrue(hol.plot(out, hol.read(BENCH)[0]))
            with open(os.path.join(out, "hol-patched.dat"), encoding="utf-8") as f:
                self.assertEqual(f.read(), "1 7\n2 3\n3 10\n4 7\n")
            self.assertTrue(os.path.exists(os.path.join(out, "hol.png")))
            self.assertFalse(hol.plot(out, []))


class ExitOnly(unittest.TestCase):
    def test_tags(self):
        self.assertEqual([exitonly.wait_tag(k, kv) for k, kv in (("base", {}), ("patched", {}),
                                                                   ("patched", {"wait": "1"}))],
                         ["none", "legacy", "1"])
        self.assertEqual(exitonly.memcg({"kind": "hugetlb", "deadline": "1000", "wait": "0", "run": "2"}),
                         "exit.hugetlb.1000.w0.2")
        self.assertEqual(exitonly.memcg({"kind": "pgtables", "run": "1"}), "exit.pgtables.none.1")
        self.assertEqual(exitonly.wait_label("1"), "vm.oom_reap_wait_for_exit=1")
        self.assertEqual(exitonly.wait_label("none"), "no vm.oom_reap_wait_for_exit")

    def test_order(self):
        ex = exitonly.read(BENCH_WAIT)[0]
        self.assertEqual((exitonly.kinds(ex), exitonly.waits(ex)), (["hugetlb", "exit_blocked"], ["0", "1"]))
        self.assertEqual([(k, round(s, 3)) for k, s in exitonly.base(ex, "hugetlb")], [(2, 2.005), (2, 2.005)])
        self.assertEqual(exitonly.stalls([(2, 1.5), (1, None)]), [1500.0])
        self.assertIsNone(exitonly.read(BENCH_BIG))


class Storm(unittest.TestCase):
    def test_trace(self):
        d = os.path.join(BENCH, "bench-storm-base")
        events = timeline.parse(os.path.join(d, "trace"))
        self.assertEqual(storm.kill_memory(events)[(501, 11.0)], {"anon_mib": 45.8984375, "reaper_mib": 0.0})
        victims = timeline.build(events, os.path.join(d, "victims"))
        self.assertEqual([(v.pid, storm.freed_at(v)) for v in victims][:2], [(501, (12.5, "exit")), (502, (12.05, "exit"))])

    def test_helpers(self):
        self.assertEqual(storm.storm_row("m", float("nan"), 2).cells(), ["storm", "m", "-", "2", "-"])
        self.assertEqual((storm.of({"a": [1, 3]}, "a", sum), storm.of({}, "a", sum)), (4, None))
        self.assertEqual((storm.per({"x": 6, "y": 3}, "x", "y"), storm.per({"x": 6}, "x", "y")), (2.0, None))
        self.assertIsNone(storm.read(BENCH_BIG))


class Reap(unittest.TestCase):
    def test_read(self):
        res, rows = reap.read(BENCH)
        self.assertEqual(rows[:2], [["base", "reaped", "1", 1202, 460, 2614], ["base", "exit", "1", 1200, 430, 2791]])
        self.assertEqual([round(x) for x in res[("patched", "reaped")]], [3734, 1867])
        self.assertEqual([c[2:] for c in cells(reap.table(res))], [["1960 MiB/s", "2800 MiB/s", "1.43"],
                                                                   ["2093 MiB/s", "2990 MiB/s", "1.43"]])
        self.assertIsNone(reap.read(BENCH_BIG))


class Reserve(unittest.TestCase):
    def test_read(self):
        res, rows = reserve.read(BENCH_RESERVE)
        self.assertEqual(len(rows), 16)
        self.assertEqual(rows[0], ["base", "pgtables", 0, "1", 41.0, 36])
        self.assertIn(["base", "anon", 32, "2", "", ""], rows)
        self.assertEqual([round(ms) for ms, _ in res[("base", "pgtables", 32)]], [901, 902])
        self.assertIsNone(reserve.read(BENCH))

    def test_table(self):
        rows = reserve.table(reserve.read(BENCH_RESERVE)[0])
        got = {r.metric: r.cells()[2:] for r in rows}
        self.assertEqual(got["page-table victim (16 GiB sparse) with a 32 TiB PROT_NONE reservation: reap time, "
                             "median ms (n=2/2)"], ["902 ms", "42 ms", "0.05"])
        self.assertEqual(got["page-table victim (16 GiB sparse): reap time with 32 TiB reserved / without"],
                         ["21.72", "0.98", "0.04"])
        self.assertEqual(got["anonymous victim (1200 MiB), 32 TiB reserved: freed by the reaper, median MiB/s "
                             "(n=1/2)"], ["4790 MiB/s", "4858 MiB/s", "1.01"])
        self.assertEqual(len(rows), 8)


class Big(unittest.TestCase):
    def setUp(self):
        self.eps, self.kills, self.slices = big.episodes(os.path.join(BENCH_BIG, "bench-big-base"))
        self.behind = self.eps[("behind", "1")]

    def test_episodes(self):
        self.assertEqual(sorted(self.eps), [("behind", "1"), ("held", "1"), ("one", "1"), ("two", "1")])
        self.assertEqual({k: [v.pid for _, v in vs] for k, vs in self.behind.items()},
                         {"large": [203], "small": [201, 202]})
        self.assertEqual(self.kills["big.held.1.h"], 2)

    def test_victim(self):
        large, small = self.behind["large"][0][1], self.behind["small"][0][1]
        held = self.eps[("held", "1")]["held"][0][1]
        self.assertEqual((big.ms(1.0, 1.25), big.ms(None, 1)), (250.0, None))
        self.assertEqual((round(big.reap_ms(large)), big.tries(large), big.tries(held)), (380, None, 10))
        self.assertEqual((big.due_during(large, small), big.due_during(None, small)), (True, None))

    def test_episode(self):
        r = {}
        self.assertIsNone(big.episode(r, "behind", self.behind, self.kills))
        self.assertEqual({k: [round(x) for x in v] for k, v in r.items()},
                         {"small_n": [201, 202], "small_ms": [103, 82], "small_during": [201, 202],
                          "behind_large_ms": [380]})
        self.assertEqual(round(big.episode({}, "two", self.eps[("two", "1")], self.kills)), 381)
        self.assertEqual(big.csv_rows("base", 2, "behind", "1", self.behind, self.kills, self.slices, None, "1")[1],
                         ["base", 2, "behind", "1", "small", 201, "big.behind.1.s1", "16", 300.0, 103.0, 10.0, 1, 1,
                          "", "reaped", "", "", 1, "", "1"])

    def test_labels(self):
        bg = big.read(BENCH_BIG)[0]
        self.assertEqual((big.size(bg, "behind", "large"), big.size({"sizes": {("x", "y"): {1, 2}}}, "x", "y")),
                         ("64 MiB ", ""))
        self.assertEqual(big.big_row("m", None, 3).cells(), ["big", "m", "-", "3 ms", "-"])


class Scale(unittest.TestCase):
    def setUp(self):
        self.d = os.path.join(BENCH, "bench-scale-base")
        self.events = timeline.parse(os.path.join(self.d, "trace"))

    def test_reaper(self):
        w, cpu = scale.windows(self.events)
        self.assertEqual(w, {4: (10.0, 16.0), 8: (20.0, 26.0)})
        r = scale.reaper(self.events, "base", *w[4], cpu)
        self.assertEqual((round(r["reaper_ms"], 2), r["rounds"], [round(x) for x in r["failed_us"]]),
                         (510.42, 4, [17, 17]))

    def test_waits(self):
        res, rows = {}, []
        scale.waits(self.d, "base", self.events, res, rows)
        self.assertEqual([round(x, 1) for x in res[("base", 4)]["reapable"]], [84.2, 79.2])
        self.assertEqual([round(x, 1) for x in res[("base", 4)]["to_first"]], [80.2, 75.2])
        self.assertEqual(rows[2], ["base", 4, 402, "stuck, reapable", 84.2, "reaped"])

    def test_tables(self):
        sc, rows = scale.read(BENCH)
        self.assertEqual(len(rows), 24)
        self.assertEqual(cells(scale.headline(sc))[0], ["scale: 4 memcgs OOM together, 8 held, queued to reaped, p99",
                                                        "84 ms", "84 ms", "1.00"])
        self.assertEqual([c[2:] for c in cells(scale.reaper_rows(4, sc[("base", 4)], sc[("patched", 4)]))],
                         [["510.4 ms", "210.4 ms", "0.41"], ["4, 127.60 ms", "2, 105.21 ms", ""],
                          ["17.0 us", "17.0 us", "1.00"]])
        self.assertEqual(len(scale.table(sc)), 2 * (3 * 3 + 3))
        self.assertIsNone(scale.read(BENCH_BIG))


class Fast(unittest.TestCase):
    def test_read(self):
        self.assertEqual(fast.boots(BENCH)[0], (1, "base", {"fork": [205637.0, 205711.0, 205600.0, 205674.0],
                                                            "mmap": [144511.0, 144500.0, 144533.0, 144522.0]}))
        fr, rows = fast.read(BENCH)
        self.assertEqual(fr["base"]["fork"], [205674.0, 205637.0])
        self.assertEqual((rows[0], len(rows)), ([1, "base", "fork", 1, 205637.0, 1], 32))
        self.assertIsNone(fast.read(BENCH_BIG))

    def test_tables(self):
        fr = fast.read(BENCH)[0]
        self.assertEqual(cells(fast.headline(fr))[0], ["fast path (icount): fork+exit+wait, ns per iteration, within "
                                                       "1%: shown", "205656 ns", "205792 ns", "1.001 [0.999, 1.002]"])
        self.assertEqual([c[2:] for c in cells(fast.table(fr))], [["205656 ns", "205792 ns", "1.001 [0.999, 1.002]"],
                                                                  ["144522 ns", "144611 ns", "1.001 [1.001, 1.001]"]])


class Threads(unittest.TestCase):
    def test_read(self):
        th, rows = threads.read(BENCH)
        self.assertEqual(rows[0], ["base", 1, 64, "1", 601, 0.701, 0.705])
        self.assertEqual(len(th[("patched", 256)]), 4)
        self.assertEqual(cells(threads.headline(th))[1][1:], ["2.7 ms", "2.7 ms", "1.002 [1.000, 1.004]"])
        self.assertEqual([c[2:] for c in cells(threads.table(th))][:2], [["0.70 ms", "0.70 ms", "1.002 [0.999, 1.005]"],
                                                                         ["0.71 ms", "0.71 ms", "1.002 [0.999, 1.005]"]])
        self.assertIsNone(threads.read(BENCH_BIG))


class Sizes(unittest.TestCase):
    def test_read(self):
        sz, rows = sizes.read(BENCH)
        self.assertEqual((sz["base"], rows), ({"task_struct": 6656, "mm_struct": 1152}, []))
        self.assertEqual(list(sizes.pairs(sz)), [("task_struct", 6656, 6656), ("mm_struct", 1152, 1152)])
        self.assertEqual(cells(sizes.headline(sz))[0], ["sizeof(struct task_struct)", "6656 B", "6656 B", "1.00"])
        self.assertEqual(cells(sizes.table(sz))[1], ["size", "sizeof(struct mm_struct), bytes", "1152", "1152", "1.00"])
        self.assertEqual(list(sizes.pairs({"base": sz["base"]})), [])
        self.assertIsNone(sizes.read(BENCH_BIG))


def trace_line(ts, task, event, rest):
    """A line of the tracefs trace file, as the guest sends it."""
    return f"{task:>16}     [000] .....  {ts:10.6f}: {event}: {rest}\n"


MARK = "comm=victim total-vm=52340kB anon-rss=49000kB file-rss:1024kB shmem-rss:0kB uid=0 pgtables=140kB " \
    "oom_score_adj=0"
FREED = "freed_anon=12288 freed_file=1 freed_shmem=0 left_anon=0 left_file=0 left_shmem=0 left_hugetlb=0 " \
    "left_pgtables=0 freed_pgtables=24"

# A made-up pinned folder, per kernel: its trace (time, task, event,
# fields), victims and pinned files.  Base: pin 5000, the bystander killed
# 2 ms after the victim, the victim reaped at the 2 s timer; pin 1000 (on
# the base kernel only), its memory freed by the hold's exit_mmap().
# Patched: pin 5000, the OOM waits for the victim, reaped at once
# (no_task), the bystander gets its memory.
PINNED_MADE_UP = {
    "base": ([
        (10.0, "victim-400", "tracing_mark_write", "oomreap_pinned tgid=400 ms=5000"),
        (10.2, "victim-401", "mark_victim", "pid=400 " + MARK),
        (10.200004, "victim-401", "oom_reap_queue", "pid=400 reason=timer_armed delay_ms=2000"),
        (10.201, "victim-400", "sched_process_exit", "comm=victim pid=400 prio=120"),
        (10.202, "victim-401", "mark_victim", "pid=401 " + MARK),
        (10.203, "victim-401", "sched_process_exit", "comm=victim pid=401 prio=120"),
        (12.2, "<idle>-0", "wake_reaper", "pid=400"),
        (12.21, "oom_reaper-31", "oom_reap_result", "pid=400 " + FREED),
        (15.0, "test_oom_hold-90", "oom_reap_exit", "pid=400 reason=exit_after_skip"),
        (20.0, "victim-410", "tracing_mark_write", "oomreap_pinned tgid=410 ms=1000"),
        (20.2, "victim-411", "mark_victim", "pid=410 " + MARK),
        (20.201, "victim-410", "sched_process_exit", "comm=victim pid=410 prio=120"),
        (20.202, "victim-411", "mark_victim", "pid=411 " + MARK),
        (20.204, "victim-411", "sched_process_exit", "comm=victim pid=411 prio=120"),
        (21.0, "test_oom_hold-91", "oom_reap_exit", "pid=410 reason=exit"),
    ], ["pid=400 memcg=pinned.5000.1 pin=5000 run=1 opts=-a 48 -P 5000 -g /tmp/pinned.go",
        "pid=401 memcg=pinned.5000.1 pin=5000 run=1 role=bystander opts=-b 24",
        "pid=410 memcg=pinned.1000.1 pin=1000 run=1 opts=-a 48 -P 1000 -g /tmp/pinned.go",
        "pid=411 memcg=pinned.1000.1 pin=1000 run=1 role=bystander opts=-b 24"],
        ["pin=5000 run=1 kills=2", "pin=1000 run=1 kills=2"]),
    "patched": ([
        (10.0, "victim-500", "tracing_mark_write", "oomreap_pinned tgid=500 ms=5000"),
        (10.2, "victim-501", "mark_victim", "pid=500 " + MARK),
        (10.200004, "victim-501", "oom_reap_queue", "pid=500 reason=timer_armed delay_ms=2000"),
        (10.2005, "victim-500", "wake_reaper", "pid=500"),
        (10.200502, "victim-500", "oom_reap_queue", "pid=500 reason=no_task delay_ms=1999"),
        (10.201, "victim-500", "sched_process_exit", "comm=victim pid=500 prio=120"),
        (10.2012, "victim-501", "oom_kill_wait", "pid=500 memcg=1234 live=0"),
        (10.23, "oom_reaper-31", "oom_reap_result", "pid=500 worker=0 " + FREED),
        (10.24, "victim-501", "sched_process_exit", "comm=victim pid=501 prio=120"),
        (15.0, "test_oom_hold-90", "oom_reap_exit", "pid=500 reason=exit_after_skip"),
    ], ["pid=500 memcg=pinned.5000.1 pin=5000 run=1 opts=-a 48 -P 5000 -g /tmp/pinned.go",
        "pid=501 memcg=pinned.5000.1 pin=5000 run=1 role=bystander opts=-b 24"],
        ["pin=5000 run=1 kills=1"]),
}


class PinnedMadeUp(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        for k, (trace, victims, eps) in PINNED_MADE_UP.items():
            d = os.path.join(self.tmp.name, "bench-pinned-" + k)
            os.mkdir(d)
            for name, lines in (("trace", [trace_line(*e) for e in trace]), ("victims", [v + "\n" for v in victims]),
                                ("pinned", [e + "\n" for e in eps])):
                with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                    f.writelines(lines)

    def test_read(self):
        res, rows = pinned.read(self.tmp.name)
        self.assertEqual(rows, [["base", 5000, "1", 400, 2, 2, 2.0, "killed", 2009.0, "reap", 4800.0, 0],
                                ["base", 1000, "1", 410, 2, 2, 2.0, "killed", 799.0, "exit", 800.0, 0],
                                ["patched", 5000, "1", 500, 1, 1, 40.0, "got its memory", 29.0, "reap", 4800.0, 1]])
        self.assertEqual(sorted(res), [("base", 1000), ("base", 5000), ("patched", 5000)])
        self.assertIsNone(pinned.read(BENCH))

    def test_tables(self):
        res = pinned.read(self.tmp.name)[0]
        self.assertEqual(pinned.lengths(res), [5000])
        self.assertEqual(cells(pinned.headline(res)), [["pinned victim (mm held 5 s, its tasks gone): OOM kills per "
                                                        "episode, mean", "2.00", "1.00", "0.50"]])
        self.assertEqual(cells(pinned.table(res)), [
            ["pinned victim", "mm held 5000 ms from before the kill: OOM kills per episode, mean (n=1/1)",
             "2.00", "1.00", "0.50"],
            ["pinned victim", "mm held 5000 ms from before the kill: OOM stall, the victim's kill to the "
             "bystander's memory or kill, median ms (n=1/1)", "2 ms", "40 ms", "20.00"],
            ["pinned victim", "mm held 5000 ms from before the kill: victim's memory charged after its exit "
             "(last thread's exit to its reap or exit_mmap()), median ms (n=1/1)", "2009 ms", "29 ms", "0.01"]])
        self.assertEqual((pinned.headline({}), pinned.table({})), ([], []))

    def test_helpers(self):
        self.assertEqual((pinned.ms(1.0, 1.25), pinned.ms(None, 1.0)), (250.0, None))
        events = [timeline.parse_line(trace_line(*e)) for e in PINNED_MADE_UP["base"][0]]
        self.assertEqual(pinned.bystander_end(events, 401, 10.2), (10.202, "killed"))
        self.assertEqual(pinned.bystander_end(events, 999, 10.2), (None, ""))
        self.assertEqual(pinned.pins(events), {400: (10.0, 5000), 410: (20.0, 1000)})


@unittest.skipUnless(os.path.isdir(BENCH_PINNED), "no recorded pinned run in data/bench-pinned/ yet "
                     "(a make bench BENCH_ONLY=pinned folder's bench-pinned-base and bench-pinned-patched)")
class PinnedRecorded(unittest.TestCase):
    """The parser on a recorded run: what any run gives, not its numbers."""

    def test_read(self):
        res, rows = pinned.read(BENCH_PINNED)
        eps = [e for k in common.KERNELS
               for e in timeline.read_fields(os.path.join(BENCH_PINNED, f"bench-pinned-{k}", "pinned"))]
        self.assertEqual(len(rows), len(eps))
        self.assertTrue(all(len(r) == len(pinned.CSV) for r in rows))
        for e in (e for es in res.values() for e in es):
            what = f"{e['kernel']} pin {e['pin_ms']} run {e['run']}"
            self.assertIsNotNone(e["pid"], what)
            self.assertGreaterEqual(e["kills"], 1, what)
            # The trace has every kill memory.events counts.
            self.assertEqual(e["traced_kills"], e["kills"], what)
            self.assertIn(e["stall_end"], ("killed", "got its memory"), what)
            self.assertIn(e["freed_by"], ("reap", "exit"), what)
            self.assertIsNotNone(e["exit_to_freed_ms"], what)
            # The victim's mm was still held at its kill.
            self.assertGreater(e["pin_left_at_kill_ms"], 0, what)

    def test_tables(self):
        res = pinned.read(BENCH_PINNED)[0]
        self.assertEqual(len(pinned.table(res)), 3 * len(pinned.lengths(res)))
        self.assertEqual(len(pinned.headline(res)), 1)


class Folder(unittest.TestCase):
    """A copy of a recorded folder, for what writes into it."""

    def test_storm_csv_rows(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "bench")
            shutil.copytree(BENCH, out)
            st, rows = storm.read(out)
            self.assertEqual(rows[0][:3], ["base", "storm0", 501])
            self.assertFalse(os.path.exists(os.path.join(out, "storm.csv")))


if __name__ == "__main__":
    unittest.main()
