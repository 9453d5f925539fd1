/* SPDX-License-Identifier: BSD-3-Clause */
#define _GNU_SOURCE
/* Lcores and launch through the C ABI: ids, roles, sockets, remote launch
 * (busy lcore -> -EBUSY), wait, callbacks, thread registration, control
 * threads, dump. Needs 2 CPUs (-l 0-1). */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_thread.h>

#include "../check.h"

static atomic_int release_worker;
static atomic_int worker_saw_lcore = -1;

static int blocking_job(void *arg)
{
	worker_saw_lcore = (int)rte_lcore_id();
	while (!release_worker)
		usleep(1000);
	return (int)(long)arg;
}

static atomic_int ran_on[RTE_MAX_LCORE];

static int mark_job(void *arg)
{
	(void)arg;
	ran_on[rte_lcore_id()]++;
	return 7;
}

static int inits, uninits;
static unsigned last_init_lcore;

static int cb_init(unsigned int lcore_id, void *arg)
{
	(void)arg;
	inits++;
	last_init_lcore = lcore_id;
	return 0;
}

static void cb_uninit(unsigned int lcore_id, void *arg)
{
	(void)lcore_id;
	(void)arg;
	uninits++;
}

static int refuse_init(unsigned int lcore_id, void *arg)
{
	(void)arg;
	return lcore_id == 1 ? -1 : 0;
}

static int iter_count(unsigned int lcore_id, void *arg)
{
	(void)lcore_id;
	(*(int *)arg)++;
	return 0;
}

static int iter_stop(unsigned int lcore_id, void *arg)
{
	(void)arg;
	return lcore_id == 1 ? 99 : 0;
}

struct reg_result {
	int ret;
	unsigned lcore;
	int role;
	unsigned after;
};

static void *register_thread(void *arg)
{
	struct reg_result *r = arg;
	r->ret = rte_thread_register();
	r->lcore = rte_lcore_id();
	r->role = rte_eal_lcore_role(r->lcore);
	rte_thread_unregister();
	r->after = rte_lcore_id();
	return NULL;
}

static cpu_set_t ctrl_affinity;
/* The control thread stays alive until its name has been read. */
static volatile int ctrl_release;
static void *ctrl_main(void *arg)
{
	(void)arg;
	sched_getaffinity(0, sizeof(ctrl_affinity), &ctrl_affinity);
	while (!__atomic_load_n(&ctrl_release, __ATOMIC_ACQUIRE))
		usleep(1000);
	return NULL;
}

int main(void)
{
	char *argv[] = { "prog", "-l", "0-1", "--no-huge", "--file-prefix=lcore_test", NULL };

	/* Before init: no lcores, queries answer without crashing. */
	CHECK_EQ(rte_lcore_count(), 0);
	CHECK_EQ(rte_lcore_id(), LCORE_ID_ANY);
	CHECK_EQ(rte_thread_register(), -1);

	CHECK_EQ(rte_eal_init(5, argv), 4);
	CHECK_EQ(rte_lcore_count(), 2);
	CHECK_EQ(rte_get_main_lcore(), 0);
	CHECK_EQ(rte_lcore_id(), 0);
	CHECK_EQ(rte_lcore_is_enabled(1), 1);
	CHECK_EQ(rte_lcore_is_enabled(2), 0);
	CHECK_EQ(rte_lcore_is_enabled(RTE_MAX_LCORE + 5), 0);
	CHECK_EQ(rte_eal_lcore_role(1), ROLE_RTE);
	CHECK_EQ(rte_eal_lcore_role(5), ROLE_OFF);
	CHECK_EQ(rte_eal_lcore_role(100000), ROLE_OFF);
	CHECK_EQ(rte_lcore_has_role(1, ROLE_RTE), 1);
	CHECK_EQ(rte_lcore_has_role(1, ROLE_SERVICE), 0);
	CHECK_EQ(rte_lcore_has_role(RTE_MAX_LCORE, ROLE_RTE), -EINVAL);
	CHECK_EQ(rte_lcore_index(-1), 0);
	CHECK_EQ(rte_lcore_index(1), 1);
	CHECK_EQ(rte_lcore_index(3), -1);
	CHECK_EQ(rte_lcore_index(RTE_MAX_LCORE), -1);
	CHECK_EQ(rte_lcore_to_cpu_id(1), 1);
	CHECK_EQ(rte_lcore_to_cpu_id(-3), -1);
	CHECK_EQ(rte_lcore_to_socket_id(1), 0);
	CHECK_EQ(rte_socket_id(), 0);
	CHECK(rte_socket_count() >= 1, "socket count %u", rte_socket_count());
	CHECK_EQ(rte_socket_id_by_idx(0), 0);
	rte_errno = 0;
	CHECK_EQ(rte_socket_id_by_idx(1000), -1);
	CHECK_EQ(rte_errno, EINVAL);
	rte_cpuset_t cs = rte_lcore_cpuset(1);
	CHECK(CPU_ISSET(1, &cs) && CPU_COUNT(&cs) == 1, "lcore 1 runs on cpu 1 only");
	cs = rte_lcore_cpuset(77);
	CHECK_EQ(CPU_COUNT(&cs), 0);

	/* Iteration helpers. */
	CHECK_EQ(rte_get_next_lcore(-1, 0, 0), 0);
	CHECK_EQ(rte_get_next_lcore(-1, 1, 0), 1);
	CHECK_EQ(rte_get_next_lcore(1, 0, 0), RTE_MAX_LCORE);
	CHECK_EQ(rte_get_next_lcore(1, 0, 1), 0);
	CHECK_EQ(rte_get_next_lcore(0, 1, 1), 1);
	unsigned n = 0, i;
	RTE_LCORE_FOREACH_WORKER(i)
		n++;
	CHECK_EQ(n, 1);

	/* Launch, busy, wait. */
	CHECK_EQ(rte_eal_get_lcore_state(1), WAIT);
	CHECK_EQ(rte_eal_wait_lcore(1), 0);
	CHECK_EQ(rte_eal_remote_launch(blocking_job, (void *)41L, 1), 0);
	CHECK_EQ(rte_eal_get_lcore_state(1), RUNNING);
	CHECK_EQ(rte_eal_remote_launch(mark_job, NULL, 1), -EBUSY);
	CHECK_EQ(rte_eal_mp_remote_launch(mark_job, NULL, CALL_MAIN), -EBUSY);
	CHECK_EQ(ran_on[0], 0);
	release_worker = 1;
	CHECK_EQ(rte_eal_wait_lcore(1), 41);
	CHECK_EQ(worker_saw_lcore, 1);
	CHECK_EQ(rte_eal_get_lcore_state(1), WAIT);
	CHECK_EQ(rte_eal_remote_launch(mark_job, NULL, 0), -EINVAL);
	CHECK_EQ(rte_eal_remote_launch(mark_job, NULL, 5), -EINVAL);
	CHECK_EQ(rte_eal_remote_launch(NULL, NULL, 1), -EINVAL);
	CHECK_EQ(rte_eal_mp_remote_launch(mark_job, NULL, CALL_MAIN), 0);
	rte_eal_mp_wait_lcore();
	CHECK_EQ(ran_on[0], 1);
	CHECK_EQ(ran_on[1], 1);
	CHECK_EQ(rte_eal_wait_lcore(1), 7);
	CHECK_EQ(rte_eal_mp_remote_launch(mark_job, NULL, SKIP_MAIN), 0);
	rte_eal_mp_wait_lcore();
	CHECK_EQ(ran_on[0], 1);
	CHECK_EQ(ran_on[1], 2);

	/* Lcore callbacks: run for existing lcores, refused registration undone. */
	void *h = rte_lcore_callback_register("t", cb_init, cb_uninit, NULL);
	CHECK(h != NULL, "callback registered");
	CHECK_EQ(inits, 2);
	CHECK(rte_lcore_callback_register("refuse", refuse_init, cb_uninit, NULL) == NULL,
	      "a refusing init fails the registration");
	CHECK_EQ(uninits, 1); /* lcore 0 accepted, then was uninitialised */
	CHECK(rte_lcore_callback_register(NULL, cb_init, NULL, NULL) == NULL, "NULL name refused");

	/* Thread registration gets a free lcore id and runs the callbacks. */
	struct reg_result r = { 0 };
	pthread_t t;
	pthread_create(&t, NULL, register_thread, &r);
	pthread_join(t, NULL);
	CHECK_EQ(r.ret, 0);
	CHECK_EQ(r.lcore, 2);
	CHECK_EQ(r.role, ROLE_NON_EAL);
	CHECK_EQ(r.after, LCORE_ID_ANY);
	CHECK_EQ(inits, 3);
	CHECK_EQ(last_init_lcore, 2);
	CHECK_EQ(rte_eal_lcore_role(2), ROLE_OFF);
	CHECK_EQ(rte_lcore_count(), 2);
	int before = uninits;
	rte_lcore_callback_unregister(h);
	CHECK_EQ(uninits, before + 2);

	/* Iterate and dump. */
	int seen = 0;
	CHECK_EQ(rte_lcore_iterate(iter_count, &seen), 0);
	CHECK_EQ(seen, 2);
	CHECK_EQ(rte_lcore_iterate(iter_stop, NULL), 99);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	rte_lcore_dump(mem);
	fclose(mem);
	CHECK(strstr(buf, "lcore 0, socket 0, role RTE, cpuset 0") != NULL, "dump: %s", buf);
	CHECK(strstr(buf, "lcore 1, socket 0, role RTE, cpuset 1") != NULL, "dump: %s", buf);
	free(buf);

	/* Control threads: named, and off the lcores' CPUs (here every CPU is an
	 * lcore's, so they share the main lcore's). */
	pthread_t ct;
	CHECK_EQ(rte_ctrl_thread_create(&ct, "rs-ctrl-test", NULL, ctrl_main, NULL), 0);
	char name[32] = "";
	CHECK_EQ(rte_thread_getname(ct, name, sizeof(name)), 0);
	__atomic_store_n(&ctrl_release, 1, __ATOMIC_RELEASE);
	pthread_join(ct, NULL);
	CHECK(strcmp(name, "rs-ctrl-test") == 0, "name %s", name);
	CHECK(CPU_ISSET(0, &ctrl_affinity) && CPU_COUNT(&ctrl_affinity) == 1,
	      "control thread affinity (%d cpus)", CPU_COUNT(&ctrl_affinity));
	CHECK_EQ(rte_ctrl_thread_create(&ct, "x", NULL, NULL, NULL), EINVAL);

	/* Affinity of the calling thread. */
	rte_cpuset_t mine;
	rte_thread_get_affinity(&mine);
	CHECK(CPU_ISSET(0, &mine) && CPU_COUNT(&mine) == 1, "main thread pinned to cpu 0");
	CHECK_EQ(rte_gettid(), rte_sys_gettid());
	CHECK(rte_thread_equal(rte_thread_self(), rte_thread_self()), "thread_equal");

	CHECK_EQ(rte_eal_cleanup(), 0);
	/* Workers are joined: nothing can be launched any more. */
	CHECK_EQ(rte_eal_remote_launch(mark_job, NULL, 1), -EINVAL);
	return check_done("eal_lcore");
}
