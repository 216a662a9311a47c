#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario "fast path": fork+exit and mmap/munmap with no OOM,
# REPS repetitions each, and the slab object sizes of task_struct and
# mm_struct when the kernel exposes them.
REPS=${REPS:-5}
: > /tmp/fast.txt
for r in $(seq 1 $REPS); do
	/guest/forkbench fork 2000 >> /tmp/fast.txt
	/guest/forkbench mmap 20000 >> /tmp/fast.txt
done
for c in task_struct mm_struct; do  # slab sysfs: not with SLUB_TINY
	f=/sys/kernel/slab/$c/object_size
	[ -r $f ] && echo "size $c $(cat $f)" >> /tmp/fast.txt
done
/guest/emit fast /tmp/fast.txt
