/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_v6.c - option 86 decoding with random instance boundaries
 *
 * Input: byte 0 gives the number of instances (1..16); the next bytes give
 * each instance's length; the rest is the data.  Each instance must be
 * judged alone (P-DHCP6-1): the set of well-formed instances decides the
 * result, and every decoded address passes the policy (R7291-8, P-DHCP6-4).
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "pcpsel.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcpsel_buf insts[16];
	struct pcpsel_list *list;
	struct pcpsel_decode_info info;
	size_t n, i, pos, good = 0, addrs = 0, wire_addrs = 0;
	int r;

	if (size < 1 || size > 70000)
		return 0;
	n = (size_t)(data[0] % 16) + 1;
	if (size < 1 + n)
		return 0;
	pos = 1 + n;
	for (i = 0; i < n; i++) {
		size_t want = (size_t)data[1 + i] * 4;

		if (i == n - 1 || want > size - pos)
			want = size - pos;
		insts[i].data = data + pos;
		insts[i].len = want;
		pos += want;
		if (pcpsel_v6_check(insts[i].data, insts[i].len) ==
		    PCPSEL_OK) {
			good++;
			wire_addrs += insts[i].len / 16;
		}
	}
	list = pcpsel_list_new();
	if (list == NULL)
		abort();
	r = pcpsel_v6_decode(list, insts, n, &info);
	if (good == 0) {
		assert(r == -EBADMSG || r == -E2BIG);
		assert(pcpsel_list_count(list) == 0);
	} else if (r == 0) {
		assert(info.bad_instances == n - good);
		assert(pcpsel_list_count(list) <= good);
		for (i = 0; i < pcpsel_list_count(list); i++) {
			const struct pcpsel_addr *a =
			    pcpsel_server_addrs(list, i);
			size_t j, c = pcpsel_server_naddrs(list, i);

			assert(c > 0);
			for (j = 0; j < c; j++)
				assert(pcpsel_addr_usable(&a[j]));
			addrs += c;
		}
		/* every address of a good instance is kept or counted */
		assert(addrs + info.filtered + info.duplicates == wire_addrs);
	}
	pcpsel_list_free(list);
	return 0;
}
