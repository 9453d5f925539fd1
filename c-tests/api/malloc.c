/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_malloc family through the C ABI: alignment, zeroing, realloc,
 * stats, validate, virt2iova, per-socket heaps, bad input. Runs with
 * --no-huge -m 128; the cases marked below are librte-rs only (the
 * reference crashes or corrupts memory on them). */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memory.h>

#include "../check.h"

static int all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;
	for (size_t i = 0; i < n; i++)
		if (c[i])
			return 0;
	return 1;
}

int main(void)
{
	char *eal_argv[] = { "prog", "-l", "0", "--no-huge", "-m", "128", "--no-pci",
			     "--file-prefix=malloc_test", NULL };
	CHECK_EQ(rte_eal_init(8, eal_argv), 7);

	struct rte_malloc_socket_stats st0, st1;
	CHECK_EQ(rte_malloc_get_socket_stats(0, &st0), 0);
	CHECK(st0.heap_totalsz_bytes >= (100u << 20), "heap total %zu", st0.heap_totalsz_bytes);
	CHECK_EQ(rte_malloc_get_socket_stats(77, &st0), -1);
	CHECK_EQ(rte_malloc_get_socket_stats(0, &st0), 0);

	void *sizes[6];
	size_t sz[6] = { 1, 63, 64, 65, 4096, 1 << 20 };
	for (int i = 0; i < 6; i++) {
		sizes[i] = rte_malloc("t", sz[i], 0);
		CHECK(sizes[i] && ((uintptr_t)sizes[i] % RTE_CACHE_LINE_SIZE) == 0, "malloc %zu: %p", sz[i], sizes[i]);
		if (sizes[i])
			memset(sizes[i], i + 1, sz[i]);
	}
	for (int i = 0; i < 6; i++) {
		const unsigned char *c = sizes[i];
		CHECK(c && c[0] == i + 1 && c[sz[i] - 1] == i + 1, "block %d intact", i);
	}
	CHECK_EQ(rte_malloc_get_socket_stats(0, &st1), 0);
	CHECK_EQ(st1.alloc_count, st0.alloc_count + 6);
	CHECK(st1.heap_allocsz_bytes >= st0.heap_allocsz_bytes + (1 << 20) + 4096, "alloc bytes");
	for (int i = 0; i < 6; i++)
		rte_free(sizes[i]);
	CHECK_EQ(rte_malloc_get_socket_stats(0, &st1), 0);
	CHECK_EQ(st1.alloc_count, st0.alloc_count);
	CHECK_EQ(st1.heap_freesz_bytes, st0.heap_freesz_bytes);

	/* Alignment. */
	for (unsigned a = 64; a <= 1 << 20; a <<= 2) {
		void *p = rte_malloc(NULL, 100, a);
		CHECK(p && ((uintptr_t)p % a) == 0, "align %u: %p", a, p);
		rte_free(p);
	}
	CHECK(rte_malloc(NULL, 100, 3) == NULL, "non-power-of-2 alignment refused");
	CHECK(rte_malloc(NULL, 0, 0) == NULL, "size 0 refused");
	CHECK(rte_malloc(NULL, 1ULL << 40, 0) == NULL, "too big");
	volatile size_t huge = SIZE_MAX; /* volatile: keeps the compiler's size checks quiet */
	CHECK(rte_malloc(NULL, huge, 0) == NULL, "SIZE_MAX");
	CHECK(rte_calloc(NULL, huge / 2, 4, 0) == NULL, "calloc overflow");

	/* Zeroing. */
	void *d = rte_malloc(NULL, 4096, 0);
	memset(d, 0xff, 4096);
	rte_free(d);
	void *z = rte_zmalloc(NULL, 4096, 0);
	CHECK(z && all_zero(z, 4096), "zmalloc zeroes reused memory");
	void *c = rte_calloc(NULL, 100, 40, 0);
	CHECK(c && all_zero(c, 4000), "calloc zeroes");
	rte_free(z);
	rte_free(c);
	void *zs = rte_zmalloc_socket(NULL, 128, 0, 0);
	CHECK(zs && all_zero(zs, 128), "zmalloc_socket");
	rte_free(zs);
	void *cs = rte_calloc_socket(NULL, 2, 64, 0, SOCKET_ID_ANY);
	CHECK(cs && all_zero(cs, 128), "calloc_socket");
	rte_free(cs);
	void *ms = rte_malloc_socket(NULL, 64, 0, 0);
	CHECK(ms != NULL, "malloc_socket on socket 0");
	rte_free(ms);

	/* Realloc keeps contents, grows and shrinks. */
	unsigned char *r = rte_realloc(NULL, 100, 0);
	CHECK(r != NULL, "realloc(NULL) allocates");
	for (int i = 0; i < 100; i++)
		r[i] = (unsigned char)i;
	r = rte_realloc(r, 100000, 0);
	int same = r != NULL;
	for (int i = 0; same && i < 100; i++)
		same = r[i] == (unsigned char)i;
	CHECK(same, "realloc grow keeps contents");
	r = rte_realloc(r, 50, 0);
	same = r != NULL;
	for (int i = 0; same && i < 50; i++)
		same = r[i] == (unsigned char)i;
	CHECK(same, "realloc shrink keeps contents");
	unsigned char *r2 = rte_realloc_socket(r, 200, 4096, 0);
	CHECK(r2 && ((uintptr_t)r2 % 4096) == 0 && r2[10] == 10, "realloc_socket to an alignment");
	rte_free(r2);

	/* Validate, iova. */
	void *v = rte_malloc(NULL, 300, 0);
	size_t vs = 0;
	CHECK_EQ(rte_malloc_validate(v, &vs), 0);
	CHECK_EQ(rte_malloc_validate(v, NULL), 0);
	CHECK(rte_malloc_virt2iova(v) != RTE_BAD_IOVA, "virt2iova");
	CHECK(rte_mem_virt2iova(v) == rte_malloc_virt2iova(v), "virt2iova agree");
	rte_free(v);
	rte_free(NULL);

	/* Heaps by name. */
	CHECK_EQ(rte_malloc_heap_get_socket("socket_0"), 0);
	CHECK_EQ(rte_malloc_heap_socket_is_external(0), 0);

	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	rte_malloc_dump_stats(mem, NULL);
	fclose(mem);
	CHECK(buf && strstr(buf, "Heap_size") != NULL, "dump_stats: %s", buf ? buf : "");
	free(buf);

#ifndef TEST_AGAINST_REFERENCE
	/* librte-rs only: bad frees are reported and harm nothing. */
	CHECK_EQ(rte_malloc_get_socket_stats(0, &st0), 0);
	void *a = rte_malloc(NULL, 64, 0);
	rte_free(a);
	rte_free(a);       /* double free: logged */
	int local;
	rte_free(&local);  /* never from rte_malloc: logged */
	CHECK_EQ(rte_malloc_validate(&local, NULL), -1);
	CHECK_EQ(rte_malloc_get_socket_stats(0, &st1), 0);
	CHECK_EQ(st1.alloc_count, st0.alloc_count);
	CHECK_EQ(st1.heap_freesz_bytes, st0.heap_freesz_bytes);
	void *b = rte_malloc(NULL, 64, 0);
	CHECK(b != NULL, "heap still works");
	rte_free(b);

	/* A write past the end is detected at rte_free, which panics. */
	pid_t pid = fork();
	if (pid == 0) {
		char *o = rte_malloc(NULL, 100, 0);
		memset(o, 0, 120);
		rte_free(o);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "overrun detected: status %d", status);
#endif

	CHECK_EQ(rte_eal_cleanup(), 0);
	return check_done("malloc");
}
