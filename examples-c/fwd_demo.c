/* SPDX-License-Identifier: BSD-3-Clause */
/* Forwarding demo on software ports: every port's queue 0 is forwarded to
 * its pair (0<->1, 2<->3, ...) by one worker lcore, while the main lcore
 * prints the packets per second forwarded, from the ports' counters, once
 * a second for a few seconds; then the worker is told to stop, the ports
 * are stopped and closed, and the program exits.
 * usage: fwd_demo [EAL options] -- [SECONDS]   (two or more ports needed,
 * e.g. --vdev=net_null0 --vdev=net_null1) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_cycles.h>

#define BURST 32

static volatile int quit;
static uint16_t nb_ports;

static int forward(void *arg)
{
	struct rte_mbuf *pkts[BURST];
	(void)arg;
	while (!quit) {
		for (uint16_t p = 0; p < nb_ports; p++) {
			uint16_t n = rte_eth_rx_burst(p, 0, pkts, BURST);
			if (n == 0)
				continue;
			uint16_t sent = rte_eth_tx_burst(p ^ 1, 0, pkts, n);
			if (sent < n)
				rte_pktmbuf_free_bulk(&pkts[sent], n - sent);
		}
	}
	return 0;
}

static int port_up(uint16_t port, struct rte_mempool *pool)
{
	struct rte_eth_conf conf;
	uint16_t nrx = 1024, ntx = 1024;
	memset(&conf, 0, sizeof(conf));
	if (rte_eth_dev_configure(port, 1, 1, &conf) < 0 ||
	    rte_eth_dev_adjust_nb_rx_tx_desc(port, &nrx, &ntx) < 0 ||
	    rte_eth_rx_queue_setup(port, 0, nrx, rte_eth_dev_socket_id(port), NULL, pool) < 0 ||
	    rte_eth_tx_queue_setup(port, 0, ntx, rte_eth_dev_socket_id(port), NULL) < 0 ||
	    rte_eth_dev_start(port) < 0)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	int n = rte_eal_init(argc, argv);
	if (n < 0) {
		fprintf(stderr, "EAL init failed\n");
		return 1;
	}
	argc -= n;
	argv += n;
	int seconds = argc > 1 ? atoi(argv[1]) : 5;
	nb_ports = rte_eth_dev_count_avail() & ~1u;
	if (nb_ports < 2) {
		fprintf(stderr, "need two ports (e.g. --vdev=net_null0 --vdev=net_null1)\n");
		return 1;
	}
	unsigned worker = rte_get_next_lcore(-1, 1, 0);
	if (worker >= RTE_MAX_LCORE) {
		fprintf(stderr, "need two lcores (e.g. -l 0-1)\n");
		return 1;
	}
	struct rte_mempool *pool = rte_pktmbuf_pool_create("demo_pool", 8191, 256, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	if (pool == NULL) {
		fprintf(stderr, "cannot create the mbuf pool\n");
		return 1;
	}
	for (uint16_t p = 0; p < nb_ports; p++) {
		char name[RTE_ETH_NAME_MAX_LEN];
		rte_eth_dev_get_name_by_port(p, name);
		if (port_up(p, pool) < 0) {
			fprintf(stderr, "port %u (%s): setup failed\n", p, name);
			return 1;
		}
		printf("port %u: %s started\n", p, name);
	}
	rte_eal_remote_launch(forward, NULL, worker);
	uint64_t last = 0, hz = rte_get_timer_hz(), t0 = rte_get_timer_cycles();
	for (int s = 1; s <= seconds; s++) {
		sleep(1);
		uint64_t total = 0;
		for (uint16_t p = 0; p < nb_ports; p++) {
			struct rte_eth_stats st;
			if (rte_eth_stats_get(p, &st) == 0)
				total += st.opackets;
		}
		double dt = (double)(rte_get_timer_cycles() - t0) / hz;
		printf("%2d s: %8.2f Mpps forwarded (%" PRIu64 " packets in all)\n", s,
			(double)(total - last) / dt / 1e6, total);
		fflush(stdout);
		last = total;
		t0 = rte_get_timer_cycles();
	}
	quit = 1;
	rte_eal_mp_wait_lcore();
	for (uint16_t p = 0; p < nb_ports; p++) {
		rte_eth_dev_stop(p);
		rte_eth_dev_close(p);
	}
	rte_mempool_free(pool);
	rte_eal_cleanup();
	printf("done\n");
	return 0;
}
