/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_v4.c - option 158 decoding with random RFC 3396 fragmenting
 *
 * Input: byte 0 chooses how many fragments (1..8) the rest is cut into;
 * the cut points come from the following bytes.  Whatever the cuts, the
 * result must equal decoding the unsplit data (P-DHCP4-1), and every
 * decoded address must pass the address policy (R7291-15, P-DHCP4-3).
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "fuzz.h"

static void
check_list(const struct pcpsel_list *list)
{
	size_t i, j;

	for (i = 0; i < pcpsel_list_count(list); i++) {
		const struct pcpsel_addr *a = pcpsel_server_addrs(list, i);
		size_t n = pcpsel_server_naddrs(list, i);

		assert(n > 0 && n <= PCPSEL_V4_MAX_ADDRS);
		for (j = 0; j < n; j++) {
			char text[PCPSEL_ADDRSTRLEN];

			assert(pcpsel_addr_is_v4(&a[j]));
			assert(pcpsel_addr_usable(&a[j]));
			assert(pcpsel_addr_to_string(&a[j], text,
				   sizeof(text)) > 0);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcpsel_buf frags[8];
	struct pcpsel_list *whole, *split;
	struct pcpsel_decode_info info;
	size_t nfrag, cut[8], i, pos, body;
	int r1, r2;

	if (size < 1 || size > 4096)
		return 0;
	nfrag = (size_t)(data[0] % 8) + 1;
	data++;
	size--;
	if (size < nfrag)
		return 0;
	/* cut points from the first nfrag-1 bytes (they stay in the data) */
	body = size;
	for (i = 0; i + 1 < nfrag; i++)
		cut[i] = data[i] % (body + 1);
	cut[nfrag - 1] = body;
	/* sort cut points (tiny insertion sort) */
	for (i = 1; i < nfrag; i++) {
		size_t v = cut[i], j = i;

		while (j > 0 && cut[j - 1] > v) {
			cut[j] = cut[j - 1];
			j--;
		}
		cut[j] = v;
	}
	pos = 0;
	for (i = 0; i < nfrag; i++) {
		frags[i].data = data + pos;
		frags[i].len = cut[i] - pos;
		pos = cut[i];
	}

	whole = pcpsel_list_new();
	split = pcpsel_list_new();
	if (whole == NULL || split == NULL)
		abort();
	{
		struct pcpsel_buf one = { data, size };

		r1 = pcpsel_v4_decode(whole, &one, 1, &info);
	}
	r2 = pcpsel_v4_decode(split, frags, nfrag, NULL);
	assert(r1 == r2);
	assert(r1 == 0 || r1 == -EBADMSG);
	if (r1 == 0) {
		assert(pcpsel_list_equal(whole, split));
		check_list(whole);
	} else {
		assert(pcpsel_list_count(whole) == 0);
	}
	pcpsel_list_free(whole);
	pcpsel_list_free(split);
	return 0;
}
