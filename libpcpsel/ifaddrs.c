/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ifaddrs.c - an interface's current addresses as RFC 6724 candidate sources
 *
 * Addresses and prefix lengths come from getifaddrs(3).  getifaddrs() does
 * not report IPv6 address states, so they are read from /proc/net/if_inet6,
 * one line per IPv6 address:
 *
 *   <address: 32 hex digits> <ifindex> <prefixlen> <scope> <flags> <name>
 *
 * the numbers in hex, <flags> the low 8 bits of the kernel's IFA_F_* bits.
 * Tentative addresses (DAD not finished) and addresses whose DAD failed are
 * not usable as sources (RFC 4862 §5.4) and are left out; deprecated and
 * temporary ones are flagged for RFC 6724 §5 Rules 3 and 7.
 */
#include "config.h"

#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "pcpsel.h"
#include "internal.h"

#define IF_INET6_PATH "/proc/net/if_inet6"

/* Linux IFA_F_* address flags (<linux/if_addr.h>), as printed in
 * /proc/net/if_inet6. */
#define F_TEMPORARY 0x01u
#define F_DADFAILED 0x08u
#define F_HOMEADDRESS 0x10u
#define F_DEPRECATED 0x20u
#define F_TENTATIVE 0x40u

/* One IPv6 address of the host with its interface and kernel flags. */
struct v6state {
	uint8_t addr[16];
	unsigned flags;
	unsigned index; /* interface index */
	size_t seq; /* line number: keeps the file order in a sort */
};

/* One reading of the host's address table: every getifaddrs(3) entry and
 * every line of /proc/net/if_inet6 (sorted by interface index), so that the
 * sources of many interfaces cost one netlink dump and one file read. */
struct ps_hostaddrs {
	struct ifaddrs *list;
	struct v6state *states;
	size_t nstates;
};

/* Parse a hex number of 1 to 8 digits at *@p, then skip blanks.  Returns
 * false if there is none. */
static bool
take_hex(const char **p, unsigned long *ret)
{
	const char *s = *p;
	unsigned long v = 0;
	int digits = 0, h;

	while ((h = ps_hex_digit(*s)) >= 0) {
		if (++digits > 8)
			return false;
		v = v * 16 + (unsigned long)h;
		s++;
	}
	if (digits == 0)
		return false;
	while (*s == ' ' || *s == '\t')
		s++;
	*p = s;
	*ret = v;
	return true;
}

/* Parse one /proc/net/if_inet6 line.  Returns false if it is not one. */
static bool
parse_if_inet6(const char *line, struct v6state *ret, unsigned long *ret_index)
{
	unsigned long index, plen, scope, flags;
	const char *p = line;
	int i, hi, lo;

	for (i = 0; i < 16; i++) {
		hi = ps_hex_digit(p[0]);
		lo = hi >= 0 ? ps_hex_digit(p[1]) : -1;
		if (lo < 0)
			return false;
		ret->addr[i] = (uint8_t)(hi * 16 + lo);
		p += 2;
	}
	if (*p != ' ')
		return false;
	while (*p == ' ')
		p++;
	if (!take_hex(&p, &index) || !take_hex(&p, &plen) ||
	    !take_hex(&p, &scope) || !take_hex(&p, &flags))
		return false;
	ret->flags = (unsigned)(flags & 0xff);
	*ret_index = index;
	return true;
}

static int
v6state_cmp(const void *a, const void *b)
{
	const struct v6state *x = a, *y = b;

	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Read the states of the host's IPv6 addresses (only those of interface
 * @only if it is not 0) into a new array, sorted by interface index (file
 * order within one interface).  No file (no IPv6 in the kernel) is no
 * state.  0, -ENOMEM, or -errno. */
static int
v6states_read(unsigned only, struct v6state **ret, size_t *ret_n)
{
	struct v6state *states = NULL, *tmp, st;
	size_t n = 0, cap = 0;
	unsigned long idx;
	char line[256];
	FILE *f;

	f = fopen(IF_INET6_PATH, "re");
	if (f == NULL) {
		if (errno == ENOENT) {
			*ret = NULL;
			*ret_n = 0;
			return 0;
		}
		return -errno;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (!parse_if_inet6(line, &st, &idx) ||
		    (only != 0 && idx != only))
			continue;
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			tmp = realloc(states, cap * sizeof(*states));
			if (tmp == NULL) {
				free(states);
				fclose(f);
				return -ENOMEM;
			}
			states = tmp;
		}
		st.index = (unsigned)idx;
		st.seq = n;
		states[n++] = st;
	}
	fclose(f);
	if (n > 1)
		qsort(states, n, sizeof(*states), v6state_cmp);
	*ret = states;
	*ret_n = n;
	return 0;
}

/* The states of interface @index: *@ret_n entries from the returned one
 * (binary search in the sorted array). */
static const struct v6state *
v6states_of(const struct ps_hostaddrs *h, unsigned index, size_t *ret_n)
{
	size_t lo = 0, hi = h->nstates, mid, end;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (h->states[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < h->nstates && h->states[end].index == index;
	     end++)
		;
	*ret_n = end - lo;
	return h->states != NULL ? &h->states[lo] : NULL;
}

/* The prefix length of a netmask of @len bytes (its leading one bits). */
static unsigned
mask_len(const uint8_t *mask, size_t len)
{
	unsigned bits = 0;
	size_t i;
	uint8_t b;

	for (i = 0; i < len; i++) {
		for (b = mask[i]; (b & 0x80) != 0; b = (uint8_t)(b << 1))
			bits++;
		if (mask[i] != 0xff)
			break;
	}
	return bits;
}

/* true if getifaddrs() name @name belongs to @ifname: the name itself or an
 * IPv4 alias label "<ifname>:<label>". */
static bool
name_matches(const char *name, const char *ifname)
{
	size_t len = strlen(ifname);

	return strncmp(name, ifname, len) == 0 &&
	    (name[len] == '\0' || name[len] == ':');
}

/* Turn one getifaddrs() entry into a source.  Returns false if it is not a
 * usable unicast address. */
static bool
entry_source(const struct ifaddrs *ifa, const struct v6state *states,
    size_t nstates, struct pcpsel_source *ret)
{
	const struct sockaddr *sa = ifa->ifa_addr;
	size_t i;

	memset(ret, 0, sizeof(*ret));
	if (sa->sa_family == AF_INET) {
		struct sockaddr_in sin;
		uint8_t v4[4];

		memcpy(&sin, sa, sizeof(sin));
		memcpy(v4, &sin.sin_addr, sizeof(v4));
		/* RFC 6724 §4: never unspecified or multicast */
		if ((v4[0] == 0 && v4[1] == 0 && v4[2] == 0 && v4[3] == 0) ||
		    (v4[0] & 0xf0) == 0xe0)
			return false;
		/* IPv4-mapped form (pcpsel.h) */
		ret->addr.bytes[10] = 0xff;
		ret->addr.bytes[11] = 0xff;
		memcpy(PS_V4(&ret->addr), v4, sizeof(v4));
		ret->prefixlen = 32;
		if (ifa->ifa_netmask != NULL &&
		    ifa->ifa_netmask->sa_family == AF_INET) {
			memcpy(&sin, ifa->ifa_netmask, sizeof(sin));
			ret->prefixlen =
			    mask_len((const uint8_t *)&sin.sin_addr, 4);
		}
		return true;
	}
	if (sa->sa_family == AF_INET6) {
		struct sockaddr_in6 sin6;

		memcpy(&sin6, sa, sizeof(sin6));
		memcpy(ret->addr.bytes, &sin6.sin6_addr, 16);
		if (ret->addr.bytes[0] == 0xff ||
		    IN6_IS_ADDR_UNSPECIFIED(&sin6.sin6_addr))
			return false;
		ret->prefixlen = 128;
		if (ifa->ifa_netmask != NULL &&
		    ifa->ifa_netmask->sa_family == AF_INET6) {
			memcpy(&sin6, ifa->ifa_netmask, sizeof(sin6));
			ret->prefixlen =
			    mask_len((const uint8_t *)&sin6.sin6_addr, 16);
		}
		for (i = 0; i < nstates; i++) {
			unsigned f = states[i].flags;

			if (memcmp(states[i].addr, ret->addr.bytes, 16) != 0)
				continue;
			/* RFC 4862 §5.4: not (yet) an address */
			if ((f & (F_TENTATIVE | F_DADFAILED)) != 0)
				return false;
			if ((f & F_DEPRECATED) != 0)
				ret->flags |= PCPSEL_SRC_DEPRECATED;
			if ((f & F_TEMPORARY) != 0)
				ret->flags |= PCPSEL_SRC_TEMPORARY;
			if ((f & F_HOMEADDRESS) != 0)
				ret->flags |= PCPSEL_SRC_HOME;
			break;
		}
		return true;
	}
	return false;
}

void
ps_hostaddrs_free(struct ps_hostaddrs *h)
{
	if (h == NULL)
		return;
	if (h->list != NULL)
		freeifaddrs(h->list);
	free(h->states);
	free(h);
}

/* Read the host's address table (IPv6 states: those of interface @only if
 * it is not 0).  0, -ENOMEM or -errno. */
static int
hostaddrs_read(unsigned only, struct ps_hostaddrs **ret)
{
	struct ps_hostaddrs *h;
	int r;

	h = calloc(1, sizeof(*h));
	if (h == NULL)
		return -ENOMEM;
	r = v6states_read(only, &h->states, &h->nstates);
	if (r < 0) {
		free(h);
		return r;
	}
	if (getifaddrs(&h->list) < 0) {
		r = -errno;
		h->list = NULL;
		ps_hostaddrs_free(h);
		return r;
	}
	*ret = h;
	return 0;
}

/* true if getifaddrs() entry @ifa is a source of @ifname (the states of its
 * interface in @states); the source in *@src. */
static bool
entry_of(const struct ifaddrs *ifa, const char *ifname,
    const struct v6state *states, size_t nstates, struct pcpsel_source *src)
{
	return ifa->ifa_addr != NULL && ifa->ifa_name != NULL &&
	    name_matches(ifa->ifa_name, ifname) &&
	    entry_source(ifa, states, nstates, src);
}

/* The sources of @ifname (interface @index) in table @h: a new array. */
static int
sources_of(const struct ps_hostaddrs *h, const char *ifname, unsigned index,
    struct pcpsel_source **ret_sources, size_t *ret_n)
{
	struct pcpsel_source *out, src;
	const struct v6state *states;
	const struct ifaddrs *ifa;
	size_t nstates = 0, n = 0, cap = 0;

	states = v6states_of(h, index, &nstates);
	for (ifa = h->list; ifa != NULL; ifa = ifa->ifa_next)
		if (entry_of(ifa, ifname, states, nstates, &src))
			cap++;
	/* Always a real allocation, even for 0 sources. */
	out = malloc((cap > 0 ? cap : 1) * sizeof(*out));
	if (out == NULL)
		return -ENOMEM;
	for (ifa = h->list; ifa != NULL && n < cap; ifa = ifa->ifa_next)
		if (entry_of(ifa, ifname, states, nstates, &src))
			out[n++] = src;
	*ret_sources = out;
	*ret_n = n;
	return 0;
}

/* Check the arguments of a lookup and find @ifname's index.  0 (index in
 * *@ret_index), -EINVAL or -ENODEV. */
static int
lookup_start(const char *ifname, struct pcpsel_source **ret_sources,
    size_t *ret_n, unsigned *ret_index)
{
	if (ifname == NULL || ret_sources == NULL || ret_n == NULL ||
	    pcpsel_ifname_check(ifname) < 0)
		return -EINVAL;
	*ret_index = if_nametoindex(ifname);
	if (*ret_index == 0)
		return -ENODEV;
	return 0;
}

int
ps_sources_lookup(struct ps_hostaddrs **table, const char *ifname,
    struct pcpsel_source **ret_sources, size_t *ret_n)
{
	unsigned index;
	int r;

	if (table == NULL)
		return pcpsel_sources_get(ifname, ret_sources, ret_n);
	r = lookup_start(ifname, ret_sources, ret_n, &index);
	if (r < 0)
		return r;
	if (*table == NULL) {
		/* every interface's IPv6 states: the next lookups use them */
		r = hostaddrs_read(0, table);
		if (r < 0)
			return r;
	}
	return sources_of(*table, ifname, index, ret_sources, ret_n);
}

int
pcpsel_sources_get(const char *ifname, struct pcpsel_source **ret_sources,
    size_t *ret_n)
{
	struct ps_hostaddrs *table = NULL;
	unsigned index;
	int r;

	r = lookup_start(ifname, ret_sources, ret_n, &index);
	if (r < 0)
		return r;
	r = hostaddrs_read(index, &table);
	if (r < 0)
		return r;
	r = sources_of(table, ifname, index, ret_sources, ret_n);
	ps_hostaddrs_free(table);
	return r;
}
