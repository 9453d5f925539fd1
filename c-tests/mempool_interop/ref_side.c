/* SPDX-License-Identifier: BSD-3-Clause */
/* Compiled against the REFERENCE's headers (/usr/include/dpdk): the 22.11
 * inline get/put and cache code, running on librte-rs pools. */
#include <rte_mempool.h>
#include <rte_lcore.h>

#include "interop.h"

#define WORKER_NAME ref_worker_impl
#include "worker.inc"

int ref_worker(void *arg)
{
	return ref_worker_impl(arg);
}

int ref_put_all(struct rte_mempool *mp, void **objs, unsigned n)
{
	rte_mempool_put_bulk(mp, objs, n);
	return 0;
}

int ref_get_n(struct rte_mempool *mp, void **objs, unsigned n)
{
	return rte_mempool_get_bulk(mp, objs, n);
}

void ref_flush(struct rte_mempool *mp)
{
	rte_mempool_cache_flush(NULL, mp);
}
