/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * addr.c - one address type for both families, its text forms and the
 * address policy (R7291-8, R7291-15, P-DHCP4-3, P-DHCP6-4, P-DHCP6-5)
 *
 * An address is 16 bytes in network order; IPv4 is held IPv4-mapped
 * (RFC 4291 §2.5.5.2):
 *
 *   0                   10  12          16
 *   +-------------------+---+-----------+
 *   | 00 .. 00 (80 bit) |ffff| a b c d  |
 *   +-------------------+---+-----------+
 *
 * Text input (pcpsel_addr_from_string) is parsed here, not by inet_pton(),
 * so that the accepted language is the same on every libc:
 *  - IPv4: exactly four decimal parts of 1 to 3 digits, each 0..255, and no
 *    part with a leading zero ("01.2.3.4" is refused: inet_aton() would
 *    read it as octal, so it is ambiguous);
 *  - IPv6: RFC 4291 §2.2 forms 1, 2 and 3: groups of 1 to 4 hex digits
 *    (either case), at most one "::" standing for one or more zero groups,
 *    an optional dotted quad (same rules as above) in the last 32 bits;
 *  - nothing else: no zone ("%eth0"), no prefix ("/64"), no blanks, no
 *    brackets, no trailing dot or colon.
 * "::ffff:192.0.2.1" (or "::ffff:c000:201") yields the IPv4-mapped bytes,
 * which are the IPv4 address 192.0.2.1.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "pcpsel.h"
#include "internal.h"

/* RFC 4291 §2.5.5.2: 80 zero bits, then 16 one bits */
static const uint8_t v4mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0xff, 0xff };

int
pcpsel_addr_is_v4(const struct pcpsel_addr *addr)
{
	if (addr == NULL)
		return 0;
	/* P-DHCP6-5, RFC 6887 §5: all 96 leading bits are compared */
	return memcmp(addr->bytes, v4mapped_prefix, sizeof(v4mapped_prefix)) ==
	    0;
}

void
pcpsel_addr_from_v4(struct pcpsel_addr *ret, const uint8_t v4[4])
{
	if (ret == NULL || v4 == NULL)
		return;
	memcpy(ret->bytes, v4mapped_prefix, sizeof(v4mapped_prefix));
	memcpy(PS_V4(ret), v4, 4);
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
ps_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse a dotted quad that must make up all of @text.  No leading zeros. */
static bool
parse_v4(const char *text, uint8_t ret[4])
{
	uint8_t out[4];
	const char *p = text;
	int part;

	for (part = 0; part < 4; part++) {
		unsigned value = 0;
		int digits = 0;

		if (part > 0) {
			if (*p != '.')
				return false;
			p++;
		}
		while (is_digit(*p) && digits < 3) {
			value = value * 10 + (unsigned)(*p - '0');
			p++;
			digits++;
		}
		if (digits == 0 || is_digit(*p) || value > 255)
			return false;
		/* "01" would be octal to inet_aton(): refuse it */
		if (digits > 1 && p[-digits] == '0')
			return false;
		out[part] = (uint8_t)value;
	}
	if (*p != '\0')
		return false;
	memcpy(ret, out, 4);
	return true;
}

/* Does a dotted quad start at @p (digits then '.')?  Hex groups never
 * contain a dot, so this decides the mixed form of RFC 4291 §2.2 (3). */
static bool
v4_follows(const char *p)
{
	while (is_digit(*p))
		p++;
	return *p == '.';
}

/* RFC 4291 §2.2: parse an IPv6 text address into @ret. */
static bool
parse_v6(const char *text, uint8_t ret[16])
{
	uint16_t groups[8];
	uint8_t out[16];
	const char *p = text;
	int ngroups = 0, gap = -1, i;

	if (p[0] == ':') {
		if (p[1] != ':')
			return false;
		gap = 0;
		p += 2;
		if (*p == '\0')
			goto done;
	}
	for (;;) {
		unsigned value = 0;
		int digits = 0, h;

		if (ngroups >= 8)
			return false;
		if (v4_follows(p)) {
			uint8_t quad[4];

			/* the dotted quad fills the last 32 bits */
			if (ngroups > 6 || !parse_v4(p, quad))
				return false;
			groups[ngroups++] = (uint16_t)(quad[0] << 8 | quad[1]);
			groups[ngroups++] = (uint16_t)(quad[2] << 8 | quad[3]);
			break;
		}
		while ((h = ps_hex_digit(*p)) >= 0 && digits < 4) {
			value = value << 4 | (unsigned)h;
			p++;
			digits++;
		}
		if (digits == 0 || ps_hex_digit(*p) >= 0)
			return false;
		groups[ngroups++] = (uint16_t)value;
		if (*p == '\0')
			break;
		if (*p != ':')
			return false;
		p++;
		if (*p == ':') {
			if (gap >= 0)
				return false; /* a second "::" */
			gap = ngroups;
			p++;
			if (*p == '\0')
				break;
		}
	}
done:
	/* "::" stands for one or more zero groups */
	if (gap < 0 ? ngroups != 8 : ngroups > 7)
		return false;
	memset(out, 0, sizeof(out));
	for (i = 0; i < ngroups; i++) {
		int at = i;

		if (gap >= 0 && i >= gap)
			at = 8 - ngroups + i;
		out[2 * at] = (uint8_t)(groups[i] >> 8);
		out[2 * at + 1] = (uint8_t)groups[i];
	}
	memcpy(ret, out, 16);
	return true;
}

int
pcpsel_addr_from_string(struct pcpsel_addr *ret, const char *text)
{
	struct pcpsel_addr addr;
	uint8_t quad[4];

	if (ret == NULL || text == NULL)
		return -EINVAL;
	if (strchr(text, ':') == NULL) {
		if (!parse_v4(text, quad))
			return -EINVAL;
		pcpsel_addr_from_v4(&addr, quad);
	} else if (!parse_v6(text, addr.bytes))
		return -EINVAL;
	/* "::ffff:a.b.c.d" is already the IPv4 form: the bytes are the same */
	*ret = addr;
	return 0;
}

/* RFC 5952 §4: lowercase hex, no leading zeros, the longest run of two or
 * more zero groups (the first one on a tie) written "::", one lone zero
 * group written "0".  Returns the length written into @out (>= 46 bytes). */
static int
format_v6(const uint8_t bytes[16], char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned groups[8];
	int best = -1, bestlen = 0, run = -1, i, len = 0;

	for (i = 0; i < 8; i++)
		groups[i] = (unsigned)bytes[2 * i] << 8 | bytes[2 * i + 1];
	for (i = 0; i <= 8; i++) {
		if (i < 8 && groups[i] == 0) {
			if (run < 0)
				run = i;
			continue;
		}
		if (run >= 0 && i - run > bestlen) {
			best = run;
			bestlen = i - run;
		}
		run = -1;
	}
	if (bestlen < 2) { /* RFC 5952 §4.2.2: not for one group */
		best = -1;
		bestlen = 0;
	}
	for (i = 0; i < 8; i++) {
		unsigned g = groups[i];
		int shift;
		bool started = false;

		if (i == best) {
			out[len++] = ':';
			out[len++] = ':';
			i += bestlen - 1;
			continue;
		}
		if (i > 0 && i != best + bestlen)
			out[len++] = ':';
		for (shift = 12; shift >= 0; shift -= 4) {
			unsigned nibble = (g >> shift) & 0xf;

			if (nibble == 0 && !started && shift > 0)
				continue;
			started = true;
			out[len++] = hex[nibble];
		}
	}
	out[len] = '\0';
	return len;
}

int
pcpsel_addr_to_string(const struct pcpsel_addr *addr, char *buf, size_t size)
{
	char text[PCPSEL_ADDRSTRLEN];
	int len;

	if (addr == NULL || buf == NULL)
		return -EINVAL;
	if (pcpsel_addr_is_v4(addr)) {
		const uint8_t *v4 = PS_V4(addr);

		len = snprintf(text, sizeof(text), "%u.%u.%u.%u",
		    (unsigned)v4[0], (unsigned)v4[1], (unsigned)v4[2],
		    (unsigned)v4[3]);
	} else {
		/* IPv4-compatible and other embedded forms are printed as
		 * plain IPv6: RFC 5952 §5 reserves the dotted form for
		 * addresses known to embed IPv4, and only ::ffff:0:0/96 is
		 * IPv4 here. */
		len = format_v6(addr->bytes, text);
	}
	if (len < 0 || (size_t)len >= size)
		return -ENOBUFS;
	memcpy(buf, text, (size_t)len + 1);
	return len;
}

const char *
pcpsel_addr_unusable_str(const struct pcpsel_addr *addr)
{
	static const uint8_t zero[12];
	const uint8_t *b;

	if (addr == NULL)
		return "no address";
	if (pcpsel_addr_is_v4(addr)) {
		b = PS_V4(addr);
		/* P-DHCP4-3: 0.0.0.0/8 "this network" */
		if (b[0] == 0)
			return "0.0.0.0/8, this network";
		/* R7291-15 / RFC 6890: 127.0.0.0/8 host loopback */
		if (b[0] == 127)
			return "loopback";
		/* R7291-15: 224.0.0.0/4 multicast */
		if (b[0] >= 224 && b[0] <= 239)
			return "multicast";
		/* P-DHCP4-3: 240.0.0.0/4 reserved, so also 255.255.255.255 */
		if (b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255)
			return "broadcast";
		if (b[0] >= 240)
			return "reserved, 240.0.0.0/4";
		return NULL;
	}
	b = addr->bytes;
	/* R7291-8: ff00::/8 multicast */
	if (b[0] == 0xff)
		return "multicast";
	/* R7291-8 ::1, P-DHCP6-4 :: and the deprecated IPv4-compatible
	 * ::a.b.c.d: all of ::/96 */
	if (memcmp(b, zero, sizeof(zero)) == 0) {
		if (b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1)
			return b[15] == 0 ? "unspecified" : "loopback";
		return "IPv4-compatible, deprecated by RFC 4291";
	}
	return NULL;
}

int
pcpsel_addr_usable(const struct pcpsel_addr *addr)
{
	/* the rules are in internal.h, shared with the decoders' loops */
	return addr != NULL && ps_addr_usable(addr);
}

const char *
pcpsel_malformed_str(int reason)
{
	switch (reason) {
	case PCPSEL_OK:
		return "well formed";
	case PCPSEL_BAD_V4_SHORT:
		return "option data shorter than 5 bytes";
	case PCPSEL_BAD_V4_LIST_ZERO:
		return "List-Length is 0";
	case PCPSEL_BAD_V4_LIST_NOT_4:
		return "List-Length is not a multiple of 4";
	case PCPSEL_BAD_V4_LIST_OVERRUN:
		return "List-Length runs past the end of the option";
	case PCPSEL_BAD_V6_EMPTY:
		return "option-len is 0";
	case PCPSEL_BAD_V6_NOT_16:
		return "option-len is not a multiple of 16";
	case PCPSEL_BAD_TOO_LONG:
		return "option data longer than 65535 bytes";
	default:
		return "unknown reason";
	}
}
