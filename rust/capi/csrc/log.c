/* SPDX-License-Identifier: BSD-3-Clause
 *
 * C-variadic entry points. Stable Rust can neither define a variadic
 * function nor consume a va_list, so these few are C: each formats with the
 * C library and hands over to the Rust side for everything else.
 */
#include <execinfo.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

/* Rust side (rust/capi/src/eal/rte_log.rs, rte_eal.rs). */
int rte_log_can_log(uint32_t logtype, uint32_t loglevel);
FILE *rte_log_get_stream(void);
int rte_rs_log_syslog_enabled(void);
int rte_eal_cleanup(void);

int rte_rs_tls_errno(void);

/* The level and type of the message being written by this thread, for
 * rte_log_cur_msg_loglevel/logtype (a cookie stream may ask while writing). */
static __thread uint32_t cur_level;
static __thread uint32_t cur_type;

int rte_log_cur_msg_loglevel(void) { return (int)cur_level; }
int rte_log_cur_msg_logtype(void) { return (int)cur_type; }

int rte_vlog(uint32_t level, uint32_t logtype, const char *format, va_list ap)
{
	FILE *f;
	int ret;

	if (!rte_log_can_log(logtype, level))
		return 0;
	f = rte_log_get_stream();
	cur_level = level;
	cur_type = logtype;
	if (rte_rs_log_syslog_enabled()) {
		va_list cp;
		va_copy(cp, ap);
		vsyslog((int)level - 1, format, cp);
		va_end(cp);
	}
	ret = vfprintf(f, format, ap);
	fflush(f);
	return ret;
}

int rte_log(uint32_t level, uint32_t logtype, const char *format, ...)
{
	va_list ap;
	int ret;

	va_start(ap, format);
	ret = rte_vlog(level, logtype, format, ap);
	va_end(ap);
	return ret;
}

void rte_dump_stack(void)
{
	void *frames[128];
	int n = backtrace(frames, 128);
	FILE *f = rte_log_get_stream();

	fflush(f);
	fprintf(f, "Backtrace of %d frames:\n", n);
	fflush(f);
	backtrace_symbols_fd(frames, n, fileno(f));
}

/* RTE_LOG_CRIT = 3, RTE_LOGTYPE_EAL = 0. */
void __rte_panic(const char *funcname, const char *format, ...)
{
	va_list ap;

	rte_log(3, 0, "PANIC in %s():\n", funcname);
	va_start(ap, format);
	rte_vlog(3, 0, format, ap);
	va_end(ap);
	rte_dump_stack();
	abort();
}

void rte_exit(int exit_code, const char *format, ...)
{
	va_list ap;

	if (exit_code != 0)
		rte_log(3, 0, "EAL: Error - exiting with code: %d\n  Cause: ", exit_code);
	va_start(ap, format);
	rte_vlog(3, 0, format, ap);
	va_end(ap);
	if (rte_eal_cleanup() != 0 && rte_rs_tls_errno() != 114 /* EALREADY */)
		rte_log(3, 0, "EAL: could not release all resources\n");
	exit(exit_code);
}
