/* SPDX-License-Identifier: BSD-3-Clause */
/* Interrupts: callbacks on an eventfd fire on the interrupt thread with
 * their argument; unregister from inside a callback (-EAGAIN, the _pending
 * form); several callbacks per fd; handle accessors and their limits;
 * rte_epoll_ctl/wait on the per-thread instance; Rx event fds through
 * rte_intr_rx_ctl; enable/disable for VDEV and EXT handles. */
#define ALLOW_INTERNAL_API 1 /* rte_intr_rx_ctl & co. are INTERNAL in the reference */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <dirent.h>
#include <unistd.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_interrupts.h>
#include <rte_epoll.h>
#include "../check.h"

static struct rte_intr_handle *h;
static volatile int fired, fired_arg, on_intr_thread, second;
static volatile int inner_unreg = 1, inner_pending = -1, ucb_called;

static void drain(int fd)
{
	uint64_t v;
	if (read(fd, &v, sizeof(v)) < 0) {
		/* nothing to drain */
	}
}

static void kick(int fd)
{
	uint64_t one = 1;
	if (write(fd, &one, sizeof(one)) != sizeof(one))
		abort();
}

static void wait_for(volatile int *v, int want)
{
	for (int i = 0; i < 200 && *v < want; i++)
		usleep(5000);
}

static void cb(void *arg)
{
	drain(rte_intr_fd_get(h));
	fired_arg = (int)(intptr_t)arg;
	on_intr_thread = rte_thread_is_intr();
	fired++;
}

static void cb2(void *arg)
{
	(void)arg;
	second++;
}

static void ucb(struct rte_intr_handle *ih, void *arg)
{
	(void)ih;
	ucb_called = (int)(intptr_t)arg;
}

static void self_unreg(void *arg)
{
	drain(rte_intr_fd_get(h));
	inner_unreg = rte_intr_callback_unregister(h, self_unreg, arg);
	inner_pending = rte_intr_callback_unregister_pending(h, self_unreg, arg, ucb);
	fired++;
}

/* Whether a thread of this process is called `name`. */
static int has_thread(const char *name)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int found = 0;
	char path[300], comm[64];
	while (d != NULL && (e = readdir(d)) != NULL) {
		FILE *f;
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		if (fgets(comm, sizeof(comm), f) != NULL && strncmp(comm, name, strlen(name)) == 0)
			found = 1;
		fclose(f);
	}
	if (d != NULL)
		closedir(d);
	return found;
}

static volatile int ep_cb_fd = -1;
static void *ep_cb_arg;
static void ep_cb(int fd, void *arg)
{
	ep_cb_fd = fd;
	ep_cb_arg = arg;
	drain(fd);
}

/* Stress: threads register, kick and unregister_sync their own sources
 * while the interrupt thread dispatches; no callback may run after its
 * unregister_sync returned. */
struct stress {
	struct rte_intr_handle *h;
	int fd;
	volatile int gone;
	volatile int calls, late;
};

static void stress_cb(void *arg)
{
	struct stress *st = arg;
	uint64_t v;
	if (read(st->fd, &v, sizeof(v)) < 0) {
		/* already drained */
	}
	if (st->gone)
		st->late++;
	st->calls++;
}

static void *stress_thread(void *arg)
{
	struct stress *st = arg;
	for (int i = 0; i < 1000; i++) {
		st->gone = 0;
		if (rte_intr_callback_register(st->h, stress_cb, st) != 0)
			st->late += 1000;
		kick(st->fd);
		if (i % 3 == 0)
			usleep(20);
		if (rte_intr_callback_unregister_sync(st->h, stress_cb, st) != 1)
			st->late += 1000;
		st->gone = 1;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	char *args[] = { argv[0], "--no-huge", "-m", "64", "--no-pci", "--file-prefix=ctest_intr", NULL };
	int efd;
	(void)argc;
	CHECK(rte_eal_init(6, args) >= 0, "init");
	CHECK_EQ(rte_thread_is_intr(), 0);
	CHECK(has_thread("eal-intr-thread"), "the interrupt thread runs after init");

	/* Handle accessors. */
	CHECK(rte_intr_instance_alloc(0x80) == NULL && rte_errno == EINVAL, "bad flags");
	h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	CHECK(h != NULL, "alloc");
	CHECK_EQ(rte_intr_fd_get(h), 0); /* zeroed, as 22.11 */
	CHECK_EQ(rte_intr_type_get(h), RTE_INTR_HANDLE_UNKNOWN);
	CHECK_EQ(rte_intr_nb_intr_get(h), RTE_MAX_RXTX_INTR_VEC_ID);
	CHECK_EQ(rte_intr_max_intr_set(h, RTE_MAX_RXTX_INTR_VEC_ID + 1), -ERANGE);
	CHECK_EQ(rte_intr_max_intr_set(h, 3), 0);
	CHECK_EQ(rte_intr_max_intr_get(h), 3);
	CHECK_EQ(rte_intr_efds_index_set(h, RTE_MAX_RXTX_INTR_VEC_ID, 5), -ERANGE);
	CHECK_EQ(rte_intr_vec_list_index_set(h, 0, 1), -ERANGE);
	CHECK_EQ(rte_intr_vec_list_alloc(h, "q", 4), 0);
	CHECK_EQ(rte_intr_vec_list_index_set(h, 3, 7), 0);
	CHECK_EQ(rte_intr_vec_list_index_get(h, 3), 7);
	CHECK_EQ(rte_intr_vec_list_index_get(h, 4), -ERANGE);
	rte_intr_vec_list_free(h);
	CHECK_EQ(rte_intr_fd_set(NULL, 3), -EINVAL);
	CHECK_EQ(rte_intr_fd_get(NULL), -1);
	CHECK_EQ(rte_intr_event_list_update(h, 8), 0);
	CHECK_EQ(rte_intr_nb_intr_get(h), 8);
	CHECK_EQ(rte_intr_event_list_update(h, RTE_MAX_RXTX_INTR_VEC_ID), 0);

	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	CHECK_EQ(rte_intr_fd_set(h, efd), 0);
	CHECK_EQ(rte_intr_type_set(h, RTE_INTR_HANDLE_EXT), 0);
	{
		struct rte_intr_handle *d = rte_intr_instance_dup(h);
		CHECK(d != NULL && rte_intr_fd_get(d) == efd && rte_intr_type_get(d) == RTE_INTR_HANDLE_EXT, "dup");
		rte_intr_instance_free(d);
	}

	/* Callbacks. */
	CHECK_EQ(rte_intr_callback_register(h, NULL, NULL), -EINVAL);
	CHECK_EQ(rte_intr_callback_register(NULL, cb, NULL), -EINVAL);
	CHECK_EQ(rte_intr_callback_register(h, cb, (void *)42), 0);
	CHECK_EQ(rte_intr_callback_register(h, cb2, (void *)1), 0);
	kick(efd);
	wait_for(&fired, 1);
	wait_for(&second, 1);
	CHECK_EQ(fired, 1);
	CHECK_EQ(fired_arg, 42);
	CHECK_EQ(on_intr_thread, 1);
	CHECK_EQ(second, 1);
	CHECK_EQ(rte_intr_callback_unregister(h, cb2, (void *)-1), 1);
	CHECK_EQ(rte_intr_callback_unregister(h, cb, (void *)7), 0);
	CHECK_EQ(rte_intr_callback_unregister_pending(h, cb, (void *)42, ucb), -EAGAIN);
	CHECK_EQ(rte_intr_callback_unregister_sync(h, cb, (void *)42), 1);
	CHECK_EQ(rte_intr_callback_unregister(h, cb, (void *)42), -ENOENT);
	kick(efd);
	usleep(30000);
	CHECK_EQ(fired, 1);
	drain(efd);

	/* Unregister from inside the callback. */
	fired = 0;
	CHECK_EQ(rte_intr_callback_register(h, self_unreg, (void *)9), 0);
	kick(efd);
	wait_for(&fired, 1);
	wait_for(&ucb_called, 9);
	CHECK_EQ(inner_unreg, -EAGAIN);
	CHECK_EQ(inner_pending, 1);
	CHECK_EQ(ucb_called, 9);
	kick(efd);
	usleep(30000);
	CHECK_EQ(fired, 1);
	CHECK_EQ(rte_intr_callback_unregister(h, self_unreg, (void *)9), -ENOENT);
	drain(efd);

	/* enable/disable/ack. */
	CHECK_EQ(rte_intr_enable(h), -1); /* EXT without a device fd */
	CHECK_EQ(rte_intr_type_set(h, RTE_INTR_HANDLE_VDEV), 0);
	CHECK_EQ(rte_intr_enable(h), 0);
	CHECK_EQ(rte_intr_disable(h), 0);
	CHECK_EQ(rte_intr_ack(h), 0);
	CHECK_EQ(rte_intr_enable(NULL), -1);

	/* rte_epoll on the per-thread instance. */
	{
		struct rte_epoll_event ev = { 0 }, out[4];
		int fd2 = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		ev.epdata.event = EPOLLIN;
		ev.epdata.data = (void *)0x1234;
		ev.epdata.cb_fun = ep_cb;
		ev.epdata.cb_arg = (void *)0x99;
		CHECK(rte_intr_tls_epfd() >= 0, "tls epfd");
		CHECK_EQ(rte_epoll_ctl(RTE_EPOLL_PER_THREAD, EPOLL_CTL_ADD, fd2, &ev), 0);
		CHECK_EQ(ev.status, RTE_EPOLL_VALID);
		CHECK_EQ(ev.epfd, rte_intr_tls_epfd());
		CHECK_EQ(rte_epoll_wait(RTE_EPOLL_PER_THREAD, out, 4, 10), 0);
		kick(fd2);
		CHECK_EQ(rte_epoll_wait(RTE_EPOLL_PER_THREAD, out, 4, 1000), 1);
		CHECK(out[0].epdata.data == (void *)0x1234 && out[0].fd == fd2, "event data");
		CHECK(ep_cb_fd == fd2 && ep_cb_arg == (void *)0x99, "event callback");
		CHECK_EQ(rte_epoll_ctl(RTE_EPOLL_PER_THREAD, EPOLL_CTL_DEL, fd2, &ev), 0);
		CHECK_EQ(ev.status, RTE_EPOLL_INVALID);
		CHECK_EQ(rte_epoll_ctl(RTE_EPOLL_PER_THREAD, EPOLL_CTL_ADD, fd2, NULL), -1);
		CHECK_EQ(rte_epoll_wait(RTE_EPOLL_PER_THREAD, NULL, 4, 0), -1);
		close(fd2);
	}

	/* Rx event fds of a VDEV handle. */
	{
		struct rte_epoll_event out[2];
		int q = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		uint64_t v;
		CHECK_EQ(rte_intr_dp_is_en(h), 0);
		CHECK_EQ(rte_intr_allow_others(h), 1);
		CHECK_EQ(rte_intr_cap_multiple(h), 1);
		CHECK_EQ(rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_ADD, 1, NULL), -EPERM);
		CHECK_EQ(rte_intr_efd_counter_size_set(h, 8), 0);
		CHECK_EQ(rte_intr_efd_enable(h, 1), 0);
		CHECK_EQ(rte_intr_efds_index_set(h, 0, q), 0);
		CHECK_EQ(rte_intr_nb_efd_set(h, 1), 0);
		CHECK_EQ(rte_intr_max_intr_set(h, 2), 0);
		CHECK_EQ(rte_intr_dp_is_en(h), 1);
		CHECK_EQ(rte_intr_allow_others(h), 1);
		CHECK_EQ(rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_ADD, 1, (void *)0x77), 0);
		CHECK_EQ(rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_ADD, 1, (void *)0x77), -EEXIST);
		kick(q);
		CHECK_EQ(rte_epoll_wait(RTE_EPOLL_PER_THREAD, out, 2, 1000), 1);
		CHECK(out[0].epdata.data == (void *)0x77, "queue data");
		CHECK(read(q, &v, sizeof(v)) < 0 && errno == EAGAIN, "counter drained by the event callback");
		CHECK_EQ(rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_DEL, 1, NULL), 0);
		CHECK_EQ(rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_DEL, 1, NULL), -EPERM);
		CHECK_EQ(rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, 9, 1, NULL), -EPERM);
		CHECK(rte_intr_elist_index_get(h, 0) != NULL, "elist");
		CHECK_EQ(rte_intr_rx_ctl(h, RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_ADD, 1, NULL), 0);
		CHECK_EQ(rte_intr_elist_index_get(h, 0)->status, RTE_EPOLL_VALID);
		rte_intr_free_epoll_fd(h);
		CHECK_EQ(rte_intr_elist_index_get(h, 0)->status, RTE_EPOLL_INVALID);
		CHECK_EQ(rte_intr_elist_index_get(h, 0)->fd, -1);
		rte_intr_efd_disable(h);
		CHECK_EQ(rte_intr_dp_is_en(h), 0);
		close(q);
	}

	rte_intr_instance_free(h);
	close(efd);

	{
		struct stress st[3];
		pthread_t t[3];
		int calls = 0;
		for (int i = 0; i < 3; i++) {
			memset(&st[i], 0, sizeof(st[i]));
			st[i].fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
			st[i].h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
			rte_intr_fd_set(st[i].h, st[i].fd);
			rte_intr_type_set(st[i].h, RTE_INTR_HANDLE_EXT);
			pthread_create(&t[i], NULL, stress_thread, &st[i]);
		}
		for (int i = 0; i < 3; i++) {
			pthread_join(t[i], NULL);
			CHECK_EQ(st[i].late, 0);
			calls += st[i].calls;
			rte_intr_instance_free(st[i].h);
			close(st[i].fd);
		}
		CHECK(calls > 0, "stress: %d callbacks ran", calls);
		printf("stress: 3000 register/kick/unregister_sync cycles, %d callbacks ran\n", calls);
	}
	CHECK_EQ(rte_eal_cleanup(), 0);
	return check_done("intr");
}
