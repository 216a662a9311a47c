# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034  # read by harness/lib.sh
# arm64 (ARCH=arm64, make test-arm64): what harness/lib.sh, build.sh,
# initramfs.sh and boot.sh need to know of the architecture.  Sourced, not
# run.

KARCH=arm64				# kbuild's ARCH
CROSS_COMPILE=aarch64-linux-gnu-	# the toolchain's prefix
KIMAGE=arch/arm64/boot/Image		# what make builds and QEMU boots (in $OBJ)
ARCH_VARIANT=arm64			# tree build/linux-arm64, variants arm64 and arm64-debug
ARCH_FRAGMENT=arm64.config		# config/arm64.config on top, x86's lines it names left out
# The host's (x86_64) binaries do not run in the guest: Debian's arm64
# busybox-static (deps.sh arm64), no bash-static, stress-ng or trace-cmd.
HOST_BINARIES=0

QEMU_BIN=qemu-system-aarch64
# numa=fake works on arm64 too (mm/numa_emulation.c, 6.12): the same two
# nodes as on x86, where the virt machine could describe real ones.
QEMU_MACHINE=virt
QEMU_CONSOLE=ttyAMA0			# the PL011 UART
QEMU_CMDLINE=
QEMU_SLOW=2				# guests under TCG run slower than x86's
QEMU_HOST_TSC=0
