/* SPDX-License-Identifier: BSD-3-Clause */
/* One side of the ring interop test, compiled twice: against the
 * reference's headers (SIDE=ref) and against librte-rs's (SIDE=our). Each
 * build's functions run that header set's inline ring code. */
#include <rte_ring.h>
#include <rte_ring_elem.h>

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define FN(x) CAT(SIDE, x)

/* Default-mode enqueue: bulk or burst by the caller's choice. */
unsigned int FN(_enqueue)(struct rte_ring *r, void *const *objs, unsigned int n, int bulk)
{
	return bulk ? rte_ring_enqueue_bulk(r, objs, n, NULL) : rte_ring_enqueue_burst(r, objs, n, NULL);
}

unsigned int FN(_dequeue)(struct rte_ring *r, void **objs, unsigned int n, int bulk)
{
	return bulk ? rte_ring_dequeue_bulk(r, objs, n, NULL) : rte_ring_dequeue_burst(r, objs, n, NULL);
}

/* 16-byte elements through the elem API. */
unsigned int FN(_enqueue16)(struct rte_ring *r, const void *objs, unsigned int n)
{
	return rte_ring_enqueue_burst_elem(r, objs, 16, n, NULL);
}

unsigned int FN(_dequeue16)(struct rte_ring *r, void *objs, unsigned int n)
{
	return rte_ring_dequeue_burst_elem(r, objs, 16, n, NULL);
}
