/* Dynamic mbuf fields and flags on the reference and on librte-rs: the
 * offsets and bits chosen for a sequence of registrations (best-fit
 * placement), duplicates, conflicts and the errno of each failure. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>

static void field(const char *name, size_t size, size_t align, size_t req)
{
	struct rte_mbuf_dynfield p;
	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", name);
	p.size = size;
	p.align = align;
	rte_errno = 0;
	int r = req == SIZE_MAX ? rte_mbuf_dynfield_register(&p) : rte_mbuf_dynfield_register_offset(&p, req);
	printf("field %s size=%zu align=%zu req=%zd -> %d errno=%d\n", name, size, align, (ssize_t)req, r,
	       r < 0 ? rte_errno : 0);
}

static void flag(const char *name, unsigned req)
{
	struct rte_mbuf_dynflag p;
	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", name);
	rte_errno = 0;
	int r = req == UINT32_MAX ? rte_mbuf_dynflag_register(&p) : rte_mbuf_dynflag_register_bitnum(&p, req);
	printf("flag %s req=%d -> %d errno=%d\n", name, (int)req, r, r < 0 ? rte_errno : 0);
}

int main(void)
{
	char *argv[] = {"prog", "-l", "0", "--no-huge", "-m", "128", "--no-pci", "--file-prefix=diff_mbuf_dyn", NULL};
	if (rte_eal_init(8, argv) < 0)
		return 1;
	rte_errno = 0;
	int r = rte_mbuf_dynfield_lookup("none", NULL);
	printf("lookup before: %d errno=%d\n", r, rte_errno);
	field("a2", 2, 2, SIZE_MAX);
	field("b8", 8, 8, SIZE_MAX);
	field("c1", 1, 1, SIZE_MAX);
	field("d4", 4, 4, SIZE_MAX);
	field("e16", 16, 8, SIZE_MAX);
	field("b8", 8, 8, SIZE_MAX);
	field("b8", 8, 4, SIZE_MAX);
	field("f4", 4, 4, 100);
	field("g4", 4, 4, 100);
	field("h1", 1, 1, 200);
	field("i3", 4, 3, SIZE_MAX);
	field("j8", 8, 8, SIZE_MAX);
	field("k1", 1, 1, SIZE_MAX);
	field("l1", 1, 1, SIZE_MAX);
	field("m2", 2, 2, SIZE_MAX);
	field("n1", 1, 1, SIZE_MAX);
	field("o1", 1, 1, SIZE_MAX);
	printf("lookup b8: %d\n", rte_mbuf_dynfield_lookup("b8", NULL));
	flag("x", UINT32_MAX);
	flag("y", UINT32_MAX);
	flag("z", 30);
	flag("z", 30);
	flag("z", 31);
	flag("w", 30);
	flag("v", 2);
	flag("u", 64);
	for (int i = 0; i < 18; i++) {
		char n[16];
		snprintf(n, sizeof(n), "fill%d", i);
		flag(n, UINT32_MAX);
	}
	printf("lookup z: %d\n", rte_mbuf_dynflag_lookup("z", NULL));
	/* Leave no runtime directory behind (the reference keeps it). */
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", rte_eal_get_runtime_dir());
	rte_eal_cleanup();
	return system(cmd) == 0 ? 0 : 1;
}
