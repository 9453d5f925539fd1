/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_devargs: -a/-b/--vdev at init become entries of the right type and
 * policy; parse (legacy, bus prefix, layered, errors), add (appends, even
 * duplicates), insert (replaces in place), remove (0 / 1 / -1), next by
 * bus, type_count, dump format, parsef; the entries a --vdev creates stay
 * consistent with the vdev bus's devices. Semantics checked against the
 * reference with its net_null driver: all agree except that the reference
 * accepts an unknown device type and crashes on NULL arguments. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_devargs.h>
#include <bus_vdev_driver.h>
#include "../check.h"

static int da_probe(struct rte_vdev_device *dev) { (void)dev; return 0; }
static int da_remove(struct rte_vdev_device *dev) { (void)dev; return 0; }
static struct rte_vdev_driver da_drv = { .probe = da_probe, .remove = da_remove };
RTE_PMD_REGISTER_VDEV(net_da, da_drv);

static unsigned count_bus(const char *bus)
{
	unsigned n = 0;
	struct rte_devargs *d;
	RTE_EAL_DEVARGS_FOREACH(bus, d)
		n++;
	return n;
}

int main(int argc, char **argv)
{
	char *args[] = { argv[0], "--no-huge", "-m", "64", "--no-pci", "--file-prefix=ctest_devargs",
		"-b", "net_da9", "--vdev", "net_da0,k=v", "--vdev", "net_da1", NULL };
	struct rte_devargs da, *d, *p;
	struct rte_bus *vbus;
	char buf[2048];
	FILE *f;
	(void)argc;

	CHECK(rte_eal_init(12, args) >= 0, "init");
	vbus = rte_bus_find_by_name("vdev");
	CHECK_EQ(rte_devargs_type_count(RTE_DEVTYPE_VIRTUAL), 2);
	CHECK_EQ(rte_devargs_type_count(RTE_DEVTYPE_BLOCKED), 1);
	CHECK_EQ(rte_devargs_type_count(RTE_DEVTYPE_ALLOWED), 0);
	d = rte_devargs_next(NULL, NULL);
	CHECK(d != NULL && strcmp(d->name, "net_da9") == 0 && d->type == RTE_DEVTYPE_BLOCKED &&
	      d->policy == RTE_DEV_BLOCKED && d->bus == vbus, "-b entry first");
	d = rte_devargs_next("vdev", d);
	CHECK(d != NULL && strcmp(d->name, "net_da0") == 0 && strcmp(d->args, "k=v") == 0 &&
	      d->type == RTE_DEVTYPE_VIRTUAL && d->policy == RTE_DEV_ALLOWED, "--vdev entry");
	CHECK(rte_devargs_next("pci", NULL) == NULL, "no pci entries");
	CHECK_EQ(count_bus("vdev"), 3);

	/* parse */
	CHECK_EQ(rte_devargs_parse(&da, "vdev:net_da5,a=[1,2],b"), 0);
	CHECK(strcmp(da.name, "net_da5") == 0 && strcmp(da.args, "a=[1,2],b") == 0 && da.bus == vbus &&
	      da.bus_str == NULL && da.cls_str == NULL, "bus prefix");
	rte_devargs_reset(&da);
	CHECK(da.data == NULL, "reset frees the data");
	CHECK_EQ(rte_devargs_parse(&da, "net_da6"), 0);
	CHECK(strcmp(da.args, "") == 0, "no args is the empty string");
	rte_devargs_reset(&da);
	CHECK_EQ(rte_devargs_parse(&da, "vdev:unknown0"), -EFAULT);
	CHECK_EQ(rte_devargs_parse(&da, "unknown0"), -EFAULT);
	CHECK_EQ(rte_devargs_parse(&da, "bus=nosuchbus,name=x"), -EFAULT);
	CHECK_EQ(rte_devargs_parse(NULL, "net_da0"), -EINVAL);
	CHECK_EQ(rte_devargs_parse(&da, NULL), -EINVAL);
	CHECK_EQ(rte_devargs_parse(&da, "bus=vdev,name=net_da7/driver=net_da,x=1"), 0);
	CHECK(strcmp(da.name, "net_da7") == 0 && da.bus == vbus && strcmp(da.bus_str, "bus=vdev,name=net_da7") == 0 &&
	      strcmp(da.drv_str, "driver=net_da,x=1") == 0, "layers");
	rte_devargs_reset(&da);
	CHECK_EQ(rte_devargs_parsef(&da, "%s%d,%s=%d", "net_da", 8, "n", 3), 0);
	CHECK(strcmp(da.name, "net_da8") == 0 && strcmp(da.args, "n=3") == 0, "parsef");
	rte_devargs_reset(&da);

	/* add appends, duplicates too */
	CHECK_EQ(rte_devargs_add(RTE_DEVTYPE_ALLOWED, "net_da3,x=1"), 0);
	CHECK_EQ(rte_devargs_add(RTE_DEVTYPE_ALLOWED, "net_da3,x=2"), 0);
	CHECK_EQ(rte_devargs_type_count(RTE_DEVTYPE_ALLOWED), 2);
	CHECK_EQ(rte_devargs_add(RTE_DEVTYPE_VIRTUAL, "junk0"), -1);
	CHECK_EQ(rte_devargs_add(7, "net_da3"), -1); /* the reference appends it as type 7 */
	CHECK_EQ(count_bus("vdev"), 5);

	/* insert replaces the first entry for the same device, in place */
	p = calloc(1, sizeof(*p));
	CHECK_EQ(rte_devargs_parse(p, "net_da3,x=3"), 0);
	d = p;
	CHECK_EQ(rte_devargs_insert(&p), 0);
	CHECK(p != d, "insert hands back the listed entry");
	CHECK(strcmp(p->args, "x=3") == 0, "contents replaced");
	CHECK_EQ(count_bus("vdev"), 5);
	CHECK_EQ(rte_devargs_insert(&p), 0); /* already listed */
	CHECK_EQ(rte_devargs_insert(NULL), -EINVAL);
	p = calloc(1, sizeof(*p));
	CHECK_EQ(rte_devargs_parse(p, "net_da4"), 0);
	CHECK_EQ(rte_devargs_insert(&p), 0);
	CHECK_EQ(count_bus("vdev"), 6);

	/* remove: 0 removed, 1 none left, -1 without a bus */
	CHECK_EQ(rte_devargs_parse(&da, "net_da3"), 0);
	CHECK_EQ(rte_devargs_remove(&da), 0);
	CHECK_EQ(rte_devargs_remove(&da), 0);
	CHECK_EQ(rte_devargs_remove(&da), 1);
	rte_devargs_reset(&da);
	memset(&da, 0, sizeof(da));
	CHECK_EQ(rte_devargs_remove(&da), -1);
	CHECK_EQ(rte_devargs_remove(NULL), -1);
	CHECK_EQ(count_bus("vdev"), 4);

	/* dump */
	f = fmemopen(buf, sizeof(buf), "w");
	rte_devargs_dump(f);
	fclose(f);
	CHECK(strncmp(buf, "User device list:\n  [vdev]: net_da9 \n  [vdev]: net_da0 k=v\n", 59) == 0, "dump: %s", buf);

	CHECK_EQ(rte_eal_cleanup(), 0);
	return check_done("devargs");
}
