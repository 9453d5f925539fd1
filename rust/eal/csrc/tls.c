/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The thread-local variables that DPDK 22.11's inline header code reads
 * directly (RTE_PER_LCORE(_lcore_id), rte_errno, rte_gettid()). Stable Rust
 * cannot define an exported TLS symbol, so they live here, with accessors
 * that the Rust side calls. Names and types are the ABI: do not change them.
 */
#include <stddef.h>
#include <stdint.h>

__thread unsigned int per_lcore__lcore_id = UINT32_MAX; /* LCORE_ID_ANY */
__thread int per_lcore__rte_errno;
__thread int per_lcore__thread_id = -1;
/* Trace buffer and size read by the reference's inline trace points. Tracing
 * is not built, so they stay zero and the inline code takes its "off" path. */
__thread void *per_lcore_trace_mem;
__thread volatile int per_lcore_trace_point_sz; /* as rte_trace_point_register.h */

unsigned int rte_rs_tls_lcore_id(void) { return per_lcore__lcore_id; }
void rte_rs_tls_set_lcore_id(unsigned int id) { per_lcore__lcore_id = id; }
int rte_rs_tls_errno(void) { return per_lcore__rte_errno; }
void rte_rs_tls_set_errno(int e) { per_lcore__rte_errno = e; }
int rte_rs_tls_thread_id(void) { return per_lcore__thread_id; }
void rte_rs_tls_set_thread_id(int id) { per_lcore__thread_id = id; }
