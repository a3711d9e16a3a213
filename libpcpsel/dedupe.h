/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dedupe.h - duplicate marking and server building shared by list.c, v4.c
 * and v6.c (not installed; implemented in list.c)
 *
 * A decoder copies every address of the option, in wire order, into one
 * array; ps_mark() gives each a mark: PS_KEEP, or PS_FILTERED when
 * pcpsel_addr_usable() refuses it.  ps_mark_dups() then turns into PS_DUP
 * every kept address that is already held by the target list or by an
 * earlier kept address (P-DHCP4-5/6, P-DHCP6-6: the first one wins), in
 * O(n log n): a plain scan when there are few addresses in all, else one
 * sort of (address, position) pairs.  Finally a ps_build walks the groups
 * (one per server) and appends the non-empty ones to the list in slots
 * reserved beforehand, so that the list is unchanged until
 * ps_build_commit().
 */
#ifndef PCPSEL_DEDUPE_H
#define PCPSEL_DEDUPE_H

#include <stddef.h>
#include <stdint.h>

#include "pcpsel.h"
#include "internal.h"

#define PS_KEEP 0
#define PS_FILTERED 1
#define PS_DUP 2

/* Addresses a decoder keeps on its stack before it allocates. */
#define PS_STACK_ADDRS 64

/* Mark PS_DUP each @cand[i] with @marks[i] == PS_KEEP that @list (may be
 * NULL) holds or that an earlier kept candidate equals.  0 or -ENOMEM
 * (@marks unchanged). */
int ps_mark_dups(const struct pcpsel_list *list,
    const struct pcpsel_addr *cand, size_t n, uint8_t *marks);

/* What a decoder of IPv4 addresses learns of the PS_KEEP ones while it
 * marks them (ps_v4_stats_add), for ps_mark_dups_v4(). */
struct ps_v4_stats {
	size_t kept; /* how many */
	uint32_t lo, hi; /* the least and the greatest */
};

static inline void
ps_v4_stats_init(struct ps_v4_stats *st)
{
	st->kept = 0;
	st->lo = UINT32_MAX;
	st->hi = 0;
}

static inline void
ps_v4_stats_add(struct ps_v4_stats *st, uint32_t a)
{
	st->kept++;
	st->lo = a < st->lo ? a : st->lo;
	st->hi = a > st->hi ? a : st->hi;
}

/* ps_mark_dups() for IPv4 addresses given as numbers (@a4[i]: the address
 * a.b.c.d as a << 24 | b << 16 | c << 8 | d), @st being what
 * ps_v4_stats_add() learnt of the PS_KEEP ones; only @list's IPv4-mapped
 * addresses can equal them.  *@ret_dups is the number marked.  0 or -ENOMEM
 * (@marks unchanged). */
int ps_mark_dups_v4(const struct pcpsel_list *list, const uint32_t *a4,
    size_t n, uint8_t *marks, const struct ps_v4_stats *st, size_t *ret_dups);

/* Number of PS_KEEP marks among @n. */
static inline size_t
ps_count_kept(const uint8_t *marks, size_t n)
{
	size_t i, kept = 0;

	for (i = 0; i < n; i++)
		kept += marks[i] == PS_KEEP;
	return kept;
}

/* Mark each of @addrs[0..@n) PS_KEEP, PS_FILTERED (pcpsel_addr_usable()
 * refuses it) or PS_DUP (ps_mark_dups), and set @info->filtered and
 * @info->duplicates.  0 or -ENOMEM (@info unchanged). */
int ps_mark(const struct pcpsel_list *list, const struct pcpsel_addr *addrs,
    size_t n, uint8_t *marks, struct pcpsel_decode_info *info);

struct ps_build {
	struct pcpsel_list *list; /* target, with room reserved */
	const struct pcpsel_addr *addrs; /* NULL: @a4 instead */
	const uint32_t *a4; /* IPv4 addresses as numbers (ps_build_init_v4) */
	const uint8_t *marks; /* NULL: all PS_KEEP (ps_build_init_v4) */
	size_t next; /* first address of the next group */
	size_t added; /* servers written past nservers */
	unsigned origin;
	struct ps_arena_mark mark; /* the arena before the build */
};

void ps_build_init(struct ps_build *b, struct pcpsel_list *list,
    const struct pcpsel_addr *addrs, const uint8_t *marks, unsigned origin);
/* The same, the addresses being IPv4 ones as numbers (ps_mark_dups_v4);
 * the servers get them IPv4-mapped.  @marks NULL: every one is PS_KEEP. */
void ps_build_init_v4(struct ps_build *b, struct pcpsel_list *list,
    const uint32_t *a4, const uint8_t *marks, unsigned origin);
/* Take the next @n addresses as one server; append it if any is PS_KEEP.
 * 0 or -ENOMEM. */
int ps_build_group(struct ps_build *b, size_t n);
/* 1 if some of @marks[0..@n) is PS_KEEP (stops at the first). */
int ps_any_kept(const uint8_t *marks, size_t n);
/* Make the appended servers part of the list, or free them. */
void ps_build_commit(struct ps_build *b);
void ps_build_abort(struct ps_build *b);

#endif /* PCPSEL_DEDUPE_H */
