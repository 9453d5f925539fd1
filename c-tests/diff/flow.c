/* The generic flow, meter and traffic-manager APIs on the reference and on
 * librte-rs, on a net_null port (no flow support) and on a port that does
 * not exist: return value, rte_errno, error type and message of every
 * entry point; rte_flow_conv sizes and deep copies (pointers printed as
 * offsets into the output buffer) for every item and action type and a
 * sample rule; rte_flow_copy; the metadata dynamic field. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_mtr.h>
#include <rte_tm.h>
#include <rte_mbuf_dyn.h>

static void report(const char *what, uint16_t port, long ret, int type, const char *msg)
{
	printf("%-40s port=%u ret=%ld errno=%d type=%d msg=%s\n", what, port, ret, ret < 0 ? rte_errno : 0, type,
	       msg ? msg : "(null)");
}

#define FLOW(call) do { \
	struct rte_flow_error e = { .type = 99 }; \
	rte_errno = 0; \
	long r_ = (long)(call); \
	report(#call, port, r_, e.type, e.message); \
} while (0)
#define FLOWP(call) do { \
	struct rte_flow_error e = { .type = 99 }; \
	rte_errno = 0; \
	void *p_ = (void *)(call); \
	report(#call, port, p_ ? 1 : -1, e.type, e.message); \
} while (0)
#define MTR(call) do { \
	struct rte_mtr_error e = { .type = 99 }; \
	rte_errno = 0; \
	long r_ = (long)(call); \
	report(#call, port, r_, e.type, e.message); \
} while (0)
#define MTRP(call) do { \
	struct rte_mtr_error e = { .type = 99 }; \
	rte_errno = 0; \
	void *p_ = (void *)(call); \
	report(#call, port, p_ ? 1 : -1, e.type, e.message); \
} while (0)
#define TM(call) do { \
	struct rte_tm_error e = { .type = 99 }; \
	rte_errno = 0; \
	long r_ = (long)(call); \
	report(#call, port, r_, e.type, e.message); \
} while (0)

static void families(uint16_t port)
{
	struct rte_flow_attr attr = { .ingress = 1 };
	struct rte_flow_attr bad_attr = { .ingress = 1, .transfer = 1 };
	struct rte_flow_item pattern[] = { { .type = RTE_FLOW_ITEM_TYPE_ETH }, { .type = RTE_FLOW_ITEM_TYPE_END } };
	struct rte_flow_action_queue q = { .index = 0 };
	struct rte_flow_action actions[] = { { .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q },
					     { .type = RTE_FLOW_ACTION_TYPE_END } };
	uint16_t proxy = 777;
	uint32_t n = 0;
	void *ctx[4];
	int leaf = 0;
	uint64_t mask = 0;
	struct rte_mtr_stats ms;
	struct rte_tm_node_stats ts;

	FLOW(rte_flow_validate(port, &attr, pattern, actions, &e));
	FLOW(rte_flow_validate(port, &bad_attr, pattern, actions, &e));
	FLOWP(rte_flow_create(port, &attr, pattern, actions, &e));
	FLOW(rte_flow_destroy(port, NULL, &e));
	FLOW(rte_flow_flush(port, &e));
	FLOW(rte_flow_query(port, NULL, actions, NULL, &e));
	FLOW(rte_flow_isolate(port, 1, &e));
	FLOW(rte_flow_dev_dump(port, NULL, stdout, &e));
	FLOW(rte_flow_get_aged_flows(port, ctx, 4, &e));
	FLOW(rte_flow_get_q_aged_flows(port, 0, ctx, 4, &e));
	FLOWP(rte_flow_action_handle_create(port, NULL, actions, &e));
	FLOW(rte_flow_action_handle_destroy(port, NULL, &e));
	FLOW(rte_flow_action_handle_update(port, NULL, NULL, &e));
	FLOW(rte_flow_action_handle_query(port, NULL, NULL, &e));
	FLOW(rte_flow_tunnel_decap_set(port, NULL, NULL, &n, &e));
	FLOW(rte_flow_tunnel_match(port, NULL, NULL, &n, &e));
	FLOW(rte_flow_get_restore_info(port, NULL, NULL, &e));
	FLOW(rte_flow_tunnel_action_decap_release(port, NULL, 0, &e));
	FLOW(rte_flow_tunnel_item_release(port, NULL, 0, &e));
	FLOW(rte_flow_pick_transfer_proxy(port, &proxy, &e));
	printf("proxy=%u\n", proxy);
	FLOWP(rte_flow_flex_item_create(port, NULL, &e));
	FLOW(rte_flow_flex_item_release(port, NULL, &e));
	FLOW(rte_flow_info_get(port, NULL, NULL, &e));
	FLOW(rte_flow_configure(port, NULL, 0, NULL, &e));
	FLOWP(rte_flow_pattern_template_create(port, NULL, pattern, &e));
	FLOW(rte_flow_pattern_template_destroy(port, NULL, &e));
	FLOWP(rte_flow_actions_template_create(port, NULL, actions, actions, &e));
	FLOW(rte_flow_actions_template_destroy(port, NULL, &e));
	FLOWP(rte_flow_template_table_create(port, NULL, NULL, 0, NULL, 0, &e));
	FLOW(rte_flow_template_table_destroy(port, NULL, &e));

	MTR(rte_mtr_capabilities_get(port, NULL, &e));
	MTR(rte_mtr_meter_profile_add(port, 1, NULL, &e));
	MTR(rte_mtr_meter_profile_delete(port, 1, &e));
	MTRP(rte_mtr_meter_profile_get(port, 1, &e));
	MTR(rte_mtr_meter_policy_validate(port, NULL, &e));
	MTR(rte_mtr_meter_policy_add(port, 1, NULL, &e));
	MTRP(rte_mtr_meter_policy_get(port, 1, &e));
	MTR(rte_mtr_meter_policy_delete(port, 1, &e));
	MTR(rte_mtr_create(port, 1, NULL, 0, &e));
	MTR(rte_mtr_destroy(port, 1, &e));
	MTR(rte_mtr_meter_disable(port, 1, &e));
	MTR(rte_mtr_meter_enable(port, 1, &e));
	MTR(rte_mtr_meter_profile_update(port, 1, 1, &e));
	MTR(rte_mtr_meter_policy_update(port, 1, 1, &e));
	MTR(rte_mtr_meter_dscp_table_update(port, 1, RTE_MTR_COLOR_IN_PROTO_OUTER_IP, NULL, &e));
	MTR(rte_mtr_meter_vlan_table_update(port, 1, RTE_MTR_COLOR_IN_PROTO_OUTER_VLAN, NULL, &e));
	MTR(rte_mtr_color_in_protocol_set(port, 1, RTE_MTR_COLOR_IN_PROTO_OUTER_IP, 0, &e));
	MTR(rte_mtr_color_in_protocol_get(port, 1, &mask, &e));
	MTR(rte_mtr_color_in_protocol_priority_get(port, 1, RTE_MTR_COLOR_IN_PROTO_OUTER_IP, &n, &e));
	MTR(rte_mtr_stats_update(port, 1, 0, &e));
	MTR(rte_mtr_stats_read(port, 1, &ms, &mask, 0, &e));

	TM(rte_tm_get_number_of_leaf_nodes(port, &n, &e));
	TM(rte_tm_node_type_get(port, 1, &leaf, &e));
	TM(rte_tm_capabilities_get(port, NULL, &e));
	TM(rte_tm_level_capabilities_get(port, 0, NULL, &e));
	TM(rte_tm_node_capabilities_get(port, 0, NULL, &e));
	TM(rte_tm_wred_profile_add(port, 1, NULL, &e));
	TM(rte_tm_wred_profile_delete(port, 1, &e));
	TM(rte_tm_shared_wred_context_add_update(port, 1, 1, &e));
	TM(rte_tm_shared_wred_context_delete(port, 1, &e));
	TM(rte_tm_shaper_profile_add(port, 1, NULL, &e));
	TM(rte_tm_shaper_profile_delete(port, 1, &e));
	TM(rte_tm_shared_shaper_add_update(port, 1, 1, &e));
	TM(rte_tm_shared_shaper_delete(port, 1, &e));
	TM(rte_tm_node_add(port, 1, RTE_TM_NODE_ID_NULL, 0, 1, 0, NULL, &e));
	TM(rte_tm_node_delete(port, 1, &e));
	TM(rte_tm_node_suspend(port, 1, &e));
	TM(rte_tm_node_resume(port, 1, &e));
	TM(rte_tm_hierarchy_commit(port, 1, &e));
	TM(rte_tm_node_parent_update(port, 1, 2, 0, 1, &e));
	TM(rte_tm_node_shaper_update(port, 1, 1, &e));
	TM(rte_tm_node_shared_shaper_update(port, 1, 1, 1, &e));
	TM(rte_tm_node_stats_update(port, 1, 0, &e));
	TM(rte_tm_node_wfq_weight_mode_update(port, 1, &leaf, 1, &e));
	TM(rte_tm_node_cman_update(port, 1, RTE_TM_CMAN_TAIL_DROP, &e));
	TM(rte_tm_node_wred_context_update(port, 1, 1, &e));
	TM(rte_tm_node_shared_wred_context_update(port, 1, 1, 1, &e));
	TM(rte_tm_node_stats_read(port, 1, &ts, &mask, 0, &e));
	TM(rte_tm_mark_vlan_dei(port, 1, 1, 1, &e));
	TM(rte_tm_mark_ip_ecn(port, 1, 1, 1, &e));
	TM(rte_tm_mark_ip_dscp(port, 1, 1, 1, &e));
}

/* A driver with empty flow/mtr/tm ops tables: port 0's eth_dev_ops is
 * replaced by a copy whose flow_ops_get / tm_ops_get / mtr_ops_get hand out
 * all-NULL tables, so every call shows the errno for a missing operation.
 * (22.11 layout facts: rte_eth_dev is 16512 bytes with dev_ops at 64;
 * eth_dev_ops has 113 slots, flow_ops_get 70, tm_ops_get 82, mtr_ops_get 83.) */
extern uint8_t rte_eth_devices[];
static void *fake_dev_ops[113], *empty_ops[64];

static int fake_ops_get(void *dev, const void **ops)
{
	(void)dev;
	*ops = empty_ops;
	return 0;
}

static void **install_fake_ops(uint16_t port)
{
	uint8_t *dev = rte_eth_devices + (size_t)port * 16512;
	void **orig, **fake = fake_dev_ops;
	memcpy(&orig, dev + 64, sizeof(orig));
	memcpy(fake_dev_ops, orig, sizeof(fake_dev_ops));
	fake_dev_ops[70] = fake_dev_ops[82] = fake_dev_ops[83] = (void *)fake_ops_get;
	memcpy(dev + 64, &fake, sizeof(fake));
	return orig;
}

static void restore_ops(uint16_t port, void **orig)
{
	memcpy(rte_eth_devices + (size_t)port * 16512 + 64, &orig, sizeof(orig));
}

static uint8_t out[16384] __attribute__((aligned(64)));

/* Prints a pointer found in the output as an offset into it. */
static long rel(const void *p)
{
	if (p == NULL)
		return -1;
	if ((const uint8_t *)p >= out && (const uint8_t *)p < out + sizeof(out))
		return (const uint8_t *)p - out;
	return -2; /* points outside the copy */
}

static void conv_tables(void)
{
	static uint8_t zero[4096];
	for (int t = 0; t < 70; t++) {
		const char *name = NULL;
		char buf[64] = "";
		struct rte_flow_error e = { .type = 99 };
		struct rte_flow_item it = { .type = t, .spec = zero, .mask = zero };
		int n = rte_flow_conv(RTE_FLOW_CONV_OP_ITEM_NAME_PTR, &name, sizeof(name), (void *)(uintptr_t)t, &e);
		/* (22.11 crashes on the name of a hole in its table: skipped.) */
		int s = n > 0 && name ? rte_flow_conv(RTE_FLOW_CONV_OP_ITEM_NAME, buf, sizeof(buf),
						      (void *)(uintptr_t)t, &e) : 0;
		int c = rte_flow_conv(RTE_FLOW_CONV_OP_ITEM, NULL, 0, &it, &e);
		printf("item %d name_ptr=%d name=%s strlen=%d conv=%d errno=%d type=%d\n", t, n,
		       n > 0 && name ? name : "-", s, c, c < 0 ? rte_errno : 0, c < 0 ? e.type : 0);
	}
	for (int t = 0; t < 70; t++) {
		const char *name = NULL;
		char buf[64] = "";
		struct rte_flow_error e = { .type = 99 };
		struct rte_flow_action a = { .type = t, .conf = zero };
		int n = rte_flow_conv(RTE_FLOW_CONV_OP_ACTION_NAME_PTR, &name, sizeof(name), (void *)(uintptr_t)t, &e);
		/* (22.11 crashes on the name of a hole in its table: skipped.) */
		int s = n > 0 && name ? rte_flow_conv(RTE_FLOW_CONV_OP_ACTION_NAME, buf, sizeof(buf),
						      (void *)(uintptr_t)t, &e) : 0;
		int c = rte_flow_conv(RTE_FLOW_CONV_OP_ACTION, NULL, 0, &a, &e);
		printf("action %d name_ptr=%d name=%s strlen=%d conv=%d errno=%d type=%d\n", t, n,
		       n > 0 && name ? name : "-", s, c, c < 0 ? rte_errno : 0, c < 0 ? e.type : 0);
	}
	/* Private (negative) types are copied as one pointer. */
	struct rte_flow_error e;
	struct rte_flow_item priv = { .type = -5, .spec = zero };
	printf("private item conv=%d\n", rte_flow_conv(RTE_FLOW_CONV_OP_ITEM, NULL, 0, &priv, &e));
	printf("bad op conv=%d errno=%d\n", rte_flow_conv(99, NULL, 0, &priv, &e), rte_errno);
	printf("op none=%d\n", rte_flow_conv(RTE_FLOW_CONV_OP_NONE, NULL, 0, NULL, &e));
	char small[4];
	int r = rte_flow_conv(RTE_FLOW_CONV_OP_ITEM_NAME, small, sizeof(small),
			      (void *)(uintptr_t)RTE_FLOW_ITEM_TYPE_IPV6, &e);
	printf("truncated name r=%d '%s'\n", r, small);
}

static void conv_rule_sample(void)
{
	struct rte_flow_attr attr = { .group = 3, .priority = 7, .ingress = 1 };
	struct rte_flow_item_eth eth_spec = { .hdr.ether_type = RTE_BE16(0x0800) };
	struct rte_flow_item_eth eth_mask = { .hdr.ether_type = RTE_BE16(0xffff) };
	struct rte_flow_item_ipv4 ip_spec = { .hdr.dst_addr = RTE_BE32(0x0a000001) };
	struct rte_flow_item_ipv4 ip_last = { .hdr.dst_addr = RTE_BE32(0x0a0000ff) };
	struct rte_flow_item_udp udp_spec = { .hdr.dst_port = RTE_BE16(4789) };
	static const uint8_t rawpat[] = "abcdefghijk";
	struct rte_flow_item_raw raw_spec = { .relative = 1, .offset = 2, .length = 11, .pattern = rawpat };
	struct rte_flow_item pattern[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH, .spec = &eth_spec, .mask = &eth_mask },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4, .spec = &ip_spec, .last = &ip_last },
		{ .type = RTE_FLOW_ITEM_TYPE_UDP, .spec = &udp_spec },
		{ .type = RTE_FLOW_ITEM_TYPE_RAW, .spec = &raw_spec },
		{ .type = RTE_FLOW_ITEM_TYPE_VOID },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	static const uint8_t key[40] = { 1, 2, 3, 4, 5 };
	static const uint16_t queues[] = { 0, 1, 2 };
	struct rte_flow_action_rss rss = { .types = 0x3c, .key_len = 40, .queue_num = 3, .key = key, .queue = queues };
	struct rte_flow_action_mark mark = { .id = 0xbeef };
	struct rte_flow_item encap_def[] = { { .type = RTE_FLOW_ITEM_TYPE_ETH, .spec = &eth_spec },
					     { .type = RTE_FLOW_ITEM_TYPE_END } };
	struct rte_flow_action_vxlan_encap encap = { .definition = encap_def };
	struct rte_flow_action actions[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MARK, .conf = &mark },
		{ .type = RTE_FLOW_ACTION_TYPE_RSS, .conf = &rss },
		{ .type = RTE_FLOW_ACTION_TYPE_VXLAN_ENCAP, .conf = &encap },
		{ .type = RTE_FLOW_ACTION_TYPE_INDIRECT, .conf = (void *)0x1234 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error e;

	int need = rte_flow_conv(RTE_FLOW_CONV_OP_PATTERN, NULL, 0, pattern, &e);
	memset(out, 0xa5, sizeof(out));
	int got = rte_flow_conv(RTE_FLOW_CONV_OP_PATTERN, out, sizeof(out), pattern, &e);
	printf("pattern need=%d got=%d", need, got);
	struct rte_flow_item *pi = (void *)out;
	for (int i = 0; i < 6; i++)
		printf(" [%d spec=%ld last=%ld mask=%ld]", pi[i].type, rel(pi[i].spec), rel(pi[i].last), rel(pi[i].mask));
	const struct rte_flow_item_raw *rc = pi[3].spec;
	printf(" raw.len=%u raw.pat=%ld '%.*s'", rc->length, rel(rc->pattern), rc->length, (const char *)rc->pattern);
	printf(" eth.type=%04x eth.mask=%04x ip.dst=%08x ip.last=%08x udp.dst=%u",
	       rte_be_to_cpu_16(((const struct rte_flow_item_eth *)pi[0].spec)->hdr.ether_type),
	       rte_be_to_cpu_16(((const struct rte_flow_item_eth *)pi[0].mask)->hdr.ether_type),
	       rte_be_to_cpu_32(((const struct rte_flow_item_ipv4 *)pi[1].spec)->hdr.dst_addr),
	       rte_be_to_cpu_32(((const struct rte_flow_item_ipv4 *)pi[1].last)->hdr.dst_addr),
	       rte_be_to_cpu_16(((const struct rte_flow_item_udp *)pi[2].spec)->hdr.dst_port));
	printf("\n");
	/* Truncated: needs the same, writes no further than asked. */
	memset(out, 0xa5, sizeof(out));
	int part = rte_flow_conv(RTE_FLOW_CONV_OP_PATTERN, out, 100, pattern, &e);
	printf("pattern truncated need=%d untouched_after=%d\n", part, out[100] == 0xa5 && out[101] == 0xa5);

	need = rte_flow_conv(RTE_FLOW_CONV_OP_ACTIONS, NULL, 0, actions, &e);
	memset(out, 0xa5, sizeof(out));
	got = rte_flow_conv(RTE_FLOW_CONV_OP_ACTIONS, out, sizeof(out), actions, &e);
	struct rte_flow_action *ai = (void *)out;
	printf("actions need=%d got=%d", need, got);
	for (int i = 0; i < 5; i++)
		printf(" [%d conf=%ld]", ai[i].type, i == 3 ? (long)(uintptr_t)ai[i].conf : rel(ai[i].conf));
	const struct rte_flow_action_rss *rs = ai[1].conf;
	const struct rte_flow_action_vxlan_encap *en = ai[2].conf;
	printf(" mark=%x rss.key=%ld key4=%u rss.queue=%ld q2=%u encap.def=%ld def0.spec=%ld", ((const struct rte_flow_action_mark *)ai[0].conf)->id, rel(rs->key), rs->key[4], rel(rs->queue), rs->queue[2],
	       rel(en->definition), rel(en->definition[0].spec));
	printf("\n");

	struct rte_flow_conv_rule src = { .attr_ro = &attr, .pattern_ro = pattern, .actions_ro = actions };
	need = rte_flow_conv(RTE_FLOW_CONV_OP_RULE, NULL, 0, &src, &e);
	memset(out, 0xa5, sizeof(out));
	got = rte_flow_conv(RTE_FLOW_CONV_OP_RULE, out, sizeof(out), &src, &e);
	struct rte_flow_conv_rule *cr = (void *)out;
	printf("rule need=%d got=%d attr=%ld pattern=%ld actions=%ld group=%u prio=%u\n", need, got, rel(cr->attr),
	       rel(cr->pattern), rel(cr->actions), cr->attr->group, cr->attr->priority);
	memset(out, 0, sizeof(out));
	got = rte_flow_conv(RTE_FLOW_CONV_OP_ATTR, out, sizeof(out), &attr, &e);
	printf("attr got=%d group=%u\n", got, ((struct rte_flow_attr *)out)->group);

	struct rte_flow_item unknown[] = { { .type = 200 }, { .type = RTE_FLOW_ITEM_TYPE_END } };
	memset(&e, 0, sizeof(e));
	got = rte_flow_conv(RTE_FLOW_CONV_OP_PATTERN, out, sizeof(out), unknown, &e);
	printf("unknown item got=%d errno=%d type=%d cause_ok=%d\n", got, rte_errno, e.type, e.cause == unknown);

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
	size_t len = rte_flow_copy(NULL, 0, &attr, pattern, actions);
	memset(out, 0xa5, sizeof(out));
	size_t len2 = rte_flow_copy((struct rte_flow_desc *)out, sizeof(out), &attr, pattern, actions);
#pragma GCC diagnostic pop
	struct rte_flow_desc *d = (void *)out;
	printf("copy len=%zu len2=%zu size=%zu group=%u items=%ld actions=%ld item1.spec=%ld\n", len, len2, d->size,
	       d->attr.group, rel(d->items), rel(d->actions), rel(d->items[1].spec));
}

static void metadata(void)
{
	printf("before: offs=%d mask=%llx\n", rte_flow_dynf_metadata_offs,
	       (unsigned long long)rte_flow_dynf_metadata_mask);
	int r = rte_flow_dynf_metadata_register();
	int off = rte_mbuf_dynfield_lookup(RTE_MBUF_DYNFIELD_METADATA_NAME, NULL);
	int bit = rte_mbuf_dynflag_lookup(RTE_MBUF_DYNFLAG_METADATA_NAME, NULL);
	printf("register=%d offs_matches=%d mask_matches=%d avail=%d\n", r, off == rte_flow_dynf_metadata_offs,
	       bit >= 0 && rte_flow_dynf_metadata_mask == (UINT64_C(1) << bit), rte_flow_dynf_metadata_mask != 0);
	printf("again=%d\n", rte_flow_dynf_metadata_register());
}

int main(int argc, char **argv)
{
	(void)argc;
	char *eal[] = { argv[0], "--no-huge", "-m", "64", "--no-pci", "--no-shconf", "--file-prefix", "flowdiff",
			"--vdev", "net_null0", "--log-level", "*:0" };
	if (rte_eal_init(sizeof(eal) / sizeof(eal[0]), eal) < 0) {
		printf("eal init failed\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ports=%u\n", rte_eth_dev_count_avail());
	families(0);
	families(31);
	struct rte_eth_conf conf;
	memset(&conf, 0, sizeof(conf));
	printf("configure=%d\n", rte_eth_dev_configure(0, 1, 1, &conf));
	printf("-- driver with empty ops tables --\n");
	void **orig = install_fake_ops(0);
	families(0);
	restore_ops(0, orig);
	conv_tables();
	conv_rule_sample();
	metadata();
	rte_eal_cleanup();
	return 0;
}
