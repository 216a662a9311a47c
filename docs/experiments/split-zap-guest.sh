#!/bin/sh
# Experiment: zap one 1200 MiB 4 KiB-page mapping of one mm by 1 or 2
# kernel threads under one mmap_read_lock, alternating.
SIZE=${SIZE:-1200}
P=/sys/module/oom_kill/parameters/split_exp
for r in 1 2 3 4 5 6; do
	for n in 1 2; do
		/guest/victim -a $SIZE -N -q &
		v=$!
		for t in $(seq 1 600); do
			rss=$(awk '/^VmRSS/ {print $2}' /proc/$v/status 2>/dev/null)
			[ -n "$rss" ] && [ "$rss" -ge $((SIZE * 1024)) ] && break
			sleep 0.1
		done
		sleep 0.5
		echo "$v $n" > $P || echo "write failed"
		kill -9 $v; wait $v 2>/dev/null
		sleep 0.5
	done
done
dmesg | grep oom_split_exp
