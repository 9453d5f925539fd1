/* SPDX-License-Identifier: BSD-3-Clause */
/* Ring interop stress: two lcores drive one ring at the same time, one
 * through the reference's inline code (side.c built against
 * /usr/include/dpdk) and one through librte-rs's (side.c built against our
 * headers), in every sync mode. Multi-producer/consumer modes: each lcore
 * both enqueues (with one code base) and dequeues (with the other).
 * Single modes: lcore 0 produces, lcore 1 consumes, then the code bases swap.
 * Checks: every object arrives exactly once, each consumer sees each
 * producer's objects in order. Prints object counts per mode. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_ring.h>

#include "../check.h"

unsigned int ref_enqueue(struct rte_ring *r, void *const *objs, unsigned int n, int bulk);
unsigned int ref_dequeue(struct rte_ring *r, void **objs, unsigned int n, int bulk);
unsigned int our_enqueue(struct rte_ring *r, void *const *objs, unsigned int n, int bulk);
unsigned int our_dequeue(struct rte_ring *r, void **objs, unsigned int n, int bulk);
unsigned int ref_enqueue16(struct rte_ring *r, const void *objs, unsigned int n);
unsigned int ref_dequeue16(struct rte_ring *r, void *objs, unsigned int n);
unsigned int our_enqueue16(struct rte_ring *r, const void *objs, unsigned int n);
unsigned int our_dequeue16(struct rte_ring *r, void *objs, unsigned int n);

typedef unsigned int (*enq_fn)(struct rte_ring *, void *const *, unsigned int, int);
typedef unsigned int (*deq_fn)(struct rte_ring *, void **, unsigned int, int);

#define PER_PRODUCER 200000u
#define NPROD 2

struct role {
	struct rte_ring *r;
	int id;            /* producer id (1 or 2), 0 if this role does not produce */
	enq_fn enq;
	deq_fn deq;        /* NULL if this role does not consume */
	unsigned int expect_total; /* objects all consumers take together */
	/* results */
	uint64_t got[NPROD + 1];
	int order_errors;
};

static volatile uint64_t consumed_total;
static uint8_t *seen[NPROD + 1];
static volatile int dup_errors;

static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 16;
}

static int run_role(void *arg)
{
	struct role *ro = (struct role *)arg;
	uint32_t seed = 17u * (uint32_t)(ro->id + 1) + (ro->deq != NULL);
	uint32_t next = 0;
	int64_t last[NPROD + 1];
	void *buf[32];

	for (int p = 0; p <= NPROD; p++)
		last[p] = -1;
	while ((ro->id && next < PER_PRODUCER) ||
	       (ro->deq && __atomic_load_n(&consumed_total, __ATOMIC_RELAXED) < ro->expect_total)) {
		if (ro->id && next < PER_PRODUCER) {
			unsigned int n = 1 + rnd(&seed) % 32, k;
			if (n > PER_PRODUCER - next)
				n = PER_PRODUCER - next;
			for (unsigned int i = 0; i < n; i++)
				buf[i] = (void *)(((uintptr_t)ro->id << 32) | (next + i + 1));
			k = ro->enq(ro->r, buf, n, rnd(&seed) & 1);
			next += k;
		}
		if (ro->deq) {
			unsigned int n = 1 + rnd(&seed) % 32;
			unsigned int k = ro->deq(ro->r, buf, n, rnd(&seed) & 1);
			for (unsigned int i = 0; i < k; i++) {
				uintptr_t v = (uintptr_t)buf[i];
				int p = (int)(v >> 32);
				int64_t s = (int64_t)(v & 0xffffffffu) - 1;
				if (p < 1 || p > NPROD || s < 0 || s >= PER_PRODUCER) {
					ro->order_errors++;
					continue;
				}
				if (s <= last[p])
					ro->order_errors++;
				last[p] = s;
				if (__atomic_exchange_n(&seen[p][s], 1, __ATOMIC_RELAXED))
					dup_errors++;
				ro->got[p]++;
			}
			if (k)
				__atomic_fetch_add(&consumed_total, k, __ATOMIC_RELAXED);
		}
	}
	return 0;
}

/* lcore 0 runs a, lcore 1 runs b, at the same time. */
static void run_pair(struct role *a, struct role *b)
{
	consumed_total = 0;
	dup_errors = 0;
	for (int p = 1; p <= NPROD; p++)
		memset(seen[p], 0, PER_PRODUCER);
	rte_eal_remote_launch(run_role, b, rte_get_next_lcore(-1, 1, 0));
	run_role(a);
	rte_eal_mp_wait_lcore();
}

static void report(const char *mode, const char *how, struct role *a, struct role *b, int producers)
{
	uint64_t per[NPROD + 1] = { 0 };
	uint64_t total = 0;
	for (int p = 1; p <= NPROD; p++) {
		per[p] = a->got[p] + b->got[p];
		total += per[p];
	}
	for (int p = 1; p <= producers; p++)
		CHECK(per[p] == PER_PRODUCER, "%s %s: producer %d: %llu objects arrived", mode, how, p,
		      (unsigned long long)per[p]);
	CHECK_EQ(a->order_errors + b->order_errors, 0);
	CHECK_EQ(dup_errors, 0);
	CHECK_EQ(rte_ring_count(a->r), 0);
	printf("%-8s %-38s sent %llu received %llu (lcore 0 took %llu, lcore 1 took %llu) dup %d order %d\n", mode, how,
	       (unsigned long long)producers * PER_PRODUCER, (unsigned long long)total,
	       (unsigned long long)(a->got[1] + a->got[2]), (unsigned long long)(b->got[1] + b->got[2]), dup_errors,
	       a->order_errors + b->order_errors);
}

/* 16-byte elements, single producer (ref) and consumer (ours), any mode. */
static void elem16(const char *mode, unsigned int flags)
{
	struct rte_ring *r = rte_ring_create_elem("interop16", 16, 256, SOCKET_ID_ANY, flags);
	CHECK(r != NULL, "create elem16 %s", mode);
	if (!r)
		return;
	uint64_t sent = 0, recvd = 0, next_expected = 0;
	int bad = 0;
	/* single lcore, interleaved: ref code enqueues, our code dequeues */
	uint64_t in[2 * 32], out[2 * 32];
	uint32_t seed = 5;
	while (recvd < PER_PRODUCER) {
		unsigned int n = 1 + rnd(&seed) % 32;
		for (unsigned int i = 0; i < n; i++) {
			in[2 * i] = sent + i;
			in[2 * i + 1] = ~(sent + i);
		}
		sent += ref_enqueue16(r, in, n);
		unsigned int k = our_dequeue16(r, out, 1 + rnd(&seed) % 32);
		for (unsigned int i = 0; i < k; i++, next_expected++)
			if (out[2 * i] != next_expected || out[2 * i + 1] != ~next_expected)
				bad++;
		recvd += k;
	}
	/* What is still in the ring comes out too: nothing lost. */
	for (unsigned int k; (k = our_dequeue16(r, out, 32)) != 0; recvd += k)
		for (unsigned int i = 0; i < k; i++, next_expected++)
			if (out[2 * i] != next_expected || out[2 * i + 1] != ~next_expected)
				bad++;
	CHECK_EQ(bad, 0);
	CHECK_EQ(recvd, sent);
	printf("%-8s %-36s sent %llu received %llu bad %d\n", mode, "16-byte elems ref enq -> our deq",
	       (unsigned long long)sent, (unsigned long long)recvd, bad);
	rte_ring_free(r);
}

int main(int argc, char **argv)
{
	char *eal_argv[] = { "prog", "-l", "0-1", "--no-huge", "-m", "64", "--no-pci",
			     "--file-prefix=ring_interop_test", NULL };
	static const struct {
		const char *name;
		unsigned int flags;
		int multi;
	} modes[] = {
		{ "mp_mc", 0, 1 },
		{ "rts", RING_F_MP_RTS_ENQ | RING_F_MC_RTS_DEQ, 1 },
		{ "hts", RING_F_MP_HTS_ENQ | RING_F_MC_HTS_DEQ, 1 },
		{ "rts_hts", RING_F_MP_RTS_ENQ | RING_F_MC_HTS_DEQ, 1 },
		{ "sp_sc", RING_F_SP_ENQ | RING_F_SC_DEQ, 0 },
		{ "mp_sc", RING_F_SC_DEQ, 0 },
		{ "sp_mc", RING_F_SP_ENQ, 0 },
	};
	(void)argc;
	(void)argv;
	CHECK_EQ(rte_eal_init(8, eal_argv), 7);
	if (rte_lcore_count() < 2) {
		printf("interop: needs 2 lcores\n");
		return 1;
	}
	for (int p = 1; p <= NPROD; p++)
		seen[p] = malloc(PER_PRODUCER);
	for (unsigned int m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		struct rte_ring *r = rte_ring_create("interop", 512, SOCKET_ID_ANY, modes[m].flags);
		CHECK(r != NULL, "create %s: %s", modes[m].name, rte_strerror(rte_errno));
		if (!r)
			continue;
		if (modes[m].multi) {
			/* lcore 0: reference code enqueues as producer 1, our code dequeues;
			 * lcore 1: our code enqueues as producer 2, reference code dequeues */
			struct role a = { r, 1, ref_enqueue, our_dequeue, 2 * PER_PRODUCER, { 0 }, 0 };
			struct role b = { r, 2, our_enqueue, ref_dequeue, 2 * PER_PRODUCER, { 0 }, 0 };
			run_pair(&a, &b);
			report(modes[m].name, "2 x (enq+deq), ref/ours crossed", &a, &b, 2);
		} else {
			struct role a = { r, 1, ref_enqueue, NULL, PER_PRODUCER, { 0 }, 0 };
			struct role b = { r, 0, NULL, our_dequeue, PER_PRODUCER, { 0 }, 0 };
			run_pair(&a, &b);
			report(modes[m].name, "ref enq (lcore 0) -> our deq (lcore 1)", &a, &b, 1);
			struct role c = { r, 1, our_enqueue, NULL, PER_PRODUCER, { 0 }, 0 };
			struct role d = { r, 0, NULL, ref_dequeue, PER_PRODUCER, { 0 }, 0 };
			run_pair(&c, &d);
			report(modes[m].name, "our enq (lcore 0) -> ref deq (lcore 1)", &c, &d, 1);
		}
		rte_ring_free(r);
		elem16(modes[m].name, modes[m].flags);
	}
	rte_eal_cleanup();
	return check_done("ring-interop");
}
