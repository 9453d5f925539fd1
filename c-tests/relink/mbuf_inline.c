/* Relink test: compiled with the REFERENCE headers, so rte_pktmbuf_alloc,
 * alloc_bulk, free, attach/detach, refcnt, prepend/append, ext buffers
 * and the mempool cache below are 22.11's own inline code, running on
 * pktmbuf pools made by librte-rs and mixed with librte-rs's exported
 * clone/copy/free_bulk/linearize. Two lcores: the worker allocates with
 * inline code and hands mbufs over a ring; the main lcore frees them with
 * the exported rte_pktmbuf_free_bulk. Every mbuf must come back. */
#include <stdio.h>
#include <string.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_launch.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

static int fails;
#define EXPECT(c, ...) do { if (!(c)) { fails++; printf("FAIL line %d: ", __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

#define N 1023
#define ROUNDS 2000
static struct rte_mempool *mp, *cl;
static struct rte_ring *r;
static int cb_calls;

static void ext_cb(void *addr, void *opaque)
{
	(void)addr;
	(void)opaque;
	cb_calls++;
}

static int producer(void *arg)
{
	(void)arg;
	struct rte_mbuf *v[32];
	unsigned sent = 0;
	for (int i = 0; i < ROUNDS; i++) {
		while (rte_pktmbuf_alloc_bulk(mp, v, 32) != 0)
			rte_pause();
		for (int j = 0; j < 32; j++) {
			char *p = rte_pktmbuf_append(v[j], 60);
			memset(p, j, 60);
			*(uint32_t *)p = (uint32_t)(i * 32 + j);
		}
		unsigned n = 0;
		while (n < 32)
			n += rte_ring_enqueue_burst(r, (void **)v + n, 32 - n, NULL);
		sent += 32;
	}
	return (int)sent;
}

int main(void)
{
	char *argv[] = {"prog", "-l", "0-1", "--no-huge", "-m", "256", "--no-pci", "--file-prefix=relink_mbuf", NULL};
	if (rte_eal_init(8, argv) < 0) {
		printf("FAIL eal init\n");
		return 1;
	}
	mp = rte_pktmbuf_pool_create("relink_mbuf", N, 64, 8, RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	cl = rte_pktmbuf_pool_create("relink_clone", 255, 0, 0, 0, SOCKET_ID_ANY);
	r = rte_ring_create("relink_mbuf_r", 256, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
	EXPECT(mp && cl && r, "setup: %s", rte_strerror(rte_errno));

	/* Single-lcore mix of inline and exported code. */
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	EXPECT(m && m->pool == mp && rte_pktmbuf_headroom(m) == RTE_PKTMBUF_HEADROOM && rte_pktmbuf_priv_size(mp) == 8,
	       "inline alloc on our pool");
	EXPECT(rte_pktmbuf_prepend(m, RTE_PKTMBUF_HEADROOM + 1) == NULL, "prepend past headroom");
	memcpy(rte_pktmbuf_append(m, 5), "hello", 5);
	struct rte_mbuf *c = rte_pktmbuf_clone(m, cl);
	EXPECT(c && RTE_MBUF_CLONED(c) && rte_mbuf_refcnt_read(m) == 2 && memcmp(rte_pktmbuf_mtod(c, char *), "hello", 5) == 0,
	       "our clone of an inline-made mbuf");
	rte_pktmbuf_free(m); /* inline free: one reference left */
	EXPECT(rte_mbuf_refcnt_read(m) == 1, "refcnt after inline free");
	struct rte_mbuf *i2 = rte_pktmbuf_alloc(cl);
	rte_pktmbuf_attach(i2, c); /* inline attach to our clone */
	EXPECT(rte_mbuf_from_indirect(i2) == m && rte_mbuf_refcnt_read(m) == 2, "inline attach");
	struct rte_mbuf *pair[2] = {c, i2};
	rte_pktmbuf_free_bulk(pair, 2); /* ours frees both, and m with the last */
	EXPECT(rte_mempool_in_use_count(mp) == 0 && rte_mempool_in_use_count(cl) == 0, "all back after free_bulk");

	/* Chains: inline chain, our linearize and copy, inline free. */
	struct rte_mbuf *a = rte_pktmbuf_alloc(mp), *b = rte_pktmbuf_alloc(mp);
	memset(rte_pktmbuf_append(a, 100), 1, 100);
	memset(rte_pktmbuf_append(b, 100), 2, 100);
	EXPECT(rte_pktmbuf_chain(a, b) == 0 && a->nb_segs == 2, "inline chain");
	struct rte_mbuf *cp = rte_pktmbuf_copy(a, mp, 50, 100);
	EXPECT(cp && cp->pkt_len == 100 && rte_pktmbuf_mtod(cp, uint8_t *)[49] == 1 && rte_pktmbuf_mtod(cp, uint8_t *)[50] == 2,
	       "our copy");
	EXPECT(rte_pktmbuf_linearize(a) == 0 && a->nb_segs == 1 && a->data_len == 200, "our linearize");
	rte_pktmbuf_free(cp);
	rte_pktmbuf_free(a);
	EXPECT(rte_mempool_in_use_count(mp) == 0, "chain mbufs back");

	/* External buffer: inline attach_extbuf, our clone, inline + our frees. */
	uint16_t len = 2048;
	void *buf = rte_malloc("relink_ext", len, 64);
	struct rte_mbuf_ext_shared_info *sh = rte_pktmbuf_ext_shinfo_init_helper(buf, &len, ext_cb, NULL);
	m = rte_pktmbuf_alloc(mp);
	rte_pktmbuf_attach_extbuf(m, buf, rte_malloc_virt2iova(buf), len, sh);
	c = rte_pktmbuf_clone(m, cl);
	EXPECT(c && rte_mbuf_ext_refcnt_read(sh) == 2, "ext clone");
	rte_pktmbuf_free(m);
	EXPECT(cb_calls == 0, "buffer still used");
	rte_pktmbuf_free_bulk(&c, 1);
	EXPECT(cb_calls == 1 && rte_mempool_in_use_count(mp) == 0 && rte_mempool_in_use_count(cl) == 0, "ext freed once");
	rte_free(buf);

	/* Two lcores: inline alloc on lcore 1, exported free_bulk here. */
	rte_eal_remote_launch(producer, NULL, 1);
	unsigned got = 0, bad = 0;
	struct rte_mbuf *v[32];
	while (got < ROUNDS * 32) {
		unsigned n = rte_ring_dequeue_burst(r, (void **)v, 32, NULL);
		for (unsigned j = 0; j < n; j++)
			if (*rte_pktmbuf_mtod(v[j], uint32_t *) != got + j || v[j]->pkt_len != 60)
				bad++;
		rte_pktmbuf_free_bulk(v, n);
		got += n;
	}
	int sent = rte_eal_wait_lcore(1);
	EXPECT(sent == ROUNDS * 32 && bad == 0, "sent %d, %u out of order", sent, bad);
	EXPECT(rte_mempool_avail_count(mp) == N && rte_mempool_in_use_count(mp) == 0, "avail %u of %u",
	       rte_mempool_avail_count(mp), N);
	printf("mbuf relink: %u mbufs allocated by reference inline code on lcore 1, freed by librte-rs on lcore 0; "
	       "pool back to %u/%u\n", got, rte_mempool_avail_count(mp), N);
	rte_mempool_free(mp);
	rte_mempool_free(cl);
	rte_ring_free(r);
	rte_eal_cleanup();
	printf("mbuf_inline: %s\n", fails ? "FAILED" : "ok");
	return fails != 0;
}
