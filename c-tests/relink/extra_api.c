/* SPDX-License-Identifier: BSD-3-Clause */
/* Relink test for the rest of what dpdk-testpmd imports, compiled with the
 * REFERENCE headers: multi-process IPC in a primary without secondaries,
 * the service registry, thread-local keys, reciprocal division (the
 * reference's inline rte_reciprocal_divide* on our multipliers), the SIMD
 * width, hypervisor names, rte_drand, eal_parse_sysfs_value, trace point
 * registration, telemetry containers and commands, PCI address helpers,
 * and the ethdev calls net_null has no operation for (-ENOTSUP), the port
 * iterator and rte_eth_devargs_parse. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <rte_eal.h>
#include <rte_errno.h>
#ifndef OUR_HEADERS /* built by c-tests/api/eal_extra.c without these */
#include <rte_ethdev.h>
#include <rte_trace_point.h>
#endif
#include <rte_hypervisor.h>
#include <rte_lcore.h>
#include <rte_pci.h>
#include <rte_random.h>
#include <rte_reciprocal.h>
#include <rte_service.h>
#include <rte_service_component.h>
#include <rte_telemetry.h>
#include <rte_thread.h>
#include <rte_vect.h>

#include "../check.h"

#ifndef EXTRA_PREFIX
#define EXTRA_PREFIX "relink_extra"
#endif
#ifndef EXTRA_NAME
#define EXTRA_NAME "extra_api"
#endif

/* Internal (driver-side) entry points: 22.11 prototypes. */
#ifndef OUR_HEADERS
struct rte_eth_devargs {
	uint16_t mh_controllers[4];
	uint16_t nb_mh_controllers;
	uint16_t ports[RTE_MAX_ETHPORTS];
	uint16_t nb_ports;
	uint16_t representor_ports[RTE_MAX_ETHPORTS];
	uint16_t nb_representor_ports;
	enum rte_eth_representor_type type;
};
int rte_eth_devargs_parse(const char *devargs, struct rte_eth_devargs *eth_devargs);
#endif
int eal_parse_sysfs_value(const char *filename, unsigned long *val);
int __rte_trace_point_register(uint64_t *trace, const char *name, void (*register_fn)(void));
void __rte_trace_point_emit_field(size_t sz, const char *field, const char *type);
int rte_telemetry_legacy_register(const char *cmd, int data_req, void *fn);

static int mp_action(const struct rte_mp_msg *msg, const void *peer) { (void)msg; (void)peer; return 0; }
static volatile int async_calls, async_sent = -1;
static char async_name[RTE_MP_MAX_NAME_LEN];
static int mp_async(const struct rte_mp_msg *req, const struct rte_mp_reply *reply)
{
	strcpy(async_name, req->name);
	async_sent = reply->nb_sent;
	async_calls++;
	return 0;
}
static int32_t svc_run(void *arg) { (void)arg; return 0; }
static void trace_fields(void)
{
	__rte_trace_point_emit_field(4, "x", "uint32_t");
	__rte_trace_point_emit_field(8, "y", "uint64_t");
}
static int tel_cb(const char *cmd, const char *params, struct rte_tel_data *d)
{
	(void)cmd; (void)params;
	return rte_tel_data_start_dict(d);
}

static void test_mp(void)
{
	struct rte_mp_msg msg;
	struct rte_mp_reply reply;
	struct timespec ts = { .tv_sec = 1 };
	char long_name[RTE_MP_MAX_NAME_LEN + 8];

	CHECK_EQ(rte_mp_action_register("extra_act", mp_action), 0);
	CHECK_EQ(rte_mp_action_register("extra_act", mp_action), -1);
	CHECK_EQ(rte_errno, EEXIST);
	CHECK_EQ(rte_mp_action_register("", mp_action), -1);
	CHECK_EQ(rte_errno, EINVAL);
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = 0;
	CHECK_EQ(rte_mp_action_register(long_name, mp_action), -1);
	CHECK_EQ(rte_errno, E2BIG);
	rte_mp_action_unregister("extra_act");
	CHECK_EQ(rte_mp_action_register("extra_act", mp_action), 0);
	rte_mp_action_unregister("extra_act");

	memset(&msg, 0, sizeof(msg));
	strcpy(msg.name, "extra_req");
	msg.len_param = 4;
	reply.nb_sent = 7; reply.nb_received = 7; reply.msgs = (void *)&msg;
	CHECK_EQ(rte_mp_request_sync(&msg, &reply, &ts), 0);
	CHECK_EQ(reply.nb_sent, 0);
	CHECK_EQ(reply.nb_received, 0);
	CHECK(reply.msgs == NULL, "no reply messages");
	CHECK_EQ(rte_mp_sendmsg(&msg), 0);
	msg.len_param = RTE_MP_MAX_PARAM_LEN + 1;
	CHECK_EQ(rte_mp_sendmsg(&msg), -1);
	CHECK_EQ(rte_errno, E2BIG);
	msg.len_param = -1;
	CHECK_EQ(rte_mp_sendmsg(&msg), -1);
	CHECK_EQ(rte_errno, EINVAL);
	msg.len_param = 0;
	msg.num_fds = RTE_MP_MAX_FD_NUM + 1;
	CHECK_EQ(rte_mp_request_sync(&msg, &reply, &ts), -1);
	CHECK_EQ(rte_errno, E2BIG);
	msg.num_fds = 0;
	CHECK_EQ(rte_mp_request_async(&msg, &ts, mp_async), 0);
#ifndef REF_RUN /* the reference queues a dummy reply nothing ever processes: no callback */
	strcpy(msg.name, "changed");
	for (int i = 0; i < 3000 && async_calls == 0; i++)
		usleep(1000);
	CHECK_EQ(async_calls, 1);
	CHECK_EQ(async_sent, 0);
	CHECK(strcmp(async_name, "extra_req") == 0, "callback got a copy of the request: %s", async_name);
#endif
	CHECK_EQ(rte_mp_reply(&msg, NULL), -1);
	CHECK_EQ(rte_errno, EINVAL);
}

static void test_services(void)
{
	struct rte_service_spec spec;
	uint32_t id = 999, lcores[RTE_MAX_LCORE];

	memset(&spec, 0, sizeof(spec));
	CHECK_EQ(rte_service_component_register(&spec, &id), -EINVAL);
	strcpy(spec.name, "extra_svc");
	CHECK_EQ(rte_service_component_register(&spec, &id), -EINVAL); /* no callback */
	spec.callback = svc_run;
	CHECK_EQ(rte_service_component_register(&spec, &id), 0);
	CHECK(id < 64, "id %u", id);
	CHECK_EQ(rte_service_component_runstate_set(id, 1), 0);
	CHECK_EQ(rte_service_runstate_set(id, 1), 0);
	CHECK_EQ(rte_service_may_be_active(id), 0); /* no service lcore */
	CHECK_EQ(rte_service_map_lcore_get(id, rte_get_main_lcore()), -EINVAL); /* not a service lcore */
	CHECK_EQ(rte_service_map_lcore_get(id, RTE_MAX_LCORE), -EINVAL);
	CHECK_EQ(rte_service_lcore_list(lcores, RTE_MAX_LCORE), 0);
	CHECK_EQ(rte_service_runstate_set(64, 1), -EINVAL);
	CHECK_EQ(rte_service_component_unregister(id), 0);
	CHECK_EQ(rte_service_component_unregister(id), -EINVAL);
	CHECK_EQ(rte_service_may_be_active(id), -EINVAL);
}

static void test_thread_keys(void)
{
	rte_thread_key key;
	int v = 5;

#ifndef REF_RUN /* the reference dereferences a NULL key */
	CHECK_EQ(rte_thread_key_create(NULL, NULL), -1);
	CHECK_EQ(rte_errno, EINVAL);
#endif
	CHECK_EQ(rte_thread_key_create(&key, NULL), 0);
	CHECK(rte_thread_value_get(key) == NULL, "fresh key is NULL");
	CHECK_EQ(rte_thread_value_set(key, &v), 0);
	CHECK(rte_thread_value_get(key) == &v, "value read back");
	CHECK_EQ(rte_thread_key_delete(key), 0);
#ifndef REF_RUN
	CHECK(rte_thread_value_get(NULL) == NULL, "NULL key");
	CHECK_EQ(rte_errno, EINVAL);
#endif
}

static void test_reciprocal(void)
{
	static const uint32_t d32[] = { 1, 2, 3, 7, 10, 100, 641, 65536, 1000003, 0x80000001u, 0xffffffffu };
	static const uint32_t a32[] = { 0, 1, 9, 1000, 65535, 123456789, 0x7fffffffu, 0xfffffffeu, 0xffffffffu };
	static const uint64_t d64[] = { 1, 2, 3, 10, 1ull << 33, (1ull << 40) + 7, 1000000007ull, ~0ull };
	static const uint64_t a64[] = { 0, 1, 77, 1ull << 52, 123456789012345ull, ~0ull - 1, ~0ull };
	unsigned i, j;
	int bad = 0;

	for (i = 0; i < RTE_DIM(d32); i++) {
		struct rte_reciprocal r = rte_reciprocal_value(d32[i]);
		for (j = 0; j < RTE_DIM(a32); j++)
			bad += rte_reciprocal_divide(a32[j], r) != a32[j] / d32[i];
	}
	for (i = 0; i < RTE_DIM(d64); i++) {
		struct rte_reciprocal_u64 r = rte_reciprocal_value_u64(d64[i]);
		for (j = 0; j < RTE_DIM(a64); j++)
			bad += rte_reciprocal_divide_u64(a64[j], &r) != a64[j] / d64[i];
	}
	CHECK_EQ(bad, 0);
}

static void test_misc(void)
{
	char path[] = "/tmp/extra_sysfs_XXXXXX";
	unsigned long v = 0;
	uint64_t tp = 77;
	double x;
	int fd, i, bad = 0;

	CHECK_EQ(rte_vect_get_max_simd_bitwidth(), 256);
	CHECK_EQ(rte_vect_set_max_simd_bitwidth(100), -EINVAL);
	CHECK_EQ(rte_vect_set_max_simd_bitwidth(128), 0);
	CHECK_EQ(rte_vect_get_max_simd_bitwidth(), 128);
	CHECK_EQ(rte_vect_set_max_simd_bitwidth(RTE_VECT_SIMD_256), 0);
	CHECK(strcmp(rte_hypervisor_get_name(RTE_HYPERVISOR_KVM), "KVM") == 0, "KVM");
	CHECK(strcmp(rte_hypervisor_get_name(RTE_HYPERVISOR_NONE), "none") == 0, "none");
	CHECK(strcmp(rte_hypervisor_get_name((enum rte_hypervisor)42), "unknown") == 0, "unknown");
	CHECK(rte_hypervisor_get() <= RTE_HYPERVISOR_UNKNOWN, "hypervisor id");
	for (i = 0; i < 1000; i++) {
		x = rte_drand();
		bad += !(x >= 0.0 && x < 1.0);
	}
	CHECK_EQ(bad, 0);

	fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp");
	CHECK_EQ(write(fd, "0x1f\n", 5), 5);
	close(fd);
	CHECK_EQ(eal_parse_sysfs_value(path, &v), 0);
	CHECK_EQ(v, 31);
	fd = open(path, O_WRONLY | O_TRUNC);
	CHECK_EQ(write(fd, "12ab\n", 5), 5);
	close(fd);
	CHECK_EQ(eal_parse_sysfs_value(path, &v), -1);
	unlink(path);
	CHECK_EQ(eal_parse_sysfs_value("/nonexistent/extra", &v), -1);

	CHECK_EQ(__rte_trace_point_register(&tp, "extra.test.point", trace_fields), 0);
	CHECK_EQ(tp >> 63, 0); /* registered disabled */
	CHECK_EQ(tp & 0xffff, 12);
#ifndef OUR_HEADERS
	CHECK(!rte_trace_point_is_enabled(&tp), "disabled");
	CHECK(rte_trace_point_lookup("extra.test.point") == &tp, "lookup");
	CHECK(rte_trace_point_lookup("extra.none") == NULL, "lookup none");
#endif
	CHECK_EQ(__rte_trace_point_register(&tp, "extra.test.point", trace_fields), 0); /* duplicates: found at trace init only */
}

static void test_telemetry(void)
{
	struct rte_tel_data *d = rte_tel_data_alloc(), *a = rte_tel_data_alloc(), *c = rte_tel_data_alloc();
	char big[RTE_TEL_MAX_STRING_LEN + 10];
	int i, r = 0;

	CHECK(d && a && c, "alloc");
	CHECK_EQ(rte_tel_data_add_dict_int(d, "x", 1), -EINVAL); /* not started */
	CHECK_EQ(rte_tel_data_start_dict(d), 0);
	CHECK_EQ(rte_tel_data_add_dict_int(d, "x", 1), 0);
	CHECK_EQ(rte_tel_data_add_dict_u64(d, "y", 2), 0);
	CHECK_EQ(rte_tel_data_add_dict_string(d, "z", "zz"), 0);
	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	CHECK_EQ(rte_tel_data_add_dict_string(d, "big", big), E2BIG);
	CHECK_EQ(rte_tel_data_add_array_int(d, 1), -EINVAL);
	CHECK_EQ(rte_tel_data_start_array(a, RTE_TEL_U64_VAL), 0);
	CHECK_EQ(rte_tel_data_add_array_int(a, 1), -EINVAL);
	for (i = 0; i < RTE_TEL_MAX_ARRAY_ENTRIES && r == 0; i++)
		r = rte_tel_data_add_array_u64(a, i);
	CHECK_EQ(r, 0);
	CHECK_EQ(rte_tel_data_add_array_u64(a, 1), -ENOSPC);
	CHECK_EQ(rte_tel_data_start_array(c, RTE_TEL_CONTAINER), 0);
	CHECK_EQ(rte_tel_data_add_array_container(c, d, 1), -EINVAL); /* a dict */
	CHECK_EQ(rte_tel_data_add_dict_container(d, "arr", a, 0), 0);
	for (i = 5; i < RTE_TEL_MAX_DICT_ENTRIES && r == 0; i++)
		r = rte_tel_data_add_dict_int(d, "n", i);
	CHECK_EQ(rte_tel_data_add_dict_int(d, "full", 0), -ENOSPC);
	rte_tel_data_free(d); /* frees a too (keep = 0) */
	rte_tel_data_free(c);
	CHECK_EQ(rte_telemetry_register_cmd("/extra/cmd", tel_cb, "help"), 0);
	CHECK_EQ(rte_telemetry_register_cmd("extra", tel_cb, "help"), -EINVAL);
	CHECK_EQ(rte_telemetry_register_cmd("/extra/cmd2", tel_cb, big), -EINVAL);
	CHECK_EQ(rte_telemetry_legacy_register("extra", 0, NULL), -EINVAL);
}

static void test_pci(void)
{
	struct rte_pci_addr a, b;
	char name[PCI_PRI_STR_SIZE];

	CHECK_EQ(rte_pci_addr_parse("0000:08:00.1", &a), 0);
	CHECK(a.domain == 0 && a.bus == 8 && a.devid == 0 && a.function == 1, "dbdf");
	CHECK_EQ(rte_pci_addr_parse("1f:1e.7", &b), 0);
	CHECK(b.domain == 0 && b.bus == 0x1f && b.devid == 0x1e && b.function == 7, "bdf");
	CHECK_EQ(rte_pci_addr_parse("1f:1e", &b), -1);
	CHECK_EQ(rte_pci_addr_parse("0000:100:00.0", &b), -1);
	CHECK_EQ(rte_pci_addr_cmp(&a, &a), 0);
	b = a; b.function = 2;
	CHECK_EQ(rte_pci_addr_cmp(&a, &b), -1);
	CHECK_EQ(rte_pci_addr_cmp(&b, &a), 1);
	a.domain = 0x12345;
	rte_pci_device_name(&a, name, sizeof(name));
	CHECK(strcmp(name, "12345:08:00.1") == 0, "name %s", name);
}

#ifndef OUR_HEADERS
static void test_ethdev(void)
{
	struct rte_eth_devargs da;
	struct rte_dev_iterator it;
	struct rte_eth_conf conf;
	uint64_t feat = 0;
	uint32_t fec;
	uint16_t p, n = 0, q = 0;
	uint8_t th;

	CHECK_EQ(rte_eth_fec_get(0, &fec), -ENOTSUP);
	CHECK_EQ(rte_eth_fec_get(0, NULL), -EINVAL);
	CHECK_EQ(rte_eth_fec_set(0, 0), -EINVAL);
	CHECK_EQ(rte_eth_fec_get(RTE_MAX_ETHPORTS, &fec), -ENODEV);
	CHECK_EQ(rte_eth_dev_hairpin_capability_get(0, NULL), -EINVAL);
	{
		struct rte_eth_hairpin_cap cap;
		CHECK_EQ(rte_eth_dev_hairpin_capability_get(0, &cap), -ENOTSUP);
#ifndef REF_RUN /* the reference leaves rte_errno as it was */
		CHECK_EQ(rte_errno, ENOTSUP);
#endif
	}
	CHECK_EQ(rte_eth_rx_metadata_negotiate(0, &feat), -ENOTSUP);
	CHECK_EQ(rte_eth_rx_metadata_negotiate(0, NULL), -EINVAL);
	CHECK_EQ(rte_eth_representor_info_get(0, NULL), -ENOTSUP);
	CHECK_EQ(rte_eth_hairpin_bind(0, 1), -EBUSY); /* not started */

	memset(&conf, 0, sizeof(conf));
	CHECK_EQ(rte_eth_dev_configure(0, 1, 1, &conf), 0);
	CHECK_EQ(rte_eth_rx_metadata_negotiate(0, &feat), -EBUSY);
	CHECK_EQ(rte_eth_rx_avail_thresh_set(0, 0, 50), -ENOTSUP);
	CHECK_EQ(rte_eth_rx_avail_thresh_set(0, 0, 100), -EINVAL);
	CHECK_EQ(rte_eth_rx_avail_thresh_set(0, 1, 50), -ENOTSUP); /* op checked before the queue */
	q = 9;
	CHECK_EQ(rte_eth_rx_avail_thresh_query(0, &q, &th), -ENOTSUP);
	CHECK_EQ(q, 0);
	CHECK_EQ(rte_eth_dev_set_vlan_offload(0, 0), 0); /* nothing changes */
	CHECK_EQ(rte_eth_dev_set_vlan_offload(0, RTE_ETH_VLAN_STRIP_OFFLOAD), -EINVAL); /* not a capability */
	CHECK_EQ(rte_eth_dev_uc_all_hash_table_set(0, 1), -ENOTSUP);
	CHECK_EQ(rte_eth_dev_uc_hash_table_set(0, NULL, 1), -EINVAL);

	RTE_ETH_FOREACH_MATCHING_DEV(p, "class=eth,", &it)
		n++;
	CHECK_EQ(n, 2);
	n = 0;
	RTE_ETH_FOREACH_MATCHING_DEV(p, "net_null1", &it) {
		n++;
		CHECK_EQ(p, 1);
	}
	CHECK_EQ(n, 1);
	CHECK_EQ(rte_eth_iterator_init(NULL, "class=eth,"), -EINVAL);

	CHECK_EQ(rte_eth_devargs_parse("representor=[0-3]", &da), 0);
	CHECK_EQ(da.type, RTE_ETH_REPRESENTOR_VF);
	CHECK_EQ(da.nb_representor_ports, 4);
	CHECK_EQ(da.representor_ports[3], 3);
	CHECK_EQ(rte_eth_devargs_parse("x=1,representor=pf1vf[0,2-3]", &da), 0);
	CHECK_EQ(da.type, RTE_ETH_REPRESENTOR_VF);
	CHECK_EQ(da.nb_ports, 1);
	CHECK_EQ(da.ports[0], 1);
	CHECK_EQ(da.nb_representor_ports, 3);
	CHECK_EQ(da.representor_ports[1], 2);
	CHECK_EQ(rte_eth_devargs_parse("representor=c1pf[0-1]", &da), 0);
	CHECK_EQ(da.type, RTE_ETH_REPRESENTOR_PF);
	CHECK_EQ(da.nb_mh_controllers, 1);
	CHECK_EQ(da.nb_ports, 2);
	CHECK_EQ(rte_eth_devargs_parse("representor=sf5", &da), 0);
	CHECK_EQ(da.type, RTE_ETH_REPRESENTOR_SF);
	CHECK_EQ(rte_eth_devargs_parse("representor=[1,2", &da), -EINVAL);
	CHECK_EQ(rte_eth_devargs_parse("representor=1,representor=2", &da), -1);
	CHECK_EQ(rte_eth_devargs_parse("representor=c0vf1", &da), -1);
}
#endif

int main(int argc, char **argv)
{
	char *eal[] = { argv[0], "--no-huge", "-m", "64", "--no-pci", "-l", "0",
		"--file-prefix=" EXTRA_PREFIX, "--vdev=net_null0", "--vdev=net_null1", NULL };
	char cmd[PATH_MAX + 16];
	(void)argc;

	if (rte_eal_init(10, eal) < 0) {
		printf("rte_eal_init failed\n");
		return 1;
	}
	test_mp();
	test_services();
	test_thread_keys();
	test_reciprocal();
	test_misc();
	test_telemetry();
	test_pci();
#ifndef OUR_HEADERS
	test_ethdev();
#endif
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", rte_eal_get_runtime_dir());
	rte_eal_cleanup();
	if (system(cmd) != 0)
		printf("cannot remove the runtime directory\n");
	return check_done(EXTRA_NAME);
}
