/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_dhcp6.c - the options of a DHCPv6 message (dhcp6.c): every
 * top-level instance in order, nested options not taken, framing broken
 * at the end (P-DHCP6-3), limits, bad arguments.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "check_suites.h"

/* A REPLY: client id, server id, three option-86 instances (16, 32 and 0
 * bytes), an IA_NA whose data end with an option 86 (nested: not
 * top-level), a fourth instance of 16 bytes. */
/* clang-format off */
static const uint8_t reply[] = {
	7, 0x12, 0x34, 0x56,
	0, 1, 0, 4, 0xc1, 0xc2, 0xc3, 0xc4,
	0, 2, 0, 6, 0, 3, 0, 1, 0xaa, 0xbb,
	0, 86, 0, 16, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0, 86, 0, 32, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3,
	0, 86, 0, 0,
	0, 3, 0, 32, 0, 0, 0, 1, 0, 0, 1, 0x2c, 0, 0, 1, 0x90,
	0, 86, 0, 16, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9,
	0, 86, 0, 16, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4,
};
/* clang-format on */

#define REPLY_86_1 26 /* offset of the first instance's data */

START_TEST(test_find_every_top_level_instance_in_order)
{
	struct pcpsel_buf b[8];
	size_t n = 99;

	ck_assert_int_eq(pcpsel_dhcp6_find(reply, sizeof(reply), 86, b, 8, &n),
	    0);
	ck_assert_uint_eq(n, 4);
	ck_assert_ptr_eq(b[0].data, reply + REPLY_86_1);
	ck_assert_uint_eq(b[0].len, 16);
	ck_assert_uint_eq(b[0].data[15], 1);
	ck_assert_uint_eq(b[1].len, 32);
	ck_assert_uint_eq(b[1].data[31], 3);
	ck_assert_uint_eq(b[2].len, 0);
	/* the IA_NA's nested option 86 is data of option 3, not an option */
	ck_assert_uint_eq(b[3].len, 16);
	ck_assert_uint_eq(b[3].data[15], 4);
	ck_assert_ptr_eq(b[3].data + 16, reply + sizeof(reply));
}
END_TEST

START_TEST(test_find_server_id)
{
	struct pcpsel_buf b;
	size_t n = 0;

	ck_assert_int_eq(pcpsel_dhcp6_find(reply, sizeof(reply), 2, &b, 1, &n),
	    0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(b.len, 6);
	ck_assert_mem_eq(b.data, "\x00\x03\x00\x01\xaa\xbb", 6);
}
END_TEST

START_TEST(test_find_count_only)
{
	size_t n = 0;

	ck_assert_int_eq(pcpsel_dhcp6_find(reply, sizeof(reply), 86, NULL, 0,
			     &n),
	    0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(pcpsel_dhcp6_find(reply, sizeof(reply), 23, NULL, 0,
			     &n),
	    0);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_find_more_than_max_is_e2big_untouched)
{
	struct pcpsel_buf b[3];
	size_t n = 77;

	memset(b, 0x5a, sizeof(b));
	ck_assert_int_eq(pcpsel_dhcp6_find(reply, sizeof(reply), 86, b, 3, &n),
	    -E2BIG);
	ck_assert_uint_eq(n, 77);
	ck_assert_uint_eq(((uint8_t *)b)[0], 0x5a);
	ck_assert_uint_eq(((uint8_t *)b)[sizeof(b) - 1], 0x5a);
}
END_TEST

START_TEST(test_find_header_only_no_option)
{
	struct pcpsel_buf b;
	size_t n = 5;

	ck_assert_int_eq(pcpsel_dhcp6_find(reply, 4, 86, &b, 1, &n), 0);
	ck_assert_uint_eq(n, 0);
}
END_TEST

/* P-DHCP6-3: an option running past the end ends the walk; what was
 * before it counts.  Every cut inside the last instance (its 4 header
 * bytes and 16 data bytes), short of removing it whole, gives 1 and the
 * three instances before it. */
START_TEST(test_find_cut_message_keeps_what_came_before)
{
	size_t cut = sizeof(reply) - 1 - (size_t)_i;
	struct pcpsel_buf b[8];
	size_t n = 0;

	ck_assert_int_eq(pcpsel_dhcp6_find(reply, cut, 86, b, 8, &n), 1);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(b[1].data[31], 3);
	ck_assert_uint_eq(b[2].len, 0);
}
END_TEST

START_TEST(test_find_option_len_past_end)
{
	/* one instance claiming 65535 bytes, 16 present (D6-06 style) */
	uint8_t msg[4 + 4 + 16 + 4 + 16];
	struct pcpsel_buf b[2];
	size_t n = 9;

	memset(msg, 0, sizeof(msg));
	msg[0] = 7;
	msg[4] = 0, msg[5] = 86, msg[6] = 0, msg[7] = 16;
	msg[8] = 0x20;
	msg[24] = 0, msg[25] = 86, msg[26] = 0xff, msg[27] = 0xff;
	ck_assert_int_eq(pcpsel_dhcp6_find(msg, sizeof(msg), 86, b, 2, &n), 1);
	ck_assert_uint_eq(n, 1);
	ck_assert_ptr_eq(b[0].data, msg + 8);
}
END_TEST

START_TEST(test_find_short_or_relay_is_ebadmsg)
{
	uint8_t relay[4 + 4] = { 12, 0, 0, 0, 0, 86, 0, 0 };
	uint8_t relay_reply[4] = { 13, 0, 0, 0 };
	struct pcpsel_buf b;
	size_t n = 3;

	ck_assert_int_eq(pcpsel_dhcp6_find(reply, 3, 86, &b, 1, &n), -EBADMSG);
	ck_assert_int_eq(pcpsel_dhcp6_find(reply, 0, 86, &b, 1, &n), -EBADMSG);
	ck_assert_int_eq(pcpsel_dhcp6_find(relay, sizeof(relay), 86, &b, 1,
			     &n),
	    -EBADMSG);
	ck_assert_int_eq(pcpsel_dhcp6_find(relay_reply, sizeof(relay_reply),
			     86, &b, 1, &n),
	    -EBADMSG);
	ck_assert_uint_eq(n, 3);
}
END_TEST

START_TEST(test_find_largest_message)
{
	/* 3276 instances of one address fill 65524 bytes: the most a DHCPv6
	 * message (65527 bytes, a whole UDP payload) holds; the 3 bytes left
	 * cannot hold an option header; one byte more is no message */
	size_t len = 4 + 3276 * 20, i, n = 0;
	uint8_t *msg = calloc(1, PCPSEL_DHCP6_MAX_MSG + 1);
	struct pcpsel_buf *b = calloc(4096, sizeof(*b));

	ck_assert_ptr_nonnull(msg);
	ck_assert_ptr_nonnull(b);
	msg[0] = 7;
	for (i = 0; i < 3276; i++) {
		uint8_t *o = msg + 4 + i * 20;

		o[1] = 86;
		o[3] = 16;
		o[19] = (uint8_t)i;
	}
	ck_assert_int_eq(pcpsel_dhcp6_find(msg, len, 86, b, 4096, &n), 0);
	ck_assert_uint_eq(n, 3276);
	ck_assert_uint_eq(b[3275].data[15], (uint8_t)3275);
	ck_assert_int_eq(pcpsel_dhcp6_find(msg, PCPSEL_DHCP6_MAX_MSG, 86, b,
			     4096, &n),
	    1);
	ck_assert_uint_eq(n, 3276);
	n = 5;
	ck_assert_int_eq(pcpsel_dhcp6_find(msg, PCPSEL_DHCP6_MAX_MSG + 1, 86,
			     b, 4096, &n),
	    -E2BIG);
	ck_assert_uint_eq(n, 5);
	free(b);
	free(msg);
}
END_TEST

START_TEST(test_find_bad_arguments)
{
	struct pcpsel_buf b;
	size_t n = 0;

	ck_assert_int_eq(pcpsel_dhcp6_find(NULL, 8, 86, &b, 1, &n), -EINVAL);
	ck_assert_int_eq(pcpsel_dhcp6_find(reply, sizeof(reply), 65536, &b, 1,
			     &n),
	    -EINVAL);
	ck_assert_int_eq(pcpsel_dhcp6_find(reply, sizeof(reply), 86, &b, 1,
			     NULL),
	    -EINVAL);
	ck_assert_int_eq(pcpsel_dhcp6_find(NULL, 0, 86, &b, 1, &n), -EBADMSG);
}
END_TEST

Suite *
dhcp6_suite(void)
{
	Suite *s = suite_create("dhcp6");
	TCase *tc = tcase_create("find");

	tcase_add_test(tc, test_find_every_top_level_instance_in_order);
	tcase_add_test(tc, test_find_server_id);
	tcase_add_test(tc, test_find_count_only);
	tcase_add_test(tc, test_find_more_than_max_is_e2big_untouched);
	tcase_add_test(tc, test_find_header_only_no_option);
	tcase_add_loop_test(tc, test_find_cut_message_keeps_what_came_before,
	    0, 19);
	tcase_add_test(tc, test_find_option_len_past_end);
	tcase_add_test(tc, test_find_short_or_relay_is_ebadmsg);
	tcase_add_test(tc, test_find_largest_message);
	tcase_add_test(tc, test_find_bad_arguments);
	suite_add_tcase(s, tc);
	return s;
}
