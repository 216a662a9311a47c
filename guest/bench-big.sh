#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark scenario "big": victims that fall due while a large one is
# reaped, and large ones reaped together.  Every victim's memory is in
# 4 KiB pages (victim -N: a PTE per page, as the reap walks them), and
# every victim is stuck in D state in the test module for STUCK ms, so
# that the reaper, not its exit, frees it.  A large victim (SIZE MiB, in a
# memcg of SIZE + 16 MiB) touches its memory, waits on a FIFO, and once
# let go fills its memcg until it is OOM-killed, about 0.15 s later; no
# bystander charges its memcg and spins while it waits for the reaper.
# Episodes per run, those of PARTS (oomreap.big_parts=behind,held,two,one;
# default all):
#   behind: the large victim and SMALLS small ones (SMALL MiB memcgs,
#     waiting on a second FIFO, filling theirs once let go), let go DELAY s
#     after the large one's kill (memory.events oom_kill), so that they
#     are killed about 0.3 s after it and fall due while it is reaped.
#   held: the large victim and one small victim holding its mmap_lock for
#     write for HOLD ms (past its give-up after the large reap), killed
#     about 0.3 s after the large one by a bystander in its memcg (DELAY s
#     after the large one's kill).
#   two: two large victims of SIZE2 MiB in two memcgs, let go together.
#   one: one large victim alone.
# The host reads from the trace each victim's wait from queued to
# reaped, the reaps' lengths, the held victim's tries and its memcg's
# kills; the victims file tags each victim run=, part= and kind=
# (large, small, held).  make bench boots it with 2 vCPUs (every part)
# and with 1 vCPU (oomreap.big_parts=one,two).  The OOM reports go to the
# kernel log only: printed on a TCG serial line, each under the global
# oom_lock, they would spread the small victims' kills.
RUNS=${RUNS:-3}
SIZE=${SIZE:-1200}
SIZE2=${SIZE2:-550}
SMALLS=${SMALLS:-4}
SMALL=${SMALL:-16}
STUCK=${STUCK:-15000}
# Past the held victim's kill (about 0.5 s into the hold), its falling
# due 2 s later, a large reap before its tries on the base kernel (up to
# about 1 s under TCG) and its deadline or ten tries (1 s): 4.5 s, with
# room for a slow host.
HOLD=${HOLD:-8000}
DELAY=${DELAY:-0.1}
# From the command line, a comma stands for a space.
PARTS=$(echo "${BIG_PARTS:-behind held two one}" | tr , " ")
. /guest/lib.sh
GO_L=/tmp/big-go-large
GO_S=/tmp/big-go-small
for part in $PARTS; do
	case $part in behind|held|two|one) ;;
	*) echo "bench-big: no part '$part' (behind held two one)" >&2; exit 1 ;;
	esac
done

# wait_wchan PATTERN PID...: until every PID sleeps in a kernel function
# matching PATTERN (its /proc/PID/wchan), at most 60 s.
wait_wchan() {
	local pat=$1 t p n
	shift
	for t in $(seq 1 600); do
		n=0
		for p in "$@"; do grep -qE "$pat" /proc/$p/wchan 2>/dev/null || n=$((n + 1)); done
		[ $n = 0 ] && return 0
		sleep 0.1
	done
	echo "bench-big: $n of $# victims never reached $pat" >&2
	return 1
}

# wait_kill MEMCG: until MEMCG's OOM killer has killed (oom_kill of its
# memory.events), at most 60 s.
wait_kill() {
	local t k v n
	for t in $(seq 1 3000); do
		n=0
		while read -r k v; do [ "$k" = oom_kill ] && n=$v; done < $CG/$1/memory.events
		[ "$n" -gt 0 ] && return 0
		sleep 0.02
	done
	echo "bench-big: no OOM kill in $1 after 60 s" >&2
	return 1
}

# go FIFO: let every victim waiting on FIFO go on (they were woken by the
# open, so closing at once is fine).
go() {
	exec 3> $1
	exec 3>&-
}

# large MEMCG MB: a large victim of MB MiB in a memcg of its own, waiting
# on $GO_L; it is OOM-killed about 0.15 s after go $GO_L.
large() {
	mkcg $1 $(( ($2 + 16) * 1024 * 1024 ))
	spawn $1 -a $2 -N -f -s $STUCK -g $GO_L
}

# episode_end NAME: wait for the episode's victims (killing them after
# 60 s) and remove its memcgs NAME.*.
episode_end() {
	local d
	waitall 60 || echo "bench-big: $1: victims still alive after 60 s" >&2
	for d in $CG/$1.*; do rmdir $d 2>/dev/null; done
}

# parked PID...: wait_wchan for victims waiting on a FIFO.  If one never
# gets there, the episode is left out: its victims are killed after
# waitall's 60 s (opening the FIFO might wait for a reader for ever).
parked() {
	wait_wchan 'fifo_open|wait_for_partner' "$@"
}

behind() {
	local cg=big.behind.$1 i smalls=
	TAGS="run=$1 part=behind kind=small size=$SMALL"
	for i in $(seq 1 $SMALLS); do
		mkcg $cg.s$i ${SMALL}M
		spawn $cg.s$i -a $((SMALL - 4)) -N -f -s $STUCK -g $GO_S
		smalls="$smalls $last"
	done
	TAGS="run=$1 part=behind kind=large size=$SIZE"
	large $cg.l $SIZE
	parked $smalls $last || { episode_end $cg; return; }
	go $GO_L
	wait_kill $cg.l
	sleep $DELAY
	go $GO_S
	episode_end $cg
}

held() {
	local cg=big.held.$1
	TAGS="run=$1 part=held kind=large size=$SIZE"
	large $cg.l $SIZE
	parked $last || { episode_end $cg; return; }
	# The hold starts once its memory is touched, HOLD ms from now.
	TAGS="run=$1 part=held kind=held size=$SMALL"
	mkcg $cg.h $((SMALL + 8))M
	spawn $cg.h -a $SMALL -w $HOLD
	wait_wchan timeout $last
	go $GO_L
	wait_kill $cg.l
	sleep $DELAY
	spawn $cg.h -b $SMALL
	episode_end $cg
}

two() {
	local cg=big.two.$1 a
	TAGS="run=$1 part=two kind=large size=$SIZE2"
	large $cg.a $SIZE2
	a=$last
	large $cg.b $SIZE2
	parked $a $last || { episode_end $cg; return; }
	go $GO_L
	episode_end $cg
}

one() {
	local cg=big.one.$1
	TAGS="run=$1 part=one kind=large size=$SIZE"
	large $cg.l $SIZE
	parked $last || { episode_end $cg; return; }
	go $GO_L
	episode_end $cg
}

: > /tmp/victims.txt
printk=$(cut -f1 /proc/sys/kernel/printk)
echo 1 > /proc/sys/kernel/printk
echo "cpus=$(nproc) reapers=$(cat /proc/[0-9]*/comm 2>/dev/null | grep -c '^oom_reaper') parts=$(echo $PARTS | tr ' ' ,)" \
	"size=$SIZE size2=$SIZE2 smalls=$SMALLS small=$SMALL stuck=$STUCK hold=$HOLD delay=$DELAY" > /tmp/big.txt
/guest/oomtrace.sh start
for run in $(seq 1 $RUNS); do
	for part in $PARTS; do
		rm -f $GO_L $GO_S
		mkfifo $GO_L $GO_S
		$part $run
	done
done
/guest/oomtrace.sh stop
echo "$printk" > /proc/sys/kernel/printk
/guest/emit victims /tmp/victims.txt
/guest/emit big /tmp/big.txt
