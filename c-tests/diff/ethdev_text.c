/* SPDX-License-Identifier: BSD-3-Clause */
/* Differential test (no EAL needed): ethdev's text and parsing helpers on
 * the reference and on librte-rs must print the same: link speed names,
 * link descriptions, Rx/Tx offload and capability names for every bit,
 * speed bit flags, and rte_eth_devargs_parse (INTERNAL; its struct is
 * declared here, as ethdev_driver.h is not installed) on representor
 * strings good and bad. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <rte_ethdev.h>

struct eth_devargs_view {
	uint16_t mh[4];
	uint16_t nmh;
	uint16_t ports[32];
	uint16_t nports;
	uint16_t rp[32];
	uint16_t nrp;
	int type;
};
int rte_eth_devargs_parse(const char *dargs, struct eth_devargs_view *eth_da);

int main(void)
{
	static const uint32_t speeds[] = { 0, 10, 100, 1000, 2500, 5000, 10000, 20000, 25000, 40000, 50000, 56000,
		100000, 200000, 12345, UINT32_MAX };
	for (unsigned i = 0; i < sizeof(speeds) / sizeof(speeds[0]); i++)
		printf("speed %u: %s fd=%#x hd=%#x\n", speeds[i], rte_eth_link_speed_to_str(speeds[i]),
			rte_eth_speed_bitflag(speeds[i], 1), rte_eth_speed_bitflag(speeds[i], 0));
	for (int st = 0; st < 2; st++)
		for (int dup = 0; dup < 2; dup++)
			for (int an = 0; an < 2; an++) {
				struct rte_eth_link l = { .link_speed = 25000, .link_status = st, .link_duplex = dup,
					.link_autoneg = an };
				char buf[RTE_ETH_LINK_MAX_STR_LEN], small[8];
				int n = rte_eth_link_to_str(buf, sizeof(buf), &l);
				int m = rte_eth_link_to_str(small, sizeof(small), &l);
				printf("link %d%d%d: %d '%s' %d '%s'\n", st, dup, an, n, buf, m, small);
			}
	for (int b = 0; b < 64; b++)
		printf("bit %2d: rx %s tx %s capa %s\n", b, rte_eth_dev_rx_offload_name(1ULL << b),
			rte_eth_dev_tx_offload_name(1ULL << b), rte_eth_dev_capability_name(1ULL << b));
	static const char *da[] = { "representor=[0-3]", "dv_flow_en=1,representor=c1pf[0,2]vf[1,3-4]",
		"representor=pf1", "representor=sf5", "representor=[3-1]", "representor=c1vf2", "representor=pf0xx",
		"representor=1,representor=2", "representor=[0-40]", "x=1", "representor=vf[0,0,1]",
		"representor=pf[0-1]sf[2]", "representor=", "representor=[1,2", "representor=c[0-1]pf0vf1",
		"representor=5-7", "representor=[0-31]", "representor=[0-32]", NULL };
	for (int i = 0; da[i]; i++) {
		struct eth_devargs_view d;
		memset(&d, 0x55, sizeof(d));
		int r = rte_eth_devargs_parse(da[i], &d);
		printf("devargs %-45s r=%d", da[i], r);
		if (r == 0) {
			printf(" type=%d mh=%u:", d.type, d.nmh);
			for (int k = 0; k < d.nmh; k++)
				printf(" %u", d.mh[k]);
			printf(" pf=%u:", d.nports);
			for (int k = 0; k < d.nports; k++)
				printf(" %u", d.ports[k]);
			printf(" rep=%u:", d.nrp);
			for (int k = 0; k < d.nrp; k++)
				printf(" %u", d.rp[k]);
		}
		printf("\n");
	}
	return 0;
}
