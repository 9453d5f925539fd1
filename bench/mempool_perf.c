/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mempool_perf: rte_mempool get/put throughput with the DPDK API only (the
 * inline get/put of whichever rte_mempool.h it is compiled against).
 *
 * usage: mempool_perf <EAL args> [-- -t SECONDS]
 *
 * For a pool of 16383 64-byte objects ("ring_mp_mc" handler) with per-lcore
 * caches of 256 objects and without caches, for bulk sizes 1, 4 and 32, on
 * the main lcore alone and on every lcore at once, each lcore repeats: get
 * KEEP (128) objects in bulks of `bulk`, then put them back in bulks of
 * `bulk` (the pattern of DPDK's mempool_perf_autotest). One object got and
 * put is one "op"; the result is the total over all lcores in millions of
 * ops per second. Each case first calibrates (runs of growing length, which
 * are also its warm-up) until a run takes MIN_CAL_S, then runs once more
 * sized to take SECONDS (default 0.3). Timing: rte_rdtsc_precise() and
 * rte_get_tsc_hz(); with several lcores, from the earliest start to the
 * latest end after a start barrier.
 *
 * Prints one line per case:
 *   case=get_put bulk=32 cache=256 lcores=1 iters=<rounds per lcore> mops=<M objs/s>
 * Exits 1 if init or any get fails. Driven by bench/run_mempool.py.
 */
#define _GNU_SOURCE /* ssize_t and strnlen for the DPDK headers under -std=c99 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef typeof
#define typeof __typeof__
#endif
#ifndef asm
#define asm __asm__
#endif

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mempool.h>
#include <rte_pause.h>

#define POOL_SIZE 16383
#define CACHE 256
#define KEEP 128
#define MIN_CAL_S 0.03

struct job {
	struct rte_mempool *mp;
	unsigned int bulk;
	uint64_t iters; /* rounds of KEEP gets + KEEP puts per lcore */
	unsigned int nb_lcores;
	unsigned int ready; /* start barrier, __atomic */
	int failed;         /* __atomic */
	uint64_t start[RTE_MAX_LCORE];
	uint64_t end[RTE_MAX_LCORE];
};

static int worker(void *arg)
{
	struct job *j = arg;
	unsigned int lc = rte_lcore_id();
	void *objs[KEEP];

	__atomic_fetch_add(&j->ready, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&j->ready, __ATOMIC_ACQUIRE) < j->nb_lcores)
		rte_pause();
	j->start[lc] = rte_rdtsc_precise();
	for (uint64_t it = 0; it < j->iters; it++) {
		for (unsigned int i = 0; i < KEEP; i += j->bulk)
			if (unlikely(rte_mempool_get_bulk(j->mp, &objs[i], j->bulk) != 0)) {
				__atomic_store_n(&j->failed, 1, __ATOMIC_RELAXED);
				return -1;
			}
		for (unsigned int i = 0; i < KEEP; i += j->bulk)
			rte_mempool_put_bulk(j->mp, &objs[i], j->bulk);
	}
	j->end[lc] = rte_rdtsc_precise();
	return 0;
}

/* Runs one measurement; returns its seconds (negative on failure). */
static double run(struct job *j)
{
	unsigned int lc;
	j->ready = 0;
	j->failed = 0;
	if (j->nb_lcores > 1)
		rte_eal_mp_remote_launch(worker, j, CALL_MAIN);
	else
		worker(j);
	rte_eal_mp_wait_lcore();
	if (j->failed)
		return -1;
	uint64_t s = UINT64_MAX, e = 0;
	RTE_LCORE_FOREACH(lc) {
		if (j->nb_lcores == 1 && lc != rte_lcore_id())
			continue;
		if (j->start[lc] < s)
			s = j->start[lc];
		if (j->end[lc] > e)
			e = j->end[lc];
	}
	return (double)(e - s) / (double)rte_get_tsc_hz();
}

int main(int argc, char **argv)
{
	int ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "rte_eal_init failed\n");
		return 1;
	}
	argc -= ret;
	argv += ret;
	double target = 0.3;
	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "-t") == 0)
			target = atof(argv[i + 1]);

	static const unsigned int bulks[] = { 1, 4, 32 };
	static const unsigned int caches[] = { CACHE, 0 };
	static struct job j;
	for (unsigned int c = 0; c < RTE_DIM(caches); c++) {
		char name[32];
		snprintf(name, sizeof(name), "perf_%u", caches[c]);
		struct rte_mempool *mp = rte_mempool_create(name, POOL_SIZE, 64, caches[c], 0, NULL, NULL, NULL, NULL,
							    SOCKET_ID_ANY, 0);
		if (mp == NULL) {
			fprintf(stderr, "rte_mempool_create failed\n");
			return 1;
		}
		for (unsigned int b = 0; b < RTE_DIM(bulks); b++) {
			unsigned int counts[2] = { 1, rte_lcore_count() };
			for (unsigned int k = 0; k < (counts[1] > 1 ? 2u : 1u); k++) {
				j.mp = mp;
				j.bulk = bulks[b];
				j.nb_lcores = counts[k];
				j.iters = 16;
				double t;
				for (;;) {
					t = run(&j);
					if (t < 0) {
						fprintf(stderr, "get failed\n");
						return 1;
					}
					if (t >= MIN_CAL_S)
						break;
					j.iters *= 4;
				}
				j.iters = (uint64_t)((double)j.iters * target / t) + 1;
				t = run(&j);
				if (t <= 0) {
					fprintf(stderr, "get failed\n");
					return 1;
				}
				double ops = (double)j.iters * KEEP * j.nb_lcores;
				printf("case=get_put bulk=%u cache=%u lcores=%u iters=%" PRIu64 " mops=%.2f\n", bulks[b],
				       caches[c], j.nb_lcores, j.iters, ops / t / 1e6);
				fflush(stdout);
			}
		}
		rte_mempool_free(mp);
	}
	rte_eal_cleanup();
	return 0;
}
