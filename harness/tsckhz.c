// SPDX-License-Identifier: GPL-2.0
/*
 * tsckhz: the host's TSC rate in kHz, counted against CLOCK_MONOTONIC_RAW
 * over 200 ms.  harness/boot.sh gives it to a TCG guest (tsc_early_khz=),
 * whose TSC runs at the host's rate: see there why.
 */
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

static double ns(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1e9 + (b->tv_nsec - a->tv_nsec);
}

int main(void)
{
	struct timespec a, b;
	unsigned long long t0, t1;

	clock_gettime(CLOCK_MONOTONIC_RAW, &a);
	t0 = __rdtsc();
	do
		clock_gettime(CLOCK_MONOTONIC_RAW, &b);
	while (ns(&a, &b) < 2e8);
	t1 = __rdtsc();
	printf("%.0f\n", (t1 - t0) / ns(&a, &b) * 1e6);
	return 0;
}
