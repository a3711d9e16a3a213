/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_roundtrip.c - encode then decode gives back the same servers
 *
 * The input is cut into servers of addresses (4 bytes: IPv4; a 0xff marker
 * byte then 16 bytes: IPv6); addresses the policy drops and repeats are
 * skipped, so every list built is valid.  Both encoders must round-trip
 * exactly (DESIGN.md invariant), the v4 one over any number of instances.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "fuzz.h"

static void
roundtrip(const struct pcpsel_list *list, int family)
{
	struct pcpsel_wire *wire = NULL;
	struct pcpsel_buf *bufs;
	struct pcpsel_list *back;
	size_t i, n;
	int r;

	r = family == 4 ? pcpsel_v4_encode(list, &wire) :
			  pcpsel_v6_encode(list, &wire);
	if (r != 0) {
		assert(wire == NULL);
		return;
	}
	n = pcpsel_wire_count(wire);
	bufs = calloc(n + 1, sizeof(*bufs));
	back = pcpsel_list_new();
	if (bufs == NULL || back == NULL)
		abort();
	for (i = 0; i < n; i++) {
		bufs[i].data = pcpsel_wire_get(wire, i, &bufs[i].len);
		if (family == 4)
			assert(bufs[i].len <= PCPSEL_V4_MAX_INSTANCE);
	}
	if (n > 0) {
		r = family == 4 ? pcpsel_v4_decode(back, bufs, n, NULL) :
				  pcpsel_v6_decode(back, bufs, n, NULL);
		assert(r == 0);
	}
	/* origins differ by construction; compare addresses only */
	assert(pcpsel_list_count(back) == pcpsel_list_count(list));
	for (i = 0; i < pcpsel_list_count(list); i++) {
		size_t c = pcpsel_server_naddrs(list, i);

		assert(pcpsel_server_naddrs(back, i) == c);
		assert(memcmp(pcpsel_server_addrs(back, i),
			   pcpsel_server_addrs(list, i),
			   c * sizeof(struct pcpsel_addr)) == 0);
	}
	pcpsel_list_free(back);
	free(bufs);
	pcpsel_wire_free(wire);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcpsel_list *v4 = pcpsel_list_new(), *v6 = pcpsel_list_new();
	struct pcpsel_addr cur4[PCPSEL_V4_MAX_ADDRS], cur6[64];
	size_t n4 = 0, n6 = 0, pos = 0;

	if (v4 == NULL || v6 == NULL)
		abort();
	while (pos < size && size <= 8192) {
		struct pcpsel_addr a;
		uint8_t tag = data[pos++];

		if (tag == 0xfe) { /* end of server */
			if (n4 > 0)
				(void)pcpsel_list_add_server(v4,
				    PCPSEL_ORIGIN_DHCPV4, cur4, n4);
			if (n6 > 0)
				(void)pcpsel_list_add_server(v6,
				    PCPSEL_ORIGIN_DHCPV6, cur6, n6);
			n4 = n6 = 0;
			continue;
		}
		if (tag == 0xff) {
			if (size - pos < 16)
				break;
			memcpy(a.bytes, data + pos, 16);
			pos += 16;
		} else {
			if (size - pos < 4)
				break;
			pcpsel_addr_from_v4(&a, data + pos);
			pos += 4;
		}
		if (!pcpsel_addr_usable(&a))
			continue;
		if (pcpsel_addr_is_v4(&a) && n4 < PCPSEL_V4_MAX_ADDRS)
			cur4[n4++] = a;
		if (n6 < 64)
			cur6[n6++] = a;
	}
	roundtrip(v4, 4);
	roundtrip(v6, 6);
	pcpsel_list_free(v4);
	pcpsel_list_free(v6);
	return 0;
}
