/* SPDX-License-Identifier: BSD-3-Clause */
/* librte_kvargs through the installed header: parsing, valid keys, the
 * pair limit, delimiters, queries and handlers (no EAL needed). */
#include <errno.h>
#include <string.h>
#include <rte_kvargs.h>
#include "../check.h"

static int sum(const char *key, const char *value, void *opaque)
{
	(void)key;
	*(int *)opaque += value ? atoi(value) : 100;
	return 0;
}

static int refuse(const char *key, const char *value, void *opaque)
{
	(void)key; (void)value;
	++*(int *)opaque;
	return -1;
}

int main(void)
{
	const char *valid[] = { "size", "copy", "list", NULL };
	struct rte_kvargs *kv = rte_kvargs_parse("size=64,copy,list=[1,2,3]", valid);
	int n = 0;
	char buf[400] = "";

	CHECK(kv != NULL, "parse");
	CHECK_EQ(kv->count, 3);
	CHECK(strcmp(kv->pairs[0].key, "size") == 0 && strcmp(kv->pairs[0].value, "64") == 0, "pair 0");
	CHECK(kv->pairs[1].value == NULL, "bare key has no value");
	CHECK(strcmp(rte_kvargs_get(kv, "list"), "[1,2,3]") == 0, "list kept whole");
	CHECK(rte_kvargs_get(kv, "copy") == NULL, "bare key value");
	CHECK(rte_kvargs_get(kv, "nope") == NULL, "missing key");
	CHECK(rte_kvargs_get_with_value(kv, "size", "64") != NULL, "with value");
	CHECK(rte_kvargs_get_with_value(kv, "size", "65") == NULL, "other value");
	CHECK(rte_kvargs_get_with_value(kv, NULL, "64") != NULL, "any key");
	CHECK_EQ(rte_kvargs_count(kv, "size"), 1);
	CHECK_EQ(rte_kvargs_count(kv, NULL), 3);
	CHECK_EQ(rte_kvargs_process(kv, "size", sum, &n), 0);
	CHECK_EQ(n, 64);
	n = 0;
	CHECK_EQ(rte_kvargs_process(kv, NULL, refuse, &n), -1);
	CHECK_EQ(n, 1);
	CHECK_EQ(rte_kvargs_process(kv, "size", NULL, NULL), -1);
	rte_kvargs_free(kv);

	CHECK(rte_kvargs_parse("size=1,bogus=2", valid) == NULL, "invalid key refused");
	CHECK(rte_kvargs_parse(NULL, NULL) == NULL, "NULL string");
	for (int i = 0; i < RTE_KVARGS_MAX; i++)
		sprintf(buf + strlen(buf), "%sk%d", i ? "," : "", i);
	kv = rte_kvargs_parse(buf, NULL);
	CHECK(kv != NULL && kv->count == RTE_KVARGS_MAX, "32 pairs fit");
	rte_kvargs_free(kv);
	strcat(buf, ",k32");
	CHECK(rte_kvargs_parse(buf, NULL) == NULL, "33 pairs refused");

	kv = rte_kvargs_parse_delim("size=8,copy/driver=x", valid, "/");
	CHECK(kv != NULL && kv->count == 2, "delim stops at '/'");
	rte_kvargs_free(kv);
	CHECK_EQ(rte_kvargs_count(NULL, NULL), 0);
	CHECK_EQ(rte_kvargs_process(NULL, NULL, refuse, &n), 0);
	rte_kvargs_free(NULL);
	return check_done("kvargs");
}
