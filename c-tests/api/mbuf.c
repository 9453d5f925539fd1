/* SPDX-License-Identifier: BSD-3-Clause */
/* librte_mbuf through the C ABI and our headers: pktmbuf pools, alloc and
 * free (single, bulk, inline and exported), reference counts, clone /
 * attach / detach, external buffers with a free callback, pinned external
 * buffer pools, chains (incl. past RTE_MBUF_MAX_NB_SEGS), prepend / append
 * / adj / trim at their limits, read / linearize / copy, sanity checks on
 * broken mbufs, dynamic fields and flags (duplicates, conflicts), pool ops
 * choice, dump, RARP packets. Runs with --no-huge; also passes against
 * the reference (build against /usr/include/dpdk). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_mbuf_pool_ops.h>
#include <rte_ether.h>
#include <rte_arp.h>
#include <rte_net.h>

#include "../check.h"

#define NB 512

static int ext_frees;
static void *ext_freed_addr;
static void ext_free_cb(void *addr, void *opaque)
{
	ext_frees++;
	ext_freed_addr = addr;
	CHECK(opaque == (void *)0x1234, "opaque %p", opaque);
}

static void fill(struct rte_mbuf *m, uint16_t len, uint8_t seed)
{
	uint8_t *p = (uint8_t *)rte_pktmbuf_append(m, len);
	CHECK(p != NULL, "append %u", len);
	if (p != NULL)
		for (uint16_t i = 0; i < len; i++)
			p[i] = (uint8_t)(seed + i);
}

static void test_pool(struct rte_mempool *mp)
{
	CHECK_EQ(rte_pktmbuf_data_room_size(mp), RTE_MBUF_DEFAULT_BUF_SIZE);
	CHECK_EQ(rte_pktmbuf_priv_size(mp), 16);
	CHECK_EQ(rte_mempool_avail_count(mp), NB);
	CHECK_EQ(mp->elt_size, sizeof(struct rte_mbuf) + 16 + RTE_MBUF_DEFAULT_BUF_SIZE);

	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	CHECK(m != NULL, "alloc");
	CHECK(m->pool == mp, "pool");
	CHECK_EQ(m->priv_size, 16);
	CHECK_EQ(m->buf_len, RTE_MBUF_DEFAULT_BUF_SIZE);
	CHECK_EQ(rte_pktmbuf_headroom(m), RTE_PKTMBUF_HEADROOM);
	CHECK_EQ(rte_pktmbuf_tailroom(m), RTE_MBUF_DEFAULT_BUF_SIZE - RTE_PKTMBUF_HEADROOM);
	CHECK(m->buf_addr == (char *)m + sizeof(*m) + 16, "buf_addr follows the private area");
	CHECK(rte_mbuf_to_priv(m) == (void *)(m + 1), "to_priv");
	CHECK(rte_mbuf_iova_get(m) != 0 && rte_mbuf_iova_get(m) != RTE_BAD_IOVA, "iova");
	CHECK_EQ(rte_mbuf_data_iova(m), rte_mbuf_iova_get(m) + RTE_PKTMBUF_HEADROOM);
	CHECK_EQ(rte_mbuf_data_iova_default(m), rte_mbuf_data_iova(m));
	CHECK_EQ(m->nb_segs, 1);
	CHECK_EQ(m->port, RTE_MBUF_PORT_INVALID);
	CHECK_EQ(rte_mbuf_refcnt_read(m), 1);
	CHECK_EQ(rte_mbuf_check(m, 1, NULL), 0);
	CHECK_EQ(rte_mempool_avail_count(mp) + rte_mempool_in_use_count(mp), NB);
	CHECK_EQ(rte_mempool_in_use_count(mp), 1);
	rte_pktmbuf_free(m);
	rte_pktmbuf_free(NULL);
	CHECK_EQ(rte_mempool_in_use_count(mp), 0);

	/* Bulk alloc/free: inline alloc, exported free_bulk, all or nothing. */
	struct rte_mbuf *v[NB + 1];
	CHECK_EQ(rte_pktmbuf_alloc_bulk(mp, v, NB + 1), -ENOBUFS);
	CHECK_EQ(rte_mempool_in_use_count(mp), 0);
	CHECK_EQ(rte_pktmbuf_alloc_bulk(mp, v, NB), 0);
	CHECK(rte_pktmbuf_alloc(mp) == NULL, "empty pool");
	int distinct = 1;
	for (int i = 1; i < NB; i++)
		if (v[i] == v[i - 1])
			distinct = 0;
	CHECK(distinct, "distinct mbufs");
	rte_pktmbuf_free_bulk(v, 100);
	CHECK_EQ(rte_mempool_in_use_count(mp), NB - 100);
	struct rte_mbuf *x = v[100];
	v[100] = NULL; /* skipped */
	rte_pktmbuf_free_bulk(v + 100, NB - 100);
	CHECK_EQ(rte_mempool_in_use_count(mp), 1);
	rte_pktmbuf_free(x);
	CHECK_EQ(rte_mempool_in_use_count(mp), 0);
	for (int round = 0; round < 50; round++) {
		CHECK_EQ(rte_pktmbuf_alloc_bulk(mp, v, 32), 0);
		rte_pktmbuf_free_bulk(v, 32);
	}
	CHECK_EQ(rte_mempool_in_use_count(mp), 0);

	/* raw alloc/free */
	m = rte_mbuf_raw_alloc(mp);
	CHECK(m != NULL && m->next == NULL && m->nb_segs == 1, "raw alloc");
	rte_mbuf_raw_free(m);

	/* Reference counts. */
	m = rte_pktmbuf_alloc(mp);
	CHECK_EQ(rte_mbuf_refcnt_update(m, 2), 3);
	rte_pktmbuf_free(m);
	rte_pktmbuf_free(m);
	CHECK_EQ(rte_mbuf_refcnt_read(m), 1);
	CHECK_EQ(rte_mempool_in_use_count(mp), 1);
	rte_pktmbuf_refcnt_update(m, 1);
	CHECK(rte_pktmbuf_prefree_seg(m) == NULL, "prefree with a second owner");
	CHECK(rte_pktmbuf_prefree_seg(m) == m, "prefree by the last owner");
	rte_mbuf_raw_free(m);
	CHECK_EQ(rte_mempool_in_use_count(mp), 0);
}

static void test_edit(struct rte_mempool *mp)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	uint16_t room = rte_pktmbuf_tailroom(m);
	/* Past the tailroom: NULL, nothing changed. */
	CHECK(rte_pktmbuf_append(m, room + 1) == NULL, "append past tailroom");
	CHECK_EQ(m->data_len, 0);
	CHECK_EQ(m->pkt_len, 0);
	fill(m, 100, 1);
	CHECK_EQ(m->pkt_len, 100);
	/* Past the headroom: NULL, nothing changed. */
	CHECK(rte_pktmbuf_prepend(m, RTE_PKTMBUF_HEADROOM + 1) == NULL, "prepend past headroom");
	CHECK_EQ(m->data_off, RTE_PKTMBUF_HEADROOM);
	char *h = rte_pktmbuf_prepend(m, 14);
	CHECK(h == rte_pktmbuf_mtod(m, char *), "prepend returns the new start");
	CHECK_EQ(m->data_len, 114);
	CHECK_EQ(rte_pktmbuf_headroom(m), RTE_PKTMBUF_HEADROOM - 14);
	CHECK(rte_pktmbuf_adj(m, 115) == NULL, "adj past data");
	CHECK_EQ(m->data_len, 114);
	CHECK(rte_pktmbuf_adj(m, 14) != NULL, "adj");
	CHECK_EQ(rte_pktmbuf_mtod(m, uint8_t *)[0], 1);
	CHECK_EQ(rte_pktmbuf_trim(m, 101), -1);
	CHECK_EQ(rte_pktmbuf_trim(m, 10), 0);
	CHECK_EQ(m->pkt_len, 90);
	CHECK_EQ(*rte_pktmbuf_mtod_offset(m, uint8_t *, 89), 90);
	rte_pktmbuf_reset(m);
	CHECK_EQ(m->pkt_len, 0);
	CHECK_EQ(m->data_off, RTE_PKTMBUF_HEADROOM);
	rte_pktmbuf_free(m);
}

static void test_chain(struct rte_mempool *mp)
{
	struct rte_mbuf *a = rte_pktmbuf_alloc(mp), *b = rte_pktmbuf_alloc(mp), *c = rte_pktmbuf_alloc(mp);
	fill(a, 100, 0);
	fill(b, 200, 100);
	fill(c, 50, 44); /* 300 + i */
	CHECK_EQ(rte_pktmbuf_chain(a, b), 0);
	CHECK_EQ(rte_pktmbuf_chain(a, c), 0);
	CHECK_EQ(a->nb_segs, 3);
	CHECK_EQ(a->pkt_len, 350);
	CHECK(rte_pktmbuf_lastseg(a) == c, "lastseg");
	CHECK(!rte_pktmbuf_is_contiguous(a), "not contiguous");
	CHECK_EQ(rte_mbuf_check(a, 1, NULL), 0);
	uint8_t tmp[64];
	const uint8_t *r = rte_pktmbuf_read(a, 90, 20, tmp);
	CHECK(r == tmp, "read across segments copies");
	CHECK(r != NULL && r[0] == 90 && r[19] == 109, "read data");
	r = rte_pktmbuf_read(a, 120, 10, tmp);
	CHECK(r == rte_pktmbuf_mtod_offset(b, uint8_t *, 20), "read inside a later segment is in place");
	CHECK(rte_pktmbuf_read(a, 345, 6, tmp) == NULL, "read past the end");
	/* Append goes to the last segment. */
	fill(a, 10, 94);
	CHECK_EQ(c->data_len, 60);
	CHECK_EQ(a->pkt_len, 360);

	/* copy: a slice across segments, then the whole packet. */
	struct rte_mbuf *cp = rte_pktmbuf_copy(a, mp, 50, 200);
	CHECK(cp != NULL && cp->pkt_len == 200 && rte_pktmbuf_is_contiguous(cp), "copy slice");
	CHECK(cp != NULL && rte_pktmbuf_mtod(cp, uint8_t *)[0] == 50 && rte_pktmbuf_mtod(cp, uint8_t *)[199] == 249,
	      "copy data");
	rte_pktmbuf_free(cp);
	CHECK(rte_pktmbuf_copy(a, mp, 360, 1) == NULL, "copy at the end");
	cp = rte_pktmbuf_copy(a, mp, 0, UINT32_MAX);
	CHECK(cp != NULL && cp->pkt_len == 360, "copy all");
	rte_pktmbuf_free(cp);

	/* linearize: everything fits in the first segment's tailroom. */
	unsigned in_use = rte_mempool_in_use_count(mp);
	CHECK_EQ(rte_pktmbuf_linearize(a), 0);
	CHECK_EQ(a->nb_segs, 1);
	CHECK_EQ(a->data_len, 360);
	CHECK_EQ(rte_mempool_in_use_count(mp), in_use - 2);
	int ok = 1;
	for (int i = 0; i < 350; i++)
		if (rte_pktmbuf_mtod(a, uint8_t *)[i] != (uint8_t)i)
			ok = 0;
	CHECK(ok, "linearized data");
	rte_pktmbuf_free(a);

	/* linearize refusing: more data than one buffer. */
	a = rte_pktmbuf_alloc(mp);
	b = rte_pktmbuf_alloc(mp);
	fill(a, 2000, 0);
	fill(b, 2000, 0);
	rte_pktmbuf_chain(a, b);
	CHECK_EQ(rte_pktmbuf_linearize(a), -1);
	CHECK_EQ(a->nb_segs, 2);
	CHECK_EQ(a->pkt_len, 4000);
	rte_pktmbuf_free(a);

	/* Past the segment limit: -EOVERFLOW, nothing changed. */
	a = rte_pktmbuf_alloc(mp);
	b = rte_pktmbuf_alloc(mp);
	a->nb_segs = RTE_MBUF_MAX_NB_SEGS;
	CHECK_EQ(rte_pktmbuf_chain(a, b), -EOVERFLOW);
	CHECK(a->next == NULL, "no link made");
	a->nb_segs = 1;
	rte_pktmbuf_free(a);
	rte_pktmbuf_free(b);
	CHECK_EQ(rte_mempool_in_use_count(mp), 0);
}

static void test_clone(struct rte_mempool *mp, struct rte_mempool *clones)
{
	struct rte_mbuf *a = rte_pktmbuf_alloc(mp), *b = rte_pktmbuf_alloc(mp);
	fill(a, 64, 0);
	fill(b, 64, 64);
	rte_pktmbuf_chain(a, b);
	a->vlan_tci = 77;
	a->packet_type = RTE_PTYPE_L2_ETHER;
	struct rte_mbuf *c = rte_pktmbuf_clone(a, clones);
	CHECK(c != NULL, "clone");
	CHECK_EQ(c->nb_segs, 2);
	CHECK_EQ(c->pkt_len, 128);
	CHECK(RTE_MBUF_CLONED(c) && RTE_MBUF_CLONED(c->next), "indirect segments");
	CHECK(rte_mbuf_from_indirect(c) == a && rte_mbuf_from_indirect(c->next) == b, "from_indirect");
	CHECK(c->buf_addr == a->buf_addr && rte_pktmbuf_mtod(c->next, uint8_t *)[0] == 64, "shared data");
	CHECK_EQ(c->vlan_tci, 77);
	CHECK_EQ(rte_mbuf_refcnt_read(a), 2);
	CHECK_EQ(rte_mbuf_refcnt_read(b), 2);
	CHECK_EQ(rte_mbuf_check(c, 1, NULL), 0);
	/* Freeing the original first keeps the data for the clone. */
	rte_pktmbuf_free(a);
	CHECK_EQ(rte_mbuf_refcnt_read(a), 1);
	CHECK_EQ(rte_mempool_in_use_count(mp), 2);
	rte_pktmbuf_free(c);
	CHECK_EQ(rte_mempool_in_use_count(mp), 0);
	CHECK_EQ(rte_mempool_in_use_count(clones), 0);

	/* Inline attach/detach; a clone of a clone points at the direct mbuf. */
	a = rte_pktmbuf_alloc(mp);
	fill(a, 10, 5);
	struct rte_mbuf *i1 = rte_pktmbuf_alloc(clones), *i2 = rte_pktmbuf_alloc(clones);
	rte_pktmbuf_attach(i1, a);
	rte_pktmbuf_attach(i2, i1);
	CHECK(rte_mbuf_from_indirect(i2) == a, "attach to an indirect mbuf");
	CHECK_EQ(rte_mbuf_refcnt_read(a), 3);
	rte_pktmbuf_detach(i1);
	CHECK(RTE_MBUF_DIRECT(i1) && i1->buf_addr == (char *)i1 + sizeof(*i1) + i1->priv_size, "detached");
	CHECK_EQ(rte_mbuf_refcnt_read(a), 2);
	rte_pktmbuf_free(i1);
	rte_pktmbuf_free(a);
	CHECK_EQ(rte_mempool_in_use_count(mp), 1);
	rte_pktmbuf_free(i2);
	CHECK_EQ(rte_mempool_in_use_count(mp), 0);
	CHECK_EQ(rte_mempool_in_use_count(clones), 0);

	/* Clone with an exhausted clone pool: NULL, nothing leaked. */
	struct rte_mbuf *hold[64];
	unsigned n = rte_mempool_avail_count(clones);
	CHECK_EQ(rte_pktmbuf_alloc_bulk(clones, hold, n - 1), 0);
	a = rte_pktmbuf_alloc(mp);
	b = rte_pktmbuf_alloc(mp);
	rte_pktmbuf_chain(a, b);
	CHECK(rte_pktmbuf_clone(a, clones) == NULL, "clone without room for both segments");
	CHECK_EQ(rte_mbuf_refcnt_read(a), 1);
	CHECK_EQ(rte_mbuf_refcnt_read(b), 1);
	CHECK_EQ(rte_mempool_in_use_count(clones), n - 1);
	rte_pktmbuf_free_bulk(hold, n - 1);
	rte_pktmbuf_free(a);
}

static void test_extbuf(struct rte_mempool *mp, struct rte_mempool *clones)
{
	uint16_t len = 1024;
	void *buf = rte_malloc("ext", len, 64);
	struct rte_mbuf_ext_shared_info *sh = rte_pktmbuf_ext_shinfo_init_helper(buf, &len, ext_free_cb, (void *)0x1234);
	CHECK(sh != NULL, "shinfo helper");
	CHECK(len < 1024 && (char *)sh == (char *)buf + len, "shinfo at the end of the buffer");
	CHECK_EQ(rte_mbuf_ext_refcnt_read(sh), 1);
	uint16_t tiny = 8;
	CHECK(rte_pktmbuf_ext_shinfo_init_helper(buf, &tiny, ext_free_cb, NULL) == NULL, "buffer too small");

	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	rte_pktmbuf_attach_extbuf(m, buf, rte_malloc_virt2iova(buf), len, sh);
	CHECK(RTE_MBUF_HAS_EXTBUF(m) && m->shinfo == sh && m->buf_addr == buf, "attached external buffer");
	CHECK_EQ(m->data_len, 0);
	rte_pktmbuf_reset_headroom(m);
	fill(m, 100, 3);
	struct rte_mbuf *c = rte_pktmbuf_clone(m, clones);
	CHECK(c != NULL && RTE_MBUF_HAS_EXTBUF(c) && !RTE_MBUF_CLONED(c), "clone of an external buffer");
	CHECK_EQ(rte_mbuf_ext_refcnt_read(sh), 2);
	rte_pktmbuf_free(m);
	CHECK_EQ(ext_frees, 0);
	CHECK_EQ(rte_mempool_in_use_count(mp), 0);
	rte_pktmbuf_free(c);
	CHECK_EQ(ext_frees, 1);
	CHECK(ext_freed_addr == buf, "callback got the buffer");
	CHECK_EQ(rte_mempool_in_use_count(clones), 0);
	rte_free(buf);
}

static void test_pinned(struct rte_mempool *clones)
{
	struct rte_pktmbuf_extmem ext;
	ext.elt_size = 2048;
	ext.buf_len = 2048 * 40;
	ext.buf_ptr = rte_malloc("pinned", ext.buf_len, 4096);
	ext.buf_iova = rte_malloc_virt2iova(ext.buf_ptr);
	struct rte_mempool *p = rte_pktmbuf_pool_create_extbuf("mbuf_api_pin", 32, 0, 0, 2048, SOCKET_ID_ANY, &ext, 1);
	CHECK(p != NULL, "extbuf pool: %s", rte_strerror(rte_errno));
	if (p == NULL)
		return;
	CHECK(rte_pktmbuf_priv_flags(p) & RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF, "pinned flag");
	struct rte_mbuf *m = rte_pktmbuf_alloc(p);
	CHECK(RTE_MBUF_HAS_EXTBUF(m) && RTE_MBUF_HAS_PINNED_EXTBUF(m), "pinned mbuf");
	CHECK((char *)m->buf_addr >= (char *)ext.buf_ptr && (char *)m->buf_addr < (char *)ext.buf_ptr + ext.buf_len,
	      "data in the external area");
	CHECK_EQ(m->buf_len, 2048);
	fill(m, 64, 0);
	/* A clone shares the pinned buffer: the mbuf goes back to its pool
	 * only when the clone lets go of the buffer. */
	struct rte_mbuf *c = rte_pktmbuf_clone(m, clones);
	CHECK(c != NULL && RTE_MBUF_HAS_EXTBUF(c), "clone of a pinned mbuf");
	CHECK_EQ(rte_mbuf_ext_refcnt_read(m->shinfo), 2);
	rte_pktmbuf_free(m);
	CHECK_EQ(rte_mempool_in_use_count(p), 1);
	rte_pktmbuf_free(c);
	CHECK_EQ(rte_mempool_in_use_count(p), 0);
	CHECK_EQ(rte_mempool_in_use_count(clones), 0);
	/* Too little external memory, bad descriptor. */
	CHECK(rte_pktmbuf_pool_create_extbuf("mbuf_api_pin2", 64, 0, 0, 2048, SOCKET_ID_ANY, &ext, 1) == NULL &&
		      rte_errno == ENOMEM,
	      "not enough external memory");
	ext.elt_size = 100;
	CHECK(rte_pktmbuf_pool_create_extbuf("mbuf_api_pin3", 8, 0, 0, 2048, SOCKET_ID_ANY, &ext, 1) == NULL &&
		      rte_errno == EINVAL,
	      "elt_size below data room");
	rte_mempool_free(p);
}

static void test_sanity(struct rte_mempool *mp)
{
	const char *why = NULL;
	CHECK_EQ(rte_mbuf_check(NULL, 1, &why), -1);
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	fill(m, 10, 0);
	struct rte_mbuf saved = *m;
	m->data_len = 20;
	CHECK_EQ(rte_mbuf_check(m, 1, &why), -1);
	CHECK(why != NULL, "reason given");
	*m = saved;
	m->nb_segs = 2;
	CHECK_EQ(rte_mbuf_check(m, 1, &why), -1);
	*m = saved;
	m->refcnt = 0;
	CHECK_EQ(rte_mbuf_check(m, 0, &why), -1);
	*m = saved;
	m->pool = NULL;
	CHECK_EQ(rte_mbuf_check(m, 0, &why), -1);
	*m = saved;
	m->data_off = m->buf_len;
	m->data_len = 1;
	m->pkt_len = 1;
	CHECK_EQ(rte_mbuf_check(m, 1, &why), -1);
	*m = saved;
	CHECK_EQ(rte_mbuf_check(m, 1, &why), 0);
	rte_mbuf_sanity_check(m, 1);
	char text[4096] = {0};
	FILE *f = fmemopen(text, sizeof(text) - 1, "w");
	rte_pktmbuf_dump(f, m, 64);
	fclose(f);
	CHECK(strstr(text, "dump mbuf at") != NULL && strstr(text, "pkt_len=10") != NULL && strstr(text, "segment at") != NULL,
	      "dump text: %s", text);

	/* A broken mbuf stops the process in rte_mbuf_sanity_check. */
	m->data_len = 20;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		dup2(devnull, 2);
		rte_mbuf_sanity_check(m, 1);
		_exit(0);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT, "sanity check on a broken mbuf aborts (status %#x)", st);
	*m = saved;
	rte_pktmbuf_free(m);
}

static void test_dyn(void)
{
	struct rte_mbuf_dynfield f8 = {.name = "mbuf_api_dyn_u64", .size = 8, .align = 8, .flags = 0};
	struct rte_mbuf_dynfield f1 = {.name = "mbuf_api_dyn_u8", .size = 1, .align = 1, .flags = 0};
	int o8 = rte_mbuf_dynfield_register(&f8);
	CHECK(o8 >= (int)offsetof(struct rte_mbuf, dynfield1) && o8 % 8 == 0, "u64 field at %d", o8);
	int o1 = rte_mbuf_dynfield_register(&f1);
	CHECK(o1 >= (int)offsetof(struct rte_mbuf, dynfield1) && (o1 >= o8 + 8 || o1 < o8), "u8 field at %d", o1);
	CHECK_EQ(rte_mbuf_dynfield_register(&f8), o8);
	struct rte_mbuf_dynfield got;
	CHECK_EQ(rte_mbuf_dynfield_lookup("mbuf_api_dyn_u64", &got), o8);
	CHECK(got.size == 8 && got.align == 8, "lookup params");
	rte_errno = 0;
	CHECK_EQ(rte_mbuf_dynfield_lookup("mbuf_api_nope", NULL), -1);
	CHECK_EQ(rte_errno, ENOENT);
	struct rte_mbuf_dynfield conflict = f8;
	conflict.size = 4;
	conflict.align = 4;
	CHECK_EQ(rte_mbuf_dynfield_register(&conflict), -1);
	CHECK_EQ(rte_errno, EEXIST);
	CHECK_EQ(rte_mbuf_dynfield_register_offset(&f8, (size_t)o8 + 8), -1);
	CHECK_EQ(rte_errno, EEXIST);
	struct rte_mbuf_dynfield busy = {.name = "mbuf_api_dyn_busy", .size = 4, .align = 4, .flags = 0};
	CHECK_EQ(rte_mbuf_dynfield_register_offset(&busy, o8), -1);
	CHECK_EQ(rte_errno, EBUSY);
	struct rte_mbuf_dynfield badal = {.name = "mbuf_api_dyn_al", .size = 4, .align = 3, .flags = 0};
	CHECK_EQ(rte_mbuf_dynfield_register(&badal), -1);
	CHECK_EQ(rte_errno, EINVAL);
	struct rte_mbuf_dynfield huge = {.name = "mbuf_api_dyn_huge", .size = 64, .align = 1, .flags = 0};
	CHECK_EQ(rte_mbuf_dynfield_register(&huge), -1);
	CHECK_EQ(rte_errno, ENOENT);
	struct rte_mbuf_dynfield longname;
	memset(&longname, 0, sizeof(longname));
	memset(longname.name, 'x', sizeof(longname.name));
	longname.size = 1;
	longname.align = 1;
	CHECK_EQ(rte_mbuf_dynfield_register(&longname), -1);
	CHECK_EQ(rte_errno, ENAMETOOLONG);

	struct rte_mbuf_dynflag fl = {.name = "mbuf_api_flag", .flags = 0};
	int bit = rte_mbuf_dynflag_register(&fl);
	CHECK(bit >= 23 && bit <= 40, "flag bit %d", bit);
	CHECK_EQ(rte_mbuf_dynflag_register(&fl), bit);
	CHECK_EQ(rte_mbuf_dynflag_lookup("mbuf_api_flag", NULL), bit);
	CHECK_EQ(rte_mbuf_dynflag_register_bitnum(&fl, bit + 1 > 40 ? 23 : bit + 1), -1);
	CHECK_EQ(rte_errno, EEXIST);
	struct rte_mbuf_dynflag fl2 = {.name = "mbuf_api_flag2", .flags = 0};
	CHECK_EQ(rte_mbuf_dynflag_register_bitnum(&fl2, bit), -1);
	CHECK_EQ(rte_errno, EBUSY);
	CHECK_EQ(rte_mbuf_dynflag_register_bitnum(&fl2, 64), -1);
	CHECK_EQ(rte_errno, EINVAL);
	CHECK_EQ(rte_mbuf_dynflag_register_bitnum(&fl2, 40), 40);
	int toff = -1;
	uint64_t tflag = 0;
	CHECK_EQ(rte_mbuf_dyn_rx_timestamp_register(&toff, &tflag), 0);
	CHECK(toff >= 0 && toff % 8 == 0 && tflag != 0, "timestamp field %d flag %#llx", toff,
	      (unsigned long long)tflag);
	CHECK_EQ(rte_mbuf_dynfield_lookup(RTE_MBUF_DYNFIELD_TIMESTAMP_NAME, NULL), toff);
	FILE *f = fopen("/dev/null", "w");
	rte_mbuf_dyn_dump(f);
	fclose(f);
}

static void test_ops(void)
{
	const char *best = rte_mbuf_best_mempool_ops();
	CHECK(best != NULL && strcmp(best, "ring_mp_mc") == 0, "default ops %s", best);
	CHECK(rte_mbuf_platform_mempool_ops() == NULL, "no platform ops");
	CHECK_EQ(rte_mbuf_set_platform_mempool_ops("ring_sp_sc"), 0);
	CHECK_EQ(rte_mbuf_set_platform_mempool_ops("ring_sp_sc"), 0);
	CHECK_EQ(rte_mbuf_set_platform_mempool_ops("stack"), -EEXIST);
	CHECK(strcmp(rte_mbuf_best_mempool_ops(), "ring_sp_sc") == 0, "platform ops chosen");
	CHECK_EQ(rte_mbuf_set_user_mempool_ops("ring_mp_sc"), 0);
	CHECK(strcmp(rte_mbuf_best_mempool_ops(), "ring_mp_sc") == 0, "user ops chosen");
	CHECK_EQ(rte_mbuf_set_user_mempool_ops("0123456789012345678901234567890123"), -ENAMETOOLONG);
	struct rte_mempool *p = rte_pktmbuf_pool_create("mbuf_api_ops", 63, 0, 0, 256, SOCKET_ID_ANY);
	CHECK(p != NULL, "pool on the user ops");
	if (p != NULL) {
		CHECK(strcmp(rte_mempool_get_ops(p->ops_index)->name, "ring_mp_sc") == 0, "pool ops %s",
		      rte_mempool_get_ops(p->ops_index)->name);
		rte_mempool_free(p);
	}
	CHECK(rte_pktmbuf_pool_create_by_ops("mbuf_api_bad", 63, 0, 0, 256, SOCKET_ID_ANY, "no_such_ops") == NULL,
	      "bogus ops name");
	CHECK_EQ(rte_errno, EINVAL);
	CHECK(rte_pktmbuf_pool_create("mbuf_api_priv", 63, 0, 3, 256, SOCKET_ID_ANY) == NULL, "odd priv_size");
	CHECK_EQ(rte_errno, EINVAL);
}

static void test_rarp(struct rte_mempool *mp)
{
	struct rte_ether_addr mac = {{0x02, 0x11, 0x22, 0x33, 0x44, 0x55}};
	struct rte_mbuf *m = rte_net_make_rarp_packet(mp, &mac);
	CHECK(m != NULL, "rarp");
	if (m == NULL)
		return;
	CHECK_EQ(m->pkt_len, 64);
	struct rte_ether_hdr *eh = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	CHECK(rte_is_broadcast_ether_addr(&eh->dst_addr) && rte_is_same_ether_addr(&eh->src_addr, &mac), "rarp addrs");
	CHECK_EQ(rte_be_to_cpu_16(eh->ether_type), RTE_ETHER_TYPE_RARP);
	struct rte_arp_hdr *a = (struct rte_arp_hdr *)(eh + 1);
	CHECK_EQ(rte_be_to_cpu_16(a->arp_opcode), RTE_ARP_OP_REVREQUEST);
	CHECK_EQ(rte_be_to_cpu_16(a->arp_protocol), RTE_ETHER_TYPE_IPV4);
	CHECK(rte_is_same_ether_addr(&a->arp_data.arp_sha, &mac) && rte_is_same_ether_addr(&a->arp_data.arp_tha, &mac),
	      "rarp payload");
	CHECK_EQ(rte_net_get_ptype(m, NULL, RTE_PTYPE_ALL_MASK), RTE_PTYPE_L2_ETHER);
	rte_pktmbuf_free(m);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	char *eal_argv[] = {"prog", "-l", "0-1", "--no-huge", "-m", "256", "--no-pci", "--file-prefix=mbuf_api", NULL};
	CHECK_EQ(rte_eal_init(8, eal_argv), 7);

	struct rte_mempool *mp = rte_pktmbuf_pool_create("mbuf_api", NB, 32, 16, RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	CHECK(mp != NULL, "pool: %s", rte_strerror(rte_errno));
	struct rte_mempool *clones = rte_pktmbuf_pool_create("mbuf_api_cl", 63, 0, 0, 0, SOCKET_ID_ANY);
	CHECK(clones != NULL, "clone pool");
	CHECK(rte_pktmbuf_pool_create("mbuf_api", 64, 0, 0, 256, SOCKET_ID_ANY) == NULL && rte_errno == EEXIST,
	      "duplicate name");
	if (mp == NULL || clones == NULL)
		return check_done("mbuf");

	test_pool(mp);
	test_edit(mp);
	test_chain(mp);
	test_clone(mp, clones);
	test_extbuf(mp, clones);
	test_pinned(clones);
	test_sanity(mp);
	test_rarp(mp);
	test_dyn();
	test_ops();
	CHECK_EQ(rte_mempool_in_use_count(mp), 0);
	rte_mempool_free(mp);
	rte_mempool_free(clones);
	CHECK_EQ(rte_eal_cleanup(), 0);
	return check_done("mbuf");
}
