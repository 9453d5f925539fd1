/* SPDX-License-Identifier: BSD-3-Clause */
/* Interrupt-thread latencies, the same source built against the reference
 * and against librte-rs (bench/run_intr.py):
 *   intr:  eventfd write -> rte_intr callback on the interrupt thread
 *   alarm: rte_eal_alarm_set(100 us) -> callback, lateness past 100 us
 *   epoll: eventfd write + rte_epoll_wait(RTE_EPOLL_PER_THREAD) in one thread
 * Prints the median of each in microseconds (nanoseconds for epoll). */
#define ALLOW_INTERNAL_API 1
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include <rte_alarm.h>
#include <rte_eal.h>
#include <rte_epoll.h>
#include <rte_interrupts.h>

#define N 2000
static volatile uint64_t stamp;
static struct rte_intr_handle *h;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
	qsort(v, n, sizeof(*v), cmp);
	return v[n / 2];
}

static void on_intr(void *arg)
{
	uint64_t x;
	(void)arg;
	if (read(rte_intr_fd_get(h), &x, sizeof(x)) > 0)
		stamp = now_ns();
}

static void on_alarm(void *arg)
{
	(void)arg;
	stamp = now_ns();
}

static void wait_stamp(void)
{
	while (stamp == 0)
		;
}

int main(int argc, char **argv)
{
	static uint64_t v[N];
	uint64_t one = 1, t0;
	int efd, i;

	if (rte_eal_init(argc, argv) < 0)
		return 1;
	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	rte_intr_fd_set(h, efd);
	rte_intr_type_set(h, RTE_INTR_HANDLE_EXT);
	rte_intr_callback_register(h, on_intr, NULL);
	usleep(10000);
	for (i = 0; i < N; i++) {
		stamp = 0;
		t0 = now_ns();
		if (write(efd, &one, sizeof(one)) != sizeof(one))
			return 1;
		wait_stamp();
		v[i] = stamp - t0;
		usleep(50);
	}
	printf("intr_us %.2f\n", median(v, N) / 1000.0);
	rte_intr_callback_unregister_sync(h, on_intr, NULL);

	for (i = 0; i < N / 4; i++) {
		stamp = 0;
		t0 = now_ns();
		rte_eal_alarm_set(100, on_alarm, NULL);
		wait_stamp();
		v[i] = stamp - t0 - 100000;
	}
	printf("alarm_late_us %.2f\n", median(v, N / 4) / 1000.0);

	{
		struct rte_epoll_event ev, out[1];
		int fd2 = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		memset(&ev, 0, sizeof(ev));
		ev.epdata.event = EPOLLIN;
		rte_epoll_ctl(RTE_EPOLL_PER_THREAD, EPOLL_CTL_ADD, fd2, &ev);
		for (i = 0; i < N; i++) {
			uint64_t x;
			t0 = now_ns();
			if (write(fd2, &one, sizeof(one)) != sizeof(one))
				return 1;
			if (rte_epoll_wait(RTE_EPOLL_PER_THREAD, out, 1, -1) != 1)
				return 1;
			v[i] = now_ns() - t0;
			if (read(fd2, &x, sizeof(x)) < 0)
				return 1;
		}
		printf("epoll_ns %llu\n", (unsigned long long)median(v, N));
		rte_epoll_ctl(RTE_EPOLL_PER_THREAD, EPOLL_CTL_DEL, fd2, &ev);
	}
	rte_intr_instance_free(h);
	rte_eal_cleanup();
	return 0;
}
