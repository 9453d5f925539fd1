/* SPDX-License-Identifier: BSD-3-Clause */
/* Differential: string helpers, error strings and log-level bookkeeping
 * print the same on the reference and on librte-rs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <rte_common.h>
#include <rte_errno.h>
#include <rte_log.h>
#include <rte_string_fns.h>

int main(void)
{
	const char *inputs[] = { "a,b,,c", ",x,", "", "one", "a,b,c,d,e,f,g,h,i,j" };
	for (size_t i = 0; i < RTE_DIM(inputs); i++) {
		char s[64], *tok[4];
		strcpy(s, inputs[i]);
		int n = rte_strsplit(s, sizeof(s), tok, 4, ',');
		printf("split '%s' -> %d:", inputs[i], n);
		for (int k = 0; k < n; k++)
			printf(" [%s]", tok[k]);
		printf("\n");
	}
	const char *sizes[] = { "0", "64", "2M", "2m", "1G", "3 K", "0x10", "junk", "-1", "7T" };
	for (size_t i = 0; i < RTE_DIM(sizes); i++)
		printf("size '%s' -> %llu\n", sizes[i], (unsigned long long)rte_str_to_size(sizes[i]));
	int errs[] = { 0, EINVAL, ENOMEM, EEXIST, E_RTE_SECONDARY, E_RTE_NO_CONFIG };
	for (size_t i = 0; i < RTE_DIM(errs); i++)
		printf("strerror %d -> %s\n", errs[i], rte_strerror(errs[i]));
	char d[4];
	printf("strscpy %zd %zd\n", (ssize_t)rte_strscpy(d, "abc", 4), (ssize_t)rte_strscpy(d, "abcd", 4));
	printf("eal level %d, user1 level %d, global %u\n", rte_log_get_level(RTE_LOGTYPE_EAL),
	       rte_log_get_level(RTE_LOGTYPE_USER1), rte_log_get_global_level());
	printf("can_log eal info %d debug %d\n", rte_log_can_log(RTE_LOGTYPE_EAL, RTE_LOG_INFO),
	       rte_log_can_log(RTE_LOGTYPE_EAL, RTE_LOG_DEBUG));
	printf("set_level bad %d %d\n", rte_log_set_level(RTE_LOGTYPE_EAL, 9), rte_log_set_level(100000, 1));
	return 0;
}
