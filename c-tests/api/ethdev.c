/* SPDX-License-Identifier: BSD-3-Clause */
/* API test for librte_ethdev through OUR installed headers: the checks of
 * c-tests/relink/ethdev_null.c (which builds them with the reference
 * headers), here with our inline rte_eth_rx_burst/tx_burst/tx_buffer. Two
 * net_null vdev ports: lifecycle and its errors, bursts, stats/xstats,
 * Rx/Tx callbacks, event callbacks (NEW/DESTROY with their arguments),
 * owners, Tx buffers. */
#ifndef ETHDEV_FILE_PREFIX /* c-tests/relink/ethdev_null.c sets its own */
#define ETHDEV_FILE_PREFIX "api_ethdev"
#define ETHDEV_TEST_NAME "ethdev api"
#endif
#include <errno.h>
#include <string.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_bus_vdev.h>
#include <rte_malloc.h>
#include <rte_cycles.h>

#include "../check.h"

static struct rte_mempool *pool;

static int rx_cb_calls, tx_cb_calls;
static uint16_t rx_cb_port = 999, rx_cb_queue = 999;

static uint16_t rx_cb(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t nb, uint16_t max, void *arg)
{
	(void)pkts; (void)max;
	rx_cb_calls += (int)(uintptr_t)arg;
	rx_cb_port = port;
	rx_cb_queue = queue;
	return nb;
}

static uint16_t tx_cb(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t nb, void *arg)
{
	(void)port; (void)queue; (void)arg;
	tx_cb_calls++;
	/* Drop the last packet before the driver sees it. */
	if (nb > 0) {
		rte_pktmbuf_free(pkts[nb - 1]);
		nb--;
	}
	return nb;
}

struct ev { uint16_t port; int event; void *arg; };
static struct ev evs[64];
static int nevs;

static int on_event(uint16_t port, enum rte_eth_event_type event, void *arg, void *ret)
{
	(void)ret;
	if (nevs < 64)
		evs[nevs++] = (struct ev){ port, event, arg };
	return 0;
}

static int seen(uint16_t port, int event, void *arg)
{
	for (int i = 0; i < nevs; i++)
		if (evs[i].port == port && evs[i].event == event && evs[i].arg == arg)
			return 1;
	return 0;
}

static void setup_port(uint16_t port, uint16_t nq, int lsc)
{
	struct rte_eth_conf conf;
	memset(&conf, 0, sizeof(conf));
	conf.intr_conf.lsc = lsc;
	CHECK_EQ(rte_eth_dev_configure(port, nq, nq, &conf), 0);
	uint16_t nrx = 100, ntx = 100;
	CHECK_EQ(rte_eth_dev_adjust_nb_rx_tx_desc(port, &nrx, &ntx), 0);
	for (uint16_t q = 0; q < nq; q++) {
		CHECK_EQ(rte_eth_rx_queue_setup(port, q, nrx, rte_eth_dev_socket_id(port), NULL, pool), 0);
		CHECK_EQ(rte_eth_tx_queue_setup(port, q, ntx, rte_eth_dev_socket_id(port), NULL), 0);
	}
}

static struct rte_eth_link link_at_start;

int main(int argc, char **argv)
{
	char *eal[] = { argv[0], "--no-huge", "-m", "256", "--no-pci", "-l", "0",
		"--file-prefix=" ETHDEV_FILE_PREFIX, "--vdev=net_null0", "--vdev=net_null1,size=128", NULL };
	(void)argc;
	if (rte_eal_init(10, eal) < 0) {
		printf("EAL init failed\n");
		return 1;
	}
	pool = rte_pktmbuf_pool_create("ethdev_pool", 2047, 64, 0, RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	CHECK(pool != NULL, "pool: %s", rte_strerror(rte_errno));

	CHECK_EQ(rte_eth_dev_count_avail(), 2);
	uint16_t p, n = 0;
	RTE_ETH_FOREACH_DEV(p)
		n++;
	CHECK_EQ(n, 2);
	CHECK_EQ(rte_eth_dev_is_valid_port(0), 1);
	CHECK_EQ(rte_eth_dev_is_valid_port(5), 0);
	uint16_t id;
	CHECK_EQ(rte_eth_dev_get_port_by_name("net_null1", &id), 0);
	CHECK_EQ(id, 1);
	char name[RTE_ETH_NAME_MAX_LEN];
	CHECK_EQ(rte_eth_dev_get_name_by_port(0, name), 0);
	CHECK(strcmp(name, "net_null0") == 0, "%s", name);

	struct rte_eth_dev_info info;
	CHECK_EQ(rte_eth_dev_info_get(0, &info), 0);
	CHECK(info.driver_name && strcmp(info.driver_name, "net_null") == 0, "driver %s", info.driver_name);
	CHECK_EQ(info.max_rx_queues, 1024);
	CHECK_EQ(rte_eth_dev_info_get(7, &info), -ENODEV);

	/* Errors before and during configuration. */
	struct rte_eth_conf conf;
	memset(&conf, 0, sizeof(conf));
	CHECK_EQ(rte_eth_dev_configure(9, 1, 1, &conf), -ENODEV);
	CHECK_EQ(rte_eth_dev_start(0), -EINVAL);
	CHECK_EQ(rte_eth_dev_configure(0, 2000, 1, &conf), -EINVAL);
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_TCP_LRO;
	CHECK_EQ(rte_eth_dev_configure(0, 1, 1, &conf), -EINVAL);
	conf.rxmode.offloads = 0;
	conf.intr_conf.rmv = 1;
	CHECK_EQ(rte_eth_dev_configure(0, 1, 1, &conf), -EINVAL);
	conf.intr_conf.rmv = 0;
	setup_port(0, 2, 0);
	setup_port(1, 1, 1); /* link-state-change events on port 1 */
	CHECK_EQ(rte_eth_dev_callback_register(1, RTE_ETH_EVENT_INTR_LSC, on_event, (void *)11), 0);
	CHECK_EQ(rte_eth_rx_queue_setup(0, 2, 64, 0, NULL, pool), -EINVAL);
	CHECK_EQ(rte_eth_rx_queue_setup(0, 0, 64, 0, NULL, NULL), -EINVAL);

	CHECK_EQ(rte_eth_dev_set_ptypes(0, RTE_PTYPE_UNKNOWN, NULL, 0), 0);
	CHECK_EQ(rte_eth_promiscuous_enable(0), 0);
	CHECK_EQ(rte_eth_promiscuous_get(0), 1);
	struct rte_ether_addr mac;
	CHECK_EQ(rte_eth_macaddr_get(0, &mac), 0);
	CHECK(rte_is_unicast_ether_addr(&mac) && !rte_is_zero_ether_addr(&mac), "mac");

	CHECK_EQ(rte_eth_dev_start(0), 0);
	CHECK_EQ(rte_eth_dev_start(1), 0);
	for (int i = 0; i < 1000 && !seen(1, RTE_ETH_EVENT_INTR_LSC, (void *)11); i++)
		rte_delay_us_sleep(1000);
	CHECK(seen(1, RTE_ETH_EVENT_INTR_LSC, (void *)11), "LSC event at start");
	CHECK_EQ(rte_eth_link_get_nowait(1, &link_at_start), 0);
	CHECK_EQ(link_at_start.link_status, RTE_ETH_LINK_UP);
	CHECK_EQ(rte_eth_dev_configure(0, 1, 1, &conf), -EBUSY);
	CHECK_EQ(rte_eth_tx_queue_setup(0, 0, 64, 0, NULL), -EBUSY);

	struct rte_eth_link link;
	CHECK_EQ(rte_eth_link_get_nowait(0, &link), 0);
	(void)link_at_start;
	CHECK_EQ(link.link_status, RTE_ETH_LINK_UP);
	CHECK_EQ(link.link_speed, RTE_ETH_SPEED_NUM_10G);
	char ls[RTE_ETH_LINK_MAX_STR_LEN];
	CHECK(rte_eth_link_to_str(ls, sizeof(ls), &link) > 0 && strcmp(ls, "Link up at 10 Gbps FDX Fixed") == 0, "%s", ls);
	CHECK(strcmp(rte_eth_link_speed_to_str(RTE_ETH_SPEED_NUM_25G), "25 Gbps") == 0, "speed str");

	/* Bursts through the reference's inline code. */
	struct rte_mbuf *pkts[32];
	CHECK_EQ(rte_eth_rx_burst(0, 1, pkts, 32), 32);
	CHECK_EQ(pkts[0]->pkt_len, 64);
	CHECK_EQ(pkts[0]->data_len, 64);
	CHECK_EQ(pkts[0]->port, 0);
	CHECK_EQ(rte_eth_tx_burst(1, 0, pkts, 32), 32);
	CHECK_EQ(rte_eth_rx_burst(1, 0, pkts, 8), 8);
	CHECK_EQ(pkts[3]->pkt_len, 128);
	CHECK_EQ(rte_eth_tx_burst(0, 0, pkts, 8), 8);
	CHECK_EQ(rte_mempool_avail_count(pool) + rte_mempool_in_use_count(pool), 2047);

	struct rte_eth_stats st;
	CHECK_EQ(rte_eth_stats_get(0, &st), 0);
	CHECK_EQ(st.ipackets, 32);
	CHECK_EQ(st.ibytes, 32 * 64);
	CHECK_EQ(st.q_ipackets[1], 32);
	CHECK_EQ(st.opackets, 8);
	CHECK_EQ(st.obytes, 8 * 128);
	int nx = rte_eth_xstats_get_names(0, NULL, 0);
	CHECK(nx >= 8, "%d xstats", nx);
	struct rte_eth_xstat_name xn[64];
	struct rte_eth_xstat xv[64];
	CHECK_EQ(rte_eth_xstats_get_names(0, xn, 64), nx);
	CHECK_EQ(rte_eth_xstats_get(0, xv, 64), nx);
	CHECK(strcmp(xn[0].name, "rx_good_packets") == 0 && xv[0].value == 32, "%s=%llu", xn[0].name,
		(unsigned long long)xv[0].value);
	uint64_t xid;
	CHECK_EQ(rte_eth_xstats_get_id_by_name(0, "tx_good_bytes", &xid), 0);
	CHECK_EQ(xid, 3);
	CHECK_EQ(rte_eth_stats_reset(0), 0);
	CHECK_EQ(rte_eth_stats_get(0, &st), 0);
	CHECK_EQ(st.ipackets, 0);

	/* Rx/Tx callbacks, run by the inline burst functions. */
	const void *cb1 = rte_eth_add_rx_callback(0, 0, rx_cb, (void *)1);
	const void *cb2 = rte_eth_add_first_rx_callback(0, 0, rx_cb, (void *)100);
	CHECK(cb1 && cb2, "add rx callbacks");
	CHECK(rte_eth_add_rx_callback(0, 5, rx_cb, NULL) == NULL && rte_errno == EINVAL, "bad queue");
	CHECK_EQ(rte_eth_rx_burst(0, 0, pkts, 4), 4);
	CHECK_EQ(rx_cb_calls, 101);
	CHECK_EQ(rx_cb_port, 0);
	CHECK_EQ(rx_cb_queue, 0);
	CHECK_EQ(rte_eth_remove_rx_callback(0, 0, cb2), 0);
	CHECK_EQ(rte_eth_remove_rx_callback(0, 0, cb2), -EINVAL);
	const void *tcb = rte_eth_add_tx_callback(1, 0, tx_cb, NULL);
	CHECK(tcb != NULL, "add tx callback");
	CHECK_EQ(rte_eth_tx_burst(1, 0, pkts, 4), 3);
	CHECK_EQ(tx_cb_calls, 1);
	CHECK_EQ(rte_eth_remove_tx_callback(1, 0, tcb), 0);
	rte_pktmbuf_free(pkts[3]);
	CHECK_EQ(rte_eth_rx_burst(0, 0, pkts, 4), 4);
	CHECK_EQ(rx_cb_calls, 102);
	rte_pktmbuf_free_bulk(pkts, 4);

	/* Tx buffers (inline rte_eth_tx_buffer/flush). */
	struct rte_eth_dev_tx_buffer *buf = rte_zmalloc("txb", RTE_ETH_TX_BUFFER_SIZE(16), 0);
	uint64_t dropped = 0;
	CHECK_EQ(rte_eth_tx_buffer_init(buf, 16), 0);
	CHECK_EQ(rte_eth_tx_buffer_set_err_callback(buf, rte_eth_tx_buffer_count_callback, &dropped), 0);
	CHECK_EQ(rte_eth_rx_burst(0, 0, pkts, 20), 20);
	uint16_t sent = 0;
	for (int i = 0; i < 20; i++)
		sent += rte_eth_tx_buffer(1, 0, buf, pkts[i]);
	CHECK_EQ(sent, 16);
	CHECK_EQ(rte_eth_tx_buffer_flush(1, 0, buf), 4);
	CHECK_EQ(dropped, 0);

	/* Owners. */
	uint64_t owner;
	CHECK_EQ(rte_eth_dev_owner_new(&owner), 0);
	struct rte_eth_dev_owner o = { .id = owner, .name = "test" };
	CHECK_EQ(rte_eth_dev_owner_set(1, &o), 0);
	CHECK_EQ(rte_eth_dev_owner_set(1, &o), -EPERM);
	CHECK_EQ(rte_eth_dev_count_avail(), 1);
	CHECK_EQ(rte_eth_find_next_owned_by(0, owner), 1);
	struct rte_eth_dev_owner got;
	CHECK_EQ(rte_eth_dev_owner_get(1, &got), 0);
	CHECK(got.id == owner && strcmp(got.name, "test") == 0, "owner get");
	CHECK_EQ(rte_eth_dev_owner_unset(1, owner + 100), -EINVAL);
	CHECK_EQ(rte_eth_dev_owner_unset(1, owner), 0);
	CHECK_EQ(rte_eth_dev_count_avail(), 2);

	/* Stopped port: the inline burst goes to the dummy functions, and the
	 * Tx buffer's error callback gets the unsent packets. */
	nevs = 0;
	CHECK_EQ(rte_eth_dev_stop(1), 0);
	CHECK_EQ(rte_eth_link_get_nowait(1, &link), 0);
	CHECK_EQ(link.link_status, RTE_ETH_LINK_DOWN);
	for (int i = 0; i < 1000 && !seen(1, RTE_ETH_EVENT_INTR_LSC, (void *)11); i++)
		rte_delay_us_sleep(1000);
	CHECK(seen(1, RTE_ETH_EVENT_INTR_LSC, (void *)11), "LSC event at stop");
	CHECK_EQ(rte_eth_rx_burst(1, 0, pkts, 4), 0);
	CHECK_EQ(rte_eth_rx_burst(0, 0, pkts, 3), 3);
	for (int i = 0; i < 3; i++)
		rte_eth_tx_buffer(1, 0, buf, pkts[i]);
	CHECK_EQ(rte_eth_tx_buffer_flush(1, 0, buf), 0);
	CHECK_EQ(dropped, 3);
	rte_free(buf);

	/* Ports selected by filter strings (the "eth" class). */
	{
		struct rte_dev_iterator it;
		char filt[64];
		uint16_t pid, seen_ports = 0, n_match = 0;
		RTE_ETH_FOREACH_MATCHING_DEV(pid, "class=eth", &it)
			seen_ports |= 1 << pid;
		CHECK_EQ(seen_ports, 3);
		snprintf(filt, sizeof(filt), "class=eth,mac=%02x:%02x:%02x:%02x:%02x:%02x", mac.addr_bytes[0],
			mac.addr_bytes[1], mac.addr_bytes[2], mac.addr_bytes[3], mac.addr_bytes[4], mac.addr_bytes[5]);
		RTE_ETH_FOREACH_MATCHING_DEV(pid, filt, &it) {
			CHECK_EQ(pid, 0);
			n_match++;
		}
		CHECK_EQ(n_match, 1);
		n_match = 0;
		RTE_ETH_FOREACH_MATCHING_DEV(pid, "bus=vdev/class=eth", &it)
			n_match++;
		CHECK_EQ(n_match, 2);
		CHECK_EQ(rte_eth_iterator_init(&it, "class=eth,speed=3"), 0);
		CHECK_EQ(rte_eth_iterator_next(&it), RTE_MAX_ETHPORTS);
	}

	/* Names, speeds, and operations net_null does not have (-ENOTSUP,
	 * as the reference answers for its own net_null). */
	CHECK(strcmp(rte_eth_dev_rx_offload_name(RTE_ETH_RX_OFFLOAD_RSS_HASH), "RSS_HASH") == 0, "rx name");
	CHECK(strcmp(rte_eth_dev_tx_offload_name(RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE), "MBUF_FAST_FREE") == 0, "tx name");
	CHECK(strcmp(rte_eth_dev_rx_offload_name(3), "UNKNOWN") == 0, "two bits");
	CHECK_EQ(rte_eth_speed_bitflag(RTE_ETH_SPEED_NUM_100M, RTE_ETH_LINK_HALF_DUPLEX), RTE_ETH_LINK_SPEED_100M_HD);
	CHECK_EQ(rte_eth_speed_bitflag(RTE_ETH_SPEED_NUM_25G, RTE_ETH_LINK_FULL_DUPLEX), RTE_ETH_LINK_SPEED_25G);
	CHECK_EQ(rte_eth_speed_bitflag(12345, 1), 0);
	struct rte_eth_rss_conf rss = { 0 };
	CHECK_EQ(rte_eth_dev_rss_hash_update(0, &rss), -ENOTSUP);
	CHECK_EQ(rte_eth_dev_rss_hash_update(9, &rss), -ENODEV);
	struct rte_eth_fc_conf fc;
	CHECK_EQ(rte_eth_dev_flow_ctrl_get(0, &fc), -ENOTSUP);
	CHECK_EQ(rte_eth_dev_vlan_filter(0, 5, 1), -ENOSYS);
	CHECK_EQ(rte_eth_dev_get_vlan_offload(0), 0);
	CHECK_EQ(rte_eth_dev_set_vlan_offload(0, 0), 0);
	CHECK_EQ(rte_eth_dev_set_vlan_offload(0, RTE_ETH_VLAN_STRIP_OFFLOAD), -EINVAL);
	CHECK_EQ(rte_eth_led_on(0), -ENOTSUP);
	struct rte_eth_rxq_info rqi;
	CHECK_EQ(rte_eth_rx_queue_info_get(0, 0, &rqi), -ENOTSUP);
	CHECK_EQ(rte_eth_rx_queue_info_get(0, 7, &rqi), -EINVAL);
	CHECK_EQ(rte_eth_dev_set_rx_queue_stats_mapping(0, 0, 3), -ENOTSUP);
	CHECK_EQ(rte_eth_find_next_sibling(0, 0), 0);

	CHECK_EQ(rte_eth_dev_pool_ops_supported(0, "ring_mp_mc"), 1);
	CHECK_EQ(rte_eth_fec_set(0, 1), -ENOTSUP);
	uint32_t fec;
	CHECK_EQ(rte_eth_fec_get(0, &fec), -ENOTSUP);
	uint64_t feat = 0;
	CHECK_EQ(rte_eth_rx_metadata_negotiate(0, &feat), -EBUSY);
	CHECK_EQ(rte_eth_hairpin_bind(0, 1), -ENOTSUP); /* port 0 started: no op */
	CHECK_EQ(rte_eth_hairpin_bind(9, 1), -ENODEV);
	CHECK_EQ(rte_eth_dev_uc_all_hash_table_set(0, 1), -ENOTSUP);

	/* Events: NEW for a hot-plugged vdev, DESTROY on close. */
	CHECK_EQ(rte_eth_dev_callback_register(RTE_ETH_ALL, RTE_ETH_EVENT_NEW, on_event, (void *)7), 0);
	CHECK_EQ(rte_eth_dev_callback_register(1, RTE_ETH_EVENT_DESTROY, on_event, (void *)8), 0);
	CHECK_EQ(rte_eth_dev_callback_register(20, RTE_ETH_EVENT_DESTROY, on_event, NULL), -EINVAL);
	CHECK_EQ(rte_vdev_init("net_null2", "no-rx=1"), 0);
	CHECK_EQ(rte_eth_dev_get_port_by_name("net_null2", &id), 0);
	CHECK(seen(id, RTE_ETH_EVENT_NEW, (void *)7), "NEW event for port %u", id);
	CHECK_EQ(rte_vdev_init("net_null3", "size=oops"), -EINVAL);
	CHECK_EQ(rte_eth_dev_close(0), -EINVAL); /* started */
	CHECK_EQ(rte_eth_dev_close(1), 0);
	CHECK(seen(1, RTE_ETH_EVENT_DESTROY, (void *)8), "DESTROY event");
	CHECK_EQ(rte_eth_dev_is_valid_port(1), 0);
	CHECK_EQ(rte_eth_dev_callback_unregister(RTE_ETH_ALL, RTE_ETH_EVENT_NEW, on_event, (void *)-1), 0);

	CHECK_EQ(rte_eth_dev_stop(0), 0);
	CHECK_EQ(rte_eth_dev_close(0), 0);
	CHECK_EQ(rte_vdev_uninit("net_null2"), 0);
	CHECK_EQ(rte_eth_dev_count_avail(), 0);
	CHECK_EQ(rte_mempool_in_use_count(pool), 0);
	rte_mempool_free(pool);
	rte_eal_cleanup();
	return check_done(ETHDEV_TEST_NAME);
}
