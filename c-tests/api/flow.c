/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_flow, rte_mtr and rte_tm through the installed headers.
 * - On a net_null port (no flow support) and on a missing port, each
 *   family reports the reference's errno and error type (ENOSYS/ENODEV,
 *   UNSPECIFIED), also with a NULL error pointer.
 * - A driver that has ops: the port's eth_dev_ops is replaced by a copy
 *   whose flow_ops_get / mtr_ops_get / tm_ops_get hand out test tables;
 *   calls reach the right slot with the caller's arguments; missing slots
 *   give ENOSYS; pick_transfer_proxy falls back to the port itself.
 * - rte_flow_conv sizes of a sample rule equal the reference's (numbers
 *   taken from running c-tests/diff/flow.c on it); rte_flow_error_set;
 *   the metadata dynamic field. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_mtr.h>
#include <rte_tm.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_mempool.h>
#include "../check.h"

/* 22.11 driver-side layout facts (ethdev_driver.h is not needed for this):
 * struct rte_eth_dev is 16512 bytes with dev_ops at offset 64; eth_dev_ops
 * has 113 pointer slots, flow_ops_get at 70, tm_ops_get at 82, mtr_ops_get
 * at 83; rte_flow_ops slots: validate 0, create 1, pick_transfer_proxy 18;
 * rte_mtr_ops: capabilities_get 0; rte_tm_ops: node_type_get 0. */
extern uint8_t rte_eth_devices[];
#define ETH_DEV_SIZE 16512
#define DEV_OPS_OFF 64
#define N_DEV_OPS 113

static void *fake_dev_ops[N_DEV_OPS];
static void *flow_ops[40], *mtr_ops[24], *tm_ops[32];
static int validate_calls, create_calls;
static const void *seen_attr;
static uint32_t seen_node;

static int fake_validate(void *dev, const struct rte_flow_attr *attr, const struct rte_flow_item *pattern,
			 const struct rte_flow_action *actions, struct rte_flow_error *error)
{
	(void)dev, (void)pattern, (void)actions;
	validate_calls++;
	seen_attr = attr;
	return rte_flow_error_set(error, EEXIST, RTE_FLOW_ERROR_TYPE_ATTR_GROUP, attr, "fake refuses");
}

static struct rte_flow *fake_create(void *dev, const struct rte_flow_attr *attr, const struct rte_flow_item *pattern,
				    const struct rte_flow_action *actions, struct rte_flow_error *error)
{
	(void)dev, (void)attr, (void)pattern, (void)actions, (void)error;
	create_calls++;
	return (struct rte_flow *)(uintptr_t)0x5000;
}

static int configure_calls;

static int fake_configure(void *dev, const struct rte_flow_port_attr *pa, uint16_t nb_queue,
			  const struct rte_flow_queue_attr *qa[], struct rte_flow_error *error)
{
	(void)dev, (void)pa, (void)qa, (void)error;
	configure_calls++;
	return nb_queue == 1 ? 0 : -E2BIG;
}

static int fake_info_get(void *dev, struct rte_flow_port_info *pi, struct rte_flow_queue_info *qi,
			 struct rte_flow_error *error)
{
	(void)dev, (void)qi, (void)error;
	pi->max_nb_queues = 4;
	return 0;
}

static int fake_flow_ops_get(void *dev, const void **ops)
{
	(void)dev;
	*ops = flow_ops;
	return 0;
}

static int fake_mtr_caps(void *dev, void *cap, struct rte_mtr_error *error)
{
	(void)dev, (void)error;
	memset(cap, 0x5a, 8);
	return 0;
}

static int fake_mtr_ops_get(void *dev, void *ops)
{
	(void)dev;
	*(const void **)ops = mtr_ops;
	return 0;
}

static int fake_tm_node_type(void *dev, uint32_t node_id, int *is_leaf, struct rte_tm_error *error)
{
	(void)dev, (void)error;
	seen_node = node_id;
	*is_leaf = 1;
	return 0;
}

static int fake_tm_ops_get(void *dev, void *ops)
{
	(void)dev;
	*(const void **)ops = tm_ops;
	return 0;
}

static void no_flow_support(uint16_t port, int expect)
{
	struct rte_flow_attr attr = { .ingress = 1 };
	struct rte_flow_item pattern[] = { { .type = RTE_FLOW_ITEM_TYPE_END } };
	struct rte_flow_action actions[] = { { .type = RTE_FLOW_ACTION_TYPE_END } };
	struct rte_flow_error fe = { .type = 99 };
	struct rte_mtr_error me = { .type = 99 };
	struct rte_tm_error te = { .type = 99 };
	uint16_t proxy = 7;
	uint32_t n = 5;

	CHECK_EQ(rte_flow_validate(port, &attr, pattern, actions, &fe), -expect);
	CHECK_EQ(rte_errno, expect);
	CHECK_EQ(fe.type, RTE_FLOW_ERROR_TYPE_UNSPECIFIED);
	CHECK(fe.message && strlen(fe.message) > 0, "message set");
	rte_errno = 0;
	CHECK(rte_flow_create(port, &attr, pattern, actions, NULL) == NULL, "create refused");
	CHECK_EQ(rte_errno, expect);
	CHECK_EQ(rte_flow_flush(port, NULL), -expect);
	CHECK_EQ(rte_flow_isolate(port, 1, &fe), -expect);
	CHECK_EQ(rte_flow_dev_dump(port, NULL, stdout, &fe), -expect);
	CHECK_EQ(rte_flow_get_restore_info(port, NULL, NULL, &fe), -expect);
	CHECK_EQ(rte_flow_pick_transfer_proxy(port, &proxy, &fe), -expect);
	CHECK_EQ(proxy, 7);
#ifndef TEST_AGAINST_REFERENCE
	/* 22.11 dereferences the missing ops table here (crashes on net_null);
	 * librte-rs reports the same error as the other calls. */
	CHECK_EQ(rte_flow_push(port, 0, &fe), -expect);
#endif
	CHECK_EQ(rte_mtr_capabilities_get(port, NULL, &me), -expect);
	CHECK_EQ(me.type, RTE_MTR_ERROR_TYPE_UNSPECIFIED);
	CHECK(rte_mtr_meter_profile_get(port, 1, &me) == NULL, "profile get refused");
	CHECK_EQ(rte_mtr_stats_update(port, 1, 0, NULL), -expect);
	CHECK_EQ(rte_tm_hierarchy_commit(port, 0, &te), -expect);
	CHECK_EQ(te.type, RTE_TM_ERROR_TYPE_UNSPECIFIED);
	CHECK_EQ(rte_tm_get_number_of_leaf_nodes(port, &n, &te), -expect);
	CHECK_EQ(n, 5);
	CHECK_EQ(rte_tm_mark_ip_dscp(port, 1, 1, 1, NULL), -expect);
}

static void with_ops(uint16_t port)
{
	uint8_t *dev = rte_eth_devices + (size_t)port * ETH_DEV_SIZE;
	struct rte_eth_conf conf;
	memset(&conf, 0, sizeof(conf));
	CHECK_EQ(rte_eth_dev_configure(port, 1, 2, &conf), 0);
	void **orig;
	memcpy(&orig, dev + DEV_OPS_OFF, sizeof(orig));
	memcpy(fake_dev_ops, orig, sizeof(fake_dev_ops));
	fake_dev_ops[70] = (void *)fake_flow_ops_get;
	fake_dev_ops[82] = (void *)fake_tm_ops_get;
	fake_dev_ops[83] = (void *)fake_mtr_ops_get;
	flow_ops[0] = (void *)fake_validate;
	flow_ops[1] = (void *)fake_create;
	flow_ops[21] = (void *)fake_info_get;
	flow_ops[22] = (void *)fake_configure;
	mtr_ops[0] = (void *)fake_mtr_caps;
	tm_ops[0] = (void *)fake_tm_node_type;
	void **fake = fake_dev_ops;
	memcpy(dev + DEV_OPS_OFF, &fake, sizeof(fake));

	struct rte_flow_attr attr = { .group = 1, .ingress = 1 };
	struct rte_flow_item pattern[] = { { .type = RTE_FLOW_ITEM_TYPE_END } };
	struct rte_flow_action actions[] = { { .type = RTE_FLOW_ACTION_TYPE_END } };
	struct rte_flow_error fe = { .type = 99 };
	CHECK_EQ(rte_flow_validate(port, &attr, pattern, actions, &fe), -EEXIST);
	CHECK_EQ(validate_calls, 1);
	CHECK(seen_attr == &attr, "driver got the caller's attr");
	CHECK_EQ(fe.type, RTE_FLOW_ERROR_TYPE_ATTR_GROUP);
	CHECK(fe.message && strcmp(fe.message, "fake refuses") == 0, "driver's message kept");
	CHECK(rte_flow_create(port, &attr, pattern, actions, &fe) == (struct rte_flow *)(uintptr_t)0x5000,
	      "driver's handle returned");
	CHECK_EQ(create_calls, 1);
	/* A slot the driver leaves empty. */
	fe.type = 99;
	CHECK_EQ(rte_flow_flush(port, &fe), -ENOSYS);
	CHECK_EQ(rte_errno, ENOSYS);
	CHECK_EQ(fe.type, RTE_FLOW_ERROR_TYPE_UNSPECIFIED);
	CHECK_EQ(rte_flow_get_aged_flows(port, NULL, 0, &fe), -ENOTSUP);
	uint16_t proxy = 99;
	CHECK_EQ(rte_flow_pick_transfer_proxy(port, &proxy, &fe), 0);
	CHECK_EQ(proxy, port);

	/* Template API: state and argument checks before the driver. */
	static char tattr[64];
	struct rte_flow_port_attr pa;
	struct rte_flow_queue_attr qa0 = { .size = 8 };
	const struct rte_flow_queue_attr *qa[] = { &qa0 };
	struct rte_flow_port_info pinfo;
	struct rte_flow_queue_info qinfo;
	memset(&pa, 0, sizeof(pa));
	memset(&pinfo, 0, sizeof(pinfo));
	fe.type = 99;
	CHECK(rte_flow_pattern_template_create(port, (const void *)tattr, pattern, &fe) == NULL, "not configured");
	CHECK_EQ(rte_errno, EINVAL);
	CHECK_EQ(fe.type, RTE_FLOW_ERROR_TYPE_STATE);
	CHECK_EQ(rte_flow_info_get(port, NULL, &qinfo, &fe), -EINVAL);
	CHECK_EQ(rte_flow_info_get(port, &pinfo, &qinfo, &fe), 0);
	CHECK_EQ(pinfo.max_nb_queues, 4);
	CHECK_EQ(rte_flow_configure(port, NULL, 1, qa, &fe), -EINVAL);
	CHECK_EQ(rte_flow_configure(port, &pa, 1, NULL, &fe), -EINVAL);
	CHECK_EQ(configure_calls, 0);
	CHECK_EQ(rte_flow_configure(port, &pa, 1, qa, &fe), 0);
	CHECK_EQ(configure_calls, 1);
	fe.type = 99;
	CHECK(rte_flow_pattern_template_create(port, NULL, pattern, &fe) == NULL, "NULL attr");
	CHECK_EQ(rte_errno, EINVAL);
	CHECK_EQ(fe.type, RTE_FLOW_ERROR_TYPE_ATTR);
	fe.type = 99;
	CHECK(rte_flow_pattern_template_create(port, (const void *)tattr, pattern, &fe) == NULL, "no driver op");
	CHECK_EQ(rte_errno, ENOTSUP);
	CHECK_EQ(fe.type, RTE_FLOW_ERROR_TYPE_UNSPECIFIED);
	CHECK(rte_flow_template_table_create(port, (const void *)tattr, NULL, 0, NULL, 0, &fe) == NULL, "NULL templates");
	CHECK_EQ(fe.type, RTE_FLOW_ERROR_TYPE_ATTR);
	CHECK_EQ(rte_flow_pattern_template_destroy(port, NULL, &fe), 0);
	CHECK_EQ(rte_flow_template_table_destroy(port, NULL, &fe), 0);
	CHECK_EQ(rte_flow_actions_template_destroy(port, (struct rte_flow_actions_template *)tattr, &fe), -ENOTSUP);

	uint8_t cap[64] = { 0 };
	struct rte_mtr_error me;
	CHECK_EQ(rte_mtr_capabilities_get(port, (struct rte_mtr_capabilities *)cap, &me), 0);
	CHECK_EQ(cap[7], 0x5a);
	me.type = 99;
	CHECK_EQ(rte_mtr_destroy(port, 3, &me), -ENOSYS);
	CHECK_EQ(me.type, RTE_MTR_ERROR_TYPE_UNSPECIFIED);

	struct rte_tm_error te;
	int leaf = 0;
	uint32_t n = 77;
	CHECK_EQ(rte_tm_node_type_get(port, 42, &leaf, &te), 0);
	CHECK_EQ(leaf, 1);
	CHECK_EQ(seen_node, 42);
	CHECK_EQ(rte_tm_get_number_of_leaf_nodes(port, &n, &te), 0);
	CHECK_EQ(n, 2); /* the configured Tx queues */
	CHECK_EQ(rte_tm_get_number_of_leaf_nodes(port, NULL, &te), -EINVAL);
	te.type = 99;
	CHECK_EQ(rte_tm_node_delete(port, 1, &te), -ENOSYS);
	CHECK_EQ(te.type, RTE_TM_ERROR_TYPE_UNSPECIFIED);

	memcpy(dev + DEV_OPS_OFF, &orig, sizeof(orig));
}

static void conv(void)
{
	struct rte_flow_item_eth eth = { .hdr.ether_type = RTE_BE16(0x0800) };
	struct rte_flow_item_ipv4 ip = { .hdr.dst_addr = RTE_BE32(0x0a000001) };
	struct rte_flow_item pattern[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH, .spec = &eth, .mask = &rte_flow_item_eth_mask },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4, .spec = &ip },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action_queue q = { .index = 3 };
	struct rte_flow_action actions[] = { { .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
					     { .type = RTE_FLOW_ACTION_TYPE_END } };
	static uint8_t buf[1024] __attribute__((aligned(8)));
	struct rte_flow_error e;

	/* 3 items (96) + eth spec (20) at 96, eth mask at 120 (20), ipv4 spec at 144 (20) = 164. */
	CHECK_EQ(rte_flow_conv(RTE_FLOW_CONV_OP_PATTERN, NULL, 0, pattern, &e), 164);
	CHECK_EQ(rte_flow_conv(RTE_FLOW_CONV_OP_PATTERN, buf, sizeof(buf), pattern, &e), 164);
	struct rte_flow_item *it = (void *)buf;
	CHECK(it[0].spec == buf + 96 && it[0].mask == buf + 120 && it[1].spec == buf + 144, "pointers into the copy");
	CHECK_EQ(((const struct rte_flow_item_ipv4 *)it[1].spec)->hdr.dst_addr, RTE_BE32(0x0a000001));
	CHECK_EQ(it[2].type, RTE_FLOW_ITEM_TYPE_END);
	/* 2 actions (32) + queue conf (2). */
	CHECK_EQ(rte_flow_conv(RTE_FLOW_CONV_OP_ACTIONS, buf, sizeof(buf), actions, &e), 34);
	CHECK_EQ(((const struct rte_flow_action_queue *)((struct rte_flow_action *)buf)[0].conf)->index, 3);
	const char *name = NULL;
	CHECK_EQ(rte_flow_conv(RTE_FLOW_CONV_OP_ITEM_NAME_PTR, &name, sizeof(name),
			       (void *)(uintptr_t)RTE_FLOW_ITEM_TYPE_VXLAN_GPE, &e), 8);
	CHECK(name && strcmp(name, "VXLAN_GPE") == 0, "name %s", name ? name : "(null)");
	CHECK_EQ(rte_flow_conv(RTE_FLOW_CONV_OP_ACTION_NAME, buf, 4, (void *)(uintptr_t)RTE_FLOW_ACTION_TYPE_QUEUE,
			       &e), 5);
	CHECK(strcmp((char *)buf, "QUE") == 0, "truncated name");
	CHECK_EQ(rte_flow_conv(RTE_FLOW_CONV_OP_ITEM_NAME, buf, 16, (void *)(uintptr_t)1000, &e), -EINVAL);
	struct rte_flow_action bad[] = { { .type = 1000 }, { .type = RTE_FLOW_ACTION_TYPE_END } };
	CHECK_EQ(rte_flow_conv(RTE_FLOW_CONV_OP_ACTIONS, buf, sizeof(buf), bad, &e), -ENOTSUP);
	CHECK_EQ(e.type, RTE_FLOW_ERROR_TYPE_ACTION);
	CHECK(e.cause == bad, "cause is the bad action");

	struct rte_flow_error se;
	CHECK_EQ(rte_flow_error_set(&se, EPERM, RTE_FLOW_ERROR_TYPE_ITEM, pattern, "x"), -EPERM);
	CHECK_EQ(rte_errno, EPERM);
	CHECK(se.type == RTE_FLOW_ERROR_TYPE_ITEM && se.cause == pattern && strcmp(se.message, "x") == 0, "filled");
	CHECK_EQ(rte_flow_error_set(NULL, EBUSY, RTE_FLOW_ERROR_TYPE_NONE, NULL, NULL), -EBUSY);
}

static void metadata(void)
{
	CHECK_EQ(rte_flow_dynf_metadata_offs, -1);
	CHECK_EQ(rte_flow_dynf_metadata_mask, 0);
	CHECK(!rte_flow_dynf_metadata_avail(), "not yet available");
	CHECK_EQ(rte_flow_dynf_metadata_register(), 0);
	int off = rte_mbuf_dynfield_lookup(RTE_MBUF_DYNFIELD_METADATA_NAME, NULL);
	int bit = rte_mbuf_dynflag_lookup(RTE_MBUF_DYNFLAG_METADATA_NAME, NULL);
	CHECK(off > 0 && off == rte_flow_dynf_metadata_offs, "offs %d vs %d", rte_flow_dynf_metadata_offs, off);
	CHECK(bit >= 0 && rte_flow_dynf_metadata_mask == (UINT64_C(1) << bit), "mask");
	CHECK(rte_flow_dynf_metadata_avail(), "available");
	CHECK_EQ(rte_flow_dynf_metadata_register(), 0); /* idempotent */

	/* The header's inline accessors read the exported offset. */
	struct rte_mempool *mp = rte_pktmbuf_pool_create("flow_meta", 63, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	CHECK(mp != NULL, "pool: %s", rte_strerror(rte_errno));
	if (mp == NULL)
		return;
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	CHECK(m != NULL, "mbuf");
	if (m != NULL) {
		rte_flow_dynf_metadata_set(m, 0xabcdef);
		m->ol_flags |= RTE_MBUF_DYNFLAG_RX_METADATA;
		CHECK_EQ(rte_flow_dynf_metadata_get(m), 0xabcdef);
		CHECK_EQ(*(uint32_t *)((char *)m + off), 0xabcdef);
		CHECK((m->ol_flags & (UINT64_C(1) << bit)) != 0, "flag bit set");
		rte_pktmbuf_free(m);
	}
	rte_mempool_free(mp);
}

#ifndef FLOW_FILE_PREFIX
#define FLOW_FILE_PREFIX "api_flow"
#endif

int main(int argc, char **argv)
{
	(void)argc;
	char *eal[] = { argv[0], "--no-huge", "-m", "64", "--no-pci", "--no-shconf", "--file-prefix", FLOW_FILE_PREFIX,
			"--vdev", "net_null0", "--log-level", "*:2" };
	if (rte_eal_init(sizeof(eal) / sizeof(eal[0]), eal) < 0) {
		printf("eal init failed\n");
		return 1;
	}
	CHECK_EQ(rte_eth_dev_count_avail(), 1);
	no_flow_support(0, ENOSYS);
	no_flow_support(5, ENODEV);
	no_flow_support(RTE_MAX_ETHPORTS, ENODEV);
	with_ops(0);
	conv();
	metadata();
	rte_eal_cleanup();
	return check_done("flow");
}
