#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Pack the guest's initramfs: busybox (static), guest/ scripts, the
# selftest binaries, the harness' guest tools, and the kernel's modules.
. "$(dirname "$0")/lib.sh"

ROOT=$OBJ/initramfs
IMG=$OBJ/initramfs.cpio.gz
BUSYBOX=${BUSYBOX:-/bin/busybox}
[ -x "$BUSYBOX" ] || die "$BUSYBOX not found (install busybox-static)"
! readelf -l "$BUSYBOX" | grep -q 'program interpreter' || die "$BUSYBOX is not static (install busybox-static)"

# The harness' own guest programs (not part of the series).
mkdir -p "$OBJ/guest-tools"
for c in "$TOP"/guest/tools/*.c; do
	t=$OBJ/guest-tools/$(basename "${c%.c}")
	[ "$t" -nt "$c" ] || run gcc -static -O2 -Wall -Werror -pthread -o "$t" "$c"
done

rm -rf "$ROOT"
mkdir -p "$ROOT"/{bin,sbin,proc,sys,dev,tmp,selftests,guest,lib/modules,root}
cp "$BUSYBOX" "$ROOT/bin/busybox"
cp "$TOP/guest/init" "$ROOT/init"
cp "$TOP"/guest/*.sh "$TOP/guest/emit" "$ROOT/guest/"
[ -d "$OBJ/selftests" ] && find "$OBJ/selftests" -type f -executable -exec cp {} "$ROOT/selftests/" \;
if [ -d "$OBJ/guest-tools" ]; then
	cp "$OBJ"/guest-tools/* "$ROOT/guest/"
fi
if [ -d "$OBJ/modroot/lib/modules" ]; then
	cp -a "$OBJ/modroot/lib/modules/." "$ROOT/lib/modules/"
fi
( cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc --quiet --owner=0:0 ) | gzip -1 > "$IMG"
log "initramfs $IMG: $(du -h "$IMG" | cut -f1), $(ls "$ROOT/selftests" | wc -l) selftests"
