// SPDX-License-Identifier: GPL-2.0
/*
 * victim: a process for the harness' OOM scenarios (make run, benchmarks,
 * soak), run inside a memcg by the guest scripts.
 *
 *   victim [-a MB] [-N] [-l] [-s MS | -w MS] [-n MS] [-p GB] [-R TB]
 *          [-h N] [-H N] [-c MS] [-r MS] [-P MS] [-t N] [-T N] [-g FIFO]
 *          [-f] [-q]
 *
 *   -a MB  anonymous memory to map and touch (default 64); with -f it is
 *          mapped up front and touched until the memcg OOM-kills us
 *   -f     fill: keep touching pages until killed (default: touch -a MB and
 *          then wait for SIGKILL from another task's OOM)
 *   -N     madvise(MADV_NOHUGEPAGE) the -a mapping (with -f, all of it): its
 *          memory is in 4 KiB pages, a PTE each, whatever THP's setting,
 *          so that a reap walks and frees it page by page
 *   -l     mlock the anonymous memory
 *   -s MS  a second thread sleeps uninterruptibly MS ms in the test module
 *          (the process cannot exit while it sleeps)
 *   -w MS  the main thread sleeps MS ms in the module holding this
 *          process' mmap_lock for write, after touching -a MB; it does
 *          nothing else, so another task (-b) has to drive the OOM
 *   -n MS  register the module's mmu notifier refusing non-blocking
 *          invalidation for MS ms
 *   -p GB  memory that only exit frees: the page tables of a sparse
 *          mapping (one byte read per 2 MiB of a GB GiB PROT_READ,
 *          MAP_NORESERVE, MADV_NOHUGEPAGE mapping maps the zero page)
 *   -R TB  reserve TB TiB of address space, PROT_NONE and MAP_NORESERVE,
 *          never touched (as sanitizer shadows, JIT cages and JVM heaps
 *          reserve): nothing is charged, and no page table is allocated
 *   -h N   N hugetlb pages (2 MiB), touched
 *   -H N   N hugetlb pages of a shared file on /dev/hugepages, touched: the
 *          file, and its pages, outlive the victim (removed by the caller)
 *   -c MS  map one page whose vm_ops->close sleeps MS ms in the module: the
 *          exit spends MS ms closing it, after its memory is freed
 *   -r MS  once everything is mapped and touched, have a kernel thread of
 *          the module take this process' mmap_lock for read and hold it
 *          until MS ms from now (as a remote /proc/pid/mem reader stalled
 *          on I/O would): killed meanwhile, the exit unmaps the memory and
 *          then waits in exit_mmap() for mmap_write_lock() until the hold
 *          ends.  Nothing is mapped or unmapped after it (that would wait
 *          too: with -t, a faulting thread that maps its region only after
 *          the hold began waits for its end); not with -w, which holds the
 *          lock for write
 *   -P MS  once the -a memory is mapped and touched, have a kernel thread
 *          of the module hold a reference on this process' mm_users until
 *          MS ms from now (as a /proc/pid/smaps reader or
 *          process_vm_readv() would), mark "oomreap_pinned tgid=N ms=MS"
 *          in the trace, then go on (-g, waiting to be killed): killed
 *          meanwhile, the process exits at once, but its memory stays
 *          mapped and charged until the reference is dropped or the
 *          memory is reaped.  With -g FIFO, the open of FIFO comes after
 *          the hold is taken: a writer that opened it knows it is held
 *   -t N   N threads that fault without end until the process dies: each
 *          touches a 256 KiB region and drops it with MADV_DONTNEED, so
 *          page faults and zaps race the kill, the reap and the exit
 *   -T N   N threads that only sleep (64 KiB stacks), made before anything
 *          else: a victim with many threads for the OOM killer to scan,
 *          kill and wake
 *   -g FIFO  wait until a writer opens FIFO, then go on (-s, filling):
 *          victims started one by one then get stuck and fill together
 *   -b MB  bystander: charge MB to the memcg by writing a memfd (not
 *          mapped: the OOM killer prefers the victim), then exit
 *   -q     quiet
 *
 * The test module is debugfs test_oom_reaper/ (CONFIG_TEST_OOM_REAPER);
 * -s, -w, -n, -c, -r and -P fail when it is not loaded (-r also on a
 * module without mmap_read_hold, -P on one without mm_users_hold).  Its
 * files and command format come from its contract,
 * lib/test_oom_reaper_uapi.h in the kernel tree (the harness builds with
 * -I of that tree); built against a tree without the module (the pure
 * base kernel of make mmtests), those options fail with ENOSYS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if __has_include("lib/test_oom_reaper_uapi.h")
#include "lib/test_oom_reaper_uapi.h"
#define HAVE_MODULE_CONTRACT 1
#else
#define HAVE_MODULE_CONTRACT 0
#define TEST_OOM_REAPER_PATH		""
#define TEST_OOM_REAPER_CMD_FMT		"%d %u"
#define TEST_OOM_REAPER_CMD_MAX		32
#define TEST_OOM_REAPER_SLEEP		""
#define TEST_OOM_REAPER_SLEEP_MMAP_WRITE ""
#define TEST_OOM_REAPER_NOTIFIER_REFUSE	""
#define TEST_OOM_REAPER_SLOW_CLOSE	""
#define TEST_OOM_REAPER_MMAP_READ_HOLD	""
#define TEST_OOM_REAPER_MM_USERS_HOLD	""
#endif
/* A contract from before mm_users_hold: its module has no such file. */
#ifndef TEST_OOM_REAPER_MM_USERS_HOLD
#define TEST_OOM_REAPER_MM_USERS_HOLD	"mm_users_hold"
#endif
#define MiB (1UL << 20)

static int quiet;

static void say(const char *fmt, const char *arg)
{
	if (!quiet) {
		fprintf(stderr, fmt, getpid(), arg);
		fputc('\n', stderr);
	}
}

static int module_call(const char *file, long ms)
{
	char path[256], buf[TEST_OOM_REAPER_CMD_MAX];
	int fd, len, ret = 0;

	if (!HAVE_MODULE_CONTRACT) {
		errno = ENOSYS;
		return -ENOSYS;
	}
	snprintf(path, sizeof(path), "%s/%s", TEST_OOM_REAPER_PATH, file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), TEST_OOM_REAPER_CMD_FMT, getpid(),
		       (unsigned int)ms);
	if (write(fd, buf, len) != len)
		ret = -errno;
	close(fd);
	return ret;
}

struct stuck { const char *file; long ms; };

static int usage(void)
{
	fprintf(stderr, "usage: victim [-a MB] [-N] [-f] [-l] [-s MS|-w MS] [-n MS] [-p GB] [-R TB] [-h N] [-H N] [-c MS] [-r MS] [-P MS] [-t N] [-T N] [-g FIFO] [-q]\n");
	return 2;
}

static int bystander(long mb)
{
	static char chunk[1 << 16];
	int fd = memfd_create("bystander", 0);
	long done;

	if (fd < 0)
		return 1;
	for (done = 0; done < mb * (long)MiB; done += sizeof(chunk))
		if (write(fd, chunk, sizeof(chunk)) != sizeof(chunk))
			break;
	return 0;
}

/* Write the line @buf of @len bytes to the trace, for the host's parsers. */
static void trace_mark(const char *buf, int len)
{
	int fd = open("/sys/kernel/tracing/trace_marker", O_WRONLY);

	if (fd < 0)
		return;
	/* With tracing off the mark is lost, and that is fine. */
	if (write(fd, buf, len) != len)
		fprintf(stderr, "victim %d: no trace mark\n", getpid());
	close(fd);
}

/* Tell the timeline which threads belong to this victim. */
static void mark_thread(void)
{
	char buf[96];

	trace_mark(buf, snprintf(buf, sizeof(buf), "oomreap_victim_thread tgid=%d tid=%d\n",
				 getpid(), gettid()));
}

/*
 * A hold of the module on this process' mm (-r, -P) through @file, whose
 * write returns once the hold is taken; 0, or 1 with the reason said.
 */
static int module_hold(const char *opt, const char *file, long ms)
{
	int ret = module_call(file, ms);

	if (ret == -ENOENT) {
		fprintf(stderr, "victim %d: %s: no " TEST_OOM_REAPER_PATH "/%s (test module not loaded, or one without %s)\n",
			getpid(), opt, file, file);
		return 1;
	}
	if (ret) {
		fprintf(stderr, "victim %d: %s %ld: %s\n", getpid(), opt, ms, strerror(-ret));
		return 1;
	}
	return 0;
}

static void *stuck_thread(void *arg)
{
	struct stuck *s = arg;
	int ret;

	mark_thread();
	ret = module_call(s->file, s->ms);

	if (ret)
		fprintf(stderr, "victim %d: %s: %s\n", getpid(), s->file, strerror(-ret));
	return NULL;
}

/* Fault on a region of its own and zap it, over and over, until killed. */
static void *fault_thread(void *arg)
{
	size_t len = 256 << 10, i;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	for (;;) {
		for (i = 0; i < len; i += 4096)
			p[i] = 1;
		madvise(p, len, MADV_DONTNEED);
	}
	return NULL;
}

static void *idle_thread(void *arg)
{
	for (;;)
		pause();
	return arg;
}

/* N idle threads, or an error: a victim with fewer would measure nothing. */
static int idle_threads(long n)
{
	pthread_attr_t attr;
	pthread_t th;
	long i;
	int ret;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 << 10);
	for (i = 0; i < n; i++) {
		ret = pthread_create(&th, &attr, idle_thread, NULL);
		if (ret) {
			fprintf(stderr, "victim %d: thread %ld of %ld: %s\n",
				getpid(), i + 1, n, strerror(ret));
			return 1;
		}
	}
	pthread_attr_destroy(&attr);
	return 0;
}

int main(int argc, char **argv)
{
	long anon_mb = 64, stuck_ms = 0, hold_ms = 0, notifier_ms = 0, sparse_gb = 0, huge = 0;
	long huge_shared = 0, close_ms = 0, faulters = 0, idle = 0, reserve_tb = 0;
	long read_hold_ms = 0, pin_ms = 0;
	const char *stuck_file = NULL, *go = NULL;
	int fill = 0, lock = 0, nohuge = 0, opt;
	struct stuck st;
	pthread_t th;
	size_t i, len;
	char *p;

	while ((opt = getopt(argc, argv, "a:b:c:fg:lNs:r:P:t:T:w:n:p:R:h:H:q")) != -1) {
		switch (opt) {
		case 'a': anon_mb = atol(optarg); break;
		case 'f': fill = 1; break;
		case 'l': lock = 1; break;
		case 'N': nohuge = 1; break;
		case 's': stuck_file = TEST_OOM_REAPER_SLEEP; stuck_ms = atol(optarg); break;
		case 'w': hold_ms = atol(optarg); break;
		case 'n': notifier_ms = atol(optarg); break;
		case 'p': sparse_gb = atol(optarg); break;
		case 'R': reserve_tb = atol(optarg); break;
		case 'h': huge = atol(optarg); break;
		case 'H': huge_shared = atol(optarg); break;
		case 'c': close_ms = atol(optarg); break;
		case 'r': read_hold_ms = atol(optarg); break;
		case 'P': pin_ms = atol(optarg); break;
		case 't': faulters = atol(optarg); break;
		case 'T': idle = atol(optarg); break;
		case 'g': go = optarg; break;
		case 'q': quiet = 1; break;
		case 'b': return bystander(atol(optarg));
		default:
			return usage();
		}
	}
	if (read_hold_ms && hold_ms) {
		fprintf(stderr, "victim: -r and -w exclude each other (-w holds the mmap_lock for write)\n");
		return usage();
	}
	if (idle && idle_threads(idle))
		return 1;
	if (notifier_ms && module_call(TEST_OOM_REAPER_NOTIFIER_REFUSE, notifier_ms)) {
		perror("victim: notifier_refuse");
		return 1;
	}
	if (sparse_gb) {
		len = sparse_gb << 30;
		p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED || madvise(p, len, MADV_NOHUGEPAGE)) {
			perror("victim: sparse mapping");
			return 1;
		}
		for (i = 0; i < len; i += 2 * MiB)
			(void)*(volatile char *)(p + i);
	}
	if (reserve_tb &&
	    mmap(NULL, (size_t)reserve_tb << 40, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) == MAP_FAILED) {
		perror("victim: reservation");
		return 1;
	}
	if (huge) {
		len = huge * 2 * MiB;
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
		if (p == MAP_FAILED) {
			perror("victim: hugetlb mapping");
			return 1;
		}
		memset(p, 1, len);
	}
	if (huge_shared) {
		char path[64];
		int fd;

		snprintf(path, sizeof(path), "/dev/hugepages/victim.%d", getpid());
		fd = open(path, O_RDWR | O_CREAT, 0600);
		len = huge_shared * 2 * MiB;
		if (fd < 0 || ftruncate(fd, len)) {
			perror("victim: hugetlbfs file");
			return 1;
		}
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED) {
			perror("victim: shared hugetlb mapping");
			return 1;
		}
		memset(p, 1, len);
		close(fd);
	}
	if (close_ms && module_call(TEST_OOM_REAPER_SLOW_CLOSE, close_ms)) {
		perror("victim: slow_close");
		return 1;
	}
	/* Map everything now: with -w held, no new mapping could be made. */
	len = (fill ? 4096 : anon_mb) * MiB;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		perror("victim: mmap");
		return 1;
	}
	if (nohuge && madvise(p, len, MADV_NOHUGEPAGE)) {
		perror("victim: -N: madvise(MADV_NOHUGEPAGE)");
		return 1;
	}
	if (lock && mlock2(p, len, MLOCK_ONFAULT)) {
		perror("victim: mlock2");
		return 1;
	}
	for (i = 0; i < (size_t)anon_mb * MiB && i < len; i += 4096)
		p[i] = 1;
	/* Before -g: a writer of its FIFO gets through once the mm is held. */
	if (pin_ms) {
		char buf[64];

		if (module_hold("-P", TEST_OOM_REAPER_MM_USERS_HOLD, pin_ms))
			return 1;
		trace_mark(buf, snprintf(buf, sizeof(buf), "oomreap_pinned tgid=%d ms=%ld\n",
					 getpid(), pin_ms));
	}
	if (hold_ms) {
		/* Only this thread, doing nothing but holding the lock. */
		say("victim %d: %s", "holding mmap_lock for write");
		mark_thread();
		return module_call(TEST_OOM_REAPER_SLEEP_MMAP_WRITE, hold_ms) ? 1 : 0;
	}
	for (; faulters > 0; faulters--)
		pthread_create(&th, NULL, fault_thread, NULL);
	if (go) {
		int fd = open(go, O_RDONLY);	/* blocks until the writer comes */

		if (fd < 0) {
			perror("victim: -g");
			return 1;
		}
		close(fd);
	}
	if (stuck_file) {
		st.file = stuck_file;
		st.ms = stuck_ms;
		pthread_create(&th, NULL, stuck_thread, &st);
		usleep(100 * 1000);	/* let it reach the module */
	}
	/*
	 * Last, with everything mapped (the threads' stacks too): while the
	 * module's thread holds the lock for read, an mmap() or munmap() here
	 * would wait for it as the exit will.
	 */
	if (read_hold_ms && module_hold("-r", TEST_OOM_REAPER_MMAP_READ_HOLD, read_hold_ms))
		return 1;
	say("victim %d: %s", fill ? "filling until killed" : "waiting to be killed");
	for (; fill && i < len; i += 4096)
		p[i] = 1;
	for (;;)
		pause();
}
