/* SPDX-License-Identifier: BSD-3-Clause */
/* net_ring through our headers: a loopback port (no arguments: what queue
 * i sends, queue i receives), ports from nodeaction=<set>:<node>:CREATE
 * named after their ring set, the rings visible to rte_ring_lookup and
 * usable by the application directly, per-queue stats, LSC events on link
 * changes, Rx interrupts through epoll, malformed nodeaction refused, and the vdev removed again. Built
 * with the reference's headers and run on the reference, the checks differ
 * only where designed: its net_ring has no LSC (configure with lsc=1 is
 * refused), and rte_vdev_uninit leaves the nodeaction ports behind. */
#include <errno.h>
#include <string.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_cycles.h>
#include <rte_bus_vdev.h>
#include <rte_interrupts.h>
#include <rte_epoll.h>

#include "../check.h"

static volatile int lsc_events;

static int on_lsc(uint16_t port, enum rte_eth_event_type event, void *arg, void *ret)
{
	(void)port; (void)arg; (void)ret;
	if (event == RTE_ETH_EVENT_INTR_LSC)
		lsc_events++;
	return 0;
}

static void up(uint16_t port, uint16_t nq, struct rte_mempool *mp, int lsc)
{
	struct rte_eth_conf conf;
	memset(&conf, 0, sizeof(conf));
	conf.intr_conf.lsc = lsc;
	CHECK_EQ(rte_eth_dev_configure(port, nq, nq, &conf), 0);
	for (uint16_t q = 0; q < nq; q++) {
		CHECK_EQ(rte_eth_rx_queue_setup(port, q, 1024, 0, NULL, mp), 0);
		CHECK_EQ(rte_eth_tx_queue_setup(port, q, 1024, 0, NULL), 0);
	}
}

int main(int argc, char **argv)
{
	char *eal[] = { argv[0], "--no-huge", "-m", "256", "--no-pci", "-l", "0", "--file-prefix=api_ethdev_ring",
		"--vdev=net_ring0", "--vdev=net_ring1,nodeaction=rsetA:0:CREATE,nodeaction=rsetB:0:CREATE", NULL };
	(void)argc;
	if (rte_eal_init(10, eal) < 0) {
		printf("EAL init failed\n");
		return 1;
	}
	struct rte_mempool *mp = rte_pktmbuf_pool_create("ring_pool", 1023, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	CHECK(mp != NULL, "pool");
	CHECK_EQ(rte_eth_dev_count_avail(), 3);
	uint16_t p0, pa, pb;
	CHECK_EQ(rte_eth_dev_get_port_by_name("net_ring0", &p0), 0);
	CHECK_EQ(rte_eth_dev_get_port_by_name("rsetA", &pa), 0);
	CHECK_EQ(rte_eth_dev_get_port_by_name("rsetB", &pb), 0);
	struct rte_eth_dev_info info;
	CHECK_EQ(rte_eth_dev_info_get(p0, &info), 0);
	CHECK(strcmp(info.driver_name, "net_ring") == 0, "%s", info.driver_name);
	CHECK_EQ(info.max_rx_queues, 16);

	/* Loopback on port 0, two queues. */
	up(p0, 2, mp, 0);
	CHECK_EQ(rte_eth_dev_configure(p0, 17, 1, &(struct rte_eth_conf){ 0 }), -EINVAL);
	up(p0, 2, mp, 0);
	CHECK_EQ(rte_eth_dev_start(p0), 0);
	struct rte_mbuf *m[8], *r[8];
	CHECK_EQ(rte_pktmbuf_alloc_bulk(mp, m, 8), 0);
	CHECK_EQ(rte_eth_tx_burst(p0, 1, m, 8), 8);
	CHECK_EQ(rte_eth_rx_burst(p0, 0, r, 8), 0);
	CHECK_EQ(rte_eth_rx_burst(p0, 1, r, 8), 8);
	CHECK(r[0] == m[0] && r[7] == m[7], "same packets, in order");
	struct rte_eth_stats st;
	CHECK_EQ(rte_eth_stats_get(p0, &st), 0);
	CHECK_EQ(st.opackets, 8);
	CHECK_EQ(st.ipackets, 8);
	CHECK_EQ(st.q_ipackets[1], 8);

	/* Rx interrupts: the queue's eventfd wakes an epoll wait when packets
	 * arrive while its interrupt is on. */
	struct rte_epoll_event ev[2];
	CHECK_EQ(rte_eth_dev_rx_intr_ctl_q(p0, 0, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_ADD, (void *)0x55), 0);
	CHECK(rte_eth_dev_rx_intr_ctl_q_get_fd(p0, 0) >= 0, "event fd");
	CHECK_EQ(rte_eth_dev_rx_intr_ctl_q_get_fd(p0, 9), -1);
	CHECK_EQ(rte_eth_dev_rx_intr_enable(p0, 0), 0);
	CHECK_EQ(rte_eth_dev_rx_intr_enable(p0, 9), -EINVAL);
	CHECK_EQ(rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, 2, 10), 0);
	CHECK_EQ(rte_eth_tx_burst(p0, 0, r, 4), 4);
	CHECK_EQ(rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, 2, 1000), 1);
	CHECK(ev[0].epdata.data == (void *)0x55, "epoll data");
	CHECK_EQ(rte_eth_dev_rx_intr_disable(p0, 0), 0);
	CHECK_EQ(rte_eth_rx_burst(p0, 0, r, 8), 4);
	CHECK_EQ(rte_eth_tx_burst(p0, 0, r, 4), 4);
	CHECK_EQ(rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, 2, 10), 0);
	CHECK_EQ(rte_eth_rx_burst(p0, 0, r, 8), 4);
	CHECK_EQ(rte_eth_dev_rx_intr_ctl_q(p0, 0, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_DEL, NULL), 0);

	/* The rings are ordinary rings: the application can feed them. */
	struct rte_ring *ra = rte_ring_lookup("ETH_RXTX0_rsetA");
	CHECK(ra != NULL, "ring of set A");
	up(pa, 1, mp, 1);
	CHECK_EQ(rte_eth_dev_callback_register(pa, RTE_ETH_EVENT_INTR_LSC, on_lsc, NULL), 0);
	CHECK_EQ(rte_eth_dev_start(pa), 0);
	for (int i = 0; i < 1000 && lsc_events == 0; i++)
		rte_delay_us_sleep(1000);
	CHECK_EQ(lsc_events, 1);
	CHECK_EQ(rte_ring_enqueue_burst(ra, (void **)r, 8, NULL), 8);
	CHECK_EQ(rte_eth_rx_burst(pa, 0, m, 8), 8);
	CHECK_EQ(rte_eth_dev_set_link_down(pa), 0);
	for (int i = 0; i < 1000 && lsc_events == 1; i++)
		rte_delay_us_sleep(1000);
	CHECK_EQ(lsc_events, 2);
	struct rte_eth_link link;
	CHECK_EQ(rte_eth_link_get_nowait(pa, &link), 0);
	CHECK_EQ(link.link_status, RTE_ETH_LINK_DOWN);
	rte_pktmbuf_free_bulk(m, 8);

	/* Malformed arguments: refused, nothing half-registered. */
	CHECK(rte_vdev_init("net_ring7", "nodeaction=x:0:MAKE") < 0, "bad action");
	CHECK_EQ(rte_eth_dev_count_avail(), 3);
	CHECK_EQ(rte_vdev_init("net_ring8", NULL), 0);
	CHECK_EQ(rte_eth_dev_count_avail(), 4);
	CHECK_EQ(rte_vdev_uninit("net_ring8"), 0);
	CHECK(rte_ring_lookup("ETH_RXTX0_net_ring8") == NULL, "rings freed with the port");

	CHECK_EQ(rte_eth_dev_stop(p0), 0);
	CHECK_EQ(rte_eth_dev_stop(pa), 0);
	CHECK_EQ(rte_vdev_uninit("net_ring1"), 0);
	CHECK_EQ(rte_eth_dev_count_avail(), 1);
	CHECK_EQ(rte_vdev_uninit("net_ring0"), 0);
	CHECK_EQ(rte_eth_dev_count_avail(), 0);
	CHECK_EQ(rte_mempool_in_use_count(mp), 0);
	rte_mempool_free(mp);
	rte_eal_cleanup();
	return check_done("ethdev net_ring");
}
