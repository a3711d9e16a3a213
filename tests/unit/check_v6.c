/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_v6.c - DHCPv6 option 86 (RFC 7291 §3): every digest vector
 * D6-01..D6-12 (doc/policy.md §9), instance handling (P-DHCP6-1..6),
 * limits, encoding and round trips
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
#define MAX_INSTS 8

/*
 * The vectors are written as in the digest: a DHCPv6 options area
 * (option-code, option-len, data ...).  collect_86() plays the DHCP client:
 * it hands each option-86 instance's data as one buffer.  It returns -1
 * when an option-len runs past the end of the area (P-DHCP6-3): the
 * library is given lengths by its caller, so that check is the caller's.
 */
static int
collect_86(const uint8_t *area, size_t len, struct pcpsel_buf *insts,
    size_t *ret_n)
{
	size_t i = 0, n = 0;

	while (i < len) {
		unsigned code, olen;

		if (len - i < 4)
			return -1;
		code = (unsigned)area[i] << 8 | area[i + 1];
		olen = (unsigned)area[i + 2] << 8 | area[i + 3];
		if (olen > len - i - 4)
			return -1;
		if (code == PCPSEL_DHCPV6_OPTION) {
			ck_assert_uint_lt(n, MAX_INSTS);
			insts[n].data = &area[i + 4];
			insts[n].len = olen;
			n++;
		}
		i += 4 + (size_t)olen;
	}
	*ret_n = n;
	return 0;
}

/* D6-01 */
/* clang-format off */
static const uint8_t d6_01[] = {
	0x00, 0x56, 0x00, 0x10,	/* option 86, option-len 16 */
	ADDR6_2001_DB8_1__1,
};
/* clang-format on */
/* D6-02: IPv6 + IPv4-mapped, same server */
/* clang-format off */
static const uint8_t d6_02[] = {
	0x00, 0x56, 0x00, 0x20,	/* option 86, option-len 32 */
	ADDR6_2001_DB8_1__1,
	V4MAPPED(ADDR4_192_0_2_1),
};
/* clang-format on */
/* D6-03: two instances */
/* clang-format off */
static const uint8_t d6_03[] = {
	0x00, 0x56, 0x00, 0x10,	/* option 86, option-len 16 */
	ADDR6_2001_DB8_1__1,
	0x00, 0x56, 0x00, 0x20,	/* option 86, option-len 32 */
	ADDR6_2001_DB8_2__1,
	ADDR6_2001_DB8_2__2,
};
/* clang-format on */
/* D6-04: option-len 0 */
/* clang-format off */
static const uint8_t d6_04[] = {
	0x00, 0x56, 0x00, 0x00,	/* option 86, option-len 0 */
};
/* clang-format on */
/* D6-05: option-len 20 */
/* clang-format off */
static const uint8_t d6_05[] = {
	0x00, 0x56, 0x00, 0x14,	/* option 86, option-len 20 */
	ADDR6_2001_DB8_1__1,
	0x00, 0x00, 0x00, 0x00,
};
/* clang-format on */
/* D6-06: declared 32, only 16 present */
/* clang-format off */
static const uint8_t d6_06[] = {
	0x00, 0x56, 0x00, 0x20,	/* option 86, option-len 32 */
	ADDR6_2001_DB8_1__1,
};
/* clang-format on */
/* D6-07: ff02::1, ::1, 2001:db8:1::1 */
/* clang-format off */
static const uint8_t d6_07[] = {
	0x00, 0x56, 0x00, 0x30,	/* option 86, option-len 48 */
	ADDR6_FF02__1,
	ADDR6_LOOPBACK,
	ADDR6_2001_DB8_1__1,
};
/* clang-format on */
/* D6-08: mapped loopback, mapped multicast, mapped valid */
/* clang-format off */
static const uint8_t d6_08[] = {
	0x00, 0x56, 0x00, 0x30,	/* option 86, option-len 48 */
	V4MAPPED(ADDR4_127_0_0_1),
	V4MAPPED(ADDR4_224_0_0_1),
	V4MAPPED(ADDR4_192_0_2_1),
};
/* clang-format on */
/* D6-09: unspecified + valid */
/* clang-format off */
static const uint8_t d6_09[] = {
	0x00, 0x56, 0x00, 0x20,	/* option 86, option-len 32 */
	ADDR6_UNSPEC,
	ADDR6_2001_DB8_1__1,
};
/* clang-format on */
/* D6-10: ::1:ffff:c000:201 is not IPv4-mapped */
/* clang-format off */
static const uint8_t d6_10[] = {
	0x00, 0x56, 0x00, 0x10,	/* option 86, option-len 16 */
	ADDR6_1_FFFF_C000_201,
};
/* clang-format on */
/* D6-11: link-local */
/* clang-format off */
static const uint8_t d6_11[] = {
	0x00, 0x56, 0x00, 0x10,	/* option 86, option-len 16 */
	ADDR6_FE80__1,
};
/* clang-format on */
/* D6-12: IPv4-compatible ::192.0.2.1 */
/* clang-format off */
static const uint8_t d6_12[] = {
	0x00, 0x56, 0x00, 0x10,	/* option 86, option-len 16 */
	ADDR6_COMPAT_192_0_2_1,
};
/* clang-format on */
/* D6-04 next to D6-01: the other instance is unaffected */
/* clang-format off */
static const uint8_t d6_04_with_01[] = {
	0x00, 0x56, 0x00, 0x00,	/* option 86, option-len 0 */
	0x00, 0x56, 0x00, 0x10,	/* option 86, option-len 16 */
	ADDR6_2001_DB8_1__1,
};
/* clang-format on */

/* clang-format off */
#define NONE { { 0 } }
static const struct v6_vector {
	const char *id;
	const uint8_t *area;
	size_t len;
	int rc;
	int reason;
	size_t offset, value, bad, filtered, duplicates, dropped;
	size_t nservers;
	size_t naddrs[2];
	struct pcpsel_addr addrs[2][2];
} vectors[] = {
	{ "D6-01", d6_01, sizeof(d6_01), 0, PCPSEL_OK, 0, 0, 0, 0, 0, 0,
	    1, { 1 }, { { PA6(ADDR6_2001_DB8_1__1) } } },
	{ "D6-02", d6_02, sizeof(d6_02), 0, PCPSEL_OK, 0, 0, 0, 0, 0, 0,
	    1, { 2 }, { { PA6(ADDR6_2001_DB8_1__1), PA4(ADDR4_192_0_2_1) } } },
	{ "D6-03", d6_03, sizeof(d6_03), 0, PCPSEL_OK, 0, 0, 0, 0, 0, 0,
	    2, { 1, 2 }, { { PA6(ADDR6_2001_DB8_1__1) },
	    { PA6(ADDR6_2001_DB8_2__1), PA6(ADDR6_2001_DB8_2__2) } } },
	{ "D6-04", d6_04, sizeof(d6_04), -EBADMSG, PCPSEL_BAD_V6_EMPTY, 0, 0,
	    1, 0, 0, 0, 0, { 0 }, { { NONE } } },
	{ "D6-04+D6-01", d6_04_with_01, sizeof(d6_04_with_01), 0,
	    PCPSEL_BAD_V6_EMPTY, 0, 0, 1, 0, 0, 0,
	    1, { 1 }, { { PA6(ADDR6_2001_DB8_1__1) } } },
	{ "D6-05", d6_05, sizeof(d6_05), -EBADMSG, PCPSEL_BAD_V6_NOT_16, 0,
	    20, 1, 0, 0, 0, 0, { 0 }, { { NONE } } },
	{ "D6-07", d6_07, sizeof(d6_07), 0, PCPSEL_OK, 0, 0, 0, 2, 0, 0,
	    1, { 1 }, { { PA6(ADDR6_2001_DB8_1__1) } } },
	{ "D6-08", d6_08, sizeof(d6_08), 0, PCPSEL_OK, 0, 0, 0, 2, 0, 0,
	    1, { 1 }, { { PA4(ADDR4_192_0_2_1) } } },
	{ "D6-09", d6_09, sizeof(d6_09), 0, PCPSEL_OK, 0, 0, 0, 1, 0, 0,
	    1, { 1 }, { { PA6(ADDR6_2001_DB8_1__1) } } },
	{ "D6-10", d6_10, sizeof(d6_10), 0, PCPSEL_OK, 0, 0, 0, 0, 0, 0,
	    1, { 1 }, { { PA6(ADDR6_1_FFFF_C000_201) } } },
	{ "D6-11", d6_11, sizeof(d6_11), 0, PCPSEL_OK, 0, 0, 0, 0, 0, 0,
	    1, { 1 }, { { PA6(ADDR6_FE80__1) } } },
	{ "D6-12", d6_12, sizeof(d6_12), 0, PCPSEL_OK, 0, 0, 0, 1, 0, 1,
	    0, { 0 }, { { NONE } } },
};
/* clang-format on */

static void
assert_vector_result(const struct v6_vector *v, const struct pcpsel_list *list,
    size_t first)
{
	size_t s;

	ck_assert_msg(pcpsel_list_count(list) == first + v->nservers,
	    "%s: %zu servers", v->id, pcpsel_list_count(list) - first);
	for (s = 0; s < v->nservers; s++)
		tu_assert_server(list, first + s, V6, v->addrs[s],
		    v->naddrs[s], v->id, s);
}

START_TEST(test_v6_digest_vectors)
{
	const struct v6_vector *v = &vectors[_i];
	struct pcpsel_buf insts[MAX_INSTS];
	struct pcpsel_decode_info info;
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_list *copy = pcpsel_list_new();
	static const struct pcpsel_addr old = PA4(ADDR4_10_0_0_1);
	size_t n;

	ck_assert_int_eq(collect_86(v->area, v->len, insts, &n), 0);
	memset(&info, 0xee, sizeof(info));
	ck_assert_msg(pcpsel_v6_decode(list, insts, n, &info) == v->rc,
	    "%s rc", v->id);
	tu_assert_info(&info, v->id, v->reason, v->offset, v->value, v->bad,
	    v->filtered, v->duplicates, v->dropped);
	assert_vector_result(v, list, 0);

	/* appended after what the list held; unchanged on -EBADMSG */
	pcpsel_list_clear(list);
	ck_assert_int_eq(pcpsel_list_add_server(list, V4, &old, 1), 0);
	ck_assert_int_eq(pcpsel_list_add_server(copy, V4, &old, 1), 0);
	ck_assert_int_eq(pcpsel_v6_decode(list, insts, n, NULL), v->rc);
	if (v->rc != 0)
		ck_assert(pcpsel_list_equal(list, copy));
	assert_vector_result(v, list, 1);
	pcpsel_list_free(list);
	pcpsel_list_free(copy);
}
END_TEST

/* D6-02, D6-08: a mapped address is an IPv4 server address (R7291-7) */
START_TEST(test_v6_mapped_is_v4)
{
	struct pcpsel_buf insts[MAX_INSTS];
	struct pcpsel_list *list = pcpsel_list_new();
	size_t n;

	ck_assert_int_eq(collect_86(d6_02, sizeof(d6_02), insts, &n), 0);
	ck_assert_int_eq(pcpsel_v6_decode(list, insts, n, NULL), 0);
	ck_assert_int_eq(pcpsel_addr_is_v4(&pcpsel_server_addrs(list, 0)[0]),
	    0);
	ck_assert_int_eq(pcpsel_addr_is_v4(&pcpsel_server_addrs(list, 0)[1]),
	    1);
	pcpsel_list_clear(list);
	/* D6-10: not mapped (P-DHCP6-5) */
	ck_assert_int_eq(collect_86(d6_10, sizeof(d6_10), insts, &n), 0);
	ck_assert_int_eq(pcpsel_v6_decode(list, insts, n, NULL), 0);
	ck_assert_int_eq(pcpsel_addr_is_v4(&pcpsel_server_addrs(list, 0)[0]),
	    0);
	pcpsel_list_free(list);
}
END_TEST

/* D6-06: the declared option-len runs past the message.  The API takes
 * (data, len) pairs, so a truncated instance cannot be handed to it: the
 * caller's framing must refuse it, as collect_86() does (P-DHCP6-3).  What
 * the library can do is shown: the bytes that are present, given with
 * their true length, form a well-formed instance, and a caller that
 * dropped the broken instance hands 0 instances, which is not an error. */
START_TEST(test_v6_d6_06_truncated)
{
	struct pcpsel_buf insts[MAX_INSTS];
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_decode_info info;
	size_t n = 99;

	ck_assert_int_eq(collect_86(d6_06, sizeof(d6_06), insts, &n), -1);
	ck_assert_uint_eq(n, 99);
	ck_assert_int_eq(pcpsel_v6_decode(list, NULL, 0, &info), 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 0);
	ck_assert_uint_eq(info.bad_instances, 0);
	ck_assert_int_eq(pcpsel_v6_check(d6_06 + 4, sizeof(d6_06) - 4),
	    PCPSEL_OK);
	pcpsel_list_free(list);
}
END_TEST

/* ---- instances (P-DHCP6-1, -2, -6) ------------------------------------ */

static const uint8_t inst_a[] = { ADDR6_2001_DB8_1__1, ADDR6_2001_DB8_2__1 };
static const uint8_t inst_b[] = { ADDR6_2001_DB8_2__1, ADDR6_2001_DB8_2__2 };
static const uint8_t inst_c[] = { ADDR6_2001_DB8_1__1 };
static const uint8_t inst_bad[20] = { ADDR6_2001_DB8__1 };

START_TEST(test_v6_mixed_good_and_bad)
{
	struct pcpsel_buf insts[] = {
		{ NULL, 0 }, /* bad: empty */
		{ inst_a, sizeof(inst_a) },
		{ inst_bad, sizeof(inst_bad) }, /* bad: 20 */
		{ inst_b, sizeof(inst_b) }, { inst_bad, 17 }, /* bad: 17 */
	};
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_decode_info info;
	const struct pcpsel_addr *got;

	ck_assert_int_eq(pcpsel_v6_decode(list, insts, 5, &info), 0);
	/* first skipped instance: index 0, length 0 */
	tu_assert_info(&info, "mixed", PCPSEL_BAD_V6_EMPTY, 0, 0, 3, 0, 1, 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 2);
	/* cross-instance duplicate 2001:db8:2::1 removed from the second */
	ck_assert_uint_eq(pcpsel_server_naddrs(list, 0), 2);
	ck_assert_uint_eq(pcpsel_server_naddrs(list, 1), 1);
	got = pcpsel_server_addrs(list, 1);
	ck_assert_mem_eq(got[0].bytes, inst_b + 16, 16);
	pcpsel_list_clear(list);

	/* first bad instance in the middle */
	ck_assert_int_eq(pcpsel_v6_decode(list, insts + 1, 2, &info), 0);
	tu_assert_info(&info, "middle", PCPSEL_BAD_V6_NOT_16, 1, 20, 1, 0, 0,
	    0);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_v6_all_bad_is_ebadmsg)
{
	struct pcpsel_buf insts[] = {
		{ inst_bad, sizeof(inst_bad) },
		{ NULL, 0 },
		{ inst_bad, 15 },
	};
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_list *copy = pcpsel_list_new();
	struct pcpsel_decode_info info;
	static const struct pcpsel_addr old = PA6(ADDR6_2001_DB8_1__1);

	ck_assert_int_eq(pcpsel_list_add_server(list, V6, &old, 1), 0);
	ck_assert_int_eq(pcpsel_list_add_server(copy, V6, &old, 1), 0);
	ck_assert_int_eq(pcpsel_v6_decode(list, insts, 3, &info), -EBADMSG);
	tu_assert_info(&info, "all bad", PCPSEL_BAD_V6_NOT_16, 0, 20, 3, 0, 0,
	    0);
	ck_assert(pcpsel_list_equal(list, copy));
	/* n == 0 is not an error */
	ck_assert_int_eq(pcpsel_v6_decode(list, NULL, 0, &info), 0);
	ck_assert(pcpsel_list_equal(list, copy));
	pcpsel_list_free(list);
	pcpsel_list_free(copy);
}
END_TEST

START_TEST(test_v6_cross_instance_dedupe)
{
	struct pcpsel_buf insts[] = {
		{ inst_a, sizeof(inst_a) },
		{ inst_c, sizeof(inst_c) }, /* all duplicates: dropped */
		{ inst_b, sizeof(inst_b) },
		{ inst_a, sizeof(inst_a) }, /* dropped */
	};
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_decode_info info;

	ck_assert_int_eq(pcpsel_v6_decode(list, insts, 4, &info), 0);
	tu_assert_info(&info, "dedupe", PCPSEL_OK, 0, 0, 0, 0, 4, 2);
	ck_assert_uint_eq(pcpsel_list_count(list), 2);
	ck_assert_mem_eq(pcpsel_server_addrs(list, 0)[1].bytes, inst_a + 16,
	    16);
	ck_assert_mem_eq(pcpsel_server_addrs(list, 1)[0].bytes, inst_b + 16,
	    16);
	/* against what the list already holds (e.g. a DHCPv4 decode) */
	ck_assert_int_eq(pcpsel_v6_decode(list, insts + 1, 1, &info), 0);
	ck_assert_uint_eq(info.duplicates, 1);
	ck_assert_uint_eq(info.dropped_servers, 1);
	ck_assert_uint_eq(pcpsel_list_count(list), 2);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_v6_unaligned_offsets_0_to_7)
{
	uint8_t storage[32 + 8];
	struct pcpsel_buf inst;
	struct pcpsel_list *list = pcpsel_list_new();

	memset(storage, 0xa5, sizeof(storage));
	memcpy(storage + _i, d6_02 + 4, 32);
	inst.data = storage + _i;
	inst.len = 32;
	ck_assert_int_eq(pcpsel_v6_decode(list, &inst, 1, NULL), 0);
	assert_vector_result(&vectors[1], list, 0);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_v6_check)
{
	static const uint8_t d[32];

	ck_assert_int_eq(pcpsel_v6_check(d, 16), PCPSEL_OK);
	ck_assert_int_eq(pcpsel_v6_check(d, 32), PCPSEL_OK);
	ck_assert_int_eq(pcpsel_v6_check(d, 0), PCPSEL_BAD_V6_EMPTY);
	ck_assert_int_eq(pcpsel_v6_check(NULL, 0), PCPSEL_BAD_V6_EMPTY);
	ck_assert_int_eq(pcpsel_v6_check(d, 15), PCPSEL_BAD_V6_NOT_16);
	ck_assert_int_eq(pcpsel_v6_check(d, 20), PCPSEL_BAD_V6_NOT_16);
	ck_assert_int_eq(pcpsel_v6_check(d, 65536), PCPSEL_BAD_TOO_LONG);
	ck_assert_int_eq(pcpsel_v6_check(NULL, 16), -EINVAL);
}
END_TEST

START_TEST(test_v6_invalid_arguments)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_buf inst = { inst_c, sizeof(inst_c) };
	struct pcpsel_buf null_data = { NULL, 16 };

	ck_assert_int_eq(pcpsel_v6_decode(NULL, &inst, 1, NULL), -EINVAL);
	ck_assert_int_eq(pcpsel_v6_decode(list, NULL, 1, NULL), -EINVAL);
	ck_assert_int_eq(pcpsel_v6_decode(list, &null_data, 1, NULL), -EINVAL);
	ck_assert_uint_eq(pcpsel_list_count(list), 0);
	pcpsel_list_free(list);
}
END_TEST

/* ---- limits ------------------------------------------------------------ */

static uint8_t *
distinct_addrs(size_t n, uint8_t tag)
{
	uint8_t *data = malloc(16 * n + 1);
	size_t i;

	ck_assert_ptr_nonnull(data);
	for (i = 0; i < n; i++) {
		static const uint8_t base[16] = { ADDR6_2001_DB8__1 };

		memcpy(data + 16 * i, base, 16);
		data[16 * i + 11] = tag;
		data[16 * i + 14] = (uint8_t)(i >> 8);
		data[16 * i + 15] = (uint8_t)i;
	}
	return data;
}

START_TEST(test_v6_max_instance_4095)
{
	uint8_t *data = distinct_addrs(PCPSEL_V6_MAX_ADDRS + 1, 0);
	struct pcpsel_buf inst = { data, 16 * PCPSEL_V6_MAX_ADDRS };
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_decode_info info;
	const struct pcpsel_addr *got;
	size_t i;

	ck_assert_uint_eq(inst.len, 65520);
	ck_assert_int_eq(pcpsel_v6_decode(list, &inst, 1, &info), 0);
	ck_assert_uint_eq(info.duplicates, 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 1);
	ck_assert_uint_eq(pcpsel_server_naddrs(list, 0), PCPSEL_V6_MAX_ADDRS);
	got = pcpsel_server_addrs(list, 0);
	for (i = 0; i < PCPSEL_V6_MAX_ADDRS; i++)
		ck_assert_mem_eq(got[i].bytes, data + 16 * i, 16);
	/* the same instance again: every address a duplicate */
	ck_assert_int_eq(pcpsel_v6_decode(list, &inst, 1, &info), 0);
	ck_assert_uint_eq(info.duplicates, PCPSEL_V6_MAX_ADDRS);
	ck_assert_uint_eq(info.dropped_servers, 1);
	ck_assert_uint_eq(pcpsel_list_count(list), 1);
	/* 65536 octets: -E2BIG, the list unchanged */
	inst.len = 65536;
	ck_assert_int_eq(pcpsel_v6_decode(list, &inst, 1, &info), -E2BIG);
	ck_assert_uint_eq(pcpsel_list_count(list), 1);
	ck_assert_int_eq(pcpsel_v6_check(data, 65536), PCPSEL_BAD_TOO_LONG);
	free(data);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_v6_hundred_instances)
{
	struct pcpsel_buf insts[100];
	uint8_t *data[100];
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_decode_info info;
	size_t i;

	for (i = 0; i < 100; i++) {
		data[i] = distinct_addrs(1 + i % 7, (uint8_t)i);
		insts[i].data = data[i];
		insts[i].len = 16 * (1 + i % 7);
	}
	ck_assert_int_eq(pcpsel_v6_decode(list, insts, 100, &info), 0);
	tu_assert_info(&info, "100", 0, 0, 0, 0, 0, 0, 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 100);
	for (i = 0; i < 100; i++) {
		ck_assert_uint_eq(pcpsel_server_naddrs(list, i), 1 + i % 7);
		ck_assert_uint_eq(pcpsel_server_addrs(list, i)[0].bytes[11],
		    (uint8_t)i);
		ck_assert_uint_eq(pcpsel_server_origin(list, i), V6);
	}
	for (i = 0; i < 100; i++)
		free(data[i]);
	/* 100 instances of the same 50 addresses: one server (sorted path) */
	pcpsel_list_clear(list);
	data[0] = distinct_addrs(50, 200);
	for (i = 0; i < 100; i++) {
		insts[i].data = data[0];
		insts[i].len = 16 * 50;
	}
	ck_assert_int_eq(pcpsel_v6_decode(list, insts, 100, &info), 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 1);
	ck_assert_uint_eq(pcpsel_server_naddrs(list, 0), 50);
	ck_assert_uint_eq(info.duplicates, 99 * 50);
	ck_assert_uint_eq(info.dropped_servers, 99);
	free(data[0]);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_v6_big_dedupe_many_instances)
{
	uint8_t *data = distinct_addrs(50, 7);
	struct pcpsel_buf insts[200];
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_decode_info info;
	size_t i;

	/* instance i: addresses i % 50 .. 49 */
	for (i = 0; i < 200; i++) {
		insts[i].data = data + 16 * (i % 50);
		insts[i].len = 16 * (50 - i % 50);
	}
	ck_assert_int_eq(pcpsel_v6_decode(list, insts, 200, &info), 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 1);
	ck_assert_uint_eq(pcpsel_server_naddrs(list, 0), 50);
	ck_assert_uint_eq(info.dropped_servers, 199);
	ck_assert_uint_eq(info.duplicates, 4 * (50 * 51 / 2) - 50);
	free(data);
	pcpsel_list_free(list);
}
END_TEST

/* ---- encode ------------------------------------------------------------ */

START_TEST(test_v6_encode_exact_bytes)
{
	struct pcpsel_buf insts[MAX_INSTS];
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_wire *wire = NULL;
	const uint8_t *out;
	size_t n, len;

	/* D6-03: one instance per server (R7291-4) */
	ck_assert_int_eq(collect_86(d6_03, sizeof(d6_03), insts, &n), 0);
	ck_assert_int_eq(pcpsel_v6_decode(list, insts, n, NULL), 0);
	ck_assert_int_eq(pcpsel_v6_encode(list, &wire), 0);
	ck_assert_uint_eq(pcpsel_wire_count(wire), 2);
	out = pcpsel_wire_get(wire, 0, &len);
	ck_assert_uint_eq(len, 16);
	ck_assert_mem_eq(out, d6_03 + 4, 16);
	out = pcpsel_wire_get(wire, 1, &len);
	ck_assert_uint_eq(len, 32);
	ck_assert_mem_eq(out, d6_03 + 24, 32);
	ck_assert_ptr_null(pcpsel_wire_get(wire, 2, &len));
	pcpsel_wire_free(wire);
	pcpsel_list_free(list);
}
END_TEST

/* R7291-3: IPv4 addresses go out IPv4-mapped (e.g. a DHCPv4 list) */
START_TEST(test_v6_encode_v4_as_mapped)
{
	/* clang-format off */
	static const uint8_t v4data[] = {
		0x04, ADDR4_192_0_2_1,		/* List-Length 4 */
	};
	/* clang-format on */
	static const uint8_t want[] = { V4MAPPED(ADDR4_192_0_2_1) };
	struct pcpsel_buf b = { v4data, sizeof(v4data) };
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_wire *wire = NULL;
	const uint8_t *out;
	size_t len;

	ck_assert_int_eq(pcpsel_v4_decode(list, &b, 1, NULL), 0);
	ck_assert_int_eq(pcpsel_v6_encode(list, &wire), 0);
	ck_assert_uint_eq(pcpsel_wire_count(wire), 1);
	out = pcpsel_wire_get(wire, 0, &len);
	ck_assert_uint_eq(len, 16);
	ck_assert_mem_eq(out, want, 16);
	pcpsel_wire_free(wire);
	/* empty list: no instance */
	pcpsel_list_clear(list);
	ck_assert_int_eq(pcpsel_v6_encode(list, &wire), 0);
	ck_assert_uint_eq(pcpsel_wire_count(wire), 0);
	pcpsel_wire_free(wire);
	ck_assert_int_eq(pcpsel_v6_encode(NULL, &wire), -EINVAL);
	ck_assert_int_eq(pcpsel_v6_encode(list, NULL), -EINVAL);
	pcpsel_list_free(list);
}
END_TEST

static const struct {
	const char *name;
	struct pcpsel_addr addr;
} encode_bad_rows[] = {
	{ "::", PA6(ADDR6_UNSPEC) },
	{ "::1", PA6(ADDR6_LOOPBACK) },
	{ "ff02::1", PA6(ADDR6_FF02__1) },
	{ "::192.0.2.1", PA6(ADDR6_COMPAT_192_0_2_1) },
	{ "::ffff:127.0.0.1", PA4(ADDR4_127_0_0_1) },
	{ "::ffff:224.0.0.1", PA4(ADDR4_224_0_0_1) },
};

START_TEST(test_v6_encode_unusable_address)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_wire *wire = NULL;
	struct pcpsel_addr addrs[2] = { PA6(ADDR6_2001_DB8_1__1) };

	addrs[1] = encode_bad_rows[_i].addr;
	ck_assert_int_eq(pcpsel_list_add_server(list, V6, addrs, 2), 0);
	ck_assert_msg(pcpsel_v6_encode(list, &wire) == -EINVAL, "%s",
	    encode_bad_rows[_i].name);
	ck_assert_ptr_null(wire);
	pcpsel_list_free(list);
}
END_TEST

/* more than 4095 addresses cannot be added through the API: the encoder's
 * own check is exercised on a hand-made server */
START_TEST(test_v6_encode_too_many_addresses)
{
	uint8_t *data = distinct_addrs(PCPSEL_V6_MAX_ADDRS, 1);
	struct pcpsel_buf inst = { data, 16 * PCPSEL_V6_MAX_ADDRS };
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_wire *wire = NULL;
	const uint8_t *out;
	size_t len;

	ck_assert_int_eq(pcpsel_v6_decode(list, &inst, 1, NULL), 0);
	ck_assert_int_eq(pcpsel_v6_encode(list, &wire), 0);
	out = pcpsel_wire_get(wire, 0, &len);
	ck_assert_uint_eq(len, 65520);
	ck_assert_mem_eq(out, data, len);
	pcpsel_wire_free(wire);
	wire = NULL;
	list->servers[0].naddrs = PCPSEL_V6_MAX_ADDRS + 1; /* pretend */
	ck_assert_int_eq(pcpsel_v6_encode(list, &wire), -E2BIG);
	ck_assert_ptr_null(wire);
	list->servers[0].naddrs = PCPSEL_V6_MAX_ADDRS;
	free(data);
	pcpsel_list_free(list);
}
END_TEST

/* ---- round trips ------------------------------------------------------- */

/* Encode, decode the instances, compare; one instance per server. */
static void
round_trip(const struct pcpsel_list *list)
{
	ck_assert_uint_eq(tu_round_trip(list, pcpsel_v6_encode,
			      pcpsel_v6_decode),
	    pcpsel_list_count(list));
}

START_TEST(test_v6_round_trip_fixed)
{
	struct pcpsel_buf insts[MAX_INSTS];
	struct pcpsel_list *list = pcpsel_list_new();
	size_t n;

	ck_assert_int_eq(collect_86(d6_03, sizeof(d6_03), insts, &n), 0);
	ck_assert_int_eq(pcpsel_v6_decode(list, insts, n, NULL), 0);
	ck_assert_int_eq(collect_86(d6_02, sizeof(d6_02), insts, &n), 0);
	ck_assert_int_eq(pcpsel_v6_decode(list, insts, n, NULL), 0);
	/* D6-02 after D6-03: 2001:db8:1::1 is a duplicate, so the third
	 * server is [192.0.2.1] */
	ck_assert_uint_eq(pcpsel_list_count(list), 3);
	ck_assert_uint_eq(pcpsel_server_naddrs(list, 2), 1);
	round_trip(list);
	pcpsel_list_free(list);
}
END_TEST

/*
 * Duplicates and the filter against a plain reference (P-DHCP6-4/6: the
 * first occurrence wins, also against what the list already holds), on
 * random inputs large enough for the sorted path: addresses that differ in
 * few bytes (the library packs them into one number per address) and in
 * many (it sorts whole addresses), with and without servers held before.
 */
#define DD_MAX 4000

static int
dd_addr_eq(const struct pcpsel_addr *a, const struct pcpsel_addr *b)
{
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

START_TEST(test_v6_dedupe_random_reference)
{
	uint32_t seed = 0x86d0d0e5u + (uint32_t)_i;
	static uint8_t data[DD_MAX * 16];
	static struct pcpsel_addr want[DD_MAX + 64], held[64];
	struct pcpsel_buf bufs[40];
	int round;

	for (round = 0; round < 40; round++) {
		struct pcpsel_list *list = pcpsel_list_new();
		struct pcpsel_decode_info info;
		size_t ninst = 1 + tu_next_rand(&seed) % 40, nheld = 0;
		size_t per[40], total = 0, nwant = 0, i, j, k, s, dups = 0;
		size_t filt = 0, nserv = 0;
		/* 0: one differing byte, 1: many (whole addresses sorted),
		 * 2: five adjacent ones (8-byte numbers); from _i 3 on more
		 * than 1024 addresses (another sort of the numbers) */
		int wide = _i % 3;
		size_t big = _i >= 3 ? 100 : 15;

		if (tu_next_rand(&seed) % 2 == 0) {
			nheld = 1 + tu_next_rand(&seed) % 64;
			for (i = 0; i < nheld; i++) {
				memset(held[i].bytes, 0, 16);
				held[i].bytes[0] = 0x20;
				held[i].bytes[1] = 0x01;
				held[i].bytes[2] = 0x0d;
				held[i].bytes[3] = 0xb8;
				held[i].bytes[15] = (uint8_t)(i * 3 + 1);
			}
			ck_assert_int_eq(pcpsel_list_add_server(list, V6, held,
					     nheld),
			    0);
		}
		for (s = 0; s < ninst; s++) {
			per[s] = 1 + tu_next_rand(&seed) % big;
			bufs[s].data = data + 16 * total;
			bufs[s].len = 16 * per[s];
			total += per[s];
		}
		for (k = 0; k < total; k++) {
			uint8_t *b = data + 16 * k;
			uint32_t r = tu_next_rand(&seed);

			memset(b, 0, 16);
			b[0] = 0x20;
			b[1] = 0x01;
			b[2] = 0x0d;
			b[3] = 0xb8;
			/* a small pool: many repeats */
			b[15] = (uint8_t)(1 + r % 200);
			if (wide == 1) {
				for (j = 4; j < 15; j++)
					b[j] = (uint8_t)(r >> (j % 3)) & 1;
			} else if (wide == 2) {
				for (j = 11; j < 15; j++)
					b[j] = (uint8_t)(r >> (j % 5)) & 1;
			}
			if (r % 53 == 0)
				memset(b, 0, 16); /* :: is filtered */
		}
		/* the reference: every instance one server, in order */
		for (s = 0, k = 0; s < ninst; s++) {
			size_t kept = 0;

			for (i = 0; i < per[s]; i++, k++) {
				struct pcpsel_addr a;
				int dup = 0;

				memcpy(a.bytes, data + 16 * k, 16);
				if (!pcpsel_addr_usable(&a)) {
					filt++;
					continue;
				}
				for (j = 0; j < nheld && !dup; j++)
					dup = dd_addr_eq(&a, &held[j]);
				for (j = 0; j < nwant && !dup; j++)
					dup = dd_addr_eq(&a, &want[j]);
				if (dup) {
					dups++;
					continue;
				}
				want[nwant++] = a;
				kept++;
			}
			nserv += kept > 0;
		}
		ck_assert_int_eq(pcpsel_v6_decode(list, bufs, ninst, &info),
		    0);
		ck_assert_uint_eq(info.filtered, filt);
		ck_assert_uint_eq(info.duplicates, dups);
		ck_assert_uint_eq(pcpsel_list_count(list),
		    (nheld > 0) + nserv);
		for (s = nheld > 0, k = 0; s < pcpsel_list_count(list); s++) {
			const struct pcpsel_addr *got =
			    pcpsel_server_addrs(list, s);

			for (i = 0; i < pcpsel_server_naddrs(list, s);
			     i++, k++)
				ck_assert(dd_addr_eq(&got[i], &want[k]));
		}
		ck_assert_uint_eq(k, nwant);
		pcpsel_list_free(list);
	}
}
END_TEST

START_TEST(test_v6_round_trip_random)
{
	uint32_t seed = 0x0086dbb8u;
	int round;

	for (round = 0; round < 200; round++) {
		struct pcpsel_list *list = pcpsel_list_new();
		size_t nservers = 1 + tu_next_rand(&seed) % 40, s;

		for (s = 0; s < nservers; s++) {
			struct pcpsel_addr addrs[40];
			size_t n = 1 + tu_next_rand(&seed) % 40, i;

			for (i = 0; i < n; i++) {
				struct pcpsel_addr a;
				size_t b;

				do {
					for (b = 0; b < 16; b += 4) {
						uint32_t r;

						r = tu_next_rand(&seed);
						memcpy(a.bytes + b, &r, 4);
					}
					/* a third IPv4-mapped */
					if (tu_next_rand(&seed) % 3 == 0) {
						memset(a.bytes, 0, 10);
						a.bytes[10] = 0xff;
						a.bytes[11] = 0xff;
					}
				} while (!pcpsel_addr_usable(&a));
				addrs[i] = a;
			}
			ck_assert_int_eq(pcpsel_list_add_server(list, V6,
					     addrs, n),
			    0);
		}
		round_trip(list);
		pcpsel_list_free(list);
	}
}
END_TEST

Suite *
v6_suite(void)
{
	Suite *s = suite_create("v6");
	TCase *tc;

	tc = tcase_create("valid");
	tcase_add_loop_test(tc, test_v6_digest_vectors, 0, ROWS(vectors));
	tcase_add_test(tc, test_v6_mapped_is_v4);
	tcase_add_test(tc, test_v6_cross_instance_dedupe);
	tcase_add_loop_test(tc, test_v6_unaligned_offsets_0_to_7, 0, 8);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_test(tc, test_v6_d6_06_truncated);
	tcase_add_test(tc, test_v6_mixed_good_and_bad);
	tcase_add_test(tc, test_v6_all_bad_is_ebadmsg);
	tcase_add_test(tc, test_v6_check);
	tcase_add_test(tc, test_v6_invalid_arguments);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_v6_max_instance_4095);
	tcase_add_test(tc, test_v6_hundred_instances);
	tcase_add_test(tc, test_v6_big_dedupe_many_instances);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);

	tc = tcase_create("encode");
	tcase_add_test(tc, test_v6_encode_exact_bytes);
	tcase_add_test(tc, test_v6_encode_v4_as_mapped);
	tcase_add_loop_test(tc, test_v6_encode_unusable_address, 0,
	    ROWS(encode_bad_rows));
	tcase_add_test(tc, test_v6_encode_too_many_addresses);
	tcase_add_test(tc, test_v6_round_trip_fixed);
	tcase_add_test(tc, test_v6_round_trip_random);
	tcase_add_loop_test(tc, test_v6_dedupe_random_reference, 0, 6);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}
