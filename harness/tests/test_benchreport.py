# SPDX-License-Identifier: GPL-2.0
"""benchreport.py on a recorded bench folder, data/bench/.

data/bench/ holds every scenario's guest output for both kernels (a
small run: head-of-line, exit-only, reap, scale, storm, fast path, many
threads, sizes); data/expected/bench-report.md is the report
benchreport.py printed for it before the trace reader was shared (the
date, host and folder masked).  Its exit-only episodes carry no wait
tag (recorded before vm.oom_reap_wait_for_exit): "legacy" rows.

data/bench-wait/ is an exit-only folder written for these tests, not
recorded (its numbers are made up): episodes tagged wait=none on the base
kernel and wait=0 and wait=1 at deadlines 1000 and 5000 on the patched
one, as guest/bench-exit.sh writes them.
"""
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
import benchreport  # noqa: E402

BENCH = os.path.join(HERE, "data", "bench")
BENCH_WAIT = os.path.join(HERE, "data", "bench-wait")
EXPECTED = os.path.join(HERE, "data", "expected", "bench-report.md")


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

    def test_rows(self):
        d = benchreport.read_all(self.out)
        rows = benchreport.storm_table(d["storm"])
        self.assertEqual([(r.scenario, r.base, r.patched) for r in rows[:2]],
                         [("storm", 6, 6), ("storm", 2, 0)])
        self.assertEqual(rows[2].n, (2, 2))
        self.assertEqual(rows[1].cells()[-1], "0.00")

    def test_storm_memcg_from_the_tree(self):
        # Storm workers are not in the victims file: their memcg is their
        # stress-ng root's, through sched_process_fork.
        d = os.path.join(self.out, "bench-storm-base")
        victims = benchreport.timeline.build(benchreport.timeline.parse(os.path.join(d, "trace")),
                                             os.path.join(d, "victims"))
        self.assertEqual(sorted({v.memcg for v in victims}), ["storm0", "storm1"])


class ExitWait(unittest.TestCase):
    """The exit scenario keyed (kernel, kind, deadline, wait)."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def read(self, src):
        out = os.path.join(self.tmp.name, os.path.basename(src))
        shutil.copytree(src, out)
        return benchreport.exitonly(out)

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
        rows = benchreport.headline_rows([], ex, {}, {"base": {"size": {}}, "patched": {"size": {}}}, {})
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
        rows = benchreport.headline_rows([], ex, {}, {"base": {"size": {}}, "patched": {"size": {}}}, {})
        self.assertEqual(rows[0].cells()[0], "exit-only pgtables, default deadline, legacy kernel (before "
                         "vm.oom_reap_wait_for_exit, always waited): OOM kills per episode, mean")

    def test_table(self):
        rows = benchreport.exit_table(self.read(BENCH_WAIT))
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
        self.read(BENCH_WAIT)
        with open(os.path.join(self.tmp.name, "bench-wait", "exit.csv"), encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[0], "kernel,kind,deadline_ms,wait_for_exit,run,oom_kills_in_memcg,oom_stall_ms")
        self.assertIn("patched,hugetlb,5000,1,2,1,4100", lines)
        self.assertIn("base,exit_blocked,none,none,1,2,2200", lines)


if __name__ == "__main__":
    unittest.main()
