/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_addr.c - addresses: IPv4-mapped form, text in and out (RFC 4291
 * §2.2, RFC 5952), the address policy (R7291-8/15, P-DHCP4-3, P-DHCP6-4/5)
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "pcpsel.h"
#include "check_suites.h"
#include "fixtures.h"
#include "testutil.h"

/* ---- is_v4 / from_v4 -------------------------------------------------- */

START_TEST(test_addr_from_v4_is_mapped)
{
	static const uint8_t v4[4] = { ADDR4_192_0_2_1 };
	static const uint8_t want[16] = { V4MAPPED(ADDR4_192_0_2_1) };
	struct pcpsel_addr a;

	memset(&a, 0xaa, sizeof(a));
	pcpsel_addr_from_v4(&a, v4);
	ck_assert_mem_eq(a.bytes, want, 16);
	ck_assert_int_eq(pcpsel_addr_is_v4(&a), 1);
}
END_TEST

static const struct {
	struct pcpsel_addr addr;
	int is_v4;
} is_v4_rows[] = {
	{ PA4(ADDR4_192_0_2_1), 1 },
	{ PA4(ADDR4_0_0_0_0), 1 },
	{ PA6(ADDR6_2001_DB8_1__1), 0 },
	{ PA6(ADDR6_UNSPEC), 0 },
	{ PA6(ADDR6_COMPAT_192_0_2_1), 0 },
	/* P-DHCP6-5: all 96 bits, D6-10 */
	{ PA6(ADDR6_1_FFFF_C000_201), 0 },
	{ { { 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4 } }, 0 },
	{ { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 1, 2, 3, 4 } }, 0 },
	{ { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0xff, 1, 2, 3, 4 } }, 0 },
};

START_TEST(test_addr_is_v4_96_bits)
{
	ck_assert_msg(pcpsel_addr_is_v4(&is_v4_rows[_i].addr) ==
		is_v4_rows[_i].is_v4,
	    "row %d", _i);
}
END_TEST

/* ---- from_string ------------------------------------------------------ */

static const struct {
	const char *text;
	struct pcpsel_addr addr;
} parse_rows[] = {
	{ "192.0.2.1", PA4(ADDR4_192_0_2_1) },
	{ "0.0.0.0", PA4(ADDR4_0_0_0_0) },
	{ "255.255.255.255", PA4(ADDR4_255_255_255_255) },
	{ "2001:db8:1::1", PA6(ADDR6_2001_DB8_1__1) },
	{ "2001:DB8:1:0:0:0:0:1", PA6(ADDR6_2001_DB8_1__1) },
	{ "2001:0db8:0001:0000:0000:0000:0000:0001",
	    PA6(ADDR6_2001_DB8_1__1) },
	{ "::", PA6(ADDR6_UNSPEC) },
	{ "::1", PA6(ADDR6_LOOPBACK) },
	{ "0:0:0:0:0:0:0:1", PA6(ADDR6_LOOPBACK) },
	{ "ff02::1", PA6(ADDR6_FF02__1) },
	{ "fe80::1", PA6(ADDR6_FE80__1) },
	/* RFC 4291 §2.2 (3) mixed forms; ::ffff: is the IPv4 address */
	{ "::ffff:192.0.2.1", PA4(ADDR4_192_0_2_1) },
	{ "::FFFF:c000:201", PA4(ADDR4_192_0_2_1) },
	{ "0:0:0:0:0:ffff:192.0.2.1", PA4(ADDR4_192_0_2_1) },
	{ "::192.0.2.1", PA6(ADDR6_COMPAT_192_0_2_1) },
	{ "::1:ffff:c000:201", PA6(ADDR6_1_FFFF_C000_201) },
	{ "::1:ffff:192.0.2.1", PA6(ADDR6_1_FFFF_C000_201) },
	{ "2001:db8::", { { 0x20, 0x01, 0x0d, 0xb8 } } },
	/* "::" may stand for a single group on input */
	{ "1:2:3:4:5:6:7::",
	    { { 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0 } } },
	{ "::2:3:4:5:6:7:8",
	    { { 0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8 } } },
	{ "1:2:3:4:5:6:1.2.3.4",
	    { { 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4 } } },
};

START_TEST(test_addr_from_string_valid)
{
	struct pcpsel_addr a;

	memset(&a, 0xaa, sizeof(a));
	ck_assert_msg(pcpsel_addr_from_string(&a, parse_rows[_i].text) == 0,
	    "%s", parse_rows[_i].text);
	ck_assert_msg(memcmp(a.bytes, parse_rows[_i].addr.bytes, 16) == 0,
	    "%s", parse_rows[_i].text);
}
END_TEST

/* clang-format off */
static const char *const bad_texts[] = {
	"", " ", " 192.0.2.1", "192.0.2.1 ", "192.0.2.1\n",
	"192.0.2", "192.0.2.1.5", "192.0.2.256", "192.0.2.", ".192.0.2.1",
	"192..2.1", "01.2.3.4", "192.0.2.01", "192.0.2.001", "1234.0.0.1",
	"192.0.2.1/24", "0x7f.0.0.1", "192.0.2.-1", "+1.2.3.4",
	":", ":::", "1:", ":1", "1::2::3", "1:2:3:4:5:6:7:8:9",
	"1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
	"1:2:3:4:5:6:7::8", "12345::1", "g::1", "2001:db8::1%eth0",
	"fe80::1%1", "2001:db8::/32", "2001:db8::1/128", "[2001:db8::1]",
	"2001:db8::1 ", "2001:db8: :1", "1:2:3:4:5:6:7:1.2.3.4",
	"::1.2.3", "::1.2.3.4.5", "::01.2.3.4", "::1.2.3.4:5",
	"::ffff:256.0.0.1", "1.2.3.4::", "2001:db8:::1",
};
/* clang-format on */

START_TEST(test_addr_from_string_invalid)
{
	struct pcpsel_addr a, before;

	memset(&a, 0x5a, sizeof(a));
	before = a;
	ck_assert_msg(pcpsel_addr_from_string(&a, bad_texts[_i]) == -EINVAL,
	    "\"%s\" accepted", bad_texts[_i]);
	/* output untouched on failure */
	ck_assert_mem_eq(a.bytes, before.bytes, 16);
}
END_TEST

START_TEST(test_addr_from_string_null)
{
	struct pcpsel_addr a;

	ck_assert_int_eq(pcpsel_addr_from_string(NULL, "::1"), -EINVAL);
	ck_assert_int_eq(pcpsel_addr_from_string(&a, NULL), -EINVAL);
}
END_TEST

/* ---- to_string (RFC 5952) --------------------------------------------- */

static const struct {
	struct pcpsel_addr addr;
	const char *text;
} format_rows[] = {
	{ PA4(ADDR4_192_0_2_1), "192.0.2.1" },
	{ PA4(ADDR4_255_255_255_255), "255.255.255.255" },
	{ PA4(ADDR4_0_0_0_0), "0.0.0.0" },
	{ PA6(ADDR6_2001_DB8_1__1), "2001:db8:1::1" },
	{ PA6(ADDR6_UNSPEC), "::" },
	{ PA6(ADDR6_LOOPBACK), "::1" },
	{ PA6(ADDR6_FE80__1), "fe80::1" },
	{ PA6(ADDR6_FF02__1), "ff02::1" },
	/* other embedded forms stay plain IPv6 */
	{ PA6(ADDR6_COMPAT_192_0_2_1), "::c000:201" },
	{ PA6(ADDR6_1_FFFF_C000_201), "::1:ffff:c000:201" },
	/* §4.2.2: one zero group is not compressed */
	{ { { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1 } },
	    "2001:db8:0:1:1:1:1:1" },
	/* §4.2.3: on a tie, the first run */
	{ { { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1 } },
	    "2001:db8::1:0:0:1" },
	/* §4.2.3: the longest run, even if later */
	{ { { 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 } },
	    "1:0:0:1::1" },
	/* §4.1 no leading zeros, §4.3 lowercase */
	{ { { 0x20, 0x01, 0x0d, 0xb8, 0xab, 0xcd, 0x00, 0x0f, 0x0f, 0x00, 0x00,
	      0xf0, 0xff, 0xff, 0x10, 0x00 } },
	    "2001:db8:abcd:f:f00:f0:ffff:1000" },
	{ { { 0x20, 0x01, 0x0d, 0xb8 } }, "2001:db8::" },
	{ { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10 } }, "::10" },
	{ { { 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0 } },
	    "1:2:3:4:5:6:7:0" },
	{ { { 0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8 } },
	    "0:2:3:4:5:6:7:8" },
	{ { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	      0xff, 0xff, 0xff, 0xff, 0xff } },
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
};

START_TEST(test_addr_to_string_rfc5952)
{
	char buf[PCPSEL_ADDRSTRLEN];
	int len;

	len = pcpsel_addr_to_string(&format_rows[_i].addr, buf, sizeof(buf));
	ck_assert_int_eq(len, (int)strlen(format_rows[_i].text));
	ck_assert_str_eq(buf, format_rows[_i].text);
}
END_TEST

START_TEST(test_addr_to_string_buffer_size)
{
	static const struct pcpsel_addr a = PA6(ADDR6_2001_DB8_1__1);
	char buf[PCPSEL_ADDRSTRLEN];

	memset(buf, 'x', sizeof(buf));
	/* "2001:db8:1::1" is 13 characters: 14 bytes needed */
	ck_assert_int_eq(pcpsel_addr_to_string(&a, buf, 13), -ENOBUFS);
	ck_assert_int_eq(buf[0], 'x');
	ck_assert_int_eq(pcpsel_addr_to_string(&a, buf, 0), -ENOBUFS);
	ck_assert_int_eq(pcpsel_addr_to_string(&a, buf, 14), 13);
	ck_assert_str_eq(buf, "2001:db8:1::1");
	ck_assert_int_eq(pcpsel_addr_to_string(NULL, buf, 14), -EINVAL);
	ck_assert_int_eq(pcpsel_addr_to_string(&a, NULL, 14), -EINVAL);
}
END_TEST

START_TEST(test_addr_to_string_longest_fits)
{
	/* the longest text forms fit PCPSEL_ADDRSTRLEN */
	static const struct pcpsel_addr b = PA4(ADDR4_255_255_255_255);
	struct pcpsel_addr a;
	char buf[PCPSEL_ADDRSTRLEN];

	memset(a.bytes, 0xff, sizeof(a.bytes));
	a.bytes[0] = 0xfe;

	ck_assert_int_eq(pcpsel_addr_to_string(&a, buf, sizeof(buf)), 39);
	ck_assert_int_eq(pcpsel_addr_to_string(&b, buf, sizeof(buf)), 15);
}
END_TEST

/* text -> bytes -> text and bytes -> text -> bytes for many addresses from
 * a fixed seed, with zero runs of every length and place */
START_TEST(test_addr_string_round_trip_random)
{
	uint32_t seed = 0x7291u;
	int round;

	for (round = 0; round < 20000; round++) {
		struct pcpsel_addr a, back;
		char buf[PCPSEL_ADDRSTRLEN];
		int g, len;

		for (g = 0; g < 8; g++) {
			uint32_t r = tu_next_rand(&seed);
			/* half of the groups zero, to make runs */
			uint16_t v = (r & 1) ? 0 : (uint16_t)(r >> 8);

			if ((r & 6) == 6)
				v &= 0x00ff;
			a.bytes[2 * g] = (uint8_t)(v >> 8);
			a.bytes[2 * g + 1] = (uint8_t)v;
		}
		if (round % 5 == 0) {
			memset(a.bytes, 0, 10);
			a.bytes[10] = a.bytes[11] = 0xff;
		}
		len = pcpsel_addr_to_string(&a, buf, sizeof(buf));
		ck_assert_int_gt(len, 0);
		ck_assert_int_eq(pcpsel_addr_from_string(&back, buf), 0);
		ck_assert_msg(memcmp(a.bytes, back.bytes, 16) == 0, "%s", buf);
		/* RFC 5952: no "::" for one group, no uppercase */
		ck_assert_ptr_null(strpbrk(buf, "ABCDEF"));
		ck_assert_ptr_null(strstr(buf, ":::"));
	}
}
END_TEST

/* ---- the address policy ----------------------------------------------- */

static const struct {
	struct pcpsel_addr addr;
	int usable;
	const char *why;
	const char *reason; /* pcpsel_addr_unusable_str */
} usable_rows[] = {
	{ PA4(ADDR4_192_0_2_1), 1, "documentation", NULL },
	{ PA4(ADDR4_10_0_0_1), 1, "RFC 1918 kept", NULL },
	{ PA4(ADDR4_169_254_0_1), 1, "link-local kept", NULL },
	{ PA4(ADDR4_1_0_0_0), 1, "just above 0/8", NULL },
	{ PA4(ADDR4_126_255_255_255), 1, "just below 127/8", NULL },
	{ PA4(ADDR4_128_0_0_0), 1, "just above 127/8", NULL },
	{ PA4(ADDR4_223_255_255_255), 1, "just below 224/4", NULL },
	{ PA4(ADDR4_0_0_0_0), 0, "P-DHCP4-3 0.0.0.0",
	    "0.0.0.0/8, this network" },
	{ PA4(ADDR4_0_1_2_3), 0, "P-DHCP4-3 0/8", "0.0.0.0/8, this network" },
	{ PA4(ADDR4_127_0_0_1), 0, "R7291-15 loopback", "loopback" },
	{ PA4(ADDR4_224_0_0_1), 0, "R7291-15 multicast", "multicast" },
	{ PA4(ADDR4_239_255_255_255), 0, "R7291-15 multicast top",
	    "multicast" },
	{ PA4(ADDR4_240_0_0_1), 0, "P-DHCP4-3 240/4",
	    "reserved, 240.0.0.0/4" },
	{ PA4(ADDR4_255_255_255_255), 0, "P-DHCP4-3 broadcast", "broadcast" },
	{ PA6(ADDR6_2001_DB8_1__1), 1, "documentation", NULL },
	{ PA6(ADDR6_FE80__1), 1, "link-local kept", NULL },
	{ PA6(ADDR6_1_FFFF_C000_201), 1, "D6-10 not mapped, kept", NULL },
	{ PA6(ADDR6_UNSPEC), 0, "P-DHCP6-4 ::", "unspecified" },
	{ PA6(ADDR6_LOOPBACK), 0, "R7291-8 ::1", "loopback" },
	{ PA6(ADDR6_FF02__1), 0, "R7291-8 ff00::/8", "multicast" },
	{ { { 0xff, 0x0e, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } }, 0,
	    "R7291-8 ff0e::1", "multicast" },
	{ { { 0xfe, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } }, 1,
	    "feff::1 not multicast", NULL },
	{ PA6(ADDR6_COMPAT_192_0_2_1), 0, "P-DHCP6-4 IPv4-compatible",
	    "IPv4-compatible, deprecated by RFC 4291" },
	{ { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 } }, 0,
	    "P-DHCP6-4 ::2 in ::/96",
	    "IPv4-compatible, deprecated by RFC 4291" },
	{ { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 } }, 1,
	    "::1:0:0 outside ::/96", NULL },
};

START_TEST(test_addr_usable_policy)
{
	const char *reason = pcpsel_addr_unusable_str(&usable_rows[_i].addr);

	ck_assert_msg(pcpsel_addr_usable(&usable_rows[_i].addr) ==
		usable_rows[_i].usable,
	    "%s", usable_rows[_i].why);
	if (usable_rows[_i].usable)
		ck_assert_ptr_null(reason);
	else {
		ck_assert_ptr_nonnull(reason);
		ck_assert_str_eq(reason, usable_rows[_i].reason);
	}
}
END_TEST

START_TEST(test_addr_malformed_str)
{
	int reasons[] = { PCPSEL_OK, PCPSEL_BAD_V4_SHORT,
		PCPSEL_BAD_V4_LIST_ZERO, PCPSEL_BAD_V4_LIST_NOT_4,
		PCPSEL_BAD_V4_LIST_OVERRUN, PCPSEL_BAD_V6_EMPTY,
		PCPSEL_BAD_V6_NOT_16, PCPSEL_BAD_TOO_LONG };
	size_t i, j;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		ck_assert_ptr_nonnull(pcpsel_malformed_str(reasons[i]));
		for (j = 0; j < i; j++)
			ck_assert_str_ne(pcpsel_malformed_str(reasons[i]),
			    pcpsel_malformed_str(reasons[j]));
	}
	ck_assert_str_eq(pcpsel_malformed_str(PCPSEL_BAD_V4_LIST_NOT_4),
	    "List-Length is not a multiple of 4");
	ck_assert_ptr_nonnull(pcpsel_malformed_str(-1));
	ck_assert_ptr_nonnull(pcpsel_malformed_str(1000));
}
END_TEST

#define ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

Suite *
addr_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc;

	tc = tcase_create("valid");
	tcase_add_test(tc, test_addr_from_v4_is_mapped);
	tcase_add_loop_test(tc, test_addr_is_v4_96_bits, 0, ROWS(is_v4_rows));
	tcase_add_loop_test(tc, test_addr_from_string_valid, 0,
	    ROWS(parse_rows));
	tcase_add_loop_test(tc, test_addr_to_string_rfc5952, 0,
	    ROWS(format_rows));
	tcase_add_test(tc, test_addr_string_round_trip_random);
	tcase_add_loop_test(tc, test_addr_usable_policy, 0, ROWS(usable_rows));
	tcase_add_test(tc, test_addr_malformed_str);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_loop_test(tc, test_addr_from_string_invalid, 0,
	    ROWS(bad_texts));
	tcase_add_test(tc, test_addr_from_string_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_addr_to_string_buffer_size);
	tcase_add_test(tc, test_addr_to_string_longest_fits);
	suite_add_tcase(s, tc);
	return s;
}
