/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v4.c - DHCPv4 option 158, OPTION_V4_PCP_SERVER (RFC 7291 §4.1)
 *
 *    0                   1
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 ...
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Code = 158   |    Length     |  (not part of the data here)
 *   +---------------+---------------+---------------+ ...
 *   | List-Length   | List of PCP Server IPv4 Addresses (4 per address)
 *   +---------------+---------------+---------------+ ...
 *   | List-Length   | List of ... (one more PCP server per pair)
 *   +---------------+---------------+---------------+ ...
 *
 * The data handed in are the instances' data without code and Length.
 * RFC 3396 §7 / P-DHCP4-1: the instances are one option, concatenated
 * before any check; a split may fall anywhere.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "internal.h"
#include "cursor.h"
#include "dedupe.h"

/* Reassembled data up to this size stay on the stack. */
#define V4_STACK_DATA 512

/* P-DHCP4-2: walk (List-Length, list) pairs; the first violation discards
 * the whole option (reason, offset and value in @info).  On success
 * *@ret_naddrs is the number of addresses. */
static int
v4_check(const uint8_t *data, size_t len, struct pcpsel_decode_info *info,
    size_t *ret_naddrs)
{
	struct ps_cursor c;
	size_t naddrs = 0;
	uint8_t list_len;

	/* R7291-9: Length (of the whole, RFC 3396) is at least 5 */
	if (len < 5) {
		info->reason = PCPSEL_BAD_V4_SHORT;
		info->offset = 0;
		info->value = len;
		return -EBADMSG;
	}
	ps_cursor_init(&c, data, len);
	while (ps_cursor_left(&c) > 0) {
		size_t at = len - ps_cursor_left(&c);

		(void)ps_take_u8(&c, &list_len);
		info->offset = at;
		info->value = list_len;
		/* P-DHCP4-2: an empty list is not "one or more addresses";
		 * this also catches a stray trailing 0x00 */
		if (list_len == 0) {
			info->reason = PCPSEL_BAD_V4_LIST_ZERO;
			return -EBADMSG;
		}
		/* R7291-10: List-Length MUST be a multiple of 4 */
		if (list_len % 4 != 0) {
			info->reason = PCPSEL_BAD_V4_LIST_NOT_4;
			return -EBADMSG;
		}
		/* P-DHCP4-2: a list running past the end (this also catches
		 * leftover octets that cannot form a pair) */
		if (!ps_take_bytes(&c, NULL, list_len)) {
			info->reason = PCPSEL_BAD_V4_LIST_OVERRUN;
			return -EBADMSG;
		}
		naddrs += list_len / 4;
	}
	info->offset = 0;
	info->value = 0;
	*ret_naddrs = naddrs;
	return 0;
}

/* Addresses kept on the stack before the decoder allocates (4 bytes and a
 * mark each). */
#define V4_STACK_ADDRS 256

/* R7291-15, P-DHCP4-3: pcpsel_addr_usable() of ::ffff:@a (@a an IPv4
 * address as a number), on its first byte as ps_addr_usable() decides:
 * 0.0.0.0/8, 127.0.0.0/8 and 224.0.0.0/3 are refused. */
static bool
v4_usable(uint32_t a)
{
	uint32_t first = a >> 24;

	return first != 0 && first != 127 && first < 224;
}

int
pcpsel_v4_decode(struct pcpsel_list *list, const struct pcpsel_buf *frags,
    size_t n, struct pcpsel_decode_info *ret_info)
{
	struct pcpsel_decode_info info;
	uint8_t stack_data[V4_STACK_DATA], *heap_data = NULL;
	uint32_t stack_a4[V4_STACK_ADDRS], *a4;
	uint8_t stack_marks[V4_STACK_ADDRS], *marks;
	void *heap_addrs = NULL;
	const uint8_t *data;
	struct ps_cursor c;
	struct ps_build b;
	struct ps_v4_stats st;
	size_t total = 0, naddrs, nservers, filtered, dups, i, k;
	uint8_t list_len;
	uint32_t a;
	bool all_kept;
	int r;

	if (list == NULL || (n > 0 && frags == NULL))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (frags[i].data == NULL && frags[i].len > 0)
			return -EINVAL;
		if (frags[i].len > PCPSEL_MAX_INPUT - total)
			return -E2BIG;
		total += frags[i].len;
	}
	memset(&info, 0, sizeof(info));
	/* no instance at all: no option, nothing to add (as for v6; the
	 * decode of an encoded empty list).  "9e 00" is one empty fragment
	 * and is malformed (D4-16). */
	if (n == 0) {
		if (ret_info != NULL)
			*ret_info = info;
		return 0;
	}

	/* RFC 3396 §7, P-DHCP4-1: reassemble in aggregate order first */
	if (n == 1) {
		data = frags[0].data;
	} else {
		uint8_t *buf = stack_data;

		if (total > sizeof(stack_data)) {
			heap_data = malloc(total);
			if (heap_data == NULL)
				return -ENOMEM;
			buf = heap_data;
		}
		for (i = 0, k = 0; i < n; i++) {
			if (frags[i].len > 0)
				memcpy(buf + k, frags[i].data, frags[i].len);
			k += frags[i].len;
		}
		data = buf;
	}

	r = v4_check(data, total, &info, &naddrs);
	if (r != 0) {
		free(heap_data);
		if (ret_info != NULL)
			*ret_info = info;
		return r;
	}

	/* each address as a number (4 bytes, not 16: the duplicate search
	 * and the copy into the list work on those) and its mark */
	/* (only the first naddrs entries are ever read; the store keeps
	 * GCC's -Wmaybe-uninitialized from guessing otherwise) */
	stack_a4[0] = 0;
	a4 = stack_a4;
	marks = stack_marks;
	if (naddrs > V4_STACK_ADDRS) {
		heap_addrs = malloc(naddrs * (sizeof(*a4) + 1));
		if (heap_addrs == NULL) {
			free(heap_data);
			return -ENOMEM;
		}
		a4 = heap_addrs;
		marks = (uint8_t *)heap_addrs + naddrs * sizeof(*a4);
	}

	/* every address in wire order; R7291-15, P-DHCP4-3: the filter */
	ps_cursor_init(&c, data, total);
	ps_v4_stats_init(&st);
	k = 0;
	filtered = 0;
	while (ps_take_u8(&c, &list_len)) {
		const uint8_t *p;

		/* v4_check() has checked every list is there */
		if (!ps_take_span(&c, list_len, &p))
			break;
		for (i = 0; i < list_len / 4u; i++, k++, p += 4) {
			a = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
			    (uint32_t)p[2] << 8 | (uint32_t)p[3];
			a4[k] = a;
			if (v4_usable(a)) {
				marks[k] = PS_KEEP;
				ps_v4_stats_add(&st, a);
			} else {
				marks[k] = PS_FILTERED;
				filtered++;
			}
		}
	}

	/* P-DHCP4-5/6: the first occurrence wins, also against @list */
	r = ps_mark_dups_v4(list, a4, naddrs, marks, &st, &dups);
	if (r != 0)
		goto out;
	info.filtered = filtered;
	info.duplicates = dups;

	/* P-DHCP4-4: a list left empty disappears (none is when every
	 * address is kept) */
	all_kept = filtered == 0 && dups == 0;
	nservers = 0;
	ps_cursor_init(&c, data, total);
	k = 0;
	while (ps_take_u8(&c, &list_len)) {
		(void)ps_take_bytes(&c, NULL, list_len);
		if (all_kept || ps_any_kept(&marks[k], list_len / 4u))
			nservers++;
		else
			info.dropped_servers++;
		k += list_len / 4u;
	}
	r = ps_list_reserve(list, nservers);
	if (r != 0)
		goto out;

	/* P-DHCP4-7: lists and addresses in received order (when none was
	 * filtered or a duplicate, the marks need not be read) */
	ps_build_init_v4(&b, list, a4, all_kept ? NULL : marks,
	    PCPSEL_ORIGIN_DHCPV4);
	ps_cursor_init(&c, data, total);
	while (ps_take_u8(&c, &list_len)) {
		(void)ps_take_bytes(&c, NULL, list_len);
		r = ps_build_group(&b, list_len / 4u);
		if (r != 0) {
			ps_build_abort(&b);
			goto out;
		}
	}
	ps_build_commit(&b);
	if (ret_info != NULL)
		*ret_info = info;
out:
	free(heap_addrs);
	free(heap_data);
	return r;
}

/* Where the instance starting at server @first ends (RFC 3396 §6: at most
 * 255 bytes each; here split only between servers so that every instance
 * is valid alone).  Returns the index past its last server, its length in
 * *@ret_len. */
static size_t
instance_end(const struct pcpsel_list *list, size_t first, size_t max,
    size_t *ret_len)
{
	size_t i = first, len = 0;

	while (i < list->nservers) {
		size_t size = 1 + 4 * list->servers[i].naddrs;

		if (len + size > max)
			break;
		len += size;
		i++;
	}
	*ret_len = len;
	return i;
}

int
pcpsel_v4_encode(const struct pcpsel_list *list, struct pcpsel_wire **ret_wire)
{
	return pcpsel_v4_encode_split(list, PCPSEL_V4_MAX_INSTANCE, ret_wire);
}

int
pcpsel_v4_encode_split(const struct pcpsel_list *list, size_t max,
    struct pcpsel_wire **ret_wire)
{
	struct pcpsel_wire *wire;
	size_t ninst = 0, total = 0, len, i, j, end;

	/* a whole server (63 addresses) is 253 bytes: it must always fit */
	if (list == NULL || ret_wire == NULL ||
	    max < 1 + 4 * PCPSEL_V4_MAX_ADDRS || max > PCPSEL_V4_MAX_INSTANCE)
		return -EINVAL;
	for (i = 0; i < list->nservers; i++) {
		const struct ps_server *s = &list->servers[i];

		if (s->naddrs == 0)
			return -EINVAL;
		/* RFC 7291 §4.1: List-Length is one octet, at most 252 */
		if (s->naddrs > PCPSEL_V4_MAX_ADDRS)
			return -E2BIG;
		for (j = 0; j < s->naddrs; j++)
			if (!ps_addr_is_v4(&s->addrs[j]) ||
			    !ps_addr_usable(&s->addrs[j]))
				return -EINVAL;
		total += 1 + 4 * s->naddrs;
	}
	/* a server is at most 253 bytes, so every instance holds one */
	for (i = 0; i < list->nservers; i = end) {
		end = instance_end(list, i, max, &len);
		ninst++;
	}
	wire = ps_wire_new(ninst, total);
	if (wire == NULL)
		return -ENOMEM;
	for (i = 0; i < list->nservers; i = end) {
		uint8_t *out;

		end = instance_end(list, i, max, &len);
		out = ps_wire_append(wire, len);
		for (; i < end; i++) {
			const struct ps_server *s = &list->servers[i];

			/* R7291-10: List-Length counts the addresses only */
			*out++ = (uint8_t)(4 * s->naddrs);
			for (j = 0; j < s->naddrs; j++) {
				memcpy(out, PS_V4(&s->addrs[j]), 4);
				out += 4;
			}
		}
	}
	*ret_wire = wire;
	return 0;
}
