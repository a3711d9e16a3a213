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
#define SCOPE_LINKLOCAL	0x2u
#define SCOPE_SITELOCAL	0x5u
#define SCOPE_GLOBAL	0xeu

#define SRC_FLAGS_ALL	(PCPSEL_SRC_DEPRECATED | PCPSEL_SRC_HOME | \
	PCPSEL_SRC_CAREOF | PCPSEL_SRC_TEMPORARY)
#define DST_FLAGS_ALL	(PCPSEL_DST_UNREACHABLE | PCPSEL_DST_ENCAPSULATED)

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
	unsigned scope;
	struct attrs attrs;
	unsigned cap;		/* CommonPrefixLen cap, 128-bit form (P-AS-2) */
};

/* A destination with everything the comparator needs. */
struct dst {
	struct pcpsel_addr addr;
	unsigned flags;		/* PCPSEL_DST_* */
	bool v4;
	unsigned scope;
	struct attrs attrs;
	const struct src *src;	/* Source(D), or NULL: undefined */
	unsigned cpl;		/* CommonPrefixLen(Source(D), D) */
};

/* Everything pcpsel_order() needs, allocated once. */
struct work {
	const struct pcpsel_policy *policy;
	size_t npolicy;
	int mapping;
	bool prefer_temporary;
	struct src *srcs;
	size_t nsrcs;
	struct dst *dsts;	/* the array being sorted */
	struct dst *scratch;	/* as many entries, for the merge */
};

static bool
is_v4(const struct pcpsel_addr *a)
{
	static const uint8_t mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};

	return memcmp(a->bytes, mapped, sizeof(mapped)) == 0;
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

/* RFC 6724 §2.1: the longest matching prefix of the policy table gives
 * Precedence and Label (IPv4 looked up IPv4-mapped, §3.2).  The first of two
 * equally long matching rows wins. */
static struct attrs
policy_lookup(const struct work *w, const struct pcpsel_addr *a)
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

static bool
same_label(const struct attrs *x, const struct attrs *y)
{
	return x->labelled && y->labelled && x->label == y->label;
}

/* RFC 6724 §3: the scope of an address. */
static unsigned
scope_of(const struct pcpsel_addr *a)
{
	const uint8_t *b = a->bytes;
	static const uint8_t loopback[16] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
	};

	if (is_v4(a)) {
		/* §3.2: 169.254.0.0/16 and 127.0.0.0/8 are link-local,
		 * everything else (RFC 1918 too) is global. */
		if ((b[12] == 169 && b[13] == 254) || b[12] == 127)
			return SCOPE_LINKLOCAL;
		return SCOPE_GLOBAL;
	}
	if (b[0] == 0xff)			/* §3.1: multicast field */
		return b[1] & 0x0f;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)	/* fe80::/10 */
		return SCOPE_LINKLOCAL;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)	/* fec0::/10 */
		return SCOPE_SITELOCAL;
	if (memcmp(b, loopback, sizeof(loopback)) == 0)	/* §3.4 ::1 */
		return SCOPE_LINKLOCAL;
	/* ULAs, embedded-IPv4 forms, unknown prefixes: global (§3.3). */
	return SCOPE_GLOBAL;
}

/* RFC 6724 §2.2 CommonPrefixLen(S, D), on the 128-bit forms, capped at @cap
 * (S's prefix length, 96 + plen for IPv4: P-AS-2). */
static unsigned
common_prefix_len(const struct pcpsel_addr *s, const struct pcpsel_addr *d,
    unsigned cap)
{
	unsigned i, len = 0;
	uint8_t x;

	for (i = 0; i < 16; i++) {
		x = s->bytes[i] ^ d->bytes[i];
		if (x != 0) {
			while ((x & 0x80) == 0) {
				len++;
				x = (uint8_t)(x << 1);
			}
			break;
		}
		len += 8;
	}
	return len < cap ? len : cap;
}

/* RFC 6724 §4: never a multicast or unspecified source. */
static bool
source_valid(const struct pcpsel_addr *a)
{
	static const uint8_t zero[16];
	const uint8_t *b = a->bytes;

	if (is_v4(a))
		return !(b[12] == 0 && b[13] == 0 && b[14] == 0 &&
		    b[15] == 0) && (b[12] & 0xf0) != 0xe0;
	return b[0] != 0xff && memcmp(b, zero, sizeof(zero)) != 0;
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
source_better(const struct work *w, const struct src *sa,
    const struct src *sb, const struct dst *d)
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

/* Fill in everything about destination @d and choose Source(D). */
static void
dst_prepare(const struct work *w, struct dst *d)
{
	const struct src *best = NULL;
	size_t i;

	d->v4 = is_v4(&d->addr);
	d->scope = scope_of(&d->addr);
	d->attrs = policy_lookup(w, &d->addr);
	for (i = 0; i < w->nsrcs; i++) {
		const struct src *s = &w->srcs[i];

		/* Sources of D's family only; link-local and site-local
		 * destinations need same-link/same-site sources (§4): all
		 * candidates are on the one interface, so they qualify. */
		if (s->v4 != d->v4)
			continue;
		if (best == NULL || source_better(w, s, best, d))
			best = s;
	}
	d->src = best;
	d->cpl = best != NULL ?
	    common_prefix_len(&best->source->addr, &d->addr, best->cap) : 0;
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
	if (sa != NULL && sb != NULL && da->v4 == db->v4 &&
	    da->cpl != db->cpl)
		return da->cpl > db->cpl ? -1 : 1;
	/* Rule 10: otherwise, leave the order unchanged. */
	return 0;
}

/* Stable bottom-up merge sort of w->dsts[0..n) using w->scratch (P-AS-4):
 * on a tie the left run's element is taken first. */
static void
dst_sort(struct work *w, size_t n)
{
	struct dst *from = w->dsts, *to = w->scratch, *tmp;
	size_t width, lo, mid, hi, i, j, k;

	for (width = 1; width < n; width *= 2) {
		for (lo = 0; lo < n; lo += 2 * width) {
			mid = lo + width < n ? lo + width : n;
			hi = mid + width < n ? mid + width : n;
			i = lo;
			j = mid;
			for (k = lo; k < hi; k++) {
				if (i < mid && (j >= hi ||
				    dst_cmp(&from[i], &from[j]) <= 0))
					to[k] = from[i++];
				else
					to[k] = from[j++];
			}
		}
		tmp = from;
		from = to;
		to = tmp;
	}
	if (from != w->dsts)
		memcpy(w->dsts, from, n * sizeof(*from));
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

/* Check @ctx and look up its sources into a new w->srcs.  0, -EINVAL,
 * -ENOMEM. */
static int
work_init(struct work *w, const struct pcpsel_order_ctx *ctx)
{
	size_t i, n;

	memset(w, 0, sizeof(*w));
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
	w->mapping = ctx->mapping;
	w->prefer_temporary = ctx->prefer_temporary != 0;

	for (i = 0; i < ctx->nsources; i++) {
		const struct pcpsel_source *s = &ctx->sources[i];

		if ((s->flags & ~SRC_FLAGS_ALL) != 0 ||
		    s->prefixlen > (is_v4(&s->addr) ? 32u : 128u))
			return -EINVAL;
	}
	if (ctx->nsources == 0)
		return 0;
	w->srcs = calloc(ctx->nsources, sizeof(*w->srcs));
	if (w->srcs == NULL)
		return -ENOMEM;
	for (i = 0, n = 0; i < ctx->nsources; i++) {
		const struct pcpsel_source *s = &ctx->sources[i];
		struct src *c = &w->srcs[n];
		bool v4 = is_v4(&s->addr);

		/* P-FAM-1: the mapping family restricts the candidates. */
		if ((w->mapping == PCPSEL_MAPPING_V4 && !v4) ||
		    (w->mapping == PCPSEL_MAPPING_V6 && v4) ||
		    !source_valid(&s->addr))
			continue;
		c->source = s;
		c->v4 = v4;
		c->scope = scope_of(&s->addr);
		c->attrs = policy_lookup(w, &s->addr);
		c->cap = v4 ? 96 + s->prefixlen : s->prefixlen;
		n++;
	}
	w->nsrcs = n;
	return 0;
}

/* Make room for sorting up to @n destinations.  0 or -ENOMEM. */
static int
work_alloc(struct work *w, size_t n)
{
	if (n == 0)
		return 0;
	if (n > SIZE_MAX / 2 / sizeof(struct dst))
		return -ENOMEM;
	w->dsts = malloc(2 * n * sizeof(struct dst));
	if (w->dsts == NULL)
		return -ENOMEM;
	w->scratch = w->dsts + n;
	return 0;
}

static void
work_free(struct work *w)
{
	free(w->srcs);
	free(w->dsts);
}

/* Sort @n addresses (and their @flags, may be NULL) with @w: never fails. */
static void
work_order(struct work *w, struct pcpsel_addr *addrs, unsigned *flags,
    size_t n)
{
	size_t i;

	if (n < 2)
		return;
	for (i = 0; i < n; i++) {
		w->dsts[i].addr = addrs[i];
		w->dsts[i].flags = flags != NULL ? flags[i] : 0;
		dst_prepare(w, &w->dsts[i]);
	}
	dst_sort(w, n);
	for (i = 0; i < n; i++) {
		addrs[i] = w->dsts[i].addr;
		if (flags != NULL)
			flags[i] = w->dsts[i].flags;
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
	r = work_init(&w, ctx);
	if (r == 0)
		r = work_alloc(&w, n);
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
	r = work_init(&w, ctx);
	if (r == 0)
		r = work_alloc(&w, max);
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
	r = work_init(&w, ctx);
	if (r < 0)
		return r;
	memset(&d, 0, sizeof(d));
	d.addr = *dst;
	dst_prepare(&w, &d);
	r = d.src != NULL ? (int)(d.src->source - ctx->sources) : -ENOENT;
	work_free(&w);
	return r;
}
