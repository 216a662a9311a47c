#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario "fast path": fork+exit and mmap/munmap with no OOM,
# REPS repetitions each.  (Struct sizes come from the build: sizes.sh.)
REPS=${REPS:-5}
: > /tmp/fast.txt
for r in $(seq 1 $REPS); do
	/guest/forkbench fork 2000 >> /tmp/fast.txt
	/guest/forkbench mmap 20000 >> /tmp/fast.txt
done
/guest/emit fast /tmp/fast.txt
