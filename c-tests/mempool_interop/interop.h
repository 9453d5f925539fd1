/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the two halves of the mempool interop test: no DPDK header
 * here, as one half is compiled against the reference's headers and the
 * other against librte-rs's. */
#ifndef MEMPOOL_INTEROP_H
#define MEMPOOL_INTEROP_H

#include <stdint.h>

struct rte_mempool;

struct side_stats {
	uint64_t gets, puts, objs_got, objs_put, enobufs, dup, foreign;
};

struct worker_arg {
	struct rte_mempool *mp;
	uint32_t id;          /* 1 or 2: the mark written in objects held */
	uint32_t iterations;
	volatile int *go;     /* set by the main lcore to start together */
	uint32_t user_cache;  /* >0: a cache of this size from rte_mempool_cache_create */
	struct side_stats st;
};

/* The reference-header side (ref_side.c). */
int ref_worker(void *arg);
int ref_put_all(struct rte_mempool *mp, void **objs, unsigned n);
int ref_get_n(struct rte_mempool *mp, void **objs, unsigned n);
void ref_flush(struct rte_mempool *mp);

#endif
