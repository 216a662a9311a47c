# SPDX-License-Identifier: GPL-2.0
"""soakreport.py's verdicts on a recorded soak folder, data/soak-pass/.

soak-pass/ is a short soak that passes: 2 memcgs, 5 kills (one beyond
one per episode, a warning), a stuck victim reaped, a victim given up at
its deadline, the control untouched.  Each failing case changes one
thing in a copy of it and expects the one failure that says why;
data/expected/soak-pass.summary.md is the whole report of the passing
run, as soakreport.py wrote it before the trace reader was shared.
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
PASS = os.path.join(HERE, "data", "soak-pass")
EXPECTED = os.path.join(HERE, "data", "expected", "soak-pass.summary.md")


def edit(name, old, new):
    """A change of the run's file @name: @old (a regex) becomes @new."""
    def change(d):
        p = os.path.join(d, name)
        with open(p, encoding="utf-8") as f:
            text = f.read()
        changed = re.sub(old, new, text, flags=re.M)
        assert changed != text, f"{name}: {old!r} not found"
        with open(p, "w", encoding="utf-8") as f:
            f.write(changed)
    return change


def append(name, text):
    def change(d):
        with open(os.path.join(d, name), "a", encoding="utf-8") as f:
            f.write(text)
    return change


def remove(name):
    return lambda d: os.remove(os.path.join(d, name))


TRACE_LINE = "{:>16}-{:<7} [001] .....  {:10.6f}: {}: {}\n"

# Each way to fail: (what, the change, boot status, what FAIL says)
FAILS = [
    ("hung guest", append("boot.log", "ERROR: guest timed out after 450s and was killed\n"), 1,
     "the guest hung"),
    ("kernel splat", append("console.log", "[   20.100000] WARNING: CPU: 1 PID: 31 at mm/oom_kill.c:700\n"), 1,
     "kernel splat in the console (1 lines, first: [   20.100000] WARNING: CPU: 1 PID: 31 at mm/oom_kill.c:700)"),
    ("no results", remove("info"), 0, "the guest sent no results back"),
    ("guest error", append("info", "error=stress-ng missing in the guest\n"), 0, "stress-ng missing in the guest"),
    ("no victim", edit("trace", r"^.*mark_victim.*\n", ""), 0, "no OOM victim at all"),
    ("lost events", edit("trace-stats", r"^cpu1 overrun:0", "cpu1 overrun:12"), 0, "the trace lost 12 events"),
    ("no trace", remove("trace"), 0, "no trace came back from the guest"),
    ("printk dropped", append("console.log", "[   30.000000] ** 12 printk messages dropped **\n"), 0,
     "the kernel log dropped messages"),
    ("control silent", edit("info", r"^control pid=.*\n", ""), 0, "the control process did not report"),
    ("control data changed", edit("info", r"changed=0 first_bad=-1", "changed=3 first_bad=4096"), 0,
     "the control's data changed (3 words, first at byte 4096)"),
    ("control exit status", edit("info", r"^control_status=0", "control_status=137"), 0,
     "the control exited with status 137"),
    ("control no pass", edit("info", r"passes=41", "passes=0"), 0, "the control never completed a pass"),
    ("global OOM kill", edit("console.log", r"Memory cgroup out of memory: Killed process 164",
                             "Out of memory: Killed process 164"), 0, "1 global OOM kills"),
    ("control killed", edit("console.log", r"Killed process 164 \(stress-ng-vm\)",
                            "Killed process 200 (control)"), 0, "1 kills of the control process"),
    ("kill outside per the trace", edit("trace", r"soak_root pid=170 memcg=soak/m1",
                                        "soak_root pid=170 memcg=system"), 0,
     "kills outside the soak memcgs (per the trace)"),
    ("kill without mark_victim", append("console.log", "[   29.000500] Memory cgroup out of memory: "
                                        "Killed process 190 (stress-ng-vm) total-vm:7000kB\n"), 0,
     "kills in the console without a mark_victim in the trace"),
    ("constraint outside", edit("console.log", r"oom_memcg=/soak/m1,task_memcg=/soak/m1",
                                "oom_memcg=/,task_memcg=/soak/m1"), 0,
     "kills outside an OOMing soak memcg (oom-kill:constraint lines)"),
    ("vmstat counts more", edit("info", r"^oom_kill_after=12", "oom_kill_after=13"), 0,
     "1 OOM kills outside the soak memcgs (/proc/vmstat"),
    ("control memcg kills", edit("memcgs", r"^memcg=control low=0 high=0 max=0 oom=0 oom_kill=0",
                                 "memcg=control low=0 high=0 max=0 oom=1 oom_kill=1"), 0,
     "OOM kills in the control's memcg"),
    ("never left the queue", edit("trace", r"^.*pid=180 reason=(reaped|exit_after_skip).*\n", ""), 0,
     "1 queued victims never left the queue (first: pid 180)"),
    ("guest status", lambda d: None, 2, "the guest job failed (exit status 2"),
]


class Soak(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = os.path.join(self.tmp.name, "soak")
        shutil.copytree(PASS, self.dir)

    def tearDown(self):
        self.tmp.cleanup()

    def report(self, rc=0):
        r = subprocess.run([sys.executable, os.path.join(HARNESS, "soakreport.py"), self.dir, str(rc)],
                           capture_output=True, text=True)
        self.assertEqual(r.stderr, "")
        return r

    def test_pass(self):
        r = self.report()
        self.assertEqual(r.returncode, 0, r.stdout)
        last = r.stdout.splitlines()[-1]
        self.assertEqual(last, "SOAK PASSED: 5 kills, 4 episodes, 1 kills beyond one per episode, 1 given up, "
                         "1 premature give-ups, longest queued 1002 ms, control 41 passes")
        self.assertNotIn("FAIL:", r.stdout)
        self.assertIn("WARNING: 1 kills while an earlier victim of the memcg was neither released nor "
                      "given up (first: pid 164 in /soak/m0)", r.stdout)

    def test_same_report(self):
        self.report()
        with open(os.path.join(self.dir, "summary.md"), encoding="utf-8") as f, \
                open(EXPECTED, encoding="utf-8") as g:
            self.assertEqual(f.read(), g.read())

    def test_fails(self):
        for what, change, rc, says in FAILS:
            with self.subTest(what):
                shutil.rmtree(self.dir)
                shutil.copytree(PASS, self.dir)
                change(self.dir)
                r = self.report(rc)
                self.assertEqual(r.returncode, 1, r.stdout)
                last = r.stdout.splitlines()[-1]
                self.assertTrue(last.startswith("SOAK FAILED ("), last)
                self.assertIn(says, "\n".join(x for x in r.stdout.splitlines() if x.startswith("FAIL: ")))

    def test_splat_of_a_hung_guest(self):
        # boot.sh stops at the timeout before it looks for splats: the
        # report finds them in the console itself, by the one list.
        append("boot.log", "ERROR: guest timed out after 450s and was killed\n")(self.dir)
        append("console.log", "[   40.100000] INFO: task stress-ng:12 blocked for more than 30 seconds.\n")(self.dir)
        fails = [x for x in self.report(1).stdout.splitlines() if x.startswith("FAIL: ")]
        self.assertEqual(len(fails), 2, fails)
        self.assertIn("the guest hung", fails[0])
        self.assertIn("kernel splat in the console (1 lines, first: [   40.100000] INFO: task stress-ng:12 "
                      "blocked for more than 30 seconds.)", fails[1])

    def test_warns_on_stall(self):
        # A memcg at its limit 30 s without a kill: a warning, not a failure.
        append("samples", "".join(f"t={t} memcg=soak/m1 low=0 high=0 max={max} oom=2 oom_kill=2 "
                                  f"oom_group_kill=0 \n  pid=170 comm=stress-ng state=R ticks={t * 3} adj=0 "
                                  "wchan=0\n" for t, max in ((45, 350), (60, 500))))(self.dir)
        r = self.report()
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("WARNING: 1 times a memcg hit its limit for 30 s or more without an OOM kill "
                      "(first: /soak/m1)", r.stdout)


if __name__ == "__main__":
    unittest.main()
