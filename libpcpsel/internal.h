/*
 * internal.h - libpcpsel helpers shared between its .c files (not installed)
 */
#ifndef PCPSEL_INTERNAL_H
#define PCPSEL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pcpsel.h"

#ifndef PCPSEL_SERVERS_DIR_DEFAULT
#define PCPSEL_SERVERS_DIR_DEFAULT "/run/pcp/servers"
#endif

#define PS_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The bytes of an IPv4-mapped address's IPv4 part. */
#define PS_V4(a) (&(a)->bytes[12])

/* addr.c: the value of hex digit @c (either case), or -1. */
int ps_hex_digit(int c);

/* list.c: a server is an array of addresses plus its origin bits. */
struct ps_server {
	struct pcpsel_addr *addrs;
	size_t naddrs;
	unsigned origin;
};

struct pcpsel_list {
	struct ps_server *servers;
	size_t nservers;
	size_t cap;
};

/* list.c: 1 if @addr is held by any server of @list, else 0. */
int ps_list_contains(const struct pcpsel_list *list,
    const struct pcpsel_addr *addr);

/* list.c: move every server of @src to the end of @dst (which must have
 * room: see ps_list_reserve), leaving @src empty.  Never fails. */
void ps_list_move(struct pcpsel_list *dst, struct pcpsel_list *src);

/* list.c: make room for @extra more servers.  0 or -ENOMEM. */
int ps_list_reserve(struct pcpsel_list *list, size_t extra);

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
