/* SPDX-License-Identifier: BSD-3-Clause */
/* Packet buffer throughput on one lcore: rte_pktmbuf_alloc_bulk +
 * rte_pktmbuf_free_bulk of 32 mbufs (the inline bulk alloc and the
 * exported bulk free), and rte_pktmbuf_alloc + rte_pktmbuf_free of one
 * (both inline), on a pktmbuf pool of 8191 mbufs with a 256-object cache.
 * The same source is built against the reference, against librte-rs's
 * headers, and with the reference's headers relinked to librte-rs.
 * Prints one line per case:
 *   case=NAME burst=N iters=I mops=M cycles_per_mbuf=C
 * usage: mbuf_perf <EAL args> [-- -t SECONDS] */
/* The reference headers use POSIX types (ssize_t, strnlen) under -std=c99. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#define POOL_SIZE 8191
#define CACHE 256
#define BURST 32

static struct rte_mempool *mp;

static uint64_t run_bulk(uint64_t iters)
{
	struct rte_mbuf *v[BURST];
	uint64_t t0 = rte_rdtsc();
	for (uint64_t i = 0; i < iters; i++) {
		if (rte_pktmbuf_alloc_bulk(mp, v, BURST) != 0)
			return 0;
		rte_pktmbuf_free_bulk(v, BURST);
	}
	return rte_rdtsc() - t0;
}

static uint64_t run_single(uint64_t iters)
{
	uint64_t t0 = rte_rdtsc();
	for (uint64_t i = 0; i < iters; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
		if (m == NULL)
			return 0;
		rte_pktmbuf_free(m);
	}
	return rte_rdtsc() - t0;
}

static int measure(const char *name, uint64_t (*fn)(uint64_t), unsigned burst, double target_s)
{
	double hz = (double)rte_get_tsc_hz();
	uint64_t iters = 1000, cycles;

	/* Calibrate: grow until a run lasts a tenth of the target. */
	for (;;) {
		cycles = fn(iters);
		if (cycles == 0)
			return -1;
		if ((double)cycles / hz >= target_s / 10 || iters > (1ULL << 40))
			break;
		iters *= 4;
	}
	iters = (uint64_t)((double)iters * target_s / ((double)cycles / hz));
	if (iters == 0)
		iters = 1;
	cycles = fn(iters);
	if (cycles == 0)
		return -1;
	double mbufs = (double)iters * burst;
	printf("case=%s burst=%u iters=%" PRIu64 " mops=%.4f cycles_per_mbuf=%.2f\n", name, burst, iters,
	       mbufs / ((double)cycles / hz) / 1e6, (double)cycles / mbufs);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	double target_s = 0.3;
	int ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "mbuf_perf: rte_eal_init failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	argc -= ret;
	argv += ret;
	if (argc == 3 && strcmp(argv[1], "-t") == 0)
		target_s = atof(argv[2]);
	else if (argc != 1) {
		fprintf(stderr, "usage: mbuf_perf <EAL args> [-- -t SECONDS]\n");
		rte_eal_cleanup();
		return 1;
	}
	mp = rte_pktmbuf_pool_create("mbuf_perf", POOL_SIZE, CACHE, 0, RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	if (mp == NULL) {
		fprintf(stderr, "mbuf_perf: pool: %s\n", rte_strerror(rte_errno));
		rte_eal_cleanup();
		return 1;
	}
	ret = measure("alloc_free_bulk", run_bulk, BURST, target_s);
	if (ret == 0)
		ret = measure("alloc_free_one", run_single, 1, target_s);
	rte_mempool_free(mp);
	rte_eal_cleanup();
	return ret == 0 ? 0 : 1;
}
