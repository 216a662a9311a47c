# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034  # read by harness/lib.sh
# x86_64 (the default): what harness/lib.sh, build.sh, initramfs.sh and
# boot.sh need to know of the architecture.  Sourced, not run.

KARCH=x86_64				# kbuild's ARCH
CROSS_COMPILE=				# the toolchain's prefix
KIMAGE=arch/x86/boot/bzImage		# what make builds and QEMU boots (in $OBJ)
ARCH_VARIANT=				# tree build/linux, variants default and debug
ARCH_FRAGMENT=				# a config/ fragment of its own
# The host's own binaries run in the guest: busybox-static, bash-static,
# stress-ng and trace-cmd go into the initramfs from the host.
HOST_BINARIES=1

QEMU_BIN=qemu-system-x86_64
# microvm sees -smp 2 without ACPI; it has no ACPI tables to describe
# NUMA nodes either: two by numa=fake on every architecture.
QEMU_MACHINE=microvm,acpi=off
QEMU_CONSOLE=ttyS0
# With -no-reboot, a reboot -f in the guest makes QEMU exit.
QEMU_CMDLINE="reboot=t"
QEMU_SLOW=1				# its guests' timeouts, times the default
# Under TCG give the guest the host's TSC rate (boot.sh says why).
QEMU_HOST_TSC=1
