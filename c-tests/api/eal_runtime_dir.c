/* SPDX-License-Identifier: BSD-3-Clause */
/* The runtime directory lock: a second primary with the same --file-prefix
 * is refused with a message naming the prefix; after the first is killed
 * with SIGKILL its stale directory is reclaimed; cleanup removes it. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_log.h>

#include "../check.h"

int main(void)
{
	char prefix[64], opt[96];
	snprintf(prefix, sizeof(prefix), "rtdir_%d", (int)getpid());
	snprintf(opt, sizeof(opt), "--file-prefix=%s", prefix);
	char *argv[] = { "prog", "-l", "0", "--no-huge", opt, NULL };

	int ready[2];
	CHECK(pipe(ready) == 0, "pipe");
	pid_t holder = fork();
	if (holder == 0) {
		char *cargv[] = { "holder", "-l", "0", "--no-huge", opt, NULL };
		int ok = rte_eal_init(5, cargv) >= 0;
		(void)!write(ready[1], ok ? "1" : "0", 1);
		pause();
		_exit(0);
	}
	char c = 0;
	CHECK(read(ready[0], &c, 1) == 1 && c == '1', "holder initialised");

	char *logbuf = NULL;
	size_t loglen = 0;
	FILE *mem = open_memstream(&logbuf, &loglen);
	rte_openlog_stream(mem);
	rte_errno = 0;
	CHECK_EQ(rte_eal_init(5, argv), -1);
	CHECK_EQ(rte_errno, EALREADY);
	fflush(mem);
	CHECK(logbuf && strstr(logbuf, prefix) != NULL, "message names the prefix: %s", logbuf);
	char pidstr[32];
	snprintf(pidstr, sizeof(pidstr), "process %d", (int)holder);
	CHECK(logbuf && strstr(logbuf, pidstr) != NULL, "message names the holder: %s", logbuf);
	rte_openlog_stream(NULL);
	fclose(mem);

	/* The holder dies without cleaning up: its directory is stale. */
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	char dir[256];
	snprintf(dir, sizeof(dir), "%s/%s", getuid() == 0 ? "/var/run/dpdk" :
		 getenv("XDG_RUNTIME_DIR") ? getenv("XDG_RUNTIME_DIR") : "/tmp", prefix);
	if (getuid() != 0 && getenv("XDG_RUNTIME_DIR"))
		snprintf(dir, sizeof(dir), "%s/dpdk/%s", getenv("XDG_RUNTIME_DIR"), prefix);
	CHECK(access(dir, F_OK) == 0, "stale directory %s is there", dir);
	CHECK_EQ(rte_eal_init(5, argv), 4);
	CHECK(strcmp(rte_eal_get_runtime_dir(), dir) == 0, "runtime dir %s vs %s",
	      rte_eal_get_runtime_dir(), dir);
	CHECK_EQ(rte_eal_cleanup(), 0);
	CHECK(access(dir, F_OK) != 0, "cleanup removed %s", dir);
	return check_done("eal_runtime_dir");
}
