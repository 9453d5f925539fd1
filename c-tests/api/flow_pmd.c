/* SPDX-License-Identifier: BSD-3-Clause */
/* A PMD with a small flow engine, meters and a traffic manager, written in
 * C against our ethdev_driver.h, rte_flow_driver.h, rte_mtr_driver.h and
 * rte_tm_driver.h, registered with RTE_PMD_REGISTER_VDEV and driven through
 * the application API: rules are validated (ETH / IPV4 pattern, QUEUE
 * action within the configured queues), created, queried (COUNT),
 * destroyed and flushed; the driver's error reports reach the caller;
 * flow ops run under the port's flow mutex unless the driver declares them
 * thread safe; meter and TM calls reach their slots. */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_mtr.h>
#include <rte_tm.h>
#include <rte_malloc.h>
#include <ethdev_vdev.h>
#include <rte_flow_driver.h>
#include <rte_mtr_driver.h>
#include <rte_tm_driver.h>

#include "../check.h"

#define MAX_RULES 4

struct rte_flow {
	int used;
	uint16_t queue;
	uint64_t hits;
};

struct fpmd_priv {
	struct rte_flow rules[MAX_RULES];
	int mtr_enabled[8];
	int locked_seen;
};

static struct fpmd_priv *priv_of(struct rte_eth_dev *dev)
{
	return dev->data->dev_private;
}

static int mutex_held(struct rte_eth_dev *dev)
{
	/* The library holds the port's flow mutex around the call: trylock fails. */
	int r = pthread_mutex_trylock(&dev->data->flow_ops_mutex);
	if (r == 0)
		pthread_mutex_unlock(&dev->data->flow_ops_mutex);
	return r == EBUSY;
}

static int fpmd_validate(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
			 const struct rte_flow_item pattern[], const struct rte_flow_action actions[],
			 struct rte_flow_error *error)
{
	priv_of(dev)->locked_seen = mutex_held(dev);
	if (attr == NULL || !attr->ingress)
		return rte_flow_error_set(error, ENOTSUP, RTE_FLOW_ERROR_TYPE_ATTR_INGRESS, attr, "ingress only");
	for (const struct rte_flow_item *it = pattern; it->type != RTE_FLOW_ITEM_TYPE_END; it++)
		if (it->type != RTE_FLOW_ITEM_TYPE_ETH && it->type != RTE_FLOW_ITEM_TYPE_IPV4)
			return rte_flow_error_set(error, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM, it, "item not supported");
	if (actions[0].type != RTE_FLOW_ACTION_TYPE_QUEUE || actions[1].type != RTE_FLOW_ACTION_TYPE_END)
		return rte_flow_error_set(error, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION, actions, "QUEUE only");
	const struct rte_flow_action_queue *q = actions[0].conf;
	if (q->index >= dev->data->nb_rx_queues)
		return rte_flow_error_set(error, EINVAL, RTE_FLOW_ERROR_TYPE_ACTION_CONF, q, "no such queue");
	return 0;
}

static struct rte_flow *fpmd_create(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
				    const struct rte_flow_item pattern[], const struct rte_flow_action actions[],
				    struct rte_flow_error *error)
{
	if (fpmd_validate(dev, attr, pattern, actions, error) != 0)
		return NULL;
	for (int i = 0; i < MAX_RULES; i++) {
		struct rte_flow *f = &priv_of(dev)->rules[i];
		if (!f->used) {
			f->used = 1;
			f->queue = ((const struct rte_flow_action_queue *)actions[0].conf)->index;
			f->hits = 100 + i;
			return f;
		}
	}
	rte_flow_error_set(error, ENOSPC, RTE_FLOW_ERROR_TYPE_HANDLE, NULL, "table full");
	return NULL;
}

static int fpmd_destroy(struct rte_eth_dev *dev, struct rte_flow *flow, struct rte_flow_error *error)
{
	(void)dev;
	if (flow == NULL || !flow->used)
		return rte_flow_error_set(error, ENOENT, RTE_FLOW_ERROR_TYPE_HANDLE, flow, "no such rule");
	flow->used = 0;
	return 0;
}

static int fpmd_flush(struct rte_eth_dev *dev, struct rte_flow_error *error)
{
	(void)error;
	for (int i = 0; i < MAX_RULES; i++)
		priv_of(dev)->rules[i].used = 0;
	return 0;
}

static int fpmd_query(struct rte_eth_dev *dev, struct rte_flow *flow, const struct rte_flow_action *action,
		      void *data, struct rte_flow_error *error)
{
	(void)dev;
	if (action->type != RTE_FLOW_ACTION_TYPE_COUNT)
		return rte_flow_error_set(error, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION, action, "COUNT only");
	struct rte_flow_query_count *c = data;
	c->hits_set = 1;
	c->hits = flow->hits;
	return 0;
}

static const struct rte_flow_ops fpmd_flow_ops = {
	.validate = fpmd_validate,
	.create = fpmd_create,
	.destroy = fpmd_destroy,
	.flush = fpmd_flush,
	.query = fpmd_query,
};

static int fpmd_flow_ops_get(struct rte_eth_dev *dev, const struct rte_flow_ops **ops)
{
	(void)dev;
	*ops = &fpmd_flow_ops;
	return 0;
}

static int fpmd_mtr_enable(struct rte_eth_dev *dev, uint32_t mtr_id, struct rte_mtr_error *error)
{
	if (mtr_id >= 8)
		return -rte_mtr_error_set(error, EINVAL, RTE_MTR_ERROR_TYPE_MTR_ID, NULL, "bad meter id");
	priv_of(dev)->mtr_enabled[mtr_id] = 1;
	return 0;
}

static const struct rte_mtr_ops fpmd_mtr_ops = { .meter_enable = fpmd_mtr_enable };

static int fpmd_mtr_ops_get(struct rte_eth_dev *dev, void *ops)
{
	(void)dev;
	*(const struct rte_mtr_ops **)ops = &fpmd_mtr_ops;
	return 0;
}

static int fpmd_tm_commit(struct rte_eth_dev *dev, int clear_on_fail, struct rte_tm_error *error)
{
	(void)dev;
	if (clear_on_fail)
		return -rte_tm_error_set(error, EBUSY, RTE_TM_ERROR_TYPE_CAPABILITIES, NULL, "busy");
	return 0;
}

static const struct rte_tm_ops fpmd_tm_ops = { .hierarchy_commit = fpmd_tm_commit };

static int fpmd_tm_ops_get(struct rte_eth_dev *dev, void *ops)
{
	(void)dev;
	*(const struct rte_tm_ops **)ops = &fpmd_tm_ops;
	return 0;
}

static int fpmd_configure(struct rte_eth_dev *dev)
{
	(void)dev;
	return 0;
}

static int fpmd_close(struct rte_eth_dev *dev)
{
	(void)dev;
	return 0;
}

static int fpmd_info(struct rte_eth_dev *dev, struct rte_eth_dev_info *info)
{
	(void)dev;
	info->max_rx_queues = 4;
	info->max_tx_queues = 4;
	info->max_mac_addrs = 1;
	info->max_rx_pktlen = 9018;
	return 0;
}

static const struct eth_dev_ops fpmd_ops = {
	.dev_configure = fpmd_configure,
	.dev_close = fpmd_close,
	.dev_infos_get = fpmd_info,
	.flow_ops_get = fpmd_flow_ops_get,
	.mtr_ops_get = fpmd_mtr_ops_get,
	.tm_ops_get = fpmd_tm_ops_get,
};

static struct rte_ether_addr fpmd_mac = { .addr_bytes = { 2, 0, 0, 0, 0, 9 } };

static int fpmd_probe(struct rte_vdev_device *vdev)
{
	struct rte_eth_dev *dev = rte_eth_vdev_allocate(vdev, sizeof(struct fpmd_priv));
	if (dev == NULL)
		return -ENOMEM;
	dev->dev_ops = &fpmd_ops;
	dev->data->mac_addrs = rte_zmalloc("mac", sizeof(fpmd_mac), 0);
	*dev->data->mac_addrs = fpmd_mac;
	rte_eth_dev_probing_finish(dev);
	return 0;
}

static int fpmd_remove(struct rte_vdev_device *vdev)
{
	struct rte_eth_dev *dev = rte_eth_dev_allocated(rte_vdev_device_name(vdev));
	return dev == NULL ? 0 : rte_eth_dev_close(dev->data->port_id);
}

static struct rte_vdev_driver fpmd_drv = { .probe = fpmd_probe, .remove = fpmd_remove };
RTE_PMD_REGISTER_VDEV(net_flowpmd, fpmd_drv);

int main(int argc, char **argv)
{
	char *eal[] = { argv[0], "--no-huge", "-m", "64", "--no-pci", "-l", "0", "--no-shconf",
			"--file-prefix=api_flow_pmd", "--vdev=net_flowpmd0", "--log-level", "*:2", NULL };
	(void)argc;
	if (rte_eal_init(12, eal) < 0) {
		printf("EAL init failed\n");
		return 1;
	}
	uint16_t port = 0;
	CHECK_EQ(rte_eth_dev_count_avail(), 1);
	struct rte_eth_dev *dev = &rte_eth_devices[port];
	struct rte_eth_conf conf;
	memset(&conf, 0, sizeof(conf));
	CHECK_EQ(rte_eth_dev_configure(port, 2, 1, &conf), 0);

	struct rte_flow_attr attr = { .ingress = 1 };
	struct rte_flow_item_ipv4 ip = { .hdr.dst_addr = RTE_BE32(0xc0a80101) };
	struct rte_flow_item pattern[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4, .spec = &ip, .mask = &rte_flow_item_ipv4_mask },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action_queue q = { .index = 1 };
	struct rte_flow_action actions[] = { { .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
					     { .type = RTE_FLOW_ACTION_TYPE_END } };
	struct rte_flow_error e;

	CHECK_EQ(rte_flow_validate(port, &attr, pattern, actions, &e), 0);
	CHECK(priv_of(dev)->locked_seen, "validate ran under the port's flow mutex");
	dev->data->dev_flags |= RTE_ETH_DEV_FLOW_OPS_THREAD_SAFE;
	CHECK_EQ(rte_flow_validate(port, &attr, pattern, actions, &e), 0);
	CHECK(!priv_of(dev)->locked_seen, "no mutex for a thread-safe driver");
	dev->data->dev_flags &= ~RTE_ETH_DEV_FLOW_OPS_THREAD_SAFE;

	q.index = 7;
	memset(&e, 0, sizeof(e));
	CHECK_EQ(rte_flow_validate(port, &attr, pattern, actions, &e), -EINVAL);
	CHECK_EQ(rte_errno, EINVAL);
	CHECK_EQ(e.type, RTE_FLOW_ERROR_TYPE_ACTION_CONF);
	CHECK(e.cause == &q && e.message && strcmp(e.message, "no such queue") == 0, "driver's report");
	q.index = 1;
	struct rte_flow_attr egress = { .egress = 1 };
	CHECK(rte_flow_create(port, &egress, pattern, actions, &e) == NULL, "egress refused");
	CHECK_EQ(rte_errno, ENOTSUP);
	CHECK_EQ(e.type, RTE_FLOW_ERROR_TYPE_ATTR_INGRESS);

	struct rte_flow *f[MAX_RULES + 1];
	for (int i = 0; i < MAX_RULES; i++) {
		f[i] = rte_flow_create(port, &attr, pattern, actions, &e);
		CHECK(f[i] != NULL, "rule %d", i);
	}
	f[MAX_RULES] = rte_flow_create(port, &attr, pattern, actions, &e);
	CHECK(f[MAX_RULES] == NULL && rte_errno == ENOSPC, "table full");

	struct rte_flow_query_count count;
	memset(&count, 0, sizeof(count));
	struct rte_flow_action qa = { .type = RTE_FLOW_ACTION_TYPE_COUNT };
	CHECK_EQ(rte_flow_query(port, f[2], &qa, &count, &e), 0);
	CHECK(count.hits_set && count.hits == 102, "hits %llu", (unsigned long long)count.hits);
	CHECK_EQ(rte_flow_destroy(port, f[2], &e), 0);
	CHECK_EQ(rte_flow_destroy(port, f[2], &e), -ENOENT);
	CHECK_EQ(e.type, RTE_FLOW_ERROR_TYPE_HANDLE);
	CHECK(rte_flow_create(port, &attr, pattern, actions, &e) == f[2], "slot reused");
	CHECK_EQ(rte_flow_flush(port, &e), 0);
	CHECK(rte_flow_create(port, &attr, pattern, actions, &e) == f[0], "empty after flush");
	/* Operations the driver leaves out. */
	CHECK_EQ(rte_flow_isolate(port, 1, &e), -ENOSYS);
	CHECK_EQ(rte_flow_get_aged_flows(port, NULL, 0, &e), -ENOTSUP);
	uint16_t proxy = 99;
	CHECK_EQ(rte_flow_pick_transfer_proxy(port, &proxy, &e), 0);
	CHECK_EQ(proxy, port);

	struct rte_mtr_error me;
	CHECK_EQ(rte_mtr_meter_enable(port, 3, &me), 0);
	CHECK_EQ(priv_of(dev)->mtr_enabled[3], 1);
	memset(&me, 0, sizeof(me));
	CHECK_EQ(rte_mtr_meter_enable(port, 9, &me), -EINVAL);
	CHECK_EQ(me.type, RTE_MTR_ERROR_TYPE_MTR_ID);
	CHECK_EQ(rte_mtr_meter_disable(port, 3, &me), -ENOSYS);

	struct rte_tm_error te;
	CHECK_EQ(rte_tm_hierarchy_commit(port, 0, &te), 0);
	memset(&te, 0, sizeof(te));
	CHECK_EQ(rte_tm_hierarchy_commit(port, 1, &te), -EBUSY);
	CHECK_EQ(te.type, RTE_TM_ERROR_TYPE_CAPABILITIES);
	uint32_t leaves = 0;
	CHECK_EQ(rte_tm_get_number_of_leaf_nodes(port, &leaves, &te), 0);
	CHECK_EQ(leaves, 1);

	CHECK_EQ(rte_eth_dev_close(port), 0);
	rte_eal_cleanup();
	return check_done("flow_pmd");
}
