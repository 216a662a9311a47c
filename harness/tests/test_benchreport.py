# SPDX-License-Identifier: GPL-2.0
"""benchreport.py on a recorded bench folder, data/bench/.

data/bench/ holds every scenario's guest output for both kernels (a
small run: head-of-line, exit-only, reap, scale, storm, fast path, many
threads, sizes); data/expected/bench-report.md is the report
benchreport.py printed for it before the trace reader was shared (the
date, host and folder masked).
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


if __name__ == "__main__":
    unittest.main()
