/* SPDX-License-Identifier: BSD-3-Clause */
/* The vdev bus: a C driver registered with RTE_PMD_REGISTER_VDEV (and an
 * alias), probed from --vdev at init, created with rte_vdev_init and
 * rte_dev_probe at run time, removed with rte_vdev_uninit/rte_dev_remove;
 * the device iterator; devargs; malformed strings leave nothing behind. */
#include <errno.h>
#include <string.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_bus.h>
#include <rte_bus_vdev.h>
#include <rte_class.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <bus_vdev_driver.h>
#include "../check.h"

static int probes, removes, fail_probe;
static char last_args[128];
static int probe_iova = -1;

static int test_probe(struct rte_vdev_device *dev)
{
	if (fail_probe)
		return -EIO;
	probes++;
	probe_iova = rte_eal_iova_mode();
	snprintf(last_args, sizeof(last_args), "%s", rte_vdev_device_args(dev));
	return 0;
}

static int test_remove(struct rte_vdev_device *dev)
{
	(void)dev;
	removes++;
	return 0;
}

static struct rte_vdev_driver test_drv = {
	.probe = test_probe,
	.remove = test_remove,
};

RTE_PMD_REGISTER_ALIAS(net_ctest, eth_ctest);
RTE_PMD_REGISTER_VDEV(net_ctest, test_drv);
RTE_PMD_REGISTER_PARAM_STRING(net_ctest, "size=<int>");

/* A device class whose class device is the generic device itself;
 * "tag=X" keeps the devices whose name ends with X. */
static void *ctest_iterate(const void *start, const char *str, const struct rte_dev_iterator *it)
{
	const char *n = rte_dev_name(it->device);
	if (start != NULL)
		return NULL;
	if (str != NULL && strncmp(str, "tag=", 4) == 0) {
		size_t ln = strlen(n), lt = strlen(str + 4);
		if (ln < lt || strcmp(n + ln - lt, str + 4) != 0)
			return NULL;
	}
	return it->device;
}

static struct rte_class ctest_class = { .dev_iterate = ctest_iterate };
RTE_REGISTER_CLASS(ctest, ctest_class);

/* Malformed --vdev at init: rte_eal_init fails with EINVAL and leaves no devargs. */
static int bad_vdev_child(const char *prog, const char *vdev)
{
	char *args[] = { (char *)prog, "--no-huge", "-m", "64", "--no-pci", "--file-prefix=ctest_vdev_bad",
		"--vdev", (char *)vdev, NULL };
	pid_t pid = fork();
	int st;
	if (pid == 0) {
		int r = rte_eal_init(8, args);
		_exit(r == -1 && rte_errno == EINVAL && rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL) == 0 &&
			rte_devargs_next(NULL, NULL) == NULL ? 0 : 1);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A driver whose probe creates another vdev (re-entrant init, as 22.11
 * allows with its recursive lock) and whose remove deletes it again. */
static int nest_probe(struct rte_vdev_device *dev)
{
	(void)dev;
	return rte_vdev_init("net_ctest77", "nested=1");
}

static int nest_remove(struct rte_vdev_device *dev)
{
	(void)dev;
	return rte_vdev_uninit("net_ctest77");
}

static struct rte_vdev_driver nest_drv = { .probe = nest_probe, .remove = nest_remove };
RTE_PMD_REGISTER_VDEV(net_nest, nest_drv);

static int ev_hits, ev_last;
static void on_dev_event(const char *name, enum rte_dev_event_type ev, void *arg)
{
	if (strcmp(name, "devX") == 0 && arg == (void *)5) {
		ev_hits++;
		ev_last = ev;
	}
}

static volatile sig_atomic_t own_sigbus;
static void own_handler(int sig, siginfo_t *si, void *ctx)
{
	(void)sig; (void)si; (void)ctx;
	own_sigbus = 1;
}

/* SIGBUS with the hot-unplug handler on: no bus claims it, so it goes to
 * the application's previous handler; with none, the process exits 1. */
static int sigbus_child(int with_own_handler)
{
	pid_t pid = fork();
	int st;
	if (pid == 0) {
		struct sigaction sa, now;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = own_handler;
		sa.sa_flags = SA_SIGINFO;
		if (with_own_handler)
			sigaction(SIGBUS, &sa, NULL);
		if (rte_dev_hotplug_handle_enable() != 0)
			_exit(10);
		raise(SIGBUS);
		if (rte_dev_hotplug_handle_disable() != 0)
			_exit(11);
		sigaction(SIGBUS, NULL, &now);
		_exit(own_sigbus && now.sa_sigaction == own_handler ? 0 : 12);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

static int scans;
static char cs_args[] = "net_ctest_cs0,c=1";
static void custom_scan(void *arg)
{
	scans++;
	if (scans == 1)
		rte_devargs_add(RTE_DEVTYPE_VIRTUAL, (const char *)arg);
}

static int count_devs(const char *filter)
{
	struct rte_dev_iterator it;
	struct rte_device *dev;
	int n = 0;

	if (rte_dev_iterator_init(&it, filter) != 0)
		return -1;
	for (dev = rte_dev_iterator_next(&it); dev != NULL; dev = rte_dev_iterator_next(&it))
		n++;
	free((void *)(uintptr_t)it.bus_str);
	return n;
}

int main(int argc, char **argv)
{
	char *args[] = { argv[0], "--no-huge", "-m", "64", "--no-pci", "--file-prefix=ctest_vdev",
		"--vdev", "net_ctest0,size=64", "--vdev", "eth_ctest1", NULL };
	struct rte_devargs da;
	struct rte_bus *vbus;
	(void)argc;

	CHECK_EQ(bad_vdev_child(argv[0], "no_such_driver0"), 0);
	CHECK_EQ(bad_vdev_child(argv[0], "net_ctest_toolong_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), 0);
	CHECK_EQ(bad_vdev_child(argv[0], "bus=nosuchbus,name=x"), 0);

	CHECK_EQ(rte_eal_init(10, args), 9);
	CHECK_EQ(probes, 2);
	CHECK(probe_iova != RTE_IOVA_DC && probe_iova == (int)rte_eal_iova_mode(), "probe sees the IOVA mode (%d)", probe_iova);
	vbus = rte_bus_find_by_name("vdev");
	CHECK(vbus != NULL, "vdev bus");
	CHECK(strcmp(rte_bus_name(vbus), "vdev") == 0, "bus name");
	CHECK_EQ(rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL), 2);
	CHECK_EQ(count_devs("bus=vdev"), 2);
	CHECK_EQ(count_devs("bus=vdev,name=eth_ctest1"), 1);
	CHECK_EQ(count_devs("bus=vdev,name=nothing"), 0);
	CHECK(rte_dev_iterator_init(&(struct rte_dev_iterator){0}, "bus=nosuchbus") < 0, "unknown bus");
	CHECK(rte_class_find_by_name("ctest") == &ctest_class, "class registered");
	CHECK_EQ(count_devs("class=ctest"), 2);
	CHECK_EQ(count_devs("class=ctest,tag=1"), 1);
	CHECK_EQ(count_devs("bus=vdev/class=ctest,tag=0"), 1);
	CHECK_EQ(count_devs("bus=vdev,name=eth_ctest1/class=ctest,tag=0"), 0);
	CHECK(rte_dev_iterator_init(&(struct rte_dev_iterator){0}, "class=nosuchclass") < 0, "unknown class");
	CHECK(rte_dev_iterator_init(&(struct rte_dev_iterator){0}, "net_ctest0") < 0, "no layer");

	/* Run time: rte_vdev_init with args, duplicate, no driver, failing probe. */
	CHECK_EQ(rte_vdev_init("net_ctest2", "a=1,b=2"), 0);
	CHECK_EQ(probes, 3);
	CHECK(strcmp(last_args, "a=1,b=2") == 0, "args %s", last_args);
	CHECK_EQ(rte_vdev_init("net_ctest2", NULL), -EEXIST);
	CHECK_EQ(rte_vdev_init("net_nodriver0", NULL), -1);
	CHECK_EQ(rte_errno, ENOENT);
	CHECK_EQ(count_devs("bus=vdev,name=net_nodriver0"), 0);
	fail_probe = 1;
	CHECK_EQ(rte_vdev_init("net_ctest3", NULL), -EIO);
	fail_probe = 0;
	CHECK_EQ(count_devs("bus=vdev"), 3);
	CHECK_EQ(rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL), 3);
	CHECK_EQ(rte_vdev_init(NULL, NULL), -EINVAL);
	CHECK_EQ(rte_vdev_uninit("net_ctest2"), 0);
	CHECK_EQ(removes, 1);
	CHECK_EQ(rte_vdev_uninit("net_ctest2"), -ENOENT);
	CHECK_EQ(count_devs("bus=vdev"), 2);

	/* A custom scan adds devargs; the next scan and probe create the device. */
	CHECK_EQ(rte_vdev_add_custom_scan(custom_scan, cs_args), 0);
	CHECK_EQ(rte_vdev_add_custom_scan(custom_scan, cs_args), 0);
	CHECK_EQ(rte_vdev_add_custom_scan(NULL, NULL), -EINVAL);
	CHECK_EQ(rte_bus_scan(), 0);
	CHECK_EQ(scans, 1);
	CHECK_EQ(rte_bus_probe(), 0);
	CHECK_EQ(count_devs("bus=vdev,name=net_ctest_cs0"), 1);
	CHECK(strcmp(last_args, "c=1") == 0, "custom scan args %s", last_args);
	/* As 22.11: (void *)-1 matches only a registration made with it. */
	CHECK_EQ(rte_vdev_remove_custom_scan(custom_scan, (void *)-1), 0);
	CHECK_EQ(rte_bus_scan(), 0);
	CHECK_EQ(scans, 2);
	CHECK_EQ(rte_vdev_remove_custom_scan(custom_scan, cs_args), 0);
	CHECK_EQ(rte_vdev_remove_custom_scan(custom_scan, cs_args), 0);
	CHECK_EQ(rte_bus_scan(), 0);
	CHECK_EQ(scans, 2);
	CHECK_EQ(rte_vdev_uninit("net_ctest_cs0"), 0);
	probes -= 1;
	removes -= 1;

	/* Re-entrant: a probe creating a vdev, a remove deleting it. */
	CHECK_EQ(rte_vdev_init("net_nest0", NULL), 0);
	CHECK_EQ(count_devs("bus=vdev,name=net_ctest77"), 1);
	CHECK(strcmp(last_args, "nested=1") == 0, "nested args %s", last_args);
	CHECK_EQ(rte_vdev_uninit("net_nest0"), 0);
	CHECK_EQ(count_devs("bus=vdev,name=net_ctest77"), 0);
	CHECK_EQ(count_devs("bus=vdev"), 2);
	probes -= 1;
	removes -= 1;

	/* Hotplug through rte_dev_probe / rte_eal_hotplug_*. */
	CHECK_EQ(rte_dev_probe("net_ctest5,x=y"), 0);
	CHECK(strcmp(last_args, "x=y") == 0, "args %s", last_args);
	CHECK_EQ(rte_dev_probe("net_ctest5,x=y"), 0); /* already probed: 0, as 22.11 */
	CHECK_EQ(probes, 4);
	CHECK_EQ(rte_eal_hotplug_add("vdev", "net_ctest6", ""), 0);
	CHECK_EQ(count_devs("bus=vdev"), 4);
	CHECK_EQ(rte_eal_hotplug_remove("vdev", "net_ctest6"), 0);
	CHECK_EQ(rte_eal_hotplug_remove("vdev", "net_ctest6"), -EINVAL);
	CHECK_EQ(rte_eal_hotplug_remove("nobus", "x"), -ENOENT);
	CHECK(rte_dev_probe("unknown_device0") < 0, "unknown device");
	{
		struct rte_dev_iterator it;
		struct rte_device *dev;
		CHECK_EQ(rte_dev_iterator_init(&it, "bus=vdev,name=net_ctest5"), 0);
		dev = rte_dev_iterator_next(&it);
		CHECK(dev != NULL && strcmp(rte_dev_name(dev), "net_ctest5") == 0, "found");
		CHECK(dev != NULL && rte_dev_is_probed(dev), "probed");
		CHECK(dev != NULL && strcmp(rte_driver_name(rte_dev_driver(dev)), "net_ctest") == 0, "driver");
		CHECK(dev != NULL && rte_bus_find_by_device(dev) == vbus, "bus by device");
		CHECK(dev != NULL && rte_dev_bus(dev) == vbus, "bus of device");
		CHECK(dev != NULL && strcmp(rte_dev_devargs(dev)->args, "x=y") == 0, "devargs");
		CHECK_EQ(rte_dev_remove(dev), 0);
		free((void *)(uintptr_t)it.bus_str);
	}
	CHECK_EQ(count_devs("bus=vdev"), 2);

	/* Device event callbacks and the uevent monitor. */
	CHECK_EQ(rte_dev_event_callback_register("devX", on_dev_event, (void *)5), 0);
	CHECK_EQ(rte_dev_event_callback_register("devX", on_dev_event, (void *)5), -EEXIST);
	CHECK_EQ(rte_dev_event_callback_register(NULL, NULL, NULL), -EINVAL);
	rte_dev_event_callback_process("devX", RTE_DEV_EVENT_REMOVE);
	rte_dev_event_callback_process("devY", RTE_DEV_EVENT_ADD);
	CHECK_EQ(ev_hits, 1);
	CHECK_EQ(ev_last, RTE_DEV_EVENT_REMOVE);
	CHECK_EQ(rte_dev_event_callback_unregister("devX", on_dev_event, (void *)-1), 1);
	CHECK_EQ(rte_dev_event_callback_unregister("devX", on_dev_event, (void *)-1), -ENOENT);
	CHECK_EQ(rte_dev_event_monitor_start(), 0);
	CHECK_EQ(rte_dev_event_monitor_start(), 0);
	CHECK_EQ(rte_dev_event_monitor_stop(), 0);
	CHECK_EQ(rte_dev_event_monitor_stop(), 0);
	CHECK_EQ(sigbus_child(1), 0);
	CHECK_EQ(sigbus_child(0), 1);

	/* devargs parsing. */
	CHECK_EQ(rte_devargs_parse(&da, "vdev:net_ctest9,k=v"), 0);
	CHECK(strcmp(da.name, "net_ctest9") == 0 && strcmp(da.args, "k=v") == 0 && da.bus == vbus, "legacy");
	rte_devargs_reset(&da);
	CHECK_EQ(rte_devargs_parsef(&da, "net_ctest%d,%s", 7, "q=1"), 0);
	CHECK(strcmp(da.name, "net_ctest7") == 0 && strcmp(da.args, "q=1") == 0, "parsef");
	rte_devargs_reset(&da);
	CHECK(rte_devargs_parse(&da, "nobody_knows_me") < 0, "unknown");
	CHECK(rte_devargs_parse(&da, "net_ctest_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") < 0, "long");
	CHECK_EQ(rte_devargs_parse(&da, "bus=vdev,name=x"), 0);
	CHECK(da.bus == vbus && da.bus_str != NULL && da.cls_str == NULL, "layers");
	rte_devargs_reset(&da);
	CHECK(rte_devargs_add(RTE_DEVTYPE_VIRTUAL, "garbage_name") < 0, "bad add");
	CHECK_EQ(rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL), 2);

	/* Malformed --vdev at init fails cleanly is covered by eal options;
	 * cleanup removes the remaining devices through the driver. */
	CHECK_EQ(rte_eal_cleanup(), 0);
	CHECK_EQ(removes, 5);
	return check_done("vdev");
}
