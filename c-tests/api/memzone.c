/* SPDX-License-Identifier: BSD-3-Clause */
/* memzone through the C ABI: reserve (plain, aligned, bounded, len 0),
 * lookup, free, walk, dump, and each documented failure with its errno.
 * Runs with --no-huge -m 128; also checked against the reference. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include "../check.h"

static int walked;
static void count_mz(const struct rte_memzone *mz, void *arg)
{
	(void)mz;
	(void)arg;
	walked++;
}

int main(int argc, char **argv)
{
	char *eal_argv[] = { "prog", "-l", "0", "--no-huge", "-m", "128", "--no-pci",
			     "--file-prefix=memzone_test", NULL };
	(void)argc;
	(void)argv;
	CHECK_EQ(rte_eal_init(8, eal_argv), 7);

	const struct rte_memzone *mz = rte_memzone_reserve("mz_plain", 1000, SOCKET_ID_ANY, 0);
	CHECK(mz != NULL, "reserve: %s", rte_strerror(rte_errno));
	if (!mz)
		return check_done("memzone");
	CHECK(strcmp(mz->name, "mz_plain") == 0, "name %s", mz->name);
	CHECK(mz->len == 1024, "len %zu (rounded up to a cache line)", mz->len);
	CHECK(((uintptr_t)mz->addr % RTE_CACHE_LINE_SIZE) == 0, "cache aligned %p", mz->addr);
	CHECK(mz->addr_64 == (uint64_t)(uintptr_t)mz->addr, "addr_64 aliases addr");
	CHECK(mz->iova != RTE_BAD_IOVA, "iova set");
	CHECK(mz->hugepage_sz > 0, "page size %llu", (unsigned long long)mz->hugepage_sz);
	memset(mz->addr, 0xab, 1000);
	CHECK(rte_memzone_lookup("mz_plain") == mz, "lookup");
	CHECK(rte_memzone_lookup("mz_nope") == NULL, "lookup unknown");

	/* Failures, each with the reference's errno. */
	rte_errno = 0;
	CHECK(rte_memzone_reserve("mz_plain", 100, SOCKET_ID_ANY, 0) == NULL && rte_errno == EEXIST,
	      "duplicate: %d", rte_errno);
	char name31[32], name32[33];
	memset(name31, 'a', 31);
	name31[31] = 0;
	memset(name32, 'b', 32);
	name32[32] = 0;
	const struct rte_memzone *mz31 = rte_memzone_reserve(name31, 64, SOCKET_ID_ANY, 0);
	CHECK(mz31 != NULL, "31-character name: %d", rte_errno);
	rte_errno = 0;
	CHECK(rte_memzone_reserve(name32, 64, SOCKET_ID_ANY, 0) == NULL && rte_errno == ENAMETOOLONG,
	      "32-character name: %d", rte_errno);
	rte_errno = 0;
	CHECK(rte_memzone_reserve("mz_sock", 64, -5, 0) == NULL && rte_errno == EINVAL,
	      "negative socket: %d", rte_errno);
	rte_errno = 0;
	CHECK(rte_memzone_reserve("mz_sock", 64, 77, 0) == NULL && rte_errno == ENOMEM,
	      "socket without memory: %d", rte_errno);
	rte_errno = 0;
	CHECK(rte_memzone_reserve("mz_flag", 64, SOCKET_ID_ANY, 0x40000000) == NULL && rte_errno == EINVAL,
	      "unknown flag: %d", rte_errno);
	rte_errno = 0;
	CHECK(rte_memzone_reserve("mz_2m", 64, SOCKET_ID_ANY, RTE_MEMZONE_2MB) == NULL && rte_errno == ENOMEM,
	      "2 MB pages under --no-huge: %d", rte_errno);
	const struct rte_memzone *hint = rte_memzone_reserve("mz_2mhint", 64, SOCKET_ID_ANY,
		RTE_MEMZONE_2MB | RTE_MEMZONE_SIZE_HINT_ONLY);
	CHECK(hint && hint->hugepage_sz == 4096, "size hint falls back to 4 KiB pages");
	CHECK(hint && rte_memzone_free(hint) == 0, "free hint zone");
	rte_errno = 0;
	CHECK(rte_memzone_reserve_aligned("mz_al", 64, SOCKET_ID_ANY, 0, 100) == NULL &&
	      rte_errno == EINVAL, "non-power-of-2 align: %d", rte_errno);
	rte_errno = 0;
	CHECK(rte_memzone_reserve_bounded("mz_bd", 8192, SOCKET_ID_ANY, 0, 64, 4096) == NULL &&
	      rte_errno == EINVAL, "bound < len: %d", rte_errno);
#ifndef TEST_AGAINST_REFERENCE /* the reference dereferences NULL here */
	rte_errno = 0;
	CHECK(rte_memzone_reserve(NULL, 64, SOCKET_ID_ANY, 0) == NULL && rte_errno == EINVAL,
	      "NULL name: %d", rte_errno);
#endif
	rte_errno = 0;
	CHECK(rte_memzone_reserve("mz_huge", 1ULL << 40, SOCKET_ID_ANY, 0) == NULL &&
	      rte_errno == ENOMEM, "too big: %d", rte_errno);

	/* Aligned and bounded. */
	const struct rte_memzone *al = rte_memzone_reserve_aligned("mz_al4k", 100, SOCKET_ID_ANY, 0, 4096);
	CHECK(al && ((uintptr_t)al->addr % 4096) == 0, "aligned to 4096: %p", al ? al->addr : NULL);
	const struct rte_memzone *bd = rte_memzone_reserve_bounded("mz_bd4k", 3000, SOCKET_ID_ANY, 0, 64, 4096);
	CHECK(bd && ((uintptr_t)bd->addr / 4096) == (((uintptr_t)bd->addr + 3000 - 1) / 4096),
	      "within one 4096 bound: %p", bd ? bd->addr : NULL);

	/* Walk and dump. */
	walked = 0;
	rte_memzone_walk(count_mz, NULL);
	CHECK_EQ(walked, 4);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	rte_memzone_dump(mem);
	fclose(mem);
	CHECK(strstr(buf, "mz_plain") != NULL && strstr(buf, "mz_al4k") != NULL, "dump: %s", buf);
	free(buf);

	/* Free. */
	CHECK_EQ(rte_memzone_free(mz), 0);
	CHECK(rte_memzone_lookup("mz_plain") == NULL, "freed zone is gone");
	CHECK_EQ(rte_memzone_free(NULL), -EINVAL);
	CHECK_EQ(rte_memzone_free(al), 0);
	CHECK_EQ(rte_memzone_free(bd), 0);
	CHECK_EQ(rte_memzone_free(mz31), 0);

	/* A zone reusing freed memory starts zeroed, as in 22.11. */
	const struct rte_memzone *dirty = rte_memzone_reserve("mz_dirty", 8192, SOCKET_ID_ANY, 0);
	CHECK(dirty != NULL, "reserve mz_dirty");
	if (dirty) {
		void *where = dirty->addr;
		memset(dirty->addr, 0xa5, dirty->len);
		CHECK_EQ(rte_memzone_free(dirty), 0);
		const struct rte_memzone *again = rte_memzone_reserve("mz_again", 8192, SOCKET_ID_ANY, 0);
		CHECK(again != NULL, "reserve mz_again");
		if (again) {
			size_t nonzero = 0;
			for (size_t i = 0; i < again->len; i++)
				nonzero += ((const unsigned char *)again->addr)[i] != 0;
			CHECK(nonzero == 0, "%zu stale bytes in a reused zone (same address: %d)", nonzero,
			      again->addr == where);
			CHECK_EQ(rte_memzone_free(again), 0);
		}
	}
	mz = rte_memzone_reserve("mz_plain", 1000, SOCKET_ID_ANY, 0);
	CHECK(mz != NULL, "a freed name can be reused");
	CHECK_EQ(rte_memzone_free(mz), 0);

	/* len 0: the biggest zone available, which can be freed again. */
	const struct rte_memzone *big = rte_memzone_reserve("mz_biggest", 0, SOCKET_ID_ANY, 0);
	CHECK(big && big->len > (64u << 20), "len 0 gives the biggest zone: %zu", big ? big->len : 0);
	if (big)
		CHECK_EQ(rte_memzone_free(big), 0);

	/* More zones than RTE_MAX_MEMZONE: ENOSPC at the limit, then recovery. */
	static const struct rte_memzone *many[RTE_MAX_MEMZONE + 1];
	int n = 0;
	for (; n <= RTE_MAX_MEMZONE; n++) {
		char nm[32];
		snprintf(nm, sizeof(nm), "mz_many_%d", n);
		rte_errno = 0;
		many[n] = rte_memzone_reserve(nm, 64, SOCKET_ID_ANY, 0);
		if (!many[n])
			break;
	}
	CHECK(n <= RTE_MAX_MEMZONE && n >= RTE_MAX_MEMZONE - 8, "stopped at %d", n);
	CHECK_EQ(rte_errno, ENOSPC);
	for (int i = 0; i < n; i++)
		rte_memzone_free(many[i]);
	mz = rte_memzone_reserve("mz_after", 64, SOCKET_ID_ANY, 0);
	CHECK(mz != NULL, "reserve works again after freeing");

	CHECK_EQ(rte_eal_cleanup(), 0);
	return check_done("memzone");
}
