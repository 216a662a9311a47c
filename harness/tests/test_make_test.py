# SPDX-License-Identifier: GPL-2.0
"""make test's driver (harness/test.sh): which passes of
harness/testpass.sh it runs, in which order and log, and its counts,
which come from the counts files the passes write, never from their
logs.  Each pass is faked by data/make-test/pass.sh (TEST_PASS)."""
import os
import shutil
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TEST_SH = os.path.join(os.path.dirname(HERE), "test.sh")
FAKE = os.path.join(HERE, "data", "make-test", "pass.sh")


class Counts(unittest.TestCase):
    def make_test(self, default, debug, arch=None, arm64=None, checks="counts 4 0 0", debug_only=None):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, TEST_PASS=FAKE, FAKE_0=default, FAKE_1=debug, FAKE_CHECKS=checks,
                       TMPDIR=tmp, FAKE_RECORD=os.path.join(tmp, "record"), ARM64="0")
            for k in ("DEBUG", "ARCH", "FAKE_ARM64_0"):
                env.pop(k, None)
            if arm64 is not None:
                env["ARM64"], env["FAKE_ARM64_0"] = "1", arm64
            if arch:
                env["ARCH"] = arch
            if debug_only is not None:
                env["DEBUG"] = debug_only
            r = subprocess.run(["bash", TEST_SH], env=env, capture_output=True, text=True)
            with open(env["FAKE_RECORD"]) as f:
                self.passes = f.read().splitlines()
            self.logs = {}
            for name in sorted(os.listdir(tmp)):
                if name.endswith(".log"):
                    with open(os.path.join(tmp, name)) as f:
                        self.logs[name] = f.read()
            self.stderr = r.stderr
        return r.returncode, r.stdout.splitlines()[-1]

    def test_sum(self):
        self.assertEqual(self.make_test("counts 26 0 1", "counts 33 0 0"), (0, "63 passed, 0 failed, 1 skipped"))

    def test_failures_add_up(self):
        self.assertEqual(self.make_test("counts 26 2 1", "counts 31 1 0", checks="counts 4 1 0"),
                         (1, "61 passed, 4 failed, 1 skipped"))

    def test_summary_line_without_counts(self):
        # A pass whose last line says all passed but that wrote no counts
        # did not finish: one failure, and its line is not believed.
        self.assertEqual(self.make_test("counts 26 0 1", "line 33 0 0"), (1, "30 passed, 1 failed, 1 skipped"))

    def test_garbage_counts(self):
        # The default pass did not finish: no static checks after it.
        self.assertEqual(self.make_test("garbage", "counts 33 0 0"), (1, "33 passed, 1 failed, 0 skipped"))
        self.assertEqual(self.passes, ["guest - 0", "guest - 1"])

    def test_nothing(self):
        self.assertEqual(self.make_test("", ""), (1, "0 passed, 2 failed, 0 skipped"))

    def test_checks_that_did_not_finish(self):
        self.assertEqual(self.make_test("counts 26 0 1", "counts 33 0 0", checks="line 4 0 0"),
                         (1, "59 passed, 1 failed, 1 skipped"))
        self.assertIn("the static checks pass wrote no counts", self.stderr)

    def test_no_checks_without_a_build(self):
        # The default build failed (one failure, its pass finished): the
        # static checks, which check that build, are not run.
        self.assertEqual(self.make_test("counts 0 1 0 unbuilt", "counts 33 0 0"),
                         (1, "33 passed, 1 failed, 0 skipped"))
        self.assertEqual(self.passes, ["guest - 0", "guest - 1"])

    def test_x86_passes(self):
        # The static checks after the default pass, in its log, once.
        self.make_test("counts 26 0 1", "counts 33 0 0")
        self.assertEqual(self.passes, ["guest - 0", "checks - 0", "guest - 1"])
        self.assertEqual(list(self.logs), ["oomreap-test-0.log", "oomreap-test-1.log"])
        self.assertEqual(self.logs["oomreap-test-0.log"], "26 passed, 0 failed, 1 skipped\n4 passed, 0 failed, 0 skipped\n")
        self.assertEqual(self.logs["oomreap-test-1.log"], "33 passed, 0 failed, 0 skipped\n")
        self.assertIn("make test (default and debug builds): 63 passed", self.stderr)

    def test_one_build(self):
        # DEBUG=1: that build's guest pass, and the static checks on it.
        self.assertEqual(self.make_test("counts 26 0 1", "counts 33 0 0", debug_only="1"),
                         (0, "37 passed, 0 failed, 0 skipped"))
        self.assertEqual(self.passes, ["guest - 1", "checks - 1"])
        self.assertEqual(list(self.logs), ["oomreap-test-1.log"])
        self.assertIn("make test (debug build): 37 passed", self.stderr)

    def test_arm64_passes(self):
        # make test-arm64: the same sum; no static checks (they check
        # x86_64 builds): one skip, said in the first pass' log; logs of
        # their own beside x86's.
        self.assertEqual(self.make_test("counts 30 0 0", "counts 33 1 0", arch="arm64"),
                         (1, "63 passed, 1 failed, 1 skipped"))
        self.assertEqual(self.passes, ["guest arm64 0", "guest arm64 1"])
        self.assertEqual(list(self.logs), ["oomreap-test-arm64-0.log", "oomreap-test-arm64-1.log"])
        self.assertIn("static checks not run on arm64", self.logs["oomreap-test-arm64-0.log"])
        self.assertIn("make test (arm64, default and debug builds): 63 passed", self.stderr)

    def test_x86_make_test_adds_the_arm64_default_guest(self):
        # make test on x86_64: default, checks, debug, then arm64's default
        # build, which runs no static checks and counts no skip for them.
        self.assertEqual(self.make_test("counts 26 0 1", "counts 33 0 0", arm64="counts 42 0 0"),
                         (0, "105 passed, 0 failed, 1 skipped"))
        self.assertEqual(self.passes, ["guest - 0", "checks - 0", "guest - 1", "guest arm64 0"])
        self.assertEqual(list(self.logs), ["oomreap-test-0.log", "oomreap-test-1.log",
                                           "oomreap-test-arm64-0.log"])
        self.assertIn("make test (default and debug builds, arm64 default build): 105 passed", self.stderr)

    def test_arm64_pass_that_did_not_finish(self):
        self.assertEqual(self.make_test("counts 26 0 1", "counts 33 0 0", arm64="line 42 0 0"),
                         (1, "63 passed, 1 failed, 1 skipped"))
        self.assertIn("the arm64 pass wrote no counts", self.stderr)


TREE = os.environ.get("OOMREAP_TREE") or os.path.join(os.path.dirname(os.path.dirname(HERE)), "build", "linux")
HAVE_PARSER = os.path.exists(os.path.join(TREE, "tools", "testing", "kunit", "kunit_parser.py"))
STAGES = ("deps", "tree", "build", "selftests", "initramfs", "boot", "checks")


class Pass(unittest.TestCase):
    @unittest.skipUnless(HAVE_PARSER, f"no kunit_parser.py in {TREE} (set OOMREAP_TREE)")
    def test_real_passes_with_fake_stages(self):
        # test.sh and testpass.sh as they are, in a copy of the harness
        # whose stage scripts are fakes that record their turn; the guest
        # sends data/results/pass.ktap (2 passed, 1 skipped), the static
        # checks count 5 passed.
        with tempfile.TemporaryDirectory() as tmp:
            top = os.path.join(tmp, "top")
            harness = os.path.join(top, "harness")
            shutil.copytree(os.path.dirname(HERE), harness, ignore=shutil.ignore_patterns("tests"))
            shutil.copytree(os.path.join(os.path.dirname(os.path.dirname(HERE)), "config", "qemu"),
                            os.path.join(top, "config", "qemu"))
            shutil.copy(os.path.join(os.path.dirname(os.path.dirname(HERE)), "IDENTITY"), top)
            record = os.path.join(tmp, "record")
            for stage in STAGES:
                with open(os.path.join(harness, stage + ".sh"), "w") as f:
                    f.write(f'#!/bin/bash\necho "{stage} $DEBUG" >> {record}\n')
                    if stage == "boot":
                        f.write('mkdir -p "$LOGDIR"; cp "$FAKE_KTAP" "$LOGDIR/ktap"; echo "$LOGDIR" >> ' + record + "-logdirs\n")
                    if stage == "checks":
                        f.write('echo "5 0 0" > "$CHECK_COUNTS"\n')
            env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "ARCH", "B", "OBJ", "VARIANT", "TEST_PASS")}
            env.update(TMPDIR=tmp, ARM64="0", TREE=TREE, FAKE_KTAP=os.path.join(HERE, "data", "results", "pass.ktap"))
            r = subprocess.run(["bash", os.path.join(harness, "test.sh")], env=env, capture_output=True, text=True)
            self.assertEqual((r.returncode, r.stdout.splitlines()[-1]), (0, "9 passed, 0 failed, 2 skipped"), r.stderr)
            with open(record) as f:
                self.assertEqual(f.read().split("\n"), [f"{s} 0" for s in STAGES] +
                                 [f"{s} 1" for s in STAGES[:-1]] + [""])
            with open(record + "-logdirs") as f:
                logdirs = f.read().split()
            self.assertEqual([os.path.basename(d).split("-")[:2] for d in logdirs], [["test", "default"], ["test", "debug"]])
            for d in logdirs:
                with open(os.path.join(d, "cases.tsv")) as f:
                    self.assertEqual(len(f.read().splitlines()), 3)
            with open(os.path.join(tmp, "oomreap-test-0.log")) as f:
                self.assertEqual([l for l in f.read().splitlines() if l.endswith(" skipped")],
                                 ["2 passed, 0 failed, 1 skipped", "5 passed, 0 failed, 0 skipped"])

    def test_usage(self):
        r = subprocess.run(["bash", os.path.join(os.path.dirname(HERE), "testpass.sh"), "nothing"],
                           env=dict(os.environ, B=tempfile.gettempdir()), capture_output=True, text=True)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("usage: testpass.sh guest|checks", r.stderr)


if __name__ == "__main__":
    unittest.main()
