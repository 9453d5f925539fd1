/* SPDX-License-Identifier: BSD-3-Clause */
/* The mempool API test (c-tests/api/mempool.c), compiled against the
 * REFERENCE's headers and run on librte-rs: 22.11's inline get/put, cache
 * and ops-table code drive our pools, and a handler registered by a
 * reference-header RTE_MEMPOOL_REGISTER_OPS lands in our table. */
#define PREFIX_NAME "mempool_relink"
#define ALLOW_INTERNAL_API /* rte_mempool_event_callback_* are __rte_internal */
#include "../api/mempool.c"
