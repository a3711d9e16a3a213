/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6.c - DHCPv6 option 86, OPTION_V6_PCP_SERVER (RFC 7291 §3.1)
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     OPTION_V6_PCP_SERVER      |         Option-length         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                  PCP Server IPv6 Address (16)                 |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                              ...                              |
 *
 * The data handed in are each instance's address field (without code and
 * option-len).  R7291-4, R7291-6: one instance is one PCP server; RFC 8415
 * §21 / P-DHCP6-1: instances are never concatenated and are checked alone.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "internal.h"
#include "cursor.h"
#include "dedupe.h"

/* pcpsel_v6_check() of @len bytes that are there. */
static int
v6_check_len(size_t len)
{
	/* P-DHCP6-2: "one or more addresses", so option-len 0 is bad */
	if (len == 0)
		return PCPSEL_BAD_V6_EMPTY;
	if (len > PCPSEL_MAX_INPUT)
		return PCPSEL_BAD_TOO_LONG;
	/* R7291-1: option-len MUST be a multiple of 16 */
	if (len % 16 != 0)
		return PCPSEL_BAD_V6_NOT_16;
	return PCPSEL_OK;
}

int
pcpsel_v6_check(const uint8_t *data, size_t len)
{
	if (data == NULL && len > 0)
		return -EINVAL;
	return v6_check_len(len);
}

int
pcpsel_v6_decode(struct pcpsel_list *list, const struct pcpsel_buf *insts,
    size_t n, struct pcpsel_decode_info *ret_info)
{
	struct pcpsel_decode_info info;
	struct pcpsel_addr stack_addrs[PS_STACK_ADDRS], *addrs;
	uint8_t stack_marks[PS_STACK_ADDRS], *marks;
	void *heap = NULL;
	struct ps_cursor c;
	struct ps_build b;
	size_t naddrs = 0, good = 0, nservers = 0, i, k, count;
	int r;

	if (list == NULL || (n > 0 && insts == NULL))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (insts[i].data == NULL && insts[i].len > 0)
			return -EINVAL;
		if (insts[i].len > PCPSEL_MAX_INPUT)
			return -E2BIG;
	}
	memset(&info, 0, sizeof(info));

	/* P-DHCP6-1/2: skip the malformed instances, note the first */
	for (i = 0; i < n; i++) {
		/* (the data of every instance is there: checked above) */
		r = v6_check_len(insts[i].len);
		if (r != PCPSEL_OK) {
			if (info.bad_instances == 0) {
				info.reason = r;
				info.offset = i;
				info.value = insts[i].len;
			}
			info.bad_instances++;
			continue;
		}
		good++;
		naddrs += insts[i].len / 16;
	}
	if (n > 0 && good == 0) {
		if (ret_info != NULL)
			*ret_info = info;
		return -EBADMSG;
	}

	/* (only the first naddrs entries are ever read; the store keeps
	 * GCC's -Wmaybe-uninitialized from guessing otherwise) */
	memset(&stack_addrs[0], 0, sizeof(stack_addrs[0]));
	addrs = stack_addrs;
	marks = stack_marks;
	if (naddrs > PS_STACK_ADDRS) {
		if (naddrs > SIZE_MAX / (sizeof(*addrs) + 1))
			return -ENOMEM;
		heap = malloc(naddrs * (sizeof(*addrs) + 1));
		if (heap == NULL)
			return -ENOMEM;
		addrs = heap;
		marks = (uint8_t *)heap + naddrs * sizeof(*addrs);
	}

	/* every address in order.  An IPv4-mapped address already is the
	 * IPv4 form (R7291-3/7). */
	k = 0;
	for (i = 0; i < n; i++) {
		if (v6_check_len(insts[i].len) != PCPSEL_OK)
			continue;
		ps_cursor_init(&c, insts[i].data, insts[i].len);
		while (ps_take_bytes(&c, addrs[k].bytes, 16))
			k++;
	}

	/* R7291-8, P-DHCP6-4: the filter; P-DHCP6-6: duplicates inside and
	 * across instances and against @list, the first one wins */
	r = ps_mark(list, addrs, naddrs, marks, &info);
	if (r != 0)
		goto out;

	k = 0;
	for (i = 0; i < n; i++) {
		if (v6_check_len(insts[i].len) != PCPSEL_OK)
			continue;
		count = insts[i].len / 16;
		if (ps_count_kept(&marks[k], count) > 0)
			nservers++;
		else
			info.dropped_servers++;
		k += count;
	}
	r = ps_list_reserve(list, nservers);
	if (r != 0)
		goto out;

	ps_build_init(&b, list, addrs, marks, PCPSEL_ORIGIN_DHCPV6);
	for (i = 0; i < n; i++) {
		if (v6_check_len(insts[i].len) != PCPSEL_OK)
			continue;
		r = ps_build_group(&b, insts[i].len / 16);
		if (r != 0) {
			ps_build_abort(&b);
			goto out;
		}
	}
	ps_build_commit(&b);
	if (ret_info != NULL)
		*ret_info = info;
out:
	free(heap);
	return r;
}

int
pcpsel_v6_encode(const struct pcpsel_list *list, struct pcpsel_wire **ret_wire)
{
	struct pcpsel_wire *wire;
	size_t total = 0, i, j;

	if (list == NULL || ret_wire == NULL)
		return -EINVAL;
	for (i = 0; i < list->nservers; i++) {
		const struct ps_server *s = &list->servers[i];

		if (s->naddrs == 0)
			return -EINVAL;
		/* option-len is 16 bits: 4095 addresses at most */
		if (s->naddrs > PCPSEL_V6_MAX_ADDRS)
			return -E2BIG;
		for (j = 0; j < s->naddrs; j++)
			if (!ps_addr_usable(&s->addrs[j]))
				return -EINVAL;
		total += 16 * s->naddrs;
	}
	wire = ps_wire_new(list->nservers, total);
	if (wire == NULL)
		return -ENOMEM;
	for (i = 0; i < list->nservers; i++) {
		const struct ps_server *s = &list->servers[i];
		uint8_t *out;

		/* R7291-4: one instance per server; R7291-3: IPv4 is held
		 * (and so written) IPv4-mapped */
		out = ps_wire_append(wire, 16 * s->naddrs);
		for (j = 0; j < s->naddrs; j++)
			memcpy(out + 16 * j, s->addrs[j].bytes, 16);
	}
	*ret_wire = wire;
	return 0;
}
