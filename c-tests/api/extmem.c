/* SPDX-License-Identifier: BSD-3-Clause */
/* External memory through the C ABI: named external heaps (create, add
 * memory, allocate from it, remove, destroy) and external memseg lists
 * (register, attach, detach, unregister), with each failure's errno.
 * Checked against the reference too (-DTEST_AGAINST_REFERENCE). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memory.h>

#include "../check.h"

#define LEN (8u << 20)
#define PG 4096u

int main(void)
{
	char *argv[] = { "prog", "-l", "0", "--no-huge", "-m", "64", "--no-pci", "--file-prefix=extmem_test", NULL };
	CHECK_EQ(rte_eal_init(8, argv), 7);

	void *va = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(va != MAP_FAILED, "mmap");

	CHECK_EQ(rte_malloc_heap_create("ext_heap"), 0);
	rte_errno = 0;
	CHECK(rte_malloc_heap_create("ext_heap") == -1 && rte_errno == EEXIST, "duplicate heap: %d", rte_errno);
	rte_errno = 0;
	CHECK(rte_malloc_heap_create("a_heap_name_that_is_far_too_long_for_it") == -1 && rte_errno == EINVAL,
	      "long name: %d", rte_errno);
	int sock = rte_malloc_heap_get_socket("ext_heap");
	CHECK(sock >= RTE_MAX_NUMA_NODES, "external socket id %d", sock);
	CHECK_EQ(rte_malloc_heap_socket_is_external(sock), 1);
	CHECK_EQ(rte_malloc_heap_socket_is_external(0), 0);

	rte_errno = 0;
	CHECK(rte_malloc_heap_memory_add("ext_heap", va, LEN, NULL, 0, 3000) == -1 && rte_errno == EINVAL,
	      "bad page size: %d", rte_errno);
	rte_errno = 0;
	CHECK(rte_malloc_heap_memory_add("nope", va, LEN, NULL, 0, PG) == -1 && rte_errno == ENOENT,
	      "unknown heap: %d", rte_errno);
	CHECK_EQ(rte_malloc_heap_memory_add("ext_heap", va, LEN, NULL, LEN / PG, PG), 0);
	rte_errno = 0;
	CHECK(rte_malloc_heap_memory_add("ext_heap", va, LEN, NULL, LEN / PG, PG) == -1 && rte_errno == EBUSY,
	      "same memory twice: %d", rte_errno);
	const struct rte_memseg_list *msl = rte_mem_virt2memseg_list((char *)va + 100);
	CHECK(msl && msl->external == 1 && msl->len == LEN, "external memseg list");

	char *p = rte_malloc_socket(NULL, 1 << 20, 0, sock);
	CHECK(p && p >= (char *)va && p < (char *)va + LEN, "allocated from the external heap: %p", (void *)p);
	if (p)
		memset(p, 1, 1 << 20);
	struct rte_malloc_socket_stats st;
	CHECK_EQ(rte_malloc_get_socket_stats(sock, &st), 0);
	CHECK(st.alloc_count == 1 && st.heap_totalsz_bytes == LEN, "stats: %u allocs, %zu total", st.alloc_count,
	      st.heap_totalsz_bytes);
	CHECK(rte_malloc(NULL, 100, 0) < (void *)va || rte_malloc(NULL, 100, 0) >= (void *)((char *)va + LEN),
	      "SOCKET_ID_ANY does not use external heaps");

	rte_errno = 0;
	CHECK(rte_malloc_heap_memory_remove("ext_heap", va, LEN) == -1 && rte_errno == EBUSY, "busy: %d", rte_errno);
	rte_errno = 0;
	CHECK(rte_malloc_heap_destroy("ext_heap") == -1 && rte_errno == EBUSY, "destroy busy: %d", rte_errno);
	rte_free(p);
	CHECK_EQ(rte_malloc_heap_memory_remove("ext_heap", va, LEN), 0);
	CHECK(rte_mem_virt2memseg_list(va) == NULL, "list gone");
	CHECK_EQ(rte_malloc_heap_destroy("ext_heap"), 0);
	rte_errno = 0;
	CHECK(rte_malloc_heap_destroy("ext_heap") == -1 && rte_errno == ENOENT, "destroy twice: %d", rte_errno);
	rte_errno = 0;
	CHECK(rte_malloc_heap_destroy("socket_0") == -1 && rte_errno == EPERM, "internal heap: %d", rte_errno);

	/* External memory without a heap. */
	CHECK_EQ(rte_extmem_register(va, LEN, NULL, 0, PG), 0);
	rte_errno = 0;
	CHECK(rte_extmem_register(va, LEN, NULL, 0, PG) == -1 && rte_errno == EEXIST, "twice: %d", rte_errno);
	msl = rte_mem_virt2memseg_list(va);
	CHECK(msl && msl->external == 1 && msl->heap == 0, "extmem list without heap");
#ifndef TEST_AGAINST_REFERENCE
	/* The reference refuses attach in the process that registered. */
	CHECK_EQ(rte_extmem_attach(va, LEN), 0);
	CHECK_EQ(rte_extmem_detach(va, LEN), 0);
#endif
	CHECK_EQ(rte_extmem_unregister(va, LEN), 0);
	rte_errno = 0;
	CHECK(rte_extmem_unregister(va, LEN) == -1 && rte_errno == ENOENT, "unregister twice: %d", rte_errno);

	munmap(va, LEN);
	CHECK_EQ(rte_eal_cleanup(), 0);
	return check_done("extmem");
}
