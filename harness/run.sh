#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make run: build the patched kernel and the initramfs, boot, OOM several
# memcgs at once (guest/run-demo.sh) and print the reaper's story from the
# trace as a per-victim timeline, and draw it (timeline.png).
. "$(dirname "$0")/lib.sh"
H=$TOP/harness
stage deps "$H/deps.sh"
stage tree "$H/tree.sh"
stage build "$H/build.sh"
stage selftests "$H/selftests.sh"
stage initramfs "$H/initramfs.sh"
export LOGDIR=$B/logs/run-$VARIANT-$(date +%Y%m%d-%H%M%S)
rc=0
stage boot "$H/boot.sh" run || rc=$?
[ -f "$LOGDIR/trace" ] || die "no trace came back from the guest (console: $LOGDIR/console.log)"
echo
echo "Reaper timeline ($(kernelrelease), $(sed -n 's/.*memcg=\([^ ]*\).*/\1/p' "$LOGDIR/victims" | sort -u | wc -l) memcgs OOMing at once):"
python3 "$H/timeline.py" --png "$LOGDIR/timeline.png" "$LOGDIR/trace" "$LOGDIR/victims" || rc=1
echo
[ -f "$LOGDIR/memcgs" ] && { echo "memory.events oom_kill per memcg:"; sed 's/^/  /' "$LOGDIR/memcgs"; }
echo "raw trace: $LOGDIR/trace"
[ -f "$LOGDIR/timeline.png" ] && echo "picture:   $LOGDIR/timeline.png"
echo "console:   $LOGDIR/console.log"
exit $rc
