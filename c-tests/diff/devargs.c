/* SPDX-License-Identifier: BSD-3-Clause */
/* Differential: rte_devargs parsing (legacy with a bus prefix, layered),
 * the devargs list (add, replace, remove, count, next, dump), and the
 * return values of the vdev and hotplug calls for devices no driver
 * takes, on the reference and on librte-rs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <rte_common.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_bus.h>
#include <rte_devargs.h>

static const char *s(const char *p)
{
	return p == NULL ? "(null)" : p;
}

int main(int argc, char **argv)
{
	char *args[] = { argv[0], "--no-huge", "-m", "64", "--no-pci", "--file-prefix=diff_devargs",
		"--log-level=*:emerg", NULL };
	const char *inputs[] = { "vdev:foo0", "vdev:foo1,a=1,b=[2,3]", "vdev:foo2,", "bus=vdev,name=x",
		"bus=vdev/driver=d,k=v", "bus=nosuch", "nosuch_device", "vdev:" };
	struct rte_devargs da;
	struct rte_bus *vbus;
	char buf[4096];
	FILE *f;
	(void)argc;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("init %d\n", rte_eal_init(7, args) > 0);
	vbus = rte_bus_find_by_name("vdev");
	printf("vdev bus %s\n", vbus ? rte_bus_name(vbus) : "(none)");
	for (size_t i = 0; i < RTE_DIM(inputs); i++) {
		memset(&da, 0, sizeof(da));
		int r = rte_devargs_parse(&da, inputs[i]);
		printf("parse '%s' -> %d", inputs[i], r);
		if (r == 0)
			printf(" name=[%s] args=[%s] bus=%s cls=%p bus_str=[%s] cls_str=[%s]", da.name, s(da.args),
			       da.bus == vbus ? "vdev" : "other", (void *)da.cls, s(da.bus_str), s(da.cls_str));
		printf("\n");
		if (r == 0)
			rte_devargs_reset(&da);
	}
	printf("add %d %d %d\n", rte_devargs_add(RTE_DEVTYPE_VIRTUAL, "vdev:bar0,x=1"),
	       rte_devargs_add(RTE_DEVTYPE_VIRTUAL, "vdev:bar1"), rte_devargs_add(RTE_DEVTYPE_VIRTUAL, "vdev:bar0,x=2"));
	printf("count virtual %u allowed %u\n", rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL),
	       rte_devargs_type_count(RTE_DEVTYPE_ALLOWED));
	for (struct rte_devargs *d = rte_devargs_next("vdev", NULL); d != NULL; d = rte_devargs_next("vdev", d))
		printf("next %s [%s]\n", d->name, s(d->args));
	printf("next other bus %p\n", (void *)rte_devargs_next("pci", NULL));
	f = fmemopen(buf, sizeof(buf), "w");
	rte_devargs_dump(f);
	fclose(f);
	printf("dump:\n%s", buf);
	memset(&da, 0, sizeof(da));
	rte_devargs_parse(&da, "vdev:bar1");
	printf("remove %d", rte_devargs_remove(&da));
	printf(" again %d\n", rte_devargs_remove(&da));
	rte_devargs_reset(&da);
	printf("count virtual %u\n", rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL));
	printf("dev_probe no driver %d\n", rte_dev_probe("vdev:zz_nodriver0") < 0);
	printf("hotplug_add no driver %d\n", rte_eal_hotplug_add("vdev", "zz_nodriver1", "") < 0);
	printf("dev_probe unknown %d\n", rte_dev_probe("zz_unknown0") < 0);
	printf("hotplug_remove no bus %d\n", rte_eal_hotplug_remove("nosuchbus", "x"));
	printf("hotplug_remove no dev %d\n", rte_eal_hotplug_remove("vdev", "x"));
	printf("count virtual %u\n", rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL));
	{
		/* The reference leaves its runtime directory behind: remove it. */
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", rte_eal_get_runtime_dir());
		rte_eal_cleanup();
		if (strstr(cmd, "diff_devargs") != NULL && system(cmd) != 0)
			printf("cannot remove the runtime directory\n");
	}
	return 0;
}
