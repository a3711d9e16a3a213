/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * internal.h - libpcpsel helpers shared between its .c files (not installed)
 */
#ifndef PCPSEL_INTERNAL_H
#define PCPSEL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pcpsel.h"

#ifndef PCPSEL_SERVERS_DIR_DEFAULT
#define PCPSEL_SERVERS_DIR_DEFAULT "/run/pcp/servers"
#endif

#define PS_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The bytes of an IPv4-mapped address's IPv4 part. */
#define PS_V4(a) (&(a)->bytes[12])

/* addr.c: the value of hex digit @c (either case), or -1. */
int ps_hex_digit(int c);

/* RFC 4291 §2.5.5.2: the first 12 bytes of ::ffff:a.b.c.d */
/* clang-format off */
static const uint8_t ps_v4mapped_prefix[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};
/* clang-format on */

/* The 8 bytes at @p as a big-endian number: one load (memcpy: no alignment
 * needed), and a byte swap where the machine is little-endian.  (Written as
 * eight shifted bytes, GCC 12 did not always see the swap: 40 instructions
 * where it did not.) */
static inline uint64_t
ps_be64(const uint8_t *p)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return __builtin_bswap64(v);
#else
	return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 |
	    (uint64_t)p[2] << 40 | (uint64_t)p[3] << 32 |
	    (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 | (uint64_t)p[6] << 8 |
	    (uint64_t)p[7];
#endif
}

/* pcpsel_addr_is_v4 and pcpsel_addr_usable (addr.c) for the library's own
 * loops: inline, without the exported function's NULL check and call. */
static inline bool
ps_addr_is_v4(const struct pcpsel_addr *a)
{
	/* P-DHCP6-5, RFC 6887 §5: all 96 leading bits are compared */
	return memcmp(a->bytes, ps_v4mapped_prefix,
		   sizeof(ps_v4mapped_prefix)) == 0;
}

/* The address policy (R7291-8, R7291-15, P-DHCP4-3, P-DHCP6-4), as
 * pcpsel.h documents pcpsel_addr_usable(). */
static inline bool
ps_addr_usable(const struct pcpsel_addr *a)
{
	static const uint8_t zero[12];

	if (ps_addr_is_v4(a)) {
		uint8_t first = a->bytes[12];

		/* P-DHCP4-3: 0.0.0.0/8 "this network"; R7291-15 / RFC 6890:
		 * 127.0.0.0/8 host loopback; R7291-15: 224.0.0.0/4
		 * multicast; P-DHCP4-3: 240.0.0.0/4 reserved, so also
		 * 255.255.255.255 */
		return first != 0 && first != 127 && first < 224;
	}
	/* R7291-8: ff00::/8 multicast; R7291-8 ::1, P-DHCP6-4 :: and the
	 * deprecated IPv4-compatible ::a.b.c.d: all of ::/96 */
	return a->bytes[0] != 0xff &&
	    memcmp(a->bytes, zero, sizeof(zero)) != 0;
}

/* list.c: a server is an array of addresses plus its origin bits. */
struct ps_server {
	struct pcpsel_addr *addrs; /* in the list's arena */
	size_t naddrs;
	unsigned origin;
};

/* list.c: the servers' addresses live in blocks owned by the list, newest
 * first; each block at least doubles the last, and pcpsel_list_clear()
 * keeps the newest (largest) for reuse, so that a list decoded into again
 * and again allocates nothing once it has held its largest content. */
struct ps_block {
	struct ps_block *next; /* older block */
	size_t cap; /* addresses */
	size_t used;
	struct pcpsel_addr addrs[];
};

struct pcpsel_list {
	struct ps_server *servers;
	size_t nservers;
	size_t cap;
	struct ps_block *blocks;
};

/* list.c: move every server of @src, with the blocks holding their
 * addresses, to the end of @dst (which must have room: see
 * ps_list_reserve), leaving @src empty.  Never fails. */
void ps_list_move(struct pcpsel_list *dst, struct pcpsel_list *src);

/* list.c: ps_arena_alloc() when the newest block has no room: a new one. */
struct pcpsel_addr *ps_arena_grow(struct pcpsel_list *list, size_t n);

/* list.c: room for @n addresses in @list's arena, or NULL (out of memory).
 * Only ever given back by ps_arena_rollback() or with the whole list. */
static inline struct pcpsel_addr *
ps_arena_alloc(struct pcpsel_list *list, size_t n)
{
	struct ps_block *head = list->blocks;

	if (head != NULL && head->cap - head->used >= n) {
		head->used += n;
		return &head->addrs[head->used - n];
	}
	return ps_arena_grow(list, n);
}

/* list.c: where the arena stands, to give back what was taken since. */
struct ps_arena_mark {
	struct ps_block *head;
	size_t used;
};
void ps_arena_mark(const struct pcpsel_list *list, struct ps_arena_mark *m);
void ps_arena_rollback(struct pcpsel_list *list,
    const struct ps_arena_mark *m);

/* list.c: 1 if @addr is held by any server of @list, else 0. */
int ps_list_contains(const struct pcpsel_list *list,
    const struct pcpsel_addr *addr);

/* list.c: make room for @extra more servers.  0 or -ENOMEM. */
int ps_list_reserve(struct pcpsel_list *list, size_t extra);

/* list.c: *@ret_index is the index of the first of @addrs[0..@n) that @list
 * (may be NULL) or an earlier one of @addrs holds, or SIZE_MAX; linear
 * time.  0 or -ENOMEM. */
int ps_find_dup(const struct pcpsel_list *list,
    const struct pcpsel_addr *addrs, size_t n, size_t *ret_index);

/* list.c: append @nservers servers in one step, in time linear in the
 * addresses (those of @list included): server i has @counts[i] addresses,
 * taken in turn from @addrs, and origin @origins[i] (@origins NULL: @origin
 * for all).  The checks of pcpsel_list_add_server(); when an address is
 * already held (by @list, an earlier server or earlier in its own server),
 * -EINVAL with *@ret_bad (may be NULL) the index in @addrs of the first such
 * address.  0, -EINVAL, -E2BIG, -ENOMEM; @list unchanged on failure. */
int ps_list_append(struct pcpsel_list *list, const struct pcpsel_addr *addrs,
    const size_t *counts, const unsigned *origins, unsigned origin,
    size_t nservers, size_t *ret_bad);

/* ifaddrs.c: one reading of the host's address table (getifaddrs(3) and
 * /proc/net/if_inet6), shared by the source lookups of many interfaces. */
struct ps_hostaddrs;

/* ifaddrs.c: pcpsel_sources_get() with the table in *@table: if it is NULL
 * and @ifname exists, the table is read first and left in *@table for the
 * next lookup (free it with ps_hostaddrs_free); @table NULL: a one-off
 * lookup, pcpsel_sources_get() itself.  The same returns as
 * pcpsel_sources_get(). */
int ps_sources_lookup(struct ps_hostaddrs **table, const char *ifname,
    struct pcpsel_source **ret_sources, size_t *ret_n);
void ps_hostaddrs_free(struct ps_hostaddrs *table);

/* wire.c: build a wire object from instances written back to back. */
struct pcpsel_wire *ps_wire_new(size_t ninst, size_t total);
/* Append one instance of @len bytes and return where to write it. */
uint8_t *ps_wire_append(struct pcpsel_wire *wire, size_t len);

#endif /* PCPSEL_INTERNAL_H */
