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

The table of cases (CASES), and lib.sh's suite_cases, which make mutants
and make fragment-check read it through, on recorded guest KTAP:
make-test-default.ktap, a make test default guest (2026-12-07 03:13, 48
passed); make-test-fails.ktap, a guest running three cases of the big
fixture (2026-12-07 02:34: a skip with its reason, two failures, the
binary's exit status 1); mutant-fails.ktap, make mutants' guest on the
slice-budget mutant (2026-12-07 04:29, its one case failing).
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



@unittest.skipUnless(HAVE_PARSER, f"no kunit_parser.py in {TREE} (set OOMREAP_TREE)")
class Cases(unittest.TestCase):
    tables = {}

    def table(self, name):
        """results.py's table of data/results/NAME: (rows, counts)."""
        if name not in self.tables:
            self.tables[name] = self.run_results(name)
        return self.tables[name]

    def run_results(self, name):
        with tempfile.TemporaryDirectory() as d:
            counts, cases = os.path.join(d, "counts"), os.path.join(d, "cases.tsv")
            r = subprocess.run([sys.executable, os.path.join(HARNESS, "results.py"), TREE,
                                os.path.join(DATA, name), counts, cases], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(cases, encoding="utf-8") as f:
                rows = [tuple(l.rstrip("\n").split("\t")) for l in f]
            with open(counts, encoding="utf-8") as f:
                return rows, tuple(int(x) for x in f.read().split())

    def test_counts_are_the_table(self):
        for name in sorted(os.listdir(DATA)):
            rows, counts = self.table(name)
            with self.subTest(name=name):
                self.assertTrue(all(len(r) == 4 for r in rows))
                self.assertEqual(counts, tuple(sum(1 for r in rows if r[2] == x) for x in ("pass", "fail", "skip")))

    def test_make_test_default(self):
        rows, counts = self.table("make-test-default.ktap")
        self.assertEqual(counts, (48, 0, 0))
        suites = {}
        for r in rows:
            suites[r[0]] = suites.get(r[0], 0) + 1
        self.assertEqual(suites, {"oom_reaper_test": 41, "mrelease_test": 1, "test_memcontrol": 4, "": 2})
        self.assertEqual(rows[0], ("oom_reaper_test", "memcg_oom.victim_is_killed_and_traced", "pass", ""))
        self.assertEqual(rows[-2:], [("", "oom_reaper_state_restored", "pass", ""),
                                     ("", "oom_reaper_killed_case_restored", "pass", "")])

    def test_skip_reason_and_failures(self):
        rows, counts = self.table("make-test-fails.ktap")
        self.assertEqual(counts, (5, 2, 1))
        self.assertEqual(rows[:3], [
            ("oom_reaper_test", "big.small_victim_waits_one_slice", "skip",
             "the small victim fell due outside the large reaps (10.730 not in 10.639..9.376): "
             "the guest is too fast or too slow for this case"),
            ("oom_reaper_test", "big.two_victims_reaped_at_once", "fail",
             "one worker reaped both victims; Expected start[0] (17) < end[1] (17)"),
            ("oom_reaper_test", "big.held_victim_tried_for_its_deadline", "fail",
             "Expected 0 (0) == oom_env_teardown(&self->env) (1)")])

    def test_binary_that_failed_after_its_cases(self):
        rows, _ = self.table("fails-after-last-ok.ktap")
        self.assertIn(("", "oom_reaper_test", "fail", "the binary itself failed: exit status 139"), rows)

    def test_binary_without_cases(self):
        rows, _ = self.table("crash-before-own-plan.ktap")
        self.assertEqual(rows[0], ("", "oom_reaper_test", "fail", "exit status 139"))

    def test_unparsable(self):
        rows, counts = self.table("crash-no-plan.ktap")
        self.assertEqual(counts, (0, 1, 0))
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][:3], ("", "", "fail"))
        self.assertIn("could not be parsed", rows[0][3])

    def suite_cases(self, name, suite):
        """lib.sh's suite_cases on results.py's table of NAME."""
        with tempfile.TemporaryDirectory() as d:
            cases = os.path.join(d, "cases.tsv")
            with open(cases, "w", encoding="utf-8") as f:
                f.writelines("\t".join(r) + "\n" for r in self.table(name)[0])
            r = subprocess.run(["bash", "-c", '. "$1/lib.sh"; suite_cases "$2" "$3"', "-", HARNESS, cases, suite],
                               env=dict(os.environ, B=d), capture_output=True, text=True, check=True)
            return [tuple(l.split("\t")) for l in r.stdout.splitlines()]

    def test_suite_cases_of_a_mutant(self):
        # make mutants: the case it ran failed, and why: the message
        # logged in place of the check's "Expected ...".
        self.assertEqual(self.suite_cases("mutant-fails.ktap", "oom_reaper_test"),
                         [("fail", "big.small_victim_waits_one_slice",
                           "the small victim waited 82 ms behind large reaps of 143 ms")])

    def test_suite_cases_with_the_binary_and_the_run(self):
        # make fragment-check: the binary's own failure, and a run that
        # could not be parsed, are results of the suite too.
        self.assertEqual(self.suite_cases("fails-after-last-ok.ktap", "oom_reaper_test"),
                         [("pass", "oom.killed.traced", ""), ("pass", "oom.stuck.reaped", ""),
                          ("fail", "oom_reaper_test", "the binary itself failed: exit status 139")])
        self.assertEqual([r[:2] for r in self.suite_cases("crash-no-plan.ktap", "oom_reaper_test")], [("fail", "")])
        self.assertEqual(self.suite_cases("make-test-fails.ktap", "mrelease_test"),
                         [("pass", "Success reaping a child with 1MB of memory allocations", "")])



class FailedChecks(unittest.TestCase):
    def test_messages_in_place_of_expectations(self):
        sys.path.insert(0, HARNESS)
        import results
        log = ["    #  RUN           big.two_victims_reaped_at_once ...",
               "    # oom_reaper_big.c:196:two_victims_reaped_at_once:2 large victims in 4 KiB pages killed",
               "    # oom_reaper_big.c:322:two_victims_reaped_at_once:Expected 0 (0) <= worker[0] (-1)",
               "    # oom_reaper_big.c:330:two_victims_reaped_at_once:Expected start[0] (17) < end[1] (17)",
               "    # oom_reaper_big.c:331:two_victims_reaped_at_once:one worker reaped both victims",
               "    # two_victims_reaped_at_once: Test failed",
               "    #          FAIL  big.two_victims_reaped_at_once"]
        # A message before any expectation is not a check; one after an
        # expectation stands for it.
        self.assertEqual(results.failed_checks(log),
                         "Expected 0 (0) <= worker[0] (-1); one worker reaped both victims")
        self.assertEqual(results.failed_checks(log[:3]), "Expected 0 (0) <= worker[0] (-1)")
        self.assertEqual(results.failed_checks(["# Totals: pass:0 fail:1", "Segmentation fault"]), "")


if __name__ == "__main__":
    unittest.main()
