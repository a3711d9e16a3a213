/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * list.c - server lists: an ordered array of servers, each an ordered
 * array of addresses (in the list's arena, see internal.h) plus its origin
 * bits
 *
 * Invariant: no address appears twice in one list.  Every mutation here
 * keeps it, and checks it in time linear in the addresses involved:
 * duplicate lookups scan when few addresses are involved (PS_LINEAR_MAX)
 * and otherwise sort (address, position) pairs once with a byte-wise radix
 * sort, at most 16 passes over the pairs whatever the addresses.  A hash
 * set was not chosen because a fixed hash function lets a DHCP server (or
 * an on-link attacker) pick colliding addresses and bring back the
 * quadratic case; a radix sort has no such input.
 */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "internal.h"
#include "dedupe.h"

/* Up to this many addresses in all, duplicates are found by scanning. */
#define PS_LINEAR_MAX 32

/* Radix sort: runs of at most this many entries are sorted by insertion. */
#define PS_RADIX_SMALL 16

#define PS_ORIGIN_ALL (PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6)

struct ps_entry {
	struct pcpsel_addr addr;
	size_t pos;
};

static int
addr_eq(const struct pcpsel_addr *a, const struct pcpsel_addr *b)
{
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

/* The 8 bytes at @p as a big-endian number (internal.h). */
static inline uint64_t
be64(const uint8_t *p)
{
	return ps_be64(p);
}

/* 1 if @a's address is below @b's (the bytes before the radix sort's
 * current one are equal, so comparing all 16 gives the same answer). */
static int
entry_below(const struct ps_entry *a, const struct ps_entry *b)
{
	uint64_t x = be64(a->addr.bytes), y = be64(b->addr.bytes);

	if (x != y)
		return x < y;
	return be64(a->addr.bytes + 8) < be64(b->addr.bytes + 8);
}

/* Stable insertion sort of @e[0..@n) by address. */
static void
insertion_sort(struct ps_entry *e, size_t n)
{
	struct ps_entry t;
	size_t i, j;

	for (i = 1; i < n; i++) {
		t = e[i];
		for (j = i; j > 0 && entry_below(&t, &e[j - 1]); j--)
			e[j] = e[j - 1];
		e[j] = t;
	}
}

/* One counting pass on byte @byte: 0 if every entry has the same value
 * there (nothing moved), else 1 with @e[0..@n) stably distributed by that
 * byte (through @tmp). */
static int
radix_pass(struct ps_entry *e, struct ps_entry *tmp, size_t n, unsigned byte)
{
	size_t count[256], i, b, pos, c;

	memset(count, 0, sizeof(count));
	for (i = 0; i < n; i++)
		count[e[i].addr.bytes[byte]]++;
	if (count[e[0].addr.bytes[byte]] == n)
		return 0;
	for (b = 0, pos = 0; b < 256; b++) {
		c = count[b];
		count[b] = pos;
		pos += c;
	}
	for (i = 0; i < n; i++)
		tmp[count[e[i].addr.bytes[byte]]++] = e[i];
	memcpy(e, tmp, n * sizeof(*e));
	return 1;
}

/*
 * Stable sort of @e[0..@n) by address (the bytes before @byte being equal),
 * most significant byte first; @tmp has room for @n entries.  Only the
 * bytes set in @varies (bit i: byte i differs somewhere in the whole set)
 * are looked at: a byte equal everywhere decides nothing.  Each entry is
 * moved at most once per byte, so the cost is at most 16 passes over the
 * entries, whatever the addresses; equal addresses keep their order.  The
 * recursion is at most 16 deep and keeps no array per level.
 */
static void
radix_sort(struct ps_entry *e, struct ps_entry *tmp, size_t n, unsigned byte,
    unsigned varies)
{
	size_t i, start;
	uint8_t v;

	for (; byte < sizeof(e->addr.bytes); byte++) {
		if ((varies >> byte & 1u) == 0)
			continue;
		if (n <= PS_RADIX_SMALL) {
			insertion_sort(e, n);
			return;
		}
		if (!radix_pass(e, tmp, n, byte))
			continue;
		for (start = 0; start < n; start = i) {
			v = e[start].addr.bytes[byte];
			for (i = start + 1;
			     i < n && e[i].addr.bytes[byte] == v; i++)
				continue;
			if (i - start > 1)
				radix_sort(e + start, tmp + start, i - start,
				    byte + 1, varies);
		}
		return;
	}
}

/* radix_sort() of all of @e[0..@n), after one pass that finds the bytes
 * that differ (IPv4 addresses, IPv4-mapped, differ in 4 bytes at most). */
static void
sort_entries(struct ps_entry *e, struct ps_entry *tmp, size_t n)
{
	uint64_t hi = 0, lo = 0, h0, l0;
	unsigned varies = 0, b;
	size_t i;

	if (n == 0)
		return;
	h0 = be64(e[0].addr.bytes);
	l0 = be64(e[0].addr.bytes + 8);
	for (i = 1; i < n; i++) {
		hi |= be64(e[i].addr.bytes) ^ h0;
		lo |= be64(e[i].addr.bytes + 8) ^ l0;
	}
	for (b = 0; b < 8; b++) {
		if ((hi >> (56 - 8 * b) & 0xff) != 0)
			varies |= 1u << b;
		if ((lo >> (56 - 8 * b) & 0xff) != 0)
			varies |= 1u << (b + 8);
	}
	radix_sort(e, tmp, n, 0, varies);
}

/* A malloc'ed array of @n entries followed by room for as many (the radix
 * sort's scratch), or NULL. */
static struct ps_entry *
entries_new(size_t n)
{
	if (n > SIZE_MAX / 2 / sizeof(struct ps_entry))
		return NULL;
	return malloc(2 * n * sizeof(struct ps_entry));
}

static size_t
list_naddrs(const struct pcpsel_list *list)
{
	size_t i, n = 0;

	if (list == NULL)
		return 0;
	for (i = 0; i < list->nservers; i++)
		n += list->servers[i].naddrs;
	return n;
}

struct pcpsel_list *
pcpsel_list_new(void)
{
	return calloc(1, sizeof(struct pcpsel_list));
}

/* Free the blocks older than @keep (all of them if @keep is NULL). */
static void
blocks_free(struct ps_block *b, const struct ps_block *keep)
{
	struct ps_block *next;

	for (; b != NULL; b = next) {
		next = b->next;
		if (b != keep)
			free(b);
	}
}

void
ps_list_move(struct pcpsel_list *dst, struct pcpsel_list *src)
{
	struct ps_block *tail;

	assert(dst->cap - dst->nservers >= src->nservers);
	if (src->nservers > 0)
		memcpy(&dst->servers[dst->nservers], src->servers,
		    src->nservers * sizeof(*src->servers));
	dst->nservers += src->nservers;
	src->nservers = 0;
	/* the addresses move with their blocks, behind @dst's newest one
	 * (which stays the one new addresses go to) */
	if (src->blocks == NULL)
		return;
	for (tail = src->blocks; tail->next != NULL; tail = tail->next)
		;
	if (dst->blocks == NULL) {
		dst->blocks = src->blocks;
	} else {
		tail->next = dst->blocks->next;
		dst->blocks->next = src->blocks;
	}
	src->blocks = NULL;
}

struct pcpsel_addr *
ps_arena_grow(struct pcpsel_list *list, size_t n)
{
	struct ps_block *head = list->blocks, *b;
	size_t cap;

	cap = head != NULL && head->cap <= SIZE_MAX / 2 ? 2 * head->cap : 8;
	if (cap < n)
		cap = n;
	if (cap > (SIZE_MAX - sizeof(*b)) / sizeof(b->addrs[0]))
		return NULL;
	b = malloc(sizeof(*b) + cap * sizeof(b->addrs[0]));
	if (b == NULL)
		return NULL;
	b->next = head;
	b->cap = cap;
	b->used = n;
	list->blocks = b;
	return b->addrs;
}

void
ps_arena_mark(const struct pcpsel_list *list, struct ps_arena_mark *m)
{
	m->head = list->blocks;
	m->used = list->blocks != NULL ? list->blocks->used : 0;
}

void
ps_arena_rollback(struct pcpsel_list *list, const struct ps_arena_mark *m)
{
	struct ps_block *b;

	while (list->blocks != m->head) {
		b = list->blocks;
		list->blocks = b->next;
		free(b);
	}
	if (list->blocks != NULL)
		list->blocks->used = m->used;
}

void
pcpsel_list_clear(struct pcpsel_list *list)
{
	if (list == NULL)
		return;
	list->nservers = 0;
	/* keep the newest, largest block for what comes next */
	if (list->blocks != NULL) {
		blocks_free(list->blocks->next, NULL);
		list->blocks->next = NULL;
		list->blocks->used = 0;
	}
}

void
pcpsel_list_free(struct pcpsel_list *list)
{
	if (list == NULL)
		return;
	blocks_free(list->blocks, NULL);
	free(list->servers);
	free(list);
}

size_t
pcpsel_list_count(const struct pcpsel_list *list)
{
	return list != NULL ? list->nservers : 0;
}

size_t
pcpsel_server_naddrs(const struct pcpsel_list *list, size_t index)
{
	if (list == NULL || index >= list->nservers)
		return 0;
	return list->servers[index].naddrs;
}

/* The 0.1 name of pcpsel_server_naddrs(), kept (PCPSEL_0 node). */
size_t
pcpsel_server_count(const struct pcpsel_list *list, size_t index)
{
	return pcpsel_server_naddrs(list, index);
}

const struct pcpsel_addr *
pcpsel_server_addrs(const struct pcpsel_list *list, size_t index)
{
	if (list == NULL || index >= list->nservers)
		return NULL;
	return list->servers[index].addrs;
}

unsigned
pcpsel_server_origin(const struct pcpsel_list *list, size_t index)
{
	if (list == NULL || index >= list->nservers)
		return 0;
	return list->servers[index].origin;
}

int
ps_list_contains(const struct pcpsel_list *list,
    const struct pcpsel_addr *addr)
{
	size_t i, j;

	if (list == NULL || addr == NULL)
		return 0;
	for (i = 0; i < list->nservers; i++)
		for (j = 0; j < list->servers[i].naddrs; j++)
			if (addr_eq(&list->servers[i].addrs[j], addr))
				return 1;
	return 0;
}

int
ps_list_reserve(struct pcpsel_list *list, size_t extra)
{
	struct ps_server *servers;
	size_t cap;

	if (extra <= list->cap - list->nservers)
		return 0;
	if (extra > SIZE_MAX / sizeof(*servers) - list->nservers)
		return -ENOMEM;
	cap = list->cap > 0 ? list->cap : 4;
	while (cap < list->nservers + extra)
		cap = cap <= SIZE_MAX / sizeof(*servers) / 2 ?
		    cap * 2 :
		    list->nservers + extra;
	servers = realloc(list->servers, cap * sizeof(*servers));
	if (servers == NULL)
		return -ENOMEM;
	list->servers = servers;
	list->cap = cap;
	return 0;
}

/*
 * The bytes where some of the @total addresses (those of @list, then the
 * PS_KEEP ones of @cand) differ from the first: bit i for byte i.
 */
static unsigned
dups_varying(const struct pcpsel_list *list, const struct pcpsel_addr *cand,
    size_t n, const uint8_t *marks)
{
	const struct pcpsel_addr *first = NULL;
	uint64_t hi = 0, lo = 0, h0 = 0, l0 = 0;
	unsigned varies = 0, b;
	size_t i, j;

	for (i = 0; list != NULL && i < list->nservers; i++) {
		for (j = 0; j < list->servers[i].naddrs; j++) {
			const struct pcpsel_addr *a =
			    &list->servers[i].addrs[j];

			if (first == NULL) {
				first = a;
				h0 = be64(a->bytes);
				l0 = be64(a->bytes + 8);
			}
			hi |= be64(a->bytes) ^ h0;
			lo |= be64(a->bytes + 8) ^ l0;
		}
	}
	for (i = 0; i < n; i++) {
		if (marks[i] != PS_KEEP)
			continue;
		if (first == NULL) {
			first = &cand[i];
			h0 = be64(first->bytes);
			l0 = be64(first->bytes + 8);
		}
		hi |= be64(cand[i].bytes) ^ h0;
		lo |= be64(cand[i].bytes + 8) ^ l0;
	}
	for (b = 0; b < 8; b++) {
		if ((hi >> (56 - 8 * b) & 0xff) != 0)
			varies |= 1u << b;
		if ((lo >> (56 - 8 * b) & 0xff) != 0)
			varies |= 1u << (b + 8);
	}
	return varies;
}

/* Insertion sort of the numbers @e[0..@n). */
static void
packed_insertion(uint64_t *e, size_t n)
{
	uint64_t t;
	size_t i, j;

	for (i = 1; i < n; i++) {
		t = e[i];
		for (j = i; j > 0 && t < e[j - 1]; j--)
			e[j] = e[j - 1];
		e[j] = t;
	}
}

/* Stable sort of the numbers @e[0..@n) by their @nb bytes from bit @low up,
 * least significant byte first (through @tmp, as large): @nb passes, the
 * result in @e. */
static void
packed_lsd(uint64_t *e, uint64_t *tmp, size_t n, unsigned nb, unsigned low)
{
	size_t count[256], i, b, pos, c;
	uint64_t *from = e, *to = tmp, *t;
	unsigned d, shift;

	for (d = 0; d < nb; d++) {
		shift = low + 8 * d;
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[from[i] >> shift & 0xff]++;
		if (count[from[0] >> shift & 0xff] == n)
			continue; /* one value everywhere: nothing moves */
		for (b = 0, pos = 0; b < 256; b++) {
			c = count[b];
			count[b] = pos;
			pos += c;
		}
		for (i = 0; i < n; i++)
			to[count[from[i] >> shift & 0xff]++] = from[i];
		t = from;
		from = to;
		to = t;
	}
	if (from != e)
		memcpy(e, from, n * sizeof(*e));
}

/*
 * Sort the numbers @e[0..@n) (through @tmp, as large), whose bits above
 * @shift + 8 are all equal, most significant byte first down to bit @low;
 * the bits below @low (the position) are already in increasing order
 * within equal higher bits, which every pass keeps (it is stable).  Each
 * number is moved at most once per byte; the recursion is at most 8 deep
 * and keeps no array per level.
 */
static void
packed_sort(uint64_t *e, uint64_t *tmp, size_t n, unsigned shift, unsigned low)
{
	size_t count[256], i, b, pos, c, start;
	uint64_t v;

	for (;;) {
		if (n <= PS_RADIX_SMALL) {
			packed_insertion(e, n);
			return;
		}
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[e[i] >> shift & 0xff]++;
		if (count[e[0] >> shift & 0xff] != n)
			break;
		/* one value of this byte everywhere: the next one */
		if (shift == low)
			return;
		shift -= 8;
	}
	for (b = 0, pos = 0; b < 256; b++) {
		c = count[b];
		count[b] = pos;
		pos += c;
	}
	for (i = 0; i < n; i++)
		tmp[count[e[i] >> shift & 0xff]++] = e[i];
	memcpy(e, tmp, n * sizeof(*e));
	if (shift == low)
		return;
	for (start = 0; start < n; start = i) {
		v = e[start] >> shift & 0xff;
		for (i = start + 1; i < n && (e[i] >> shift & 0xff) == v; i++)
			continue;
		if (i - start > 1)
			packed_sort(e + start, tmp + start, i - start,
			    shift - 8, low);
	}
}

/*
 * Sort the numbers @keys[0..@total) (followed by room for as many) by their
 * @nb bytes above the position's @posbits bits, stably, and mark PS_DUP the
 * candidate (position i + 1: candidate i; 0: held by the list) of every
 * number equal in those bytes to the one before it.  Returns how many were
 * marked.
 */
static size_t
packed_mark(uint64_t *keys, size_t total, unsigned nb, unsigned posbits,
    uint8_t *marks)
{
	uint64_t mask = ((uint64_t)1 << posbits) - 1;
	size_t k, dups = 0;

	/* many numbers of up to 4 bytes (IPv4 addresses): a pass each,
	 * least significant first; else most significant first, which stops
	 * where the runs get short */
	if (nb > 0 && nb <= 4 && total >= 1024)
		packed_lsd(keys, keys + total, total, nb, posbits);
	else if (nb > 0)
		packed_sort(keys, keys + total, total, posbits + 8 * (nb - 1),
		    posbits);
	for (k = 1; k < total; k++)
		if ((keys[k] & mask) != 0 &&
		    (keys[k] & ~mask) == (keys[k - 1] & ~mask)) {
			marks[(keys[k] & mask) - 1] = PS_DUP;
			dups++;
		}
	return dups;
}

/* Bytes @last - @span + 1 to @last of @a as a big-endian number (@span at
 * most 8). */
static uint64_t
span_key(const struct pcpsel_addr *a, unsigned last, unsigned span)
{
	uint64_t x = last >= 7 ? be64(a->bytes + last - 7) :
				 be64(a->bytes) >> (8 * (7 - last));

	return span >= 8 ? x : x & (((uint64_t)1 << (8 * span)) - 1);
}

/*
 * ps_mark_dups() when the addresses differ in a few adjacent bytes (IPv4
 * addresses, or IPv6 ones of one /64 that differ in the last bytes only):
 * each address becomes one 64-bit number, those bytes above the position
 * (0 for @list's addresses, i + 1 for candidate i).  Sorting those numbers by their
 * address bytes (packed_lsd() or packed_sort(): both keep the position
 * order of equal addresses) puts equal addresses next to each other in
 * position order: the first of a run is kept, the others are duplicates,
 * as in the general path.  Equal numbers above the position mean equal
 * addresses, since every byte left out is the same in all of them.  At
 * most one pass per byte over 8-byte numbers instead of 32-byte records.  Returns 0 (done), 1 (does not fit: use the general path) or
 * -ENOMEM.
 */
static int
mark_dups_packed(const struct pcpsel_list *list,
    const struct pcpsel_addr *cand, size_t n, uint8_t *marks, size_t total,
    unsigned varies)
{
	unsigned nb, first, posbits = 0, b;
	uint64_t *keys;
	size_t i, j, k;

	for (b = 0; b < 16 && (varies >> b & 1u) == 0; b++)
		continue;
	first = b;
	for (b = 16; b > first && (varies >> (b - 1) & 1u) == 0; b--)
		continue;
	/* the bytes from the first to the last that differ, if they fit
	 * with the position (IPv4 addresses: 4 at most): one load per
	 * address.  Otherwise (IPv6 addresses differing far apart) the
	 * general path, which is as fast there. */
	nb = b - first;
	while (posbits < 64 && (uint64_t)n >> posbits != 0)
		posbits++;
	if (posbits >= 64 || 8 * nb + posbits > 64 ||
	    total > SIZE_MAX / 2 / sizeof(*keys))
		return 1;
	keys = malloc(2 * total * sizeof(*keys));
	if (keys == NULL)
		return -ENOMEM;
	k = 0;
	for (i = 0; list != NULL && i < list->nservers; i++)
		for (j = 0; j < list->servers[i].naddrs; j++)
			keys[k++] =
			    (nb > 0 ? span_key(&list->servers[i].addrs[j],
					  b - 1, nb) :
				      0)
			    << posbits;
	for (i = 0; i < n; i++)
		if (marks[i] == PS_KEEP)
			keys[k++] =
			    (nb > 0 ? span_key(&cand[i], b - 1, nb) : 0)
				<< posbits |
			    (uint64_t)(i + 1);
	(void)packed_mark(keys, total, nb, posbits, marks);
	free(keys);
	return 0;
}

int
ps_mark_dups(const struct pcpsel_list *list, const struct pcpsel_addr *cand,
    size_t n, uint8_t *marks)
{
	struct ps_entry *entries;
	size_t held, kept, total, i, j, k;
	unsigned varies;
	int r;

	held = list_naddrs(list);
	kept = ps_count_kept(marks, n);
	if (kept == 0)
		return 0;
	if (held + kept <= PS_LINEAR_MAX) {
		for (i = 0; i < n; i++) {
			if (marks[i] != PS_KEEP)
				continue;
			if (held > 0 && ps_list_contains(list, &cand[i])) {
				marks[i] = PS_DUP;
				continue;
			}
			for (j = 0; j < i; j++) {
				if (marks[j] == PS_KEEP &&
				    addr_eq(&cand[j], &cand[i])) {
					marks[i] = PS_DUP;
					break;
				}
			}
		}
		return 0;
	}

	if (held > SIZE_MAX - kept)
		return -ENOMEM;
	total = held + kept;
	varies = dups_varying(list, cand, n, marks);
	r = mark_dups_packed(list, cand, n, marks, total, varies);
	if (r <= 0)
		return r;

	/* Sort (address, position) stably: the list's addresses get
	 * position 0 and come first, candidate i gets position i + 1, so in
	 * each run of equal addresses the first is the one to keep and the
	 * others are duplicates. */
	entries = entries_new(total);
	if (entries == NULL)
		return -ENOMEM;
	k = 0;
	for (i = 0; list != NULL && i < list->nservers; i++) {
		for (j = 0; j < list->servers[i].naddrs; j++) {
			entries[k].addr = list->servers[i].addrs[j];
			entries[k].pos = 0;
			k++;
		}
	}
	for (i = 0; i < n; i++) {
		if (marks[i] != PS_KEEP)
			continue;
		entries[k].addr = cand[i];
		entries[k].pos = i + 1;
		k++;
	}
	/* the same addresses as dups_varying() looked at */
	radix_sort(entries, entries + total, total, 0, varies);
	for (k = 1; k < total; k++)
		if (entries[k].pos != 0 &&
		    addr_eq(&entries[k].addr, &entries[k - 1].addr))
			marks[entries[k].pos - 1] = PS_DUP;
	free(entries);
	return 0;
}

/* The IPv4 part of @a as a number, if @a is IPv4-mapped. */
static bool
held_v4(const struct pcpsel_addr *a, uint32_t *ret)
{
	if (!ps_addr_is_v4(a))
		return false;
	*ret = (uint32_t)a->bytes[12] << 24 | (uint32_t)a->bytes[13] << 16 |
	    (uint32_t)a->bytes[14] << 8 | (uint32_t)a->bytes[15];
	return true;
}

/* 1 if @list holds the IPv4 address @a (IPv4-mapped). */
static bool
list_contains_v4(const struct pcpsel_list *list, uint32_t a)
{
	size_t i, j;
	uint32_t x;

	for (i = 0; i < list->nservers; i++)
		for (j = 0; j < list->servers[i].naddrs; j++)
			if (held_v4(&list->servers[i].addrs[j], &x) && x == a)
				return true;
	return false;
}

/* Bitmap words per address up to which ps_mark_dups_v4() uses a bitmap. */
#define PS_BITMAP_WORDS 1

/*
 * ps_mark_dups_v4(): the candidates are IPv4 addresses as numbers.
 *
 *  - few addresses in all: a scan, as in ps_mark_dups();
 *  - the kept candidates span at most 64 numbers per address (per held or
 *    kept one, plus 4096): one bit per number of that span, set in
 *    position order, the list's addresses first; a candidate whose bit is
 *    already set is a duplicate.  The bitmap costs at most 8 bytes per
 *    address (plus 512), and each address one test;
 *  - otherwise the numbers sorted as in mark_dups_packed(), on the bytes
 *    in which they differ (at most 4).
 *
 * No hash: no input takes more than linear time.
 */
int
ps_mark_dups_v4(const struct pcpsel_list *list, const uint32_t *a4, size_t n,
    uint8_t *marks, const struct ps_v4_stats *st, size_t *ret_dups)
{
	size_t held, held4 = 0, kept = st->kept, total, dups = 0, i, j, k;
	uint32_t lo = st->lo, hi = st->hi, all_or = 0, all_and = UINT32_MAX;
	uint32_t differ, x;
	uint64_t words, *bm, *keys;
	unsigned posbits = 0, lowb, nb;

	*ret_dups = 0;
	if (kept == 0)
		return 0;
	held = list_naddrs(list);
	if (held + kept <= PS_LINEAR_MAX) {
		for (i = 0; i < n; i++) {
			if (marks[i] != PS_KEEP)
				continue;
			if (held > 0 && list_contains_v4(list, a4[i]))
				marks[i] = PS_DUP;
			for (j = 0; j < i && marks[i] == PS_KEEP; j++)
				if (marks[j] == PS_KEEP && a4[j] == a4[i])
					marks[i] = PS_DUP;
			dups += marks[i] == PS_DUP;
		}
		*ret_dups = dups;
		return 0;
	}

	/* the list's IPv4 addresses take part too */
	for (i = 0; list != NULL && i < list->nservers; i++)
		for (j = 0; j < list->servers[i].naddrs; j++)
			if (held_v4(&list->servers[i].addrs[j], &x)) {
				held4++;
				all_or |= x;
				all_and &= x;
			}
	total = held4 + kept;
	words = ((uint64_t)(hi - lo) >> 6) + 1;
	if (words <= (uint64_t)total * PS_BITMAP_WORDS + 64) {
		bm = calloc((size_t)words, sizeof(*bm));
		if (bm == NULL)
			return -ENOMEM;
		for (i = 0; held4 > 0 && i < list->nservers; i++)
			for (j = 0; j < list->servers[i].naddrs; j++)
				if (held_v4(&list->servers[i].addrs[j], &x) &&
				    x >= lo && x <= hi)
					bm[(x - lo) >> 6] |= (uint64_t)1
					    << ((x - lo) & 63);
		for (i = 0; i < n; i++) {
			uint64_t bit;

			if (marks[i] != PS_KEEP)
				continue;
			x = a4[i] - lo;
			bit = (uint64_t)1 << (x & 63);
			if ((bm[x >> 6] & bit) != 0) {
				marks[i] = PS_DUP;
				dups++;
			} else
				bm[x >> 6] |= bit;
		}
		free(bm);
		*ret_dups = dups;
		return 0;
	}

	/* the bits that are 1 in some address and 0 in another (not none:
	 * the span is wide); the bytes from the lowest to the highest that
	 * differ, above the position */
	for (i = 0; i < n; i++)
		if (marks[i] == PS_KEEP) {
			all_or |= a4[i];
			all_and &= a4[i];
		}
	differ = all_or ^ all_and;
	assert(differ != 0);
	for (lowb = 0; (differ >> (8 * lowb) & 0xffu) == 0; lowb++)
		continue;
	for (nb = 4 - lowb; (differ >> (8 * (lowb + nb - 1)) & 0xffu) == 0;
	     nb--)
		continue;
	while (posbits < 64 && (uint64_t)n >> posbits != 0)
		posbits++;
	if (posbits > 32 || total > SIZE_MAX / 2 / sizeof(*keys))
		return -ENOMEM;
	keys = malloc(2 * total * sizeof(*keys));
	if (keys == NULL)
		return -ENOMEM;
	k = 0;
#define PS_V4_KEY(a) \
	((uint64_t)((a) >> (8 * lowb) & \
	     (nb == 4 ? UINT32_MAX : ((uint32_t)1 << (8 * nb)) - 1)) \
	    << posbits)
	for (i = 0; held4 > 0 && i < list->nservers; i++)
		for (j = 0; j < list->servers[i].naddrs; j++)
			if (held_v4(&list->servers[i].addrs[j], &x))
				keys[k++] = PS_V4_KEY(x);
	for (i = 0; i < n; i++)
		if (marks[i] == PS_KEEP)
			keys[k++] = PS_V4_KEY(a4[i]) | (uint64_t)(i + 1);
#undef PS_V4_KEY
	*ret_dups = packed_mark(keys, total, nb, posbits, marks);
	free(keys);
	return 0;
}

int
ps_mark(const struct pcpsel_list *list, const struct pcpsel_addr *addrs,
    size_t n, uint8_t *marks, struct pcpsel_decode_info *info)
{
	size_t i, filtered = 0;
	int r;

	for (i = 0; i < n; i++) {
		if (ps_addr_usable(&addrs[i])) {
			marks[i] = PS_KEEP;
		} else {
			marks[i] = PS_FILTERED;
			filtered++;
		}
	}
	r = ps_mark_dups(list, addrs, n, marks);
	if (r != 0)
		return r;
	info->filtered = filtered;
	info->duplicates = n - filtered - ps_count_kept(marks, n);
	return 0;
}

void
ps_build_init(struct ps_build *b, struct pcpsel_list *list,
    const struct pcpsel_addr *addrs, const uint8_t *marks, unsigned origin)
{
	b->list = list;
	b->addrs = addrs;
	b->a4 = NULL;
	b->marks = marks;
	b->next = 0;
	b->added = 0;
	b->origin = origin;
	ps_arena_mark(list, &b->mark);
}

void
ps_build_init_v4(struct ps_build *b, struct pcpsel_list *list,
    const uint32_t *a4, const uint8_t *marks, unsigned origin)
{
	ps_build_init(b, list, NULL, marks, origin);
	b->a4 = a4;
}

int
ps_any_kept(const uint8_t *marks, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (marks[i] == PS_KEEP)
			return 1;
	return 0;
}

int
ps_build_group(struct ps_build *b, size_t n)
{
	struct ps_server *server;
	const uint8_t *marks = b->marks != NULL ? &b->marks[b->next] : NULL;
	size_t kept, i, k;

	kept = b->marks != NULL ? ps_count_kept(marks, n) : n;
	if (kept > 0) {
		assert(b->list->cap - b->list->nservers > b->added);
		server = &b->list->servers[b->list->nservers + b->added];
		server->addrs = ps_arena_alloc(b->list, kept);
		if (server->addrs == NULL)
			return -ENOMEM;
		if (b->addrs != NULL) {
			for (i = 0, k = 0; i < n; i++)
				if (marks[i] == PS_KEEP)
					server->addrs[k++] =
					    b->addrs[b->next + i];
		} else {
			const uint32_t *a4 = &b->a4[b->next];

			for (i = 0, k = 0; i < n; i++) {
				uint8_t *out;
				uint32_t a = a4[i];

				if (marks != NULL && marks[i] != PS_KEEP)
					continue;
				/* ::ffff:a.b.c.d (RFC 4291 §2.5.5.2) */
				out = server->addrs[k++].bytes;
				memcpy(out, ps_v4mapped_prefix,
				    sizeof(ps_v4mapped_prefix));
				out[12] = (uint8_t)(a >> 24);
				out[13] = (uint8_t)(a >> 16);
				out[14] = (uint8_t)(a >> 8);
				out[15] = (uint8_t)a;
			}
		}
		server->naddrs = kept;
		server->origin = b->origin;
		b->added++;
	}
	b->next += n;
	return 0;
}

void
ps_build_commit(struct ps_build *b)
{
	b->list->nservers += b->added;
	b->added = 0;
}

void
ps_build_abort(struct ps_build *b)
{
	ps_arena_rollback(b->list, &b->mark);
	b->added = 0;
}

int
ps_find_dup(const struct pcpsel_list *list, const struct pcpsel_addr *addrs,
    size_t n, size_t *ret_index)
{
	uint8_t stack_marks[PS_STACK_ADDRS], *marks;
	size_t k;
	int r;

	marks = n <= sizeof(stack_marks) ? stack_marks : malloc(n);
	if (marks == NULL)
		return -ENOMEM;
	if (n > 0)
		memset(marks, PS_KEEP, n);
	r = ps_mark_dups(list, addrs, n, marks);
	if (r == 0) {
		for (k = 0; k < n && marks[k] == PS_KEEP; k++)
			continue;
		*ret_index = k < n ? k : SIZE_MAX;
	}
	if (marks != stack_marks)
		free(marks);
	return r;
}

int
ps_list_append(struct pcpsel_list *list, const struct pcpsel_addr *addrs,
    const size_t *counts, const unsigned *origins, unsigned origin,
    size_t nservers, size_t *ret_bad)
{
	struct ps_server *server;
	struct pcpsel_addr *copy;
	size_t total = 0, i, k;
	unsigned o;
	int r;

	if (list == NULL ||
	    (nservers > 0 && (addrs == NULL || counts == NULL)))
		return -EINVAL;
	for (i = 0; i < nservers; i++) {
		/* origin: a non-empty subset of the two known bits */
		o = origins != NULL ? origins[i] : origin;
		if (counts[i] == 0 || o == 0 || (o & ~PS_ORIGIN_ALL) != 0)
			return -EINVAL;
		if (counts[i] > PCPSEL_V6_MAX_ADDRS)
			return -E2BIG;
		if (counts[i] > SIZE_MAX - total)
			return -ENOMEM;
		total += counts[i];
	}
	if (nservers == 0)
		return 0;

	/* no address twice in the list: one pass over all of them */
	r = ps_find_dup(list, addrs, total, &k);
	if (r == 0 && k != SIZE_MAX) {
		if (ret_bad != NULL)
			*ret_bad = k;
		r = -EINVAL;
	}
	if (r == 0)
		r = ps_list_reserve(list, nservers);
	if (r != 0)
		return r;

	/* the last step that can fail: @list unchanged on failure */
	copy = ps_arena_alloc(list, total);
	if (copy == NULL)
		return -ENOMEM;
	memcpy(copy, addrs, total * sizeof(*addrs));
	for (i = 0, k = 0; i < nservers; k += counts[i], i++) {
		server = &list->servers[list->nservers + i];
		server->addrs = &copy[k];
		server->naddrs = counts[i];
		server->origin = origins != NULL ? origins[i] : origin;
	}
	list->nservers += nservers;
	return 0;
}

int
pcpsel_list_add_server(struct pcpsel_list *list, unsigned origin,
    const struct pcpsel_addr *addrs, size_t n)
{
	if (n == 0)
		return -EINVAL;
	return ps_list_append(list, addrs, &n, NULL, origin, 1, NULL);
}

int
pcpsel_list_add_servers(struct pcpsel_list *list, unsigned origin,
    const struct pcpsel_addr *addrs, const size_t *counts, size_t nservers,
    size_t *ret_bad)
{
	return ps_list_append(list, addrs, counts, NULL, origin, nservers,
	    ret_bad);
}

int
pcpsel_list_equal(const struct pcpsel_list *a, const struct pcpsel_list *b)
{
	size_t i;

	if (a == b)
		return 1;
	if (a == NULL || b == NULL || a->nservers != b->nservers)
		return 0;
	for (i = 0; i < a->nservers; i++) {
		const struct ps_server *sa = &a->servers[i];
		const struct ps_server *sb = &b->servers[i];

		if (sa->naddrs != sb->naddrs || sa->origin != sb->origin ||
		    memcmp(sa->addrs, sb->addrs,
			sa->naddrs * sizeof(*sa->addrs)) != 0)
			return 0;
	}
	return 1;
}

/* Which server of @v4 holds each address: a scan for small lists, else a
 * sorted (address, server) index searched by bisection. */
struct owner_index {
	const struct pcpsel_list *list;
	struct ps_entry *entries; /* NULL: scan @list */
	size_t n;
};

static int
owner_index_init(struct owner_index *ix, const struct pcpsel_list *list)
{
	size_t total = list_naddrs(list), i, j, k = 0;

	ix->list = list;
	ix->entries = NULL;
	ix->n = 0;
	if (total <= PS_LINEAR_MAX)
		return 0;
	ix->entries = entries_new(total);
	if (ix->entries == NULL)
		return -ENOMEM;
	for (i = 0; i < list->nservers; i++) {
		for (j = 0; j < list->servers[i].naddrs; j++) {
			ix->entries[k].addr = list->servers[i].addrs[j];
			ix->entries[k].pos = i;
			k++;
		}
	}
	sort_entries(ix->entries, ix->entries + total, total);
	ix->n = total;
	return 0;
}

/* Index of the first server of the list holding @addr, or SIZE_MAX. */
static size_t
owner_find(const struct owner_index *ix, const struct pcpsel_addr *addr)
{
	size_t lo = 0, hi = ix->n, i, j;

	if (ix->list == NULL)
		return SIZE_MAX;
	if (ix->entries == NULL) {
		for (i = 0; i < ix->list->nservers; i++)
			for (j = 0; j < ix->list->servers[i].naddrs; j++)
				if (addr_eq(&ix->list->servers[i].addrs[j],
					addr))
					return i;
		return SIZE_MAX;
	}
	/* lower bound: the first entry not below @addr */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (memcmp(ix->entries[mid].addr.bytes, addr->bytes,
			sizeof(addr->bytes)) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ix->n && addr_eq(&ix->entries[lo].addr, addr))
		return ix->entries[lo].pos;
	return SIZE_MAX;
}

static void
list_release(struct pcpsel_list *list)
{
	blocks_free(list->blocks, NULL);
	free(list->servers);
	list->blocks = NULL;
	list->servers = NULL;
	list->nservers = 0;
	list->cap = 0;
}

/* Copy @src into @dst, in @list's arena, with room for @extra more
 * addresses. */
static int
server_copy(struct pcpsel_list *list, struct ps_server *dst,
    const struct ps_server *src, size_t extra)
{
	if (extra > SIZE_MAX - src->naddrs)
		return -ENOMEM;
	dst->addrs = ps_arena_alloc(list, src->naddrs + extra);
	if (dst->addrs == NULL)
		return -ENOMEM;
	if (src->naddrs > 0)
		memcpy(dst->addrs, src->addrs,
		    src->naddrs * sizeof(*src->addrs));
	dst->naddrs = src->naddrs;
	dst->origin = src->origin;
	return 0;
}

/* P-DHCP-1: DHCPv4 and DHCPv6 on one interface are one configuration
 * source.  A DHCPv6 server sharing an address with a DHCPv4 server is the
 * same PCP server (one nonce, RFC 6887 §11.3), so it is joined to the first
 * such DHCPv4 server; addresses already held are not repeated (P-DHCP6-6).
 * Both inputs keep the list invariant, so a DHCPv6 address is held by the
 * result exactly when a DHCPv4 server holds it.
 *
 * P-DHCP-3: when a DHCPv6 server shares addresses with several DHCPv4
 * servers, those stay separate servers (DHCPv4's division is kept: joining
 * them would leave a client mappings on one PCP server where there may be
 * two, RFC 7488 §4); its new addresses join the first of them in DHCPv4
 * order, and each of them gets the DHCPv6 origin (DHCPv6 announced one of
 * its addresses).
 *
 * Two passes keep it linear: the first finds, for each DHCPv6 server, the
 * DHCPv4 server it joins and how many new addresses it brings, so that
 * every DHCPv4 server is copied once with room for all that joins it. */
int
pcpsel_list_merge(struct pcpsel_list *ret, const struct pcpsel_list *v4,
    const struct pcpsel_list *v6)
{
	struct pcpsel_list tmp = { NULL, 0, 0, NULL };
	struct owner_index ix = { NULL, NULL, 0 };
	size_t n4, n6, i, j, *join = NULL, *extra = NULL;
	int r;

	if (ret == NULL)
		return -EINVAL;
	n4 = pcpsel_list_count(v4);
	n6 = pcpsel_list_count(v6);
	if (n4 > SIZE_MAX - n6)
		return -ENOMEM;
	r = ps_list_reserve(&tmp, n4 + n6);
	if (r != 0)
		return r;
	r = owner_index_init(&ix, v4);
	if (r != 0)
		goto fail;
	join = calloc(n6 + n4 + 1, sizeof(*join));
	if (join == NULL) {
		r = -ENOMEM;
		goto fail;
	}
	extra = join + n6;

	/* pass 1: the DHCPv4 server each DHCPv6 server joins (SIZE_MAX:
	 * none) and the new addresses it brings there */
	for (i = 0; i < n6; i++) {
		const struct ps_server *s6 = &v6->servers[i];
		size_t first = SIZE_MAX, fresh = 0, owner;

		for (j = 0; j < s6->naddrs; j++) {
			owner = owner_find(&ix, &s6->addrs[j]);
			if (owner == SIZE_MAX)
				fresh++;
			else if (owner < first)
				first = owner;
		}
		join[i] = first;
		if (first != SIZE_MAX)
			extra[first] += fresh;
	}

	/* pass 2: DHCPv4 servers first, in order, each with its room */
	for (i = 0; i < n4; i++) {
		r = server_copy(&tmp, &tmp.servers[i], &v4->servers[i],
		    extra[i]);
		if (r != 0)
			goto fail;
		tmp.nservers++;
	}
	for (i = 0; i < n6; i++) {
		const struct ps_server *s6 = &v6->servers[i];
		struct ps_server *target;

		if (join[i] == SIZE_MAX) {
			/* no DHCPv4 server in common: a server of its own */
			r = server_copy(&tmp, &tmp.servers[tmp.nservers], s6,
			    0);
			if (r != 0)
				goto fail;
			tmp.nservers++;
			continue;
		}
		target = &tmp.servers[join[i]];
		for (j = 0; j < s6->naddrs; j++) {
			size_t owner = owner_find(&ix, &s6->addrs[j]);

			if (owner == SIZE_MAX)
				target->addrs[target->naddrs++] = s6->addrs[j];
			else /* P-DHCP-3: every server it shares with */
				tmp.servers[owner].origin |= s6->origin;
		}
	}
	free(join);
	free(ix.entries);

	/* commit: @ret may be @v4 or @v6, read until here */
	list_release(ret);
	*ret = tmp;
	return 0;

fail:
	free(join);
	free(ix.entries);
	list_release(&tmp);
	return r;
}
