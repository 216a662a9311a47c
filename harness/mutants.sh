#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make mutants: show that each policy patch's selftests can fail.  For every
# patch of the table below, build the series up to the patch before it (so
# without it, and without what builds on it), with the selftests of the
# whole series, boot it and run only the selftests that patch is proved by.
# A "sed:" entry instead changes one line of the whole series (the robust
# futex delay, which no patch of the series adds).
# Each of them must FAIL there: a pass or a skip is a test that cannot fail,
# and fails make mutants.  They pass on the whole series (make test).
# Results: build/mutants/<date>/ and a table on stdout.  Not part of make
# test: each patch is a kernel build (incremental) and a boot, 3-8 minutes.
. "$(dirname "$0")/lib.sh"
H=$TOP/harness
OUT=${MUTANTS_OUT:-$B/mutants/$(date +%Y%m%d-%H%M%S)}
MTREE=$B/linux-mutant
MOBJ=$B/obj-mutant
mkdir -p "$OUT"

# subject of the patch dropped | the oom_reaper_test cases it must fail,
# from the end of the series back, so that each build is incremental
# (or "sed:FILE:EXPR", a change of the whole series, for what no patch adds:
# the robust-futex delay, and the OOM killer's NUMA eligibility, which the
# node-constrained tests depend on)
MUTANTS=(
	"sed:mm/oom_kill.c:s/^#define OOM_REAPER_DELAY (2\\*HZ)/#define OOM_REAPER_DELAY 0/|robust.waiter_gets_owner_dead"
	"sed:mm/oom_kill.c:/^static bool oom_cpuset_eligible(struct task_struct \\*start,\$/,/^}\$/s/^\treturn ret;\$/\treturn true;/|machine.mempolicy.stuck_victim_killed_once,machine.cpuset.stuck_victim_killed_once"
	"free the PTE tables the reaper empties|pgtables.freed_by_the_reap"
	"keep a reaped victim while only its exit|exit_only.hugetlb.killed_once,release.notifier_refused_then_reaped"
	"keep an exiting OOM victim visible|teardown.leader_exits_first_is_waited_for"
	"hide an exiting mm from the OOM killer|release.unreaped_giveup_is_premature"
	"add the vm.oom_reap_deadline_ms sysctl|queue.lowered_deadline_applies_to_queued,queue.deadline_sysctl_refuses_bad_values"
	"reap victims in rounds against a|queue.head_of_line_is_not_blocking"
	"reap OOM victims in the order they|queue.fifo_within_a_round"
)
[ -n "${ONLY_MUTANT:-}" ] && MUTANTS=("${MUTANTS[@]:$ONLY_MUTANT:1}")

stage deps "$H/deps.sh"
stage tree "$H/tree.sh"
tip=$(git -C "$TREE" rev-parse HEAD)
if [ ! -d "$MTREE" ]; then
	run git -C "$TREE" worktree add -q -f --detach "$MTREE" "$tip"
fi

bad=0
printf '| kernel | selftest | result | first failed check |\n|---|---|---|---|\n' > "$OUT/table.md"
for m in "${MUTANTS[@]}"; do
	subj=${m%%|*} cases=${m#*|}
	if [[ $subj == sed:* ]]; then
		file=${subj#sed:} expr=${file#*:} file=${file%%:*}
		full="the series with $file changed by sed '$expr'"
		log "mutant: $full: $cases"
		run git -C "$MTREE" checkout -q -f --detach "$tip"
		run sed -i "$expr" "$MTREE/$file"
		git -C "$MTREE" diff --quiet && die "sed '$expr' changed nothing in $file"
		name=sed-$(echo "$expr" | md5sum | cut -c1-8)
	else
		commit=$(git -C "$TREE" log --format=%H --fixed-strings --grep="$subj" base..HEAD | tail -1)
		[ -n "$commit" ] || die "no patch \"$subj\" in the tree"
		full="without \"$(git -C "$TREE" log -1 --format=%s "$commit")\""
		log "mutant: $full: $cases"
		run git -C "$MTREE" checkout -q -f --detach "$commit^"
		run git -C "$MTREE" clean -q -fd -- tools/testing/selftests/mm
		# The selftests (and the module they drive) of the whole series.
		run git -C "$MTREE" checkout -q "$tip" -- tools/testing/selftests/mm lib/test_oom_reaper.c lib/test_oom_reaper_uapi.h
		name=$(echo "$subj" | tr -c 'a-z0-9\n' '-' | tr -s '-')
	fi
	logdir=$OUT/$name
	if TREE=$MTREE OBJ=$MOBJ stage "build-$name" "$H/build.sh" &&
	   TREE=$MTREE OBJ=$MOBJ stage "selftests-$name" "$H/selftests.sh" &&
	   TREE=$MTREE OBJ=$MOBJ stage "initramfs-$name" "$H/initramfs.sh"; then
		LOGDIR=$logdir OBJ=$MOBJ EXTRA_CMDLINE="oomreap.tests=oom_reaper_test oomreap.only=$cases" \
			stage "boot-$name" "$H/boot.sh" test || true
	fi
	for c in ${cases//,/ }; do
		r=$(grep -E "^    (not )?ok [0-9]+ $c( |$)" "$logdir/ktap" 2>/dev/null | head -1)
		case $r in
		*"not ok"*)	res=FAIL ;;
		*"# SKIP"*)	res="SKIP (cannot fail: a finding)"; bad=1 ;;
		*ok*)		res="PASS (cannot fail: a finding)"; bad=1 ;;
		*)		res="no result (see $logdir)"; bad=1 ;;
		esac
		# What failed first: the case's first "Expected ..." line, and the
		# message the check logs with it, between its RUN and its result.
		why=$(awk -v c="$c" '
			index($0, "RUN           " c " ") { on = 1; next }
			on && /^    # +(OK|FAIL|SKIP) / { exit }
			on && got { if (/oom_reaper_test\.c:[0-9]+:/ && !/:Expected /) {
					sub(/^ *# *oom_reaper_test\.c:[0-9]+:[^:]*:/, ""); printf " / %s", $0 }
				exit }
			on && /oom_reaper_test\.c:[0-9]+:[^:]*:Expected / {
				sub(/^ *# */, ""); printf "%s", $0; got = 1 }' \
			"$logdir/ktap" 2>/dev/null | sed 's/|/\\|/g' | cut -c1-200)
		printf '| %s | %s | %s | %s |\n' "$full" "$c" "$res" "${why:--}" >> "$OUT/table.md"
	done
done
run git -C "$MTREE" checkout -q -f --detach "$tip"
cat "$OUT/table.md"
log "results in $OUT"
[ $bad = 0 ]
