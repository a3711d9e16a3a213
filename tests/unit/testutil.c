/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * testutil.c - helpers shared by the Check suites (see testutil.h)
 */
#include "config.h"

#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pcpsel.h"
#include "testutil.h"

void
tu_assert_info(const struct pcpsel_decode_info *info, const char *id,
    int reason, size_t offset, size_t value, size_t bad, size_t filtered,
    size_t duplicates, size_t dropped)
{
	ck_assert_msg(info->reason == reason, "%s reason %d", id,
	    info->reason);
	ck_assert_msg(info->offset == offset, "%s offset %zu", id,
	    info->offset);
	ck_assert_msg(info->value == value, "%s value %zu", id, info->value);
	ck_assert_msg(info->bad_instances == bad, "%s bad_instances %zu", id,
	    info->bad_instances);
	ck_assert_msg(info->filtered == filtered, "%s filtered %zu", id,
	    info->filtered);
	ck_assert_msg(info->duplicates == duplicates, "%s duplicates %zu", id,
	    info->duplicates);
	ck_assert_msg(info->dropped_servers == dropped, "%s dropped %zu", id,
	    info->dropped_servers);
}

void
tu_assert_server(const struct pcpsel_list *list, size_t index, unsigned origin,
    const struct pcpsel_addr *want, size_t naddrs, const char *id, size_t s)
{
	const struct pcpsel_addr *got = pcpsel_server_addrs(list, index);
	size_t i;

	ck_assert_msg(pcpsel_server_naddrs(list, index) == naddrs,
	    "%s: server %zu size", id, s);
	ck_assert_uint_eq(pcpsel_server_origin(list, index), origin);
	for (i = 0; i < naddrs; i++)
		ck_assert_msg(memcmp(got[i].bytes, want[i].bytes, 16) == 0,
		    "%s: server %zu address %zu", id, s, i);
}

size_t
tu_round_trip(const struct pcpsel_list *list, tu_encode_fn encode,
    tu_decode_fn decode)
{
	struct pcpsel_wire *wire = NULL;
	struct pcpsel_buf *pieces;
	struct pcpsel_list *back = pcpsel_list_new();
	size_t i, n;

	ck_assert_ptr_nonnull(back);
	ck_assert_int_eq(encode(list, &wire), 0);
	n = pcpsel_wire_count(wire);
	pieces = calloc(n + 1, sizeof(*pieces));
	ck_assert_ptr_nonnull(pieces);
	for (i = 0; i < n; i++)
		pieces[i].data = pcpsel_wire_get(wire, i, &pieces[i].len);
	ck_assert_int_eq(decode(back, pieces, n, NULL), 0);
	ck_assert(pcpsel_list_equal(back, list));
	free(pieces);
	pcpsel_wire_free(wire);
	pcpsel_list_free(back);
	return n;
}

uint32_t
tu_next_rand(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

void
tu_tmpdir_make(char *dir, size_t size, const char *prefix)
{
	int len = snprintf(dir, size, "/tmp/%s.XXXXXX", prefix);

	ck_assert_int_gt(len, 0);
	ck_assert_uint_lt((size_t)len, size);
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

void
tu_tmpdir_remove(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
