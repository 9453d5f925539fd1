/* SPDX-License-Identifier: BSD-3-Clause */
/* Ring fast-path benchmark, after the method of DPDK's ring_perf_autotest:
 * TSC cycles per object for single-object, bulk and burst (8 and 32)
 * enqueue+dequeue, in SP/SC, MP/MC, MP/MC RTS and MP/MC HTS modes, with
 * pointer objects (rte_ring_*) and 16-byte elements (rte_ring_*_elem).
 *   1 lcore:  enqueue n then dequeue n on the main lcore, repeated;
 *             cycles / (iterations * n).
 *   2 lcores: lcore 0 enqueues, lcore 1 dequeues (each retries while the
 *             ring is full/empty) the same number of objects; cycles from a
 *             common start until both are done / objects.
 * Each case is measured in CHUNKS separate chunks and the line gives the
 * best chunk (cpo) and the median chunk (med): on a shared machine a chunk
 * during which another process held one of the CPUs is an outlier that the
 * best-of-chunks figure leaves out.
 * The same source is built against the reference's headers and against
 * librte-rs's (bench/run_ring.py). Output: one line per case,
 *   case=NAME lcores=L cpo=CYCLES med=CYCLES
 * usage: ring_perf [EAL args] -- [-i ITER_SCALE] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h> /* ssize_t under -std=c99 */

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_pause.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>

#define RING_SIZE 4096
#define MAX_BURST 32
#define CHUNKS 9

enum mode { SPSC, MPMC, RTS, HTS, NMODES };
static const char *const mode_name[NMODES] = { "sp_sc", "mp_mc", "rts", "hts" };
static const unsigned int mode_flags[NMODES] = {
	RING_F_SP_ENQ | RING_F_SC_DEQ, 0, RING_F_MP_RTS_ENQ | RING_F_MC_RTS_DEQ,
	RING_F_MP_HTS_ENQ | RING_F_MC_HTS_DEQ,
};

struct obj16 {
	uint64_t a, b;
};

/* Makes the dequeued objects observable: without it a compiler may drop
 * the copy out of the ring for one header set and not the other. */
#define CONSUME(p) __asm__ __volatile__("" : : "r"(p) : "memory")

/* One enqueue/dequeue call per (mode, api, bulk) combination, with the
 * mode's explicit function as ring_perf_autotest does. */
static __rte_always_inline unsigned int
enq(struct rte_ring *r, enum mode m, int elem, int bulk, const void *objs, unsigned int n)
{
	if (!elem) {
		void *const *o = (void *const *)objs;
		switch (m) {
		case SPSC: return bulk ? rte_ring_sp_enqueue_bulk(r, o, n, NULL) : rte_ring_sp_enqueue_burst(r, o, n, NULL);
		case MPMC: return bulk ? rte_ring_mp_enqueue_bulk(r, o, n, NULL) : rte_ring_mp_enqueue_burst(r, o, n, NULL);
		case RTS: return bulk ? rte_ring_mp_rts_enqueue_bulk(r, o, n, NULL) : rte_ring_mp_rts_enqueue_burst(r, o, n, NULL);
		default: return bulk ? rte_ring_mp_hts_enqueue_bulk(r, o, n, NULL) : rte_ring_mp_hts_enqueue_burst(r, o, n, NULL);
		}
	}
	switch (m) {
	case SPSC: return bulk ? rte_ring_sp_enqueue_bulk_elem(r, objs, 16, n, NULL) : rte_ring_sp_enqueue_burst_elem(r, objs, 16, n, NULL);
	case MPMC: return bulk ? rte_ring_mp_enqueue_bulk_elem(r, objs, 16, n, NULL) : rte_ring_mp_enqueue_burst_elem(r, objs, 16, n, NULL);
	case RTS: return bulk ? rte_ring_mp_rts_enqueue_bulk_elem(r, objs, 16, n, NULL) : rte_ring_mp_rts_enqueue_burst_elem(r, objs, 16, n, NULL);
	default: return bulk ? rte_ring_mp_hts_enqueue_bulk_elem(r, objs, 16, n, NULL) : rte_ring_mp_hts_enqueue_burst_elem(r, objs, 16, n, NULL);
	}
}

static __rte_always_inline unsigned int
deq(struct rte_ring *r, enum mode m, int elem, int bulk, void *objs, unsigned int n)
{
	if (!elem) {
		void **o = (void **)objs;
		switch (m) {
		case SPSC: return bulk ? rte_ring_sc_dequeue_bulk(r, o, n, NULL) : rte_ring_sc_dequeue_burst(r, o, n, NULL);
		case MPMC: return bulk ? rte_ring_mc_dequeue_bulk(r, o, n, NULL) : rte_ring_mc_dequeue_burst(r, o, n, NULL);
		case RTS: return bulk ? rte_ring_mc_rts_dequeue_bulk(r, o, n, NULL) : rte_ring_mc_rts_dequeue_burst(r, o, n, NULL);
		default: return bulk ? rte_ring_mc_hts_dequeue_bulk(r, o, n, NULL) : rte_ring_mc_hts_dequeue_burst(r, o, n, NULL);
		}
	}
	switch (m) {
	case SPSC: return bulk ? rte_ring_sc_dequeue_bulk_elem(r, objs, 16, n, NULL) : rte_ring_sc_dequeue_burst_elem(r, objs, 16, n, NULL);
	case MPMC: return bulk ? rte_ring_mc_dequeue_bulk_elem(r, objs, 16, n, NULL) : rte_ring_mc_dequeue_burst_elem(r, objs, 16, n, NULL);
	case RTS: return bulk ? rte_ring_mc_rts_dequeue_bulk_elem(r, objs, 16, n, NULL) : rte_ring_mc_rts_dequeue_burst_elem(r, objs, 16, n, NULL);
	default: return bulk ? rte_ring_mc_hts_dequeue_bulk_elem(r, objs, 16, n, NULL) : rte_ring_mc_hts_dequeue_burst_elem(r, objs, 16, n, NULL);
	}
}

/* The sizes are compile-time constants in each instance (as in
 * ring_perf_autotest, whose loops call the API with a constant n). */
#define ONE_LCORE(M, ELEM, BULK, N) \
	static double one_##M##_##ELEM##_##BULK##_##N(struct rte_ring *r, unsigned int iters) \
	{ \
		struct obj16 in[MAX_BURST], out[MAX_BURST]; \
		memset(in, 1, sizeof(in)); \
		uint64_t start = rte_rdtsc(); \
		for (unsigned int i = 0; i < iters; i++) { \
			enq(r, M, ELEM, BULK, in, N); \
			deq(r, M, ELEM, BULK, out, N); \
			CONSUME(out); \
		} \
		uint64_t end = rte_rdtsc(); \
		if (rte_ring_count(r) != 0) \
			abort(); \
		return (double)(end - start) / ((double)iters * N); \
	}

#define ALL_SIZES(M, ELEM) \
	ONE_LCORE(M, ELEM, 1, 1) \
	ONE_LCORE(M, ELEM, 1, 8) ONE_LCORE(M, ELEM, 1, 32) \
	ONE_LCORE(M, ELEM, 0, 8) ONE_LCORE(M, ELEM, 0, 32)
ALL_SIZES(SPSC, 0) ALL_SIZES(SPSC, 1)
ALL_SIZES(MPMC, 0) ALL_SIZES(MPMC, 1)
ALL_SIZES(RTS, 0) ALL_SIZES(RTS, 1)
ALL_SIZES(HTS, 0) ALL_SIZES(HTS, 1)

typedef double (*one_fn)(struct rte_ring *, unsigned int);
#define ROW(M, ELEM) \
	{ one_##M##_##ELEM##_1_1, one_##M##_##ELEM##_1_8, one_##M##_##ELEM##_1_32, \
	  one_##M##_##ELEM##_0_8, one_##M##_##ELEM##_0_32 }
static const one_fn one_fns[NMODES][2][5] = {
	{ ROW(SPSC, 0), ROW(SPSC, 1) }, { ROW(MPMC, 0), ROW(MPMC, 1) },
	{ ROW(RTS, 0), ROW(RTS, 1) },   { ROW(HTS, 0), ROW(HTS, 1) },
};
static const struct {
	const char *name;
	int bulk;
	unsigned int n;
} kinds[5] = { { "single", 1, 1 }, { "bulk8", 1, 8 }, { "bulk32", 1, 32 }, { "burst8", 0, 8 }, { "burst32", 0, 32 } };

/* 2 lcores */
struct pipe {
	struct rte_ring *r;
	enum mode m;
	int elem, bulk;
	unsigned int n;
	uint64_t objects;
	volatile int go;
	volatile uint64_t deq_end;
};

static int dequeuer(void *arg)
{
	struct pipe *p = (struct pipe *)arg;
	struct obj16 out[MAX_BURST];
	uint64_t left = p->objects;

	while (!p->go)
		rte_pause();
	while (left) {
		unsigned int want = left < p->n ? (unsigned int)left : p->n;
		unsigned int k;
		switch (p->m * 4 + p->elem * 2 + p->bulk) {
#define DQ(M) \
		case M * 4 + 0: k = deq(p->r, M, 0, 0, out, want); break; \
		case M * 4 + 1: k = deq(p->r, M, 0, 1, out, want); break; \
		case M * 4 + 2: k = deq(p->r, M, 1, 0, out, want); break; \
		case M * 4 + 3: k = deq(p->r, M, 1, 1, out, want); break;
		DQ(SPSC) DQ(MPMC) DQ(RTS) DQ(HTS)
		default: k = 0;
		}
		if (k == 0)
			rte_pause();
		CONSUME(out);
		left -= k;
	}
	p->deq_end = rte_rdtsc();
	return 0;
}

static double two_lcores(struct pipe *p, unsigned int worker)
{
	struct obj16 in[MAX_BURST];
	uint64_t left = p->objects;

	memset(in, 1, sizeof(in));
	p->go = 0;
	rte_eal_remote_launch(dequeuer, p, worker);
	rte_delay_us_block(1000);
	uint64_t start = rte_rdtsc();
	p->go = 1;
	while (left) {
		unsigned int want = left < p->n ? (unsigned int)left : p->n;
		unsigned int k;
		switch (p->m * 4 + p->elem * 2 + p->bulk) {
#define EQ(M) \
		case M * 4 + 0: k = enq(p->r, M, 0, 0, in, want); break; \
		case M * 4 + 1: k = enq(p->r, M, 0, 1, in, want); break; \
		case M * 4 + 2: k = enq(p->r, M, 1, 0, in, want); break; \
		case M * 4 + 3: k = enq(p->r, M, 1, 1, in, want); break;
		EQ(SPSC) EQ(MPMC) EQ(RTS) EQ(HTS)
		default: k = 0;
		}
		if (k == 0)
			rte_pause();
		left -= k;
	}
	rte_eal_wait_lcore(worker);
	return (double)(p->deq_end - start) / (double)p->objects;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void print_case(int m, int elem, const char *kind, int lcores, double *v)
{
	qsort(v, CHUNKS, sizeof(double), cmp_double);
	printf("case=%s_%s_%s lcores=%d cpo=%.3f med=%.3f\n", mode_name[m], elem ? "elem16" : "ptr", kind, lcores,
	       v[0], v[CHUNKS / 2]);
}

int main(int argc, char **argv)
{
	int n = rte_eal_init(argc, argv);
	double scale = 1.0;

	if (n < 0) {
		fprintf(stderr, "rte_eal_init failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	argc -= n;
	argv += n;
	for (int i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "-i") == 0)
			scale = atof(argv[i + 1]);
	unsigned int worker = rte_get_next_lcore(-1, 1, 0);

	for (int m = 0; m < NMODES; m++) {
		for (int elem = 0; elem < 2; elem++) {
			char rname[32];
			snprintf(rname, sizeof(rname), "perf_%d_%d", m, elem);
			struct rte_ring *r = elem ? rte_ring_create_elem(rname, 16, RING_SIZE, 0, mode_flags[m]) :
						    rte_ring_create(rname, RING_SIZE, 0, mode_flags[m]);
			if (r == NULL) {
				fprintf(stderr, "ring create failed: %s\n", rte_strerror(rte_errno));
				return 1;
			}
			for (int k = 0; k < 5; k++) {
				unsigned int iters = (unsigned int)((k == 0 ? 1u << 20 : (1u << 22) / kinds[k].n) * scale);
				if (iters == 0)
					iters = 1;
				double v[CHUNKS];
				one_fns[m][elem][k](r, iters / CHUNKS + 1); /* warm up */
				for (int c = 0; c < CHUNKS; c++)
					v[c] = one_fns[m][elem][k](r, iters / CHUNKS + 1);
				print_case(m, elem, kinds[k].name, 1, v);
			}
			if (worker < RTE_MAX_LCORE) {
				for (int k = 1; k < 5; k++) {
					double v[CHUNKS];
					for (int c = 0; c < CHUNKS; c++) {
						struct pipe p = { r, (enum mode)m, elem, kinds[k].bulk, kinds[k].n,
								  (uint64_t)((1u << 22) * scale / CHUNKS) + 1, 0, 0 };
						v[c] = two_lcores(&p, worker);
					}
					print_case(m, elem, kinds[k].name, 2, v);
				}
			}
			rte_ring_free(r);
		}
	}
	fflush(stdout);
	rte_eal_cleanup();
	return 0;
}
