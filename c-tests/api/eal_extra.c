/* SPDX-License-Identifier: BSD-3-Clause */
/* The checks of c-tests/relink/extra_api.c that need no ethdev or trace
 * point header, built here against OUR headers (source compatibility of
 * rte_eal.h's IPC, rte_thread.h's keys, rte_reciprocal.h, rte_vect.h,
 * rte_hypervisor.h, rte_service*.h, rte_random.h, rte_telemetry.h,
 * rte_pci.h). */
#define OUR_HEADERS 1
#define EXTRA_PREFIX "api_eal_extra"
#define EXTRA_NAME "eal_extra"
#include "../relink/extra_api.c"
