/* SPDX-License-Identifier: BSD-3-Clause */
/* Relink interop: compiled against the REFERENCE headers (so enqueue and
 * dequeue are the reference's inline code), linked against librte-rs,
 * whose rte_ring_create builds the rings. One lcore produces, the other
 * consumes, for every sync mode and for 16-byte elements; every object
 * must arrive exactly once and in order. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_launch.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>

#include "../check.h"

#define N 300000u

struct elem16 {
	uint64_t seq;
	uint64_t check;
};

static struct rte_ring *ring;
static unsigned esize;

static int producer(void *arg)
{
	(void)arg;
	uint64_t next = 1;
	while (next <= N) {
		if (esize == 16) {
			struct elem16 b[32];
			unsigned n = 0;
			for (; n < 32 && next + n <= N; n++)
				b[n] = (struct elem16){ next + n, ~(next + n) };
			next += rte_ring_enqueue_burst_elem(ring, b, 16, n, NULL);
		} else {
			void *b[32];
			unsigned n = 0;
			for (; n < 32 && next + n <= N; n++)
				b[n] = (void *)(uintptr_t)(next + n);
			next += rte_ring_enqueue_burst(ring, b, n, NULL);
		}
	}
	return 0;
}

static int consume(const char *mode)
{
	uint64_t expect = 1, bad = 0;
	while (expect <= N) {
		unsigned n;
		if (esize == 16) {
			struct elem16 b[32];
			n = rte_ring_dequeue_burst_elem(ring, b, 16, 32, NULL);
			for (unsigned i = 0; i < n; i++, expect++)
				bad += b[i].seq != expect || b[i].check != ~expect;
		} else {
			void *b[32];
			n = rte_ring_dequeue_burst(ring, b, 32, NULL);
			for (unsigned i = 0; i < n; i++, expect++)
				bad += (uintptr_t)b[i] != expect;
		}
	}
	CHECK(bad == 0, "%s: %llu objects out of order or corrupted", mode, (unsigned long long)bad);
	CHECK_EQ(rte_eal_wait_lcore(1), 0);
	CHECK(rte_ring_empty(ring), "%s: ring empty at the end", mode);
	printf("%s: %u objects moved, %llu lost or misordered\n", mode, N, (unsigned long long)bad);
	return 0;
}

int main(void)
{
	char *argv[] = { "prog", "-l", "0-1", "--no-huge", "-m", "64", "--no-pci", "--file-prefix=relink_ring", NULL };
	CHECK_EQ(rte_eal_init(8, argv), 7);
	const struct { const char *name; unsigned flags; } modes[] = {
		{ "MP/MC", 0 },
		{ "SP/SC", RING_F_SP_ENQ | RING_F_SC_DEQ },
		{ "MP_RTS/MC_RTS", RING_F_MP_RTS_ENQ | RING_F_MC_RTS_DEQ },
		{ "MP_HTS/MC_HTS", RING_F_MP_HTS_ENQ | RING_F_MC_HTS_DEQ },
	};
	for (unsigned m = 0; m < 4; m++) {
		for (esize = 8; esize <= 16; esize += 8) {
			char name[64];
			snprintf(name, sizeof(name), "%s/%u", modes[m].name, esize);
			ring = esize == 8 ? rte_ring_create("relink_r", 1024, SOCKET_ID_ANY, modes[m].flags)
					  : rte_ring_create_elem("relink_r", 16, 1024, SOCKET_ID_ANY, modes[m].flags);
			CHECK(ring != NULL, "%s: create: %s", name, rte_strerror(rte_errno));
			if (!ring)
				continue;
			CHECK(rte_ring_lookup("relink_r") == ring, "lookup");
			CHECK_EQ(rte_ring_get_capacity(ring), 1023);
			CHECK_EQ(rte_eal_remote_launch(producer, NULL, 1), 0);
			consume(name);
			rte_ring_free(ring);
			CHECK(rte_ring_lookup("relink_r") == NULL && rte_errno == ENOENT, "freed ring is gone");
		}
	}
	/* Bad input the reference accepts but builds a broken ring from. */
	rte_errno = 0;
	CHECK(rte_ring_create("bad", 1024, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_MP_RTS_ENQ) == NULL && rte_errno == EINVAL,
	      "conflicting flags refused");
	CHECK(rte_ring_create("bad", 1000, SOCKET_ID_ANY, 0) == NULL && rte_errno == EINVAL, "count not a power of two");
	struct rte_ring *ex = rte_ring_create("exact", 1000, SOCKET_ID_ANY, RING_F_EXACT_SZ);
	CHECK(ex && rte_ring_get_capacity(ex) == 1000 && rte_ring_get_size(ex) == 1024, "EXACT_SZ");
	rte_errno = 0;
	CHECK(rte_ring_create("exact", 64, SOCKET_ID_ANY, 0) == NULL && rte_errno == EEXIST, "duplicate name");
	CHECK(rte_ring_create_elem("bad", 6, 64, SOCKET_ID_ANY, 0) == NULL && rte_errno == EINVAL, "esize 6");
	rte_ring_free(ex);
	CHECK_EQ(rte_eal_cleanup(), 0);
	return check_done("relink_ring");
}
