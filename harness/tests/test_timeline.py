# SPDX-License-Identifier: GPL-2.0
"""timeline.py on both text forms of a trace, and on bad input.

  python3 -m unittest discover -s harness/tests     (from the top)

run-tracefs.txt and run-trace-cmd-report.txt are one make run (6 memcgs,
a victim holding its mmap_lock given up, its memcg's bystander killed
next) as the tracefs "trace" file and as "trace-cmd report" (3.1) print it;
run-victims.txt is the guest's victims file.
"""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.dirname(HERE)
sys.path.insert(0, HARNESS)
import timeline  # noqa: E402
import timelineplot  # noqa: E402

TRACEFS = os.path.join(HERE, "run-tracefs.txt")
REPORT = os.path.join(HERE, "run-trace-cmd-report.txt")
VICTIMS = os.path.join(HERE, "run-victims.txt")
EVENT = ("oom_reap_queue", {"pid": "123", "reason": "queued", "arg": "0"},
         "pid=123 reason=queued arg=0")


def table(path):
    return timeline.rows(timeline.build(timeline.load(path), VICTIMS))


def run(*args):
    return subprocess.run([sys.executable, os.path.join(HARNESS, "timeline.py"), *args],
                          capture_output=True, text=True)


class BothForms(unittest.TestCase):
    def test_same_timeline(self):
        self.assertEqual(table(TRACEFS), table(REPORT))

    def test_same_events(self):
        self.assertEqual(len(timeline.load(TRACEFS)), len(timeline.load(REPORT)))

    def test_timeline(self):
        rows = {r["pid"]: r for r in table(REPORT)}
        self.assertEqual(list(rows), [68, 73, 76, 79, 82, 86, 70])
        held = rows[68]
        self.assertEqual((held["memcg"], held["queued"], held["attempts"], held["reaped"]),
                         ("demo1", "+2.519", 11, "-"))
        self.assertEqual(held["skipped"], "mmap_lock_contendedx11")
        self.assertEqual(held["given_up"], "+3.709 (deadline)")
        self.assertEqual(held["exited"], "+4.610 (exit_after_giveup)")
        self.assertEqual(rows[82]["waited"], "pgtables 8218p")
        self.assertEqual(rows[82]["released"], "+3.103 (exited)")
        self.assertEqual(rows[79]["skipped"], "notifier_refusedx3")
        self.assertEqual(rows[70]["killed"], "3.745")

    def test_second_kill(self):
        victims = timeline.build(timeline.load(REPORT), VICTIMS)
        self.assertEqual(timelineplot.later_kills(victims), {70: "demo1"})
        self.assertIn("set label 'kill 2 in demo1'", timelineplot.script(victims, "x.png", "t"))

    def test_marker_thread(self):
        # print (trace-cmd) / tracing_mark_write (tracefs): thread 83 of 82
        for path in (TRACEFS, REPORT):
            marks = [f for _, ev, f, _ in timeline.load(path) if ev in ("print", "tracing_mark_write")]
            self.assertEqual([(m["tgid"], m["tid"]) for m in marks], [("82", "83")])


class LineForms(unittest.TestCase):
    def check(self, line, ts=45.678901):
        ev = timeline.parse_line(line)
        self.assertIsNotNone(ev, line)
        self.assertEqual(ev, (ts, *EVENT))

    def test_tracefs(self):
        self.check("          victim-123     [001] d..1.    45.678901: oom_reap_queue: pid=123 reason=queued arg=0\n")

    def test_tracefs_no_irq_info(self):
        self.check("          victim-123     [001]    45.678901: oom_reap_queue: pid=123 reason=queued arg=0\n")

    def test_tracefs_tgid(self):
        self.check("          victim-123     (    123) [001] d..1.    45.678901: oom_reap_queue: pid=123 reason=queued arg=0\n")
        self.check("          <idle>-0       (-------) [001] ..s1.    45.678901: oom_reap_queue: pid=123 reason=queued arg=0\n")

    def test_report(self):
        self.check("          victim-123   [001]    45.678901: oom_reap_queue:       pid=123 reason=queued arg=0\n")

    def test_report_nanoseconds(self):  # -t
        self.check("          victim-123   [001]    45.678901234: oom_reap_queue:       pid=123 reason=queued arg=0\n",
                   45.678901234)

    def test_report_latency(self):  # -l
        self.check("  victim-123     1d..1.    45.678901: oom_reap_queue:       pid=123 reason=queued arg=0\n")

    def test_report_ts_diff(self):  # --ts-diff
        self.check("          victim-123   [001]    45.678901: (+1204)  oom_reap_queue:       pid=123 reason=queued arg=0\n")

    def test_report_instance(self):  # -B NAME or several -i
        self.check("     oom:           victim-123   [001]    45.678901: oom_reap_queue:       pid=123 reason=queued arg=0\n")

    def test_comm_with_dashes(self):
        ev = timeline.parse_line("    stress-ng-vm-4021  [000]    45.678901: oom_reap_queue:       pid=123 reason=queued arg=0\n")
        self.assertEqual(ev, (45.678901, *EVENT))

    def test_not_events(self):
        for line in ("cpus=2\n", "CPU 1 is empty\n", "# tracer: nop\n", "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n",
                     "CPU:1 [LOST 12 EVENTS]\n", "\n"):
            self.assertIsNone(timeline.parse_line(line), line)


class BadInput(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.dir.cleanup()

    def write(self, name, data):
        path = os.path.join(self.dir.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def fails(self, path, says, *extra):
        r = run(path, *extra)
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertIn(says, r.stderr)

    def test_missing(self):
        self.fails(os.path.join(self.dir.name, "nope"), "cannot read the trace")

    def test_empty(self):
        self.fails(self.write("t", b""), "the trace is empty")

    def test_trace_dat(self):
        self.fails(self.write("trace.dat", b"\x17\x08\x44tracing6\x00\x00"), "trace-cmd report -i")

    def test_no_event_line(self):
        self.fails(self.write("t", b"hello\nworld\n"), "no trace event line")

    def test_counter_clock(self):
        self.fails(self.write("t", b"  victim-123   [001] 4567890123: oom_reap_queue:       pid=123 reason=queued arg=0\n"),
                   "counter trace clock")

    def test_no_victim(self):
        self.fails(self.write("t", b"  victim-123   [001]    45.678901: oom_reap_queue:       pid=123 reason=queued arg=0\n"),
                   "no OOM victim")

    def test_missing_victims_file(self):
        self.fails(REPORT, "no such victims file", os.path.join(self.dir.name, "nope"))

    def test_lost_events_warned(self):
        with open(REPORT, "rb") as f:
            path = self.write("t", b"CPU:1 [12 EVENTS DROPPED]\n" + f.read())
        r = run(path, VICTIMS)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("events were lost", r.stderr)

    @unittest.skipUnless(timelineplot.gnuplot.available(), "gnuplot not installed")
    def test_png(self):
        png = os.path.join(self.dir.name, "t.png")
        r = run("--png", png, REPORT, VICTIMS)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(png, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


if __name__ == "__main__":
    unittest.main()
