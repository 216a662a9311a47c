# SPDX-License-Identifier: GPL-2.0
"""guest/memcontrol-filter.awk, the guest runner's verdict on
test_memcontrol (guest/run-tests.sh), on recorded outputs in
data/memcontrol/, with the host's awk and, when it is there, busybox's
(the guest's).

pass.txt: the four OOM tests pass (one of them printed twice, as its
children's unflushed buffers make it), a test that is not counted fails;
oom-fails.txt: an OOM test fails; crashed.txt: the binary reported three
of its six tests (with the status of a crash it fails, with a normal
exit the missing ones are only a diagnostic, as a killed child's lost
buffer makes them); five-oom.txt: a kernel with a fifth OOM test;
no-oom.txt: none at all; no-plan.txt: no "1..N" line, as the guest run
of 2026-12-02 printed it (a diagnostic, not a failure).
"""
import os
import shutil
import subprocess
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
FILTER = os.path.join(TOP, "guest", "memcontrol-filter.awk")
DATA = os.path.join(HERE, "data", "memcontrol")
AWKS = [["awk"]] + ([["busybox", "awk"]] if shutil.which("busybox") else [])


class MemcontrolFilter(unittest.TestCase):
    def check(self, name, status, counted, binary_status=1):
        outs = []
        for awk in AWKS:
            with self.subTest(awk=awk[0]), open(os.path.join(DATA, name), encoding="utf-8") as f:
                r = subprocess.run(awk + ["-v", f"status={binary_status}", "-f", FILTER],
                                   stdin=f, capture_output=True, text=True)
                self.assertEqual(r.returncode, status, r.stdout)
                results = [x for x in r.stdout.splitlines() if x.startswith(("ok ", "not ok "))]
                self.assertEqual(results, counted)
                self.assertIn(f"1..{len(counted)}", r.stdout.splitlines()[:2])
                outs.append(r.stdout)
        return outs[0]

    OOM = ["test_memcg_oom_events", "test_memcg_oom_group_leaf_events",
           "test_memcg_oom_group_parent_events", "test_memcg_oom_group_score_events"]

    def test_pass(self):
        out = self.check("pass.txt", 0, [f"ok {i} {t}" for i, t in enumerate(self.OOM, 1)])
        self.assertIn("# not counted here (not an OOM test): not ok 2 test_memcg_file_reclaim", out)

    def test_oom_test_fails(self):
        self.check("oom-fails.txt", 1, ["ok 1 test_memcg_oom_events", "ok 2 test_memcg_oom_group_leaf_events",
                                        "not ok 3 test_memcg_oom_group_parent_events",
                                        "ok 4 test_memcg_oom_group_score_events"])

    def test_crashed(self):
        out = self.check("crashed.txt", 1, ["ok 1 test_memcg_oom_events"], binary_status=139)
        self.assertIn("# test_memcontrol planned 6 tests and reported 3", out)
        self.assertIn("# test_memcontrol died with status 139", out)

    def test_fewer_than_planned_is_a_diagnostic(self):
        out = self.check("crashed.txt", 0, ["ok 1 test_memcg_oom_events"])
        self.assertIn("# test_memcontrol planned 6 tests and reported 3", out)

    def test_more_oom_tests(self):
        # What ran decides: five OOM tests are five, and all passed.
        self.check("five-oom.txt", 0, [f"ok {i} {t}" for i, t in enumerate(self.OOM, 1)] +
                   ["ok 5 # SKIP test_memcg_oom_new_upstream_case"])

    def test_no_oom_test(self):
        self.check("no-oom.txt", 1, [])

    def test_no_plan(self):
        out = self.check("no-plan.txt", 0, [f"ok {i} {t}" for i, t in enumerate(self.OOM, 1)])
        self.assertIn("# test_memcontrol printed no plan line", out)


if __name__ == "__main__":
    unittest.main()
