# SPDX-License-Identifier: GPL-2.0
"""harness/kernel-errors.txt, the one list of kernel errors ("splats"):
read by boot.sh (splats() in lib.sh, grep -E) and by the reports
(kernelerrors.py, Python's re), which must give the same verdicts.

data/kernel-errors/console-oom.log is the serial console of a make test
guest (default build, the series applied, recorded 2026-12-06; CRLF as
the serial console wrote it) that boot.sh passed: 11 OOM reports with
their "Call Trace:", a reaper's "gave up waiting" give-up, no splat.
The splat lines below are written for the test, in the kernel's words.
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.dirname(HERE)
TOP = os.path.dirname(HARNESS)
sys.path.insert(0, HARNESS)
import kernelerrors  # noqa: E402

CONSOLE = os.path.join(HERE, "data", "kernel-errors", "console-oom.log")

SPLATS = [
    "[   12.345678] WARNING: CPU: 1 PID: 5 at mm/oom_kill.c:123 oom_reap_task+0x10/0x20",
    "[   13.000000] BUG: KASAN: use-after-free in __oom_reap_task_mm+0x1a/0x2b0",
    "[   13.100000] BUG: KCSAN: data-race in oom_reap_task / queue_oom_reaper",
    "[   14.000000] BUG: sleeping function called from invalid context at mm/memory.c:6000",
    "[   15.000000] Oops: general protection fault, probably for non-canonical address "
    "0xdffffc0000000000: 0000 [#1] PREEMPT SMP KASAN NOPTI",
    "[   15.000100] Kernel panic - not syncing: Fatal exception",
    "[   16.000000] WARNING: possible circular locking dependency detected",
    "[   16.000100] possible recursive locking detected",
    "[   16.000200]  *** DEADLOCK ***",
    "[   16.000300] DEBUG_LOCKS_WARN_ON(lock->magic != lock)",
    "[   17.000000] UBSAN: shift-out-of-bounds in mm/oom_kill.c:300:12",
    "[   18.000000] ==================================================================",
    "[   18.000100] KASAN: null-ptr-deref in range [0x0000000000000008-0x000000000000000f]",
    "[   40.100000] INFO: task foo:12 blocked for more than 30 seconds.",
    # Newer kernels' hung task detector (DETECT_HUNG_TASK_BLOCKER).
    "[   40.100100] INFO: task foo:12 is blocked on a mutex likely owned by task bar:13.",
    "[   50.000000] rcu: INFO: rcu_preempt self-detected stall on CPU",
    "[   50.000100] Adding rcu_torture_stall_nf() to RCU stall notifier list (0).",
    "[   60.000000] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [oom_reaper:31]",
    "[   61.000000] Watchdog detected hard LOCKUP on cpu 1",
]
# Lines of splats that are not themselves errors: the lines above that
# must be flagged are all the others.
NOT_SPLATS_IN_SPLATS = {"[   16.000200]  *** DEADLOCK ***",
                        "[   18.000000] =================================================================="}

NOT_SPLATS = [
    "[   28.000100] oom_reaper: unable to reap pid:171 (stress-ng-bighe)",
    "[   24.046901] oom_reaper: gave up waiting for pid:252 (oom_reaper_rele) to exit",
    "[   12.000500] Memory cgroup out of memory: Killed process 161 (stress-ng-vm) total-vm:70000kB, "
    "anon-rss:48000kB, file-rss:1000kB, shmem-rss:0kB, UID:0 pgtables:140kB oom_score_adj:1000",
    "[   12.000600] Out of memory: Killed process 170 (stress-ng-vm) total-vm:70000kB, anon-rss:48000kB, "
    "file-rss:1000kB, shmem-rss:0kB, UID:0 pgtables:140kB oom_score_adj:1000",
    "[    5.580738] Call Trace:",
    "[    5.581638]  ? dump_header+0x3f/0x10f",
    "[    5.581671]  ? oom_kill_process+0x78/0x149",
    "[   29.000000] Huh VM_FAULT_OOM leaked out to the #PF handler. Retrying PF",
]

# Strings of the list, one of which in a harness file outside the list
# and these tests would be a private copy of it.
SIGNATURES = ["blocked for more than", "general protection fault", "soft lockup", "hard LOCKUP",
              "self-detected stall", "DEBUG_LOCKS_WARN_ON", "possible .*(deadlock"]


def bash_splats(path):
    """lib.sh's splats PATH, as boot.sh runs it: (exit status, lines)."""
    env = dict(os.environ, B=tempfile.gettempdir())
    r = subprocess.run(["bash", "-c", '. "$1/lib.sh"; splats "$2"', "-", HARNESS, path],
                       env=env, capture_output=True, text=True)
    return r.returncode, [l.strip() for l in r.stdout.splitlines()], r.stderr


class KernelErrors(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, lines, nl="\n"):
        p = os.path.join(self.tmp.name, name)
        with open(p, "w", encoding="utf-8", newline="") as f:
            f.write("".join(l + nl for l in lines))
        return p

    def test_the_file(self):
        pats = kernelerrors.patterns()
        self.assertGreater(len(pats), 10)
        for p in pats:
            self.assertEqual(p, p.strip(), f"{p!r}: blanks around the pattern")
            re.compile(p)
        # grep -E reads every pattern (status 1: no match, 2: a bad one).
        rc, lines, err = bash_splats(self.write("empty.log", []))
        self.assertEqual((rc, lines, err), (1, [], ""))

    def test_splats_are_flagged(self):
        want = [l for l in SPLATS if l not in NOT_SPLATS_IN_SPLATS]
        self.assertEqual(kernelerrors.splats(SPLATS), want)
        self.assertEqual(bash_splats(self.write("splats.log", SPLATS))[:2], (0, want))
        for p in kernelerrors.patterns():
            self.assertTrue(any(re.search(p, l) for l in want), f"{p!r}: no sample line for it")

    def test_oom_reports_and_give_ups_are_not(self):
        self.assertEqual(kernelerrors.splats(NOT_SPLATS), [])
        self.assertEqual(bash_splats(self.write("oom.log", NOT_SPLATS))[:2], (1, []))

    def test_recorded_console(self):
        with open(CONSOLE, encoding="utf-8", newline="") as f:
            text = f.read()
        self.assertEqual(text.count("Call Trace:"), 11)
        self.assertIn("oom_reaper: gave up waiting for pid:252", text)
        with open(CONSOLE, encoding="utf-8") as f:
            self.assertEqual(kernelerrors.splats(f), [])
        self.assertEqual(bash_splats(CONSOLE)[:2], (1, []))
        # One splat in the middle of it, as the serial console writes it.
        lines = text.split("\r\n")
        lines.insert(len(lines) // 2, SPLATS[0])
        p = self.write("console.log", lines[:-1], "\r\n")
        with open(p, encoding="utf-8") as f:
            self.assertEqual(kernelerrors.splats(f), [SPLATS[0]])
        self.assertEqual(bash_splats(p)[:2], (0, [SPLATS[0]]))

    def test_no_private_copy(self):
        users = {"harness/boot.sh": "splats ", "harness/lib.sh": "kernel-errors.txt",
                 "harness/kernelerrors.py": "kernel-errors.txt", "harness/mmreport.py": "kernelerrors.splats(",
                 "harness/soakreport.py": "kernelerrors.splats(", "harness/kcsanreport.py": "kernelerrors.splats("}
        for path, use in users.items():
            with open(os.path.join(TOP, path), encoding="utf-8") as f:
                self.assertIn(use, f.read(), f"{path} does not read the list")
        copies = []
        for d in ("harness", "guest"):
            for root, dirs, files in os.walk(os.path.join(TOP, d)):
                dirs[:] = [x for x in dirs if os.path.join(root, x) != HERE and x != "__pycache__"]
                for name in files:
                    p = os.path.join(root, name)
                    if name == "kernel-errors.txt":
                        continue
                    with open(p, encoding="utf-8", errors="replace") as f:
                        text = f.read()
                    copies += [f"{os.path.relpath(p, TOP)}: {s}" for s in SIGNATURES if s in text]
        self.assertEqual(copies, [])


if __name__ == "__main__":
    unittest.main()
