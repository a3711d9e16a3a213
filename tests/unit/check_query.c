/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_query.c - what the Kea hook reads in a query through libpcpsel:
 * option 55 (RFC 2132 §9.8), the ORO (RFC 8415 §21.7) and the DUID in a
 * DHCPv4 client identifier (RFC 4361 §6.1)
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>

#include "pcpsel.h"
#include "check_suites.h"

#define ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* clang-format off */
static const struct {
	uint8_t data[8];
	size_t len;
	int asks;
} prl_rows[] = {
	{ { 1, 3, 6, 158 }, 4, 1 },	/* last */
	{ { 158 }, 1, 1 },		/* alone */
	{ { 1, 158, 3 }, 3, 1 },
	{ { 1, 3, 6, 15 }, 4, 0 },
	{ { 0x9e - 1, 0x9e + 1 }, 2, 0 },	/* 157, 159 */
	{ { 0 }, 0, 0 },		/* empty */
	{ { 1, 3, 6, 158 }, 3, 0 },	/* @len honoured */
};
/* clang-format on */

START_TEST(test_query_v4_prl_asks)
{
	ck_assert_int_eq(pcpsel_v4_prl_asks(prl_rows[_i].data,
			     prl_rows[_i].len),
	    prl_rows[_i].asks);
}
END_TEST

/* clang-format off */
static const struct {
	uint8_t data[8];
	size_t len;
	int asks;
} oro_rows[] = {
	{ { 0, 23, 0, 86 }, 4, 1 },
	{ { 0, 86 }, 2, 1 },
	{ { 0, 23, 0, 24 }, 4, 0 },
	{ { 86, 0 }, 2, 0 },		/* network order: 0x5600 */
	{ { 0x01, 0x56 }, 2, 0 },	/* 342 */
	{ { 0, 23, 0 }, 3, 0 },		/* odd octet ignored */
	{ { 0, 23, 0, 86 }, 3, 0 },	/* 86 cut by @len */
	{ { 0 }, 0, 0 },
};
/* clang-format on */

START_TEST(test_query_v6_oro_asks)
{
	ck_assert_int_eq(pcpsel_v6_oro_asks(oro_rows[_i].data,
			     oro_rows[_i].len),
	    oro_rows[_i].asks);
}
END_TEST

START_TEST(test_query_null_data_asks_nothing)
{
	ck_assert_int_eq(pcpsel_v4_prl_asks(NULL, 4), 0);
	ck_assert_int_eq(pcpsel_v6_oro_asks(NULL, 4), 0);
}
END_TEST

/* RFC 4361 §6.1: 255, IAID 00000001, DUID-LL 0003 0001 020000000001 */
START_TEST(test_query_client_id_duid)
{
	/* clang-format off */
	static const uint8_t cid[] = {
		0xff,				/* type 255 */
		0x00, 0x00, 0x00, 0x01,		/* IAID */
		0x00, 0x03, 0x00, 0x01,		/* DUID-LL, Ethernet */
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	};
	/* clang-format on */
	struct pcpsel_buf duid = { NULL, 0 };

	ck_assert_int_eq(pcpsel_v4_client_id_duid(cid, sizeof(cid), &duid), 0);
	ck_assert_ptr_eq(duid.data, cid + 5);
	ck_assert_uint_eq(duid.len, 10);
}
END_TEST

/* clang-format off */
static const struct {
	uint8_t data[8];
	size_t len;
} not_duid_rows[] = {
	{ { 0x01, 0x02, 0, 0, 0, 0, 0, 1 }, 7 },	/* htype 1 + MAC */
	{ { 0xff, 0, 0, 0, 1 }, 5 },	/* IAID, no DUID octet */
	{ { 0xff, 0, 0, 1 }, 4 },	/* short IAID */
	{ { 0xff }, 1 },
	{ { 0 }, 0 },
};
/* clang-format on */

START_TEST(test_query_client_id_not_duid)
{
	struct pcpsel_buf duid = { (const uint8_t *)"x", 7 };

	ck_assert_int_eq(pcpsel_v4_client_id_duid(not_duid_rows[_i].data,
			     not_duid_rows[_i].len, &duid),
	    -EBADMSG);
	/* untouched on failure */
	ck_assert_uint_eq(duid.len, 7);
}
END_TEST

START_TEST(test_query_client_id_arguments)
{
	struct pcpsel_buf duid;

	ck_assert_int_eq(pcpsel_v4_client_id_duid(NULL, 3, &duid), -EINVAL);
	ck_assert_int_eq(pcpsel_v4_client_id_duid((const uint8_t *)"", 0,
			     NULL),
	    -EINVAL);
}
END_TEST

Suite *
query_suite(void)
{
	Suite *s = suite_create("query");
	TCase *tc = tcase_create("query");

	tcase_add_loop_test(tc, test_query_v4_prl_asks, 0, ROWS(prl_rows));
	tcase_add_loop_test(tc, test_query_v6_oro_asks, 0, ROWS(oro_rows));
	tcase_add_test(tc, test_query_null_data_asks_nothing);
	tcase_add_test(tc, test_query_client_id_duid);
	tcase_add_loop_test(tc, test_query_client_id_not_duid, 0,
	    ROWS(not_duid_rows));
	tcase_add_test(tc, test_query_client_id_arguments);
	suite_add_tcase(s, tc);
	return s;
}
