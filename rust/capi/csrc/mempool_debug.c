/* SPDX-License-Identifier: BSD-3-Clause */
/* Buffer debugging (LIBRTE_RS_MEMPOOL_DEBUG=1): the enqueue/dequeue
 * callbacks of the debug handler slot. They are called from inline get/put
 * code, so their return address is the application's call site; stable
 * Rust cannot read it, so these two trampolines pass it on. Not exported. */
struct rte_mempool;

int rte_rs_mempool_debug_dequeue(struct rte_mempool *mp, void **objs, unsigned int n, void *site);
int rte_rs_mempool_debug_enqueue(struct rte_mempool *mp, void *const *objs, unsigned int n, void *site);

__attribute__((noinline)) int rte_rs_mempool_debug_dequeue_cb(struct rte_mempool *mp, void **objs, unsigned int n)
{
	return rte_rs_mempool_debug_dequeue(mp, objs, n,
		__builtin_extract_return_addr(__builtin_return_address(0)));
}

__attribute__((noinline)) int rte_rs_mempool_debug_enqueue_cb(struct rte_mempool *mp, void *const *objs,
							    unsigned int n)
{
	return rte_rs_mempool_debug_enqueue(mp, objs, n,
		__builtin_extract_return_addr(__builtin_return_address(0)));
}
