/* SPDX-License-Identifier: BSD-3-Clause */
/* Relink test for librte_ethdev: compiled with the REFERENCE headers, so
 * rte_eth_rx_burst/tx_burst/tx_buffer are 22.11's inline code reading our
 * rte_eth_fp_ops, queues and callback lists. Two net_null vdev ports:
 * lifecycle and its errors, bursts, stats/xstats, Rx/Tx callbacks, event
 * callbacks (NEW/DESTROY with their arguments), owners, Tx buffers.
 * Run against the reference itself, some checks differ by design: its
 * net_null counts no bytes, raises no LSC events (configure with lsc=1 is
 * refused), and accepts size=oops (we refuse malformed arguments). */
#define ETHDEV_FILE_PREFIX "relink_ethdev"
#define ETHDEV_TEST_NAME "ethdev_null relink"
#include "../api/ethdev.c"
