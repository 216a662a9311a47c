#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Pack the guest's initramfs: busybox (static), guest/ scripts, the
# selftest binaries, the harness' guest tools, the kernel's modules, and
# stress-ng (dynamic: with its libraries and loader) for make soak, and
# trace-cmd (the same way) for the guest's traces.  An architecture whose
# guest cannot run the host's binaries (config/qemu/ARCH.sh: HOST_BINARIES,
# arm64): Debian's busybox-static of that architecture (extracted by
# 'deps.sh arm64'), the guest programs cross-compiled, and no bash-static,
# stress-ng or trace-cmd.
. "$(dirname "$0")/lib.sh"

ROOT=$OBJ/initramfs
IMG=$OBJ/initramfs.cpio.gz
if [ "$HOST_BINARIES" = 1 ]; then
	BUSYBOX=${BUSYBOX:-/bin/busybox}
	[ -x "$BUSYBOX" ] || die "$BUSYBOX not found (install busybox-static)"
else
	BUSYBOX=${BUSYBOX:-$B/$ARCH/busybox}
	[ -x "$BUSYBOX" ] || die "$BUSYBOX not found (make deps ARCH=$ARCH extracts Debian's busybox-static:$ARCH)"
fi
! readelf -l "$BUSYBOX" | grep -q 'program interpreter' || die "$BUSYBOX is not static (install busybox-static)"

# The harness' own guest programs (not part of the series).
mkdir -p "$OBJ/guest-tools"
for c in "$TOP"/guest/tools/*.c; do
	t=$OBJ/guest-tools/$(basename "${c%.c}")
	# -I the kernel tree: victim.c takes the test module's contract from
	# lib/test_oom_reaper_uapi.h.
	[ "$t" -nt "$c" ] || run "$TARGET_CC" -static -O2 -Wall -Werror -pthread -I "$TREE" -o "$t" "$c"
done

rm -rf "$ROOT"
mkdir -p "$ROOT"/{bin,sbin,proc,sys,dev,tmp,selftests,guest,lib/modules,root}
cp "$BUSYBOX" "$ROOT/bin/busybox"
cp "$TOP/guest/init" "$ROOT/init"
cp "$TOP"/guest/*.sh "$TOP"/guest/*.awk "$TOP/guest/emit" "$ROOT/guest/"
[ -d "$OBJ/selftests" ] && find "$OBJ/selftests" -type f -executable -exec cp {} "$ROOT/selftests/" \;
# run_vmtests.sh, for oomreap.vmtests=1 (the way a tester runs
# oom_reaper_test), with Debian's bash-static where the host has it and
# the guest can run it.
cp "$TREE/tools/testing/selftests/mm/run_vmtests.sh" "$ROOT/selftests/"
if [ "$HOST_BINARIES" = 1 ] && [ -x /bin/bash-static ]; then
	cp /bin/bash-static "$ROOT/bin/bash"
fi
# make mmtests: the kernel's own mm selftests and their runner, which is a
# bash script: Debian's static bash as /bin/bash (busybox has none).
if [ -d "$OBJ/mmtests" ]; then
	mkdir -p "$ROOT/mmtests"
	find "$OBJ/mmtests" -maxdepth 1 -type f ! -name build.log -exec cp {} "$ROOT/mmtests/" \;
	find "$ROOT/mmtests" -type f -executable ! -name '*.sh' -exec "${CROSS_COMPILE}strip" {} +
	[ -x /bin/bash-static ] || die "no /bin/bash-static for run_vmtests.sh (install bash-static)"
	cp /bin/bash-static "$ROOT/bin/bash"
fi
# make kselftest: a kselftest-install tree of TARGETS=mm.
if [ -n "${KSELFTEST_INSTALL:-}" ]; then
	cp -a "$KSELFTEST_INSTALL" "$ROOT/kselftest_install"
fi
if [ -d "$OBJ/guest-tools" ]; then
	cp "$OBJ"/guest-tools/* "$ROOT/guest/"
fi
if [ -d "$OBJ/modroot/lib/modules" ]; then
	cp -a "$OBJ/modroot/lib/modules/." "$ROOT/lib/modules/"
fi

# stress-ng and trace-cmd are only packaged dynamically linked: copy each
# with every library ldd lists and the loader, at the paths the binary
# asks for, so that it runs in the busybox guest.  libgcc_s is loaded by
# glibc's pthread_cancel() at run time and ldd does not list it: copy it
# too when it is there.  Without one of them the guest does without and
# says so where it matters (guest/soak.sh needs stress-ng; guest/oomtrace.sh
# falls back to the tracefs trace file); the other jobs do not care, so
# this is not an error.
# copy_dynamic BIN NAME WHAT: BIN into /usr/bin/NAME with its libraries;
# WHAT is what goes without it, for the warning.
copy_dynamic() {
	local bin=$1 name=$2 what=$3 deps libs libc l
	# "name => /path (addr)" for a library, "/path (addr)" for the loader;
	# a static binary has none (ldd fails, and that is fine).
	deps=$( [ -x "$bin" ] && ldd "$bin" 2>/dev/null ) || true
	if [ ! -x "$bin" ]; then
		warn "$name not found at $bin (Debian package $name, make deps): $what"
		return 0
	elif grep -q 'not found' <<< "$deps"; then
		warn "$name left out of the initramfs, libraries missing on the host:" \
			"$(grep 'not found' <<< "$deps" | tr -s ' \t\n' ' '); $what"
		return 0
	fi
	libs=$(sed -n -e 's/.*=> \(\/[^ ]*\) .*/\1/p' -e 's/^[[:space:]]*\(\/[^ ]*\) .*/\1/p' <<< "$deps")
	libc=$(grep -o '/[^ ]*/libc\.so\.6' <<< "$deps" || true)
	if [ -n "$libc" ] && [ -f "$(dirname "$libc")/libgcc_s.so.1" ]; then
		libs="$libs $(dirname "$libc")/libgcc_s.so.1"
	fi
	mkdir -p "$ROOT/usr/bin"
	cp "$bin" "$ROOT/usr/bin/$name"
	for l in $libs; do
		mkdir -p "$ROOT$(dirname "$l")"
		cp -L "$l" "$ROOT$l"
	done
	log "$name: $bin with $(echo $libs | wc -w) libraries and the loader"
}
if [ "$HOST_BINARIES" = 1 ]; then
	copy_dynamic "${STRESS_NG:-/usr/bin/stress-ng}" stress-ng "the initramfs has none, and make soak will fail for it"
	copy_dynamic "${TRACE_CMD:-/usr/bin/trace-cmd}" trace-cmd "the guest's traces come from the tracefs trace file"
else
	log "$ARCH: no stress-ng or trace-cmd (the host's do not run in this guest): the guest's traces come from the tracefs trace file"
fi
( cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc --quiet --owner=0:0 ) | gzip -1 > "$IMG"
log "initramfs $IMG: $(du -h "$IMG" | cut -f1), $(ls "$ROOT/selftests" | wc -l) selftests$( [ -d "$ROOT/mmtests" ] && echo ", $(ls "$ROOT/mmtests" | wc -l) files of mm selftests")"
