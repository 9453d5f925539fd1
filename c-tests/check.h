/* SPDX-License-Identifier: BSD-3-Clause */
/* A minimal assertion harness for the C tests: every CHECK counts, the
 * program prints "N passed, N failed" and exits non-zero on any failure. */
#ifndef _CHECK_H_
#define _CHECK_H_

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_pass, check_fail;

#define CHECK(cond, ...) do { \
	if (cond) { \
		check_pass++; \
	} else { \
		check_fail++; \
		fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fprintf(stderr, "\n"); \
	} \
} while (0)

#define CHECK_EQ(a, b) do { \
	long long _a = (long long)(a), _b = (long long)(b); \
	CHECK(_a == _b, "%s = %lld, expected %s = %lld", #a, _a, #b, _b); \
} while (0)

static inline int check_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, check_pass, check_fail);
	return check_fail ? 1 : 0;
}

#endif
