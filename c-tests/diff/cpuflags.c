/* SPDX-License-Identifier: BSD-3-Clause */
/* Differential: every CPU flag's name and state, and option parsing
 * results that must not depend on the implementation. */
#include <stdio.h>
#include <rte_cpuflags.h>

int main(void)
{
	for (int f = 0; f <= RTE_CPUFLAG_NUMFLAGS; f++) {
		const char *name = rte_cpu_get_flag_name(f);
		printf("%d %s %d\n", f, name ? name : "(null)", rte_cpu_get_flag_enabled(f));
	}
	printf("supported %d\n", rte_cpu_is_supported());
	return 0;
}
