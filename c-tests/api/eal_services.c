/* SPDX-License-Identifier: BSD-3-Clause */
/* EAL services through the C ABI: logging (types, levels, patterns, regex,
 * streams, RTE_LOG_REGISTER before init), errno strings, string helpers,
 * dumps, random numbers, TSC and delays, version, rte_exit and rte_panic. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include <rte_common.h>
#include <rte_cpuflags.h>
#include <rte_cycles.h>
#include <rte_debug.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_hexdump.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_random.h>
#include <rte_string_fns.h>
#include <rte_version.h>

#include "../check.h"

/* Registered by a constructor before rte_eal_init, as PMDs do. */
RTE_LOG_REGISTER(test_logtype_early, test.early.thing, NOTICE);

static char *buf;
static size_t len;
static FILE *mem;

static const char *captured(void)
{
	fflush(mem);
	return buf ? buf : "";
}

static void capture(void)
{
	if (mem)
		fclose(mem);
	free(buf);
	buf = NULL;
	len = 0;
	mem = open_memstream(&buf, &len);
	rte_openlog_stream(mem);
}

static unsigned delayed_us;
static void my_delay(unsigned int us)
{
	delayed_us += us;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs f in a child; returns its wait status and its stderr+log text. */
static int in_child(void (*f)(void), char *out, size_t outlen)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 2);
		rte_openlog_stream(NULL);
		f();
		_exit(99);
	}
	close(fds[1]);
	size_t total = 0;
	ssize_t n;
	while ((n = read(fds[0], out + total, outlen - 1 - total)) > 0)
		total += n;
	out[total] = 0;
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	return status;
}

static void do_exit(void) { rte_exit(3, "bad thing %d\n", 42); }
static void do_panic(void) { rte_panic("oops %s\n", "here"); }

int main(void)
{
	char *argv[] = { "prog", "-l", "0", "--no-huge", "--file-prefix=svc_test",
			 "--log-level=test.early.*:debug", "--log-level=user1,warning", NULL };

	CHECK(test_logtype_early >= RTE_LOGTYPE_FIRST_EXT_ID, "early type id %d", test_logtype_early);
	CHECK_EQ(rte_log_get_level(test_logtype_early), RTE_LOG_NOTICE);
	CHECK_EQ(rte_eal_init(7, argv), 6);
	/* --log-level patterns apply to types registered before init... */
	CHECK_EQ(rte_log_get_level(test_logtype_early), RTE_LOG_DEBUG);
	CHECK_EQ(rte_log_get_level(RTE_LOGTYPE_USER1), RTE_LOG_WARNING);
	/* ...and to types registered after. */
	int late = rte_log_register_type_and_pick_level("test.early.late", RTE_LOG_ERR);
	CHECK_EQ(rte_log_get_level(late), RTE_LOG_DEBUG);
	int plain = rte_log_register("test.plain");
	CHECK(plain > late, "ids grow: %d > %d", plain, late);
	CHECK_EQ(rte_log_register("test.plain"), plain);
	CHECK_EQ(rte_log_get_level(plain), RTE_LOG_INFO);
	CHECK_EQ(rte_log_register(NULL), -EINVAL);

	/* Levels and filtering. */
	CHECK_EQ(rte_log_get_level(RTE_LOGTYPE_EAL), RTE_LOG_INFO);
	CHECK_EQ(rte_log_get_level(100000), -1);
	CHECK_EQ(rte_log_set_level(plain, RTE_LOG_ERR), 0);
	CHECK_EQ(rte_log_set_level(plain, RTE_LOG_DEBUG + 1), -1);
	CHECK_EQ(rte_log_set_level(100000, RTE_LOG_ERR), -1);
	CHECK(rte_log_can_log(plain, RTE_LOG_ERR), "ERR passes at ERR");
	CHECK(!rte_log_can_log(plain, RTE_LOG_WARNING), "WARNING filtered at ERR");
	CHECK_EQ(rte_log_set_level_pattern("test.pl*", RTE_LOG_DEBUG), 0);
	CHECK_EQ(rte_log_get_level(plain), RTE_LOG_DEBUG);
	CHECK_EQ(rte_log_set_level_regexp("^test\\.pla", RTE_LOG_CRIT), 0);
	CHECK_EQ(rte_log_get_level(plain), RTE_LOG_CRIT);
	CHECK_EQ(rte_log_set_level_regexp("a\\{1", RTE_LOG_CRIT), -1);
	CHECK_EQ(rte_log_set_level_pattern(NULL, RTE_LOG_CRIT), -1);

	/* Output: RTE_LOG format, the stream, the global level. */
	capture();
	RTE_LOG(ERR, USER1, "value %d\n", 5);
	RTE_LOG(INFO, USER1, "filtered\n");
	CHECK(strcmp(captured(), "USER1: value 5\n") == 0, "captured '%s'", captured());
	CHECK(rte_log_get_stream() == mem, "stream is ours");
	rte_log_set_global_level(RTE_LOG_CRIT);
	CHECK_EQ(rte_log_get_global_level(), RTE_LOG_CRIT);
	CHECK_EQ(rte_log(RTE_LOG_ERR, RTE_LOGTYPE_EAL, "hidden\n"), 0);
	rte_log_set_global_level(RTE_LOG_DEBUG);
	rte_log(RTE_LOG_CRIT, plain, "cur %d\n", 1);
	CHECK(strstr(captured(), "cur 1") != NULL, "dynamic type logs: %s", captured());
	capture();
	rte_log_dump(mem);
	CHECK(strstr(captured(), "global log level is debug") != NULL, "%s", captured());
	CHECK(strstr(captured(), "id 0: lib.eal, level is info") != NULL, "%s", captured());
	CHECK(strstr(captured(), "test.plain, level is critical") != NULL, "%s", captured());
	capture();
	rte_log_list_types(mem, "> ");
	CHECK(strstr(captured(), "> lib.eal") != NULL, "%s", captured());
	rte_openlog_stream(NULL);

	/* Errors. */
	CHECK(strcmp(rte_strerror(EINVAL), "Invalid argument") == 0, "%s", rte_strerror(EINVAL));
	CHECK(strcmp(rte_strerror(E_RTE_SECONDARY), "Invalid call in secondary process") == 0, "x");
	CHECK(strstr(rte_strerror(5000), "5000") != NULL, "%s", rte_strerror(5000));

	/* Strings. */
	char s[] = "a,b,,c";
	char *tok[8];
	CHECK_EQ(rte_strsplit(s, sizeof(s), tok, 8, ','), 4);
	CHECK(strcmp(tok[0], "a") == 0 && strcmp(tok[1], "b") == 0 && tok[2][0] == 0 &&
	      strcmp(tok[3], "c") == 0, "tokens");
	char s2[] = "x:y:z";
	CHECK_EQ(rte_strsplit(s2, sizeof(s2), tok, 2, ':'), 2);
	errno = 0;
	CHECK_EQ(rte_strsplit(NULL, 4, tok, 2, ':'), -1);
	CHECK_EQ(errno, EINVAL);
	char d[4];
	CHECK_EQ(rte_strscpy(d, "abc", sizeof(d)), 3);
	CHECK(strcmp(d, "abc") == 0, "copied");
	rte_errno = 0;
	CHECK_EQ(rte_strscpy(d, "abcd", sizeof(d)), -E2BIG);
	CHECK(strcmp(d, "abc") == 0 && rte_errno == E2BIG, "truncated");
	CHECK_EQ(rte_strscpy(d, "a", 0), -E2BIG);
	CHECK_EQ(rte_str_to_size("2M"), 2 << 20);
	CHECK_EQ(rte_str_to_size("1 G"), 1ULL << 30);
	CHECK_EQ(rte_str_to_size("junk"), 0);
	char small[8];
	const char *volatile ten = "0123456789";
	CHECK_EQ(rte_strlcpy(small, ten, sizeof(small)), 10);
	CHECK(strcmp(small, "0123456") == 0, "strlcpy truncates: %s", small);

	/* Dumps. */
	capture();
	rte_hexdump(mem, "blk", "ABC\x01", 4);
	CHECK(strstr(captured(), "blk at [") != NULL && strstr(captured(), "00000000: 41 42 43 01") != NULL &&
	      strstr(captured(), "| ABC.") != NULL, "%s", captured());
	capture();
	rte_memdump(mem, "m", "\xff\x00", 2);
	CHECK(strstr(captured(), "ff 00") != NULL, "%s", captured());
	rte_openlog_stream(NULL);

	/* Random numbers. */
	rte_srand(7);
	uint64_t a = rte_rand(), b = rte_rand();
	rte_srand(7);
	CHECK(rte_rand() == a && rte_rand() == b, "seeded sequence repeats");
	int hist[5] = { 0 };
	for (int i = 0; i < 5000; i++)
		hist[rte_rand_max(5)]++;
	for (int i = 0; i < 5; i++)
		CHECK(hist[i] > 800 && hist[i] < 1200, "bucket %d: %d", i, hist[i]);
	CHECK_EQ(rte_rand_max(0), 0);

	/* TSC and delays. */
	uint64_t hz = rte_get_tsc_hz();
	CHECK(hz > 100000000ULL, "tsc hz %llu", (unsigned long long)hz);
	CHECK_EQ(rte_get_timer_hz(), hz);
	double t0 = now();
	uint64_t c0 = rte_get_timer_cycles();
	rte_delay_ms(20);
	double dt = now() - t0;
	double cyc = (double)(rte_get_timer_cycles() - c0) / hz;
	CHECK(dt >= 0.019 && dt < 0.5, "rte_delay_ms(20) took %.4f s", dt);
	CHECK(cyc / dt > 0.97 && cyc / dt < 1.03, "tsc vs clock %.4f", cyc / dt);
	t0 = now();
	rte_delay_us_sleep(5000);
	CHECK(now() - t0 >= 0.005, "sleep");
	rte_delay_us_callback_register(my_delay);
	rte_delay_us(123);
	rte_delay_ms(2);
	CHECK_EQ(delayed_us, 2123);
	rte_delay_us_callback_register(rte_delay_us_block);

	/* Version and CPU. */
	CHECK(strcmp(rte_version(), "DPDK 22.11.11") == 0, "%s", rte_version());
	CHECK(RTE_VERSION >= RTE_VERSION_NUM(22, 11, 0, 0), "RTE_VERSION");
	CHECK_EQ(rte_cpu_is_supported(), 1);

	/* rte_exit logs, cleans up and exits with the code; rte_panic aborts. */
	char out[8192];
	int st = in_child(do_exit, out, sizeof(out));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "rte_exit status %d", st);
	CHECK(strstr(out, "Error - exiting with code: 3") && strstr(out, "bad thing 42"), "%s", out);
	st = in_child(do_panic, out, sizeof(out));
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT, "rte_panic status %d", st);
	CHECK(strstr(out, "PANIC in do_panic():") && strstr(out, "oops here") &&
	      strstr(out, "Backtrace"), "%s", out);

	CHECK_EQ(rte_eal_cleanup(), 0);
	return check_done("eal_services");
}
