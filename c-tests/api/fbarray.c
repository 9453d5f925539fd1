/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_fbarray through the installed headers: every function and its
 * errors on an anonymous array before rte_eal_init; a file-backed array in
 * the runtime directory after it, attached from a forked child that shares
 * its bits both ways, destroy refused (EBUSY) while the child is attached,
 * the file removed by destroy; the struct's rwlock taken by the headers'
 * inline code holding off the library's writers. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_fbarray.h>
#include <rte_rwlock.h>

#include "../check.h"

/* Checks that `call` returns `ret` and sets rte_errno to `err`. */
#define CHECK_ERR(call, ret, err) do { \
	rte_errno = 0; \
	long long _r = (long long)(call); \
	CHECK(_r == (long long)(ret) && rte_errno == (err), "%s = %lld errno %d, expected %lld errno %d", \
	      #call, _r, rte_errno, (long long)(ret), (err)); \
} while (0)

/* A struct in shared memory, as a memseg list keeps it: a forked child and
 * its parent see the same count, lock and data pointer. */
static struct rte_fbarray *shared_struct(void)
{
	void *p = mmap(NULL, sizeof(struct rte_fbarray), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

static char *dump(struct rte_fbarray *arr)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	rte_fbarray_dump_metadata(arr, f);
	fclose(f);
	return buf;
}

static int file_exists(const char *name)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/fbarray_%s", rte_eal_get_runtime_dir(), name);
	return access(path, F_OK) == 0;
}

static void argument_errors(void)
{
	static struct rte_fbarray a, zero;
	char name[RTE_FBARRAY_NAME_LEN + 1];

	CHECK_ERR(rte_fbarray_init(NULL, "x", 10, 1), -1, EINVAL);
	CHECK_ERR(rte_fbarray_init(&a, NULL, 10, 1), -1, EINVAL);
	CHECK_ERR(rte_fbarray_init(&a, "x", 0, 1), -1, EINVAL);
	CHECK_ERR(rte_fbarray_init(&a, "x", (unsigned int)INT_MAX + 1, 1), -1, EINVAL);
	CHECK_ERR(rte_fbarray_init(&a, "x", 10, 0), -1, EINVAL);
	memset(name, 'n', sizeof(name));
	name[RTE_FBARRAY_NAME_LEN] = '\0';
	CHECK_ERR(rte_fbarray_init(&a, name, 10, 1), -1, ENAMETOOLONG);
	name[RTE_FBARRAY_NAME_LEN - 1] = '\0';
	CHECK_ERR(rte_fbarray_init(&a, name, 10, 1), 0, 0);
	CHECK(strcmp(a.name, name) == 0, "name %s", a.name);
	CHECK_EQ(rte_fbarray_destroy(&a), 0);

	CHECK_ERR(rte_fbarray_attach(NULL), -1, EINVAL);
	CHECK_ERR(rte_fbarray_attach(&zero), -1, EINVAL);
	CHECK_ERR(rte_fbarray_detach(NULL), -1, EINVAL);
	CHECK_ERR(rte_fbarray_detach(&zero), -1, ENOENT);
	CHECK_ERR(rte_fbarray_destroy(NULL), -1, EINVAL);
	CHECK_ERR(rte_fbarray_destroy(&zero), -1, ENOENT);
	CHECK_ERR(rte_fbarray_get(NULL, 0), NULL, EINVAL);
	CHECK_ERR(rte_fbarray_get(&zero, 0), NULL, EINVAL);
	CHECK_ERR(rte_fbarray_find_idx(NULL, &a), -1, EINVAL);
	CHECK_ERR(rte_fbarray_set_used(NULL, 0), -1, EINVAL);
	CHECK_ERR(rte_fbarray_set_free(NULL, 0), -1, EINVAL);
	CHECK_ERR(rte_fbarray_is_used(NULL, 0), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_next_free(NULL, 0), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_next_used(NULL, 0), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_prev_free(NULL, 0), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_prev_used(NULL, 0), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_next_n_free(NULL, 0, 1), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_next_n_used(NULL, 0, 1), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_prev_n_free(NULL, 0, 1), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_prev_n_used(NULL, 0, 1), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_contig_free(NULL, 0), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_contig_used(NULL, 0), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_rev_contig_free(NULL, 0), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_rev_contig_used(NULL, 0), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_biggest_free(NULL, 0), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_biggest_used(NULL, 0), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_rev_biggest_free(NULL, 0), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_rev_biggest_used(NULL, 0), -1, EINVAL);

	/* dump: NULL arguments print nothing; an invalid struct says so. */
	char *text = dump(NULL);
	CHECK(text && text[0] == '\0', "dump(NULL) printed %s", text);
	free(text);
	rte_errno = 0;
	rte_fbarray_dump_metadata(&zero, NULL);
	CHECK_EQ(rte_errno, EINVAL);
	rte_errno = 0;
	text = dump(&zero);
	CHECK(text && strcmp(text, "Invalid file-backed array\n") == 0, "dump(zeroed) printed %s", text);
	CHECK_EQ(rte_errno, EINVAL);
	free(text);
}

/* Every function on an anonymous array (before rte_eal_init). */
static void anonymous_array(void)
{
	static struct rte_fbarray a, dup;
	const unsigned int len = 130;

	CHECK_EQ(rte_fbarray_init(&a, "anon", len, 16), 0);
	CHECK(strcmp(a.name, "anon") == 0, "name %s", a.name);
	CHECK_EQ(a.len, len);
	CHECK_EQ(a.elt_sz, 16);
	CHECK_EQ(a.count, 0);
	CHECK(a.data != NULL, "data");
	/* Anonymous arrays have no file: the same name again is fine. */
	CHECK_EQ(rte_fbarray_init(&dup, "anon", 10, 1), 0);
	CHECK(dup.data != a.data, "separate memory");
	CHECK_EQ(rte_fbarray_destroy(&dup), 0);

	/* Elements: get, find_idx, and writes that do not touch the bitmap. */
	char *e5 = rte_fbarray_get(&a, 5);
	CHECK(e5 == (char *)a.data + 5 * 16, "get(5) = %p", (void *)e5);
	CHECK_ERR(rte_fbarray_get(&a, len), NULL, EINVAL);
	CHECK_EQ(rte_fbarray_find_idx(&a, e5), 5);
	CHECK_EQ(rte_fbarray_find_idx(&a, e5 + 15), 5);
	CHECK_ERR(rte_fbarray_find_idx(&a, NULL), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_idx(&a, (char *)a.data - 1), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_idx(&a, (char *)a.data + len * 16), -1, EINVAL);
	for (unsigned int i = 0; i < len; i++)
		memset(rte_fbarray_get(&a, i), 0xff, 16);
	CHECK_EQ(a.count, 0);
	CHECK_ERR(rte_fbarray_find_next_used(&a, 0), -1, ENOENT);

	/* Used: 10-19, 63-64 (across a word boundary), 100-129 (to the end). */
	for (unsigned int i = 10; i < 20; i++)
		CHECK_EQ(rte_fbarray_set_used(&a, i), 0);
	CHECK_EQ(rte_fbarray_set_used(&a, 63), 0);
	CHECK_EQ(rte_fbarray_set_used(&a, 64), 0);
	CHECK_EQ(rte_fbarray_set_used(&a, 64), 0);
	for (unsigned int i = 100; i < len; i++)
		CHECK_EQ(rte_fbarray_set_used(&a, i), 0);
	CHECK_EQ(a.count, 10 + 2 + 30);
	CHECK_ERR(rte_fbarray_set_used(&a, len), -1, EINVAL);
	CHECK_ERR(rte_fbarray_set_free(&a, len), -1, EINVAL);
	CHECK_EQ(rte_fbarray_is_used(&a, 63), 1);
	CHECK_EQ(rte_fbarray_is_used(&a, 62), 0);
	CHECK_ERR(rte_fbarray_is_used(&a, len), -1, EINVAL);

	CHECK_EQ(rte_fbarray_find_next_used(&a, 0), 10);
	CHECK_EQ(rte_fbarray_find_next_used(&a, 20), 63);
	CHECK_EQ(rte_fbarray_find_next_free(&a, 10), 20);
	CHECK_EQ(rte_fbarray_find_next_free(&a, 100), -1);
	CHECK_ERR(rte_fbarray_find_next_free(&a, 100), -1, ENOSPC);
	CHECK_ERR(rte_fbarray_find_next_free(&a, len), -1, EINVAL);
	CHECK_EQ(rte_fbarray_find_prev_used(&a, 62), 19);
	CHECK_ERR(rte_fbarray_find_prev_used(&a, 9), -1, ENOENT);
	CHECK_EQ(rte_fbarray_find_prev_free(&a, 129), 99);
	CHECK_EQ(rte_fbarray_find_prev_free(&a, 64), 62);
	CHECK_EQ(rte_fbarray_find_next_n_used(&a, 0, 2), 10);
	CHECK_EQ(rte_fbarray_find_next_n_used(&a, 11, 10), 100);
	CHECK_ERR(rte_fbarray_find_next_n_used(&a, 101, 30), -1, ENOENT);
	CHECK_EQ(rte_fbarray_find_next_n_free(&a, 0, 10), 0);
	CHECK_EQ(rte_fbarray_find_next_n_free(&a, 1, 10), 20);
	CHECK_EQ(rte_fbarray_find_next_n_free(&a, 21, 42), 21);
	CHECK_EQ(rte_fbarray_find_next_n_free(&a, 50, 35), 65);
	/* The reference returns 130 here (a chunk running into the bitmap's
	 * padding past the end of the array); there is no such chunk. */
	CHECK_ERR(rte_fbarray_find_next_n_free(&a, 22, 42), -1, ENOSPC);
	CHECK_ERR(rte_fbarray_find_next_n_free(&a, 0, 0), -1, EINVAL);
	CHECK_ERR(rte_fbarray_find_next_n_free(&a, 0, len + 1), -1, EINVAL);
	CHECK_EQ(rte_fbarray_find_prev_n_used(&a, 129, 30), 100);
	CHECK_EQ(rte_fbarray_find_prev_n_used(&a, 99, 2), 63);
	CHECK_ERR(rte_fbarray_find_prev_n_used(&a, 99, 11), -1, ENOENT);
	CHECK_EQ(rte_fbarray_find_prev_n_free(&a, 129, 35), 65);
	CHECK_EQ(rte_fbarray_find_prev_n_free(&a, 62, 43), 20);
	CHECK_ERR(rte_fbarray_find_prev_n_free(&a, 62, 44), -1, ENOSPC);
	CHECK_ERR(rte_fbarray_find_prev_n_free(&a, 62, 0), -1, EINVAL);
	CHECK_EQ(rte_fbarray_find_contig_used(&a, 12), 8);
	CHECK_EQ(rte_fbarray_find_contig_used(&a, 63), 2);
	CHECK_EQ(rte_fbarray_find_contig_used(&a, 20), 0);
	CHECK_EQ(rte_fbarray_find_contig_free(&a, 20), 43);
	CHECK_EQ(rte_fbarray_find_contig_free(&a, 100), 0);
	CHECK_EQ(rte_fbarray_find_rev_contig_used(&a, 64), 2);
	CHECK_EQ(rte_fbarray_find_rev_contig_used(&a, 129), 30);
	CHECK_EQ(rte_fbarray_find_rev_contig_free(&a, 99), 35);
	CHECK_EQ(rte_fbarray_find_rev_contig_free(&a, 9), 10);
	CHECK_ERR(rte_fbarray_find_rev_contig_free(&a, len), -1, EINVAL);
	CHECK_EQ(rte_fbarray_find_biggest_used(&a, 0), 100);
	CHECK_EQ(rte_fbarray_find_biggest_used(&a, 15), 100);
	CHECK_EQ(rte_fbarray_find_biggest_free(&a, 0), 20);
	CHECK_EQ(rte_fbarray_find_biggest_free(&a, 30), 65);
	CHECK_ERR(rte_fbarray_find_biggest_free(&a, 100), -1, ENOSPC);
	CHECK_EQ(rte_fbarray_find_rev_biggest_used(&a, 99), 10);
	CHECK_EQ(rte_fbarray_find_rev_biggest_used(&a, 64), 10);
	CHECK_EQ(rte_fbarray_find_rev_biggest_free(&a, 129), 20);
	CHECK_EQ(rte_fbarray_find_rev_biggest_free(&a, 40), 20);
	CHECK_ERR(rte_fbarray_find_rev_biggest_used(&a, 9), -1, ENOENT);
	CHECK_ERR(rte_fbarray_find_biggest_used(&a, len), -1, EINVAL);

	CHECK_EQ(rte_fbarray_set_free(&a, 63), 0);
	CHECK_EQ(rte_fbarray_set_free(&a, 63), 0);
	CHECK_EQ(a.count, 41);
	CHECK_EQ(rte_fbarray_is_used(&a, 63), 0);

	char *text = dump(&a);
	const char *want = "File-backed array: anon\nsize: 130 occupied: 41 elt_sz: 16\n"
		"msk idx 0: 0x00000000000ffc00\nmsk idx 1: 0xfffffff000000001\n"
		"msk idx 2: 0x0000000000000003\n";
	CHECK(text && strcmp(text, want) == 0, "dump:\n%s", text);
	free(text);

	/* Mapped here already; detached, there is no file to attach to. */
	CHECK_ERR(rte_fbarray_attach(&a), -1, EEXIST);
	struct rte_fbarray copy = a;
	CHECK_EQ(rte_fbarray_detach(&a), 0);
	CHECK(memcmp(&copy, &a, sizeof(a)) == 0, "detach leaves the struct");
	CHECK_ERR(rte_fbarray_detach(&a), -1, ENOENT);
	CHECK_ERR(rte_fbarray_attach(&a), -1, ENOENT);
	CHECK_ERR(rte_fbarray_destroy(&a), -1, ENOENT);

	CHECK_EQ(rte_fbarray_init(&a, "anon", 10, 1), 0);
	CHECK_EQ(rte_fbarray_destroy(&a), 0);
	CHECK(a.len == 0 && a.data == NULL && a.name[0] == '\0', "destroy zeroes the struct");
	CHECK_ERR(rte_fbarray_destroy(&a), -1, ENOENT);
}

/* The library's writers wait while C inline code holds the struct's lock:
 * both use 22.11's lock word encoding. */
static void rwlock_interop(void)
{
	struct rte_fbarray *a = shared_struct();
	int done[2];

	CHECK_EQ(rte_fbarray_init(a, "locked", 64, 8), 0);
	CHECK(pipe(done) == 0, "pipe");
	rte_rwlock_read_lock(&a->rwlock);
	/* Readers share the lock with the library's readers. */
	CHECK_EQ(rte_fbarray_find_next_free(a, 0), 0);
	rte_rwlock_read_unlock(&a->rwlock);
	CHECK_EQ(a->rwlock.cnt, 0);

	rte_rwlock_write_lock(&a->rwlock);
	pid_t child = fork();
	if (child == 0) {
		int ok = rte_fbarray_set_used(a, 3) == 0;
		(void)!write(done[1], ok ? "1" : "0", 1);
		_exit(0);
	}
	struct pollfd p = { .fd = done[0], .events = POLLIN };
	CHECK_EQ(poll(&p, 1, 200), 0);
	CHECK_EQ(a->count, 0);
	rte_rwlock_write_unlock(&a->rwlock);
	char c = 0;
	CHECK(read(done[0], &c, 1) == 1 && c == '1', "child's set_used went through");
	waitpid(child, NULL, 0);
	CHECK_EQ(rte_fbarray_is_used(a, 3), 1);
	CHECK_EQ(a->count, 1);
	CHECK_EQ(a->rwlock.cnt, 0);
	CHECK_EQ(rte_fbarray_destroy(a), 0);
	close(done[0]);
	close(done[1]);
}

/* In the forked child: attach, see the parent's bits, add one, wait. */
static int child_attached(struct rte_fbarray *a, int ready_fd, int go_fd)
{
	void *data = a->data;

	/* The mapping came with the fork: attaching again is refused. */
	CHECK_ERR(rte_fbarray_attach(a), -1, EEXIST);
	CHECK_EQ(rte_fbarray_detach(a), 0);
	CHECK_EQ(rte_fbarray_attach(a), 0);
	CHECK(a->data == data, "same address");
	CHECK_EQ(a->count, 3);
	CHECK_EQ(rte_fbarray_is_used(a, 5), 1);
	CHECK_EQ(rte_fbarray_find_next_used(a, 6), 999);
	CHECK_EQ(*(uint64_t *)rte_fbarray_get(a, 5), 0xdeadbeef);
	CHECK_EQ(rte_fbarray_set_used(a, 7), 0);
	(void)!write(ready_fd, "1", 1);

	char c = 0;
	CHECK(read(go_fd, &c, 1) == 1, "parent's go");
	/* The parent set 9 while we were attached. */
	CHECK_EQ(rte_fbarray_is_used(a, 9), 1);
	CHECK_EQ(rte_fbarray_detach(a), 0);
	CHECK_ERR(rte_fbarray_detach(a), -1, ENOENT);
	return check_fail;
}

static void file_backed_array(void)
{
	static struct rte_fbarray other;
	struct rte_fbarray *a = shared_struct();
	int ready[2], go[2];

	CHECK_EQ(rte_fbarray_init(a, "mp", 1000, 8), 0);
	CHECK(file_exists("mp"), "%s/fbarray_mp exists", rte_eal_get_runtime_dir());
	/* The name is taken while the array lives. */
	CHECK_ERR(rte_fbarray_init(&other, "mp", 10, 1), -1, EBUSY);
	CHECK_EQ(rte_fbarray_set_used(a, 0), 0);
	CHECK_EQ(rte_fbarray_set_used(a, 5), 0);
	CHECK_EQ(rte_fbarray_set_used(a, 999), 0);
	*(uint64_t *)rte_fbarray_get(a, 5) = 0xdeadbeef;

	CHECK(pipe(ready) == 0 && pipe(go) == 0, "pipes");
	fflush(NULL);
	pid_t child = fork();
	if (child == 0)
		_exit(child_attached(a, ready[1], go[0]) ? 1 : 0);
	char c = 0;
	CHECK(read(ready[0], &c, 1) == 1 && c == '1', "child attached");
	/* The child's bit is in our mapping: the memory is really shared. */
	CHECK_EQ(rte_fbarray_is_used(a, 7), 1);
	CHECK_EQ(a->count, 4);
	CHECK_ERR(rte_fbarray_destroy(a), -1, EBUSY);
	CHECK(file_exists("mp"), "file kept after a refused destroy");
	CHECK_EQ(rte_fbarray_set_used(a, 9), 0);
	/* Still ours: nobody can init the name. */
	CHECK_ERR(rte_fbarray_init(&other, "mp", 10, 1), -1, EBUSY);
	(void)!write(go[1], "1", 1);
	int status = -1;
	waitpid(child, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child's checks passed (status %d)", status);

	/* Detach and attach again in this process: same address, same bits. */
	void *data = a->data;
	CHECK_EQ(rte_fbarray_detach(a), 0);
	CHECK(file_exists("mp"), "detach keeps the file");
	CHECK_EQ(rte_fbarray_attach(a), 0);
	CHECK(a->data == data, "same address");
	CHECK_EQ(rte_fbarray_find_next_used(a, 1), 5);
	CHECK_EQ(*(uint64_t *)rte_fbarray_get(a, 5), 0xdeadbeef);

	CHECK_EQ(rte_fbarray_destroy(a), 0);
	CHECK(!file_exists("mp"), "destroy removed the file");
	CHECK_EQ(a->len, 0);
	/* The name is free again. */
	CHECK_EQ(rte_fbarray_init(&other, "mp", 10, 1), 0);
	CHECK_EQ(rte_fbarray_destroy(&other), 0);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
}

int main(void)
{
	argument_errors();
	anonymous_array();
	rwlock_interop();

	char prefix[64];
	snprintf(prefix, sizeof(prefix), "--file-prefix=fbarray_test_%d", (int)getpid());
	char *argv[] = { "fbarray", "--no-huge", "-l", "0", prefix, NULL };
	CHECK_EQ(rte_eal_init(5, argv), 4);
	file_backed_array();
	argument_errors();
	CHECK_EQ(rte_eal_cleanup(), 0);
	return check_done("fbarray");
}
