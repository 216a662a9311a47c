# SPDX-License-Identifier: GPL-2.0
"""kcsanreport.py on a console: its KCSAN reports, and the other kernel
errors (by harness/kernel-errors.txt) that make kcsan's boot.sh verdict,
which it ignores, would have named.

The console is data/kernel-errors/console-oom.log (a make test guest that
passed, 11 OOM reports, no splat) with lines written for the test in the
kernel's words: a KCSAN report, then a WARNING.
"""
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import kcsanreport  # noqa: E402

CONSOLE = os.path.join(HERE, "data", "kernel-errors", "console-oom.log")
KCSAN = [
    "[   30.000000] ==================================================================",
    "[   30.000001] BUG: KCSAN: data-race in oom_reap_task_mm / queue_oom_reaper",
    "[   30.000002] ",
    "[   30.000003] write to 0xffff888003a1c0d8 of 8 bytes by task 31 on cpu 1:",
    "[   30.000004]  oom_reap_task_mm+0x4b/0x1c0",
    "[   30.000005]  oom_reaper+0x1a2/0x2e0",
    "[   30.000006] ",
    "[   30.000007] read to 0xffff888003a1c0d8 of 8 bytes by task 170 on cpu 0:",
    "[   30.000008]  queue_oom_reaper+0x2c/0x90",
    "[   30.000009]  oom_kill_process+0x1d5/0x2a0",
    "[   30.000010] ",
    "[   30.000011] Reported by Kernel Concurrency Sanitizer on:",
    "[   30.000012] CPU: 0 PID: 170 Comm: stress-ng-vm Not tainted 6.12.118 #1",
    "[   30.000013] ==================================================================",
]
WARNING = "[   31.000000] WARNING: CPU: 1 PID: 31 at mm/oom_kill.c:700 oom_reaper+0x20/0x2e0"


class Console(unittest.TestCase):
    def console(self, extra):
        """The recorded console with EXTRA lines in its middle."""
        with open(CONSOLE, encoding="utf-8", newline="") as f:
            lines = f.read().split("\r\n")
        lines[len(lines) // 2:len(lines) // 2] = extra
        tmp = tempfile.NamedTemporaryFile("w", suffix=".log", delete=False, encoding="utf-8", newline="")
        self.addCleanup(os.remove, tmp.name)
        with tmp:
            tmp.write("\r\n".join(lines))
        return tmp.name

    def test_recorded_console(self):
        path = self.console([])
        self.assertEqual(kcsanreport.reports(path), [])
        self.assertEqual(kcsanreport.other_errors(path), [])

    def test_kcsan_report_is_not_another_error(self):
        path = self.console(KCSAN)
        reps = kcsanreport.reports(path)
        self.assertEqual([r["title"] for r in reps], ["KCSAN: data-race in oom_reap_task_mm / queue_oom_reaper"])
        self.assertEqual([a["frames"] for a in reps[0]["accesses"]],
                         [["oom_reap_task_mm", "oom_reaper"], ["queue_oom_reaper", "oom_kill_process"]])
        self.assertEqual(kcsanreport.other_errors(path), [])

    def test_other_error(self):
        path = self.console(KCSAN + [WARNING])
        self.assertEqual(len(kcsanreport.reports(path)), 1)
        self.assertEqual(kcsanreport.other_errors(path), [WARNING])


if __name__ == "__main__":
    unittest.main()
