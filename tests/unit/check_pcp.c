/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_pcp.c - PCP messages (RFC 6887): ANNOUNCE request, response
 * validation in the §8.3 order, version negotiation (§9, P-VER-1), epoch
 * validation (§8.5).  Vectors M-01..M-07 of digest §7.4.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <string.h>

#include "pcpsel.h"
#include "check_suites.h"

/* M-01: ANNOUNCE request from 192.0.2.100 */
/* clang-format off */
static const uint8_t m01[] = {
	0x02,			/* Version 2 */
	0x00,			/* R = 0, Opcode 0 ANNOUNCE */
	0x00, 0x00,		/* Reserved */
	0x00, 0x00, 0x00, 0x00,	/* Requested Lifetime 0 (§14.1.2) */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* Client IP: */
	0x00, 0x00, 0xff, 0xff, 0xc0, 0x00, 0x02, 0x64	/* ::ffff:192.0.2.100 */
};
/* clang-format on */

/* M-02: ANNOUNCE request from 2001:db8:3333::20 */
/* clang-format off */
static const uint8_t m02[] = {
	0x02, 0x00, 0x00, 0x00,	/* Version 2, R 0, ANNOUNCE, Reserved */
	0x00, 0x00, 0x00, 0x00,	/* Requested Lifetime 0 */
	0x20, 0x01, 0x0d, 0xb8, 0x33, 0x33, 0x00, 0x00,	/* 2001:db8:3333:: */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20	/* ...::20 */
};
/* clang-format on */

/* M-03: ANNOUNCE SUCCESS response, epoch 1000 */
/* clang-format off */
static const uint8_t m03[] = {
	0x02,			/* Version 2 */
	0x80,			/* R = 1, Opcode 0 */
	0x00,			/* Reserved */
	0x00,			/* Result SUCCESS */
	0x00, 0x00, 0x00, 0x00,	/* Lifetime 0 */
	0x00, 0x00, 0x03, 0xe8,	/* Epoch Time 1000 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* Reserved */
	0x00, 0x00, 0x00, 0x00
};
/* clang-format on */

/* M-04: NAT-PMP Unsupported Version, erratum-3618 form */
/* clang-format off */
static const uint8_t m04[] = {
	0x00,			/* Vers 0 */
	0x80,			/* OP 128 */
	0x00, 0x01,		/* Result 1 (Unsupported Version) */
	0x00, 0x00, 0x03, 0xe8	/* Seconds Since Start of Epoch 1000 */
};
/* clang-format on */

/* M-05: the same as RFC 6886 §3.5 draws it (OP 0) */
/* clang-format off */
static const uint8_t m05[] = {
	0x00,			/* Vers 0 */
	0x00,			/* OP 0 (R clear) */
	0x00, 0x01,		/* Result 1 */
	0x00, 0x00, 0x03, 0xe8	/* Seconds Since Start of Epoch 1000 */
};
/* clang-format on */

/* M-06: M-03 cut to 20 octets */
/* clang-format off */
static const uint8_t m06[] = {
	0x02, 0x80, 0x00, 0x00,	/* Version 2, R, ANNOUNCE, SUCCESS */
	0x00, 0x00, 0x00, 0x00,	/* Lifetime 0 */
	0x00, 0x00, 0x03, 0xe8,	/* Epoch 1000 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00	/* 8 of 12 */
};
/* clang-format on */

static struct pcpsel_addr
addr(const char *text)
{
	struct pcpsel_addr a;

	ck_assert_int_eq(pcpsel_addr_from_string(&a, text), 0);
	return a;
}

START_TEST(test_pcp_m01_announce_v4)
{
	struct pcpsel_addr a = addr("192.0.2.100");
	uint8_t buf[64];

	memset(buf, 0xee, sizeof(buf));
	ck_assert_int_eq(pcpsel_pcp_announce(buf, sizeof(buf), &a), 24);
	ck_assert_mem_eq(buf, m01, sizeof(m01));
	ck_assert_uint_eq(buf[24], 0xee); /* nothing past 24 octets */
}
END_TEST

START_TEST(test_pcp_m02_announce_v6)
{
	struct pcpsel_addr a = addr("2001:db8:3333::20");
	uint8_t buf[24];

	ck_assert_int_eq(pcpsel_pcp_announce(buf, sizeof(buf), &a), 24);
	ck_assert_mem_eq(buf, m02, sizeof(m02));
}
END_TEST

START_TEST(test_pcp_announce_buffer_too_small)
{
	struct pcpsel_addr a = addr("192.0.2.100");
	uint8_t buf[23], zero[23];

	memset(buf, 0, sizeof(buf));
	memset(zero, 0, sizeof(zero));
	ck_assert_int_eq(pcpsel_pcp_announce(buf, sizeof(buf), &a), -ENOBUFS);
	ck_assert_mem_eq(buf, zero, sizeof(buf));
	ck_assert_int_eq(pcpsel_pcp_announce(NULL, 24, &a), -EINVAL);
	ck_assert_int_eq(pcpsel_pcp_announce(buf, 24, NULL), -EINVAL);
}
END_TEST

START_TEST(test_pcp_m03_success)
{
	struct pcpsel_pcp_response r;

	ck_assert_int_eq(pcpsel_pcp_parse(m03, sizeof(m03), 0, &r), 0);
	ck_assert_uint_eq(r.version, 2);
	ck_assert_uint_eq(r.opcode, PCPSEL_PCP_OP_ANNOUNCE);
	ck_assert_uint_eq(r.result, PCPSEL_PCP_SUCCESS);
	ck_assert_uint_eq(r.lifetime, 0);
	ck_assert_int_eq(r.has_epoch, 1);
	ck_assert_uint_eq(r.epoch, 1000);
	ck_assert_uint_eq(r.len, 24);
}
END_TEST

START_TEST(test_pcp_m04_natpmp_unsupp_version)
{
	struct pcpsel_pcp_response r;

	/* §8.3: UNSUPP_VERSION before the 24-octet check; version 0 */
	ck_assert_int_eq(pcpsel_pcp_parse(m04, sizeof(m04), 0, &r), 0);
	ck_assert_uint_eq(r.version, 0);
	ck_assert_uint_eq(r.result, PCPSEL_PCP_UNSUPP_VERSION);
	ck_assert_int_eq(r.has_epoch, 1);
	ck_assert_uint_eq(r.epoch, 1000);
}
END_TEST

START_TEST(test_pcp_m05_natpmp_op0_only_with_p_ver_1)
{
	struct pcpsel_pcp_response r;

	memset(&r, 0x55, sizeof(r));
	/* strict RFC 6887 §8.3 step 3: R clear, dropped, *ret untouched */
	ck_assert_int_eq(pcpsel_pcp_parse(m05, sizeof(m05), 0, &r), -EBADMSG);
	ck_assert_uint_eq(r.version, 0x55555555u);
	/* P-VER-1 */
	ck_assert_int_eq(pcpsel_pcp_parse(m05, sizeof(m05),
			     PCPSEL_PCP_PARSE_NATPMP_OP0, &r),
	    0);
	ck_assert_uint_eq(r.version, 0);
	ck_assert_uint_eq(r.result, PCPSEL_PCP_UNSUPP_VERSION);
	ck_assert_uint_eq(r.epoch, 1000);
}
END_TEST

START_TEST(test_pcp_m06_short_ignored)
{
	struct pcpsel_pcp_response r;

	ck_assert_int_eq(pcpsel_pcp_parse(m06, sizeof(m06), 0, &r), -EBADMSG);
}
END_TEST

START_TEST(test_pcp_pcp_unsupp_version_short)
{
	/* a PCP version 1 server's UNSUPP_VERSION, 8 octets: still version
	 * negotiation (§9) */
	/* clang-format off */
	static const uint8_t v1[] = {
		0x01, 0x80, 0x00, 0x01,	/* Version 1, R, Result 1 */
		0x00, 0x00, 0x07, 0x08	/* Lifetime 1800 */
	};
	/* clang-format on */
	struct pcpsel_pcp_response r;

	ck_assert_int_eq(pcpsel_pcp_parse(v1, sizeof(v1), 0, &r), 0);
	ck_assert_uint_eq(r.version, 1);
	ck_assert_uint_eq(r.result, 1);
	ck_assert_uint_eq(r.lifetime, 1800);
	ck_assert_int_eq(r.has_epoch, 0);
}
END_TEST

START_TEST(test_pcp_options_after_header_accepted)
{
	uint8_t buf[32];
	struct pcpsel_pcp_response r;

	memcpy(buf, m03, sizeof(m03));
	/* an unknown optional option, code 200, length 4 (§7.3: ignored) */
	buf[24] = 200;
	buf[25] = 0;
	buf[26] = 0;
	buf[27] = 4;
	memset(&buf[28], 0xab, 4);
	ck_assert_int_eq(pcpsel_pcp_parse(buf, sizeof(buf), 0, &r), 0);
	ck_assert_uint_eq(r.len, 32);
	ck_assert_uint_eq(r.epoch, 1000);
}
END_TEST

/* Malformed responses, each dropped with -EBADMSG (§8.3). */
static const struct {
	const char *name;
	size_t len;
	uint8_t patch_at; /* 0xff: none */
	uint8_t patch;
} bad[] = {
	{ "empty", 0, 0xff, 0 },
	{ "3 octets", 3, 0xff, 0 },
	{ "R bit clear (a request)", 24, 1, 0x00 },
	{ "version 1, result not UNSUPP_VERSION", 24, 0, 0x01 },
	{ "version 3", 24, 0, 0x03 },
	{ "version 0, R set, result 0", 24, 0, 0x00 },
	{ "23 octets", 23, 0xff, 0 },
	{ "26 octets, not a multiple of 4", 26, 0xff, 0 },
	{ "1104 octets, over 1100", 1104, 0xff, 0 },
	{ "NAT-PMP OP 0 with Reserved set", 8, 2, 0x01 },
};

START_TEST(test_pcp_malformed)
{
	static uint8_t buf[1200];
	struct pcpsel_pcp_response r;

	memset(buf, 0, sizeof(buf));
	memcpy(buf, m03, sizeof(m03));
	if (_i == 9) {
		memcpy(buf, m05, sizeof(m05));
	}
	if (bad[_i].patch_at != 0xff)
		buf[bad[_i].patch_at] = bad[_i].patch;
	memset(&r, 0x55, sizeof(r));
	ck_assert_msg(pcpsel_pcp_parse(buf, bad[_i].len,
			  PCPSEL_PCP_PARSE_NATPMP_OP0, &r) == -EBADMSG,
	    "%s", bad[_i].name);
	ck_assert_uint_eq(r.version, 0x55555555u);
}
END_TEST

START_TEST(test_pcp_unaligned)
{
	uint8_t buf[24 + 8];
	struct pcpsel_pcp_response r;
	int off;

	for (off = 0; off < 8; off++) {
		memcpy(&buf[off], m03, sizeof(m03));
		ck_assert_int_eq(pcpsel_pcp_parse(&buf[off], sizeof(m03), 0,
				     &r),
		    0);
		ck_assert_uint_eq(r.epoch, 1000);
	}
}
END_TEST

START_TEST(test_pcp_result_str)
{
	ck_assert_str_eq(pcpsel_pcp_result_str(0), "SUCCESS");
	ck_assert_str_eq(pcpsel_pcp_result_str(1), "UNSUPP_VERSION");
	ck_assert_str_eq(pcpsel_pcp_result_str(8), "NO_RESOURCES");
	ck_assert_str_eq(pcpsel_pcp_result_str(13), "EXCESSIVE_REMOTE_PEERS");
	ck_assert_str_eq(pcpsel_pcp_result_str(14), "unknown");
	ck_assert_str_eq(pcpsel_pcp_result_str(-1), "unknown");
}
END_TEST

/* RFC 6887 §8.5 */
START_TEST(test_pcp_epoch_rules)
{
	struct pcpsel_epoch st;

	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(pcpsel_epoch_check(&st, 1000, 50), 1); /* first */
	ck_assert_int_eq(pcpsel_epoch_check(&st, 1010, 60), 1); /* +10 +10 */
	ck_assert_int_eq(pcpsel_epoch_check(&st, 1009, 60), 1); /* -1 ok */
	ck_assert_int_eq(pcpsel_epoch_check(&st, 1007, 60), 0); /* -2 */
	ck_assert_uint_eq(st.server, 1007); /* stored anyway */
	ck_assert_uint_eq(st.client, 60);
	/* client +100: server +94 is within 100 - 100/16 - 2 */
	ck_assert_int_eq(pcpsel_epoch_check(&st, 1101, 160), 1);
	/* client +100, server +90: 92 < 94, invalid */
	ck_assert_int_eq(pcpsel_epoch_check(&st, 1191, 260), 0);
	/* client +10, server +100 (a restarted clock would go back): 12 <
	 * 100 - 6, invalid */
	ck_assert_int_eq(pcpsel_epoch_check(&st, 1291, 270), 0);
	/* server reset to 0: invalid */
	ck_assert_int_eq(pcpsel_epoch_check(&st, 0, 271), 0);
	ck_assert_int_eq(pcpsel_epoch_check(NULL, 0, 0), -EINVAL);
}
END_TEST

static uint32_t
rand_mid(void *arg)
{
	(void)arg;
	return 100; /* RAND = 0 */
}

/* M-07: M-03 from port 5350, or from an address not being tried. */
START_TEST(test_pcp_m07_wrong_port_or_address_dropped)
{
	struct pcpsel_engine_config cfg;
	struct pcpsel_engine_send snd;
	struct pcpsel_server_status st;
	struct pcpsel_engine *e;
	struct pcpsel_list *l;
	struct pcpsel_addr a[2];

	a[0] = addr("192.0.2.1");
	a[1] = addr("192.0.2.2");
	memset(&cfg, 0, sizeof(cfg));
	cfg.random = rand_mid;
	ck_assert_int_eq(pcpsel_engine_new(&cfg, &e), 0);
	l = pcpsel_list_new();
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(pcpsel_list_add_server(l, PCPSEL_ORIGIN_DHCPV4, a, 2),
	    0);
	ck_assert_int_eq(pcpsel_engine_set_servers(e, l, 0), 0);
	ck_assert_int_eq(pcpsel_engine_poll(e, 0, &snd), 1);
	ck_assert_mem_eq(snd.addr.bytes, a[0].bytes, 16);
	/* SEL-22: port 5350 */
	ck_assert_int_eq(pcpsel_engine_input(e, 10, &a[0], 5350, m03,
			     sizeof(m03)),
	    -ENOENT);
	/* P-SEL-4: the server's other address, not being tried */
	ck_assert_int_eq(pcpsel_engine_input(e, 10, &a[1], 5351, m03,
			     sizeof(m03)),
	    -ENOENT);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_TRYING);
	/* M-06 from the right place: malformed, dropped */
	ck_assert_int_eq(pcpsel_engine_input(e, 10, &a[0], 5351, m06,
			     sizeof(m06)),
	    -EBADMSG);
	/* M-03 from the right place: accepted */
	ck_assert_int_eq(pcpsel_engine_input(e, 10, &a[0], 5351, m03,
			     sizeof(m03)),
	    0);
	ck_assert_int_eq(pcpsel_engine_status(e, 0, &st), 0);
	ck_assert_int_eq(st.state, PCPSEL_STATE_IN_USE);
	ck_assert_uint_eq(st.epoch, 1000);
	pcpsel_list_free(l);
	pcpsel_engine_free(e);
}
END_TEST

Suite *
pcp_suite(void)
{
	Suite *s = suite_create("pcp");
	TCase *tc;

	tc = tcase_create("valid");
	tcase_add_test(tc, test_pcp_m01_announce_v4);
	tcase_add_test(tc, test_pcp_m02_announce_v6);
	tcase_add_test(tc, test_pcp_m03_success);
	tcase_add_test(tc, test_pcp_m04_natpmp_unsupp_version);
	tcase_add_test(tc, test_pcp_m05_natpmp_op0_only_with_p_ver_1);
	tcase_add_test(tc, test_pcp_pcp_unsupp_version_short);
	tcase_add_test(tc, test_pcp_options_after_header_accepted);
	tcase_add_test(tc, test_pcp_unaligned);
	tcase_add_test(tc, test_pcp_result_str);
	tcase_add_test(tc, test_pcp_epoch_rules);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_test(tc, test_pcp_announce_buffer_too_small);
	tcase_add_test(tc, test_pcp_m06_short_ignored);
	tcase_add_test(tc, test_pcp_m07_wrong_port_or_address_dropped);
	tcase_add_loop_test(tc, test_pcp_malformed, 0,
	    (int)(sizeof(bad) / sizeof(bad[0])));
	suite_add_tcase(s, tc);
	return s;
}
