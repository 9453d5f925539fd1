/* SPDX-License-Identifier: BSD-3-Clause */
/* Differential: rte_fbarray on anonymous arrays (--no-shconf) of lengths
 * around word boundaries, after deterministic sequences of set_used and
 * set_free: every find_* function from every start index with many n, the
 * metadata dump, and the errors (return value and rte_errno) for bad
 * arguments print the same on the reference and on librte-rs.
 *
 * One normalisation: the reference's rte_fbarray_find_next_n_free can
 * return an index whose chunk of n runs past the end of an array whose
 * length is not a multiple of 64 (it counts the bitmap's padding bits as
 * free) where no such chunk exists; librte-rs fails with ENOSPC there.
 * Such answers print as the ENOSPC failure they should be; every answer
 * inside the array is compared as it is. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_fbarray.h>

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Prints a search result: the index or count, or -1 and rte_errno. */
static void pr(const char *tag, int r)
{
	if (r < 0)
		printf(" %s=-1/%d", tag, rte_errno);
	else
		printf(" %s=%d", tag, r);
}

#define CALL(tag, call) do { rte_errno = 0; pr(tag, (call)); } while (0)

/* find_next_n_free with the past-the-end normalisation (see above). */
static void next_n_free(struct rte_fbarray *a, unsigned int s, unsigned int n)
{
	rte_errno = 0;
	int r = rte_fbarray_find_next_n_free(a, s, n);
	if (r >= 0 && r + n > a->len) {
		r = -1;
		rte_errno = ENOSPC;
	}
	pr("nnf", r);
}

static void dump(struct rte_fbarray *a)
{
	fflush(stdout);
	rte_fbarray_dump_metadata(a, stdout);
	fflush(stdout);
}

static void sweep(struct rte_fbarray *a)
{
	unsigned int len = a->len;
	const unsigned int ns[] = { 0, 1, 2, 3, 5, 7, 31, 63, 64, 65, 100, 129, len - 1, len, len + 1 };

	printf("count %u\n", a->count);
	for (unsigned int s = 0; s <= len; s++) {
		printf("s=%u", s);
		CALL("nf", rte_fbarray_find_next_free(a, s));
		CALL("nu", rte_fbarray_find_next_used(a, s));
		CALL("pf", rte_fbarray_find_prev_free(a, s));
		CALL("pu", rte_fbarray_find_prev_used(a, s));
		CALL("cf", rte_fbarray_find_contig_free(a, s));
		CALL("cu", rte_fbarray_find_contig_used(a, s));
		CALL("rcf", rte_fbarray_find_rev_contig_free(a, s));
		CALL("rcu", rte_fbarray_find_rev_contig_used(a, s));
		CALL("bf", rte_fbarray_find_biggest_free(a, s));
		CALL("bu", rte_fbarray_find_biggest_used(a, s));
		CALL("rbf", rte_fbarray_find_rev_biggest_free(a, s));
		CALL("rbu", rte_fbarray_find_rev_biggest_used(a, s));
		CALL("used", rte_fbarray_is_used(a, s));
		for (unsigned int k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
			unsigned int n = ns[k];
			printf(" |%u", n);
			next_n_free(a, s, n);
			CALL("nnu", rte_fbarray_find_next_n_used(a, s, n));
			CALL("pnf", rte_fbarray_find_prev_n_free(a, s, n));
			CALL("pnu", rte_fbarray_find_prev_n_used(a, s, n));
		}
		printf("\n");
	}
}

static void errors(void)
{
	static struct rte_fbarray a, zero;
	char name[80];

	printf("errors:");
	CALL("init-null-arr", rte_fbarray_init(NULL, "x", 10, 1));
	CALL("init-null-name", rte_fbarray_init(&a, NULL, 10, 1));
	CALL("init-len0", rte_fbarray_init(&a, "x", 0, 1));
	CALL("init-len-big", rte_fbarray_init(&a, "x", (unsigned int)INT_MAX + 1, 1));
	CALL("init-elt0", rte_fbarray_init(&a, "x", 10, 0));
	memset(name, 'n', sizeof(name));
	name[64] = '\0';
	CALL("init-name64", rte_fbarray_init(&a, name, 10, 1));
	CALL("init-name64-len0", rte_fbarray_init(&a, name, 0, 1));
	name[63] = '\0';
	CALL("init-name63", rte_fbarray_init(&a, name, 10, 1));
	CALL("destroy", rte_fbarray_destroy(&a));
	CALL("init-empty-name", rte_fbarray_init(&a, "", 10, 1));
	CALL("destroy", rte_fbarray_destroy(&a));
	CALL("destroy-again", rte_fbarray_destroy(&a));
	CALL("attach-null", rte_fbarray_attach(NULL));
	CALL("attach-zero", rte_fbarray_attach(&zero));
	CALL("detach-null", rte_fbarray_detach(NULL));
	CALL("detach-zero", rte_fbarray_detach(&zero));
	CALL("destroy-null", rte_fbarray_destroy(NULL));
	CALL("destroy-zero", rte_fbarray_destroy(&zero));
	printf("\n");

	CALL("init", rte_fbarray_init(&a, "err", 100, 8));
	CALL("dup-anon-name", rte_fbarray_init(&zero, "err", 5, 1));
	CALL("destroy-dup", rte_fbarray_destroy(&zero));
	rte_errno = 0;
	void *p = rte_fbarray_get(&a, 100);
	printf(" get-oob=%s/%d", p == NULL ? "NULL" : "ptr", rte_errno);
	rte_errno = 0;
	p = rte_fbarray_get(NULL, 0);
	printf(" get-null=%s/%d", p == NULL ? "NULL" : "ptr", rte_errno);
	printf(" get-99=%d", (char *)rte_fbarray_get(&a, 99) == (char *)a.data + 99 * 8);
	CALL("idx-17", rte_fbarray_find_idx(&a, (char *)a.data + 17));
	CALL("idx-end", rte_fbarray_find_idx(&a, (char *)a.data + 800));
	CALL("idx-before", rte_fbarray_find_idx(&a, (char *)a.data - 1));
	CALL("idx-null", rte_fbarray_find_idx(&a, NULL));
	CALL("idx-null-arr", rte_fbarray_find_idx(NULL, a.data));
	CALL("set-oob", rte_fbarray_set_used(&a, 100));
	CALL("free-oob", rte_fbarray_set_free(&a, 100));
	CALL("set-null", rte_fbarray_set_used(NULL, 0));
	CALL("free-null", rte_fbarray_set_free(NULL, 0));
	CALL("used-null", rte_fbarray_is_used(NULL, 0));
	CALL("nf-null", rte_fbarray_find_next_free(NULL, 0));
	CALL("pnu-null", rte_fbarray_find_prev_n_used(NULL, 0, 1));
	CALL("rbu-null", rte_fbarray_find_rev_biggest_used(NULL, 0));
	CALL("nf-zero", rte_fbarray_find_next_free(&zero, 0));
	CALL("attach-mapped", rte_fbarray_attach(&a));
	printf("\n");
	rte_errno = 0;
	rte_fbarray_dump_metadata(NULL, stdout);
	printf("dump-null errno %d\n", rte_errno);
	rte_errno = 0;
	rte_fbarray_dump_metadata(&a, NULL);
	printf("dump-null-file errno %d\n", rte_errno);
	rte_errno = 0;
	dump(&zero);
	printf("dump-zero errno %d\n", rte_errno);
	printf("detach %d", rte_fbarray_detach(&a));
	CALL("detach-again", rte_fbarray_detach(&a));
	CALL("destroy-detached", rte_fbarray_destroy(&a));
	printf(" len-kept %u\n", a.len);
}

int main(void)
{
	char *argv[] = { "fbarray", "--no-huge", "--no-pci", "--no-shconf", "-l", "0", NULL };
	printf("eal init %d\n", rte_eal_init(6, argv));
	errors();

	const unsigned int lens[] = { 1, 2, 63, 64, 65, 100, 127, 128, 130, 200, 256, 300 };
	for (unsigned int l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
		static struct rte_fbarray a;
		unsigned int len = lens[l];
		char name[32];
		snprintf(name, sizeof(name), "diff_%u", len);
		printf("== len %u init %d\n", len, rte_fbarray_init(&a, name, len, 3));
		sweep(&a);

		/* Random sets and frees, half and half: scattered bits. */
		for (unsigned int i = 0; i < 2 * len; i++) {
			unsigned int idx = next_rand() % (len + 1); /* len: an error */
			int r = next_rand() % 2 ? rte_fbarray_set_used(&a, idx) : rte_fbarray_set_free(&a, idx);
			if (r != 0)
				printf("set %u -> %d/%d\n", idx, r, rte_errno);
		}
		dump(&a);
		sweep(&a);

		/* Runs of random lengths across word boundaries. */
		for (unsigned int i = 0, used = 1; i < len; used = !used) {
			unsigned int run = 1 + next_rand() % 90;
			for (unsigned int k = 0; k < run && i < len; k++, i++)
				if (used)
					rte_fbarray_set_used(&a, i);
				else
					rte_fbarray_set_free(&a, i);
		}
		dump(&a);
		sweep(&a);

		/* Full. */
		for (unsigned int i = 0; i < len; i++)
			rte_fbarray_set_used(&a, i);
		printf("full:");
		sweep(&a);
		printf("destroy %d\n", rte_fbarray_destroy(&a));
	}
	rte_eal_cleanup();
	return 0;
}
