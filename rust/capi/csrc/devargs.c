/* SPDX-License-Identifier: BSD-3-Clause
 *
 * rte_devargs_parsef: formats the device string with the C library, then
 * parses it through the Rust rte_devargs_parse.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct rte_devargs;
int rte_devargs_parse(struct rte_devargs *da, const char *dev);
void rte_rs_tls_set_errno(int e);

int rte_devargs_parsef(struct rte_devargs *da, const char *format, ...)
{
	va_list ap;
	char *s;
	int len, ret;

	if (da == NULL || format == NULL) {
		rte_rs_tls_set_errno(EINVAL);
		return -EINVAL;
	}
	va_start(ap, format);
	len = vsnprintf(NULL, 0, format, ap);
	va_end(ap);
	if (len < 0) {
		rte_rs_tls_set_errno(EINVAL);
		return -EINVAL;
	}
	s = malloc((size_t)len + 1);
	if (s == NULL) {
		rte_rs_tls_set_errno(ENOMEM);
		return -ENOMEM;
	}
	va_start(ap, format);
	vsnprintf(s, (size_t)len + 1, format, ap);
	va_end(ap);
	ret = rte_devargs_parse(da, s);
	free(s);
	return ret;
}
