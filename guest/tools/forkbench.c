// SPDX-License-Identifier: GPL-2.0
/*
 * forkbench: the fast path the series must not slow down, with no OOM.
 *
 *   forkbench fork N    N times fork(), child _exit(0), waitpid()
 *   forkbench mmap N    N times mmap() 1 MiB anonymous, touch 16 pages, munmap()
 *
 * Prints "<what> <N> <nanoseconds per iteration>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n, i, j;
	double t0;

	if (argc != 3 || (n = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: forkbench fork|mmap N\n");
		return 2;
	}
	t0 = now();
	for (i = 0; i < n; i++) {
		if (!strcmp(argv[1], "fork")) {
			pid_t pid = fork();

			if (pid < 0)
				return 1;
			if (!pid)
				_exit(0);
			waitpid(pid, NULL, 0);
		} else {
			char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p == MAP_FAILED)
				return 1;
			for (j = 0; j < 16; j++)
				p[j * 4096] = 1;
			munmap(p, 1 << 20);
		}
	}
	printf("%s %ld %.0f\n", argv[1], n, (now() - t0) / n);
	return 0;
}
