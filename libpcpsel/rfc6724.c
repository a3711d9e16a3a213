/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rfc6724.c - RFC 6724 default address selection for a server's addresses
 *
 * pcpsel_order() sorts the addresses of one PCP server (RFC 7488 §4: try
 * them in RFC 6724 order) for a caller-given set of candidate sources:
 *
 *  1. every candidate source is looked up once (scope, label, CommonPrefixLen
 *     cap);
 *  2. every destination is looked up once (scope, precedence, label) and its
 *     Source(D) is chosen by the §5 rules among the sources of its family
 *     that the mapping family allows (P-FAM-1);
 *  3. the destinations are merge-sorted (stable, so §6 Rule 10 holds, P-AS-4)
 *     by a comparator that only reads what steps 1 and 2 computed.
 *
 * Step 3 costs O(n log n) comparisons.  For a large server it is replaced
 * by a radix sort of one 64-bit key per destination, in linear time, when
 * that gives the same order: when the comparator is the lexicographic order
 * of those keys (see key_sortable()).  Small inputs (the usual 1 to 4
 * addresses) are sorted without any allocation.
 *
 * Rules implemented: source Rules 1, 2, 3, 4, 6, 7, 8 and destination Rules
 * 1 to 10.  Rules not implemented, and why:
 *  - source Rule 5 (outgoing interface): every candidate source is on the
 *    one interface the server was learned on, so it always ties;
 *  - source Rule 5.5 (next hop's prefix): the library knows no next hops;
 *  - nothing is superseded: source Rule 8 and destination Rules 9 and 10
 *    are applied as written, although §5 and §6 allow better knowledge
 *    (e.g. measurements) to replace them.
 * Destination Rules 3, 4 and 7 decide only on flags the caller supplies
 * (PCPSEL_SRC_*, PCPSEL_DST_*, P-AS-5).  IPv4 is handled in its IPv4-mapped
 * form (RFC 6724 §3.2), with the same source rules (P-AS-3).
 *
 * Two destinations that are both unusable (Rule 1 ties) are still ordered
 * by the rules that need no source: 6, 7, 8 and 10.  Unknown PCPSEL_SRC_* or
 * PCPSEL_DST_* bits are a contract violation (-EINVAL).
 *
 * No I/O and no allocation happen inside the comparator.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "internal.h"

/* RFC 6724 §3.1: scope values (multicast scope field values). */
#define SCOPE_LINKLOCAL 0x2u
#define SCOPE_SITELOCAL 0x5u
#define SCOPE_GLOBAL 0xeu

#define SRC_FLAGS_ALL \
	(PCPSEL_SRC_DEPRECATED | PCPSEL_SRC_HOME | PCPSEL_SRC_CAREOF | \
	    PCPSEL_SRC_TEMPORARY)
#define DST_FLAGS_ALL (PCPSEL_DST_UNREACHABLE | PCPSEL_DST_ENCAPSULATED)

/*
 * RFC 6724 §2.1 default policy table, in the RFC's row order.  Lookups are
 * longest-prefix match, so the order of the rows does not matter.
 */
static const struct pcpsel_policy default_policy[] = {
	/* ::1/128 loopback */
	{ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, 128, 50, 0 },
	/* ::/0 everything else (native IPv6) */
	{ { 0 }, 0, 40, 1 },
	/* ::ffff:0:0/96 IPv4-mapped: IPv4 */
	{ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff }, 96, 35, 4 },
	/* 2002::/16 6to4 */
	{ { 0x20, 0x02 }, 16, 30, 2 },
	/* 2001::/32 Teredo */
	{ { 0x20, 0x01, 0, 0 }, 32, 5, 5 },
	/* fc00::/7 unique local */
	{ { 0xfc }, 7, 3, 13 },
	/* ::/96 IPv4-compatible (deprecated) */
	{ { 0 }, 96, 1, 3 },
	/* fec0::/10 site-local (deprecated) */
	{ { 0xfe, 0xc0 }, 10, 1, 11 },
	/* 3ffe::/16 6bone (returned) */
	{ { 0x3f, 0xfe }, 16, 1, 12 },
};

const struct pcpsel_policy *
pcpsel_policy_default(size_t *ret_n)
{
	if (ret_n != NULL)
		*ret_n = PS_ARRAY_SIZE(default_policy);
	return default_policy;
}

/* The policy attributes of one address.  An address no row matches (only
 * possible with a caller table lacking ::/0) gets precedence 0 and a label
 * that matches no other label. */
struct attrs {
	unsigned precedence;
	unsigned label;
	bool labelled;
};

/* A candidate source, looked up once. */
struct src {
	const struct pcpsel_source *source;
	bool v4;
	bool ready; /* the fields below are set (src_ready) */
	unsigned scope;
	struct attrs attrs;
	unsigned cap; /* CommonPrefixLen cap, 128-bit form (P-AS-2) */
};

/* A destination with everything the comparator needs. */
struct dst {
	struct pcpsel_addr addr;
	unsigned flags; /* PCPSEL_DST_* */
	bool v4;
	unsigned scope;
	struct attrs attrs;
	const struct src *src; /* Source(D), or NULL: undefined */
	unsigned cpl; /* CommonPrefixLen(Source(D), D) */
	uint64_t key; /* dst_key(): the comparator as a number */
};

/* The numbers of v4_order(): where its fields are (see there). */
#define V4_KEY_SHIFT 34
#define V4_KEY_BITS 10
#define V4_KEY_GLOBAL ((uint64_t)1 << 40)
#define V4_KEY_RULE7 ((uint64_t)1 << 41)
#define V4_KEY_RULE2 ((uint64_t)1 << 42)
#define V4_KEY_RULE1 ((uint64_t)1 << 43)

/* Sources and destinations up to these counts live on the stack. */
#define WORK_STACK_SRCS 8
#define WORK_STACK_DSTS 16

/* From this many destinations on, the radix sort is used when it may be. */
#define WORK_RADIX_MIN 48

/* Everything pcpsel_order() needs, allocated once (or on the stack). */
struct work {
	const struct pcpsel_policy *policy;
	size_t npolicy;
	bool default_policy; /* @policy is the RFC 6724 default table */
	int mapping;
	bool prefer_temporary;
	struct src *srcs;
	size_t nsrcs;
	size_t nfam[2]; /* candidates of each family: [0] IPv6, [1] IPv4 */
	struct src *fam_first[2]; /* the first of each family, or NULL */
	struct dst *dsts; /* the destinations */
	struct dst **order; /* the array being sorted: pointers to dsts */
	struct dst **scratch; /* as many entries, for the merge */
	/* v4_order(), tried first for every server when v4_fast is set */
	bool v4_fast; /* the default table, at most one IPv4 candidate */
	bool v4_ready; /* v4_setup() has run: the fields below are set */
	uint32_t v4_src; /* that candidate's IPv4 address (0: none) */
	unsigned v4_plen; /* its prefix length (0: none) */
	uint64_t v4_cap_bit; /* bit 63 - v4_plen: where Rule 9 stops */
	uint64_t v4_scope[2]; /* Rules 2, 8: D global [0], link-local [1] */
	uint64_t v4_rule1; /* V4_KEY_RULE1 with S, else 0 */
	uint32_t mapped_word; /* bytes 8-11 of every IPv4-mapped address */
	uint64_t *keys; /* 2 x as many numbers as destinations */
	void *heap; /* what was allocated, if anything */
	struct src stack_srcs[WORK_STACK_SRCS];
	struct dst stack_dsts[WORK_STACK_DSTS];
	struct dst *stack_ptrs[2 * WORK_STACK_DSTS];
	uint64_t stack_keys[2 * WORK_STACK_DSTS];
};

/* The 8 bytes at @p as a big-endian number (internal.h). */
static inline uint64_t
be64(const uint8_t *p)
{
	return ps_be64(p);
}

/* The 4 bytes at @p as a big-endian number. */
static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static bool
is_v4(const struct pcpsel_addr *a)
{
	/* ::ffff:0:0/96: 80 zero bits, 16 one bits */
	return ps_addr_is_v4(a);
}

/* 1 if the first @len bits of @a and @prefix are equal. */
static bool
prefix_match(const uint8_t a[16], const uint8_t prefix[16], unsigned len)
{
	unsigned full = len / 8, rest = len % 8;
	uint8_t mask;

	if (memcmp(a, prefix, full) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (uint8_t)(0xff << (8 - rest));
	return ((a[full] ^ prefix[full]) & mask) == 0;
}

/* The default table's row for @a (the longest matching prefix), decided on
 * the leading bytes instead of trying every row: the same result as the
 * walk below over default_policy (tests/unit/check_rfc6724.c compares them). */
static inline struct attrs
default_lookup(const struct pcpsel_addr *a)
{
	const uint8_t *b = a->bytes;
	struct attrs at = { 40, 1, true }; /* ::/0 */

	if (be64(b) == 0 && b[8] == 0 && b[9] == 0) { /* the first 80 bits */
		if (b[10] == 0xff && b[11] == 0xff) { /* ::ffff:0:0/96 */
			at.precedence = 35;
			at.label = 4;
		} else if (b[10] == 0 && b[11] == 0) {
			if (b[12] == 0 && b[13] == 0 && b[14] == 0 &&
			    b[15] == 1) { /* ::1/128 */
				at.precedence = 50;
				at.label = 0;
			} else { /* ::/96 */
				at.precedence = 1;
				at.label = 3;
			}
		}
	} else if (b[0] == 0x20 && b[1] == 0x02) { /* 2002::/16 */
		at.precedence = 30;
		at.label = 2;
	} else if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
		at.precedence = 5; /* 2001::/32 */
		at.label = 5;
	} else if ((b[0] & 0xfe) == 0xfc) { /* fc00::/7 */
		at.precedence = 3;
		at.label = 13;
	} else if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) { /* fec0::/10 */
		at.precedence = 1;
		at.label = 11;
	} else if (b[0] == 0x3f && b[1] == 0xfe) { /* 3ffe::/16 */
		at.precedence = 1;
		at.label = 12;
	}
	return at;
}

/* policy_lookup() in a caller's table: every row is tried. */
static struct attrs
policy_walk(const struct work *w, const struct pcpsel_addr *a)
{
	struct attrs at = { 0, 0, false };
	unsigned best = 0;
	size_t i;

	for (i = 0; i < w->npolicy; i++) {
		const struct pcpsel_policy *p = &w->policy[i];

		if ((at.labelled && p->len <= best) ||
		    !prefix_match(a->bytes, p->prefix, p->len))
			continue;
		at.precedence = p->precedence;
		at.label = p->label;
		at.labelled = true;
		best = p->len;
	}
	return at;
}

/* RFC 6724 §2.1: the longest matching prefix of the policy table gives
 * Precedence and Label (IPv4 looked up IPv4-mapped, §3.2).  The first of two
 * equally long matching rows wins. */
static inline struct attrs
policy_lookup(const struct work *w, const struct pcpsel_addr *a)
{
	return w->default_policy ? default_lookup(a) : policy_walk(w, a);
}

static bool
same_label(const struct attrs *x, const struct attrs *y)
{
	return x->labelled && y->labelled && x->label == y->label;
}

/* RFC 6724 §3.2: the scope of IPv4 address @b[12..15] (IPv4-mapped):
 * 169.254.0.0/16 and 127.0.0.0/8 are link-local, everything else (RFC
 * 1918 too) is global. */
static unsigned
scope_v4(const uint8_t *b)
{
	if ((b[12] == 169 && b[13] == 254) || b[12] == 127)
		return SCOPE_LINKLOCAL;
	return SCOPE_GLOBAL;
}

/* RFC 6724 §3: the scope of IPv6 address @b (not IPv4-mapped). */
static unsigned
scope_v6(const uint8_t *b)
{
	if (b[0] == 0xff) /* §3.1: multicast field */
		return b[1] & 0x0f;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) /* fe80::/10 */
		return SCOPE_LINKLOCAL;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) /* fec0::/10 */
		return SCOPE_SITELOCAL;
	if (be64(b) == 0 && be64(b + 8) == 1) /* §3.4 ::1 */
		return SCOPE_LINKLOCAL;
	/* ULAs, embedded-IPv4 forms, unknown prefixes: global (§3.3). */
	return SCOPE_GLOBAL;
}

/* RFC 6724 §3: the scope of an address. */
static unsigned
scope_of(const struct pcpsel_addr *a)
{
	return is_v4(a) ? scope_v4(a->bytes) : scope_v6(a->bytes);
}

/* The number of leading zero bits of @x (64 for 0). */
static unsigned
leading_zeros(uint64_t x)
{
#if defined(__GNUC__)
	return x == 0 ? 64 : (unsigned)__builtin_clzll(x);
#else
	unsigned n = 0;

	if (x == 0)
		return 64;
	if ((x >> 32) == 0) {
		n += 32;
		x <<= 32;
	}
	if ((x >> 48) == 0) {
		n += 16;
		x <<= 16;
	}
	if ((x >> 56) == 0) {
		n += 8;
		x <<= 8;
	}
	if ((x >> 60) == 0) {
		n += 4;
		x <<= 4;
	}
	if ((x >> 62) == 0) {
		n += 2;
		x <<= 2;
	}
	return n + ((x >> 63) == 0);
#endif
}

/* leading_zeros() of an @x known not to be 0. */
static inline unsigned
leading_zeros_nz(uint64_t x)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_clzll(x);
#else
	return leading_zeros(x);
#endif
}

/* RFC 6724 §2.2 CommonPrefixLen(S, D), on the 128-bit forms, capped at @cap
 * (S's prefix length, 96 + plen for IPv4: P-AS-2). */
static unsigned
common_prefix_len(const struct pcpsel_addr *s, const struct pcpsel_addr *d,
    unsigned cap)
{
	uint64_t x = be64(s->bytes) ^ be64(d->bytes);
	unsigned len;

	if (x != 0)
		len = leading_zeros(x);
	else
		len = 64 +
		    leading_zeros(be64(s->bytes + 8) ^ be64(d->bytes + 8));
	return len < cap ? len : cap;
}

/* RFC 6724 §4: never a multicast or unspecified source (@v4: is_v4(@a)). */
static bool
source_valid(const struct pcpsel_addr *a, bool v4)
{
	const uint8_t *b = a->bytes;

	if (v4)
		return !(b[12] == 0 && b[13] == 0 && b[14] == 0 &&
			   b[15] == 0) &&
		    (b[12] & 0xf0) != 0xe0;
	return b[0] != 0xff && (be64(b) | be64(b + 8)) != 0;
}

/* Rule 4 (source and destination): <0 prefers @fa's address, >0 @fb's. */
static int
home_cmp(unsigned fa, unsigned fb)
{
	const unsigned both = PCPSEL_SRC_HOME | PCPSEL_SRC_CAREOF;

	/* a home and care-of address at once beats one that is not */
	if ((fa & both) == both && (fb & both) != both)
		return -1;
	if ((fb & both) == both && (fa & both) != both)
		return 1;
	/* just a home address beats just a care-of address */
	if ((fa & both) == PCPSEL_SRC_HOME && (fb & both) == PCPSEL_SRC_CAREOF)
		return -1;
	if ((fb & both) == PCPSEL_SRC_HOME && (fa & both) == PCPSEL_SRC_CAREOF)
		return 1;
	return 0;
}

/*
 * RFC 6724 §5: true if source @sa is preferred over @sb for @d.  Both are of
 * @d's family and allowed by the mapping; a tie keeps @sb (the earlier one).
 */
static bool
source_better(const struct work *w, const struct src *sa, const struct src *sb,
    const struct dst *d)
{
	unsigned fa = sa->source->flags, fb = sb->source->flags;
	unsigned ca, cb;
	bool ta, tb;
	int r;

	/* Rule 1: prefer same address. */
	if (memcmp(&sa->source->addr, &d->addr, sizeof(d->addr)) == 0)
		return true;
	if (memcmp(&sb->source->addr, &d->addr, sizeof(d->addr)) == 0)
		return false;
	/* Rule 2: prefer appropriate scope. */
	if (sa->scope < sb->scope)
		return sa->scope >= d->scope;
	if (sb->scope < sa->scope)
		return sb->scope < d->scope;
	/* Rule 3: avoid deprecated addresses. */
	if ((fa & PCPSEL_SRC_DEPRECATED) != (fb & PCPSEL_SRC_DEPRECATED))
		return (fa & PCPSEL_SRC_DEPRECATED) == 0;
	/* Rule 4: prefer home addresses. */
	if ((r = home_cmp(fa, fb)) != 0)
		return r < 0;
	/* Rule 5: prefer outgoing interface - all sources are on it. */
	/* Rule 6: prefer matching label. */
	if (same_label(&sa->attrs, &d->attrs) !=
	    same_label(&sb->attrs, &d->attrs))
		return same_label(&sa->attrs, &d->attrs);
	/* Rule 7: prefer temporary addresses (or public ones, if so set). */
	ta = (fa & PCPSEL_SRC_TEMPORARY) != 0;
	tb = (fb & PCPSEL_SRC_TEMPORARY) != 0;
	if (ta != tb)
		return ta == w->prefer_temporary;
	/* Rule 8: use longest matching prefix. */
	ca = common_prefix_len(&sa->source->addr, &d->addr, sa->cap);
	cb = common_prefix_len(&sb->source->addr, &d->addr, sb->cap);
	return ca > cb;
}

/* Look source @s up (once, when a destination of its family first needs
 * it: a server of IPv4 addresses never pays for the IPv6 sources). */
static inline void
src_ready(const struct work *w, struct src *s)
{
	if (s->ready)
		return;
	s->scope = scope_of(&s->source->addr);
	s->attrs = policy_lookup(w, &s->source->addr);
	s->cap = s->v4 ? 96 + s->source->prefixlen : s->source->prefixlen;
	s->ready = true;
}

/* Fill in everything about destination @d and choose Source(D). */
static void
dst_prepare(struct work *w, struct dst *d)
{
	static const struct attrs v4_default = { 35, 4, true };
	struct src *best = NULL;
	size_t i;

	d->v4 = is_v4(&d->addr);
	if (d->v4) {
		d->scope = scope_v4(d->addr.bytes);
		/* the default table's ::ffff:0:0/96 row, as default_lookup()
		 * finds it for every IPv4-mapped address */
		d->attrs = w->default_policy ? v4_default :
					       policy_lookup(w, &d->addr);
	} else {
		d->scope = scope_v6(d->addr.bytes);
		d->attrs = policy_lookup(w, &d->addr);
	}
	if (w->nfam[d->v4] == 1) {
		/* the only candidate of D's family is Source(D) */
		best = w->fam_first[d->v4];
		src_ready(w, best);
	} else {
		for (i = 0; i < w->nsrcs; i++) {
			struct src *s = &w->srcs[i];

			/* Sources of D's family only; link-local and
			 * site-local destinations need same-link/same-site
			 * sources (§4): all candidates are on the one
			 * interface, so they qualify. */
			if (s->v4 != d->v4)
				continue;
			src_ready(w, s);
			if (best == NULL || source_better(w, s, best, d))
				best = s;
		}
	}
	d->src = best;
	d->cpl = best != NULL ?
	    common_prefix_len(&best->source->addr, &d->addr, best->cap) :
	    0;
}

/*
 * RFC 6724 §6: <0 if @da goes before @db, >0 after, 0 if Rules 1-9 tie
 * (Rule 10: the stable sort then keeps their order).
 */
static int
dst_cmp(const struct dst *da, const struct dst *db)
{
	const struct src *sa = da->src, *sb = db->src;
	bool ua, ub, xa, xb;
	int r;

	/* Rule 1: avoid unusable destinations. */
	ua = sa != NULL && (da->flags & PCPSEL_DST_UNREACHABLE) == 0;
	ub = sb != NULL && (db->flags & PCPSEL_DST_UNREACHABLE) == 0;
	if (ua != ub)
		return ua ? -1 : 1;
	/* Rules 2-5 and 9 compare sources: only when both have one (both
	 * unusable ones may lack it). */
	if (sa != NULL && sb != NULL) {
		/* Rule 2: prefer matching scope. */
		xa = da->scope == sa->scope;
		xb = db->scope == sb->scope;
		if (xa != xb)
			return xa ? -1 : 1;
		/* Rule 3: avoid deprecated addresses. */
		xa = (sa->source->flags & PCPSEL_SRC_DEPRECATED) != 0;
		xb = (sb->source->flags & PCPSEL_SRC_DEPRECATED) != 0;
		if (xa != xb)
			return xa ? 1 : -1;
		/* Rule 4: prefer home addresses. */
		if ((r = home_cmp(sa->source->flags, sb->source->flags)) != 0)
			return r;
		/* Rule 5: prefer matching label. */
		xa = same_label(&sa->attrs, &da->attrs);
		xb = same_label(&sb->attrs, &db->attrs);
		if (xa != xb)
			return xa ? -1 : 1;
	}
	/* Rule 6: prefer higher precedence. */
	if (da->attrs.precedence != db->attrs.precedence)
		return da->attrs.precedence > db->attrs.precedence ? -1 : 1;
	/* Rule 7: prefer native transport. */
	xa = (da->flags & PCPSEL_DST_ENCAPSULATED) != 0;
	xb = (db->flags & PCPSEL_DST_ENCAPSULATED) != 0;
	if (xa != xb)
		return xa ? 1 : -1;
	/* Rule 8: prefer smaller scope. */
	if (da->scope != db->scope)
		return da->scope < db->scope ? -1 : 1;
	/* Rule 9: use longest matching prefix - within one family (P-AS-2). */
	if (sa != NULL && sb != NULL && da->v4 == db->v4 && da->cpl != db->cpl)
		return da->cpl > db->cpl ? -1 : 1;
	/* Rule 10: otherwise, leave the order unchanged. */
	return 0;
}

/* Stable bottom-up merge sort of w->order[0..n) using w->scratch (P-AS-4):
 * on a tie the left run's element is taken first.  Pointers are moved, not
 * the destinations. */
static void
dst_sort(struct work *w, size_t n)
{
	struct dst **from = w->order, **to = w->scratch, **tmp;
	size_t width, lo, mid, hi, i, j, k;

	for (width = 1; width < n; width *= 2) {
		for (lo = 0; lo < n; lo += 2 * width) {
			mid = lo + width < n ? lo + width : n;
			hi = mid + width < n ? mid + width : n;
			i = lo;
			j = mid;
			for (k = lo; k < hi; k++) {
				if (i < mid &&
				    (j >= hi ||
					dst_cmp(from[i], from[j]) <= 0))
					to[k] = from[i++];
				else
					to[k] = from[j++];
			}
		}
		tmp = from;
		from = to;
		to = tmp;
	}
	if (from != w->order)
		memcpy(w->order, from, n * sizeof(*from));
}

/*
 * The comparator as a number, for destinations where it is one: its rules
 * in decreasing weight, each a field where smaller goes first.
 *
 *   bit 48      Rule 1: unusable
 *   bit 47      Rule 2: scope of Source(D) differs from D's
 *   bit 46      Rule 3: Source(D) deprecated
 *   bit 45      Rule 5: labels differ
 *   bits 13-44  Rule 6: UINT32_MAX - precedence
 *   bit 12      Rule 7: encapsulated
 *   bits 8-11   Rule 8: scope
 *   bits 0-7    Rule 9: 255 - CommonPrefixLen (0 when unusable)
 *
 * Rule 4 is not in it: key_sortable() leaves home and care-of sources to
 * the comparator.
 */
static uint64_t
dst_key(const struct dst *d)
{
	const struct src *s = d->src;
	uint64_t k;

	if (s == NULL || (d->flags & PCPSEL_DST_UNREACHABLE) != 0)
		k = (uint64_t)1 << 48;
	else {
		k = (uint64_t)(d->scope != s->scope) << 47 |
		    (uint64_t)((s->source->flags & PCPSEL_SRC_DEPRECATED) != 0)
			<< 46 |
		    (uint64_t)!same_label(&s->attrs, &d->attrs) << 45 |
		    (uint64_t)(255 - d->cpl);
	}
	k |= (uint64_t)(UINT32_MAX - (uint32_t)d->attrs.precedence) << 13 |
	    (uint64_t)((d->flags & PCPSEL_DST_ENCAPSULATED) != 0) << 12 |
	    (uint64_t)(d->scope & 0xfu) << 8;
	return k;
}

/*
 * 1 if sorting w->dsts[0..n) by dst_key() gives what dst_sort() gives, that
 * is if dst_cmp() is the order of the keys on them: never when an unusable
 * destination has a Source(D) (dst_cmp compares Rules 2-5 between two of
 * them, the key does not), a Source(D) is a home or care-of address (Rule
 * 4 is no key), a precedence does not fit 32 bits, or two usable
 * destinations of different families could tie on Rules 1-8 (Rule 9 only
 * compares within a family, P-AS-2): to exclude that, every usable IPv4
 * destination must have one precedence that no usable IPv6 destination
 * has, which the default policy table guarantees (35 is only
 * ::ffff:0:0/96's).
 */
static bool
key_sortable(const struct work *w, size_t n)
{
	const unsigned both = PCPSEL_SRC_HOME | PCPSEL_SRC_CAREOF;
	bool have4 = false;
	unsigned p4 = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct dst *d = &w->dsts[i];

		if (d->attrs.precedence > UINT32_MAX)
			return false;
		if (d->src == NULL)
			continue;
		if ((d->flags & PCPSEL_DST_UNREACHABLE) != 0 ||
		    (d->src->source->flags & both) != 0)
			return false;
		if (d->v4) {
			if (have4 && d->attrs.precedence != p4)
				return false;
			have4 = true;
			p4 = d->attrs.precedence;
		}
	}
	if (!have4)
		return true;
	for (i = 0; i < n; i++)
		if (w->dsts[i].src != NULL && !w->dsts[i].v4 &&
		    w->dsts[i].attrs.precedence == p4)
			return false;
	return true;
}

/* Stable LSD radix sort of w->order[0..n) by key, 8 bits a pass; a pass
 * where every key has the same digit is skipped (it would move nothing). */
static void
key_sort(struct work *w, size_t n)
{
	struct dst **from = w->order, **to = w->scratch, **tmp;
	size_t count[256], i, b, pos, c;
	uint64_t differ = 0;
	unsigned shift;

	/* the bits where some key differs from the first */
	for (i = 1; i < n; i++)
		differ |= from[i]->key ^ from[0]->key;
	for (shift = 0; shift < 56; shift += 8) {
		if (((differ >> shift) & 0xff) == 0)
			continue;
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[(from[i]->key >> shift) & 0xff]++;
		for (b = 0, pos = 0; b < 256; b++) {
			c = count[b];
			count[b] = pos;
			pos += c;
		}
		for (i = 0; i < n; i++)
			to[count[(from[i]->key >> shift) & 0xff]++] = from[i];
		tmp = from;
		from = to;
		to = tmp;
	}
	if (from != w->order)
		memcpy(w->order, from, n * sizeof(*from));
}

static bool
policy_valid(const struct pcpsel_policy *policy, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (policy[i].len > 128)
			return false;
	return true;
}

/* Check @ctx and look up its sources into w->srcs.  0, -EINVAL, -ENOMEM.
 * @ndst: room to make for that many destinations (work_free() releases
 * both). */
/* Take candidate source @s (@v4: is_v4()) into w->srcs, if the mapping
 * family allows it and it may be a source at all. */
static inline void
src_add(struct work *w, const struct pcpsel_source *s, bool v4)
{
	struct src *c = &w->srcs[w->nsrcs];

	/* P-FAM-1: the mapping family restricts the candidates. */
	if ((w->mapping == PCPSEL_MAPPING_V4 && !v4) ||
	    (w->mapping == PCPSEL_MAPPING_V6 && v4) ||
	    !source_valid(&s->addr, v4))
		return;
	c->source = s;
	c->v4 = v4;
	c->ready = false;
	if (w->nfam[v4]++ == 0)
		w->fam_first[v4] = c;
	w->nsrcs++;
}

static int
work_init(struct work *w, const struct pcpsel_order_ctx *ctx, size_t ndst)
{
	size_t i, size;
	bool stack;

	w->srcs = NULL;
	w->nsrcs = 0;
	w->nfam[0] = w->nfam[1] = 0;
	w->fam_first[0] = w->fam_first[1] = NULL;
	w->dsts = NULL;
	w->order = w->scratch = NULL;
	w->v4_fast = false;
	w->keys = NULL;
	w->heap = NULL;
	if (ctx == NULL || (ctx->sources == NULL && ctx->nsources > 0))
		return -EINVAL;
	if (ctx->mapping != PCPSEL_MAPPING_ANY &&
	    ctx->mapping != PCPSEL_MAPPING_V4 &&
	    ctx->mapping != PCPSEL_MAPPING_V6)
		return -EINVAL;
	if (ctx->policy != NULL) {
		if (ctx->npolicy == 0 ||
		    !policy_valid(ctx->policy, ctx->npolicy))
			return -EINVAL;
		w->policy = ctx->policy;
		w->npolicy = ctx->npolicy;
	} else {
		w->policy = default_policy;
		w->npolicy = PS_ARRAY_SIZE(default_policy);
	}
	w->default_policy = w->policy == default_policy &&
	    w->npolicy == PS_ARRAY_SIZE(default_policy);
	w->mapping = ctx->mapping;
	w->prefer_temporary = ctx->prefer_temporary != 0;

	/* with room on the stack, the sources are taken in as they are
	 * checked (nothing is kept on failure: @w is the caller's scratch) */
	stack = ctx->nsources <= WORK_STACK_SRCS && ndst <= WORK_STACK_DSTS &&
	    ndst >= 2;
	if (stack) {
		w->srcs = w->stack_srcs;
		w->dsts = w->stack_dsts;
		w->order = w->stack_ptrs;
		w->keys = w->stack_keys;
	}
	for (i = 0; i < ctx->nsources; i++) {
		const struct pcpsel_source *s = &ctx->sources[i];
		bool v4 = is_v4(&s->addr);

		if ((s->flags & ~SRC_FLAGS_ALL) != 0 ||
		    s->prefixlen > (v4 ? 32u : 128u))
			return -EINVAL;
		if (stack)
			src_add(w, s, v4);
	}
	/* nothing to sort: the sources are not even looked up */
	if (ndst < 2)
		return 0;

	if (!stack) {
		/* one block: destinations, 2 x numbers, 2 x pointers,
		 * sources (each part a multiple of 8 bytes long) */
		const size_t per = sizeof(struct dst) + 2 * sizeof(uint64_t) +
		    2 * sizeof(struct dst *);

		if (ctx->nsources > SIZE_MAX / 2 / sizeof(struct src) ||
		    ndst > SIZE_MAX / 4 / per)
			return -ENOMEM;
		size = ndst * per + ctx->nsources * sizeof(struct src);
		w->heap = malloc(size);
		if (w->heap == NULL)
			return -ENOMEM;
		w->dsts = w->heap;
		w->keys = (uint64_t *)(void *)(w->dsts + ndst);
		w->order = (struct dst **)(void *)(w->keys + 2 * ndst);
		w->srcs = (struct src *)(w->order + 2 * ndst);
	}
	w->scratch = w->order + ndst;
	if (!stack)
		for (i = 0; i < ctx->nsources; i++)
			src_add(w, &ctx->sources[i],
			    is_v4(&ctx->sources[i].addr));

	/* v4_order(): with the default table every IPv4 destination has
	 * one precedence and label, and with at most one IPv4 candidate no
	 * two destinations differ in Source(D); v4_setup() before the first
	 * try */
	w->v4_fast = w->default_policy && w->nfam[1] <= 1;
	w->v4_ready = false;
	return 0;
}

/* The per-call constants of v4_order(). */
static void
v4_setup(struct work *w)
{
	const bool have = w->nfam[1] == 1;
	bool link = false;

	memcpy(&w->mapped_word, &ps_v4mapped_prefix[8], 4);
	w->v4_src = 0;
	w->v4_plen = 0;
	if (have) {
		const struct pcpsel_source *s = w->fam_first[1]->source;

		w->v4_src = be32(PS_V4(&s->addr));
		w->v4_plen = s->prefixlen;
		link = scope_v4(s->addr.bytes) == SCOPE_LINKLOCAL;
	}
	w->v4_cap_bit = (uint64_t)1 << (63 - w->v4_plen);
	/* Rule 8: a global D after a link-local one; Rule 2 (only with S):
	 * D's scope is not S's */
	w->v4_scope[0] = V4_KEY_GLOBAL | (have && link ? V4_KEY_RULE2 : 0);
	w->v4_scope[1] = have && !link ? V4_KEY_RULE2 : 0;
	w->v4_rule1 = have ? V4_KEY_RULE1 : 0;
	w->v4_ready = true;
}

static void
work_free(struct work *w)
{
	free(w->heap);
}

/*
 * The IPv4 path: RFC 6724 §6 for destinations that are all IPv4 (IPv4-
 * mapped, §3.2), under the default policy table, with at most one IPv4
 * candidate source (w->v4_fast).  dst_cmp() then reduces to a few numbers
 * per destination:
 *
 *  - no IPv4 candidate: no destination has a Source(D), so Rule 1 ties
 *    (all unusable) and Rules 2-5 and 9 are not applied; Rule 6 ties (every
 *    destination is on the ::ffff:0:0/96 row, precedence 35); Rule 7
 *    (encapsulated) and Rule 8 (scope) decide;
 *  - one IPv4 candidate S: Source(D) = S for every destination (dst_prepare
 *    takes the only candidate of D's family), so Rules 3, 4 and 5 compare S
 *    with itself, or its label with the one label of IPv4 destinations, and
 *    tie; Rule 6 ties; Rules 1 (unreachable), 2 (D's scope is not S's), 7,
 *    8 and 9 (CommonPrefixLen(S, D): 96 + the leading equal bits of the two
 *    IPv4 addresses, capped at 96 + S's prefix length, P-AS-2) decide, in
 *    that order, for usable and unusable destinations alike.
 *
 * So dst_cmp() is the order of one number per destination, and a stable
 * sort by it (Rule 10) gives what dst_sort() gives.  Each number also
 * carries the destination itself (its IPv4 address and flags), so nothing
 * else is moved:
 *
 *   bits 0-31   the IPv4 address                   (not sorted on)
 *   bit 32      PCPSEL_DST_UNREACHABLE             (not sorted on)
 *   bit 33      PCPSEL_DST_ENCAPSULATED            (not sorted on)
 *   bits 34-39  Rule 9: 96 + S's prefix length - CommonPrefixLen (the
 *               cap, P-AS-2: 0 to 32; larger CommonPrefixLen first), 0
 *               without S
 *   bit 40      Rule 8: scope global (link-local goes first)
 *   bit 41      Rule 7: encapsulated
 *   bit 42      Rule 2: D's scope differs from S's, 0 without S
 *   bit 43      Rule 1: unreachable, 0 without S (all tie)
 *
 * tests/unit/check_rfc6724.c compares this path with dst_sort() (the
 * default table given as a copy takes the general path) on random inputs.
 * Returns false, having changed nothing, when some destination is not IPv4.
 */

/* The number of v4_order() for IPv4 address @a (a.b.c.d as a << 24 | ...):
 * all but the flags' bits. */
static inline uint64_t
v4_key(const struct work *w, uint32_t a)
{
	/* §3.2: 169.254.0.0/16 and 127.0.0.0/8 are link-local */
	const bool link = (a >> 16) == 0xa9feu || (a >> 24) == 127;
	unsigned cpl;

	/* the leading equal bits of S and D, at most S's prefix length
	 * (the count stops at the cap bit, so never at 0) */
	cpl =
	    leading_zeros_nz((uint64_t)(a ^ w->v4_src) << 32 | w->v4_cap_bit);
	return (uint64_t)a | (uint64_t)(w->v4_plen - cpl) << V4_KEY_SHIFT |
	    w->v4_scope[link];
}

/* The bits of v4_order()'s number for PCPSEL_DST_* flags @f: the flags
 * themselves, Rule 7, and Rule 1 (only with S). */
static inline uint64_t
v4_flag_bits(const struct work *w, unsigned f)
{
	const uint64_t un = (f & PCPSEL_DST_UNREACHABLE) != 0;
	const uint64_t en = (f & PCPSEL_DST_ENCAPSULATED) != 0;

	return un << 32 | en << 33 | (en * V4_KEY_RULE7) | (un * w->v4_rule1);
}

static bool
v4_order(struct work *w, struct pcpsel_addr *addrs, unsigned *flags, size_t n)
{
	uint64_t *e = w->keys, *tmp = w->keys + n, *from, *to, *t, x, k;
	uint64_t differ = 0, head, other = 0;
	size_t count[16], i, j, b, pos, c;
	unsigned shift;
	uint32_t mid;

	/* the numbers; and whether every address is IPv4-mapped (the first
	 * 12 bytes: a zero word and mapped_word), found at the end */
	if (flags == NULL) {
		for (i = 0; i < n; i++) {
			const uint8_t *p = addrs[i].bytes;

			memcpy(&head, p, 8);
			memcpy(&mid, p + 8, 4);
			other |= head | (uint64_t)(mid ^ w->mapped_word);
			k = v4_key(w, be32(p + 12));
			e[i] = k;
			differ |= k ^ e[0];
		}
	} else {
		for (i = 0; i < n; i++) {
			const uint8_t *p = addrs[i].bytes;

			memcpy(&head, p, 8);
			memcpy(&mid, p + 8, 4);
			other |= head | (uint64_t)(mid ^ w->mapped_word);
			k = v4_key(w, be32(p + 12)) |
			    v4_flag_bits(w, flags[i]);
			e[i] = k;
			differ |= k ^ e[0];
		}
	}
	if (other != 0)
		return false;
	differ >>= V4_KEY_SHIFT;
	if (differ == 0)
		return true; /* all tie: Rule 10 keeps the order */

	if (n <= 16) {
		/* stable insertion sort on the rules' bits */
		for (i = 1; i < n; i++) {
			k = e[i];
			for (j = i; j > 0 &&
			     (k >> V4_KEY_SHIFT) < (e[j - 1] >> V4_KEY_SHIFT);
			     j--)
				e[j] = e[j - 1];
			e[j] = k;
		}
	} else {
		/* stable LSD radix sort, 4 bits a pass, only over the bits
		 * where some destination differs */
		from = e;
		to = tmp;
		for (shift = 0; shift < V4_KEY_BITS; shift += 4) {
			if ((differ >> shift & 0xfu) == 0)
				continue;
			memset(count, 0, sizeof(count));
			for (i = 0; i < n; i++)
				count[from[i] >> (V4_KEY_SHIFT + shift) &
				    0xfu]++;
			for (b = 0, pos = 0; b < 16; b++) {
				c = count[b];
				count[b] = pos;
				pos += c;
			}
			for (i = 0; i < n; i++) {
				x = from[i];
				to[count[x >> (V4_KEY_SHIFT + shift) &
				    0xfu]++] = x;
			}
			t = from;
			from = to;
			to = t;
		}
		e = from;
	}
	/* every address has the same 12 leading bytes: write the rest */
	for (i = 0; i < n; i++) {
		uint8_t *p = addrs[i].bytes;
		uint32_t a;

		x = e[i];
		a = (uint32_t)x;
		p[12] = (uint8_t)(a >> 24);
		p[13] = (uint8_t)(a >> 16);
		p[14] = (uint8_t)(a >> 8);
		p[15] = (uint8_t)a;
		if (flags != NULL)
			flags[i] =
			    ((x >> 32 & 1u) != 0 ? PCPSEL_DST_UNREACHABLE :
						   0) |
			    ((x >> 33 & 1u) != 0 ? PCPSEL_DST_ENCAPSULATED :
						   0);
	}
	return true;
}

/* Sort @n addresses (and their @flags, may be NULL) with @w: never fails. */
static void
work_order(struct work *w, struct pcpsel_addr *addrs, unsigned *flags,
    size_t n)
{
	size_t i;

	if (n < 2)
		return;
	/* (the first address decides whether it is worth a try) */
	if (w->v4_fast && is_v4(&addrs[0])) {
		if (!w->v4_ready)
			v4_setup(w);
		if (v4_order(w, addrs, flags, n))
			return;
	}
	if (n == 2) {
		/* what dst_sort() does with two: one comparison, the
		 * second first only if it goes strictly before */
		struct dst *d = w->dsts;

		d[0].addr = addrs[0];
		d[1].addr = addrs[1];
		d[0].flags = flags != NULL ? flags[0] : 0;
		d[1].flags = flags != NULL ? flags[1] : 0;
		dst_prepare(w, &d[0]);
		dst_prepare(w, &d[1]);
		if (dst_cmp(&d[0], &d[1]) > 0) {
			addrs[0] = d[1].addr;
			addrs[1] = d[0].addr;
			if (flags != NULL) {
				flags[0] = d[1].flags;
				flags[1] = d[0].flags;
			}
		}
		return;
	}
	for (i = 0; i < n; i++) {
		w->dsts[i].addr = addrs[i];
		w->dsts[i].flags = flags != NULL ? flags[i] : 0;
		dst_prepare(w, &w->dsts[i]);
		w->order[i] = &w->dsts[i];
	}
	if (n >= WORK_RADIX_MIN && key_sortable(w, n)) {
		for (i = 0; i < n; i++)
			w->dsts[i].key = dst_key(&w->dsts[i]);
		key_sort(w, n);
	} else
		dst_sort(w, n);
	for (i = 0; i < n; i++) {
		addrs[i] = w->order[i]->addr;
		if (flags != NULL)
			flags[i] = w->order[i]->flags;
	}
}

int
pcpsel_order(struct pcpsel_addr *addrs, unsigned *dst_flags, size_t n,
    const struct pcpsel_order_ctx *ctx)
{
	struct work w;
	size_t i;
	int r;

	if (addrs == NULL && n > 0)
		return -EINVAL;
	if (dst_flags != NULL)
		for (i = 0; i < n; i++)
			if ((dst_flags[i] & ~DST_FLAGS_ALL) != 0)
				return -EINVAL;
	r = work_init(&w, ctx, n);
	if (r == 0)
		work_order(&w, addrs, dst_flags, n);
	work_free(&w);
	return r;
}

int
pcpsel_list_order(struct pcpsel_list *list, const struct pcpsel_order_ctx *ctx)
{
	struct work w;
	size_t i, max = 0;
	int r;

	if (list == NULL)
		return -EINVAL;
	for (i = 0; i < list->nservers; i++)
		if (list->servers[i].naddrs > max)
			max = list->servers[i].naddrs;
	/* Everything that can fail happens before the first server is
	 * touched, so @list is unchanged on failure. */
	r = work_init(&w, ctx, max);
	if (r == 0)
		for (i = 0; i < list->nservers; i++)
			work_order(&w, list->servers[i].addrs, NULL,
			    list->servers[i].naddrs);
	work_free(&w);
	return r;
}

int
pcpsel_source_select(const struct pcpsel_addr *dst,
    const struct pcpsel_order_ctx *ctx)
{
	struct work w;
	struct dst d;
	int r;

	if (dst == NULL || (ctx != NULL && ctx->nsources > INT_MAX))
		return -EINVAL;
	/* as for two destinations: work_init() looks no source up for
	 * fewer, since it has nothing to sort */
	r = work_init(&w, ctx, 2);
	if (r < 0)
		return r;
	memset(&d, 0, sizeof(d));
	d.addr = *dst;
	dst_prepare(&w, &d);
	r = d.src != NULL ? (int)(d.src->source - ctx->sources) : -ENOENT;
	work_free(&w);
	return r;
}
