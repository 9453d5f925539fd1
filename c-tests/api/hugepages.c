/* SPDX-License-Identifier: BSD-3-Clause */
/* Hugepage mode: memzones and malloc on 2 MiB pages, dynamic growth and
 * release, memseg walks and fds, memory events and validators, a primary
 * killed with SIGKILL leaving stale files that the next one reclaims, the
 * clear failure when no hugepages can be had, and nothing left after
 * cleanup. Skips, saying why, when no free 2 MiB hugepages are mounted. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include "../check.h"

#define HUGEDIR "/dev/hugepages"
#define FREE_KNOB "/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages"

static long free_pages(void)
{
	FILE *f = fopen(FREE_KNOB, "r");
	long n = -1;
	if (f) {
		if (fscanf(f, "%ld", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

static int files_with_prefix(const char *prefix)
{
	DIR *d = opendir(HUGEDIR);
	int n = 0;
	struct dirent *e;
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

static int mounted(void)
{
	FILE *f = fopen("/proc/mounts", "r");
	char line[512];
	int found = 0;
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, " " HUGEDIR " hugetlbfs"))
			found = 1;
	if (f)
		fclose(f);
	return found;
}

static int events_alloc, events_free;
static size_t event_bytes;
static void on_event(enum rte_mem_event ev, const void *addr, size_t len, void *arg)
{
	(void)addr;
	(void)arg;
	if (ev == RTE_MEM_EVENT_ALLOC)
		events_alloc++;
	else
		events_free++;
	event_bytes += len;
}

static int refuse(int socket, size_t limit, size_t new_len)
{
	(void)socket;
	(void)limit;
	(void)new_len;
	return -1;
}

static int segs;
static int count_seg(const struct rte_memseg_list *msl, const struct rte_memseg *ms, void *arg)
{
	(void)arg;
	if (msl->page_sz == RTE_PGSIZE_2M && ms->len == RTE_PGSIZE_2M && ms->hugepage_sz == RTE_PGSIZE_2M)
		segs++;
	return 0;
}

int main(void)
{
	if (!mounted() || free_pages() < 12) {
		printf("hugepages: skipped: needs hugetlbfs on %s and 12 free 2 MiB pages (have %ld); "
		       "scripts/hugepages.sh reserve sets that up\n", HUGEDIR, free_pages());
		return 0;
	}
	long initial = free_pages();
	char prefix[64], opt[96], stale[80];
	snprintf(prefix, sizeof(prefix), "hp%d", (int)getpid());
	snprintf(opt, sizeof(opt), "--file-prefix=%s", prefix);
	snprintf(stale, sizeof(stale), "%smap_", prefix);

	/* -m preallocates pages that frees do not give back; cleanup does. */
	pid_t p2 = fork();
	if (p2 == 0) {
		char mopt[96];
		snprintf(mopt, sizeof(mopt), "--file-prefix=%sm", prefix);
		char *m_argv[] = { "prog", "-l", "0", "--no-pci", "-m", "8", mopt, NULL };
		if (rte_eal_init(7, m_argv) < 0)
			_exit(1);
		void *x = rte_malloc(NULL, 1 << 20, 0);
		rte_free(x);
		int keep = rte_eal_get_physmem_size() == 8 << 20 && free_pages() == initial - 4;
		rte_eal_cleanup();
		_exit(keep && free_pages() == initial ? 0 : 2);
	}
	int st;
	waitpid(p2, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "-m 8 preallocates 4 pages, kept after free, returned at cleanup (%d)", st);

	/* --match-allocations: pages go back only as the batches they were
	 * mapped in. A 3 MiB block maps 2 pages; a 512 KiB block then lands in
	 * the second page's free tail; freeing the big block frees the first
	 * page wholly, which dynamic memory gives back at once, but with
	 * --match-allocations only when the whole batch is free. */
	for (int match = 0; match < 2; match++) {
		pid_t pm = fork();
		if (pm == 0) {
			char mopt[96];
			snprintf(mopt, sizeof(mopt), "--file-prefix=%sma%d", prefix, match);
			char *m_argv[] = { "prog", "-l", "0", "--no-pci", mopt, "--match-allocations", NULL };
			if (rte_eal_init(match ? 6 : 5, m_argv) < 0)
				_exit(1);
			void *a = rte_malloc(NULL, 3 << 20, 0);
			void *b = rte_malloc(NULL, 512 << 10, 0);
			int ok = a && b && rte_eal_get_physmem_size() == 4 << 20;
			rte_free(a);
			uint64_t after_a = rte_eal_get_physmem_size();
			ok = ok && after_a == (match ? 4u << 20 : 2u << 20);
			rte_free(b);
			ok = ok && rte_eal_get_physmem_size() == 0;
			rte_eal_cleanup();
			if (!ok)
				fprintf(stderr, "match=%d: a %p b %p, after freeing a: %" PRIu64 " bytes\n", match, a, b,
					after_a);
			_exit(ok ? 0 : 2);
		}
		waitpid(pm, &st, 0);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "%s: pages given back %s (%d)", match ? "--match-allocations" : "dynamic memory",
		      match ? "only as whole batches" : "as soon as each is free", st);
	}

	/* A primary killed with SIGKILL while holding hugepages. */
	int ready[2];
	CHECK(pipe(ready) == 0, "pipe");
	pid_t child = fork();
	if (child == 0) {
		char *cargv[] = { "child", "-l", "0", "--no-pci", opt, NULL };
		int ok = rte_eal_init(5, cargv) >= 0 &&
			 rte_memzone_reserve("child_mz", 3 << 20, SOCKET_ID_ANY, 0) != NULL;
		(void)!write(ready[1], ok ? "1" : "0", 1);
		pause();
		_exit(0);
	}
	char c = 0;
	CHECK(read(ready[0], &c, 1) == 1 && c == '1', "child holds hugepages");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	CHECK(files_with_prefix(stale) >= 2, "stale files remain: %d", files_with_prefix(stale));
	CHECK(free_pages() <= initial - 2, "stale pages still taken: %ld of %ld", free_pages(), initial);

	/* No hugepages where asked: a clear failure, nothing left behind. */
	char *bad[] = { "prog", "-l", "0", "--huge-dir=/tmp", opt, NULL };
	char *logbuf = NULL;
	size_t loglen = 0;
	FILE *mem = open_memstream(&logbuf, &loglen);
	rte_openlog_stream(mem);
	rte_errno = 0;
	CHECK_EQ(rte_eal_init(5, bad), -1);
	CHECK_EQ(rte_errno, ENOMEM);
	fflush(mem);
	CHECK(logbuf && strstr(logbuf, "nr_hugepages") && strstr(logbuf, "--no-huge"),
	      "message names the knob and --no-huge: %s", logbuf ? logbuf : "");
	rte_openlog_stream(NULL);
	fclose(mem);
	free(logbuf);

	/* The next primary with the prefix reclaims the stale files. */
	char *argv[] = { "prog", "-l", "0", "--no-pci", opt, NULL };
	CHECK_EQ(rte_eal_init(5, argv), 4);
	CHECK_EQ(rte_eal_has_hugepages(), 1);
	CHECK_EQ(files_with_prefix(stale), 0);
	CHECK_EQ(free_pages(), initial);
	CHECK_EQ(rte_eal_get_physmem_size(), 0);

	CHECK_EQ(rte_mem_event_callback_register("t", on_event, NULL), 0);
	rte_errno = 0;
	CHECK_EQ(rte_mem_event_callback_register("t", on_event, NULL), -1);
	CHECK_EQ(rte_errno, EEXIST);

	/* Memory grows on demand, in 2 MiB pages, one file each. */
	const struct rte_memzone *mz = rte_memzone_reserve("hz", 3 << 20, SOCKET_ID_ANY, 0);
	CHECK(mz && mz->hugepage_sz == RTE_PGSIZE_2M && mz->len == (3 << 20), "memzone on 2 MiB pages");
	CHECK(mz && mz->iova != RTE_BAD_IOVA, "iova");
	CHECK_EQ(rte_eal_get_physmem_size(), 2 * RTE_PGSIZE_2M);
	CHECK_EQ(files_with_prefix(stale), 2);
	CHECK_EQ(free_pages(), initial - 2);
	CHECK(events_alloc == 1 && event_bytes == 2 * RTE_PGSIZE_2M, "alloc event: %d, %zu bytes", events_alloc, event_bytes);
	segs = 0;
	CHECK_EQ(rte_memseg_walk(count_seg, NULL), 0);
	CHECK_EQ(segs, 2);
	const struct rte_memseg *ms = rte_mem_virt2memseg(mz->addr, NULL);
	CHECK(ms != NULL && rte_mem_virt2memseg_list(mz->addr) != NULL, "virt2memseg");
	size_t off = 99;
	CHECK(ms && rte_memseg_get_fd(ms) >= 0, "memseg fd");
	CHECK(ms && rte_memseg_get_fd_offset(ms, &off) == 0 && off == 0, "one file per page: offset %zu", off);
	CHECK(rte_memzone_reserve("h1g", 4096, SOCKET_ID_ANY, RTE_MEMZONE_1GB) == NULL && rte_errno == ENOMEM,
	      "no 1 GiB pages: %d", rte_errno);
	const struct rte_memzone *hint = rte_memzone_reserve("h1gh", 4096, SOCKET_ID_ANY,
		RTE_MEMZONE_1GB | RTE_MEMZONE_SIZE_HINT_ONLY);
	CHECK(hint && hint->hugepage_sz == RTE_PGSIZE_2M, "hint falls back to 2 MiB pages");
	rte_memzone_free(hint);

	/* RTE_MEMZONE_IOVA_CONTIG: IOVAs follow the addresses across the page
	 * boundary. In VA mode that always holds; in PA mode the kernel's pages
	 * are rarely physically adjacent, so the reservation may fail with
	 * ENOMEM (as the reference's does) but never hands out a zone that is
	 * not contiguous. */
	int pa = rte_eal_iova_mode() == RTE_IOVA_PA;
	const struct rte_memzone *cz = rte_memzone_reserve("hcontig", 3 << 20, SOCKET_ID_ANY,
		RTE_MEMZONE_IOVA_CONTIG);
	if (cz) {
		uintptr_t a = (uintptr_t)cz->addr;
		uintptr_t next_page = RTE_ALIGN_CEIL(a + 1, RTE_PGSIZE_2M);
		CHECK(next_page < a + cz->len, "the zone spans a page boundary");
		CHECK(rte_mem_virt2iova((void *)next_page) == cz->iova + (next_page - a),
		      "iova contiguous across pages (mode %s)", pa ? "PA" : "VA");
		CHECK_EQ(rte_memzone_free(cz), 0);
	} else {
		CHECK(pa && rte_errno == ENOMEM, "IOVA-contiguous zone refused in %s mode: %s", pa ? "PA" : "VA",
		      rte_strerror(rte_errno));
		printf("IOVA_CONTIG 3 MiB: no physically adjacent 2 MiB pages (PA mode), ENOMEM\n");
	}
	CHECK_EQ(rte_eal_get_physmem_size(), 2 * RTE_PGSIZE_2M);

	/* Freed memory goes back to the system. */
	CHECK_EQ(rte_memzone_free(mz), 0);
	CHECK_EQ(rte_eal_get_physmem_size(), 0);
	CHECK_EQ(files_with_prefix(stale), 0);
	CHECK_EQ(free_pages(), initial);
	CHECK(events_free >= 1, "free event");

	/* A validator can refuse growth. */
	CHECK_EQ(rte_mem_alloc_validator_register("lim", refuse, 0, 4 << 20), 0);
	CHECK(rte_malloc(NULL, 8 << 20, 0) == NULL, "validator refused 8 MiB");
	void *small = rte_malloc(NULL, 1 << 20, 0);
	CHECK(small != NULL, "under the limit is fine");
	CHECK_EQ(rte_mem_alloc_validator_unregister("lim", 0), 0);
	void *big = rte_malloc(NULL, 8 << 20, 0);
	CHECK(big != NULL, "allowed again");
	rte_free(big);
	rte_free(small);
	CHECK_EQ(rte_mem_event_callback_unregister("t", NULL), 0);
	rte_errno = 0;
	CHECK_EQ(rte_mem_event_callback_unregister("t", NULL), -1);
	CHECK_EQ(rte_errno, ENOENT);

	/* Preallocation survives frees; cleanup gives everything back. */
	CHECK_EQ(rte_eal_cleanup(), 0);
	CHECK_EQ(files_with_prefix(stale), 0);
	CHECK_EQ(free_pages(), initial);

	return check_done("hugepages");
}
