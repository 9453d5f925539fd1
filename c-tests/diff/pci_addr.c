/* SPDX-License-Identifier: BSD-3-Clause */
/* Differential: PCI address parsing, ordering and naming, the reciprocal
 * multipliers, the hypervisor names and the telemetry container return
 * values, printed for a table of inputs; the reference and librte-rs must
 * print the same. No EAL init needed. */
#include <stdio.h>
#include <string.h>
#include <rte_common.h>
#include <rte_hypervisor.h>
#include <rte_pci.h>
#include <rte_reciprocal.h>
#include <rte_telemetry.h>

static const char *const inputs[] = {
	"0000:00:00.0", "0000:08:00.1", "08:00.1", "1f:1e.7", "ff:1f.7", "0:0.0", "abcd1234:ff:1f.f",
	"ffffffff:00:00.0", "100000000:00:00.0", "0000:100:00.0", "0000:08:1f", "08:00", "", " 08:00.0",
	"\t08:00.0", "08: 00.0", "08:00.0 ", "08:00.0\n", "0x08:0x00.0x1", "+8:0.1", "-0:00:00.0", "08:-1.0",
	"0000:08:00.10", "0000:08:00.a", "g0:00.0", "0000:08.00.0", "0000:08:00:0", ":08:00.0", "0000::00.0",
	"08:00.0,foo", "0000:08:00.0:", "00000000000000001:00:00.0",
};

int main(void)
{
	struct rte_pci_addr a, prev = { 0, 0, 0, 0 };
	char name[PCI_PRI_STR_SIZE];
	unsigned i, j;

	for (i = 0; i < RTE_DIM(inputs); i++) {
		int r;

		memset(&a, 0xee, sizeof(a));
		r = rte_pci_addr_parse(inputs[i], &a);
		printf("parse \"%s\" = %d", inputs[i], r);
		if (r == 0) {
			rte_pci_device_name(&a, name, sizeof(name));
			printf(" -> %s cmp(prev) %d cmp(self) %d", name, rte_pci_addr_cmp(&a, &prev),
				rte_pci_addr_cmp(&a, &a));
			prev = a;
		}
		printf("\n");
	}
	printf("cmp NULL %d %d\n", rte_pci_addr_cmp(NULL, &prev), rte_pci_addr_cmp(&prev, NULL));

	for (i = 1; i < 70000; i = i * 3 + 1) {
		struct rte_reciprocal r = rte_reciprocal_value(i);
		printf("recip32 %u: m=%u sh1=%u sh2=%u\n", i, r.m, r.sh1, r.sh2);
	}
	for (j = 0; j < 64; j += 7) {
		uint64_t d = (1ull << j) + j, e = 1ull << j;
		struct rte_reciprocal_u64 r = rte_reciprocal_value_u64(d), q = rte_reciprocal_value_u64(e);
		printf("recip64 %llu: m=%llu sh1=%u sh2=%u; %llu: m=%llu sh1=%u sh2=%u\n",
			(unsigned long long)d, (unsigned long long)r.m, r.sh1, r.sh2,
			(unsigned long long)e, (unsigned long long)q.m, q.sh1, q.sh2);
	}

	for (i = 0; i <= 5; i++)
		printf("hypervisor %u: %s\n", i, rte_hypervisor_get_name((enum rte_hypervisor)i));

	{
		struct rte_tel_data *d = rte_tel_data_alloc(), *c = rte_tel_data_alloc();
		char big[RTE_TEL_MAX_SINGLE_STRING_LEN + 4];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = 0;
		printf("tel string %d\n", rte_tel_data_string(d, "hello"));
		printf("tel string big %d\n", rte_tel_data_string(d, big));
		printf("tel add_array_int on string %d\n", rte_tel_data_add_array_int(d, 1));
		printf("tel start_array %d\n", rte_tel_data_start_array(d, RTE_TEL_STRING_VAL));
		printf("tel add_array_string %d\n", rte_tel_data_add_array_string(d, "a"));
		printf("tel add_array_string big %d\n", rte_tel_data_add_array_string(d, big));
		printf("tel add_array_u64 on strings %d\n", rte_tel_data_add_array_u64(d, 1));
		printf("tel start_dict %d\n", rte_tel_data_start_dict(d));
		printf("tel dict_int %d\n", rte_tel_data_add_dict_int(d, "i", -1));
		printf("tel dict_u64 big name %d\n", rte_tel_data_add_dict_u64(d, big, 1));
		printf("tel dict_string big value %d\n", rte_tel_data_add_dict_string(d, "s", big));
		printf("tel dict_container unstarted %d\n", rte_tel_data_add_dict_container(d, "c", c, 1));
		rte_tel_data_start_array(c, RTE_TEL_CONTAINER);
		printf("tel dict_container of containers %d\n", rte_tel_data_add_dict_container(d, "c", c, 1));
		rte_tel_data_start_array(c, RTE_TEL_INT_VAL);
		printf("tel dict_container ints %d\n", rte_tel_data_add_dict_container(d, "c", c, 1));
		for (i = 0; i < RTE_TEL_MAX_DICT_ENTRIES; i++)
			if (rte_tel_data_add_dict_int(d, "n", (int)i) != 0)
				break;
		printf("tel dict full after %u more: %d\n", i, rte_tel_data_add_dict_int(d, "n", 0));
		printf("tel register ok %d\n", rte_telemetry_register_cmd("/diff/x", NULL, "h"));
		printf("tel register no slash %d\n", rte_telemetry_register_cmd("diff", NULL, "h"));
		printf("tel register long help %d\n", rte_telemetry_register_cmd("/diff/y", NULL, big));
		rte_tel_data_free(d);
		rte_tel_data_free(c);
	}
	return 0;
}
