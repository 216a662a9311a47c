# SPDX-License-Identifier: GPL-2.0
"""make bench's scenarios: the one list of them, SCENARIOS.

Its order is the report's; harness/bench.sh boots the scenarios in it
(`python3 -m bench list`), harness/benchreport.py reports each through
its module bench/MODULE.py:

  CSV               the columns of OUT/NAME.csv (none: no CSV)
  read(out)         (result, CSV rows) from OUT's folders; None when the
                    scenario did not run
  table(result)     its rows of the scenario table
  headline(result)  its rows of the headline table, where HEADLINE names it
"""
import collections
import os

# A boot of a scenario: its folder OUT/bench-FOLDER-KERNEL[-BOOT], its
# vCPUs without icount (with the scenario's icount: 1), guest options of
# its own, and a clock of its own (None: the scenario's); a boot with a
# clock of its own keeps its vCPUs under icount.
Boot = collections.namedtuple("Boot", "folder vcpus args clock", defaults=(2, "", None))

# name: as in BENCH_ONLY; module: bench/MODULE.py; guest: guest/GUEST,
# None for what every make bench records; clock: "tcg" (wall clock, for
# times that include waiting: timers, the reaper's delay and deadline) or
# "icount" (CPU-bound: the guest's clock counts instructions, so what else
# the host runs does not change it; BENCH_ICOUNT=0 turns it off); boots:
# each booted once per kernel or, with count (host variable, default,
# least), that many times alternating the kernels; runs: the host
# variable of oomreap.runs; options: the guest's oomreap.NAME, its host
# variable and default (None: the guest's own).
Scenario = collections.namedtuple("Scenario", "name module guest clock boots count runs options",
                                  defaults=(None, "RUNS", ()))

SCENARIOS = (
    Scenario("hol", "hol", "bench-hol.sh", "tcg", (Boot("hol"),)),
    Scenario("exit", "exitonly", "bench-exit.sh", "tcg", (Boot("exit"),), runs="EXIT_RUNS",
             options=(("kinds", "EXIT_KINDS", None), ("deadlines", "EXIT_DEADLINES", None),
                      ("waits", "EXIT_WAITS", None))),
    # Waits for a victim whose mm a reference keeps after its exit.
    Scenario("pinned", "pinned", "bench-pinned.sh", "tcg", (Boot("pinned"),),
             options=(("pins", "PINS", None),)),
    Scenario("storm", "storm", "bench-storm.sh", "tcg", (Boot("storm"),)),
    Scenario("reap", "reap", "bench-reap.sh", "tcg", (Boot("reap"),)),
    # The reap alone is timed, which is CPU-bound.
    Scenario("reserve", "reserve", "bench-reserve.sh", "icount", (Boot("reserve"),)),
    # Again with one vCPU, the large victims alone and two together: one
    # reaper worker on the patched kernel.  And the large victim alone
    # under icount with one vCPU and with two: the reap's cost in
    # instructions, which TCG's wall clock blurs by 10-15% from boot to
    # boot.
    Scenario("big", "big", "bench-big.sh", "tcg",
             (Boot("big"), Boot("big1", 1, "oomreap.big_parts=one,two"),
              Boot("bigic1", 1, "oomreap.big_parts=one", "icount"),
              Boot("bigic2", 2, "oomreap.big_parts=one", "icount"))),
    # The contention between the reaper and the victims filling their
    # memcgs on 2 vCPUs is part of what it measures.
    Scenario("scale", "scale", "bench-scale.sh", "tcg", (Boot("scale"),),
             options=(("scale_n", "SCALE_N", "64 256"),)),
    Scenario("fast", "fast", "bench-fast.sh", "icount", (Boot("fast"),), ("FAST_BOOTS", 8, 4),
             options=(("reps", "FAST_REPS", "8"),)),
    Scenario("threads", "threads", "bench-threads.sh", "icount", (Boot("threads"),), ("THREADS_BOOTS", 4, 2),
             options=(("threads", "THREADS", "4096 16384"),)),
    Scenario("size", "sizes", None, None, ()),
)

# The headline table's order: what a reviewer wants first.
HEADLINE = ("hol", "scale", "big", "exit", "pinned", "fast", "threads", "size")


def scenario(name):
    return next(s for s in SCENARIOS if s.name == name)


def boot_lines(env=os.environ):
    """What harness/bench.sh boots, one line per folder of each scenario
    with a guest: NAME FOLDER GUEST ICOUNT VCPUS BOOTS CMDLINE..., BOOTS
    "-" for one boot per kernel, else the count of boots alternating the
    kernels; from RUNS, EXIT_RUNS, BENCH_ICOUNT and the scenarios' own
    variables in @env.  Raises ValueError on a count below its least."""
    icount = env.get("BENCH_ICOUNT", "1")
    lines = []
    for s in SCENARIOS:
        if not s.guest:
            continue
        count = "-"
        if s.count:
            var, default, least = s.count
            count = env.get(var) or str(default)
            if int(count) < least:
                raise ValueError(f"{var} must be at least {least} (two boots per kernel give an interval)")
        args = [f"oomreap.runs={env.get(s.runs) or env.get('RUNS', '3')}"]
        for name, var, default in s.options:
            value = env.get(var) or default
            if value:
                # A space in a value goes as a comma; the guest turns it back.
                args.append(f"oomreap.{name}={value.replace(' ', ',')}")
        for b in s.boots:
            ic = icount if (b.clock or s.clock) == "icount" else "0"
            vcpus = 1 if ic == "1" and not b.clock else b.vcpus
            lines.append(" ".join([s.name, b.folder, s.guest, ic, str(vcpus), count] + args +
                                  ([b.args] if b.args else [])))
    return lines
