# SPDX-License-Identifier: GPL-2.0
"""mmreport.py (make mmtests' report) on a folder of guest logs, data/mmtests/.

data/mmtests/ is written for these tests, not recorded (the raw logs of
the runs in docs/mmtests.md were not kept): six categories in
run_vmtests.sh's TAP form, their rows those of the run of 2026-11-29
(docs/mmtests/report-2026-11-29.md): passes with and without subtest
totals, mremap_test failing, a real skip, on-fault-limit without sudo
(its "# SKIP" line in every category's log), khugepaged's "skips" that
are counts of failures (with khugepaged's ANSI colours), khugepaged -s 2
failing on patched only, two categories killed at their bound in the
middle of a test.  data/expected/mmtests-report.md is the report
mmreport.py printed for it before main() was split into the functions
that read the run and those that print it.  The other cases change one
thing in a copy of the folder.
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
import mmreport  # noqa: E402

MMTESTS = os.path.join(HERE, "data", "mmtests")
EXPECTED = os.path.join(HERE, "data", "expected", "mmtests-report.md")
LEFT_OUT = "vmalloc hmm pkey mmap ksm"


class Report(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.tmp.name, "mmtests")
        shutil.copytree(MMTESTS, self.out)

    def tearDown(self):
        self.tmp.cleanup()

    def edit(self, name, old, new):
        p = os.path.join(self.out, name)
        with open(p, encoding="utf-8") as f:
            text = f.read()
        changed = re.sub(old, new, text, flags=re.M)
        self.assertNotEqual(changed, text, f"{name}: {old!r} not found")
        with open(p, "w", encoding="utf-8") as f:
            f.write(changed)

    def report(self):
        r = subprocess.run([sys.executable, os.path.join(HARNESS, "mmreport.py"), self.out, LEFT_OUT],
                           capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        return r.stdout

    def verdict(self):
        return self.report().splitlines()[-1]

    def test_same_report(self):
        with open(EXPECTED, encoding="utf-8") as f:
            self.assertEqual(self.report(), f.read())

    def test_read_run(self):
        run = mmreport.read_run(self.out)
        self.assertEqual(run.cats, ["compaction", "hugevm", "mlock", "mremap", "thp", "userfaultfd"])
        self.assertEqual(len(run.names), 15)
        self.assertEqual(run.names[3:6], ["on-fault-limit", "mlock-random-test", "mlock2-tests"])
        self.assertEqual(run.commit["patched"], "selftests/mm: check OOM reaping beyond memcg OOMs")
        self.assertEqual(run.secs, {"base": "209", "patched": "211"})
        self.assertEqual(run.splats, {"base": [], "patched": []})
        self.assertTrue(run.env["base"].startswith("kernel 6.12.117+\ncpus 2, nodes 0-1\n"))
        self.assertEqual(run.res["base"]["mremap_test"],
                         {"result": "fail", "totals": "pass 12 fail 4 skip 0 error 0", "category": "mremap",
                          "why": "exit 1: not ok 13 2GB mremap - Source PUD-aligned, Destination PUD-aligned"})
        # ANSI colours stripped; a count of failures is not a skip.
        self.assertTrue(run.res["base"]["khugepaged"]["why"].endswith("(first: Swapout one page... Fail)"))
        self.assertEqual(run.res["patched"]["khugepaged -s 2"]["why"], "exit 5: Swapout 65 of 512 pages... Fail")
        self.assertEqual(run.res["patched"]["split_huge_page_test"],
                         {"result": "timeout", "totals": "", "category": "thp",
                          "why": "category killed after 123s while this test ran"})
        self.assertEqual(run.trailers["base"]["userfaultfd"], {"exit": 137, "secs": 122, "killed": True})
        self.assertEqual([c for c, _ in mmreport.killed(run, "patched")], ["thp", "userfaultfd"])
        self.assertEqual(mmreport.counts(run.res["patched"]), {"pass": 8, "fail": 2, "skip": 3, "timeout": 2})
        self.assertEqual(mmreport.compare(run), ([], [], [], 15))

    def test_not_run(self):
        self.assertEqual(mmreport.not_run(["pkey", "mmap"]),
                         [("pkey", "protection_keys_32 needs a 32-bit (multilib) compiler"),
                          ("mmap", "not in MMCATS for this run")])

    def test_regression(self):
        self.edit("patched/mm-compaction", r"^ok 1 compaction_test$", "not ok 1 compaction_test # exit=1")
        self.assertEqual(mmreport.compare(mmreport.read_run(self.out))[0], ["compaction_test"])
        self.assertEqual(self.verdict(), "Verdict: REGRESSION: pass on base, not on patched: compaction_test (fail)")

    def test_better(self):
        self.edit("base/mm-compaction", r"^ok 1 compaction_test$", "not ok 1 compaction_test # exit=1")
        self.assertEqual(mmreport.compare(mmreport.read_run(self.out))[1], ["compaction_test"])
        self.assertIn("\nPass on patched, not on base: compaction_test\n\nVerdict: no regression\n", self.report())

    def test_no_end_line(self):
        # The guest cut short in userfaultfd's last test: no result, no trailer.
        self.edit("patched/mm-userfaultfd", r"^# mmtests: category.*\n", "")
        run = mmreport.read_run(self.out)
        self.assertEqual(mmreport.no_end_line(run, "patched"), ["userfaultfd"])
        self.assertEqual(run.res["patched"]["uffd-stress hugetlb 128 32"]["why"],
                         "no result line (output ends in the test)")
        out = self.report()
        self.assertIn("- patched: categories with no end line (guest cut short?): userfaultfd\n", out)
        self.assertEqual(out.splitlines()[-1], "Verdict: no regression in the 15 tests both kernels ran; "
                         "INCOMPLETE: no end line for userfaultfd")

    def test_no_results(self):
        shutil.rmtree(os.path.join(self.out, "patched"))
        run = mmreport.read_run(self.out)
        self.assertEqual((run.res["patched"], run.secs), ({}, {"base": "209"}))
        self.assertEqual(self.verdict(), "Verdict: INCOMPLETE: no results from patched")

    def test_splat(self):
        with open(os.path.join(self.out, "patched", "console.log"), "a", encoding="utf-8") as f:
            f.write("[  100.100000] WARNING: CPU: 1 PID: 31 at mm/oom_kill.c:700 oom_reap_task+0x10/0x20\n")
        self.assertIn("- patched: kernel splats in the console: [  100.100000] WARNING: CPU: 1 PID: 31 at "
                      "mm/oom_kill.c:700 oom_reap_task+0x10/0x20\n", self.report())

    def test_splat_by_the_one_list(self):
        # One of the four patterns mmreport.py's own copy lacked.
        with open(os.path.join(self.out, "base", "console.log"), "a", encoding="utf-8") as f:
            f.write("[  100.200000] rcu: INFO: rcu_preempt self-detected stall on CPU\n")
        self.assertIn("- base: kernel splats in the console: [  100.200000] rcu: INFO: rcu_preempt "
                      "self-detected stall on CPU\n", self.report())

    def test_on_fault_limit_from_mlock_only(self):
        for k in mmreport.KERNELS:
            os.remove(os.path.join(self.out, k, "mm-mlock"))
        self.assertNotIn("on-fault-limit", mmreport.read_run(self.out).names)


if __name__ == "__main__":
    unittest.main()
