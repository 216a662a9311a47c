# SPDX-License-Identifier: GPL-2.0
# Helpers of the guest scenarios (make run, make bench).  Sourced.
CG=/sys/fs/cgroup

# mkcg NAME MAX: a memcg of MAX bytes without swap.
mkcg() {
	mkdir -p $CG/$1 && echo $2 > $CG/$1/memory.max && echo 0 > $CG/$1/memory.swap.max
}

# spawn MEMCG VICTIM-OPTIONS...: start /guest/victim in MEMCG, in the
# background, with oom_score_adj $OOM_SCORE_ADJ when that is set.  Its pid
# goes to $last and $pids, and a line "pid=N memcg=M $TAGS opts=..." to
# /tmp/victims.txt for the timeline; a bystander (-b) is marked
# role=bystander.
spawn() {
	local cg=$1 role= adj=
	shift
	[ -n "${OOM_SCORE_ADJ:-}" ] && adj="echo $OOM_SCORE_ADJ > /proc/self/oom_score_adj && "
	sh -c "echo \$\$ > $CG/$cg/cgroup.procs && ${adj}exec /guest/victim -q $*" &
	last=$!
	pids="$pids $last"
	case "$1" in -b) role="role=bystander " ;; esac
	echo "pid=$last memcg=$cg ${TAGS:-}${TAGS:+ }${role}opts=$*" >> /tmp/victims.txt
}

# waitall SECONDS: wait for every spawned process, killing what is left
# after SECONDS; returns 1 if anything had to be killed.
waitall() {
	local wd
	rm -f /tmp/waitall-timeout
	( sleep $1; kill -9 $pids 2>/dev/null && touch /tmp/waitall-timeout ) &
	wd=$!
	wait $pids
	kill $wd 2>/dev/null
	pids=
	[ ! -e /tmp/waitall-timeout ]
}

# wait_anon MEMCG MB: wait up to 60 s until MEMCG is charged MB of
# anonymous memory (a victim has touched all it maps).
wait_anon() {
	local t
	for t in $(seq 1 600); do
		[ "$(sed -n 's/^anon //p' $CG/$1/memory.stat)" -ge $(( $2 * 1024 * 1024 )) ] 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
