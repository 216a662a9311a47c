# SPDX-License-Identifier: GPL-2.0
"""make test's own counts (harness/test.sh): the default and debug passes'
counts come from the counts files they write, never from their logs.
One pass is faked by data/make-test/pass.sh (TEST_PASS)."""
import os
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TEST_SH = os.path.join(os.path.dirname(HERE), "test.sh")
FAKE = os.path.join(HERE, "data", "make-test", "pass.sh")


class Counts(unittest.TestCase):
    def make_test(self, default, debug, arch=None, arm64=None):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, TEST_PASS=FAKE, FAKE_0=default, FAKE_1=debug, TMPDIR=tmp,
                       FAKE_CHECKS=os.path.join(tmp, "checks"), ARM64="0")
            for k in ("DEBUG", "ARCH", "CHECKS", "FAKE_ARM64_0"):
                env.pop(k, None)
            if arm64 is not None:
                env["ARM64"], env["FAKE_ARM64_0"] = "1", arm64
            if arch:
                env["ARCH"] = arch
            r = subprocess.run(["bash", TEST_SH], env=env, capture_output=True, text=True)
            with open(env["FAKE_CHECKS"]) as f:
                self.checks = f.read().splitlines()
            self.logs = sorted(n for n in os.listdir(tmp) if n.endswith(".log"))
            self.stderr = r.stderr
        return r.returncode, r.stdout.splitlines()[-1]

    def test_sum(self):
        self.assertEqual(self.make_test("counts 30 0 1", "counts 33 0 0"), (0, "63 passed, 0 failed, 1 skipped"))

    def test_failures_add_up(self):
        self.assertEqual(self.make_test("counts 30 2 1", "counts 31 1 0"), (1, "61 passed, 3 failed, 1 skipped"))

    def test_summary_line_without_counts(self):
        # A pass whose last line says all passed but that wrote no counts
        # did not finish: one failure, and its line is not believed.
        self.assertEqual(self.make_test("counts 30 0 1", "line 33 0 0"), (1, "30 passed, 1 failed, 1 skipped"))

    def test_garbage_counts(self):
        self.assertEqual(self.make_test("garbage", "counts 33 0 0"), (1, "33 passed, 1 failed, 0 skipped"))

    def test_nothing(self):
        self.assertEqual(self.make_test("", ""), (1, "0 passed, 2 failed, 0 skipped"))

    def test_x86_passes(self):
        # The static checks in the default pass, counted once; x86's logs.
        self.make_test("counts 30 0 1", "counts 33 0 0")
        self.assertEqual(self.checks, ["0 1", "1 once"])
        self.assertEqual(self.logs, ["oomreap-test-0.log", "oomreap-test-1.log"])
        self.assertIn("make test (default and debug builds): 63 passed", self.stderr)

    def test_arm64_passes(self):
        # make test-arm64: the same sum; no static checks (they check
        # x86_64 builds), logs of their own beside x86's.
        self.assertEqual(self.make_test("counts 30 0 1", "counts 33 1 0", arch="arm64"),
                         (1, "63 passed, 1 failed, 1 skipped"))
        self.assertEqual(self.checks, ["0 0", "1 once"])
        self.assertEqual(self.logs, ["oomreap-test-arm64-0.log", "oomreap-test-arm64-1.log"])
        self.assertIn("make test (arm64, default and debug builds): 63 passed", self.stderr)


if __name__ == "__main__":
    unittest.main()


class Arm64Pass(Counts):
    def test_x86_make_test_adds_the_arm64_default_guest(self):
        # make test on x86_64: default, debug, then arm64's default build,
        # which runs no static checks of its own and counts no skip for them.
        self.assertEqual(self.make_test("counts 30 0 1", "counts 33 0 0", arm64="counts 42 0 0"),
                         (0, "105 passed, 0 failed, 1 skipped"))
        self.assertEqual(self.checks, ["0 1", "1 once", "0 elsewhere"])
        self.assertEqual(self.logs, ["oomreap-test-0.log", "oomreap-test-1.log",
                                     "oomreap-test-arm64-0.log"])

    def test_arm64_pass_that_did_not_finish(self):
        self.assertEqual(self.make_test("counts 30 0 1", "counts 33 0 0", arm64="line 42 0 0"),
                         (1, "63 passed, 1 failed, 1 skipped"))
        self.assertIn("the arm64 pass wrote no counts", self.stderr)
