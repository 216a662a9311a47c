#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario "fast path": fork+exit and mmap/munmap with no OOM,
# REPS repetitions each, alternating; the first of each is a warm-up the
# report leaves out.  make bench boots it under icount (the guest's clock
# counts instructions).  (Struct sizes come from the build: sizes.sh.)
REPS=${REPS:-8}
# Without address space randomisation: with it, where each forkbench
# process' mappings land puts a repetition on one of two levels 4% apart
# (mmap: 144.7 or 150.4 us per iteration under icount), which is noise
# between repetitions and boots, not a difference between kernels.
echo 0 > /proc/sys/kernel/randomize_va_space
: > /tmp/fast.txt
for r in $(seq 1 $REPS); do
	/guest/forkbench fork 2000 >> /tmp/fast.txt
	/guest/forkbench mmap 5000 >> /tmp/fast.txt
done
/guest/emit fast /tmp/fast.txt
