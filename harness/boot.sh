#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# boot.sh JOB: boot $OBJ's kernel and initramfs in QEMU and run JOB in the
# guest (guest/init).  TCG unless ACCEL=kvm.  The serial console is kept in
# $LOGDIR/console.log, the guest's results arrive on a virtio console and
# are split into $LOGDIR/<section>.  A host-side timeout kills a hung guest.
# ICOUNT=1: TCG with -icount shift=0,sleep=off, the guest's clock advancing
# one nanosecond per instruction executed (one host thread, slower, immune
# to what else the host runs); for CPU-bound ratios of two kernels only:
# sleeps and timers advance that clock by rules of their own.
# Exits with the guest's exit status; fails on a timeout, a missing status,
# or a kernel splat in the console log.
# The architecture's QEMU, machine, console and kernel command line come
# from config/qemu/$ARCH.sh (through lib.sh): on arm64, qemu-system-aarch64
# -M virt, the kernel log on its PL011 UART, the results on the same
# virtio console (virtio-mmio), two NUMA nodes by numa=fake=2 as on x86.
. "$(dirname "$0")/lib.sh"

JOB=${1:?usage: boot.sh JOB}
ACCEL=${ACCEL:-tcg}
MEM=${MEM:-2G}
SMP=${SMP:-2}
if [ "$DEBUG" = 1 ]; then BOOT_TIMEOUT=${BOOT_TIMEOUT:-$((2400 * QEMU_SLOW))}; else BOOT_TIMEOUT=${BOOT_TIMEOUT:-$((900 * QEMU_SLOW))}; fi
LOGDIR=${LOGDIR:-$B/logs/$JOB-$VARIANT-$(date +%Y%m%d-%H%M%S)}
KERNEL=$OBJ/$KIMAGE
INITRD=$OBJ/initramfs.cpio.gz
[ -f "$KERNEL" ] || die "no kernel at $KERNEL: run 'make build'"
[ -f "$INITRD" ] || die "no initramfs at $INITRD: run 'make initramfs'"
mkdir -p "$LOGDIR"
mkdir -p "$B/logs"
# latest-JOB, latest-JOB-arm64, latest-JOB-arm64-debug: x86 and arm64 runs side by side.
ln -sfn "$LOGDIR" "$B/logs/latest-$JOB${ARCH_VARIANT:+-$VARIANT}"

case $ACCEL in
tcg)	if [ "${ICOUNT:-0}" = 1 ]; then
		accel=(-accel tcg -cpu max -icount shift=0,sleep=off)
	else
		accel=(-accel tcg,thread=multi -cpu max)
	fi ;;
kvm)	[ "${ICOUNT:-0}" = 1 ] && die "ICOUNT=1 needs ACCEL=tcg"
	accel=(-accel kvm -cpu host) ;;
*) die "ACCEL must be tcg or kvm" ;;
esac

# Two NUMA nodes through numa=fake, whatever the machine can describe.
cmdline="console=$QEMU_CONSOLE${QEMU_CMDLINE:+ $QEMU_CMDLINE} panic=-1 numa=fake=2 oomreap.job=$JOB log_buf_len=8M ${EXTRA_CMDLINE:-}"
# TCG without icount: the guest's TSC runs at the host's TSC rate, but on
# a busy host the guest's calibration against the PIT fails ("tsc: Unable
# to calibrate against PIT"; microvm has no HPET or PM timer to fall back
# on), the kernel marks the TSC unstable and every clock of the guest,
# trace timestamps and CLOCK_MONOTONIC included, moves in 4 ms jiffies.
# Give it the host's rate instead (measured by harness/tsckhz.c, which
# deps.sh builds), and trust it: there is nothing better in the guest to
# check it against.  Under icount the TSC is the instruction clock and
# calibrates exactly.
if [ "$QEMU_HOST_TSC" = 1 ] && [ "$ACCEL" = tcg ] && [ "${ICOUNT:-0}" != 1 ]; then
	if [ ! -x "$B/tsckhz" ]; then
		warn "no $B/tsckhz (make deps builds it): the guest calibrates its own TSC, and may fall back to 4 ms jiffies on a busy host"
	elif grep -qw constant_tsc /proc/cpuinfo && grep -qw nonstop_tsc /proc/cpuinfo && khz=$("$B/tsckhz"); then
		cmdline+=" tsc_early_khz=$khz tsc=reliable"
	else
		warn "no constant host TSC rate: the guest calibrates its own, and may fall back to 4 ms jiffies on a busy host"
	fi
fi
t0=$(date +%s)
log "booting $(basename "$OBJ") for job '$JOB'${ICOUNT:+ (icount=$ICOUNT)} (timeout ${BOOT_TIMEOUT}s, logs in $LOGDIR)"
rc=0
run timeout -k 10 "$BOOT_TIMEOUT" "$QEMU_BIN" -M "$QEMU_MACHINE" "${accel[@]}" \
	-smp "$SMP" -m "$MEM" -no-reboot -nodefaults -display none \
	-serial "file:$LOGDIR/console.log" \
	-device virtio-serial-device -chardev "file,id=results,path=$LOGDIR/hvc.txt" \
	-device virtconsole,chardev=results \
	-kernel "$KERNEL" -initrd "$INITRD" -append "$cmdline" || rc=$?
log "guest ran for $(( $(date +%s) - t0 ))s"

if [ $rc = 124 ] || [ $rc = 137 ]; then
	tail -n 40 "$LOGDIR/console.log" >&2
	die "guest timed out after ${BOOT_TIMEOUT}s and was killed (last console lines above; log $LOGDIR/console.log)"
fi
[ $rc = 0 ] || { tail -n 20 "$LOGDIR/console.log" >&2; die "qemu failed with exit status $rc"; }

status=$("$TOP/harness/split.py" "$LOGDIR/hvc.txt" "$LOGDIR")
if [ -z "$status" ]; then
	tail -n 40 "$LOGDIR/console.log" >&2
	die "the guest did not report an exit status (last console lines above)"
fi

# Kernel splats fail the run whatever the tests said (splats() in lib.sh,
# by harness/kernel-errors.txt).  An OOM report's "Call Trace" is not one,
# nor is a reaper's give-up: some tests keep a victim from exiting on
# purpose, so those are only counted.
if splats "$LOGDIR/console.log" > "$LOGDIR/splats.txt"; then
	cat "$LOGDIR/splats.txt" >&2
	die "kernel splat in the console log ($LOGDIR/console.log): see above"
fi
rm -f "$LOGDIR/splats.txt"
n=$(grep -cE 'oom_reaper: (unable to reap|gave up waiting)' "$LOGDIR/console.log" || true)
[ "$n" = 0 ] || log "console: $n reaper give-ups (expected only where a test keeps a victim from exiting)"
log "guest job '$JOB' exited with status $status"
exit "$status"
