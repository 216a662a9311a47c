#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make soak: for SOAK seconds keep SOAK_MEMCGS memcgs (soak/m1..) at their
# limit (SOAK_MAX each, no swap) with stress-ng memory stressors,
# restarted whenever they end, and every SOAK_STUCK_EVERY seconds put a
# wave of SOAK_WAVE of the test module's stuck victims (guest/victim) into
# them, of these kinds by turns: stuck in D state, mlocked and stuck,
# mmap_lock held for write, page tables or hugetlb that only its exit
# frees, a refusing mmu notifier, and a sparse page-table-heavy victim
# whose threads fault and zap without end while it is killed and reaped.  Meanwhile a control process outside
# every limited memcg checks a block of known data (guest/tools/control.c)
# and every SOAK_SAMPLE seconds the memcgs' memory.events and tasks are
# sampled.  The host (harness/soak.sh, harness/soakreport.py) judges the
# run from what this sends back: the trace, memory.events, the samples,
# the control's result, and the console.
#
# Every wait is bounded, so the guest always ends and reports: the host's
# timeout is only for a kernel that hangs.
SOAK=${SOAK:-180}
NCG=${SOAK_MEMCGS:-12}
MAX=${SOAK_MAX:-48M}
STUCK_EVERY=${SOAK_STUCK_EVERY:-8}
WAVE=${SOAK_WAVE:-3}
# Below the 30 s hung-task timeout; longer than the 2 s OOM_REAPER_DELAY
# plus the default 1 s deadline, so a victim is still stuck when it is
# queued and, for the kinds that can only be given up, past its deadline.
STUCK_MS=${SOAK_STUCK_MS:-4000}
# Where a thread sleeping in the test module shows in /proc/PID/wchan.
STUCK_WCHAN='tor_sleep|tor_write|timeout'
SAMPLE=${SOAK_SAMPLE:-10}
CONTROL_MB=${SOAK_CONTROL_MB:-32}
. /guest/lib.sh
T=/sys/kernel/tracing
MOD=/sys/kernel/debug/test_oom_reaper
STOP=/tmp/soak.stop
rc=0

: > /tmp/victims.txt
: > /tmp/soak-info.txt
info() { echo "$*" >> /tmp/soak-info.txt; }
# A line in the trace, so the host can tell which process tree belongs to
# which memcg even when pids are reused (harness/soakreport.py).
mark() { echo "$*" > $T/trace_marker 2>/dev/null; }

info "soak_s=$SOAK memcgs=$NCG max=$MAX stuck_every_s=$STUCK_EVERY wave=$WAVE stuck_ms=$STUCK_MS control_mb=$CONTROL_MB sample_s=$SAMPLE"
info "trace_clock=perf"
info "kernel=$(uname -r)"
info "deadline_ms=$(cat /proc/sys/vm/oom_reap_deadline_ms 2>/dev/null || echo none)"
info "oom_kill_before=$(sed -n 's/^oom_kill //p' /proc/vmstat)"
if ! command -v stress-ng > /dev/null; then
	# Without the stressors there is no soak: say so, do not pass.
	info "error=stress-ng missing in the guest (not installed on the host when the initramfs was made)"
	/guest/emit info /tmp/soak-info.txt
	exit 1
fi
info "stress_ng=$(stress-ng --version 2>&1 | sed -n 's/.*version \([^ ]*\).*/\1/p')"
if [ -d $MOD ]; then
	info "module=yes"
	KINDS="stuck hold pgtables hugetlb notifier mlock sparse"
else
	# Stuck victims need the test module: soak with the stressors alone
	# and say so.
	info "module=no (no stuck victims)"
	KINDS=
fi
echo 64 > /proc/sys/vm/nr_hugepages
info "hugepages=$(cat /proc/sys/vm/nr_hugepages)"

# The memory stressors, one per memcg, by turns.  Each wants more than
# the memcg allows (or grows until killed), so the memcg stays at its
# limit.  (Left out: --brk and --malloc stay below the limit, --mmapfork
# makes its workers unkillable and floods the console with OOM reports.) stress-ng restarts a worker the OOM killer kills, and the loop
# below restarts stress-ng itself if it ends.  stress-ng makes its workers
# the OOM killer's first choice (oom_score_adj 1000) and its own parents
# unkillable (-1000).
stress_args() {
	case $(( ($1 - 1) % 8 )) in
	0) echo "--vm 1 --vm-bytes 64M" ;;
	1) echo "--bigheap 2" ;;
	2) echo "--vm 1 --vm-bytes 64M --vm-locked" ;;
	3) echo "--mremap 1 --mremap-bytes 64M" ;;
	4) echo "--mmap 1 --mmap-bytes 64M" ;;
	5) echo "--vm 2 --vm-bytes 128M --vm-keep" ;;	# split between the two
	6) echo "--vm 1 --vm-bytes 64M --vm-madvise hugepage" ;;
	7) echo "--mlock 1" ;;
	esac
}

stress_loop() {		# memcg index: keep stress-ng running until $END
	local cg=soak/m$1 n=0 left
	while [ ! -e $STOP ]; do
		left=$((END - $(date +%s)))
		[ $left -gt 0 ] || break
		sh -c "echo \$\$ > $CG/$cg/cgroup.procs && exec stress-ng --quiet $(stress_args $1) --timeout ${left}s" \
			> /dev/null 2>&1 &
		mark "soak_root pid=$! memcg=$cg role=stress"
		n=$((n + 1))
		wait $!
	done
	echo "starts=$n" > /tmp/starts.$1
}

# wave W: SOAK_WAVE stuck victims at once, the next ones of $KINDS by
# turns, each in the next memcg, so that the reaper has several at a time
# (a victim holding its mmap_lock among others, as in make bench's
# head-of-line scenario, but under load).  Each sets itself up unkillable
# (oom_score_adj -1000: the stressors pay for its memory); once all are
# stuck in the test module they become their memcg's first choice (1000,
# and more memory than the stressor has left), so the next OOM of each
# memcg kills its victim while it cannot exit.
wave() {
	local w=$1 j n i kind cg opts list= left e p
	for j in $(seq 1 $WAVE); do
		n=$(( (w - 1) * WAVE + j ))
		set -- $KINDS
		i=$(( (n - 1) % $# + 1 ))
		eval kind=\$$i
		# Shift by one memcg every round of NCG victims, so that a
		# memcg does not always get the same kind.
		cg=soak/m$(( (n - 1 + (n - 1) / NCG) % NCG + 1 ))
		case $kind in
		stuck)		opts="-a 28 -s $STUCK_MS" ;;
		mlock)		opts="-a 28 -l -s $STUCK_MS" ;;
		hold)		opts="-a 28 -w $STUCK_MS" ;;
		pgtables)	opts="-a 12 -p 8 -s $STUCK_MS" ;;	# 16 MiB of page tables
		sparse)		opts="-a 4 -p 12 -t 2 -s $STUCK_MS" ;;	# 24 MiB, faulting threads
		hugetlb)	opts="-a 20 -h 6 -s $STUCK_MS" ;;	# 12 MiB of hugetlb
		notifier)	opts="-a 28 -n $((STUCK_MS + 4000)) -s $STUCK_MS" ;;
		esac
		TAGS="kind=$kind wave=$w"
		OOM_SCORE_ADJ=-1000
		spawn $cg $opts
		OOM_SCORE_ADJ=
		mark "soak_root pid=$last memcg=$cg role=victim kind=$kind"
		list="$list $last:$kind:$cg"
	done
	# Stuck: a thread sleeps in the module: its wchan is the module's
	# tor_sleep_until(), or schedule_timeout where that is not inlined
	# away.  Each victim is made its memcg's first choice as soon as it is
	# stuck, not once the whole wave is: under load (the debug build) a
	# victim can take longer to set up than another one stays stuck, and
	# then a wave is never stuck all at once.  Bounded: a victim that
	# could not set itself up in 10 s (its memcg is busy) stays
	# unkillable until the end, and is reported.
	for i in $(seq 1 20); do
		left=
		for e in $list; do
			p=${e%%:*}
			if grep -qsE "$STUCK_WCHAN" /proc/$p/task/*/wchan &&
			   echo 1000 > /proc/$p/oom_score_adj; then
				e=${e#*:}
				echo "pid=$p kind=${e%%:*} memcg=${e#*:} wave=$w ready=1 after_ms=$((i * 500 - 500))" >> /tmp/inject.txt
			else
				left="$left $e"
			fi
		done
		list=$left
		[ -n "$list" ] || break
		sleep 0.5
	done
	for e in $list; do
		p=${e%%:*}
		e=${e#*:}
		echo "pid=$p kind=${e%%:*} memcg=${e#*:} wave=$w ready=0" >> /tmp/inject.txt
	done
}

# sample: every SOAK_SAMPLE seconds until the end, each memcg's
# memory.events and its tasks (state, CPU ticks, oom_score_adj, where they
# sleep), so that a memcg that stops killing while it keeps hitting its
# limit can be told apart, and what its tasks were doing then.  Only
# files that do not take the mmap_lock: a victim may hold it for seconds.
sample() {
	local i p t
	while [ ! -e $STOP ]; do
		t=$(cut -d' ' -f1 /proc/uptime)
		for i in $(seq 1 $NCG); do
			echo "t=$t memcg=soak/m$i $(tr ' \n' '= ' < $CG/soak/m$i/memory.events)"
			for p in $(cat $CG/soak/m$i/cgroup.procs 2>/dev/null); do
				set -- $(sed 's/.*) //' /proc/$p/stat 2>/dev/null) x
				[ $# -gt 13 ] || continue
				echo "  pid=$p comm=$(cat /proc/$p/comm 2>/dev/null) state=$1 ticks=$((${12} + ${13})) adj=$(cat /proc/$p/oom_score_adj 2>/dev/null) wchan=$(cat /proc/$p/wchan 2>/dev/null)"
			done
		done >> /tmp/samples.txt
		sleep $SAMPLE
	done
}

# The printk clock (local_clock()): the host matches the kernel log's
# "Killed process" lines to the trace's mark_victim by time.
echo perf > $T/trace_clock
/guest/oomtrace.sh start
# Which process forked which: how the host maps every victim to its memcg
# (the "oom-kill:constraint" console line that names it is rate limited).
echo 1 > $T/events/sched/sched_process_fork/enable

mkdir -p $CG/soak
echo "+memory" > $CG/soak/cgroup.subtree_control
for i in $(seq 1 $NCG); do mkcg soak/m$i $MAX; done
# The control lives in a memcg of its own without a limit, outside soak/.
mkdir -p $CG/control
sh -c "echo \$\$ > $CG/control/cgroup.procs && exec /guest/control -m $CONTROL_MB -o /tmp/control.txt" &
cpid=$!
info "control_pid=$cpid"
mark "soak_root pid=$cpid memcg=control role=control"
: > /tmp/inject.txt

START=$(date +%s)
END=$((START + SOAK))
loops=
for i in $(seq 1 $NCG); do
	stress_loop $i &
	loops="$loops $!"
done
: > /tmp/samples.txt
sample &
loops="$loops $!"
n=0
next=$((START + STUCK_EVERY))
while [ "$(date +%s)" -lt $END ]; do
	if [ -n "$KINDS" ] && [ "$(date +%s)" -ge $next ]; then
		n=$((n + 1))
		wave $n
		next=$(( $(date +%s) + STUCK_EVERY ))
	fi
	sleep 1
done
info "ran_s=$(( $(date +%s) - START )) waves=$n"

# End of the soak: stop the loops, kill what is left in every soak memcg
# (cgroup.kill), and wait for the memcgs to empty: a stuck victim leaves
# when its stall (STUCK_MS, the module's maximum 20 s at worst) is over.
touch $STOP
for i in $(seq 1 $NCG); do echo 1 > $CG/soak/m$i/cgroup.kill; done
for t in $(seq 1 60); do
	[ -z "$(cat $CG/soak/m*/cgroup.procs)" ] && break
	for i in $(seq 1 $NCG); do echo 1 > $CG/soak/m$i/cgroup.kill; done
	sleep 0.5
done
left=$(cat $CG/soak/m*/cgroup.procs | wc -l)
info "left_in_memcgs=$left"
[ $left = 0 ] || { echo "soak: $left tasks still in the soak memcgs after 30 s"; rc=1; }
pids=$loops
waitall 20 || { echo "soak: stress loops still running after 20 s"; rc=1; }
# Let the reaper finish with the last victims: a victim killed just now is
# queued after OOM_REAPER_DELAY (2 s) and released by its deadline.
dl=$(cat /proc/sys/vm/oom_reap_deadline_ms 2>/dev/null || echo 1000)
sleep $(( 3 + dl / 1000 + 1 ))

# The control: ask it to finish its pass; a pass takes seconds on a busy
# TCG guest, so give it time, but not forever.
kill -TERM $cpid 2>/dev/null
( sleep 120; kill -9 $cpid 2>/dev/null ) &
wd=$!
wait $cpid
cst=$?
kill $wd 2>/dev/null
info "control_status=$cst"
if [ -s /tmp/control.txt ]; then
	cat /tmp/control.txt >> /tmp/soak-info.txt
else
	info "control_result=missing (killed, or never finished a pass)"
	rc=1
fi
info "oom_kill_after=$(sed -n 's/^oom_kill //p' /proc/vmstat)"
info "deadline_ms_after=$(cat /proc/sys/vm/oom_reap_deadline_ms 2>/dev/null || echo none)"

for i in $(seq 1 $NCG); do
	echo "memcg=soak/m$i stress=\"$(stress_args $i)\" $(cat /tmp/starts.$i 2>/dev/null || echo starts=?)" \
		"$(tr ' \n' '= ' < $CG/soak/m$i/memory.events)"
done > /tmp/memcgs.txt
for g in soak control; do
	echo "memcg=$g $(tr ' \n' '= ' < $CG/$g/memory.events)" >> /tmp/memcgs.txt
done

# Lost events would make the counts wrong: the host checks these.
for c in $T/per_cpu/cpu*; do
	echo "$(basename $c) $(grep -E '^(overrun|dropped events):' $c/stats | tr -d ' ' | tr '\n' ' ')"
done > /tmp/trace-stats.txt
/guest/oomtrace.sh stop
/guest/emit info /tmp/soak-info.txt
/guest/emit victims /tmp/victims.txt
/guest/emit inject /tmp/inject.txt
/guest/emit memcgs /tmp/memcgs.txt
/guest/emit trace-stats /tmp/trace-stats.txt
/guest/emit samples /tmp/samples.txt
for i in $(seq 1 $NCG); do rmdir $CG/soak/m$i 2>/dev/null; done
exit $rc
