/* SPDX-License-Identifier: BSD-3-Clause */
/* Compiled against librte-rs's headers. Creates pools with every ring
 * handler and the stack handler, with and without per-lcore caches; lcore
 * 1 runs the reference-header worker while lcore 0 runs this header's
 * worker on the same pool; then objects taken on one side are returned on
 * the other. Every object must come back exactly once. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mempool.h>

#include "interop.h"

#define WORKER_NAME our_worker
#include "worker.inc"

static int fails;
#define EXPECT(c, ...) do { if (!(c)) { fails++; printf("FAIL: " __VA_ARGS__); printf("\n"); } } while (0)

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
	return x < y ? -1 : x > y;
}

/* Pool memory is not zeroed (a freed pool's memory may be reused): clear the mark words. */
static void clear_mark(struct rte_mempool *mp, void *arg, void *obj, unsigned idx)
{
	(void)mp;
	(void)arg;
	(void)idx;
	*(uint64_t *)obj = 0;
}

static void run(const char *ops, unsigned cache, unsigned n, uint32_t iters, unsigned user_cache)
{
	char name[32];
	static void *all[8192];
	snprintf(name, sizeof(name), user_cache ? "io_%s_u%u" : "io_%s_%u", ops, user_cache ? user_cache : cache);
	struct rte_mempool *mp = rte_mempool_create_empty(name, n, 64, cache, 0, SOCKET_ID_ANY, 0);
	if (mp == NULL || rte_mempool_set_ops_byname(mp, ops, NULL) != 0 || rte_mempool_populate_default(mp) != (int)n) {
		fails++;
		printf("FAIL: %s: cannot create pool: %s\n", name, rte_strerror(rte_errno));
		return;
	}
	rte_mempool_obj_iter(mp, clear_mark, NULL);
	volatile int go = 0;
	struct worker_arg ours = { .mp = mp, .id = 1, .iterations = iters, .go = &go, .user_cache = user_cache };
	struct worker_arg ref = { .mp = mp, .id = 2, .iterations = iters, .go = &go, .user_cache = user_cache };
	unsigned other = rte_get_next_lcore(-1, 1, 0);
	rte_eal_remote_launch(ref_worker, &ref, other);
	go = 1;
	our_worker(&ours);
	rte_eal_wait_lcore(other);

	/* Cross returns: taken through one header's code, put through the other's. */
	unsigned half = n / 2;
	int r1 = rte_mempool_get_bulk(mp, all, half);
	int r2 = ref_put_all(mp, all, r1 == 0 ? half : 0);
	int r3 = ref_get_n(mp, all, half);
	if (r3 == 0)
		rte_mempool_put_bulk(mp, all, half);
	rte_mempool_cache_flush(NULL, mp);
	ref_flush(mp);
	EXPECT(r1 == 0 && r2 == 0 && r3 == 0, "%s: cross get/put %d %d %d", name, r1, r2, r3);

	unsigned avail = rte_mempool_avail_count(mp);
	/* Drain through the store: exactly n distinct objects of this pool, all free. */
	unsigned got = 0;
	while (got < n && rte_mempool_ops_dequeue_bulk(mp, &all[got], 1) == 0)
		got++;
	void *extra;
	int more = rte_mempool_ops_dequeue_bulk(mp, &extra, 1);
	qsort(all, got, sizeof(void *), cmp_ptr);
	unsigned dups = 0, marked = 0;
	for (unsigned i = 0; i < got; i++) {
		if (i && all[i] == all[i - 1])
			dups++;
		if (*(uint64_t *)all[i] != 0) {
			if (marked < 3)
				printf("  marked %p = %llx\n", all[i], (unsigned long long)*(uint64_t *)all[i]);
			marked++;
		}
	}
	rte_mempool_ops_enqueue_bulk(mp, all, got);
	printf("%-24s ours: %8llu gets %8llu puts %9llu objs  ref: %8llu gets %8llu puts %9llu objs  "
	       "enobufs %llu/%llu  back %u/%u\n", name,
	       (unsigned long long)ours.st.gets, (unsigned long long)ours.st.puts,
	       (unsigned long long)ours.st.objs_got, (unsigned long long)ref.st.gets,
	       (unsigned long long)ref.st.puts, (unsigned long long)ref.st.objs_got,
	       (unsigned long long)ours.st.enobufs, (unsigned long long)ref.st.enobufs, got, n);
	EXPECT(ours.st.dup == 0 && ref.st.dup == 0, "%s: objects handed out twice: %llu/%llu", name,
	       (unsigned long long)ours.st.dup, (unsigned long long)ref.st.dup);
	EXPECT(ours.st.foreign == 0 && ref.st.foreign == 0, "%s: foreign objects", name);
	EXPECT(ours.st.objs_got == ours.st.objs_put && ref.st.objs_got == ref.st.objs_put, "%s: balance", name);
	EXPECT(avail == n, "%s: avail %u of %u", name, avail, n);
	EXPECT(got == n && more != 0 && dups == 0 && marked == 0, "%s: drained %u of %u, dups %u, marked %u", name,
	       got, n, dups, marked);
	rte_mempool_free(mp);
}

int main(int argc, char **argv)
{
	char *eal_argv[] = { "prog", "-l", "0-1", "--no-huge", "-m", "256", "--no-pci",
			     "--file-prefix=mempool_interop", NULL };
	uint32_t iters = argc > 1 ? (uint32_t)atoi(argv[1]) : 200000;
	if (rte_eal_init(8, eal_argv) < 0) {
		printf("FAIL: rte_eal_init\n");
		return 1;
	}
	static const char *ops[] = { "ring_mp_mc", "ring_mt_rts", "ring_mt_hts", "stack" };
	for (unsigned i = 0; i < RTE_DIM(ops); i++) {
		run(ops[i], 0, 1024, iters, 0);
		run(ops[i], 32, 1024, iters, 0);
	}
	/* User-owned caches (rte_mempool_cache_create) on both sides. */
	run("ring_mp_mc", 0, 1024, iters, 24);
	/* A small pool: exhaustion is frequent, both sides see -ENOBUFS. */
	run("ring_mp_mc", 16, 300, iters, 0);
	run("ring_mt_hts", 0, 300, iters, 0);
	run("stack", 16, 300, iters, 0);
	run("ring_mt_rts", 0, 300, iters, 16);
	rte_eal_cleanup();
	printf("mempool interop: %s\n", fails ? "FAILED" : "passed");
	return fails != 0;
}
