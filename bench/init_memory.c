/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * init_memory: the wall time of rte_eal_init() when it has to set up
 * hugepage memory (e.g. -m 1024 with 2 MiB pages, with or without
 * --legacy-mem), with the DPDK API only.
 *
 * usage: init_memory <EAL args>
 *
 * Prints one line "init_us=<n> mem_mb=<n> segs=<n> page_kb=<n>": the time
 * of rte_eal_init(argc, argv) (CLOCK_MONOTONIC around the call), then what
 * it mapped, so a run that silently got less memory (or other pages) than
 * it asked for shows: rte_eal_get_physmem_size() in MiB, the number of
 * memory segments (rte_memseg_walk) and their largest page size in KiB.
 * Then calls rte_eal_cleanup() and exits 0; exits 1 if init fails.
 * Driven by bench/run_memory.py --init.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime with -std=c99 */

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memory.h>

struct seg_count {
	unsigned int segs;
	uint64_t page_sz;
};

/* Monotonic clock in nanoseconds. */
static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int count_seg(const struct rte_memseg_list *msl,
		     const struct rte_memseg *ms, void *arg)
{
	struct seg_count *c = arg;

	(void)msl;
	c->segs++;
	if (ms->hugepage_sz > c->page_sz)
		c->page_sz = ms->hugepage_sz;
	return 0;
}

int main(int argc, char **argv)
{
	struct seg_count c = { 0, 0 };
	long long start, end;
	uint64_t mem;
	int ret;

	start = now_ns();
	ret = rte_eal_init(argc, argv);
	end = now_ns();
	if (ret < 0) {
		fprintf(stderr, "init_memory: rte_eal_init failed: %s\n",
			rte_strerror(rte_errno));
		return 1;
	}
	mem = rte_eal_get_physmem_size();
	rte_memseg_walk(count_seg, &c);
	printf("init_us=%lld mem_mb=%llu segs=%u page_kb=%llu\n",
	       (end - start) / 1000, (unsigned long long)(mem >> 20), c.segs,
	       (unsigned long long)(c.page_sz >> 10));
	fflush(stdout);
	rte_eal_cleanup();
	return 0;
}
