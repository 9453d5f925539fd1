/* SPDX-License-Identifier: BSD-3-Clause */
/* rte_eal_init option handling through the C ABI: every malformed-option
 * kind fails with -1, the documented rte_errno and one log line naming the
 * option; a good command line is consumed up to "--"; a second init fails. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_log.h>

#include "../check.h"

static char *logbuf;
static size_t loglen;
static FILE *logmem;

static void log_reset(void)
{
	if (logmem)
		fclose(logmem);
	free(logbuf);
	logbuf = NULL;
	loglen = 0;
	logmem = open_memstream(&logbuf, &loglen);
	rte_openlog_stream(logmem);
}

static const char *log_text(void)
{
	fflush(logmem);
	return logbuf ? logbuf : "";
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Runs rte_eal_init on "prog <args>" (split at spaces). */
static int init_with(const char *args, char ***argv_out)
{
	static char *argv[64];
	static char buf[1024];
	int argc = 0;

	snprintf(buf, sizeof(buf), "prog %s", args);
	for (char *tok = strtok(buf, " "); tok && argc < 63; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	argv[argc] = NULL;
	if (argv_out)
		*argv_out = argv;
	return rte_eal_init(argc, argv);
}

struct bad_case {
	const char *args;
	int err;
	const char *named; /* the log line must name this */
};

int main(void)
{
	char absent_cpu[64];
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	snprintf(absent_cpu, sizeof(absent_cpu), "-l %ld --no-huge", ncpu < 128 ? ncpu : 127);

	const struct bad_case bad[] = {
		{ "--bogus", EINVAL, "--bogus" },
		{ "-m abc --no-huge", EINVAL, "-m" },
		{ "-m", EINVAL, "-m" },
		{ absent_cpu, EINVAL, "-l" },
		{ "-l 200", EINVAL, "-l" },
		{ "-c 0x0", EINVAL, "-c" },
		{ "-c xyz", EINVAL, "-c" },
		{ "--lcores 0@(0", EINVAL, "--lcores" },
		{ "-l 0 --main-lcore 1", EINVAL, "--main-lcore" },
		{ "--main-lcore 500", EINVAL, "--main-lcore" },
		{ "--proc-type=sometimes", EINVAL, "--proc-type" },
		{ "--iova-mode=xx", EINVAL, "--iova-mode" },
		{ "-n 0", EINVAL, "-n" },
		{ "-r 17", EINVAL, "-r" },
		{ "--socket-mem 1x", EINVAL, "--socket-mem" },
		{ "-m 64 --socket-mem 64", EINVAL, "-m" },
		{ "--no-huge --socket-mem 64", EINVAL, "--socket-mem" },
		{ "--huge-unlink=sometimes", EINVAL, "--huge-unlink" },
		{ "--vfio-intr=foo", EINVAL, "--vfio-intr" },
		{ "--syslog=nosuch", EINVAL, "--syslog" },
		{ "--log-level=lib.eal:loud", EINVAL, "--log-level" },
		{ "--log-level=9", EINVAL, "--log-level" },
		{ "--file-prefix=a/b", EINVAL, "--file-prefix" },
		{ "--base-virtaddr=zz", EINVAL, "--base-virtaddr" },
		{ "--force-max-simd-bitwidth=100", EINVAL, "--force-max-simd-bitwidth" },
		{ "-a 0000:00:01.0 -b 0000:00:02.0", EINVAL, "-a/-b" },
		{ "-l 0 -c 1", EINVAL, "-c" },
		{ "--trace=.*", ENOTSUP, "--trace" },
		{ "--no-huge --proc-type=secondary", ENOTSUP, "secondary" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		log_reset();
		rte_errno = 0;
		int ret = init_with(bad[i].args, NULL);
		const char *log = log_text();
		CHECK(ret == -1, "'%s' returned %d", bad[i].args, ret);
		CHECK(rte_errno == bad[i].err, "'%s' set rte_errno %d, expected %d", bad[i].args,
		      rte_errno, bad[i].err);
		CHECK(count(log, "rte_eal_init()") == 1, "'%s' logged %d error lines:\n%s", bad[i].args,
		      count(log, "rte_eal_init()"), log);
		CHECK(strstr(log, bad[i].named) != NULL, "'%s': log does not name %s:\n%s",
		      bad[i].args, bad[i].named, log);
		CHECK_EQ(rte_lcore_count(), 0);
	}

	/* -h prints the usage on stdout and exits 0, as the reference does. */
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		init_with("-h", NULL);
		_exit(42);
	}
	close(fds[1]);
	char out[8192] = "";
	ssize_t n, total = 0;
	while ((n = read(fds[0], out + total, sizeof(out) - 1 - total)) > 0)
		total += n;
	out[total] = 0;
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "-h exit status %d", status);
	CHECK(strstr(out, "Usage: prog") != NULL && strstr(out, "--file-prefix") != NULL,
	      "-h output: %s", out);

	/* A good command line: EAL options up to "--", application options after. */
	char **argv;
	log_reset();
	int ret = init_with("-l 0-1 --no-huge -v --file-prefix=opt_test -- -x app", &argv);
	CHECK_EQ(ret, 6);
	CHECK(ret > 0 && strcmp(argv[ret], "prog") == 0, "argv[ret] = %s", ret > 0 ? argv[ret] : "?");
	CHECK(ret > 0 && strcmp(argv[ret + 1], "-x") == 0 && strcmp(argv[ret + 2], "app") == 0,
	      "application arguments follow argv[ret]");
	CHECK(strstr(log_text(), "RTE Version: 'DPDK 22.11.11'") != NULL, "-v logs the version: %s",
	      log_text());
	CHECK_EQ(rte_lcore_count(), 2);
	CHECK_EQ(rte_eal_process_type(), RTE_PROC_PRIMARY);
	CHECK_EQ(rte_eal_has_hugepages(), 0);
	CHECK(strstr(rte_eal_get_runtime_dir(), "/dpdk/opt_test") != NULL, "runtime dir %s",
	      rte_eal_get_runtime_dir());

	/* A second init is refused, and leaves the first intact. */
	rte_errno = 0;
	CHECK_EQ(init_with("-l 0 --no-huge", NULL), -1);
	CHECK_EQ(rte_errno, EALREADY);
	CHECK_EQ(rte_lcore_count(), 2);

	CHECK_EQ(rte_eal_cleanup(), 0);
	rte_errno = 0;
	CHECK_EQ(rte_eal_cleanup(), -1);
	CHECK_EQ(rte_errno, EALREADY);
	CHECK(access("/var/run/dpdk/opt_test", F_OK) != 0 || getuid() != 0,
	      "cleanup removed the runtime directory");
	rte_openlog_stream(NULL);
	return check_done("eal_options");
}
