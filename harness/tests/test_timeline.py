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
EVENT = ("oom_reap_queue", {"pid": "123", "reason": "queued", "delay_ms": "0"},
         "pid=123 reason=queued delay_ms=0")


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
        self.check("          victim-123     [001] d..1.    45.678901: oom_reap_queue: pid=123 reason=queued delay_ms=0\n")

    def test_tracefs_no_irq_info(self):
        self.check("          victim-123     [001]    45.678901: oom_reap_queue: pid=123 reason=queued delay_ms=0\n")

    def test_tracefs_tgid(self):
        self.check("          victim-123     (    123) [001] d..1.    45.678901: oom_reap_queue: pid=123 reason=queued delay_ms=0\n")
        self.check("          <idle>-0       (-------) [001] ..s1.    45.678901: oom_reap_queue: pid=123 reason=queued delay_ms=0\n")

    def test_report(self):
        self.check("          victim-123   [001]    45.678901: oom_reap_queue:       pid=123 reason=queued delay_ms=0\n")

    def test_report_nanoseconds(self):  # -t
        self.check("          victim-123   [001]    45.678901234: oom_reap_queue:       pid=123 reason=queued delay_ms=0\n",
                   45.678901234)

    def test_report_latency(self):  # -l
        self.check("  victim-123     1d..1.    45.678901: oom_reap_queue:       pid=123 reason=queued delay_ms=0\n")

    def test_report_ts_diff(self):  # --ts-diff
        self.check("          victim-123   [001]    45.678901: (+1204)  oom_reap_queue:       pid=123 reason=queued delay_ms=0\n")

    def test_report_instance(self):  # -B NAME or several -i
        self.check("     oom:           victim-123   [001]    45.678901: oom_reap_queue:       pid=123 reason=queued delay_ms=0\n")

    def test_comm_with_dashes(self):
        ev = timeline.parse_line("    stress-ng-vm-4021  [000]    45.678901: oom_reap_queue:       pid=123 reason=queued delay_ms=0\n")
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
        self.fails(self.write("t", b"  victim-123   [001] 4567890123: oom_reap_queue:       pid=123 reason=queued delay_ms=0\n"),
                   "counter trace clock")

    def test_no_victim(self):
        self.fails(self.write("t", b"  victim-123   [001]    45.678901: oom_reap_queue:       pid=123 reason=queued delay_ms=0\n"),
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


def trace(*events):
    """Events from (ts, task pid, name, fields text) tuples, as tracefs lines."""
    return [timeline.parse_line(f"          task-{tpid:<6} [001] .....  {ts:10.6f}: {name}: {rest}\n")
            for ts, tpid, name, rest in events]


def victim(pid, ts, comm="victim"):
    return (ts, pid, "mark_victim", f"pid={pid} comm={comm} total-vm=1000kB uid=0")


class EventKinds(unittest.TestCase):
    """Each event kind timeline.build reads, alone."""

    def one(self, *events, victims_file=None):
        vs = timeline.build(trace(victim(100, 1.0), *events), victims_file)
        self.assertEqual(len(vs), 1)
        return vs[0]

    def test_mark_victim(self):
        v = self.one()
        self.assertEqual((v.pid, v.killed, v.comm, v.memcg), (100, 1.0, "victim", None))
        self.assertEqual(timeline.rows([v])[0]["memcg"], "?")

    def test_queued(self):
        # oom_reap_queue reason=queued, or the base's wake_reaper: the first.
        self.assertEqual(self.one((3.0, 0, "oom_reap_queue", "pid=100 reason=queued delay_ms=0")).queued, 3.0)
        self.assertEqual(self.one((3.0, 0, "wake_reaper", "pid=100"),
                                  (3.1, 0, "oom_reap_queue", "pid=100 reason=queued delay_ms=0")).queued, 3.0)
        self.assertIsNone(self.one((1.1, 0, "oom_reap_queue", "pid=100 reason=timer_armed delay_ms=2000")).queued)

    def test_already_exited(self):
        v = self.one((3.0, 0, "oom_reap_queue", "pid=100 reason=already_exited delay_ms=0"))
        self.assertEqual((v.timer, v.queued), ("already_exited", None))

    def test_attempts_and_skips(self):
        v = self.one((3.0, 31, "oom_reap_attempt", "pid=100 reason=attempt worker=0"),
                     (3.1, 31, "oom_reap_skip", "pid=100 reason=mmap_lock_contended worker=0"),
                     (3.2, 31, "oom_reap_attempt", "pid=100 reason=attempt worker=1"),
                     (3.3, 31, "oom_reap_skip", "pid=100 reason=notifier_refused worker=1"))
        self.assertEqual((v.attempts, v.attempt_times, v.skip_times), (2, [3.0, 3.2], [3.1, 3.3]))
        self.assertEqual(dict(v.skips), {"mmap_lock_contended": 1, "notifier_refused": 1})

    def test_old_kernel_events(self):
        # Without oom_reap_attempt/result: start/skip/finish_task_reaping.
        v = self.one((3.0, 31, "start_task_reaping", "pid=100"), (3.01, 31, "skip_task_reaping", "pid=100"),
                     (3.1, 31, "start_task_reaping", "pid=100"), (3.2, 31, "finish_task_reaping", "pid=100"))
        self.assertEqual((v.attempts, v.reaped, v.reap_start, v.finished), (3, 3.2, 3.1, 3.2))
        self.assertEqual(dict(v.skips), {"skipped": 1})
        self.assertEqual(v.skip_times, [3.01])

    def test_result(self):
        v = self.one((3.0, 31, "start_task_reaping", "pid=100"),
                     (3.1, 31, "finish_task_reaping", "pid=100"),
                     (3.1, 31, "oom_reap_result", "pid=100 freed_anon=10 freed_pgtables=2 left_anon=1 left_hugetlb=0"))
        self.assertEqual((v.reaped, v.reap_start, v.finished), (3.1, 3.0, 3.1))
        self.assertEqual((v.freed, v.left), ("anon=10 pgtables=2", "anon=1 hugetlb=0"))

    def test_wait_pages_of_earlier_kernels(self):
        # Before v4 each oom_reap_* event had one field, arg=, in its unit.
        v = self.one((3.0, 31, "oom_reap_wait", "pid=100 reason=pgtables arg=8218"))
        self.assertEqual(v.wait_reason, "pgtables 8218p")

    def test_wait_release_giveup_exit(self):
        v = self.one((3.0, 31, "oom_reap_wait", "pid=100 reason=hugetlb pages=8218"),
                     (3.1, 31, "oom_reap_wait", "pid=100 reason=hugetlb pages=5"),
                     (3.5, 31, "oom_reap_release", "pid=100 reason=exited pages=0"),
                     (3.6, 31, "oom_reap_release", "pid=100 reason=deadline pages=0"),
                     (4.0, 31, "oom_reap_giveup", "pid=100 reason=deadline worker=0"),
                     (4.1, 31, "oom_reap_giveup", "pid=100 reason=retries_exhausted worker=0"),
                     (5.0, 100, "oom_reap_exit", "pid=100 reason=exit_after_giveup"),
                     (5.1, 100, "oom_reap_exit", "pid=100 reason=exit"))
        self.assertEqual((v.waits, v.wait_start, v.wait_reason), (2, 3.0, "hugetlb 8218p"))
        self.assertEqual((v.released, v.release_reason), (3.5, "exited"))
        self.assertEqual((v.giveup, v.giveup_reason), (4.0, "deadline"))
        self.assertEqual((v.exited, v.exit_reason), (5.0, "exit_after_giveup"))

    def test_thread_exit(self):
        # sched_process_exit of the victim or of a thread a marker names.
        v = self.one((1.5, 101, "tracing_mark_write", "oomreap_victim_thread tgid=100 tid=101"),
                     (2.0, 100, "sched_process_exit", "comm=victim pid=100 prio=120"),
                     (2.5, 101, "sched_process_exit", "comm=victim pid=101 prio=120"),
                     (2.6, 102, "sched_process_exit", "comm=other pid=102 prio=120"))
        self.assertEqual(v.thread_exit, 2.5)

    def test_fork_tree_and_soak_root(self):
        # A soak_root marker names the root's memcg and kind; a victim
        # forked below it inherits them (trace-cmd's "print" too).
        vs = timeline.build(trace(
            (0.5, 50, "tracing_mark_write", "soak_root pid=60 memcg=soak/m1 role=victim kind=asleep"),
            (0.6, 60, "sched_process_fork", "comm=sh pid=60 child_comm=sh child_pid=61"),
            (0.7, 61, "sched_process_fork", "comm=sh pid=61 child_comm=victim child_pid=62"),
            (0.8, 50, "print", "tracing_mark_write: soak_root pid=70 memcg=control role=control"),
            (0.9, 60, "sched_process_fork", "comm=sh pid=60 child_comm=sh child_pid=63"),
            (0.9, 50, "tracing_mark_write", "soak_root pid=63 memcg=soak/m2 role=stress"),
            (0.9, 63, "sched_process_fork", "comm=sh pid=63 child_comm=ng child_pid=64"),
            victim(62, 1.0), victim(70, 1.1), victim(80, 1.2), victim(64, 1.3)))
        # 64's kind stops at its memcg's root (63), not at 60's above it.
        self.assertEqual([(v.pid, v.memcg, v.kind) for v in vs],
                         [(62, "soak/m1", "asleep"), (70, "control", None), (80, None, None),
                          (64, "soak/m2", None)])

    def test_victims_file_names_a_root(self):
        # The victims file gives a victim's memcg, its own or its root's.
        with tempfile.NamedTemporaryFile("w", suffix=".txt") as f:
            f.write("pid=60 memcg=storm1 run=1 role=root\npid=90 memcg=demo opts=-a 16 -w 4000\n")
            f.flush()
            vs = timeline.build(trace((0.6, 60, "sched_process_fork", "comm=sh pid=60 child_comm=ng child_pid=61"),
                                      victim(61, 1.0), victim(90, 1.1)), f.name)
        self.assertEqual([(v.pid, v.memcg) for v in vs], [(61, "storm1"), (90, "demo")])

    def test_pid_reused(self):
        # Two kills of one pid are two victims, each with its own events
        # and its own process.
        vs = timeline.build(trace(
            (0.5, 50, "tracing_mark_write", "soak_root pid=60 memcg=soak/m1 role=stress"),
            (0.6, 60, "sched_process_fork", "comm=sh pid=60 child_comm=ng child_pid=61"),
            victim(61, 1.0), (1.5, 61, "oom_reap_exit", "pid=61 reason=exit"),
            (2.0, 40, "sched_process_fork", "comm=init pid=40 child_comm=sh child_pid=61"),
            victim(61, 3.0), (3.5, 61, "oom_reap_exit", "pid=61 reason=exit_after_skip")))
        self.assertEqual([(v.killed, v.exited, v.exit_reason, v.memcg) for v in vs],
                         [(1.0, 1.5, "exit", "soak/m1"), (3.0, 3.5, "exit_after_skip", None)])

    def test_other_pids_ignored(self):
        v = self.one((3.0, 0, "oom_reap_queue", "pid=200 reason=queued delay_ms=0"),
                     (3.0, 0, "oom_reap_exit", "pid=-1 reason=exit arg=0"))
        self.assertIsNone(v.queued)
        self.assertIsNone(v.exited)


class Fields(unittest.TestCase):
    def test_fields(self):
        self.assertEqual(timeline.fields("pid=68 memcg=demo1 opts=-a 24 -w 4000 x=a=b\n"),
                         {"pid": "68", "memcg": "demo1", "opts": "-a", "x": "a=b"})

    def test_read_fields(self):
        self.assertEqual(timeline.read_fields(VICTIMS)[1], {"pid": "70", "memcg": "demo1",
                                                           "role": "bystander", "opts": "-b"})

    def test_event_fields_and_task(self):
        ev = timeline.parse_line("          victim-70      [001] d..1.    12.104512: mark_victim: pid=68 "
                                 "comm=victim file-rss:1024kB uid=0\n")
        self.assertEqual((ev.ts, ev.name, ev.tpid), (12.104512, "mark_victim", 70))
        self.assertEqual(ev.fields, {"pid": "68", "comm": "victim", "file-rss": "1024kB", "uid": "0"})


if __name__ == "__main__":
    unittest.main()
