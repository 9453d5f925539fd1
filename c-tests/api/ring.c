/* SPDX-License-Identifier: BSD-3-Clause */
/* The ring through librte-rs's headers: every inline family (pointer and
 * elem API; MP/SP/MC/SC, RTS, HTS and default mode; bulk vs burst with
 * free_space/available; single objects; peek and zero-copy peek; counts and
 * sync-type getters; htd_max) in every sync mode, and the bad-input errors of
 * the exported creation functions. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>
#include <rte_ring_hts.h>
#include <rte_ring_peek.h>
#include <rte_ring_peek_zc.h>
#include <rte_ring_rts.h>

#include "../check.h"

static const struct {
	const char *name;
	unsigned int flags;
	enum rte_ring_sync_type prod, cons;
} modes[] = {
	{ "mp_mc", 0, RTE_RING_SYNC_MT, RTE_RING_SYNC_MT },
	{ "sp_sc", RING_F_SP_ENQ | RING_F_SC_DEQ, RTE_RING_SYNC_ST, RTE_RING_SYNC_ST },
	{ "mp_sc", RING_F_SC_DEQ, RTE_RING_SYNC_MT, RTE_RING_SYNC_ST },
	{ "rts", RING_F_MP_RTS_ENQ | RING_F_MC_RTS_DEQ, RTE_RING_SYNC_MT_RTS, RTE_RING_SYNC_MT_RTS },
	{ "hts", RING_F_MP_HTS_ENQ | RING_F_MC_HTS_DEQ, RTE_RING_SYNC_MT_HTS, RTE_RING_SYNC_MT_HTS },
	{ "sp_hts", RING_F_SP_ENQ | RING_F_MC_HTS_DEQ, RTE_RING_SYNC_ST, RTE_RING_SYNC_MT_HTS },
};
#define NMODES (sizeof(modes) / sizeof(modes[0]))

static void *obj(uintptr_t i)
{
	return (void *)(i * 16 + 8);
}

/* The explicit-mode functions matching the ring's producer/consumer mode. */
static unsigned int enq_mode(struct rte_ring *r, void *const *o, unsigned int n, int bulk, unsigned int *fs)
{
	switch (rte_ring_get_prod_sync_type(r)) {
	case RTE_RING_SYNC_MT:
		return bulk ? rte_ring_mp_enqueue_bulk(r, o, n, fs) : rte_ring_mp_enqueue_burst(r, o, n, fs);
	case RTE_RING_SYNC_ST:
		return bulk ? rte_ring_sp_enqueue_bulk(r, o, n, fs) : rte_ring_sp_enqueue_burst(r, o, n, fs);
	case RTE_RING_SYNC_MT_RTS:
		return bulk ? rte_ring_mp_rts_enqueue_bulk(r, o, n, fs) : rte_ring_mp_rts_enqueue_burst(r, o, n, fs);
	case RTE_RING_SYNC_MT_HTS:
		return bulk ? rte_ring_mp_hts_enqueue_bulk(r, o, n, fs) : rte_ring_mp_hts_enqueue_burst(r, o, n, fs);
	}
	return 0;
}

static unsigned int deq_mode(struct rte_ring *r, void **o, unsigned int n, int bulk, unsigned int *av)
{
	switch (rte_ring_get_cons_sync_type(r)) {
	case RTE_RING_SYNC_MT:
		return bulk ? rte_ring_mc_dequeue_bulk(r, o, n, av) : rte_ring_mc_dequeue_burst(r, o, n, av);
	case RTE_RING_SYNC_ST:
		return bulk ? rte_ring_sc_dequeue_bulk(r, o, n, av) : rte_ring_sc_dequeue_burst(r, o, n, av);
	case RTE_RING_SYNC_MT_RTS:
		return bulk ? rte_ring_mc_rts_dequeue_bulk(r, o, n, av) : rte_ring_mc_rts_dequeue_burst(r, o, n, av);
	case RTE_RING_SYNC_MT_HTS:
		return bulk ? rte_ring_mc_hts_dequeue_bulk(r, o, n, av) : rte_ring_mc_hts_dequeue_burst(r, o, n, av);
	}
	return 0;
}

/* Pointer API in one mode: explicit and default functions, bulk and burst,
 * wrap-around, out-params, single objects. */
static void pointer_api(unsigned int m)
{
	char name[32];
	void *in[40], *out[40];
	unsigned int fs = 99, av = 99, i, round;
	uintptr_t next_in = 0, next_out = 0;

	snprintf(name, sizeof(name), "rp_%s", modes[m].name);
	struct rte_ring *r = rte_ring_create(name, 16, SOCKET_ID_ANY, modes[m].flags);
	CHECK(r != NULL, "%s: create: %s", name, rte_strerror(rte_errno));
	if (r == NULL)
		return;
	CHECK_EQ(rte_ring_get_size(r), 16);
	CHECK_EQ(rte_ring_get_capacity(r), 15);
	CHECK_EQ(rte_ring_get_prod_sync_type(r), modes[m].prod);
	CHECK_EQ(rte_ring_get_cons_sync_type(r), modes[m].cons);
	CHECK_EQ(rte_ring_is_prod_single(r), modes[m].prod == RTE_RING_SYNC_ST);
	CHECK_EQ(rte_ring_is_cons_single(r), modes[m].cons == RTE_RING_SYNC_ST);
	CHECK(rte_ring_empty(r) && !rte_ring_full(r), "%s: new ring empty", name);

	/* several rounds so positions wrap around the 16 slots */
	for (round = 0; round < 6; round++) {
		int use_default = round & 1;
		for (i = 0; i < 40; i++)
			in[i] = obj(next_in + i);
		/* bulk 10 fits */
		unsigned int k = use_default ? rte_ring_enqueue_bulk(r, in, 10, &fs) : enq_mode(r, in, 10, 1, &fs);
		CHECK_EQ(k, 10);
		CHECK_EQ(fs, 5);
		CHECK_EQ(rte_ring_count(r), 10);
		CHECK_EQ(rte_ring_free_count(r), 5);
		/* bulk 6 does not: nothing moves */
		k = use_default ? rte_ring_enqueue_bulk(r, in + 10, 6, &fs) : enq_mode(r, in + 10, 6, 1, &fs);
		CHECK_EQ(k, 0);
		CHECK_EQ(fs, 5);
		/* burst 6 moves 5 */
		k = use_default ? rte_ring_enqueue_burst(r, in + 10, 6, &fs) : enq_mode(r, in + 10, 6, 0, &fs);
		CHECK_EQ(k, 5);
		CHECK_EQ(fs, 0);
		CHECK(rte_ring_full(r) && !rte_ring_empty(r), "%s: full", name);
		next_in += 15;
		/* single object on a full ring */
		CHECK_EQ(rte_ring_enqueue(r, obj(999)), -ENOBUFS);
		/* dequeue: bulk 16 refused, burst 20 gets 15 */
		k = use_default ? rte_ring_dequeue_bulk(r, out, 16, &av) : deq_mode(r, out, 16, 1, &av);
		CHECK_EQ(k, 0);
		CHECK_EQ(av, 15);
		k = use_default ? rte_ring_dequeue_bulk(r, out, 4, &av) : deq_mode(r, out, 4, 1, &av);
		CHECK_EQ(k, 4);
		CHECK_EQ(av, 11);
		k = use_default ? rte_ring_dequeue_burst(r, out + 4, 20, &av) : deq_mode(r, out + 4, 20, 0, &av);
		CHECK_EQ(k, 11);
		CHECK_EQ(av, 0);
		for (i = 0; i < 15; i++)
			CHECK(out[i] == obj(next_out + i), "%s: round %u object %u: %p", name, round, i, out[i]);
		next_out += 15;
		CHECK(rte_ring_empty(r), "%s: empty", name);
		void *o = NULL;
		CHECK_EQ(rte_ring_dequeue(r, &o), -ENOENT);
	}
	/* single-object forms, each family */
	void *o = NULL;
	if (modes[m].prod == RTE_RING_SYNC_MT)
		CHECK_EQ(rte_ring_mp_enqueue(r, obj(1)), 0);
	else if (modes[m].prod == RTE_RING_SYNC_ST)
		CHECK_EQ(rte_ring_sp_enqueue(r, obj(1)), 0);
	else
		CHECK_EQ(rte_ring_enqueue(r, obj(1)), 0);
	CHECK_EQ(rte_ring_enqueue(r, obj(2)), 0);
	if (modes[m].cons == RTE_RING_SYNC_MT)
		CHECK_EQ(rte_ring_mc_dequeue(r, &o), 0);
	else if (modes[m].cons == RTE_RING_SYNC_ST)
		CHECK_EQ(rte_ring_sc_dequeue(r, &o), 0);
	else
		CHECK_EQ(rte_ring_dequeue(r, &o), 0);
	CHECK(o == obj(1), "%s: single 1", name);
	CHECK_EQ(rte_ring_dequeue(r, &o), 0);
	CHECK(o == obj(2), "%s: single 2", name);
	/* reset empties */
	CHECK_EQ(rte_ring_enqueue_bulk(r, in, 3, NULL), 3);
	rte_ring_reset(r);
	CHECK_EQ(rte_ring_count(r), 0);
	/* nothing to take after a reset, whatever positions the ring was at */
	CHECK_EQ(rte_ring_dequeue_burst(r, out, 8, NULL), 0);
	CHECK_EQ(rte_ring_dequeue(r, &o), -ENOENT);
	CHECK_EQ(rte_ring_enqueue_bulk(r, in, 15, NULL), 15);
	rte_ring_free(r);
}

/* Elem API in one mode with element sizes 4, 8, 12, 16 and 20 bytes. */
static void elem_api(unsigned int m)
{
	static const unsigned int sizes[] = { 4, 8, 12, 16, 20 };
	uint32_t in[64 * 5], out[64 * 5];
	unsigned int s, i, round, fs, av;

	for (s = 0; s < 5; s++) {
		unsigned int esize = sizes[s], words = esize / 4;
		char name[32];
		snprintf(name, sizeof(name), "re_%s_%u", modes[m].name, esize);
		struct rte_ring *r = rte_ring_create_elem(name, esize, 8, SOCKET_ID_ANY, modes[m].flags);
		CHECK(r != NULL, "%s: create_elem: %s", name, rte_strerror(rte_errno));
		if (r == NULL)
			continue;
		uint32_t seq = 1, want = 1;
		for (round = 0; round < 7; round++) {
			unsigned int n = 1 + round % 5;
			for (i = 0; i < n * words; i++)
				in[i] = seq * 100 + i % words;
			unsigned int k;
			switch (round % 3) {
			case 0:
				k = rte_ring_enqueue_bulk_elem(r, in, esize, n, &fs);
				break;
			case 1:
				k = rte_ring_enqueue_burst_elem(r, in, esize, n, &fs);
				break;
			default:
				k = modes[m].prod == RTE_RING_SYNC_MT ? rte_ring_mp_enqueue_bulk_elem(r, in, esize, n, &fs) :
				    modes[m].prod == RTE_RING_SYNC_ST ? rte_ring_sp_enqueue_bulk_elem(r, in, esize, n, &fs) :
				    modes[m].prod == RTE_RING_SYNC_MT_RTS ? rte_ring_mp_rts_enqueue_bulk_elem(r, in, esize, n, &fs) :
									    rte_ring_mp_hts_enqueue_burst_elem(r, in, esize, n, &fs);
			}
			CHECK_EQ(k, n);
			CHECK_EQ(fs, 7 - n);
			seq++;
			k = modes[m].cons == RTE_RING_SYNC_MT ? rte_ring_mc_dequeue_burst_elem(r, out, esize, 8, &av) :
			    modes[m].cons == RTE_RING_SYNC_ST ? rte_ring_sc_dequeue_burst_elem(r, out, esize, 8, &av) :
			    modes[m].cons == RTE_RING_SYNC_MT_RTS ? rte_ring_mc_rts_dequeue_burst_elem(r, out, esize, 8, &av) :
								    rte_ring_mc_hts_dequeue_bulk_elem(r, out, esize, n, &av);
			CHECK_EQ(k, n);
			CHECK_EQ(av, 0);
			for (i = 0; i < n * words; i++)
				CHECK(out[i] == want * 100 + i % words, "%s: word %u = %u", name, i, out[i]);
			want++;
		}
		/* single elements */
		uint32_t e[5] = { 1, 2, 3, 4, 5 }, f[5] = { 0 };
		CHECK_EQ(rte_ring_enqueue_elem(r, e, esize), 0);
		if (modes[m].prod == RTE_RING_SYNC_MT)
			CHECK_EQ(rte_ring_mp_enqueue_elem(r, e, esize), 0);
		else if (modes[m].prod == RTE_RING_SYNC_ST)
			CHECK_EQ(rte_ring_sp_enqueue_elem(r, e, esize), 0);
		else
			CHECK_EQ(rte_ring_enqueue_elem(r, e, esize), 0);
		CHECK_EQ(rte_ring_count(r), 2);
		CHECK_EQ(rte_ring_dequeue_elem(r, f, esize), 0);
		CHECK(memcmp(e, f, esize) == 0, "%s: single elem", name);
		if (modes[m].cons == RTE_RING_SYNC_MT)
			CHECK_EQ(rte_ring_mc_dequeue_elem(r, f, esize), 0);
		else if (modes[m].cons == RTE_RING_SYNC_ST)
			CHECK_EQ(rte_ring_sc_dequeue_elem(r, f, esize), 0);
		else
			CHECK_EQ(rte_ring_dequeue_elem(r, f, esize), 0);
		CHECK_EQ(rte_ring_dequeue_elem(r, f, esize), -ENOENT);
		for (i = 0; i < 7; i++)
			CHECK_EQ(rte_ring_enqueue_elem(r, e, esize), 0);
		CHECK_EQ(rte_ring_enqueue_elem(r, e, esize), -ENOBUFS);
		rte_ring_free(r);
	}
}

/* Peek (start/finish) and zero-copy peek on ST and HTS sides; refused
 * (start returns 0) on MT and RTS sides. */
static void peek_api(unsigned int m)
{
	char name[32];
	void *in[8], *out[8];
	unsigned int fs = 99, av = 99, i;
	int prod_ok = modes[m].prod == RTE_RING_SYNC_ST || modes[m].prod == RTE_RING_SYNC_MT_HTS;
	int cons_ok = modes[m].cons == RTE_RING_SYNC_ST || modes[m].cons == RTE_RING_SYNC_MT_HTS;

	snprintf(name, sizeof(name), "rk_%s", modes[m].name);
	struct rte_ring *r = rte_ring_create(name, 8, SOCKET_ID_ANY, modes[m].flags);
	CHECK(r != NULL, "%s: create", name);
	if (r == NULL)
		return;
	for (i = 0; i < 8; i++)
		in[i] = obj(100 + i);
	unsigned int k = rte_ring_enqueue_bulk_start(r, 5, &fs);
	if (!prod_ok) {
		CHECK_EQ(k, 0);
		CHECK_EQ(rte_ring_dequeue_burst_start(r, out, 4, &av), 0);
		rte_ring_free(r);
		return;
	}
	CHECK_EQ(k, 5);
	CHECK_EQ(fs, 2);
	CHECK_EQ(rte_ring_count(r), 0); /* not published yet */
	rte_ring_enqueue_finish(r, in, 3); /* keep 3 of the 5 */
	CHECK_EQ(rte_ring_count(r), 3);
	CHECK_EQ(rte_ring_enqueue_burst_start(r, 10, &fs), 4);
	CHECK_EQ(fs, 0);
	rte_ring_enqueue_finish(r, in + 3, 4);
	CHECK_EQ(rte_ring_count(r), 7);
	if (cons_ok) {
		CHECK_EQ(rte_ring_dequeue_bulk_start(r, out, 8, &av), 0);
		CHECK_EQ(av, 7);
		k = rte_ring_dequeue_bulk_start(r, out, 4, &av);
		CHECK_EQ(k, 4);
		CHECK_EQ(av, 3);
		for (i = 0; i < 4; i++)
			CHECK(out[i] == in[i], "%s: peeked %u", name, i);
		rte_ring_dequeue_finish(r, 2); /* 2 and 3 stay */
		CHECK_EQ(rte_ring_count(r), 5);
		CHECK_EQ(rte_ring_dequeue_burst_start(r, out, 10, &av), 5);
		CHECK(out[0] == in[2] && out[4] == in[6], "%s: after partial finish", name);
		rte_ring_dequeue_finish(r, 5);
		CHECK(rte_ring_empty(r), "%s: empty after peeks", name);

		/* zero copy, on a position that wraps (7 + 3 > 8 slots) */
		struct rte_ring_zc_data zcd;
		memset(&zcd, 0, sizeof(zcd));
		k = rte_ring_enqueue_zc_bulk_start(r, 3, &zcd, &fs);
		CHECK_EQ(k, 3);
		CHECK_EQ(fs, 4);
		CHECK_EQ(zcd.n1, 1);
		CHECK(zcd.ptr2 == (void *)&r[1], "%s: zc ptr2 is slot 0", name);
		((void **)zcd.ptr1)[0] = obj(7);
		((void **)zcd.ptr2)[0] = obj(8);
		((void **)zcd.ptr2)[1] = obj(9);
		rte_ring_enqueue_zc_finish(r, 3);
		CHECK_EQ(rte_ring_enqueue_zc_burst_start(r, 10, &zcd, &fs), 4);
		rte_ring_enqueue_zc_finish(r, 0); /* give it all back */
		CHECK_EQ(rte_ring_count(r), 3);
		memset(&zcd, 0, sizeof(zcd));
		k = rte_ring_dequeue_zc_burst_start(r, 8, &zcd, &av);
		CHECK_EQ(k, 3);
		CHECK_EQ(av, 0);
		CHECK_EQ(zcd.n1, 1);
		CHECK(((void **)zcd.ptr1)[0] == obj(7) && ((void **)zcd.ptr2)[1] == obj(9), "%s: zc read", name);
		rte_ring_dequeue_zc_finish(r, 1);
		CHECK_EQ(rte_ring_count(r), 2);
		CHECK_EQ(rte_ring_dequeue_zc_bulk_start(r, 2, &zcd, &av), 2);
		CHECK(((void **)zcd.ptr1)[0] == obj(8), "%s: zc after partial", name);
		rte_ring_dequeue_zc_finish(r, 2);
		CHECK(rte_ring_empty(r), "%s: empty after zc", name);
		/* elem variants */
		uint32_t ev[4] = { 11, 12, 13, 14 }, eo[4] = { 0 };
		struct rte_ring *re = rte_ring_create_elem("rk_elem", 8, 8, SOCKET_ID_ANY, modes[m].flags);
		CHECK(re != NULL, "rk_elem");
		if (re) {
			CHECK_EQ(rte_ring_enqueue_bulk_elem_start(re, 2, NULL), 2);
			rte_ring_enqueue_elem_finish(re, ev, 8, 2);
			CHECK_EQ(rte_ring_enqueue_burst_elem_start(re, 1, NULL), 1);
			rte_ring_enqueue_elem_finish(re, ev, 8, 0);
			CHECK_EQ(rte_ring_enqueue_zc_bulk_elem_start(re, 8, 1, &zcd, NULL), 1);
			memcpy(zcd.ptr1, ev, 8);
			rte_ring_enqueue_zc_elem_finish(re, 1);
			CHECK_EQ(rte_ring_dequeue_bulk_elem_start(re, eo, 8, 2, NULL), 2);
			CHECK(eo[0] == 11 && eo[3] == 14, "peek elem");
			rte_ring_dequeue_elem_finish(re, 2);
			CHECK_EQ(rte_ring_dequeue_burst_elem_start(re, eo, 8, 4, NULL), 1);
			rte_ring_dequeue_elem_finish(re, 0);
			CHECK_EQ(rte_ring_dequeue_zc_burst_elem_start(re, 8, 4, &zcd, NULL), 1);
			CHECK(((uint32_t *)zcd.ptr1)[0] == 11, "zc elem");
			rte_ring_dequeue_zc_elem_finish(re, 1);
			CHECK_EQ(rte_ring_dequeue_zc_bulk_elem_start(re, 8, 1, &zcd, NULL), 0);
			rte_ring_free(re);
		}
	} else {
		CHECK_EQ(rte_ring_dequeue_bulk_start(r, out, 2, &av), 0);
		CHECK_EQ(rte_ring_dequeue_burst(r, out, 8, NULL), 7);
	}
	rte_ring_free(r);
}

static void bad_input(void)
{
	struct rte_ring *r;

	rte_errno = 0;
	r = rte_ring_create("bad_count", 1000, SOCKET_ID_ANY, 0);
	CHECK(r == NULL && rte_errno == EINVAL, "count 1000 without EXACT_SZ: %p errno %d", (void *)r, rte_errno);
	rte_errno = 0;
	r = rte_ring_create("bad_big", 0x80000000u, SOCKET_ID_ANY, 0);
	CHECK(r == NULL && rte_errno == EINVAL, "count above RTE_RING_SZ_MASK: errno %d", rte_errno);
	rte_errno = 0;
	r = rte_ring_create("bad_big2", RTE_RING_SZ_MASK, SOCKET_ID_ANY, RING_F_EXACT_SZ);
	CHECK(r == NULL && rte_errno == EINVAL, "EXACT_SZ count RTE_RING_SZ_MASK: errno %d", rte_errno);
	rte_errno = 0;
	r = rte_ring_create_elem("bad_esize", 6, 16, SOCKET_ID_ANY, 0);
	CHECK(r == NULL && rte_errno == EINVAL, "esize 6: errno %d", rte_errno);
	CHECK_EQ(rte_ring_get_memsize_elem(6, 16), -EINVAL);
	CHECK_EQ(rte_ring_get_memsize(1000), -EINVAL);
	CHECK_EQ(rte_ring_get_memsize(16), 384 + 128);
	rte_errno = 0;
	r = rte_ring_create("bad_flags", 16, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_MP_RTS_ENQ);
	CHECK(r == NULL && rte_errno == EINVAL, "SP + RTS producer: errno %d", rte_errno);
	rte_errno = 0;
	r = rte_ring_create("bad_flags2", 16, SOCKET_ID_ANY, RING_F_MC_RTS_DEQ | RING_F_MC_HTS_DEQ);
	CHECK(r == NULL && rte_errno == EINVAL, "RTS + HTS consumer: errno %d", rte_errno);
	rte_errno = 0;
	r = rte_ring_create("bad_flags3", 16, SOCKET_ID_ANY, 0x100);
	CHECK(r == NULL && rte_errno == EINVAL, "unknown flag: errno %d", rte_errno);
	rte_errno = 0;
	r = rte_ring_create("a_ring_name_that_is_far_too_long", 16, SOCKET_ID_ANY, 0);
	CHECK(r == NULL && rte_errno == ENAMETOOLONG, "long name: errno %d", rte_errno);
	r = rte_ring_create("dup", 16, SOCKET_ID_ANY, 0);
	CHECK(r != NULL, "dup first");
	rte_errno = 0;
	struct rte_ring *r2 = rte_ring_create("dup", 16, SOCKET_ID_ANY, 0);
	CHECK(r2 == NULL && rte_errno == EEXIST, "duplicate name: errno %d", rte_errno);
	CHECK(rte_ring_lookup("dup") == r, "lookup");
	rte_ring_free(r);
	rte_errno = 0;
	CHECK(rte_ring_lookup("dup") == NULL && rte_errno == ENOENT, "lookup after free: errno %d", rte_errno);

	/* EXACT_SZ */
	r = rte_ring_create("exact", 1000, SOCKET_ID_ANY, RING_F_EXACT_SZ);
	CHECK(r != NULL, "exact");
	if (r) {
		CHECK_EQ(rte_ring_get_size(r), 1024);
		CHECK_EQ(rte_ring_get_capacity(r), 1000);
		void *o[1000];
		for (unsigned int i = 0; i < 1000; i++)
			o[i] = obj(i);
		CHECK_EQ(rte_ring_enqueue_burst(r, o, 1000, NULL), 1000);
		CHECK(rte_ring_full(r), "exact full");
		CHECK_EQ(rte_ring_enqueue(r, o[0]), -ENOBUFS);
		rte_ring_free(r);
	}

	/* htd_max */
	r = rte_ring_create("htd", 64, SOCKET_ID_ANY, RING_F_MP_RTS_ENQ);
	CHECK(r != NULL, "htd");
	if (r) {
		CHECK_EQ(rte_ring_get_prod_htd_max(r), 63 / 8);
		CHECK_EQ(rte_ring_set_prod_htd_max(r, 3), 0);
		CHECK_EQ(rte_ring_get_prod_htd_max(r), 3);
		CHECK_EQ(rte_ring_set_cons_htd_max(r, 3), -ENOTSUP);
		CHECK_EQ(rte_ring_get_cons_htd_max(r), UINT32_MAX);
		void *o[8] = { 0 };
		CHECK_EQ(rte_ring_enqueue_bulk(r, o, 8, NULL), 8);
		CHECK_EQ(rte_ring_dequeue_bulk(r, o, 8, NULL), 8);
		rte_ring_free(r);
	}
}

int main(int argc, char **argv)
{
	char *eal_argv[] = { "prog", "-l", "0", "--no-huge", "-m", "64", "--no-pci",
			     "--file-prefix=ring_api_test", NULL };
	unsigned int m;
	(void)argc;
	(void)argv;
	CHECK_EQ(rte_eal_init(8, eal_argv), 7);
	for (m = 0; m < NMODES; m++) {
		pointer_api(m);
		elem_api(m);
		peek_api(m);
	}
	bad_input();
	rte_eal_cleanup();
	return check_done("ring");
}
