/*
 * list.c - server lists: an ordered array of servers, each an ordered,
 * malloc'ed array of addresses owned by the list, plus its origin bits
 *
 * Invariant: no address appears twice in one list.  Every mutation here
 * keeps it, and checks it without quadratic work: duplicate lookups scan
 * when few addresses are involved (PS_LINEAR_MAX) and otherwise sort
 * (address, position) pairs once, O(n log n) whatever the input.  A hash
 * set was not chosen because a fixed hash function lets a DHCP server (or
 * an on-link attacker) pick colliding addresses and bring back the
 * quadratic case; sorting has no such input.
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
#define PS_LINEAR_MAX	32

#define PS_ORIGIN_ALL	(PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6)

struct ps_entry {
	struct pcpsel_addr addr;
	size_t pos;
};

static int
addr_eq(const struct pcpsel_addr *a, const struct pcpsel_addr *b)
{
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

static int
entry_cmp(const void *va, const void *vb)
{
	const struct ps_entry *a = va, *b = vb;
	int r;

	r = memcmp(a->addr.bytes, b->addr.bytes, sizeof(a->addr.bytes));
	if (r != 0)
		return r;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
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

void
pcpsel_list_clear(struct pcpsel_list *list)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < list->nservers; i++)
		free(list->servers[i].addrs);
	list->nservers = 0;
}

void
pcpsel_list_free(struct pcpsel_list *list)
{
	if (list == NULL)
		return;
	pcpsel_list_clear(list);
	free(list->servers);
	free(list);
}

size_t
pcpsel_list_count(const struct pcpsel_list *list)
{
	return list != NULL ? list->nservers : 0;
}

size_t
pcpsel_server_count(const struct pcpsel_list *list, size_t index)
{
	if (list == NULL || index >= list->nservers)
		return 0;
	return list->servers[index].naddrs;
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
		    cap * 2 : list->nservers + extra;
	servers = realloc(list->servers, cap * sizeof(*servers));
	if (servers == NULL)
		return -ENOMEM;
	list->servers = servers;
	list->cap = cap;
	return 0;
}

void
ps_list_move(struct pcpsel_list *dst, struct pcpsel_list *src)
{
	assert(dst->cap - dst->nservers >= src->nservers);
	if (src->nservers > 0)
		memcpy(&dst->servers[dst->nservers], src->servers,
		    src->nservers * sizeof(*src->servers));
	dst->nservers += src->nservers;
	src->nservers = 0;
}

size_t
ps_count_kept(const uint8_t *marks, size_t n)
{
	size_t i, kept = 0;

	for (i = 0; i < n; i++)
		kept += marks[i] == PS_KEEP;
	return kept;
}

int
ps_mark_dups(const struct pcpsel_list *list,
    const struct pcpsel_addr *cand, size_t n, uint8_t *marks)
{
	struct ps_entry *entries;
	size_t held, kept, total, i, j, k;

	held = list_naddrs(list);
	kept = ps_count_kept(marks, n);
	if (kept == 0)
		return 0;
	if (held + kept <= PS_LINEAR_MAX) {
		for (i = 0; i < n; i++) {
			if (marks[i] != PS_KEEP)
				continue;
			if (ps_list_contains(list, &cand[i])) {
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

	/* Sort (address, position): the list's addresses get position 0,
	 * candidate i position i + 1, so in each run of equal addresses
	 * the first is the one to keep and the others are duplicates. */
	if (held > SIZE_MAX / sizeof(*entries) - kept)
		return -ENOMEM;
	total = held + kept;
	entries = malloc(total * sizeof(*entries));
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
	qsort(entries, total, sizeof(*entries), entry_cmp);
	for (k = 1; k < total; k++)
		if (entries[k].pos != 0 &&
		    addr_eq(&entries[k].addr, &entries[k - 1].addr))
			marks[entries[k].pos - 1] = PS_DUP;
	free(entries);
	return 0;
}

int
ps_mark(const struct pcpsel_list *list, const struct pcpsel_addr *addrs,
    size_t n, uint8_t *marks, struct pcpsel_decode_info *info)
{
	size_t i, filtered = 0;
	int r;

	for (i = 0; i < n; i++) {
		if (pcpsel_addr_usable(&addrs[i])) {
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
	b->marks = marks;
	b->next = 0;
	b->added = 0;
	b->origin = origin;
}

int
ps_build_group(struct ps_build *b, size_t n)
{
	struct ps_server *server;
	size_t kept, i, k;

	kept = ps_count_kept(&b->marks[b->next], n);
	if (kept > 0) {
		assert(b->list->cap - b->list->nservers > b->added);
		server = &b->list->servers[b->list->nservers + b->added];
		server->addrs = malloc(kept * sizeof(*server->addrs));
		if (server->addrs == NULL)
			return -ENOMEM;
		for (i = 0, k = 0; i < n; i++)
			if (b->marks[b->next + i] == PS_KEEP)
				server->addrs[k++] = b->addrs[b->next + i];
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
	size_t i;

	for (i = 0; i < b->added; i++)
		free(b->list->servers[b->list->nservers + i].addrs);
	b->added = 0;
}

int
pcpsel_list_add_server(struct pcpsel_list *list, unsigned origin,
    const struct pcpsel_addr *addrs, size_t n)
{
	uint8_t stack_marks[PS_STACK_ADDRS], *marks;
	struct ps_server *server;
	int r;

	/* origin: a non-empty subset of the two known bits */
	if (list == NULL || addrs == NULL || n == 0 || origin == 0 ||
	    (origin & ~PS_ORIGIN_ALL) != 0)
		return -EINVAL;
	if (n > PCPSEL_V6_MAX_ADDRS)
		return -E2BIG;

	marks = n <= sizeof(stack_marks) ? stack_marks : malloc(n);
	if (marks == NULL)
		return -ENOMEM;
	memset(marks, PS_KEEP, n);
	r = ps_mark_dups(list, addrs, n, marks);
	if (r == 0 && ps_count_kept(marks, n) != n)
		r = -EINVAL;
	if (marks != stack_marks)
		free(marks);
	if (r != 0)
		return r;

	r = ps_list_reserve(list, 1);
	if (r != 0)
		return r;
	server = &list->servers[list->nservers];
	server->addrs = malloc(n * sizeof(*addrs));
	if (server->addrs == NULL)
		return -ENOMEM;
	memcpy(server->addrs, addrs, n * sizeof(*addrs));
	server->naddrs = n;
	server->origin = origin;
	list->nservers++;
	return 0;
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
	struct ps_entry *entries;	/* NULL: scan @list */
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
	if (total > SIZE_MAX / sizeof(*ix->entries))
		return -ENOMEM;
	ix->entries = malloc(total * sizeof(*ix->entries));
	if (ix->entries == NULL)
		return -ENOMEM;
	for (i = 0; i < list->nservers; i++) {
		for (j = 0; j < list->servers[i].naddrs; j++) {
			ix->entries[k].addr = list->servers[i].addrs[j];
			ix->entries[k].pos = i;
			k++;
		}
	}
	qsort(ix->entries, total, sizeof(*ix->entries), entry_cmp);
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
	pcpsel_list_clear(list);
	free(list->servers);
	list->servers = NULL;
	list->cap = 0;
}

static int
server_copy(struct ps_server *dst, const struct ps_server *src)
{
	dst->addrs = NULL;
	if (src->naddrs > 0) {
		dst->addrs = malloc(src->naddrs * sizeof(*src->addrs));
		if (dst->addrs == NULL)
			return -ENOMEM;
		memcpy(dst->addrs, src->addrs,
		    src->naddrs * sizeof(*src->addrs));
	}
	dst->naddrs = src->naddrs;
	dst->origin = src->origin;
	return 0;
}

/* P-DHCP-1: DHCPv4 and DHCPv6 on one interface are one configuration
 * source.  A DHCPv6 server sharing an address with a DHCPv4 server is the
 * same PCP server (one nonce, RFC 6887 §11.3), so it is joined to the first
 * such DHCPv4 server; addresses already held are not repeated (P-DHCP6-6).
 * Both inputs keep the list invariant, so a DHCPv6 address is held by the
 * result exactly when a DHCPv4 server holds it. */
int
pcpsel_list_merge(struct pcpsel_list *ret, const struct pcpsel_list *v4,
    const struct pcpsel_list *v6)
{
	struct pcpsel_list tmp = { NULL, 0, 0 };
	struct owner_index ix = { NULL, NULL, 0 };
	size_t n4, n6, i, j;
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
	for (i = 0; i < n4; i++) {
		r = server_copy(&tmp.servers[i], &v4->servers[i]);
		if (r != 0)
			goto fail;
		tmp.nservers++;
	}
	r = owner_index_init(&ix, v4);
	if (r != 0)
		goto fail;

	for (i = 0; i < n6; i++) {
		const struct ps_server *s6 = &v6->servers[i];
		struct ps_server *target;
		size_t first = SIZE_MAX, fresh = 0, owner;
		struct pcpsel_addr *grown;

		for (j = 0; j < s6->naddrs; j++) {
			owner = owner_find(&ix, &s6->addrs[j]);
			if (owner == SIZE_MAX)
				fresh++;
			else if (owner < first)
				first = owner;
		}
		if (first == SIZE_MAX) {
			/* no DHCPv4 server in common: a server of its own */
			r = server_copy(&tmp.servers[tmp.nservers], s6);
			if (r != 0)
				goto fail;
			tmp.nservers++;
			continue;
		}
		target = &tmp.servers[first];
		target->origin |= s6->origin;
		if (fresh == 0)
			continue;
		grown = realloc(target->addrs,
		    (target->naddrs + fresh) * sizeof(*grown));
		if (grown == NULL) {
			r = -ENOMEM;
			goto fail;
		}
		target->addrs = grown;
		for (j = 0; j < s6->naddrs; j++)
			if (owner_find(&ix, &s6->addrs[j]) == SIZE_MAX)
				target->addrs[target->naddrs++] = s6->addrs[j];
	}
	free(ix.entries);

	/* commit: @ret may be @v4 or @v6, read until here */
	list_release(ret);
	*ret = tmp;
	return 0;

fail:
	free(ix.entries);
	list_release(&tmp);
	return r;
}
