/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * eal_init: measures rte_eal_init() with the DPDK API only.
 *
 * Prints one line "init_us=<n> maxrss_kb=<n>": the wall time of
 * rte_eal_init(argc, argv) (CLOCK_MONOTONIC around the call) and the
 * process's peak resident set size right after it (getrusage ru_maxrss).
 * Then calls rte_eal_cleanup() and exits 0; exits 1 if init fails.
 * Built and driven by bench/run_eal_init.py against both the reference
 * DPDK 22.11 and librte-rs.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime with -std=c99 */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/resource.h>

#include <rte_eal.h>
#include <rte_errno.h>

/* Monotonic clock in nanoseconds. */
static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Peak resident set size of this process so far, in KiB. */
static long peak_rss_kb(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return -1;
	return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
	long long start, end;
	long rss;
	int ret;

	start = now_ns();
	ret = rte_eal_init(argc, argv);
	end = now_ns();
	if (ret < 0) {
		fprintf(stderr, "eal_init: rte_eal_init failed: %s\n",
			rte_strerror(rte_errno));
		return 1;
	}
	rss = peak_rss_kb();
	printf("init_us=%lld maxrss_kb=%ld\n", (end - start) / 1000, rss);
	fflush(stdout);
	rte_eal_cleanup();
	return 0;
}
