/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_list.c - server lists: lifecycle, pcpsel_list_add_server's and
 * pcpsel_list_add_servers' contracts, equality and the DHCPv4 + DHCPv6
 * merge (P-DHCP-1, D46-01)
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

#define V4 PCPSEL_ORIGIN_DHCPV4
#define V6 PCPSEL_ORIGIN_DHCPV6
#define ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct pcpsel_addr a_192_0_2_1 = PA4(ADDR4_192_0_2_1);
static const struct pcpsel_addr a_192_0_2_2 = PA4(ADDR4_192_0_2_2);
static const struct pcpsel_addr a_198_51_100_1 = PA4(ADDR4_198_51_100_1);
static const struct pcpsel_addr a_198_51_100_2 = PA4(ADDR4_198_51_100_2);
static const struct pcpsel_addr a_203_0_113_1 = PA4(ADDR4_203_0_113_1);
static const struct pcpsel_addr a_db8_1_1 = PA6(ADDR6_2001_DB8_1__1);
static const struct pcpsel_addr a_db8_2_1 = PA6(ADDR6_2001_DB8_2__1);
static const struct pcpsel_addr a_db8_2_2 = PA6(ADDR6_2001_DB8_2__2);

static void
add(struct pcpsel_list *list, unsigned origin, size_t n,
    const struct pcpsel_addr *a0, const struct pcpsel_addr *a1,
    const struct pcpsel_addr *a2)
{
	struct pcpsel_addr addrs[3];

	addrs[0] = *a0;
	if (n > 1)
		addrs[1] = *a1;
	if (n > 2)
		addrs[2] = *a2;
	ck_assert_int_eq(pcpsel_list_add_server(list, origin, addrs, n), 0);
}

static void
assert_server(const struct pcpsel_list *list, size_t index, unsigned origin,
    size_t n, const struct pcpsel_addr *a0, const struct pcpsel_addr *a1,
    const struct pcpsel_addr *a2)
{
	const struct pcpsel_addr *got = pcpsel_server_addrs(list, index);
	const struct pcpsel_addr *want[3] = { a0, a1, a2 };
	size_t i;

	ck_assert_uint_eq(pcpsel_server_naddrs(list, index), n);
	ck_assert_uint_eq(pcpsel_server_origin(list, index), origin);
	ck_assert_ptr_nonnull(got);
	for (i = 0; i < n; i++)
		ck_assert_msg(memcmp(got[i].bytes, want[i]->bytes, 16) == 0,
		    "server %zu address %zu", index, i);
}

/* ---- lifecycle --------------------------------------------------------- */

START_TEST(test_list_lifecycle)
{
	struct pcpsel_list *list = pcpsel_list_new();

	ck_assert_ptr_nonnull(list);
	ck_assert_uint_eq(pcpsel_list_count(list), 0);
	add(list, V4, 2, &a_192_0_2_1, &a_192_0_2_2, NULL);
	add(list, V6 | V4, 1, &a_db8_1_1, NULL, NULL);
	ck_assert_uint_eq(pcpsel_list_count(list), 2);
	assert_server(list, 0, V4, 2, &a_192_0_2_1, &a_192_0_2_2, NULL);
	assert_server(list, 1, V4 | V6, 1, &a_db8_1_1, NULL, NULL);
	/* out of range: 0, NULL and 0 */
	ck_assert_uint_eq(pcpsel_server_naddrs(list, 2), 0);
	ck_assert_ptr_null(pcpsel_server_addrs(list, 2));
	ck_assert_uint_eq(pcpsel_server_origin(list, 2), 0);
	ck_assert_uint_eq(pcpsel_server_naddrs(list, (size_t)-1), 0);
	pcpsel_list_clear(list);
	ck_assert_uint_eq(pcpsel_list_count(list), 0);
	ck_assert_ptr_null(pcpsel_server_addrs(list, 0));
	/* reusable after clear; an address may come back */
	add(list, V6, 1, &a_192_0_2_1, NULL, NULL);
	assert_server(list, 0, V6, 1, &a_192_0_2_1, NULL, NULL);
	pcpsel_list_free(list);
	pcpsel_list_free(NULL);
	ck_assert_uint_eq(pcpsel_list_count(NULL), 0);
}
END_TEST

START_TEST(test_list_many_servers)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_addr a = PA6(ADDR6_2001_DB8__1);
	size_t i;

	/* growth keeps every server */
	for (i = 0; i < 1000; i++) {
		a.bytes[14] = (uint8_t)(i >> 8);
		a.bytes[15] = (uint8_t)i;
		ck_assert_int_eq(pcpsel_list_add_server(list, V6, &a, 1), 0);
	}
	ck_assert_uint_eq(pcpsel_list_count(list), 1000);
	for (i = 0; i < 1000; i++) {
		ck_assert_uint_eq(pcpsel_server_addrs(list, i)[0].bytes[15],
		    (uint8_t)i);
	}
	/* the duplicate check works on a big list too (sorted path) */
	a.bytes[14] = 0;
	a.bytes[15] = 7;
	ck_assert_int_eq(pcpsel_list_add_server(list, V6, &a, 1), -EINVAL);
	ck_assert_uint_eq(pcpsel_list_count(list), 1000);
	pcpsel_list_free(list);
}
END_TEST

/* ---- add_server contract ----------------------------------------------- */

static const struct {
	const char *name;
	unsigned origin;
	size_t n;
	int dup; /* 1: addresses[1] = addresses[0]; 2: = held by list */
	int null_addrs;
	int rc;
} add_bad_rows[] = {
	{ "n is 0", V4, 0, 0, 0, -EINVAL },
	{ "origin is 0", 0, 1, 0, 0, -EINVAL },
	{ "origin has an unknown bit", 0x4, 1, 0, 0, -EINVAL },
	{ "addrs is NULL", V4, 1, 0, 1, -EINVAL },
	{ "address twice in the server", V4, 2, 1, 0, -EINVAL },
	{ "address held by another server", V6, 1, 2, 0, -EINVAL },
	{ "more than PCPSEL_V6_MAX_ADDRS", V6, PCPSEL_V6_MAX_ADDRS + 1, 0, 0,
	    -E2BIG },
	{ "many addresses, last repeats the first", V6, 200, 3, 0, -EINVAL },
};

START_TEST(test_list_add_server_errors)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_list *copy = pcpsel_list_new();
	struct pcpsel_addr *addrs;
	size_t i, n = add_bad_rows[_i].n;

	add(list, V4, 1, &a_192_0_2_1, NULL, NULL);
	add(copy, V4, 1, &a_192_0_2_1, NULL, NULL);
	addrs = calloc(n + 1, sizeof(*addrs));
	ck_assert_ptr_nonnull(addrs);
	for (i = 0; i < n + 1; i++) {
		addrs[i] = a_db8_1_1;
		addrs[i].bytes[13] = (uint8_t)(i >> 8);
		addrs[i].bytes[12] = (uint8_t)i;
	}
	if (add_bad_rows[_i].dup == 1)
		addrs[1] = addrs[0];
	if (add_bad_rows[_i].dup == 2)
		addrs[0] = a_192_0_2_1;
	if (add_bad_rows[_i].dup == 3)
		addrs[n - 1] = addrs[0];
	ck_assert_msg(pcpsel_list_add_server(list, add_bad_rows[_i].origin,
			  add_bad_rows[_i].null_addrs ? NULL : addrs,
			  n) == add_bad_rows[_i].rc,
	    "%s", add_bad_rows[_i].name);
	/* unchanged on failure */
	ck_assert(pcpsel_list_equal(list, copy));
	ck_assert_int_eq(pcpsel_list_add_server(NULL, V4, addrs, 1), -EINVAL);
	free(addrs);
	pcpsel_list_free(list);
	pcpsel_list_free(copy);
}
END_TEST

START_TEST(test_list_add_server_max)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_addr *addrs =
	    calloc(PCPSEL_V6_MAX_ADDRS, sizeof(*addrs));
	size_t i;

	for (i = 0; i < PCPSEL_V6_MAX_ADDRS; i++) {
		addrs[i] = a_db8_1_1;
		addrs[i].bytes[14] = (uint8_t)(i >> 8);
		addrs[i].bytes[15] = (uint8_t)i;
	}
	ck_assert_int_eq(pcpsel_list_add_server(list, V6, addrs,
			     PCPSEL_V6_MAX_ADDRS),
	    0);
	ck_assert_uint_eq(pcpsel_server_naddrs(list, 0), PCPSEL_V6_MAX_ADDRS);
	/* verbatim: no filter (an unusable address is stored as given) */
	ck_assert_int_eq(pcpsel_list_add_server(list, V6,
			     &(struct pcpsel_addr)PA6(ADDR6_LOOPBACK), 1),
	    0);
	ck_assert_uint_eq(pcpsel_list_count(list), 2);
	free(addrs);
	pcpsel_list_free(list);
}
END_TEST

/* ---- equal ------------------------------------------------------------- */

START_TEST(test_list_equal)
{
	struct pcpsel_list *a = pcpsel_list_new(), *b = pcpsel_list_new();

	ck_assert(pcpsel_list_equal(a, b));
	ck_assert(pcpsel_list_equal(NULL, NULL));
	ck_assert(!pcpsel_list_equal(a, NULL));
	ck_assert(!pcpsel_list_equal(NULL, b));
	add(a, V4, 2, &a_192_0_2_1, &a_192_0_2_2, NULL);
	ck_assert(!pcpsel_list_equal(a, b));
	/* same addresses, other order */
	add(b, V4, 2, &a_192_0_2_2, &a_192_0_2_1, NULL);
	ck_assert(!pcpsel_list_equal(a, b));
	pcpsel_list_clear(b);
	/* other origin */
	add(b, V6, 2, &a_192_0_2_1, &a_192_0_2_2, NULL);
	ck_assert(!pcpsel_list_equal(a, b));
	pcpsel_list_clear(b);
	/* same addresses, split in two servers */
	add(b, V4, 1, &a_192_0_2_1, NULL, NULL);
	add(b, V4, 1, &a_192_0_2_2, NULL, NULL);
	ck_assert(!pcpsel_list_equal(a, b));
	pcpsel_list_clear(b);
	add(b, V4, 2, &a_192_0_2_1, &a_192_0_2_2, NULL);
	ck_assert(pcpsel_list_equal(a, b));
	ck_assert(pcpsel_list_equal(b, a));
	ck_assert(pcpsel_list_equal(a, a));
	pcpsel_list_free(a);
	pcpsel_list_free(b);
}
END_TEST

/* ---- many servers at once (pcpsel_list_add_servers) -------------------- */

START_TEST(test_list_add_servers)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct pcpsel_addr a[5];
	size_t counts[3] = { 2, 1, 2 }, bad = 77;

	add(list, V6, 1, &a_db8_1_1, NULL, NULL);
	a[0] = a_192_0_2_1;
	a[1] = a_192_0_2_2;
	a[2] = a_198_51_100_1;
	a[3] = a_198_51_100_2;
	a[4] = a_203_0_113_1;
	ck_assert_int_eq(pcpsel_list_add_servers(list, V4, a, counts, 3, &bad),
	    0);
	ck_assert_uint_eq(bad, 77); /* untouched on success */
	ck_assert_uint_eq(pcpsel_list_count(list), 4);
	assert_server(list, 1, V4, 2, &a_192_0_2_1, &a_192_0_2_2, NULL);
	assert_server(list, 2, V4, 1, &a_198_51_100_1, NULL, NULL);
	assert_server(list, 3, V4, 2, &a_198_51_100_2, &a_203_0_113_1, NULL);
	/* the 0.1 name counts the same */
	ck_assert_uint_eq(pcpsel_server_count(list, 3), 2);
	ck_assert_uint_eq(pcpsel_server_count(list, 9), 0);
	ck_assert_int_eq(pcpsel_list_add_servers(list, V4, NULL, NULL, 0,
			     NULL),
	    0);
	ck_assert_uint_eq(pcpsel_list_count(list), 4);
	pcpsel_list_free(list);
}
END_TEST

/* Each failure leaves the list as it was; a duplicate names the first
 * address held twice (in the list, an earlier server, its own server). */
START_TEST(test_list_add_servers_errors)
{
	struct pcpsel_list *list = pcpsel_list_new(), *copy;
	struct pcpsel_addr a[4], big[PCPSEL_V6_MAX_ADDRS + 1];
	size_t c2[2] = { 2, 2 }, c0[2] = { 2, 0 },
	       cbig = PCPSEL_V6_MAX_ADDRS + 1;
	size_t bad;

	add(list, V4, 1, &a_203_0_113_1, NULL, NULL);
	copy = pcpsel_list_new();
	add(copy, V4, 1, &a_203_0_113_1, NULL, NULL);
	a[0] = a_192_0_2_1;
	a[1] = a_192_0_2_2;
	a[2] = a_198_51_100_1;
	a[3] = a_192_0_2_2; /* held by server 1 */
	bad = 0;
	ck_assert_int_eq(pcpsel_list_add_servers(list, V4, a, c2, 2, &bad),
	    -EINVAL);
	ck_assert_uint_eq(bad, 3);
	a[3] = a_203_0_113_1; /* held by the list */
	a[1] = a_192_0_2_1; /* twice in server 1: comes first */
	ck_assert_int_eq(pcpsel_list_add_servers(list, V4, a, c2, 2, &bad),
	    -EINVAL);
	ck_assert_uint_eq(bad, 1);
	a[1] = a_192_0_2_2;
	ck_assert_int_eq(pcpsel_list_add_servers(list, V4, a, c2, 2, &bad),
	    -EINVAL);
	ck_assert_uint_eq(bad, 3);
	a[3] = a_198_51_100_2;
	ck_assert_int_eq(pcpsel_list_add_servers(list, V4, a, c0, 2, NULL),
	    -EINVAL);
	ck_assert_int_eq(pcpsel_list_add_servers(list, 0, a, c2, 2, NULL),
	    -EINVAL);
	ck_assert_int_eq(pcpsel_list_add_servers(list, 4, a, c2, 2, NULL),
	    -EINVAL);
	ck_assert_int_eq(pcpsel_list_add_servers(NULL, V4, a, c2, 2, NULL),
	    -EINVAL);
	ck_assert_int_eq(pcpsel_list_add_servers(list, V4, NULL, c2, 2, NULL),
	    -EINVAL);
	memset(big, 0, sizeof(big));
	ck_assert_int_eq(pcpsel_list_add_servers(list, V6, big, &cbig, 1,
			     NULL),
	    -E2BIG);
	ck_assert(pcpsel_list_equal(list, copy));
	/* and the same call, fixed, works */
	ck_assert_int_eq(pcpsel_list_add_servers(list, V4, a, c2, 2, NULL), 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 3);
	pcpsel_list_free(list);
	pcpsel_list_free(copy);
}
END_TEST

/* ---- merge (P-DHCP-1) ------------------------------------------------- */

/* D46-01: DHCPv4 9e 05 04 c0 00 02 01 and DHCPv6 D6-02 */
/* clang-format off */
static const uint8_t d46_01_v4[] = {
	0x04,			/* List-Length */
	ADDR4_192_0_2_1,
};
static const uint8_t d46_01_v6[] = {
	ADDR6_2001_DB8_1__1,
	V4MAPPED(ADDR4_192_0_2_1),
};
static const uint8_t d46_01_v4_disjoint[] = {
	0x04,			/* List-Length */
	ADDR4_198_51_100_1,
};
/* clang-format on */

START_TEST(test_list_merge_d46_01_intersecting)
{
	struct pcpsel_buf b4 = { d46_01_v4, sizeof(d46_01_v4) };
	struct pcpsel_buf b6 = { d46_01_v6, sizeof(d46_01_v6) };
	struct pcpsel_list *l4 = pcpsel_list_new(), *l6 = pcpsel_list_new();
	struct pcpsel_list *ret = pcpsel_list_new();

	ck_assert_int_eq(pcpsel_v4_decode(l4, &b4, 1, NULL), 0);
	ck_assert_int_eq(pcpsel_v6_decode(l6, &b6, 1, NULL), 0);
	add(ret, V4, 1, &a_203_0_113_1, NULL, NULL); /* cleared first */
	ck_assert_int_eq(pcpsel_list_merge(ret, l4, l6), 0);
	/* one server {192.0.2.1, 2001:db8:1::1}, both origins */
	ck_assert_uint_eq(pcpsel_list_count(ret), 1);
	assert_server(ret, 0, V4 | V6, 2, &a_192_0_2_1, &a_db8_1_1, NULL);

	/* the other way round (DHCPv6 list given as the first argument):
	 * its server comes first and the DHCPv4 one joins it */
	ck_assert_int_eq(pcpsel_list_merge(ret, l6, l4), 0);
	ck_assert_uint_eq(pcpsel_list_count(ret), 1);
	assert_server(ret, 0, V4 | V6, 2, &a_db8_1_1, &a_192_0_2_1, NULL);
	pcpsel_list_free(l4);
	pcpsel_list_free(l6);
	pcpsel_list_free(ret);
}
END_TEST

START_TEST(test_list_merge_d46_01_disjoint)
{
	struct pcpsel_buf b4 = { d46_01_v4_disjoint,
		sizeof(d46_01_v4_disjoint) };
	struct pcpsel_buf b6 = { d46_01_v6, sizeof(d46_01_v6) };
	struct pcpsel_list *l4 = pcpsel_list_new(), *l6 = pcpsel_list_new();
	struct pcpsel_list *ret = pcpsel_list_new();

	ck_assert_int_eq(pcpsel_v4_decode(l4, &b4, 1, NULL), 0);
	ck_assert_int_eq(pcpsel_v6_decode(l6, &b6, 1, NULL), 0);
	ck_assert_int_eq(pcpsel_list_merge(ret, l4, l6), 0);
	/* DHCPv4 gives 198.51.100.1: two servers, DHCPv4 first */
	ck_assert_uint_eq(pcpsel_list_count(ret), 2);
	assert_server(ret, 0, V4, 1, &a_198_51_100_1, NULL, NULL);
	assert_server(ret, 1, V6, 2, &a_db8_1_1, &a_192_0_2_1, NULL);
	ck_assert_int_eq(pcpsel_list_merge(ret, l6, l4), 0);
	ck_assert_uint_eq(pcpsel_list_count(ret), 2);
	assert_server(ret, 0, V6, 2, &a_db8_1_1, &a_192_0_2_1, NULL);
	assert_server(ret, 1, V4, 1, &a_198_51_100_1, NULL, NULL);
	pcpsel_list_free(l4);
	pcpsel_list_free(l6);
	pcpsel_list_free(ret);
}
END_TEST

/* P-DHCP-3: a DHCPv6 server sharing addresses with two DHCPv4 servers */
START_TEST(test_list_merge_first_of_two_and_no_repeat)
{
	struct pcpsel_list *l4 = pcpsel_list_new(), *l6 = pcpsel_list_new();
	struct pcpsel_list *ret = pcpsel_list_new();

	/* v4: S1 {192.0.2.1}, S2 {192.0.2.2, 198.51.100.1} */
	add(l4, V4, 1, &a_192_0_2_1, NULL, NULL);
	add(l4, V4, 2, &a_192_0_2_2, &a_198_51_100_1, NULL);
	/* v6: T1 {db8:2::1, 192.0.2.2, 192.0.2.1} touches S2 and S1: S1 and
	 * S2 stay two servers (DHCPv4's division is kept), T1's new address
	 * joins S1 (the first in DHCPv4 order), and both S1 and S2 are
	 * labelled dhcpv4,dhcpv6: DHCPv6 announced one address of each;
	 * T2 {db8:1::1, 203.0.113.1} touches nothing: appended;
	 * T3 {198.51.100.2, db8:2::2} new too */
	add(l6, V6, 3, &a_db8_2_1, &a_192_0_2_2, &a_192_0_2_1);
	add(l6, V6, 2, &a_db8_1_1, &a_203_0_113_1, NULL);
	add(l6, V6, 2, &a_198_51_100_2, &a_db8_2_2, NULL);
	ck_assert_int_eq(pcpsel_list_merge(ret, l4, l6), 0);
	ck_assert_uint_eq(pcpsel_list_count(ret), 4);
	assert_server(ret, 0, V4 | V6, 2, &a_192_0_2_1, &a_db8_2_1, NULL);
	assert_server(ret, 1, V4 | V6, 2, &a_192_0_2_2, &a_198_51_100_1, NULL);
	assert_server(ret, 2, V6, 2, &a_db8_1_1, &a_203_0_113_1, NULL);
	assert_server(ret, 3, V6, 2, &a_198_51_100_2, &a_db8_2_2, NULL);
	/* the inputs are untouched */
	ck_assert_uint_eq(pcpsel_list_count(l4), 2);
	ck_assert_uint_eq(pcpsel_server_naddrs(l4, 0), 1);
	pcpsel_list_free(l4);
	pcpsel_list_free(l6);
	pcpsel_list_free(ret);
}
END_TEST

/* P-DHCP-3: the DHCPv4 servers touched need not be the first ones, and a
 * DHCPv6 server bringing no new address still labels them all. */
START_TEST(test_list_merge_touches_later_servers)
{
	struct pcpsel_list *l4 = pcpsel_list_new(), *l6 = pcpsel_list_new();
	struct pcpsel_list *ret = pcpsel_list_new();

	add(l4, V4, 1, &a_203_0_113_1, NULL, NULL);
	add(l4, V4, 1, &a_192_0_2_1, NULL, NULL);
	add(l4, V4, 1, &a_192_0_2_2, NULL, NULL);
	/* one DHCPv6 server lists S3's address before S2's */
	add(l6, V6, 2, &a_192_0_2_2, &a_192_0_2_1, NULL);
	ck_assert_int_eq(pcpsel_list_merge(ret, l4, l6), 0);
	ck_assert_uint_eq(pcpsel_list_count(ret), 3);
	assert_server(ret, 0, V4, 1, &a_203_0_113_1, NULL, NULL);
	assert_server(ret, 1, V4 | V6, 1, &a_192_0_2_1, NULL, NULL);
	assert_server(ret, 2, V4 | V6, 1, &a_192_0_2_2, NULL, NULL);
	/* with a new address: it joins S2, the first in DHCPv4 order */
	pcpsel_list_clear(l6);
	add(l6, V6, 3, &a_192_0_2_2, &a_db8_1_1, &a_192_0_2_1);
	ck_assert_int_eq(pcpsel_list_merge(ret, l4, l6), 0);
	ck_assert_uint_eq(pcpsel_list_count(ret), 3);
	assert_server(ret, 0, V4, 1, &a_203_0_113_1, NULL, NULL);
	assert_server(ret, 1, V4 | V6, 2, &a_192_0_2_1, &a_db8_1_1, NULL);
	assert_server(ret, 2, V4 | V6, 1, &a_192_0_2_2, NULL, NULL);
	pcpsel_list_free(l4);
	pcpsel_list_free(l6);
	pcpsel_list_free(ret);
}
END_TEST

START_TEST(test_list_merge_null_and_alias)
{
	struct pcpsel_list *l4 = pcpsel_list_new(), *l6 = pcpsel_list_new();
	struct pcpsel_list *ret = pcpsel_list_new(), *copy;

	add(l4, V4, 1, &a_192_0_2_1, NULL, NULL);
	add(l6, V6, 2, &a_db8_1_1, &a_192_0_2_1, NULL);
	ck_assert_int_eq(pcpsel_list_merge(NULL, l4, l6), -EINVAL);
	ck_assert_int_eq(pcpsel_list_merge(ret, NULL, NULL), 0);
	ck_assert_uint_eq(pcpsel_list_count(ret), 0);
	ck_assert_int_eq(pcpsel_list_merge(ret, l4, NULL), 0);
	ck_assert(pcpsel_list_equal(ret, l4));
	ck_assert_int_eq(pcpsel_list_merge(ret, NULL, l6), 0);
	ck_assert(pcpsel_list_equal(ret, l6));
	/* @ret may be one of the inputs */
	ck_assert_int_eq(pcpsel_list_merge(l4, l4, l6), 0);
	ck_assert_uint_eq(pcpsel_list_count(l4), 1);
	assert_server(l4, 0, V4 | V6, 2, &a_192_0_2_1, &a_db8_1_1, NULL);
	/* the same list twice: a copy, nothing repeated */
	copy = pcpsel_list_new();
	ck_assert_int_eq(pcpsel_list_merge(copy, l6, l6), 0);
	ck_assert(pcpsel_list_equal(copy, l6));
	pcpsel_list_free(copy);
	pcpsel_list_free(l4);
	pcpsel_list_free(l6);
	pcpsel_list_free(ret);
}
END_TEST

/* big inputs (index path): every DHCPv6 server shares one address with
 * the DHCPv4 server of the same rank and brings one new address */
START_TEST(test_list_merge_large)
{
	struct pcpsel_list *l4 = pcpsel_list_new(), *l6 = pcpsel_list_new();
	struct pcpsel_list *ret = pcpsel_list_new();
	struct pcpsel_addr a[2];
	size_t i;

	for (i = 0; i < 300; i++) {
		a[0] = a_192_0_2_1;
		a[0].bytes[13] = (uint8_t)(i >> 8);
		a[0].bytes[14] = (uint8_t)i;
		ck_assert_int_eq(pcpsel_list_add_server(l4, V4, a, 1), 0);
	}
	for (i = 0; i < 300; i++) {
		a[0] = a_db8_1_1;
		a[0].bytes[13] = (uint8_t)(i >> 8);
		a[0].bytes[14] = (uint8_t)i;
		/* v6 server i holds v4 server (299 - i)'s address */
		a[1] = a_192_0_2_1;
		a[1].bytes[13] = (uint8_t)((299 - i) >> 8);
		a[1].bytes[14] = (uint8_t)(299 - i);
		ck_assert_int_eq(pcpsel_list_add_server(l6, V6, a, 2), 0);
	}
	ck_assert_int_eq(pcpsel_list_merge(ret, l4, l6), 0);
	ck_assert_uint_eq(pcpsel_list_count(ret), 300);
	for (i = 0; i < 300; i++) {
		const struct pcpsel_addr *got = pcpsel_server_addrs(ret, i);

		ck_assert_uint_eq(pcpsel_server_naddrs(ret, i), 2);
		ck_assert_uint_eq(pcpsel_server_origin(ret, i), V4 | V6);
		ck_assert_uint_eq(got[0].bytes[14], (uint8_t)i);
		ck_assert_uint_eq(got[1].bytes[0], 0x20);
		ck_assert_uint_eq(got[1].bytes[14], (uint8_t)(299 - i));
	}
	pcpsel_list_free(l4);
	pcpsel_list_free(l6);
	pcpsel_list_free(ret);
}
END_TEST

Suite *
list_suite(void)
{
	Suite *s = suite_create("list");
	TCase *tc;

	tc = tcase_create("ownership");
	tcase_add_test(tc, test_list_lifecycle);
	tcase_add_test(tc, test_list_many_servers);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_loop_test(tc, test_list_add_server_errors, 0,
	    ROWS(add_bad_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_list_add_server_max);
	tcase_add_test(tc, test_list_add_servers);
	tcase_add_test(tc, test_list_add_servers_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("valid");
	tcase_add_test(tc, test_list_equal);
	tcase_add_test(tc, test_list_merge_d46_01_intersecting);
	tcase_add_test(tc, test_list_merge_d46_01_disjoint);
	tcase_add_test(tc, test_list_merge_first_of_two_and_no_repeat);
	tcase_add_test(tc, test_list_merge_touches_later_servers);
	tcase_add_test(tc, test_list_merge_null_and_alias);
	tcase_add_test(tc, test_list_merge_large);
	suite_add_tcase(s, tc);
	return s;
}
