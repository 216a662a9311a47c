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
# Results: build/mutants/<date>/ and a table on stdout (TABLE_ONLY=1
# MUTANTS_OUT=build/mutants/<date>: the table again from that run's logs).  Not part of make
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
# the robust-futex delay and the OOM killer's NUMA eligibility, which the
# tests depend on, the two conditions of the release policy that keep
# it from waiting for hugetlb the exit does not free or whose release
# cannot end the OOM (a shared mapping's pages are page cache, which the
# anonymous-folio test already leaves out: skipping VM_MAYSHARE VMAs only
# saves the walk, and no test can tell), its default (off) and its off
# switch, the memcgs a kept victim holds
# back (its own and its ancestors'), the dying leaders that only the
# victim selection walks, the page-table freeing's two restrictions and its walk that skips
# empty levels, the last replaced by a lookup of every PMD slot as the
# first version of the freeing made, exit_mmap() hiding the victim
# before mmap_write_lock(), moved after free_pgtables() as v2 did, the
# slice budget, made unlimited so that each victim is reaped whole while
# the workers stay, the deadline's cap on what one look charges,
# removed so that a deadline counts time since queueing as v3's did, the
# pause before a refused victim's next pass, left uncharged as the first
# slices did, and the three rules of a pinned victim: the OOM killer's wait for victims in
# flight, the early queueing of one with no thread left, and the memcg
# domain of the wait, widened to every memcg; and the exit's report of
# a give-up, told as a release: the series up to the patch before the
# one that adds it has no release policy for its case's fixture to set)
MUTANTS=(
	"sed:mm/oom_kill.c:s/^#define OOM_REAPER_DELAY (2\\*HZ)/#define OOM_REAPER_DELAY 0/|robust.waiter_gets_owner_dead"
	"sed:mm/oom_kill.c:/^static bool oom_cpuset_eligible(struct task_struct \\*start,\$/,/^}\$/s/^\treturn ret;\$/\treturn true;/|machine.mempolicy.stuck_victim_killed_once,machine.cpuset.stuck_victim_killed_once"
	"sed:mm/oom_kill.c:/^static unsigned long oom_reap_hugetlb_waitable/,/^}\$/s/^\t    !(cgrp_dfl_root.flags & CGRP_ROOT_MEMORY_HUGETLB_ACCOUNTING))\$/\t    false)/|no_wait.hugetlb_uncharged.released_at_once"
	"sed:mm/pgtable-generic.c:/^static bool empty_pt_allowed/,/^}\$/s/^\tif (!vma_is_anonymous(vma) .. vma->vm_file)\$/\tif (0)/|pgtables.kept_under_a_file_mapping"
	"sed:mm/pgtable-generic.c:/^static bool empty_pt_allowed/,/^}\$/{s/userfaultfd_armed(vma)/0/;s/vma->vm_userfaultfd_ctx\.ctx/0/}|pgtables.kept_while_a_userfaultfd_is_registered"
	"sed:mm/pgtable-generic.c:/^unsigned long free_empty_pte_tables(/,/^}\$/s/^\t\tempty_pt_visit(\&w);\$/\t\tfor (unsigned long a = addr; a < next; a += PMD_SIZE) { mm_find_pmd(mm, a); empty_pt_visit(\&w); }/|pgtables.reserved_address_space_costs_nothing"
	"sed:mm/oom_kill.c:s/^\t\t\t    folio_test_anon(page_folio(pte_page(pte))))\$/\t\t\t    pte_page(pte))/|no_wait.hugetlb_file_read.released_at_once"
	"sed:mm/oom_kill.c:s/^static unsigned int sysctl_oom_reap_wait_for_exit;\$/static unsigned int sysctl_oom_reap_wait_for_exit = 1;/|queue.wait_sysctl_defaults_off_and_refuses_bad_values"
	"sed:mm/oom_kill.c:/^static enum oom_mm_reap_ret oom_reap_classify(/,/^}\$/s/^\tif (!READ_ONCE(sysctl_oom_reap_wait_for_exit))\$/\tif (0)/|exit_only.hugetlb.not_kept_by_default"
	"sed:mm/oom_kill.c:/^static bool oom_victim_holds_back(/,/^}\$/s/^\treturn is_memcg_oom(oc);\$/\treturn is_memcg_oom(oc) \&\& mem_cgroup_from_task(task) == oc->memcg;/|exit_only.hugetlb.ancestor_oom_waits"
	"sed:mm/memcontrol.c:s/^\t__mem_cgroup_scan_tasks(memcg, CSS_TASK_ITER_PROCS, fn, arg);\$/\t__mem_cgroup_scan_tasks(memcg, CSS_TASK_ITER_PROCS \\x7c CSS_TASK_ITER_DYING_LEADERS, fn, arg);/|teardown.group_kill_passes_zombies_by"
	"sed:mm/mmap.c:/^\tunmap_vmas(/,/^\tmmap_write_lock(mm);\$/s/^\texit_mmap_oom_done(mm, \&tlb, oom_skipped_before);\$//;/^void exit_mmap(/,/^}\$/s/^\ttlb_finish_mmu(\&tlb);\$/\ttlb_finish_mmu(\&tlb);\n\texit_mmap_oom_done(mm, NULL, oom_skipped_before);/|teardown.blocked_exit_is_not_waited_for"
	"sed:mm/oom_kill.c:s/^#define OOM_REAP_SLICE_BUDGET\t(2 \\* PTRS_PER_PTE)\$/#define OOM_REAP_SLICE_BUDGET\tLONG_MAX/|big.small_victim_waits_one_slice"
	"sed:mm/oom_kill.c:s/^\tp->tried += min_t(unsigned long, now - p->last, OOM_REAP_ROUND_PAUSE);\$/\tp->tried += now - p->last;/|big.held_victim_tried_for_its_deadline"
	"sed:mm/oom_kill.c:s/^\t\t\tif (time_after(p->due, p->last))\$/\t\t\tif (0)/|big.refused_victim_given_up_at_its_deadline"
	"sed:mm/oom_kill.c:s/^\tif (!is_sysrq_oom(oc) .. oom_inflight_holds_back(oc))\$/\tif (0)/|pinned.module.killed_once,pinned.reader.killed_once,machine.global.pinned_victim_waited_for"
	"sed:mm/oom_kill.c:/^static void oom_reap_early(/,/^}\$/s/^\tif (!timer_delete(.tsk->oom_reaper_timer))\$/\tif (1)/|pinned.module.killed_once,pinned.reader.killed_once"
	"sed:mm/oom_kill.c:/^static bool oom_victim_in_domain(/,/^}\$/s/^\t\treturn mem_cgroup_is_descendant(/\t\treturn 1 + 0 * mem_cgroup_is_descendant(/|sibling.oom_not_held_back"
	"sed:mm/mmap.c:s/^\t\t\treason = OOM_REAP_EXIT_SAW_GIVEUP;\$/\t\t\treason = OOM_REAP_EXIT_SAW_RELEASE;/|release.unreaped_giveup_is_premature"
	"reap OOM victims on several workers|big.two_victims_reaped_at_once"
	"reap a lone OOM victim on two workers|big.lone_victim_reaped_on_two_workers"
	"free the PTE tables the reaper empties|pgtables.freed_by_the_reap"
	"optionally keep a reaped victim until|exit_only.hugetlb.killed_once"
	"keep an exiting OOM victim visible|teardown.leader_exits_first_is_waited_for"
	"add the vm.oom_reap_deadline_ms sysctl|queue.lowered_deadline_applies_to_queued,queue.deadline_sysctl_refuses_bad_values"
	"reap victims in rounds against a|queue.head_of_line_is_not_blocking"
	"reap OOM victims in the order they|queue.fifo_within_a_round"
)
# ONLY_MUTANT=i[,j...]: only these entries (0 is the first).
if [ -n "${ONLY_MUTANT:-}" ]; then
	only=()
	for i in ${ONLY_MUTANT//,/ }; do only+=("${MUTANTS[$i]}"); done
	MUTANTS=("${only[@]}")
fi

stage deps "$H/deps.sh"
stage tree "$H/tree.sh"
tip=$(git -C "$TREE" rev-parse HEAD)
if [ ! -d "$MTREE" ]; then
	run git -C "$TREE" worktree add -q -f --detach "$MTREE" "$tip"
fi

bad=0
printf '| kernel | selftest | result | checks that failed |\n|---|---|---|---|\n' > "$OUT/table.md"
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
	if [ -n "${TABLE_ONLY:-}" ]; then
		:	# the table again from the logs of the run in MUTANTS_OUT
	elif TREE=$MTREE OBJ=$MOBJ stage "build-$name" "$H/build.sh" &&
	   TREE=$MTREE OBJ=$MOBJ stage "selftests-$name" "$H/selftests.sh" &&
	   TREE=$MTREE OBJ=$MOBJ stage "initramfs-$name" "$H/initramfs.sh"; then
		LOGDIR=$logdir OBJ=$MOBJ EXTRA_CMDLINE="oomreap.tests=oom_reaper_test oomreap.only=$cases" \
			stage "boot-$name" "$H/boot.sh" test || true
	fi
	# Each case's result from results.py's table.
	rm -f "$logdir/cases.tsv"
	[ ! -f "$logdir/ktap" ] ||
		python3 "$H/results.py" "$TREE" "$logdir/ktap" "$logdir/counts" "$logdir/cases.tsv" > "$logdir/results.txt" || true
	for c in ${cases//,/ }; do
		# "result<TAB>reason" of the case; for a failure, the reason is
		# the checks that failed, by the message each logged.  No table
		# (the mutant did not build or boot) is no result, not the end
		# of make mutants (set -e, pipefail).
		row=$(suite_cases "$logdir/cases.tsv" oom_reaper_test 2>/dev/null |
			awk -F'\t' -v c="$c" '$2 == c { print $1 "\t" $3; exit }') || row=
		checks=
		case ${row%%$'\t'*} in
		fail)	res=FAIL checks=${row#*$'\t'} ;;
		skip)	res="SKIP (cannot fail: a finding)"; bad=1 ;;
		pass)	res="PASS (cannot fail: a finding)"; bad=1 ;;
		*)	res="no result (see $logdir)"; bad=1 ;;
		esac
		why=$(printf '%s' "$checks" |
			sed -E 's/Expected 0 \(0\) != trace_wait(_pid)?\(&self->(env\.)?tr, "([a-z_]+)", [^;]*\) \(0\)/no \3 event/g
				s/Expected 0 \(0\) == trace_wait(_pid)?\(&self->(env\.)?tr, "([a-z_]+)", [^;]*\) \(1\)/an unexpected \3 event/g
				s/Expected ([^ ]+) \([^)]*\) == memcg_event\(&self->(env\.)?cg, "([a-z_]+)"\) \(([0-9]+)\)/\3 \4, not \1/g
				s/\|/\\|/g' | cut -c1-400)
		printf '| %s | %s | %s | %s |\n' "$full" "$c" "$res" "${why:--}" >> "$OUT/table.md"
	done
done
run git -C "$MTREE" checkout -q -f --detach "$tip"
cat "$OUT/table.md"
log "results in $OUT"
[ $bad = 0 ]
