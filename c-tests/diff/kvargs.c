/* SPDX-License-Identifier: BSD-3-Clause */
/* Differential: rte_kvargs parsing (pairs, bare keys, lists in brackets,
 * repeated '=', empty pairs, limits, valid keys, delimiters) and the query
 * functions print the same on the reference and on librte-rs. */
#include <stdio.h>
#include <string.h>
#include <rte_common.h>
#include <rte_kvargs.h>

static int show(const char *key, const char *value, void *opaque)
{
	int *n = opaque;
	printf("  cb %d [%s]=[%s]\n", (*n)++, key, value ? value : "(null)");
	return 0;
}

static int stop(const char *key, const char *value, void *opaque)
{
	(void)key; (void)value; (void)opaque;
	return -1;
}

static void dump(const char *what, struct rte_kvargs *kv)
{
	int n = 0;
	if (kv == NULL) {
		printf("%s -> NULL\n", what);
		return;
	}
	printf("%s -> %u pairs, count(NULL)=%u\n", what, kv->count, rte_kvargs_count(kv, NULL));
	for (unsigned i = 0; i < kv->count; i++)
		printf("  [%s]=[%s]\n", kv->pairs[i].key, kv->pairs[i].value ? kv->pairs[i].value : "(null)");
	rte_kvargs_process(kv, NULL, show, &n);
	rte_kvargs_free(kv);
}

int main(void)
{
	const char *inputs[] = { "a=1,b=2", "a,b=,c", "l=[1,2,3],x=y", ",,a=1,,", "", "a=b=c", "=v",
		"k=[a=b,c]", "a=1,a=2,a", "x=[1,2", "y=]1,2[", "a=1,", ",", "key=val=", "s p=a b" };
	char buf[512];
	for (size_t i = 0; i < RTE_DIM(inputs); i++) {
		snprintf(buf, sizeof(buf), "parse '%s'", inputs[i]);
		dump(buf, rte_kvargs_parse(inputs[i], NULL));
	}
	/* The pair limit. */
	buf[0] = '\0';
	for (int i = 0; i < RTE_KVARGS_MAX; i++)
		sprintf(buf + strlen(buf), "%sk%d=%d", i ? "," : "", i, i);
	dump("32 pairs", rte_kvargs_parse(buf, NULL));
	strcat(buf, ",");
	dump("32 pairs + ','", rte_kvargs_parse(buf, NULL));
	strcat(buf, "z=1");
	dump("33 pairs", rte_kvargs_parse(buf, NULL));
	/* Valid keys. */
	const char *valid[] = { "a", "b", NULL };
	dump("valid a,b", rte_kvargs_parse("a=1,b", valid));
	dump("invalid c", rte_kvargs_parse("a=1,c=2", valid));
	/* Delimited. */
	dump("delim /", rte_kvargs_parse_delim("a=1,b=2/c=3", NULL, "/"));
	dump("delim none", rte_kvargs_parse_delim("a=1,b=2", NULL, "/"));
	dump("delim NULL ends", rte_kvargs_parse_delim("a=1/b", NULL, NULL));
	dump("delim valid", rte_kvargs_parse_delim("a=1,z=9;q", valid, ";"));
	/* Queries. */
	struct rte_kvargs *kv = rte_kvargs_parse("a=1,b=2,a=3,c", NULL);
	printf("count a=%u b=%u z=%u\n", rte_kvargs_count(kv, "a"), rte_kvargs_count(kv, "b"), rte_kvargs_count(kv, "z"));
	printf("get a=%s z=%s c=%s\n", rte_kvargs_get(kv, "a"), rte_kvargs_get(kv, "z") ? "?" : "(null)",
	       rte_kvargs_get(kv, "c") ? "?" : "(null)");
	printf("get_with_value a/3=%s a/9=%s\n", rte_kvargs_get_with_value(kv, "a", "3"),
	       rte_kvargs_get_with_value(kv, "a", "9") ? "?" : "(null)");
	printf("get NULL list %s, NULL key %s\n", rte_kvargs_get(NULL, "a") ? "?" : "(null)",
	       rte_kvargs_get(kv, NULL) ? "?" : "(null)");
	int n = 0;
	printf("process a -> %d\n", rte_kvargs_process(kv, "a", show, &n));
	printf("process stop -> %d\n", rte_kvargs_process(kv, "b", stop, NULL));
	printf("process none -> %d\n", rte_kvargs_process(kv, "zz", stop, NULL));
	printf("process NULL list -> %d\n", rte_kvargs_process(NULL, NULL, stop, NULL));
	rte_kvargs_free(kv);
	rte_kvargs_free(NULL);

	/* 3000 pseudo-random strings over the characters that matter
	 * (fixed LCG seed, so both sides parse the same strings). */
	{
		const char alphabet[] = "ab=,[]";
		unsigned long long x = 12345;
		unsigned long sum = 0;
		for (int n = 0; n < 3000; n++) {
			char str[24];
			int len;
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			len = (int)((x >> 33) % 20);
			for (int i = 0; i < len; i++) {
				x = x * 6364136223846793005ULL + 1442695040888963407ULL;
				str[i] = alphabet[(x >> 33) % 6];
			}
			str[len] = '\0';
			kv = rte_kvargs_parse(str, NULL);
			if (kv == NULL) {
				printf("rand '%s' -> NULL\n", str);
				continue;
			}
			printf("rand '%s' -> %u:", str, kv->count);
			for (unsigned i = 0; i < kv->count; i++)
				printf(" [%s]=[%s]", kv->pairs[i].key, kv->pairs[i].value ? kv->pairs[i].value : "(null)");
			printf("\n");
			sum += kv->count;
			rte_kvargs_free(kv);
		}
		printf("random: %lu pairs in total\n", sum);
	}
	return 0;
}
