# SPDX-License-Identifier: GPL-2.0
"""results.py, make test's counts of the guest's KTAP, on recorded KTAP
in data/results/.  It needs the kernel's kunit_parser: from the tree in
$OOMREAP_TREE, else build/linux (make tree); without one these tests
skip (harness/checks.sh always gives them the tree).

pass.ktap: a pass and a skip in oom_reaper_test, mrelease_test passing;
fails-after-last-ok.ktap: oom_reaper_test's cases all "ok", the binary
then dies (exit status 139); crash-no-plan.ktap: a binary that crashed
after one case, having printed no plan line; crash-before-own-plan.ktap:
one that crashed before printing anything; crash-before-plan.ktap: a
guest that sent nothing after the KTAP header.
"""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.dirname(HERE)
DATA = os.path.join(HERE, "data", "results")
TREE = os.environ.get("OOMREAP_TREE") or os.path.join(os.path.dirname(HARNESS), "build", "linux")
HAVE_PARSER = os.path.exists(os.path.join(TREE, "tools", "testing", "kunit", "kunit_parser.py"))


@unittest.skipUnless(HAVE_PARSER, f"no kunit_parser.py in {TREE} (set OOMREAP_TREE)")
class Counts(unittest.TestCase):
    def counts(self, name):
        """(passed, failed, skipped), and what results.py printed."""
        with tempfile.TemporaryDirectory() as d:
            counts = os.path.join(d, "counts")
            r = subprocess.run([sys.executable, os.path.join(HARNESS, "results.py"), TREE,
                                os.path.join(DATA, name), counts], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(counts, encoding="utf-8") as f:
                return tuple(int(x) for x in f.read().split()), r.stdout

    def test_pass(self):
        self.assertEqual(self.counts("pass.ktap")[0], (2, 0, 1))

    def test_fails_after_last_ok(self):
        counts, out = self.counts("fails-after-last-ok.ktap")
        self.assertEqual(counts, (3, 1, 0))
        self.assertIn("FAILED: oom_reaper_test: FAILURE (the binary itself failed)", out)

    def test_crash_no_plan(self):
        counts, out = self.counts("crash-no-plan.ktap")
        self.assertEqual(counts, (0, 1, 0))
        self.assertIn("could not be parsed", out)

    def test_crash_before_own_plan(self):
        self.assertEqual(self.counts("crash-before-own-plan.ktap")[0], (1, 1, 0))

    def test_crash_before_plan(self):
        counts, out = self.counts("crash-before-plan.ktap")
        self.assertEqual(counts, (0, 1, 0))
        self.assertIn("no test results in", out)


if __name__ == "__main__":
    unittest.main()
