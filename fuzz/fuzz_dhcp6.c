/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_dhcp6.c - a saved DHCPv6 lease as `pcpsel dhcpcd --lease6` reads it
 *
 * Input: a DHCPv6 message (msg-type, transaction-id, options).  Every
 * instance pcpsel_dhcp6_find returns lies inside the message, after the
 * header, in order and without overlap; counting and filling agree; a
 * short array is refused untouched; the option-86 instances then decode as
 * in fuzz_v6 (every kept address usable, each good instance's addresses
 * kept or counted as dropped).
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcpsel_buf *bufs, probe;
	struct pcpsel_decode_info info;
	struct pcpsel_list *list;
	size_t n = 0, m = 0, i, good = 0, addrs = 0, wire_addrs = 0;
	const uint8_t *end = data + size, *last = data + 4;
	int r, r2;

	r = pcpsel_dhcp6_find(data, size, PCPSEL_DHCPV6_OPTION, NULL, 0, &n);
	if (size < 4 || size > PCPSEL_DHCP6_MAX_MSG || data[0] == 12 ||
	    data[0] == 13) {
		assert(r == -EBADMSG || r == -E2BIG);
		return 0;
	}
	assert(r == 0 || r == 1);
	/* every option header is 4 bytes: no more instances than that */
	assert(n <= (size - 4) / 4);
	bufs = calloc(n + 1, sizeof(*bufs));
	if (bufs == NULL)
		abort();
	if (n > 0) {
		memset(&probe, 0x5a, sizeof(probe));
		assert(pcpsel_dhcp6_find(data, size, PCPSEL_DHCPV6_OPTION,
			   &probe, 0, &m) == -E2BIG);
		assert(((const uint8_t *)&probe)[0] == 0x5a);
	}
	r2 = pcpsel_dhcp6_find(data, size, PCPSEL_DHCPV6_OPTION, bufs, n, &m);
	assert(r2 == r && m == n);
	for (i = 0; i < n; i++) {
		/* inside the message, after its 4-byte option header, in
		 * order */
		assert(bufs[i].data >= last + 4);
		assert(bufs[i].data + bufs[i].len <= end);
		last = bufs[i].data + bufs[i].len;
		if (pcpsel_v6_check(bufs[i].data, bufs[i].len) == PCPSEL_OK) {
			good++;
			wire_addrs += bufs[i].len / 16;
		}
	}
	list = pcpsel_list_new();
	if (list == NULL)
		abort();
	r = pcpsel_v6_decode(list, bufs, n, &info);
	if (n > 0 && good == 0)
		assert(r == -EBADMSG && pcpsel_list_count(list) == 0);
	if (r == 0) {
		for (i = 0; i < pcpsel_list_count(list); i++) {
			const struct pcpsel_addr *a =
			    pcpsel_server_addrs(list, i);
			size_t j, c = pcpsel_server_count(list, i);

			assert(c > 0);
			for (j = 0; j < c; j++)
				assert(pcpsel_addr_usable(&a[j]));
			addrs += c;
		}
		assert(addrs + info.filtered + info.duplicates == wire_addrs);
	}
	pcpsel_list_free(list);
	free(bufs);
	return 0;
}
