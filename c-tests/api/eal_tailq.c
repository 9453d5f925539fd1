/* SPDX-License-Identifier: BSD-3-Clause */
/* Tail queues registered from constructors before init get shared heads at
 * init; lookups find them; duplicates and late registrations behave; the
 * rte_mcfg_* locks are usable. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_eal_memconfig.h>
#include <rte_errno.h>
#include <rte_tailq.h>

#include "../check.h"

struct thing {
	RTE_TAILQ_ENTRY(thing) next;
	int v;
};
RTE_TAILQ_HEAD(thing_list, rte_tailq_entry);

static struct rte_tailq_elem early_tailq = { .name = "TEST_EARLY" };
EAL_REGISTER_TAILQ(early_tailq)

static struct rte_tailq_elem dup_tailq = { .name = "TEST_EARLY" };
static struct rte_tailq_elem late_tailq = { .name = "TEST_LATE" };

int main(void)
{
	char *argv[] = { "prog", "-l", "0", "--no-huge", "--file-prefix=tailq_test", NULL };

	CHECK(early_tailq.head == NULL, "no head before init");
	CHECK(rte_eal_tailq_lookup("TEST_EARLY") == NULL, "no lookup before init");
	CHECK_EQ(rte_eal_init(5, argv), 4);
	CHECK(early_tailq.head != NULL, "head assigned at init");
	CHECK(rte_eal_tailq_lookup("TEST_EARLY") == early_tailq.head, "lookup finds it");
	CHECK(strcmp(early_tailq.head->name, "TEST_EARLY") == 0, "head name");
	CHECK(rte_eal_tailq_lookup("NOPE") == NULL, "unknown name");
	CHECK(rte_eal_tailq_lookup(NULL) == NULL, "NULL name");

	rte_errno = 0;
	CHECK_EQ(rte_eal_tailq_register(&dup_tailq), -1);
	CHECK_EQ(rte_errno, EINVAL);
	CHECK_EQ(rte_eal_tailq_register(&late_tailq), 0);
	CHECK(late_tailq.head != NULL && late_tailq.head != early_tailq.head, "late head");

	/* The list works as a TAILQ under the tailq lock. */
	struct rte_tailq_entry e1 = { .data = (void *)1 }, e2 = { .data = (void *)2 };
	struct rte_tailq_entry_head *list = RTE_TAILQ_CAST(early_tailq.head, rte_tailq_entry_head);
	rte_mcfg_tailq_write_lock();
	TAILQ_INSERT_TAIL(list, &e1, next);
	TAILQ_INSERT_TAIL(list, &e2, next);
	rte_mcfg_tailq_write_unlock();
	rte_mcfg_tailq_read_lock();
	int n = 0;
	struct rte_tailq_entry *it;
	TAILQ_FOREACH(it, list, next)
		n += (int)(long)it->data;
	rte_mcfg_tailq_read_unlock();
	CHECK_EQ(n, 3);
	CHECK(RTE_TAILQ_LOOKUP("TEST_EARLY", rte_tailq_entry_head) == list, "RTE_TAILQ_LOOKUP");

	rte_mcfg_mem_read_lock();
	rte_mcfg_mem_read_unlock();
	rte_mcfg_mem_write_lock();
	rte_mcfg_mem_write_unlock();
	rte_mcfg_mempool_write_lock();
	rte_mcfg_mempool_write_unlock();
	rte_mcfg_timer_lock();
	rte_mcfg_timer_unlock();
	CHECK(!rte_mcfg_get_single_file_segments(), "no --single-file-segments");

	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	rte_dump_tailq(mem);
	fclose(mem);
	CHECK(strstr(buf, "qname:<TEST_EARLY>") && strstr(buf, "qname:<TEST_LATE>"), "%s", buf);
	free(buf);

	CHECK_EQ(rte_eal_cleanup(), 0);
	return check_done("eal_tailq");
}
