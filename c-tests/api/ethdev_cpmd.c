/* SPDX-License-Identifier: BSD-3-Clause */
/* A PMD written in C against our ethdev_driver.h/ethdev_vdev.h: registered
 * with RTE_PMD_REGISTER_VDEV, probed from --vdev, allocating its port with
 * rte_eth_vdev_allocate, and driven through the application API: its ops
 * are called with the right arguments, its burst functions run from the
 * inline rte_eth_tx_burst/rx_burst, rte_eth_linkstatus_set feeds
 * rte_eth_link_get_nowait, and close releases the port (dev_private freed
 * with rte_free). */
#include <errno.h>
#include <string.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <ethdev_vdev.h>

#include "../check.h"

struct ctest_priv { int configured, started, closed; uint64_t sent; int queue_magic[4]; };

static uint16_t ctest_tx(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	struct ctest_priv *p = *(struct ctest_priv **)q;
	p->sent += n;
	rte_pktmbuf_free_bulk(pkts, n);
	return n;
}

static uint16_t ctest_rx(void *q, struct rte_mbuf **pkts, uint16_t n)
{
	(void)q; (void)pkts; (void)n;
	return 0;
}

static int ctest_configure(struct rte_eth_dev *dev)
{
	((struct ctest_priv *)dev->data->dev_private)->configured++;
	return 0;
}

static int ctest_start(struct rte_eth_dev *dev)
{
	struct rte_eth_link l = { .link_speed = RTE_ETH_SPEED_NUM_25G, .link_duplex = RTE_ETH_LINK_FULL_DUPLEX,
		.link_status = RTE_ETH_LINK_UP };
	((struct ctest_priv *)dev->data->dev_private)->started++;
	rte_eth_linkstatus_set(dev, &l);
	return 0;
}

static int ctest_stop(struct rte_eth_dev *dev)
{
	struct rte_eth_link l = { 0 };
	rte_eth_linkstatus_set(dev, &l);
	return 0;
}

static int closed_flag;

static int ctest_close(struct rte_eth_dev *dev)
{
	closed_flag = 1;
	for (uint16_t q = 0; q < dev->data->nb_tx_queues; q++) {
		rte_free(dev->data->tx_queues[q]);
		dev->data->tx_queues[q] = NULL;
	}
	for (uint16_t q = 0; q < dev->data->nb_rx_queues; q++)
		dev->data->rx_queues[q] = NULL;
	return 0;
}

static int ctest_info(struct rte_eth_dev *dev, struct rte_eth_dev_info *info)
{
	(void)dev;
	info->max_rx_queues = 4;
	info->max_tx_queues = 4;
	info->max_mac_addrs = 1;
	info->max_rx_pktlen = 9018;
	info->tx_desc_lim.nb_max = 512;
	info->tx_desc_lim.nb_align = 32;
	return 0;
}

static int ctest_link_update(struct rte_eth_dev *dev, int wait)
{
	(void)dev; (void)wait;
	return 0;
}

static int ctest_rxq(struct rte_eth_dev *dev, uint16_t q, uint16_t n, unsigned int socket,
	const struct rte_eth_rxconf *c, struct rte_mempool *mp)
{
	(void)n; (void)socket; (void)c; (void)mp;
	struct ctest_priv *p = dev->data->dev_private;
	dev->data->rx_queues[q] = &p->queue_magic[q];
	return 0;
}

static int ctest_txq(struct rte_eth_dev *dev, uint16_t q, uint16_t n, unsigned int socket,
	const struct rte_eth_txconf *c)
{
	(void)socket; (void)c;
	struct ctest_priv **slot = rte_zmalloc("txq", sizeof(*slot), 0);
	if (slot == NULL || n != 64)
		return -EINVAL;
	*slot = dev->data->dev_private;
	dev->data->tx_queues[q] = slot;
	return 0;
}

static int ctest_stats(struct rte_eth_dev *dev, struct rte_eth_stats *s)
{
	s->opackets = ((struct ctest_priv *)dev->data->dev_private)->sent;
	return 0;
}

static const struct eth_dev_ops ctest_ops = {
	.dev_configure = ctest_configure,
	.dev_start = ctest_start,
	.dev_stop = ctest_stop,
	.dev_close = ctest_close,
	.dev_infos_get = ctest_info,
	.link_update = ctest_link_update,
	.rx_queue_setup = ctest_rxq,
	.tx_queue_setup = ctest_txq,
	.stats_get = ctest_stats,
};

static struct rte_ether_addr ctest_mac = { .addr_bytes = { 2, 0, 0, 0, 0, 7 } };
static int probes;

static int ctest_probe(struct rte_vdev_device *vdev)
{
	struct rte_eth_dev *dev = rte_eth_vdev_allocate(vdev, sizeof(struct ctest_priv));
	if (dev == NULL)
		return -ENOMEM;
	probes++;
	dev->dev_ops = &ctest_ops;
	dev->rx_pkt_burst = ctest_rx;
	dev->tx_pkt_burst = ctest_tx;
	dev->data->mac_addrs = rte_zmalloc("mac", sizeof(ctest_mac), 0);
	*dev->data->mac_addrs = ctest_mac;
	rte_eth_dev_probing_finish(dev);
	return 0;
}

static int ctest_remove(struct rte_vdev_device *vdev)
{
	struct rte_eth_dev *dev = rte_eth_dev_allocated(rte_vdev_device_name(vdev));
	if (dev == NULL)
		return 0;
	rte_eth_dev_stop(dev->data->port_id);
	return rte_eth_dev_close(dev->data->port_id);
}

static struct rte_vdev_driver ctest_drv = { .probe = ctest_probe, .remove = ctest_remove };
RTE_PMD_REGISTER_VDEV(net_ctest, ctest_drv);

int main(int argc, char **argv)
{
	char *eal[] = { argv[0], "--no-huge", "-m", "256", "--no-pci", "-l", "0", "--file-prefix=api_ethdev_cpmd",
		"--vdev=net_ctest0", NULL };
	(void)argc;
	if (rte_eal_init(9, eal) < 0) {
		printf("EAL init failed\n");
		return 1;
	}
	CHECK_EQ(probes, 1);
	uint16_t port;
	CHECK_EQ(rte_eth_dev_get_port_by_name("net_ctest0", &port), 0);
	struct rte_eth_dev_info info;
	CHECK_EQ(rte_eth_dev_info_get(port, &info), 0);
	CHECK(info.driver_name && strcmp(info.driver_name, "net_ctest") == 0, "driver name %s", info.driver_name);
	CHECK_EQ(info.max_tx_queues, 4);
	struct rte_ether_addr mac;
	CHECK_EQ(rte_eth_macaddr_get(port, &mac), 0);
	CHECK(rte_is_same_ether_addr(&mac, &ctest_mac), "mac");
	struct rte_eth_conf conf = { 0 };
	CHECK_EQ(rte_eth_dev_configure(port, 1, 5, &conf), -EINVAL);
	CHECK_EQ(rte_eth_dev_configure(port, 1, 1, &conf), 0);
	struct rte_eth_dev *dev = &rte_eth_devices[port];
	CHECK_EQ(((struct ctest_priv *)dev->data->dev_private)->configured, 1);
	uint16_t nrx = 100, ntx = 50;
	CHECK_EQ(rte_eth_dev_adjust_nb_rx_tx_desc(port, &nrx, &ntx), 0);
	CHECK_EQ(ntx, 64);
	CHECK_EQ(rte_eth_tx_queue_setup(port, 0, 1000, 0, NULL), -EINVAL);
	CHECK_EQ(rte_eth_tx_queue_setup(port, 0, ntx, 0, NULL), 0);
	struct rte_mempool *mp = rte_pktmbuf_pool_create("cpmd_pool", 255, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	CHECK_EQ(rte_eth_rx_queue_setup(port, 0, nrx, 0, NULL, mp), 0);
	CHECK_EQ(rte_eth_dev_start(port), 0);
	struct rte_eth_link link;
	CHECK_EQ(rte_eth_link_get_nowait(port, &link), 0);
	CHECK_EQ(link.link_speed, RTE_ETH_SPEED_NUM_25G);
	CHECK_EQ(link.link_status, RTE_ETH_LINK_UP);
	struct rte_mbuf *m[16];
	CHECK_EQ(rte_pktmbuf_alloc_bulk(mp, m, 16), 0);
	CHECK_EQ(rte_eth_tx_burst(port, 0, m, 16), 16);
	CHECK_EQ(rte_eth_rx_burst(port, 0, m, 16), 0);
	struct rte_eth_stats st;
	CHECK_EQ(rte_eth_stats_get(port, &st), 0);
	CHECK_EQ(st.opackets, 16);
	CHECK_EQ(rte_mempool_in_use_count(mp), 0);
	CHECK_EQ(rte_eth_dev_stop(port), 0);
	CHECK_EQ(rte_eth_link_get_nowait(port, &link), 0);
	CHECK_EQ(link.link_status, RTE_ETH_LINK_DOWN);
	CHECK_EQ(rte_eth_dev_close(port), 0);
	CHECK_EQ(closed_flag, 1);
	CHECK_EQ(rte_eth_dev_is_valid_port(port), 0);
	CHECK(dev->data == NULL, "slot released");
	rte_mempool_free(mp);
	rte_eal_cleanup();
	return check_done("ethdev C PMD");
}
