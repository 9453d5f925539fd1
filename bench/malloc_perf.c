/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * malloc_perf: rte_malloc/rte_free and rte_memzone_reserve/rte_memzone_free
 * throughput with the DPDK API only.
 *
 * usage: malloc_perf <EAL args> [-- -t SECONDS]
 *
 * After rte_eal_init() it measures, for each size (64 B, 1 KiB, 64 KiB,
 * 1 MiB), rte_free + rte_malloc pairs per second (a) on the main lcore alone
 * and (b) on every lcore at once (rte_eal_mp_remote_launch with CALL_MAIN;
 * the total of all lcores), and rte_free + rte_zmalloc pairs on the main
 * lcore (22.11 zeroes memory in rte_free so that rte_zmalloc need not; an
 * implementation that zeroes in rte_zmalloc instead moves the cost there,
 * and only both rows together compare the two fairly); then
 * rte_memzone_free + rte_memzone_reserve pairs of 4 KiB zones with unique
 * names on the main lcore.
 *
 * Pattern: each lcore keeps a window of WINDOW live allocations and replaces
 * them in a ring (free the oldest, allocate a new one: one pair), so the heap
 * is never trivially empty.  The window is filled before the clock starts
 * and emptied after it stops.  Each case first calibrates (runs of growing
 * length, which are also its warm-up) until a run takes MIN_CAL_S, then runs
 * once more with the iteration count sized to take SECONDS (default 0.3).
 * Timing: rte_rdtsc_precise() and rte_get_tsc_hz(); with several lcores the
 * time is from the earliest start to the latest end, after a start barrier.
 *
 * Prints one line per case:
 *   case=malloc size=64 lcores=1 iters=<per lcore> mops=<million pairs/s>
 *   case=zmalloc size=64 lcores=1 iters=<n> mops=<million pairs/s>
 *   case=memzone size=4096 lcores=1 iters=<n> mops=<million pairs/s>
 * Exits 1 if init or any allocation fails.  Driven by bench/run_memory.py.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * 22.11's rte_common.h defines these GNU keywords for strict ISO C builds
 * (-std=c99), and its inline code (rte_rdtsc, RTE_MIN) relies on them.
 * librte-rs's rte_common.h lacks the two fallbacks, so define them here
 * exactly as the reference does; with the reference this is a no-op.
 */
#ifndef typeof
#define typeof __typeof__
#endif
#ifndef asm
#define asm __asm__
#endif

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>
#include <rte_pause.h>

#define WINDOW 16 /* live allocations per lcore; a power of two */
#define MIN_CAL_S 0.03 /* a calibration run at least this long decides */
#define MZ_SIZE 4096

enum kind { K_MALLOC, K_ZMALLOC, K_MEMZONE };

/* One measured run: what every participating lcore does, and its clocks. */
struct job {
	enum kind kind;
	size_t size;
	uint64_t iters; /* pairs per lcore */
	unsigned int nb_lcores;
	unsigned int ready; /* start barrier, __atomic */
	int failed; /* __atomic */
	uint64_t start[RTE_MAX_LCORE];
	uint64_t end[RTE_MAX_LCORE];
};

static struct job job;
/* Per-lcore memzone name counter: names stay unique for the process. */
static uint32_t mz_serial[RTE_MAX_LCORE];

/* "mzp<lcore>_<8 hex digits>": cheap, so the name costs little. */
static void mz_name(char *buf, unsigned int lcore)
{
	static const char hex[] = "0123456789abcdef";
	uint32_t n = mz_serial[lcore]++;
	int len, i;

	len = snprintf(buf, RTE_MEMZONE_NAMESIZE, "mzp%u_", lcore);
	for (i = 7; i >= 0; i--) {
		buf[len + i] = hex[n & 0xf];
		n >>= 4;
	}
	buf[len + 8] = '\0';
}

static int fail(const char *what, size_t size)
{
	fprintf(stderr, "malloc_perf: %s of %zu bytes on lcore %u failed: %s\n",
		what, size, rte_lcore_id(), rte_strerror(rte_errno));
	__atomic_store_n(&job.failed, 1, __ATOMIC_RELAXED);
	return -1;
}

/* Runs one lcore's share of job (arg): fill, barrier, timed ring, drain. */
static int lcore_pairs(void *arg)
{
	struct job *j = arg;
	unsigned int lc = rte_lcore_id();
	void *win[WINDOW];
	const struct rte_memzone *mz[WINDOW];
	char name[RTE_MEMZONE_NAMESIZE];
	uint64_t i, t0, t1;
	unsigned int k;
	int ret = 0;

	for (k = 0; k < WINDOW; k++) {
		if (j->kind != K_MEMZONE) {
			win[k] = rte_malloc(NULL, j->size, 0);
			if (win[k] == NULL)
				return fail("rte_malloc", j->size);
		} else {
			mz_name(name, lc);
			mz[k] = rte_memzone_reserve(name, j->size,
						    SOCKET_ID_ANY, 0);
			if (mz[k] == NULL)
				return fail("rte_memzone_reserve", j->size);
		}
	}

	__atomic_add_fetch(&j->ready, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&j->ready, __ATOMIC_ACQUIRE) < j->nb_lcores)
		rte_pause();

	t0 = rte_rdtsc_precise();
	if (j->kind == K_MALLOC) {
		for (i = 0; i < j->iters; i++) {
			k = i & (WINDOW - 1);
			rte_free(win[k]);
			win[k] = rte_malloc(NULL, j->size, 0);
			if (unlikely(win[k] == NULL)) {
				ret = fail("rte_malloc", j->size);
				break;
			}
		}
	} else if (j->kind == K_ZMALLOC) {
		for (i = 0; i < j->iters; i++) {
			k = i & (WINDOW - 1);
			rte_free(win[k]);
			win[k] = rte_zmalloc(NULL, j->size, 0);
			if (unlikely(win[k] == NULL)) {
				ret = fail("rte_zmalloc", j->size);
				break;
			}
		}
	} else {
		for (i = 0; i < j->iters; i++) {
			k = i & (WINDOW - 1);
			if (rte_memzone_free(mz[k]) != 0) {
				mz[k] = NULL;
				ret = fail("rte_memzone_free", j->size);
				break;
			}
			mz_name(name, lc);
			mz[k] = rte_memzone_reserve(name, j->size,
						    SOCKET_ID_ANY, 0);
			if (unlikely(mz[k] == NULL)) {
				ret = fail("rte_memzone_reserve", j->size);
				break;
			}
		}
	}
	t1 = rte_rdtsc_precise();
	j->start[lc] = t0;
	j->end[lc] = t1;

	for (k = 0; k < WINDOW; k++) {
		if (j->kind != K_MEMZONE)
			rte_free(win[k]);
		else if (mz[k] != NULL)
			rte_memzone_free(mz[k]);
	}
	return ret;
}

/* One run of iters pairs per lcore on 1 or all lcores; returns the elapsed
 * TSC cycles (earliest start to latest end), 0 on failure. */
static uint64_t run(enum kind kind, size_t size, unsigned int nb_lcores,
		    uint64_t iters)
{
	uint64_t first = UINT64_MAX, last = 0;
	unsigned int lc;

	memset(&job, 0, sizeof(job));
	job.kind = kind;
	job.size = size;
	job.iters = iters;
	job.nb_lcores = nb_lcores;
	if (nb_lcores == 1) {
		lcore_pairs(&job);
	} else {
		if (rte_eal_mp_remote_launch(lcore_pairs, &job, CALL_MAIN)) {
			fprintf(stderr, "malloc_perf: launch failed\n");
			return 0;
		}
		rte_eal_mp_wait_lcore();
	}
	if (__atomic_load_n(&job.failed, __ATOMIC_RELAXED))
		return 0;
	RTE_LCORE_FOREACH(lc) {
		if (nb_lcores == 1 && lc != rte_get_main_lcore())
			continue;
		first = RTE_MIN(first, job.start[lc]);
		last = RTE_MAX(last, job.end[lc]);
	}
	return last > first ? last - first : 1;
}

/* Calibrates (which also warms up), measures and prints one case. */
static int measure(enum kind kind, size_t size, unsigned int nb_lcores,
		   double target_s)
{
	double hz = (double)rte_get_tsc_hz();
	uint64_t iters = 64, cycles;
	double secs, scale;

	for (;;) {
		cycles = run(kind, size, nb_lcores, iters);
		if (cycles == 0)
			return -1;
		secs = (double)cycles / hz;
		if (secs >= MIN_CAL_S)
			break;
		/* aim a little past MIN_CAL_S, growing 2x..16x per step */
		scale = RTE_MAX(2.0, RTE_MIN(16.0, 1.5 * MIN_CAL_S / secs));
		iters = (uint64_t)((double)iters * scale);
	}
	iters = RTE_MAX((uint64_t)WINDOW,
			(uint64_t)((double)iters * target_s / secs));
	cycles = run(kind, size, nb_lcores, iters);
	if (cycles == 0)
		return -1;
	secs = (double)cycles / hz;
	printf("case=%s size=%zu lcores=%u iters=%" PRIu64 " mops=%.4f\n",
	       kind == K_MALLOC ? "malloc" :
	       kind == K_ZMALLOC ? "zmalloc" : "memzone", size, nb_lcores,
	       iters, (double)iters * nb_lcores / secs / 1e6);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 64, 1024, 64 * 1024, 1024 * 1024 };
	double target_s = 0.3;
	unsigned int n, i;
	int ret;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "malloc_perf: rte_eal_init failed: %s\n",
			rte_strerror(rte_errno));
		return 1;
	}
	argc -= ret;
	argv += ret;
	if (argc == 3 && strcmp(argv[1], "-t") == 0) {
		target_s = atof(argv[2]);
	} else if (argc != 1) {
		fprintf(stderr, "usage: malloc_perf <EAL args> [-- -t SECONDS]\n");
		rte_eal_cleanup();
		return 1;
	}
	if (target_s <= 0.0) {
		fprintf(stderr, "malloc_perf: -t must be positive\n");
		rte_eal_cleanup();
		return 1;
	}

	n = rte_lcore_count();
	ret = 0;
	for (i = 0; i < RTE_DIM(sizes) && ret == 0; i++) {
		ret = measure(K_MALLOC, sizes[i], 1, target_s);
		if (ret == 0 && n > 1)
			ret = measure(K_MALLOC, sizes[i], n, target_s);
	}
	for (i = 0; i < RTE_DIM(sizes) && ret == 0; i++)
		ret = measure(K_ZMALLOC, sizes[i], 1, target_s);
	if (ret == 0)
		ret = measure(K_MEMZONE, MZ_SIZE, 1, target_s);
	rte_eal_cleanup();
	return ret == 0 ? 0 : 1;
}
