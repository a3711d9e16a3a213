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

/* Number of PS_KEEP marks among @n. */
size_t ps_count_kept(const uint8_t *marks, size_t n);

/* Mark each of @addrs[0..@n) PS_KEEP, PS_FILTERED (pcpsel_addr_usable()
 * refuses it) or PS_DUP (ps_mark_dups), and set @info->filtered and
 * @info->duplicates.  0 or -ENOMEM (@info unchanged). */
int ps_mark(const struct pcpsel_list *list, const struct pcpsel_addr *addrs,
    size_t n, uint8_t *marks, struct pcpsel_decode_info *info);

struct ps_build {
	struct pcpsel_list *list; /* target, with room reserved */
	const struct pcpsel_addr *addrs;
	const uint8_t *marks;
	size_t next; /* first address of the next group */
	size_t added; /* servers written past nservers */
	unsigned origin;
	struct ps_arena_mark mark; /* the arena before the build */
};

void ps_build_init(struct ps_build *b, struct pcpsel_list *list,
    const struct pcpsel_addr *addrs, const uint8_t *marks, unsigned origin);
/* Take the next @n addresses as one server; append it if any is PS_KEEP.
 * 0 or -ENOMEM. */
int ps_build_group(struct ps_build *b, size_t n);
/* Make the appended servers part of the list, or free them. */
void ps_build_commit(struct ps_build *b);
void ps_build_abort(struct ps_build *b);

#endif /* PCPSEL_DEDUPE_H */
