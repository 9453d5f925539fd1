/* SPDX-License-Identifier: BSD-3-Clause */
/* librte_net through our headers: CRCs against the standard check values,
 * MAC address text both ways (every accepted form, rejected forms leave
 * the address untouched), random addresses, Internet checksums (header,
 * pseudo-header, UDP/TCP, verify, across mbuf segments split at odd
 * offsets), Tx checksum preparation, software packet types, IPv6
 * extension skipping on bad input. No EAL needed. Two checks fail on the
 * reference, by design: it writes part of a rejected MAC address, and
 * its checksum over segments split at an odd offset is wrong. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_net.h>
#include <rte_net_crc.h>
#include <rte_udp.h>

#include "../check.h"

static uint8_t segbuf[4][256];

static void make_chain(struct rte_mbuf *m, const uint8_t *pkt, const uint32_t *lens, int n)
{
	uint32_t total = 0, off = 0;
	for (int i = 0; i < n; i++)
		total += lens[i];
	for (int i = 0; i < n; i++) {
		memset(&m[i], 0, sizeof(m[i]));
		m[i].buf_addr = segbuf[i];
		m[i].buf_len = sizeof(segbuf[i]);
		m[i].data_off = 16;
		m[i].refcnt = 1;
		m[i].nb_segs = i == 0 ? n : 1;
		m[i].data_len = lens[i];
		m[i].pkt_len = i == 0 ? total : lens[i];
		m[i].next = i + 1 < n ? &m[i + 1] : NULL;
		memcpy(segbuf[i] + 16, pkt + off, lens[i]);
		off += lens[i];
	}
}

int main(void)
{
	/* CRC check values of "123456789". */
	CHECK_EQ(rte_net_crc_calc("123456789", 9, RTE_NET_CRC16_CCITT), 0x906e);
	CHECK_EQ(rte_net_crc_calc("123456789", 9, RTE_NET_CRC32_ETH), 0xcbf43926);
	rte_net_crc_set_alg(RTE_NET_CRC_AVX512);
	CHECK_EQ(rte_net_crc_calc("123456789", 9, RTE_NET_CRC32_ETH), 0xcbf43926);
	rte_net_crc_set_alg(RTE_NET_CRC_SCALAR);
	uint8_t zeros[64] = {0};
	CHECK_EQ(rte_net_crc_calc(zeros, 64, RTE_NET_CRC32_ETH), 0x758d6336);
	CHECK_EQ(rte_net_crc_calc(zeros, 0, RTE_NET_CRC32_ETH), 0);

	/* MAC text. */
	struct rte_ether_addr a, want = {{0x01, 0x23, 0x45, 0x67, 0x89, 0xab}};
	CHECK_EQ(rte_ether_unformat_addr("01:23:45:67:89:ab", &a), 0);
	CHECK(rte_is_same_ether_addr(&a, &want), "colon form");
	memset(&a, 0, sizeof(a));
	CHECK_EQ(rte_ether_unformat_addr("0123:4567:89AB", &a), 0);
	CHECK(rte_is_same_ether_addr(&a, &want), "three-word form");
	const char *bad[] = {"01-23-45-67-89-ab", "1:2:3:4:5:6", "01:23:45:67:89", "01:23:45:67:89:ab:", "",
			     "0123.4567.89ab", "xx:23:45:67:89:ab", "01:23:45:67:89:ab\n"};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rte_ether_addr z = want;
		rte_errno = 0;
		CHECK_EQ(rte_ether_unformat_addr(bad[i], &z), -1);
		CHECK_EQ(rte_errno, EINVAL);
		CHECK(rte_is_same_ether_addr(&z, &want), "'%s' left the address unchanged", bad[i]);
	}
	char s[RTE_ETHER_ADDR_FMT_SIZE];
	rte_ether_format_addr(s, sizeof(s), &want);
	CHECK(strcmp(s, "01:23:45:67:89:AB") == 0, "format %s", s);
	rte_ether_format_addr(s, 6, &want);
	CHECK(strcmp(s, "01:23") == 0, "truncated %s", s);
	for (int i = 0; i < 16; i++) {
		rte_eth_random_addr(a.addr_bytes);
		CHECK(rte_is_unicast_ether_addr(&a) && rte_is_local_admin_ether_addr(&a), "random address kind");
	}
	struct rte_ether_addr b;
	rte_eth_random_addr(b.addr_bytes);
	CHECK(!rte_is_same_ether_addr(&a, &b), "random addresses differ");

	/* IPv4 header checksum: computed then verified to a zero sum. */
	uint8_t pkt[128];
	memset(pkt, 0, sizeof(pkt));
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)pkt;
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(20 + 8 + 31);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(RTE_IPV4(10, 0, 0, 1));
	ip->dst_addr = rte_cpu_to_be_32(RTE_IPV4(10, 0, 0, 2));
	CHECK_EQ(ip->version, 4);
	CHECK_EQ(ip->ihl, 5);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	CHECK_EQ(rte_raw_cksum(ip, 20), 0xffff);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(pkt + 20);
	udp->src_port = rte_cpu_to_be_16(1000);
	udp->dst_port = rte_cpu_to_be_16(2000);
	udp->dgram_len = rte_cpu_to_be_16(8 + 31);
	for (int i = 0; i < 31; i++)
		pkt[28 + i] = (uint8_t)(i * 13 + 1);
	udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);
	CHECK(udp->dgram_cksum != 0, "udp checksum never 0");
	CHECK_EQ(rte_ipv4_udptcp_cksum_verify(ip, udp), 0);
	pkt[40] ^= 1;
	CHECK_EQ(rte_ipv4_udptcp_cksum_verify(ip, udp), -1);
	pkt[40] ^= 1;

	/* The same sums over mbuf chains split at odd and even offsets. */
	uint16_t whole = rte_raw_cksum(pkt + 3, 53);
	uint32_t splits[][3] = {{59, 0, 0}, {4, 55, 0}, {7, 13, 39}, {20, 1, 38}, {1, 1, 57}};
	for (unsigned i = 0; i < sizeof(splits) / sizeof(splits[0]); i++) {
		struct rte_mbuf m[3];
		int n = splits[i][1] == 0 ? 1 : splits[i][2] == 0 ? 2 : 3;
		make_chain(m, pkt, splits[i], n);
		uint16_t c = 0;
		CHECK_EQ(rte_raw_cksum_mbuf(m, 3, 53, &c), 0);
		CHECK(c == whole, "split %u: %#x vs %#x", i, c, whole);
		CHECK_EQ(rte_ipv4_udptcp_cksum_mbuf_verify(m, ip, 20), 0);
		CHECK_EQ(rte_raw_cksum_mbuf(m, 3, 57, &c), -1);
	}

	/* Tx checksum preparation: IPv4 header sum zeroed, pseudo-header sum stored. */
	{
		uint8_t frame[128] = {0};
		struct rte_mbuf m[1];
		uint32_t len[1] = {14 + 59};
		memcpy(frame + 14, pkt, 59);
		make_chain(m, frame, len, 1);
		m->l2_len = 14;
		m->l3_len = 20;
		m->l4_len = 8;
		m->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_UDP_CKSUM;
		CHECK_EQ(rte_validate_tx_offload(m), 0);
		CHECK_EQ(rte_net_intel_cksum_prepare(m), 0);
		struct rte_ipv4_hdr *mip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, 14);
		struct rte_udp_hdr *mu = rte_pktmbuf_mtod_offset(m, struct rte_udp_hdr *, 34);
		CHECK_EQ(mip->hdr_checksum, 0);
		CHECK_EQ(mu->dgram_cksum, rte_ipv4_phdr_cksum(mip, m->ol_flags));
		m->l4_len = 200;
		CHECK_EQ(rte_net_intel_cksum_prepare(m), -ENOTSUP);
		m->ol_flags = RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_IP_CKSUM;
		CHECK_EQ(rte_validate_tx_offload(m), -EINVAL);
		m->ol_flags = RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
		CHECK_EQ(rte_validate_tx_offload(m), -EINVAL); /* tso_segsz 0 */
		m->tso_segsz = 1400;
		CHECK_EQ(rte_validate_tx_offload(m), 0);

		/* Software ptype of the same frame (with an Ethernet header), no lens pointer. */
		frame[12] = 0x08;
		make_chain(m, frame, len, 1);
		CHECK_EQ(rte_net_get_ptype(m, NULL, RTE_PTYPE_ALL_MASK),
			 RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP);
		struct rte_net_hdr_lens hl;
		CHECK_EQ(rte_net_get_ptype(m, &hl, RTE_PTYPE_L2_MASK | RTE_PTYPE_L3_MASK),
			 RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4);
		CHECK_EQ(hl.l2_len, 14);
		CHECK_EQ(hl.l3_len, 20);
		/* Read as a hop-by-hop header, the IPv4 header's first bytes say
		 * "next 0x45, 8 bytes long". */
		uint32_t off = 14;
		int frag = 1;
		CHECK_EQ(rte_net_skip_ip6_ext(IPPROTO_HOPOPTS, m, &off, &frag), 0x45);
		CHECK_EQ(off, 22);
		CHECK_EQ(frag, 0);
		off = 1000;
		CHECK_EQ(rte_net_skip_ip6_ext(IPPROTO_HOPOPTS, m, &off, &frag), -1);
		CHECK_EQ(rte_net_skip_ip6_ext(IPPROTO_UDP, m, &off, &frag), IPPROTO_UDP);
	}

	/* IPv6 extension header walk helper. */
	uint8_t ext[8] = {IPPROTO_TCP, 1, 0, 0, 0, 0, 0, 0};
	size_t el = 0;
	CHECK_EQ(rte_ipv6_get_next_ext(ext, IPPROTO_HOPOPTS, &el), IPPROTO_TCP);
	CHECK_EQ(el, 16);
	CHECK_EQ(rte_ipv6_get_next_ext(ext, IPPROTO_AH, &el), IPPROTO_TCP);
	CHECK_EQ(el, 12);
	CHECK_EQ(rte_ipv6_get_next_ext(ext, IPPROTO_UDP, &el), -EINVAL);
	return check_done("net");
}
