#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make fragment-check: is tools/testing/selftests/mm/config enough for the
# OOM reaper selftests?  A kernel from tinyconfig + config/boot.config (what
# booting the guest needs, nothing a test needs) + ONLY that fragment of
# the patched tree, then oom_reaper_test in the guest.  Fails when a line
# of the fragment does not hold in .config, or when a case SKIPs or fails.
# Results in build/fragment-check/<date>/.
#
#   FRAGMENT_EXTRA=file   lines appended to the fragment (to try additions
#                         before they go into the patch)
. "$(dirname "$0")/lib.sh"
H=$TOP/harness
OUT=${FRAGMENT_OUT:-$B/fragment-check/$(date +%Y%m%d-%H%M%S)}
export OBJ=${FRAGMENT_OBJ:-$B/obj-fragment}
mkdir -p "$OUT" "$B/logs"

stage deps "$H/deps.sh"
stage tree "$H/tree.sh"

frag=$TREE/tools/testing/selftests/mm/config
[ -f "$frag" ] || die "no $frag in the tree"
cp "$frag" "$OUT/fragment.config"
if [ -n "${FRAGMENT_EXTRA:-}" ]; then
	[ -f "$FRAGMENT_EXTRA" ] || die "FRAGMENT_EXTRA=$FRAGMENT_EXTRA: no such file"
	log "appending $FRAGMENT_EXTRA to the fragment: $(grep -c '^CONFIG_' "$FRAGMENT_EXTRA") lines"
	cat "$FRAGMENT_EXTRA" >> "$OUT/fragment.config"
fi

# Missing options are the finding: listed, and the build goes on.
FRAGMENTS="$TOP/config/boot.config $OUT/fragment.config" CONFIG_CHECK=warn \
	stage build nice -n 10 "$H/build.sh"
cp "$OBJ/.config" "$OUT/config"
# A missing line the base fragment already had is upstream's (TEST_HMM
# wants ZONE_DEVICE, MEM_SOFT_DIRTY wants CHECKPOINT_RESTORE, ...): noted.
# A missing line the series (or FRAGMENT_EXTRA) adds fails the check.
git -C "$TREE" show base:tools/testing/selftests/mm/config > "$OUT/base-fragment.config"
missing=0
: > "$OUT/config-missing.txt"
: > "$OUT/config-missing-upstream.txt"
if [ -s "$OBJ/config-missing.txt" ]; then
	while IFS= read -r line; do
		if grep -qxF "${line%% (got:*}" "$OUT/base-fragment.config"; then
			echo "$line" >> "$OUT/config-missing-upstream.txt"
		else
			echo "$line" >> "$OUT/config-missing.txt"
			missing=$((missing + 1))
		fi
	done < "$OBJ/config-missing.txt"
fi
stage selftests "$H/selftests.sh"
stage initramfs "$H/initramfs.sh"
LOGDIR=$OUT/guest EXTRA_CMDLINE="oomreap.tests=oom_reaper_test" \
	stage boot nice -n 10 "$H/boot.sh" test || log "the guest run failed (see above)"

# Every case of oom_reaper_test: passed, failed or skipped, with the reason
# (results.py's table; the binary's own failure is one more).
: > "$OUT/cases"
if [ -f "$OUT/guest/ktap" ]; then
	python3 "$H/results.py" "$TREE" "$OUT/guest/ktap" "$OUT/counts" "$OUT/cases.tsv" > "$OUT/results.txt" || true
	suite_cases "$OUT/cases.tsv" oom_reaper_test > "$OUT/cases" || true
fi
{
	echo "# make fragment-check: $(basename "$OUT")"
	echo
	echo "Kernel: tinyconfig + config/boot.config + the patched tree's tools/testing/selftests/mm/config${FRAGMENT_EXTRA:+ + $FRAGMENT_EXTRA}."
	echo
	if [ "$missing" -gt 0 ]; then
		echo "Lines the series adds to the fragment that do not hold in .config ($missing):"
		sed 's/^/- /' "$OUT/config-missing.txt"
	else
		echo "Every line the series adds to the fragment holds in .config."
	fi
	if [ -s "$OUT/config-missing-upstream.txt" ]; then
		echo
		echo "Lines of the base fragment (upstream's, not the series') that do not hold on tinyconfig:"
		sed 's/^/- /' "$OUT/config-missing-upstream.txt"
	fi
	echo
	if [ -f "$OUT/guest/ktap" ]; then
		echo "oom_reaper_test: $(awk -F'\t' '{ n[$1]++ }
			END { printf "%d passed, %d failed, %d skipped", n["pass"], n["fail"], n["skip"] }' "$OUT/cases")"
		awk -F'\t' '$1 != "pass" { print "- " $1 " " $2 ($3 != "" ? ": " $3 : "") }' "$OUT/cases"
	else
		echo "oom_reaper_test: no results came back from the guest"
	fi
} > "$OUT/report.md"
cat "$OUT/report.md"
log "results in $OUT"
# A pass needs a case that passed: no table (results.py failed) or no
# case in it is not one.
[ "$missing" = 0 ] && [ -f "$OUT/guest/ktap" ] && grep -q '^pass' "$OUT/cases" && ! grep -qv '^pass' "$OUT/cases"
