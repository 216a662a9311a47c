// SPDX-License-Identifier: GPL-2.0
/*
 * control: the process that must come through a soak (make soak)
 * untouched.  It runs outside every memcg that is made to OOM, writes a
 * block of a known pattern and checks it again and again until told to
 * stop, so that a reaper or an OOM killer that went for the wrong task or
 * the wrong pages shows up as a dead control or as changed data.
 *
 *   control [-m MB] [-o FILE]
 *
 *   -m MB    size of the block (default 32)
 *   -o FILE  where to write the result (default: stdout)
 *
 * SIGTERM or SIGINT ends the current pass and the run.  The result is one
 * line, "control pid=N mb=M passes=P changed=C first_bad=OFFSET elapsed_ms=T"
 * (first_bad=-1 when nothing changed); the exit status is 0 when the data
 * never changed, 1 when it did, 2 on a setup error.  A control killed by a
 * signal writes nothing: its absence is the verdict.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MiB (1UL << 20)

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

/*
 * The word expected at index i: different at every offset and not a
 * pattern that zeroed, duplicated or shifted pages could reproduce.
 */
static inline uint64_t pattern(uint64_t i)
{
	uint64_t x = (i + 1) * 0x9e3779b97f4a7c15ULL;

	return x ^ (x >> 29) ^ 0x5ca1ab1e0ddba11ULL;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	long mb = 32, passes = 0, changed = 0, first_bad = -1;
	const char *out = NULL;
	struct sigaction sa;
	uint64_t *p, i, n;
	double t0;
	FILE *f;
	int opt;

	while ((opt = getopt(argc, argv, "m:o:")) != -1) {
		switch (opt) {
		case 'm': mb = atol(optarg); break;
		case 'o': out = optarg; break;
		default:
			fprintf(stderr, "usage: control [-m MB] [-o FILE]\n");
			return 2;
		}
	}
	if (mb <= 0) {
		fprintf(stderr, "control: bad size\n");
		return 2;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	n = mb * MiB / sizeof(*p);
	p = mmap(NULL, n * sizeof(*p), PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("control: mmap");
		return 2;
	}
	t0 = now_ms();
	for (i = 0; i < n; i++)
		p[i] = pattern(i);

	/*
	 * Check word by word rather than a checksum: a reaped page reads as
	 * zeroes, and the first bad offset says which page it was.  The
	 * loop stops between passes only, so every pass counted was whole.
	 */
	while (!stop) {
		for (i = 0; i < n; i++) {
			if (p[i] != pattern(i)) {
				if (first_bad < 0)
					first_bad = i * sizeof(*p);
				changed++;
				p[i] = pattern(i);
			}
		}
		passes++;
	}

	f = out ? fopen(out, "w") : stdout;
	if (!f) {
		perror("control: result file");
		return 2;
	}
	fprintf(f, "control pid=%d mb=%ld passes=%ld changed=%ld first_bad=%ld elapsed_ms=%.0f\n",
		getpid(), mb, passes, changed, first_bad, now_ms() - t0);
	fclose(f);
	return changed ? 1 : 0;
}
