/* SPDX-License-Identifier: BSD-3-Clause */
/* Alarms: firing order, arguments, cancel (by argument, any argument),
 * cancel from inside the callback, bad arguments, timing bounds. */
#include <errno.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_alarm.h>
#include "../check.h"

static volatile int order[8], norder;
static volatile int self_ret = -2, self_errno;
static volatile uint64_t fired_ns;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void record(void *arg)
{
	order[norder++] = (int)(intptr_t)arg;
}

static void timed(void *arg)
{
	(void)arg;
	fired_ns = now_ns();
}

static volatile int slow_done;
static void slow(void *arg)
{
	(void)arg;
	usleep(100000);
	slow_done = 1;
}

static volatile int periodic_runs;
static void periodic(void *arg)
{
	if (++periodic_runs < 5)
		rte_eal_alarm_set(2000, periodic, arg);
}

static void self_cancel(void *arg)
{
	self_ret = rte_eal_alarm_cancel(self_cancel, arg);
	self_errno = rte_errno;
}

int main(int argc, char **argv)
{
	char *args[] = { argv[0], "--no-huge", "-m", "64", "--no-pci", "--file-prefix=ctest_alarm", NULL };
	(void)argc;
	CHECK(rte_eal_init(6, args) >= 0, "init");

	CHECK_EQ(rte_eal_alarm_set(30000, record, (void *)3), 0);
	CHECK_EQ(rte_eal_alarm_set(10000, record, (void *)1), 0);
	CHECK_EQ(rte_eal_alarm_set(20000, record, (void *)2), 0);
	CHECK_EQ(rte_eal_alarm_set(25000, record, (void *)9), 0);
	CHECK_EQ(rte_eal_alarm_cancel(record, (void *)9), 1);
	usleep(80000);
	CHECK_EQ(norder, 3);
	CHECK(order[0] == 1 && order[1] == 2 && order[2] == 3, "order %d %d %d", order[0], order[1], order[2]);

	CHECK_EQ(rte_eal_alarm_set(50000, record, (void *)5), 0);
	CHECK_EQ(rte_eal_alarm_set(50000, record, (void *)6), 0);
	CHECK_EQ(rte_eal_alarm_cancel(record, (void *)-1), 2);
	rte_errno = 0;
	CHECK_EQ(rte_eal_alarm_cancel(record, (void *)-1), 0);
	CHECK_EQ(rte_errno, ENOENT);
	usleep(70000);
	CHECK_EQ(norder, 3);

	CHECK_EQ(rte_eal_alarm_set(1000, self_cancel, NULL), 0);
	usleep(30000);
	CHECK_EQ(self_ret, 0);
	CHECK_EQ(self_errno, EINPROGRESS);

	/* Cancel while the callback runs on the interrupt thread: waits for it,
	 * removes the other pending one (22.11: returns 1, rte_errno untouched). */
	CHECK_EQ(rte_eal_alarm_set(1000, slow, (void *)1), 0);
	CHECK_EQ(rte_eal_alarm_set(500000, slow, (void *)2), 0);
	usleep(30000);
	rte_errno = 0;
	CHECK_EQ(rte_eal_alarm_cancel(slow, (void *)-1), 1);
	CHECK_EQ(rte_errno, 0);
	CHECK_EQ(slow_done, 1);
	CHECK_EQ(rte_eal_alarm_cancel(slow, (void *)1), 0);
	CHECK_EQ(rte_errno, ENOENT);

	/* A callback that sets its next alarm (the periodic pattern). */
	CHECK_EQ(rte_eal_alarm_set(2000, periodic, NULL), 0);
	usleep(100000);
	CHECK_EQ(periodic_runs, 5);

	CHECK_EQ(rte_eal_alarm_set(0, record, NULL), -EINVAL);
	CHECK_EQ(rte_eal_alarm_set(10, NULL, NULL), -EINVAL);
	CHECK_EQ(rte_eal_alarm_cancel(NULL, NULL), -1);
	CHECK_EQ(rte_errno, EINVAL);

	/* 5 ms alarm: not early, and late by less than 50 ms on a loaded host. */
	uint64_t t0 = now_ns();
	CHECK_EQ(rte_eal_alarm_set(5000, timed, NULL), 0);
	usleep(100000);
	CHECK(fired_ns >= t0 + 5000000, "fired %llu ns after set (early)", (unsigned long long)(fired_ns - t0));
	CHECK(fired_ns < t0 + 55000000, "fired %llu ns after set (late)", (unsigned long long)(fired_ns - t0));
	printf("alarm latency: %llu us for a 5000 us alarm\n", (unsigned long long)(fired_ns - t0) / 1000);

	CHECK_EQ(rte_eal_cleanup(), 0);
	return check_done("alarm");
}
