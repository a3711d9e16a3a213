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

#define IF_INET6_PATH	"/proc/net/if_inet6"

/* Linux IFA_F_* address flags (<linux/if_addr.h>), as printed in
 * /proc/net/if_inet6. */
#define F_TEMPORARY	0x01u
#define F_DADFAILED	0x08u
#define F_HOMEADDRESS	0x10u
#define F_DEPRECATED	0x20u
#define F_TENTATIVE	0x40u

/* One IPv6 address of the interface with its kernel flags. */
struct v6state {
	uint8_t addr[16];
	unsigned flags;
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

/* Read the states of interface @index's IPv6 addresses into a new array.
 * No file (no IPv6 in the kernel) is no state.  0, -ENOMEM, or -errno. */
static int
v6states_read(unsigned index, struct v6state **ret, size_t *ret_n)
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
		if (!parse_if_inet6(line, &st, &idx) || idx != index)
			continue;
		if (n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			tmp = realloc(states, cap * sizeof(*states));
			if (tmp == NULL) {
				free(states);
				fclose(f);
				return -ENOMEM;
			}
			states = tmp;
		}
		states[n++] = st;
	}
	fclose(f);
	*ret = states;
	*ret_n = n;
	return 0;
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
			ret->prefixlen = mask_len(
			    (const uint8_t *)&sin.sin_addr, 4);
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
			ret->prefixlen = mask_len(
			    (const uint8_t *)&sin6.sin6_addr, 16);
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

int
pcpsel_sources_get(const char *ifname, struct pcpsel_source **ret_sources,
    size_t *ret_n)
{
	struct pcpsel_source *out = NULL, src;
	struct v6state *states = NULL;
	struct ifaddrs *list = NULL, *ifa;
	size_t nstates = 0, n = 0, cap = 0;
	unsigned index;
	int r;

	if (ifname == NULL || ret_sources == NULL || ret_n == NULL ||
	    pcpsel_ifname_check(ifname) < 0)
		return -EINVAL;
	index = if_nametoindex(ifname);
	if (index == 0)
		return -ENODEV;
	r = v6states_read(index, &states, &nstates);
	if (r < 0)
		return r;
	if (getifaddrs(&list) < 0) {
		r = -errno;
		free(states);
		return r;
	}
	for (ifa = list; ifa != NULL; ifa = ifa->ifa_next) {
		if (ifa->ifa_addr == NULL || ifa->ifa_name == NULL ||
		    !name_matches(ifa->ifa_name, ifname) ||
		    !entry_source(ifa, states, nstates, &src))
			continue;
		cap++;
	}
	/* Always a real allocation, even for 0 sources. */
	out = malloc((cap > 0 ? cap : 1) * sizeof(*out));
	if (out == NULL) {
		freeifaddrs(list);
		free(states);
		return -ENOMEM;
	}
	for (ifa = list; ifa != NULL && n < cap; ifa = ifa->ifa_next) {
		if (ifa->ifa_addr == NULL || ifa->ifa_name == NULL ||
		    !name_matches(ifa->ifa_name, ifname) ||
		    !entry_source(ifa, states, nstates, &src))
			continue;
		out[n++] = src;
	}
	freeifaddrs(list);
	free(states);
	*ret_sources = out;
	*ret_n = n;
	return 0;
}
