/* SPDX-License-Identifier: BSD-3-Clause */
/* librte-rs buffer debugging (LIBRTE_RS_MEMPOOL_DEBUG=1, not in the
 * reference): caches are disabled, a double free is reported at the put
 * (object, lcore, call sites) and does not corrupt the pool, and objects
 * never returned are listed by rte_mempool_free and rte_eal_cleanup with
 * the lcore and call site that took them. Without the variable a pool is
 * untouched (its cache and handler stay). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mempool.h>

#include "../check.h"

static FILE *logf;
static char logbuf[16384];

/* The log written since the last call. */
static const char *log_text(void)
{
	static long done;
	fflush(logf);
	long end = ftell(logf);
	fseek(logf, done, SEEK_SET);
	size_t n = fread(logbuf, 1, sizeof(logbuf) - 1, logf);
	logbuf[n] = 0;
	fseek(logf, end, SEEK_SET);
	done = end;
	return logbuf;
}

static __attribute__((noinline)) void *take_one(struct rte_mempool *mp)
{
	void *o = NULL;
	if (rte_mempool_get(mp, &o) != 0)
		return NULL;
	return o;
}

static void *held_by_worker;
static int worker_take(void *arg)
{
	held_by_worker = take_one(arg);
	return 0;
}

int main(int argc, char **argv)
{
	char *eal_argv[] = { "prog", "-l", "0-1", "--no-huge", "-m", "128", "--no-pci",
			     "--file-prefix=mempool_debug", NULL };
	(void)argc;
	(void)argv;
	setenv("LIBRTE_RS_MEMPOOL_DEBUG", "1", 1);
	CHECK_EQ(rte_eal_init(8, eal_argv), 7);
	logf = tmpfile();
	CHECK_EQ(rte_openlog_stream(logf), 0);

	struct rte_mempool *mp = rte_mempool_create("dbg", 64, 32, 16, 0, NULL, NULL, NULL, NULL, SOCKET_ID_ANY, 0);
	CHECK(mp != NULL, "create: %d", rte_errno);
	if (!mp)
		return check_done("mempool_debug");
	CHECK_EQ(mp->cache_size, 0);
	CHECK(rte_mempool_default_cache(mp, rte_lcore_id()) == NULL, "no cache");
	CHECK(strcmp(rte_mempool_get_ops(mp->ops_index)->name, "librte_rs_debug") == 0, "tracking slot");
	FILE *f = tmpfile();
	rte_mempool_dump(f, mp);
	rewind(f);
	char dump[2048] = { 0 };
	CHECK(fread(dump, 1, sizeof(dump) - 1, f) > 0 && strstr(dump, "ops_name: <ring_mp_mc>") != NULL,
	      "dump names the real handler");
	fclose(f);

	void *a = take_one(mp), *b = take_one(mp), *c = take_one(mp);
	CHECK(a && b && c, "three objects");
	CHECK_EQ(rte_mempool_avail_count(mp), 61);
	rte_mempool_put(mp, a);
	CHECK_EQ(rte_mempool_avail_count(mp), 62);
	log_text();
	/* Double free: reported, not stored again. */
	rte_mempool_put(mp, a);
	const char *l = log_text();
	char want[64];
	snprintf(want, sizeof(want), "double free of object %p", a);
	CHECK(strstr(l, want) != NULL, "double free reported: %s", l);
	CHECK(strstr(l, "on lcore 0") != NULL && strstr(l, "already returned on lcore 0") != NULL, "lcores: %s", l);
	CHECK(strstr(l, "mempool_debug+0x") != NULL, "call site in the program: %s", l);
	CHECK_EQ(rte_mempool_avail_count(mp), 62);
	/* A pointer that is not an object of this pool. */
	static uint64_t fake[16];
	rte_mempool_put(mp, &fake[8]);
	CHECK(strstr(log_text(), "not an object") != NULL, "foreign pointer reported");
	CHECK_EQ(rte_mempool_avail_count(mp), 62);

	/* An object taken on lcore 1 and never returned. */
	rte_eal_remote_launch(worker_take, mp, 1);
	rte_eal_wait_lcore(1);
	CHECK(held_by_worker != NULL, "worker took one");
	/* Everything else comes back exactly once. */
	void *all[64];
	unsigned got = 0;
	while (got < 64 && rte_mempool_get(mp, &all[got]) == 0)
		got++;
	CHECK_EQ(got, 61);
	rte_mempool_put_bulk(mp, all, got);
	CHECK_EQ(rte_mempool_avail_count(mp), 61);
	log_text();

	rte_mempool_free(mp);
	l = log_text();
	printf("%s", l);
	CHECK(strstr(l, "pool 'dbg'") != NULL && strstr(l, "3 object(s) never returned") != NULL, "free report: %s", l);
	snprintf(want, sizeof(want), "object %p taken on lcore 0", b);
	CHECK(strstr(l, want) != NULL, "b listed: %s", l);
	snprintf(want, sizeof(want), "object %p taken on lcore 1", held_by_worker);
	CHECK(strstr(l, want) != NULL, "worker's object listed with lcore 1: %s", l);
	CHECK(strstr(l, "mempool_debug+0x") != NULL, "call sites: %s", l);

	/* rte_eal_cleanup lists what is still out. */
	struct rte_mempool *m2 = rte_mempool_create("dbg2", 16, 32, 0, 0, NULL, NULL, NULL, NULL, SOCKET_ID_ANY, 0);
	CHECK(m2 != NULL, "second pool");
	void *kept = m2 ? take_one(m2) : NULL;
	CHECK(kept != NULL, "kept");
	CHECK_EQ(rte_eal_cleanup(), 0);
	l = log_text();
	snprintf(want, sizeof(want), "object %p taken on lcore 0", kept);
	CHECK(strstr(l, "at rte_eal_cleanup: 1 object(s) never returned") != NULL && strstr(l, want) != NULL,
	      "cleanup report: %s", l);
	return check_done("mempool_debug");
}
