/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced into every selftest the harness cross-compiles for a
 * non-x86 guest (harness/selftests.sh, ARCH=arm64): what a selftest of
 * the series takes from x86 and the architecture lacks.  It changes
 * nothing where the architecture has it.
 *
 * __NR_pause: arm64 (asm-generic unistd) has no pause system call, and
 * oom_reaper_test's CLONE_VM sharer calls syscall(__NR_pause) in a loop
 * (it stays out of libc, whose state it shares).  sched_yield takes no
 * arguments either: the sharer loops in the kernel instead of sleeping,
 * and dies of its SIGKILL the same way.  A finding of the series, not of
 * the harness: docs/arm64.md.
 */
#include <unistd.h>
#include <sys/syscall.h>
#ifndef __NR_pause
#define __NR_pause __NR_sched_yield
#define OOMREAP_COMPAT_PAUSE 1
#endif
