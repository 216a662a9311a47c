#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make kcsan: the test config plus config/kcsan.config (KCSAN) built into
# build/obj-kcsan, the guest suite run on it as make test runs it, and
# every KCSAN report of the console sorted by harness/kcsanreport.py:
# "series" when a frame of either access is in a function whose body the
# series changes, "base" otherwise.  Results in build/kcsan/<date>/
# (report.md, console.log, ktap, cases.tsv).  Exits 1 on a "series" report,
# on another kernel error in the console or when the guest's tests did not
# pass.  Not part of make test: a third kernel build and guest run.
. "$(dirname "$0")/lib.sh"
export VARIANT=kcsan EXTRA_FRAGMENTS="$TOP/config/kcsan.config"
export OBJ=$B/obj-kcsan
H=$TOP/harness
OUT=$B/kcsan/$(date +%Y-%m-%d)
mkdir -p "$OUT"
guest_stages
stage initramfs "$H/initramfs.sh"
export LOGDIR=$B/logs/kcsan-$(date +%Y%m%d-%H%M%S)
# boot.sh fails on any splat, and every KCSAN report is one: the verdict
# is the report's, below.
BOOT_TIMEOUT=${BOOT_TIMEOUT:-1800} stage boot "$H/boot.sh" test || true
cp "$LOGDIR/console.log" "$OUT/console.log"
[ -f "$LOGDIR/ktap" ] && cp "$LOGDIR/ktap" "$OUT/ktap"
rc=0
python3 "$H/results.py" "$TREE" "$OUT/ktap" "$OUT/counts" "$OUT/cases.tsv" || rc=1
python3 "$H/kcsanreport.py" "$TREE" "$OUT/console.log" "$OUT/counts" > "$OUT/report.md" || rc=1
cat "$OUT/report.md"
log "KCSAN report: $OUT/report.md"
exit $rc
