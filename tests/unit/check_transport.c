/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_transport.c - which errors are hard (P-SEL-3, RFC 7488 §3 step 4):
 * every ICMP and ICMPv6 error code a PCP client can meet, with the errno
 * Linux reports for it (RFC 1122 §4.2.3.9, RFC 4443), and the errors of
 * the local stack.  The namespace test tests/netns/probe/probe-icmp-codes.sh
 * provokes each code for real.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <string.h>

#include "pcpsel.h"
#include "check_suites.h"

static const struct {
	int family;
	unsigned type, code;
	int hard;
	int err;
	const char *name;
} icmp[] = {
	/* RFC 1122 §4.2.3.9: Destination Unreachable 0, 1, 5 soft ... */
	{ 4, 3, 0, 0, ENETUNREACH, "net unreachable" },
	{ 4, 3, 1, 0, EHOSTUNREACH, "host unreachable" },
	{ 4, 3, 5, 0, EOPNOTSUPP, "source route failed" },
	/* ... 2, 3, 4 hard */
	{ 4, 3, 2, 1, ENOPROTOOPT, "protocol unreachable" },
	{ 4, 3, 3, 1, ECONNREFUSED, "port unreachable" },
	{ 4, 3, 4, 1, EMSGSIZE, "fragmentation needed and DF set" },
	/* the later codes: for good, hard; routing states, soft */
	{ 4, 3, 6, 1, ENETUNREACH, "destination network unknown" },
	{ 4, 3, 7, 1, EHOSTDOWN, "destination host unknown" },
	{ 4, 3, 8, 1, ENONET, "source host isolated" },
	{ 4, 3, 9, 1, ENETUNREACH, "network administratively prohibited" },
	{ 4, 3, 10, 1, EHOSTUNREACH, "host administratively prohibited" },
	{ 4, 3, 11, 0, ENETUNREACH, "network unreachable for TOS" },
	{ 4, 3, 12, 0, EHOSTUNREACH, "host unreachable for TOS" },
	{ 4, 3, 13, 1, EHOSTUNREACH,
	    "communication administratively prohibited" },
	{ 4, 3, 14, 1, EHOSTUNREACH, "host precedence violation" },
	{ 4, 3, 15, 1, EHOSTUNREACH, "precedence cutoff in effect" },
	{ 4, 3, 16, 0, EHOSTUNREACH, "destination unreachable" },
	{ 4, 11, 0, 0, EHOSTUNREACH, "time exceeded" },
	{ 4, 12, 0, 0, EPROTO, "parameter problem" },
	/* RFC 4443 */
	{ 6, 1, 0, 0, ENETUNREACH, "no route to destination" },
	{ 6, 1, 1, 1, EACCES, "administratively prohibited" },
	{ 6, 1, 2, 1, EHOSTUNREACH, "beyond scope of source address" },
	{ 6, 1, 3, 0, EHOSTUNREACH, "address unreachable" },
	{ 6, 1, 4, 1, ECONNREFUSED, "port unreachable" },
	{ 6, 1, 5, 1, EACCES, "source address failed ingress/egress policy" },
	{ 6, 1, 6, 1, EACCES, "reject route to destination" },
	{ 6, 1, 7, 1, EPROTO, "destination unreachable" },
	{ 6, 2, 0, 1, EMSGSIZE, "packet too big" },
	{ 6, 3, 0, 0, EHOSTUNREACH, "time exceeded" },
	{ 6, 4, 0, 0, EPROTO, "parameter problem" },
	{ 6, 4, 1, 1, EPROTO, "unrecognized next header" },
	{ 6, 4, 2, 0, EPROTO, "parameter problem" },
	/* not errors a client gets: soft */
	{ 4, 0, 0, 0, EHOSTUNREACH, "ICMP error" },
	{ 6, 128, 0, 0, EHOSTUNREACH, "ICMP error" },
};

START_TEST(test_icmp_hard_or_soft)
{
	int err = 0;

	ck_assert_int_eq(pcpsel_icmp_hard(icmp[_i].family, icmp[_i].type,
			     icmp[_i].code, &err),
	    icmp[_i].hard);
	ck_assert_int_eq(err, icmp[_i].err);
	ck_assert_str_eq(pcpsel_icmp_str(icmp[_i].family, icmp[_i].type,
			     icmp[_i].code),
	    icmp[_i].name);
}
END_TEST

static const struct {
	int err;
	int hard;
} local[] = {
	{ ENETUNREACH, 1 }, /* no route from this interface (P-SEL-3) */
	{ EHOSTUNREACH, 1 },
	{ EPERM, 1 }, /* a local firewall drops it */
	{ EACCES, 1 }, /* ... or rejects it */
	{ EMSGSIZE, 1 },
	{ ECONNREFUSED, 1 },
	{ ENOPROTOOPT, 1 },
	{ EADDRNOTAVAIL, 1 }, /* the source address is gone */
	{ ENOBUFS, 0 },
	{ EAGAIN, 0 },
	{ ENETDOWN, 0 },
	{ ENODEV, 0 },
	{ EINTR, 0 },
};

START_TEST(test_errno_hard_or_soft)
{
	ck_assert_int_eq(pcpsel_errno_hard(local[_i].err), local[_i].hard);
}
END_TEST

START_TEST(test_icmp_bad_family)
{
	ck_assert_int_eq(pcpsel_icmp_hard(5, 3, 3, NULL), -EINVAL);
	ck_assert_int_eq(pcpsel_icmp_hard(4, 3, 3, NULL), 1);
	ck_assert_str_eq(pcpsel_icmp_str(0, 3, 3), "ICMP error");
}
END_TEST

START_TEST(test_transport_rejects)
{
	struct pcpsel_transport *t = NULL;
	struct pcpsel_datagram d;
	struct pcpsel_addr a;
	uint8_t msg[24];

	memset(msg, 0, sizeof(msg));
	ck_assert_int_eq(pcpsel_addr_from_string(&a, "192.0.2.1"), 0);
	ck_assert_int_eq(pcpsel_transport_new(&t), 0);
	ck_assert_int_ge(pcpsel_transport_fd(t), 0);
	ck_assert_int_eq(pcpsel_transport_open(t, "bad/name", NULL, &a, NULL),
	    -EINVAL);
	ck_assert_int_eq(pcpsel_transport_open(t, "nosuchif0", NULL, &a, NULL),
	    -ENODEV);
	/* no such interface: not sent, a soft error (it may appear) */
	ck_assert_int_eq(pcpsel_transport_send(t, "nosuchif0", NULL, &a, msg,
			     sizeof(msg), &d),
	    1);
	ck_assert_int_eq(d.error, ENODEV);
	ck_assert_int_eq(d.hard, 0);
	ck_assert_int_eq(pcpsel_transport_listen(t, "nosuchif0", 4), -ENODEV);
	ck_assert_int_eq(pcpsel_transport_listen(t, "lo", 5), -EINVAL);
	ck_assert_int_eq(pcpsel_transport_recv(t, &d), 0);
	pcpsel_transport_free(t);
	pcpsel_transport_free(NULL);
}
END_TEST

Suite *
transport_suite(void)
{
	Suite *s = suite_create("transport");
	TCase *tc = tcase_create("errors");

	tcase_add_loop_test(tc, test_icmp_hard_or_soft, 0,
	    sizeof(icmp) / sizeof(icmp[0]));
	tcase_add_loop_test(tc, test_errno_hard_or_soft, 0,
	    sizeof(local) / sizeof(local[0]));
	tcase_add_test(tc, test_icmp_bad_family);
	tcase_add_test(tc, test_transport_rejects);
	suite_add_tcase(s, tc);
	return s;
}
