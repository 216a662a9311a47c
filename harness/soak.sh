#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make soak [SOAK=seconds]: build the patched kernel and the initramfs
# (NOBUILD=1: boot what is built), boot it and run guest/soak.sh for SOAK
# seconds (default 180): memcgs kept at their limits by stress-ng, the
# test module's stuck victims now and then, a control process outside
# them.  harness/soakreport.py then judges the run from the trace, the
# memcgs' memory.events and the console: it fails on a hung guest, a
# kernel splat, a control process killed or whose data changed, or a kill
# outside an OOMing soak memcg.  Results in build/soak/<date>/ (console,
# raw trace, summary.md); the last line printed is the verdict.
. "$(dirname "$0")/lib.sh"
H=$TOP/harness
SOAK=${SOAK:-180}
[[ $SOAK =~ ^[0-9]+$ ]] && [ "$SOAK" -ge 10 ] || die "SOAK must be a number of seconds, 10 or more (got '$SOAK')"
OUT=${SOAK_OUT:-$B/soak/$(date +%Y%m%d-%H%M%S)}
# The guest's own bounded waits after the soak add up to about 3 minutes
# at worst (memcgs emptying 30 s, loops 20 s, the reaper's last deadline,
# the control's last pass 120 s); then the trace goes back to the host.
# Anything longer is a hung kernel.
export BOOT_TIMEOUT=${BOOT_TIMEOUT:-$((SOAK + 420))}
t0=$(date +%s)

if [ "${NOBUILD:-0}" != 1 ]; then
	stage deps "$H/deps.sh"
	stage tree "$H/tree.sh"
	stage build "$H/build.sh"
	stage initramfs "$H/initramfs.sh"
fi
mkdir -p "$OUT" "$B/logs"
# boot.sh's messages go to boot.log too: the report reads a host-side
# timeout from there.  The guest's own settings: SOAK_CMDLINE, e.g.
# "oomreap.soak_memcgs=6 oomreap.soak_stuck_ms=3000" (guest/soak.sh).
{
	rc=0
	LOGDIR=$OUT EXTRA_CMDLINE="oomreap.soak=$SOAK ${SOAK_CMDLINE:-}" \
		stage soak "$H/boot.sh" soak.sh 2>&1 || rc=$?
	echo $rc > "$OUT/boot.rc"
} | tee "$OUT/boot.log"
rc=$(cat "$OUT/boot.rc")
log "make soak: the guest part ended with status $rc after $(( $(date +%s) - t0 ))s"
report=0
python3 "$H/soakreport.py" "$OUT" "$rc" > "$OUT/report.txt" || report=$?
log "make soak took $(( $(date +%s) - t0 ))s; results in $OUT"
cat "$OUT/report.txt"
# soakreport.py ends with the verdict; if it crashed, say so last.
if ! tail -n 1 "$OUT/report.txt" | grep -q '^SOAK \(PASSED\|FAILED\)'; then
	echo "SOAK FAILED: harness/soakreport.py failed (exit $report) on $OUT"
	exit 1
fi
exit $report
