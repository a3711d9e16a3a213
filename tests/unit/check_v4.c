/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_v4.c - DHCPv4 option 158 (RFC 7291 §4, RFC 3396): every digest
 * vector D4-01..D4-19 (doc/policy.md §8), fragments, limits, encoding and
 * round trips
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "check_suites.h"
#include "fixtures.h"
#include "testutil.h"
/* only to build lists the public API refuses to build (encoder limits) */
#include "internal.h"

#define V4 PCPSEL_ORIGIN_DHCPV4
#define V6 PCPSEL_ORIGIN_DHCPV6
#define ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define MAX_FRAGS 300

/*
 * The vectors are written as in the digest: a DHCPv4 options area (code,
 * length, data ...).  collect_158() plays the DHCP client: it walks the
 * area and hands every option-158 instance's data, in order, as one
 * fragment (RFC 3396 §5: options field, then file, then sname).
 */
static size_t
collect_158(const uint8_t *area, size_t len, struct pcpsel_buf *frags,
    size_t nfrags)
{
	size_t i = 0;

	while (i < len) {
		uint8_t code = area[i], olen;

		if (code == 0) { /* Pad */
			i++;
			continue;
		}
		if (code == 255) /* End */
			break;
		ck_assert_uint_lt(i + 1, len);
		olen = area[i + 1];
		ck_assert_uint_le(i + 2 + olen, len);
		if (code == PCPSEL_DHCPV4_OPTION) {
			ck_assert_uint_lt(nfrags, MAX_FRAGS);
			frags[nfrags].data = &area[i + 2];
			frags[nfrags].len = olen;
			nfrags++;
		}
		i += 2 + (size_t)olen;
	}
	return nfrags;
}

/* D4-01 */
/* clang-format off */
static const uint8_t d4_01[] = {
	0x9e, 0x05,		/* code 158, Length 5 */
	0x04,			/* List-Length 4 */
	ADDR4_192_0_2_1,
};
/* clang-format on */
/* D4-02 */
/* clang-format off */
static const uint8_t d4_02[] = {
	0x9e, 0x09,		/* code 158, Length 9 */
	0x08,			/* List-Length 8 */
	ADDR4_192_0_2_1, ADDR4_192_0_2_2,
};
/* clang-format on */
/* D4-03: two lists = two servers */
/* clang-format off */
static const uint8_t d4_03[] = {
	0x9e, 0x0e,		/* code 158, Length 14 */
	0x04,			/* List-Length 4 */
	ADDR4_192_0_2_1,
	0x08,			/* List-Length 8 */
	ADDR4_198_51_100_1, ADDR4_198_51_100_2,
};
/* clang-format on */
/* D4-04: Length 4, the sender forgot List-Length */
/* clang-format off */
static const uint8_t d4_04[] = {
	0x9e, 0x04,		/* code 158, Length 4 */
	ADDR4_192_0_2_1,
};
/* clang-format on */
/* D4-05: List-Length 0 */
/* clang-format off */
static const uint8_t d4_05[] = {
	0x9e, 0x05,		/* code 158, Length 5 */
	0x00,			/* List-Length 0 */
	ADDR4_192_0_2_1,
};
/* clang-format on */
/* D4-06: List-Length 5 */
/* clang-format off */
static const uint8_t d4_06[] = {
	0x9e, 0x06,		/* code 158, Length 6 */
	0x05,			/* List-Length 5 */
	ADDR4_192_0_2_1, 0x0a,
};
/* clang-format on */
/* D4-07: List-Length 12 overruns 8 octets */
/* clang-format off */
static const uint8_t d4_07[] = {
	0x9e, 0x09,		/* code 158, Length 9 */
	0x0c,			/* List-Length 12 */
	ADDR4_192_0_2_1, ADDR4_192_0_2_2,
};
/* clang-format on */
/* D4-08: a stray 0x00 after a valid list */
/* clang-format off */
static const uint8_t d4_08[] = {
	0x9e, 0x06,		/* code 158, Length 6 */
	0x04,			/* List-Length 4 */
	ADDR4_192_0_2_1,
	0x00,			/* stray octet */
};
/* clang-format on */
/* D4-09: RFC 3396 split inside an address */
/* clang-format off */
static const uint8_t d4_09[] = {
	0x9e, 0x06,		/* code 158, Length 6 */
	0x08,			/* List-Length 8 */
	ADDR4_192_0_2_1, 0xc0,	/* 192.0.2.2's first octet */
	0x9e, 0x03,		/* code 158, Length 3 */
	0x00, 0x02, 0x02,	/* 192.0.2.2's last octets */
};
/* clang-format on */
/* D4-10: first fragment shorter than 5 */
/* clang-format off */
static const uint8_t d4_10[] = {
	0x9e, 0x03,		/* code 158, Length 3 */
	0x04, 0xc0, 0x00,	/* List-Length 4, 192.0. */
	0x9e, 0x02,		/* code 158, Length 2 */
	0x02, 0x01,		/* 2.1 */
};
/* clang-format on */
/* D4-11: multicast + loopback + valid */
/* clang-format off */
static const uint8_t d4_11[] = {
	0x9e, 0x0d,		/* code 158, Length 13 */
	0x0c,			/* List-Length 12 */
	ADDR4_224_0_0_1, ADDR4_127_0_0_1, ADDR4_192_0_2_1,
};
/* clang-format on */
/* D4-12: 0.0.0.0 and 255.255.255.255 only */
/* clang-format off */
static const uint8_t d4_12[] = {
	0x9e, 0x09,		/* code 158, Length 9 */
	0x08,			/* List-Length 8 */
	ADDR4_0_0_0_0, ADDR4_255_255_255_255,
};
/* clang-format on */
/* D4-13: first list only loopback */
/* clang-format off */
static const uint8_t d4_13[] = {
	0x9e, 0x0a,		/* code 158, Length 10 */
	0x04,			/* List-Length 4 */
	ADDR4_127_0_0_1,
	0x04,			/* List-Length 4 */
	ADDR4_203_0_113_1,
};
/* clang-format on */
/* D4-14: duplicate inside a list */
/* clang-format off */
static const uint8_t d4_14[] = {
	0x9e, 0x09,		/* code 158, Length 9 */
	0x08,			/* List-Length 8 */
	ADDR4_192_0_2_1, ADDR4_192_0_2_1,
};
/* clang-format on */
/* D4-15: same address in two lists */
/* clang-format off */
static const uint8_t d4_15[] = {
	0x9e, 0x0e,		/* code 158, Length 14 */
	0x04,			/* List-Length 4 */
	ADDR4_192_0_2_1,
	0x08,			/* List-Length 8 */
	ADDR4_192_0_2_1, ADDR4_198_51_100_1,
};
/* clang-format on */
/* D4-16: Length 0 */
/* clang-format off */
static const uint8_t d4_16[] = {
	0x9e, 0x00,		/* code 158, Length 0 */
};
/* clang-format on */
/* D4-18: fragments separated by option 3 (Router) */
/* clang-format off */
static const uint8_t d4_18[] = {
	0x9e, 0x06,		/* code 158, Length 6 */
	0x08,			/* List-Length 8 */
	ADDR4_192_0_2_1, 0xc0,
	0x03, 0x04,		/* code 3 (Router), Length 4 */
	ADDR4_192_0_2_254,
	0x9e, 0x03,		/* code 158, Length 3 */
	0x00, 0x02, 0x02,
};
/* clang-format on */
/* D4-19: options field and file field (option 52 = 1) */
/* clang-format off */
static const uint8_t d4_19_options[] = {
	0x34, 0x01, 0x01,	/* code 52 (Overload), Length 1, file */
	0x9e, 0x05,		/* code 158, Length 5 */
	0x04,			/* List-Length 4 */
	ADDR4_192_0_2_1,
	0xff,			/* End */
};
static const uint8_t d4_19_file[] = {
	0x9e, 0x05,		/* code 158, Length 5 */
	0x04,			/* List-Length 4 */
	ADDR4_198_51_100_1,
	0xff,			/* End */
};
/* clang-format on */

/* clang-format off */
#define NONE { { 0 } }
static const struct v4_vector {
	const char *id;
	const uint8_t *area;
	size_t len;
	const uint8_t *file;	/* RFC 3396 aggregate: file after options */
	size_t file_len;
	int rc;
	int reason;
	size_t offset, value, filtered, duplicates, dropped;
	size_t nservers;
	size_t naddrs[2];
	struct pcpsel_addr addrs[2][3];
} vectors[] = {
	{ "D4-01", d4_01, sizeof(d4_01), NULL, 0, 0, PCPSEL_OK, 0, 0, 0, 0, 0,
	    1, { 1 }, { { PA4(ADDR4_192_0_2_1) } } },
	{ "D4-02", d4_02, sizeof(d4_02), NULL, 0, 0, PCPSEL_OK, 0, 0, 0, 0, 0,
	    1, { 2 }, { { PA4(ADDR4_192_0_2_1), PA4(ADDR4_192_0_2_2) } } },
	{ "D4-03", d4_03, sizeof(d4_03), NULL, 0, 0, PCPSEL_OK, 0, 0, 0, 0, 0,
	    2, { 1, 2 }, { { PA4(ADDR4_192_0_2_1) },
	    { PA4(ADDR4_198_51_100_1), PA4(ADDR4_198_51_100_2) } } },
	{ "D4-04", d4_04, sizeof(d4_04), NULL, 0, -EBADMSG,
	    PCPSEL_BAD_V4_SHORT, 0, 4, 0, 0, 0, 0, { 0 }, { { NONE } } },
	{ "D4-05", d4_05, sizeof(d4_05), NULL, 0, -EBADMSG,
	    PCPSEL_BAD_V4_LIST_ZERO, 0, 0, 0, 0, 0, 0, { 0 }, { { NONE } } },
	{ "D4-06", d4_06, sizeof(d4_06), NULL, 0, -EBADMSG,
	    PCPSEL_BAD_V4_LIST_NOT_4, 0, 5, 0, 0, 0, 0, { 0 }, { { NONE } } },
	{ "D4-07", d4_07, sizeof(d4_07), NULL, 0, -EBADMSG,
	    PCPSEL_BAD_V4_LIST_OVERRUN, 0, 12, 0, 0, 0, 0, { 0 },
	    { { NONE } } },
	{ "D4-08", d4_08, sizeof(d4_08), NULL, 0, -EBADMSG,
	    PCPSEL_BAD_V4_LIST_ZERO, 5, 0, 0, 0, 0, 0, { 0 }, { { NONE } } },
	{ "D4-09", d4_09, sizeof(d4_09), NULL, 0, 0, PCPSEL_OK, 0, 0, 0, 0, 0,
	    1, { 2 }, { { PA4(ADDR4_192_0_2_1), PA4(ADDR4_192_0_2_2) } } },
	{ "D4-10", d4_10, sizeof(d4_10), NULL, 0, 0, PCPSEL_OK, 0, 0, 0, 0, 0,
	    1, { 1 }, { { PA4(ADDR4_192_0_2_1) } } },
	{ "D4-11", d4_11, sizeof(d4_11), NULL, 0, 0, PCPSEL_OK, 0, 0, 2, 0, 0,
	    1, { 1 }, { { PA4(ADDR4_192_0_2_1) } } },
	{ "D4-12", d4_12, sizeof(d4_12), NULL, 0, 0, PCPSEL_OK, 0, 0, 2, 0, 1,
	    0, { 0 }, { { NONE } } },
	{ "D4-13", d4_13, sizeof(d4_13), NULL, 0, 0, PCPSEL_OK, 0, 0, 1, 0, 1,
	    1, { 1 }, { { PA4(ADDR4_203_0_113_1) } } },
	{ "D4-14", d4_14, sizeof(d4_14), NULL, 0, 0, PCPSEL_OK, 0, 0, 0, 1, 0,
	    1, { 1 }, { { PA4(ADDR4_192_0_2_1) } } },
	{ "D4-15", d4_15, sizeof(d4_15), NULL, 0, 0, PCPSEL_OK, 0, 0, 0, 1, 0,
	    2, { 1, 1 }, { { PA4(ADDR4_192_0_2_1) },
	    { PA4(ADDR4_198_51_100_1) } } },
	{ "D4-16", d4_16, sizeof(d4_16), NULL, 0, -EBADMSG,
	    PCPSEL_BAD_V4_SHORT, 0, 0, 0, 0, 0, 0, { 0 }, { { NONE } } },
	{ "D4-18", d4_18, sizeof(d4_18), NULL, 0, 0, PCPSEL_OK, 0, 0, 0, 0, 0,
	    1, { 2 }, { { PA4(ADDR4_192_0_2_1), PA4(ADDR4_192_0_2_2) } } },
	{ "D4-19", d4_19_options, sizeof(d4_19_options), d4_19_file,
	    sizeof(d4_19_file), 0, PCPSEL_OK, 0, 0, 0, 0, 0,
	    2, { 1, 1 }, { { PA4(ADDR4_192_0_2_1) },
	    { PA4(ADDR4_198_51_100_1) } } },
};
/* clang-format on */

/* DHCPv4 has no instances: bad_instances is always 0 */
static void
assert_info(const struct pcpsel_decode_info *info, const char *id, int reason,
    size_t offset, size_t value, size_t filtered, size_t duplicates,
    size_t dropped)
{
	tu_assert_info(info, id, reason, offset, value, 0, filtered,
	    duplicates, dropped);
}

static void
assert_vector_result(const struct v4_vector *v, const struct pcpsel_list *list,
    size_t first)
{
	size_t s;

	ck_assert_msg(pcpsel_list_count(list) == first + v->nservers,
	    "%s: %zu servers", v->id, pcpsel_list_count(list) - first);
	for (s = 0; s < v->nservers; s++)
		tu_assert_server(list, first + s, V4, v->addrs[s],
		    v->naddrs[s], v->id, s);
}

START_TEST(test_v4_digest_vectors)
{
	const struct v4_vector *v = &vectors[_i];
	struct pcpsel_buf frags[MAX_FRAGS];
	struct pcpsel_decode_info info;
	struct pcpsel_list *list = pcpsel_list_new();
	size_t n;

	n = collect_158(v->area, v->len, frags, 0);
	if (v->file != NULL)
		n = collect_158(v->file, v->file_len, frags, n);
	memset(&info, 0xee, sizeof(info));
	ck_assert_msg(pcpsel_v4_decode(list, frags, n, &info) == v->rc,
	    "%s rc", v->id);
	assert_info(&info, v->id, v->reason, v->offset, v->value, v->filtered,
	    v->duplicates, v->dropped);
	assert_vector_result(v, list, 0);
	pcpsel_list_free(list);
}
END_TEST

/* The same vectors appended to a list that already holds a DHCPv6 server
 * 10.0.0.1: it stays first and untouched; on -EBADMSG the list is
 * unchanged. */
START_TEST(test_v4_digest_vectors_append)
{
	const struct v4_vector *v = &vectors[_i];
	static const struct pcpsel_addr old = PA4(ADDR4_10_0_0_1);
	struct pcpsel_buf frags[MAX_FRAGS];
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_list *copy = pcpsel_list_new();
	size_t n;

	ck_assert_int_eq(pcpsel_list_add_server(list, V6, &old, 1), 0);
	ck_assert_int_eq(pcpsel_list_add_server(copy, V6, &old, 1), 0);
	n = collect_158(v->area, v->len, frags, 0);
	if (v->file != NULL)
		n = collect_158(v->file, v->file_len, frags, n);
	ck_assert_int_eq(pcpsel_v4_decode(list, frags, n, NULL), v->rc);
	if (v->rc != 0)
		ck_assert(pcpsel_list_equal(list, copy));
	ck_assert_uint_eq(pcpsel_server_origin(list, 0), V6);
	assert_vector_result(v, list, 1);
	pcpsel_list_free(list);
	pcpsel_list_free(copy);
}
END_TEST

/* D4-17: one list of 63 addresses 198.51.100.1 .. 198.51.100.63 */
static size_t
build_d4_17(uint8_t *area, uint8_t first_last_octet)
{
	size_t i, k = 0;

	area[k++] = 0x9e; /* code 158 */
	area[k++] = 0xfd; /* Length 253 */
	area[k++] = 0xfc; /* List-Length 252 */
	for (i = 0; i < 63; i++) {
		area[k++] = 0xc6; /* 198.51.100.x */
		area[k++] = 0x33;
		area[k++] = 0x64;
		area[k++] = (uint8_t)(first_last_octet + i);
	}
	return k;
}

START_TEST(test_v4_d4_17_max_single_list)
{
	uint8_t area[255];
	struct pcpsel_buf frag;
	struct pcpsel_decode_info info;
	struct pcpsel_list *list = pcpsel_list_new();
	const struct pcpsel_addr *got;
	size_t i;

	ck_assert_uint_eq(build_d4_17(area, 1), 255);
	ck_assert_uint_eq(area[254], 0x3f);
	frag.data = area + 2;
	frag.len = area[1];
	ck_assert_int_eq(pcpsel_v4_decode(list, &frag, 1, &info), 0);
	assert_info(&info, "D4-17", 0, 0, 0, 0, 0, 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 1);
	ck_assert_uint_eq(pcpsel_server_naddrs(list, 0), 63);
	got = pcpsel_server_addrs(list, 0);
	for (i = 0; i < 63; i++) {
		/* clang-format off */
		const uint8_t want[16] = { V4MAPPED_PREFIX, 0xc6, 0x33, 0x64,
		    (uint8_t)(i + 1) };
		/* clang-format on */

		ck_assert_mem_eq(got[i].bytes, want, 16);
	}
	pcpsel_list_free(list);
}
END_TEST

/* D4-17 note: a second such list (506 octets) can only be sent split
 * per RFC 3396, e.g. 255 + 251 octets */
START_TEST(test_v4_d4_17_two_lists_split_255_251)
{
	uint8_t data[506];
	struct pcpsel_buf frags[2];
	struct pcpsel_list *list = pcpsel_list_new();
	uint8_t area[255];

	build_d4_17(area, 1);
	memcpy(data, area + 2, 253);
	build_d4_17(area, 101);
	memcpy(data + 253, area + 2, 253);
	frags[0].data = data;
	frags[0].len = 255;
	frags[1].data = data + 255;
	frags[1].len = 251;
	ck_assert_int_eq(pcpsel_v4_decode(list, frags, 2, NULL), 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 2);
	ck_assert_uint_eq(pcpsel_server_naddrs(list, 0), 63);
	ck_assert_uint_eq(pcpsel_server_naddrs(list, 1), 63);
	ck_assert_uint_eq(pcpsel_server_addrs(list, 1)[62].bytes[15], 163);
	/* the second fragment alone would be malformed (LO-5) */
	pcpsel_list_clear(list);
	ck_assert_int_eq(pcpsel_v4_decode(list, &frags[1], 1, NULL), -EBADMSG);
	pcpsel_list_free(list);
}
END_TEST

/* ---- fragments (RFC 3396) ---------------------------------------------- */

/* D4-03's data split in two at every octet boundary, and in three with an
 * empty fragment: split mid-address, between a List-Length and its list
 * and right after a List-Length */
START_TEST(test_v4_split_at_every_offset)
{
	const uint8_t *data = d4_03 + 2;
	size_t len = sizeof(d4_03) - 2, at;

	for (at = 0; at <= len; at++) {
		struct pcpsel_buf frags[3] = { { data, at }, { NULL, 0 },
			{ data + at, len - at } };
		struct pcpsel_list *list = pcpsel_list_new();

		ck_assert_msg(pcpsel_v4_decode(list, frags, 3, NULL) == 0,
		    "split at %zu", at);
		assert_vector_result(&vectors[2], list, 0);
		pcpsel_list_free(list);
	}
}
END_TEST

/* one octet per fragment */
START_TEST(test_v4_split_every_octet)
{
	const uint8_t *data = d4_15 + 2;
	size_t len = sizeof(d4_15) - 2, i;
	struct pcpsel_buf frags[16];
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_decode_info info;

	for (i = 0; i < len; i++) {
		frags[i].data = data + i;
		frags[i].len = 1;
	}
	ck_assert_int_eq(pcpsel_v4_decode(list, frags, len, &info), 0);
	assert_info(&info, "D4-15 octets", 0, 0, 0, 0, 1, 0);
	assert_vector_result(&vectors[14], list, 0);
	pcpsel_list_free(list);
}
END_TEST

/* the List-Length alone in the first fragment: 04 | c0 00 02 01 */
START_TEST(test_v4_split_after_list_length)
{
	/* clang-format off */
	static const uint8_t a[] = { 0x04 };	/* List-Length 4 */
	static const uint8_t b[] = { ADDR4_192_0_2_1 };
	/* clang-format on */
	struct pcpsel_buf frags[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct pcpsel_list *list = pcpsel_list_new();

	ck_assert_int_eq(pcpsel_v4_decode(list, frags, 2, NULL), 0);
	assert_vector_result(&vectors[0], list, 0);
	/* each fragment alone is malformed */
	pcpsel_list_clear(list);
	ck_assert_int_eq(pcpsel_v4_decode(list, frags, 1, NULL), -EBADMSG);
	ck_assert_int_eq(pcpsel_v4_decode(list, frags + 1, 1, NULL), -EBADMSG);
	ck_assert_uint_eq(pcpsel_list_count(list), 0);
	pcpsel_list_free(list);
}
END_TEST

/* a malformed option spread over fragments: the error offset is in the
 * reassembled data */
START_TEST(test_v4_split_error_offset)
{
	static const uint8_t a[] = { 0x04, ADDR4_192_0_2_1, 0x08 };
	static const uint8_t b[] = { ADDR4_192_0_2_2, 0x06 };
	struct pcpsel_buf frags[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_decode_info info;

	/* 04 c0 00 02 01 08 c0 00 02 02 06: List-Length 8 at 5 overruns */
	ck_assert_int_eq(pcpsel_v4_decode(list, frags, 2, &info), -EBADMSG);
	assert_info(&info, "split", PCPSEL_BAD_V4_LIST_OVERRUN, 5, 8, 0, 0, 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 0);
	pcpsel_list_free(list);
}
END_TEST

/* ---- unaligned input --------------------------------------------------- */

START_TEST(test_v4_unaligned_offsets_0_to_7)
{
	uint8_t storage[64 + 8];
	struct pcpsel_buf frag;
	struct pcpsel_list *list = pcpsel_list_new();

	memset(storage, 0xa5, sizeof(storage));
	memcpy(storage + _i, d4_03 + 2, sizeof(d4_03) - 2);
	frag.data = storage + _i;
	frag.len = sizeof(d4_03) - 2;
	ck_assert_int_eq(pcpsel_v4_decode(list, &frag, 1, NULL), 0);
	assert_vector_result(&vectors[2], list, 0);
	pcpsel_list_free(list);
}
END_TEST

/* ---- malformed table --------------------------------------------------- */

/* clang-format off */
static const uint8_t bad_trailing_list_length[] = {
	0x04, ADDR4_192_0_2_1,	/* a good list */
	0x04,			/* List-Length with nothing after it */
};
static const uint8_t bad_second_not_4[] = {
	0x04, ADDR4_192_0_2_1,
	0x06, ADDR4_192_0_2_2, 0x00, 0x00,
};
static const uint8_t bad_list_253[] = {
	0xfd, ADDR4_192_0_2_1,	/* List-Length 253: not a multiple of 4 */
};
static const uint8_t bad_list_ff[] = {
	0xff, ADDR4_192_0_2_1,
};
/* clang-format on */
static const uint8_t bad_short_3[] = { 0x04, 0xc0, 0x00 };

static const struct {
	const char *name;
	const uint8_t *data;
	size_t len;
	int reason;
	size_t offset, value;
} bad_rows[] = {
	{ "trailing List-Length", bad_trailing_list_length,
	    sizeof(bad_trailing_list_length), PCPSEL_BAD_V4_LIST_OVERRUN, 5,
	    4 },
	{ "second List-Length 6", bad_second_not_4, sizeof(bad_second_not_4),
	    PCPSEL_BAD_V4_LIST_NOT_4, 5, 6 },
	{ "List-Length 253", bad_list_253, sizeof(bad_list_253),
	    PCPSEL_BAD_V4_LIST_NOT_4, 0, 253 },
	{ "List-Length 255", bad_list_ff, sizeof(bad_list_ff),
	    PCPSEL_BAD_V4_LIST_NOT_4, 0, 255 },
	{ "3 octets", bad_short_3, sizeof(bad_short_3), PCPSEL_BAD_V4_SHORT, 0,
	    3 },
};

START_TEST(test_v4_malformed_table)
{
	struct pcpsel_buf frag = { bad_rows[_i].data, bad_rows[_i].len };
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_decode_info info;

	ck_assert_msg(pcpsel_v4_decode(list, &frag, 1, &info) == -EBADMSG,
	    "%s", bad_rows[_i].name);
	assert_info(&info, bad_rows[_i].name, bad_rows[_i].reason,
	    bad_rows[_i].offset, bad_rows[_i].value, 0, 0, 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 0);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_v4_invalid_arguments)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_buf frag = { d4_01 + 2, 5 };
	struct pcpsel_buf null_data = { NULL, 5 };
	struct pcpsel_buf empty = { NULL, 0 };
	struct pcpsel_decode_info info;

	ck_assert_int_eq(pcpsel_v4_decode(NULL, &frag, 1, NULL), -EINVAL);
	ck_assert_int_eq(pcpsel_v4_decode(list, NULL, 1, NULL), -EINVAL);
	ck_assert_int_eq(pcpsel_v4_decode(list, &null_data, 1, NULL), -EINVAL);
	/* no fragment at all: no option, nothing added (the decode of an
	 * encoded empty list) */
	memset(&info, 0xee, sizeof(info));
	ck_assert_int_eq(pcpsel_v4_decode(list, NULL, 0, &info), 0);
	assert_info(&info, "n=0", PCPSEL_OK, 0, 0, 0, 0, 0);
	/* one empty fragment is an option of length 0 (as D4-16) */
	ck_assert_int_eq(pcpsel_v4_decode(list, &empty, 1, &info), -EBADMSG);
	ck_assert_int_eq(info.reason, PCPSEL_BAD_V4_SHORT);
	ck_assert_uint_eq(pcpsel_list_count(list), 0);
	pcpsel_list_free(list);
}
END_TEST

/* ---- limits ---------------------------------------------------------- */

/* Exactly 65535 octets: 263 lists holding 16318 distinct usable addresses
 * 10.x.y.z (65535 = 263 + 4 * 16318), 63 per list while possible. */
static size_t
build_max_input(uint8_t *data, size_t *ret_lists, size_t *ret_addrs)
{
	size_t len = 0, lists = 0, addrs = 0, left = PCPSEL_MAX_INPUT;

	/* 65535 = 263 lists + 4 * 16318 addresses */
	while (left > 0) {
		size_t lists_left = 263 - lists;
		size_t addrs_left = (left - lists_left) / 4;
		size_t n = addrs_left - (lists_left - 1); /* >= 1 each */
		size_t i;

		if (n > 63)
			n = 63;
		data[len++] = (uint8_t)(4 * n);
		for (i = 0; i < n; i++, addrs++) {
			data[len++] = 10;
			data[len++] = (uint8_t)(addrs >> 16);
			data[len++] = (uint8_t)(addrs >> 8);
			data[len++] = (uint8_t)addrs;
		}
		lists++;
		left = PCPSEL_MAX_INPUT - len;
	}
	*ret_lists = lists;
	*ret_addrs = addrs;
	return len;
}

START_TEST(test_v4_max_input_65535)
{
	uint8_t *data = malloc(PCPSEL_MAX_INPUT + 1);
	struct pcpsel_buf frags[MAX_FRAGS];
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_decode_info info;
	size_t len, lists, addrs, n, i, s, k;

	ck_assert_ptr_nonnull(data);
	len = build_max_input(data, &lists, &addrs);
	ck_assert_uint_eq(len, 65535);
	ck_assert_uint_eq(lists, 263);
	ck_assert_uint_eq(addrs, 16318);

	/* as one buffer */
	frags[0].data = data;
	frags[0].len = len;
	ck_assert_int_eq(pcpsel_v4_decode(list, frags, 1, &info), 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 263);
	ck_assert_uint_eq(info.duplicates, 0);

	/* as RFC 3396 instances of 255 octets (257 of them) */
	for (n = 0, i = 0; i < len; n++, i += 255) {
		frags[n].data = data + i;
		frags[n].len = len - i < 255 ? len - i : 255;
	}
	ck_assert_uint_eq(n, 257);
	pcpsel_list_clear(list);
	ck_assert_int_eq(pcpsel_v4_decode(list, frags, n, &info), 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 263);
	for (s = 0, k = 0; s < 263; s++) {
		const struct pcpsel_addr *got = pcpsel_server_addrs(list, s);

		for (i = 0; i < pcpsel_server_naddrs(list, s); i++, k++) {
			ck_assert_uint_eq(got[i].bytes[12], 10);
			ck_assert_uint_eq(got[i].bytes[13],
			    (uint8_t)(k >> 16));
			ck_assert_uint_eq(got[i].bytes[14], (uint8_t)(k >> 8));
			ck_assert_uint_eq(got[i].bytes[15], (uint8_t)k);
		}
	}
	ck_assert_uint_eq(k, 16318);

	/* decoding it again into the same list: all duplicates */
	frags[0].data = data;
	frags[0].len = len;
	ck_assert_int_eq(pcpsel_v4_decode(list, frags, 1, &info), 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 263);
	ck_assert_uint_eq(info.duplicates, 16318);
	ck_assert_uint_eq(info.dropped_servers, 263);
	pcpsel_list_free(list);
	free(data);
}
END_TEST

START_TEST(test_v4_more_than_65535_is_e2big)
{
	uint8_t *data = calloc(PCPSEL_MAX_INPUT + 1, 1);
	struct pcpsel_buf frags[2];
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_decode_info info, before;
	size_t lists, addrs;

	ck_assert_ptr_nonnull(data);
	build_max_input(data, &lists, &addrs);
	ck_assert_int_eq(pcpsel_list_add_server(list, V4,
			     &(struct pcpsel_addr)PA4(ADDR4_192_0_2_1), 1),
	    0);
	memset(&info, 0x5a, sizeof(info));
	before = info;
	frags[0].data = data;
	frags[0].len = PCPSEL_MAX_INPUT + 1;
	ck_assert_int_eq(pcpsel_v4_decode(list, frags, 1, &info), -E2BIG);
	frags[0].len = PCPSEL_MAX_INPUT;
	frags[1].data = data;
	frags[1].len = 1;
	ck_assert_int_eq(pcpsel_v4_decode(list, frags, 2, &info), -E2BIG);
	/* a huge length does not wrap the sum */
	frags[1].len = (size_t)-1;
	ck_assert_int_eq(pcpsel_v4_decode(list, frags, 2, &info), -E2BIG);
	/* unchanged list, untouched info */
	ck_assert_uint_eq(pcpsel_list_count(list), 1);
	ck_assert_mem_eq(&info, &before, sizeof(info));
	pcpsel_list_free(list);
	free(data);
}
END_TEST

/* many duplicates and filtered addresses in one big option: linear-ish
 * dedupe keeps the first of each */
START_TEST(test_v4_big_dedupe)
{
	uint8_t data[253 * 100];
	struct pcpsel_buf frag = { data, sizeof(data) };
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_decode_info info;
	size_t s, i, k = 0;

	/* 100 lists of 63 addresses 192.0.2.(s + i) % 128, and every 10th
	 * address of a list is 127.0.0.1 */
	for (s = 0; s < 100; s++) {
		data[k++] = 252;
		for (i = 0; i < 63; i++) {
			if (i % 10 == 9) {
				const uint8_t lo[4] = { ADDR4_127_0_0_1 };

				memcpy(data + k, lo, 4);
			} else {
				data[k] = 192;
				data[k + 1] = 0;
				data[k + 2] = 2;
				data[k + 3] = (uint8_t)((s + i) % 128 + 1);
			}
			k += 4;
		}
	}
	ck_assert_int_eq(pcpsel_v4_decode(list, &frag, 1, &info), 0);
	ck_assert_uint_eq(info.filtered, 600);
	/* 128 distinct addresses are kept, all others are duplicates */
	ck_assert_uint_eq(info.duplicates, 6300 - 600 - 128);
	for (s = 0, k = 0; s < pcpsel_list_count(list); s++)
		k += pcpsel_server_naddrs(list, s);
	ck_assert_uint_eq(k, 128);
	ck_assert_uint_eq(pcpsel_list_count(list) + info.dropped_servers, 100);
	/* first server: 192.0.2.1 .. 192.0.2.63 minus the loopback slots */
	ck_assert_uint_eq(pcpsel_server_naddrs(list, 0), 57);
	ck_assert_uint_eq(pcpsel_server_addrs(list, 0)[0].bytes[15], 1);
	ck_assert_uint_eq(pcpsel_server_addrs(list, 0)[9].bytes[15], 11);
	pcpsel_list_free(list);
}
END_TEST

/*
 * The IPv4 decoder's own duplicate search (addresses as 4-byte numbers: a
 * scan, a bitmap over their span, or a sort of the bytes that differ)
 * against a plain reference and against the general one of option 86, fed
 * the same addresses IPv4-mapped, one instance per list (P-DHCP4-3/5/6,
 * P-DHCP4-4: the filter, the first occurrence wins, also against what the
 * list holds, an emptied list disappears).  Loop _i % 3 picks the span:
 * 0: narrow (the bitmap), 1: any address, with repeats (the sort), 2: few
 * addresses (the scan), or a narrow span with a few far-off addresses (the
 * sort); from _i 3 on up to 250 lists (over 1024 addresses: the
 * least-significant-byte-first sort).  Held addresses: none, or IPv4 ones
 * in the span and IPv6 ones.  The option is split into RFC 3396
 * fragments at random places.
 */
#define RD_MAXLISTS 250
#define RD_MAX (RD_MAXLISTS * 63)

static uint32_t
rd_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

START_TEST(test_v4_dedupe_random_reference)
{
	static uint8_t data[RD_MAXLISTS * 253];
	static uint32_t want[RD_MAX], held4[32];
	static struct pcpsel_addr mapped[RD_MAX];
	static struct pcpsel_buf frags[MAX_FRAGS], insts[RD_MAXLISTS];
	uint32_t seed = 0x9e158d4bu + (uint32_t)_i;
	const int mode = _i % 3;
	int round;

	for (round = 0; round < 30; round++) {
		struct pcpsel_list *l4 = pcpsel_list_new(),
				   *l6 = pcpsel_list_new();
		struct pcpsel_decode_info i4, i6;
		struct pcpsel_addr held[40];
		size_t nlists, per[RD_MAXLISTS], total = 0, len = 0, nheld = 0;
		size_t nheld4 = 0, nwant = 0, filt = 0, dups = 0, nserv = 0;
		size_t nfrags, i, j, k, s, off, h0;
		uint32_t base = 0xc6120000u, span; /* 198.18.0.0 (RFC 2544) */

		ck_assert(l4 != NULL && l6 != NULL);
		if (mode == 2 && round % 2 == 0) {
			nlists = 1 + tu_next_rand(&seed) % 4;
			for (s = 0; s < nlists; s++)
				per[s] = 1 + tu_next_rand(&seed) % 7;
		} else {
			nlists = 1 +
			    tu_next_rand(&seed) % (_i >= 3 ? RD_MAXLISTS : 12);
			for (s = 0; s < nlists; s++)
				per[s] = 1 + tu_next_rand(&seed) % 63;
		}
		for (s = 0; s < nlists; s++)
			total += per[s];
		span = mode == 2 && round % 2 == 0 ? 20 : (uint32_t)total * 2;

		/* held: IPv4 addresses in the span, IPv6 ones */
		if (tu_next_rand(&seed) % 2 == 0) {
			nheld = 1 + tu_next_rand(&seed) % 40;
			for (i = 0; i < nheld; i++) {
				uint32_t r = tu_next_rand(&seed), a;

				a = base + (uint32_t)i * 7 % span;
				for (j = 0; j < nheld4 && held4[j] != a; j++)
					continue;
				memset(&held[i], 0, sizeof(held[i]));
				/* IPv6, or when the IPv4 one is held already */
				if (r % 3 == 0 || j < nheld4) {
					held[i].bytes[0] = 0x20;
					held[i].bytes[1] = 0x01;
					held[i].bytes[2] = 0x0d;
					held[i].bytes[3] = 0xb8;
					held[i].bytes[15] = (uint8_t)i;
					continue;
				}
				held[i].bytes[10] = held[i].bytes[11] = 0xff;
				held[i].bytes[12] = (uint8_t)(a >> 24);
				held[i].bytes[13] = (uint8_t)(a >> 16);
				held[i].bytes[14] = (uint8_t)(a >> 8);
				held[i].bytes[15] = (uint8_t)a;
				ck_assert_uint_lt(nheld4, 32);
				held4[nheld4++] = a;
			}
			ck_assert_int_eq(pcpsel_list_add_server(l4, V4 | V6,
					     held, nheld),
			    0);
			ck_assert_int_eq(pcpsel_list_add_server(l6, V4 | V6,
					     held, nheld),
			    0);
		}

		/* the option, and the same addresses IPv4-mapped */
		for (s = 0, k = 0; s < nlists; s++) {
			data[len++] = (uint8_t)(4 * per[s]);
			insts[s].data = (const uint8_t *)&mapped[k];
			insts[s].len = 16 * per[s];
			for (i = 0; i < per[s]; i++, k++) {
				uint32_t r = tu_next_rand(&seed), a;

				if (mode == 1) /* anywhere, or a repeat */
					a = k > 0 && r % 4 == 0 ?
					    rd_be32(
						&mapped[r / 4 % k].bytes[12]) :
					    tu_next_rand(&seed);
				else if (mode == 2 && round % 2 == 1 &&
				    r % 97 == 0)
					/* far off: anywhere, or in 198/8 */
					a = round % 4 == 1 ?
					    tu_next_rand(&seed) :
					    (base & 0xff000000u) |
						(tu_next_rand(&seed) &
						    0xffffffu);
				else
					a = base + r % span;
				if (r % 37 == 0) /* filtered (P-DHCP4-3) */
					a = (r >> 8) % 3 == 0 ? 0x7f000001u :
					    (r >> 8) % 3 == 1 ? 0xe0000001u :
								0x00000000u;
				data[len++] = (uint8_t)(a >> 24);
				data[len++] = (uint8_t)(a >> 16);
				data[len++] = (uint8_t)(a >> 8);
				data[len++] = (uint8_t)a;
				memset(&mapped[k], 0, sizeof(mapped[k]));
				mapped[k].bytes[10] = mapped[k].bytes[11] =
				    0xff;
				memcpy(&mapped[k].bytes[12], data + len - 4,
				    4);
			}
		}
		/* RFC 3396: fragments of random sizes (empty ones too) */
		for (nfrags = 0, off = 0; off < len || nfrags == 0; nfrags++) {
			size_t n = tu_next_rand(&seed) % 300;

			ck_assert_uint_lt(nfrags, MAX_FRAGS - 1);
			if (n > len - off || nfrags == MAX_FRAGS - 2)
				n = len - off;
			frags[nfrags].data = data + off;
			frags[nfrags].len = n;
			off += n;
		}

		/* the reference */
		for (s = 0, off = 0; s < nlists; s++) {
			size_t kept = 0;

			off++;
			for (i = 0; i < per[s]; i++, off += 4) {
				uint32_t a = rd_be32(data + off);
				int dup = 0;

				if (a >> 24 == 0 || a >> 24 == 127 ||
				    a >> 24 >= 224) {
					filt++;
					continue;
				}
				for (j = 0; j < nheld4 && !dup; j++)
					dup = held4[j] == a;
				for (j = 0; j < nwant && !dup; j++)
					dup = want[j] == a;
				if (dup) {
					dups++;
					continue;
				}
				want[nwant++] = a;
				kept++;
			}
			nserv += kept > 0;
		}

		ck_assert_int_eq(pcpsel_v4_decode(l4, frags, nfrags, &i4), 0);
		ck_assert_int_eq(pcpsel_v6_decode(l6, insts, nlists, &i6), 0);
		ck_assert_uint_eq(i4.filtered, filt);
		ck_assert_uint_eq(i4.duplicates, dups);
		ck_assert_uint_eq(i4.dropped_servers, nlists - nserv);
		ck_assert_uint_eq(i6.filtered, filt);
		ck_assert_uint_eq(i6.duplicates, dups);
		ck_assert_uint_eq(i6.dropped_servers, nlists - nserv);
		h0 = nheld > 0;
		ck_assert_uint_eq(pcpsel_list_count(l4), h0 + nserv);
		ck_assert_uint_eq(pcpsel_list_count(l6), h0 + nserv);
		for (s = h0, k = 0; s < pcpsel_list_count(l4); s++) {
			const struct pcpsel_addr *g4 =
			    pcpsel_server_addrs(l4, s);
			const struct pcpsel_addr *g6 =
			    pcpsel_server_addrs(l6, s);
			size_t n = pcpsel_server_naddrs(l4, s);

			ck_assert_uint_eq(pcpsel_server_origin(l4, s), V4);
			ck_assert_uint_eq(pcpsel_server_origin(l6, s), V6);
			ck_assert_uint_eq(pcpsel_server_naddrs(l6, s), n);
			ck_assert_mem_eq(g4, g6, n * sizeof(*g4));
			for (i = 0; i < n; i++, k++) {
				ck_assert(pcpsel_addr_is_v4(&g4[i]));
				ck_assert_uint_eq(rd_be32(&g4[i].bytes[12]),
				    want[k]);
			}
		}
		ck_assert_uint_eq(k, nwant);
		pcpsel_list_free(l4);
		pcpsel_list_free(l6);
	}
}
END_TEST

/* ---- encode ----------------------------------------------------------- */

static struct pcpsel_list *
list_from_v4(const uint8_t *data, size_t len)
{
	struct pcpsel_buf frag = { data, len };
	struct pcpsel_list *list = pcpsel_list_new();

	ck_assert_int_eq(pcpsel_v4_decode(list, &frag, 1, NULL), 0);
	return list;
}

START_TEST(test_v4_encode_exact_bytes)
{
	static const struct {
		const uint8_t *data;
		size_t len;
	} rows[] = {
		{ d4_01 + 2, sizeof(d4_01) - 2 },
		{ d4_02 + 2, sizeof(d4_02) - 2 },
		{ d4_03 + 2, sizeof(d4_03) - 2 },
	};
	size_t r;

	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		struct pcpsel_list *list =
		    list_from_v4(rows[r].data, rows[r].len);
		struct pcpsel_wire *wire = NULL;
		const uint8_t *out;
		size_t len;

		ck_assert_int_eq(pcpsel_v4_encode(list, &wire), 0);
		ck_assert_uint_eq(pcpsel_wire_count(wire), 1);
		out = pcpsel_wire_get(wire, 0, &len);
		ck_assert_uint_eq(len, rows[r].len);
		ck_assert_mem_eq(out, rows[r].data, len);
		ck_assert_ptr_null(pcpsel_wire_get(wire, 1, &len));
		pcpsel_wire_free(wire);
		pcpsel_list_free(list);
	}
}
END_TEST

START_TEST(test_v4_encode_empty_list)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_wire *wire = NULL;

	ck_assert_int_eq(pcpsel_v4_encode(list, &wire), 0);
	ck_assert_ptr_nonnull(wire);
	ck_assert_uint_eq(pcpsel_wire_count(wire), 0);
	ck_assert_ptr_null(pcpsel_wire_get(wire, 0, NULL));
	pcpsel_wire_free(wire);
	pcpsel_wire_free(NULL);
	ck_assert_uint_eq(pcpsel_wire_count(NULL), 0);
	ck_assert_int_eq(pcpsel_v4_encode(NULL, &wire), -EINVAL);
	ck_assert_int_eq(pcpsel_v4_encode(list, NULL), -EINVAL);
	pcpsel_list_free(list);
}
END_TEST

/* 60 one-address servers (300 octets) and mixed sizes: instances of at
 * most 255 octets, split only between servers, each decodable alone, and
 * their concatenation is the unsplit value */
static void
check_split(const struct pcpsel_list *list, size_t want_instances)
{
	struct pcpsel_wire *wire = NULL;
	uint8_t flat[4096];
	struct pcpsel_buf frags[64];
	struct pcpsel_list *back = pcpsel_list_new();
	struct pcpsel_list *alone = pcpsel_list_new();
	size_t i, j, len, flat_len = 0, n, servers_alone = 0;

	ck_assert_int_eq(pcpsel_v4_encode(list, &wire), 0);
	n = pcpsel_wire_count(wire);
	ck_assert_uint_eq(n, want_instances);
	for (i = 0; i < n; i++) {
		const uint8_t *out = pcpsel_wire_get(wire, i, &len);

		ck_assert_uint_le(len, PCPSEL_V4_MAX_INSTANCE);
		ck_assert_uint_ge(len, 5);
		memcpy(flat + flat_len, out, len);
		flat_len += len;
		frags[i].data = out;
		frags[i].len = len;
		/* valid alone */
		pcpsel_list_clear(alone);
		ck_assert_int_eq(pcpsel_v4_decode(alone, &frags[i], 1, NULL),
		    0);
		servers_alone += pcpsel_list_count(alone);
	}
	ck_assert_uint_eq(servers_alone, pcpsel_list_count(list));
	/* the concatenation is the unsplit value */
	for (i = 0, len = 0; i < pcpsel_list_count(list); i++) {
		const struct pcpsel_addr *a = pcpsel_server_addrs(list, i);

		ck_assert_uint_eq(flat[len++],
		    4 * pcpsel_server_naddrs(list, i));
		for (j = 0; j < pcpsel_server_naddrs(list, i); j++) {
			ck_assert_mem_eq(flat + len, a[j].bytes + 12, 4);
			len += 4;
		}
	}
	ck_assert_uint_eq(len, flat_len);
	/* and decodes back as RFC 3396 fragments */
	ck_assert_int_eq(pcpsel_v4_decode(back, frags, n, NULL), 0);
	ck_assert(pcpsel_list_equal(back, list));
	pcpsel_wire_free(wire);
	pcpsel_list_free(back);
	pcpsel_list_free(alone);
}

static void
add_v4_server(struct pcpsel_list *list, size_t n, unsigned base)
{
	struct pcpsel_addr addrs[64];
	size_t i;

	for (i = 0; i < n; i++) {
		/* clang-format off */
		const uint8_t v4[4] = { 198, 51, (uint8_t)(base >> 8),
		    (uint8_t)(base + i) };
		/* clang-format on */

		pcpsel_addr_from_v4(&addrs[i], v4);
	}
	ck_assert_int_eq(pcpsel_list_add_server(list, V4, addrs, n), 0);
}

START_TEST(test_v4_encode_split_between_servers)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_wire *wire = NULL;
	size_t i, len;

	/* 51 x 5 = 255 fit one instance exactly */
	for (i = 0; i < 51; i++)
		add_v4_server(list, 1, (unsigned)(i << 8));
	check_split(list, 1);
	/* 60 x 5 = 300: 255 + 45 */
	for (; i < 60; i++)
		add_v4_server(list, 1, (unsigned)(i << 8));
	check_split(list, 2);
	ck_assert_int_eq(pcpsel_v4_encode(list, &wire), 0);
	pcpsel_wire_get(wire, 0, &len);
	ck_assert_uint_eq(len, 255);
	pcpsel_wire_get(wire, 1, &len);
	ck_assert_uint_eq(len, 45);
	pcpsel_wire_free(wire);
	pcpsel_list_clear(list);

	/* 63-address servers (253) never share an instance with another */
	add_v4_server(list, 63, 1 << 8);
	add_v4_server(list, 1, 2 << 8);
	add_v4_server(list, 63, 3 << 8);
	add_v4_server(list, 62, 4 << 8); /* 249 + 5 = 254 */
	add_v4_server(list, 1, 5 << 8);
	check_split(list, 4);
	pcpsel_list_free(list);
}
END_TEST

/* pcpsel_v4_encode_split: a carrier's smaller limit (Kea 2.2: 253) */
START_TEST(test_v4_encode_split_kea_limit)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_wire *wire = NULL;
	size_t len;

	/* 50 + 13 addresses: 201 + 53 = 254 bytes, one instance at 255 */
	add_v4_server(list, 50, 1 << 8);
	add_v4_server(list, 13, 2 << 8);
	ck_assert_int_eq(pcpsel_v4_encode_split(list, 255, &wire), 0);
	ck_assert_uint_eq(pcpsel_wire_count(wire), 1);
	pcpsel_wire_get(wire, 0, &len);
	ck_assert_uint_eq(len, 254);
	pcpsel_wire_free(wire);
	/* ... and two at 253, split between the servers */
	ck_assert_int_eq(pcpsel_v4_encode_split(list, 253, &wire), 0);
	ck_assert_uint_eq(pcpsel_wire_count(wire), 2);
	ck_assert_ptr_nonnull(pcpsel_wire_get(wire, 0, &len));
	ck_assert_uint_eq(len, 201);
	ck_assert_uint_eq(pcpsel_wire_get(wire, 0, &len)[0], 200);
	ck_assert_ptr_nonnull(pcpsel_wire_get(wire, 1, &len));
	ck_assert_uint_eq(len, 53);
	ck_assert_uint_eq(pcpsel_wire_get(wire, 1, &len)[0], 52);
	pcpsel_wire_free(wire);
	/* a limit that cannot hold a whole 63-address server is refused */
	wire = NULL;
	ck_assert_int_eq(pcpsel_v4_encode_split(list, 252, &wire), -EINVAL);
	ck_assert_int_eq(pcpsel_v4_encode_split(list, 256, &wire), -EINVAL);
	ck_assert_ptr_null(wire);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_v4_encode_limits)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_wire *wire = NULL;
	struct pcpsel_addr addrs[64];
	size_t i, len;
	const uint8_t *out;

	for (i = 0; i < 64; i++) {
		const uint8_t v4[4] = { 203, 0, 113, (uint8_t)(i + 1) };

		pcpsel_addr_from_v4(&addrs[i], v4);
	}
	/* 63 addresses: List-Length 252, one instance of 253 */
	ck_assert_int_eq(pcpsel_list_add_server(list, V4, addrs, 63), 0);
	ck_assert_int_eq(pcpsel_v4_encode(list, &wire), 0);
	out = pcpsel_wire_get(wire, 0, &len);
	ck_assert_uint_eq(len, 253);
	ck_assert_uint_eq(out[0], 252);
	pcpsel_wire_free(wire);
	/* 64 addresses: -E2BIG, *ret_wire untouched */
	pcpsel_list_clear(list);
	ck_assert_int_eq(pcpsel_list_add_server(list, V4, addrs, 64), 0);
	wire = (struct pcpsel_wire *)&wire;
	ck_assert_int_eq(pcpsel_v4_encode(list, &wire), -E2BIG);
	ck_assert_ptr_eq(wire, (struct pcpsel_wire *)&wire);
	pcpsel_list_free(list);
}
END_TEST

static const struct {
	const char *name;
	struct pcpsel_addr addr;
} encode_bad_rows[] = {
	{ "IPv6 address", PA6(ADDR6_2001_DB8_1__1) },
	{ "IPv4-compatible", PA6(ADDR6_COMPAT_192_0_2_1) },
	{ "loopback", PA4(ADDR4_127_0_0_1) },
	{ "multicast", PA4(ADDR4_224_0_0_1) },
	{ "0.0.0.0", PA4(ADDR4_0_0_0_0) },
	{ "broadcast", PA4(ADDR4_255_255_255_255) },
};

START_TEST(test_v4_encode_bad_address)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_wire *wire = NULL;
	struct pcpsel_addr addrs[2] = { PA4(ADDR4_192_0_2_1) };

	addrs[1] = encode_bad_rows[_i].addr;
	ck_assert_int_eq(pcpsel_list_add_server(list, V4, addrs, 1), 0);
	ck_assert_int_eq(pcpsel_list_add_server(list, V4, addrs + 1, 1), 0);
	ck_assert_msg(pcpsel_v4_encode(list, &wire) == -EINVAL, "%s",
	    encode_bad_rows[_i].name);
	ck_assert_ptr_null(wire);
	pcpsel_list_free(list);
}
END_TEST

/* an empty server cannot be made through the API: built by hand */
START_TEST(test_v4_encode_empty_server)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_wire *wire = NULL;

	add_v4_server(list, 1, 1 << 8);
	list->servers[0].naddrs = 0;
	ck_assert_int_eq(pcpsel_v4_encode(list, &wire), -EINVAL);
	list->servers[0].naddrs = 1;
	pcpsel_list_free(list);
}
END_TEST

/* ---- round trips ------------------------------------------------------ */

/* Encode, decode the fragments, compare; at most MAX_FRAGS fragments. */
static void
round_trip(const struct pcpsel_list *list)
{
	ck_assert_uint_le(tu_round_trip(list, pcpsel_v4_encode,
			      pcpsel_v4_decode),
	    MAX_FRAGS);
}

START_TEST(test_v4_round_trip_fixed)
{
	struct pcpsel_list *list;

	list = list_from_v4(d4_03 + 2, sizeof(d4_03) - 2);
	round_trip(list);
	pcpsel_list_free(list);
	list = list_from_v4(d4_15 + 2, sizeof(d4_15) - 2);
	round_trip(list);
	pcpsel_list_free(list);
	list = pcpsel_list_new();
	round_trip(list);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_v4_round_trip_random)
{
	uint32_t seed = 0x9e9e0158u;
	int round;

	for (round = 0; round < 200; round++) {
		struct pcpsel_list *list = pcpsel_list_new();
		size_t nservers = 1 + tu_next_rand(&seed) % 80, s;

		for (s = 0; s < nservers; s++) {
			struct pcpsel_addr addrs[63];
			size_t n = 1 + tu_next_rand(&seed) % 63, i;

			if (tu_next_rand(&seed) % 4 != 0)
				n = 1 + n % 4; /* mostly small servers */
			for (i = 0; i < n; i++) {
				struct pcpsel_addr a;
				uint8_t v4[4];

				do {
					uint32_t r = tu_next_rand(&seed);

					v4[0] = (uint8_t)(r >> 24);
					v4[1] = (uint8_t)(r >> 16);
					v4[2] = (uint8_t)(r >> 8);
					v4[3] = (uint8_t)r;
					pcpsel_addr_from_v4(&a, v4);
				} while (!pcpsel_addr_usable(&a));
				addrs[i] = a;
			}
			/* a (rare) repeated address: try another server */
			(void)pcpsel_list_add_server(list, V4, addrs, n);
		}
		ck_assert_uint_gt(pcpsel_list_count(list), 0);
		round_trip(list);
		pcpsel_list_free(list);
	}
}
END_TEST

Suite *
v4_suite(void)
{
	Suite *s = suite_create("v4");
	TCase *tc;

	tc = tcase_create("valid");
	tcase_add_loop_test(tc, test_v4_digest_vectors, 0, ROWS(vectors));
	tcase_add_loop_test(tc, test_v4_digest_vectors_append, 0,
	    ROWS(vectors));
	tcase_add_test(tc, test_v4_d4_17_max_single_list);
	tcase_add_test(tc, test_v4_d4_17_two_lists_split_255_251);
	tcase_add_test(tc, test_v4_split_at_every_offset);
	tcase_add_test(tc, test_v4_split_every_octet);
	tcase_add_test(tc, test_v4_split_after_list_length);
	tcase_add_loop_test(tc, test_v4_unaligned_offsets_0_to_7, 0, 8);
	tcase_add_test(tc, test_v4_big_dedupe);
	tcase_add_loop_test(tc, test_v4_dedupe_random_reference, 0, 6);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_loop_test(tc, test_v4_malformed_table, 0, ROWS(bad_rows));
	tcase_add_test(tc, test_v4_split_error_offset);
	tcase_add_test(tc, test_v4_invalid_arguments);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_v4_max_input_65535);
	tcase_add_test(tc, test_v4_more_than_65535_is_e2big);
	tcase_add_test(tc, test_v4_encode_limits);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);

	tc = tcase_create("encode");
	tcase_add_test(tc, test_v4_encode_exact_bytes);
	tcase_add_test(tc, test_v4_encode_empty_list);
	tcase_add_test(tc, test_v4_encode_split_between_servers);
	tcase_add_test(tc, test_v4_encode_split_kea_limit);
	tcase_add_loop_test(tc, test_v4_encode_bad_address, 0,
	    ROWS(encode_bad_rows));
	tcase_add_test(tc, test_v4_encode_empty_server);
	tcase_add_test(tc, test_v4_round_trip_fixed);
	tcase_add_test(tc, test_v4_round_trip_random);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}
