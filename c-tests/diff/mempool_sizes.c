/* SPDX-License-Identifier: BSD-3-Clause */
/* Mempool sizing, run on the reference and on librte-rs, outputs compared:
 * rte_mempool_calc_obj_size for element sizes 1..4200 under every flag
 * combination (the channel-spreading padding included), the memory the
 * default handler asks for (rte_mempool_op_calc_mem_size_helper) with and
 * without a page rule, pool header fields and private-area placement, and
 * the errno of each bad creation. */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mempool.h>

int main(void)
{
	char *eal_argv[] = { "prog", "-l", "0", "--no-huge", "-m", "128", "--no-pci",
			     "--file-prefix=mempool_sizes", "--log-level=0", NULL };
	if (rte_eal_init(9, eal_argv) < 0)
		return 1;
	static const unsigned flags[] = { 0, RTE_MEMPOOL_F_NO_SPREAD, RTE_MEMPOOL_F_NO_CACHE_ALIGN,
					  RTE_MEMPOOL_F_NO_SPREAD | RTE_MEMPOOL_F_NO_CACHE_ALIGN };
	unsigned long sum = 0;
	for (unsigned f = 0; f < 4; f++)
		for (uint32_t e = 1; e <= 4200; e++) {
			struct rte_mempool_objsz sz;
			uint32_t t = rte_mempool_calc_obj_size(e, flags[f], &sz);
			sum = sum * 31 + t + sz.header_size * 7 + sz.trailer_size * 3 + sz.elt_size;
			if (e % 97 == 0 || e < 4 || e == 2048 || e == 2176)
				printf("objsz flags=%u elt=%u: header %u elt %u trailer %u total %u\n", flags[f], e,
				       sz.header_size, sz.elt_size, sz.trailer_size, t);
		}
	printf("objsz checksum %lu\n", sum);

	static const unsigned elts[] = { 8, 64, 100, 1000, 2048, 2176, 5000 };
	for (unsigned i = 0; i < 7; i++) {
		char name[32];
		snprintf(name, sizeof(name), "sz_%u", elts[i]);
		struct rte_mempool *mp = rte_mempool_create_empty(name, 1000, elts[i], 32, 100, SOCKET_ID_ANY, 0);
		if (mp == NULL) {
			printf("%s: create_empty failed %d\n", name, rte_errno);
			continue;
		}
		printf("%s: size %u cache %u elt %u header %u trailer %u priv %u flags %#x priv_off %ld\n", name, mp->size,
		       mp->cache_size, mp->elt_size, mp->header_size, mp->trailer_size, mp->private_data_size, mp->flags,
		       (long)((char *)rte_mempool_get_priv(mp) - (char *)mp));
		static const unsigned shifts[] = { 0, 12, 21, 30 };
		static const unsigned counts[] = { 1, 7, 1000, 65535 };
		for (unsigned s = 0; s < 4; s++)
			for (unsigned c = 0; c < 4; c++) {
				size_t min_chunk = 0, align = 0;
				ssize_t m = rte_mempool_op_calc_mem_size_helper(mp, counts[c], shifts[s], 0, &min_chunk,
										 &align);
				ssize_t r = rte_mempool_op_calc_mem_size_helper(mp, counts[c], shifts[s], 64, &min_chunk,
										 &align);
				printf("  mem n=%u shift=%u: %zd (reserve 64: %zd) min_chunk %zu align %zu\n", counts[c],
				       shifts[s], m, r, min_chunk, align);
			}
		rte_mempool_free(mp);
	}

	/* Bad creations: errno of each. */
	struct { const char *name; unsigned n, cache, flags; } bad[] = {
		{ "b_zero", 0, 0, 0 }, { "b_cache", 100, 513, 0 }, { "b_ratio", 47, 32, 0 },
		{ "b_ok_ratio", 48, 32, 0 }, { "b_flags", 10, 0, 0x80 }, { "b_flags2", 10, 0, RTE_MEMPOOL_F_POOL_CREATED },
		{ "abcdefghijklmnopqrstuvwxyz", 10, 0, 0 }, { "abcdefghijklmnopqrstuvwxy", 10, 0, 0 },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rte_errno = 0;
		struct rte_mempool *mp = rte_mempool_create_empty(bad[i].name, bad[i].n, 64, bad[i].cache, 0,
								  SOCKET_ID_ANY, bad[i].flags);
		printf("create_empty %s n=%u cache=%u flags=%#x: %s errno %d\n", bad[i].name, bad[i].n, bad[i].cache,
		       bad[i].flags, mp ? "ok" : "NULL", mp ? 0 : rte_errno);
		rte_mempool_free(mp);
	}
	struct rte_mempool_cache *c = rte_mempool_cache_create(512, SOCKET_ID_ANY);
	printf("cache_create 512: %s size %u flushthresh %u\n", c ? "ok" : "NULL", c ? c->size : 0,
	       c ? c->flushthresh : 0);
	rte_mempool_cache_free(c);
	rte_eal_cleanup();
	return 0;
}
