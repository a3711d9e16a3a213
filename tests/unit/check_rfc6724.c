/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_rfc6724.c - RFC 6724 ordering (rfc6724.c) and interface sources
 * (ifaddrs.c)
 *
 * Vectors O1-O14 are doc/policy.md §10; the RFC 6724 §10.2 examples
 * are its destination-selection examples.  Addresses are parsed here with
 * inet_pton(3), independently of addr.c, so a failure points at the sort.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "check_suites.h"

#define MAXV 4

/* Parse "address" or "address/plen" (IPv4 dotted quad or IPv6). */
static void
parse(const char *text, struct pcpsel_addr *ret, unsigned *ret_plen)
{
	char buf[64];
	char *slash;
	uint8_t v4[4];
	int ok;

	ck_assert_uint_lt(strlen(text), sizeof(buf));
	strcpy(buf, text);
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash++ = '\0';
	memset(ret, 0, sizeof(*ret));
	if (inet_pton(AF_INET, buf, v4) == 1) {
		ret->bytes[10] = 0xff;
		ret->bytes[11] = 0xff;
		memcpy(&ret->bytes[12], v4, 4);
		ok = 1;
	} else
		ok = inet_pton(AF_INET6, buf, ret->bytes) == 1;
	ck_assert_msg(ok, "test bug: bad address %s", text);
	if (ret_plen != NULL)
		*ret_plen =
		    slash != NULL ? (unsigned)strtoul(slash, NULL, 10) : 0;
}

static struct pcpsel_addr
A(const char *text) {
	struct pcpsel_addr a;

	parse(text, &a, NULL);
	return a;
}

static const char *
str(const struct pcpsel_addr *a, char *buf, size_t size)
{
	/* clang-format off */
	static const uint8_t mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	/* clang-format on */

	if (memcmp(a->bytes, mapped, 12) == 0)
		return inet_ntop(AF_INET, &a->bytes[12], buf, (socklen_t)size);
	return inet_ntop(AF_INET6, a->bytes, buf, (socklen_t)size);
}

/* Assert that @got[0..n) are the addresses @want[0..n). */
static void
assert_order(const char *name, const struct pcpsel_addr *got,
    const char *const *want, size_t n)
{
	char b1[INET6_ADDRSTRLEN], b2[INET6_ADDRSTRLEN];
	struct pcpsel_addr w;
	size_t i;

	for (i = 0; i < n; i++) {
		w = A(want[i]);
		ck_assert_msg(memcmp(&got[i], &w, sizeof(w)) == 0,
		    "%s: position %zu is %s, want %s", name, i,
		    str(&got[i], b1, sizeof(b1)), str(&w, b2, sizeof(b2)));
	}
}

static size_t
count(const char *const *v)
{
	size_t n = 0;

	while (n < MAXV && v[n] != NULL)
		n++;
	return n;
}

/* One ordering case: sources "addr/plen" with PCPSEL_SRC_* flags, the
 * mapping family, the input and the expected order. */
struct ovec {
	const char *name;
	int mapping;
	const char *src[MAXV];
	unsigned src_flags[MAXV];
	const char *in[MAXV];
	const char *out[MAXV];
};

static void
run_ovec(const struct ovec *v, const struct pcpsel_policy *policy,
    size_t npolicy)
{
	struct pcpsel_source srcs[MAXV];
	struct pcpsel_addr addrs[MAXV];
	struct pcpsel_order_ctx ctx;
	size_t i, ns = count(v->src), n = count(v->in);

	ck_assert_uint_eq(n, count(v->out));
	memset(srcs, 0, sizeof(srcs));
	for (i = 0; i < ns; i++) {
		parse(v->src[i], &srcs[i].addr, &srcs[i].prefixlen);
		srcs[i].flags = v->src_flags[i];
	}
	for (i = 0; i < n; i++)
		addrs[i] = A(v->in[i]);
	memset(&ctx, 0, sizeof(ctx));
	ctx.sources = srcs;
	ctx.nsources = ns;
	ctx.policy = policy;
	ctx.npolicy = npolicy;
	ctx.mapping = v->mapping;
	ctx.prefer_temporary = 1;
	ck_assert_int_eq(pcpsel_order(addrs, NULL, n, &ctx), 0);
	assert_order(v->name, addrs, v->out, n);
}

/* doc/policy.md §10, default policy table. */
/* clang-format off */
static const struct ovec digest_vectors[] = {
	{ "O1 rule 6: IPv6 precedence 40 > IPv4 35", PCPSEL_MAPPING_ANY,
	    { "203.0.113.10/24", "2001:db8:3333::1/64" }, { 0 },
	    { "192.0.2.1", "2001:db8:1111::1" },
	    { "2001:db8:1111::1", "192.0.2.1" } },
	{ "O2 rule 1: IPv4 mapping, IPv6 has no source (RFC 7488 §5)",
	    PCPSEL_MAPPING_V4,
	    { "203.0.113.10/24" }, { 0 },
	    { "2001:db8:1111::1", "192.0.2.1" },
	    { "192.0.2.1", "2001:db8:1111::1" } },
	{ "O3 rule 1: IPv6 mapping, IPv4 has no source", PCPSEL_MAPPING_V6,
	    { "2001:db8:3333::1/64" }, { 0 },
	    { "192.0.2.1", "2001:db8:1111::1" },
	    { "2001:db8:1111::1", "192.0.2.1" } },
	{ "O4 rule 2: global IPv6 only has a link-local source",
	    PCPSEL_MAPPING_ANY,
	    { "fe80::10/64", "203.0.113.10/24" }, { 0 },
	    { "2001:db8:1111::1", "192.0.2.1" },
	    { "192.0.2.1", "2001:db8:1111::1" } },
	{ "O5 rule 3: IPv6 source deprecated", PCPSEL_MAPPING_ANY,
	    { "2001:db8:3333::10/64", "203.0.113.10/24" },
	    { PCPSEL_SRC_DEPRECATED, 0 },
	    { "2001:db8:1111::1", "192.0.2.1" },
	    { "192.0.2.1", "2001:db8:1111::1" } },
	{ "O6 rule 5: 6to4 label 2 != source label 1", PCPSEL_MAPPING_ANY,
	    { "2001:db8:3333::10/64" }, { 0 },
	    { "2002:c000:201::1", "2001:db8:1111::1" },
	    { "2001:db8:1111::1", "2002:c000:201::1" } },
	{ "O7 rule 6: ULA precedence 3 < IPv4 35", PCPSEL_MAPPING_ANY,
	    { "fd00:db8:1::10/64", "203.0.113.10/24" }, { 0 },
	    { "fd00:db8:1::1", "192.0.2.1" },
	    { "192.0.2.1", "fd00:db8:1::1" } },
	{ "O8 rule 8: link-local scope 2 < global 14", PCPSEL_MAPPING_ANY,
	    { "2001:db8:3333::10/64", "fe80::10/64" }, { 0 },
	    { "2001:db8:1111::1", "fe80::1" },
	    { "fe80::1", "2001:db8:1111::1" } },
	{ "O9 rule 9: CommonPrefixLen 64 > 46", PCPSEL_MAPPING_ANY,
	    { "2001:db8:1:1::10/64" }, { 0 },
	    { "2001:db8:2::1", "2001:db8:1:1::1" },
	    { "2001:db8:1:1::1", "2001:db8:2::1" } },
	{ "O10 rule 9 on IPv4: mapped CommonPrefixLen 101 > 100",
	    PCPSEL_MAPPING_ANY,
	    { "198.51.100.10/24" }, { 0 },
	    { "203.0.113.5", "192.0.2.5" },
	    { "192.0.2.5", "203.0.113.5" } },
	{ "O11 rule 10: all tie, input order kept", PCPSEL_MAPPING_ANY,
	    { "2001:db8:3333::10/64" }, { 0 },
	    { "2001:db8:1111::2", "2001:db8:1111::1" },
	    { "2001:db8:1111::2", "2001:db8:1111::1" } },
	{ "O12 rule 6 between families, rule 10 within IPv4",
	    PCPSEL_MAPPING_ANY,
	    { "198.51.100.20/24", "2001:db8:3333::20/64" }, { 0 },
	    { "192.0.2.1", "2001:db8:1111::1", "192.0.2.2" },
	    { "2001:db8:1111::1", "192.0.2.1", "192.0.2.2" } },
	{ "O13 rule 5: Teredo label 5 != source label 1", PCPSEL_MAPPING_ANY,
	    { "2001:db8:3333::20/64", "198.51.100.20/24" }, { 0 },
	    { "2001:0:c000:201::1", "192.0.2.1" },
	    { "192.0.2.1", "2001:0:c000:201::1" } },
	{ "O14 rule 2: IPv4 only has a link-local source", PCPSEL_MAPPING_ANY,
	    { "169.254.7.7/16", "2001:db8:3333::20/64" }, { 0 },
	    { "192.0.2.1", "2001:db8:1111::1" },
	    { "2001:db8:1111::1", "192.0.2.1" } },
};
/* clang-format on */

START_TEST(test_rfc6724_digest_vectors)
{
	run_ovec(&digest_vectors[_i], NULL, 0);
}
END_TEST

/* RFC 6724 §10.2 destination address selection examples (each also tried
 * with the input reversed below). */
/* clang-format off */
static const struct ovec rfc_examples[] = {
	{ "10.2 #1 rule 2: prefer matching scope", PCPSEL_MAPPING_ANY,
	    { "2001:db8:1::2/64", "fe80::1/64", "169.254.13.78/16" }, { 0 },
	    { "198.51.100.121", "2001:db8:1::1" },
	    { "2001:db8:1::1", "198.51.100.121" } },
	{ "10.2 #2 rule 2: prefer matching scope", PCPSEL_MAPPING_ANY,
	    { "fe80::1/64", "198.51.100.117/24" }, { 0 },
	    { "2001:db8:1::1", "198.51.100.121" },
	    { "198.51.100.121", "2001:db8:1::1" } },
	{ "10.2 #3 rule 6: prefer higher precedence", PCPSEL_MAPPING_ANY,
	    { "2001:db8:1::2/64", "fe80::1/64", "10.1.2.4/24" }, { 0 },
	    { "10.1.2.3", "2001:db8:1::1" },
	    { "2001:db8:1::1", "10.1.2.3" } },
	{ "10.2 #4 rule 8: prefer smaller scope", PCPSEL_MAPPING_ANY,
	    { "2001:db8:1::2/64", "fe80::2/64" }, { 0 },
	    { "2001:db8:1::1", "fe80::1" },
	    { "fe80::1", "2001:db8:1::1" } },
	{ "10.2 #5 rule 9: longest matching prefix", PCPSEL_MAPPING_ANY,
	    { "2001:db8:1::2/64", "2001:db8:3f44::2/64", "fe80::2/64" },
	    { 0 },
	    { "2001:db8:3ffe::1", "2001:db8:1::1" },
	    { "2001:db8:1::1", "2001:db8:3ffe::1" } },
	{ "10.2 #6 rule 5: prefer matching label (6to4)", PCPSEL_MAPPING_ANY,
	    { "2002:c633:6401::2/48", "fe80::2/64" }, { 0 },
	    { "2001:db8:1::1", "2002:c633:6401::1" },
	    { "2002:c633:6401::1", "2001:db8:1::1" } },
	{ "10.2 #7 rule 6: prefer higher precedence (native over 6to4)",
	    PCPSEL_MAPPING_ANY,
	    { "2002:c633:6401::2/48", "2001:db8:1::2/64", "fe80::2/64" },
	    { 0 },
	    { "2002:c633:6401::1", "2001:db8:1::1" },
	    { "2001:db8:1::1", "2002:c633:6401::1" } },
};
/* clang-format on */

START_TEST(test_rfc6724_rfc_examples)
{
	run_ovec(&rfc_examples[_i], NULL, 0);
}
END_TEST

/* The same examples with the input reversed: the result must not depend
 * on the input order when a rule decides. */
START_TEST(test_rfc6724_rfc_examples_reversed)
{
	struct ovec v = rfc_examples[_i];
	const char *tmp = v.in[0];

	v.in[0] = v.in[1];
	v.in[1] = tmp;
	run_ovec(&v, NULL, 0);
}
END_TEST

/* Each destination rule decided alone, and source rules seen through the
 * destination order. */
/* clang-format off */
static const struct ovec rule_vectors[] = {
	{ "rule 3 alone: link-local's only source is deprecated",
	    PCPSEL_MAPPING_ANY,
	    { "fe80::10/64", "2001:db8:1::10/64" },
	    { PCPSEL_SRC_DEPRECATED, 0 },
	    { "fe80::1", "2001:db8:1::1" },
	    { "2001:db8:1::1", "fe80::1" } },
	{ "rule 3 off: without the flag rule 8 puts fe80::1 first",
	    PCPSEL_MAPPING_ANY,
	    { "fe80::10/64", "2001:db8:1::10/64" }, { 0, 0 },
	    { "2001:db8:1::1", "fe80::1" },
	    { "fe80::1", "2001:db8:1::1" } },
	{ "rule 4 alone: home beats care-of", PCPSEL_MAPPING_ANY,
	    { "fe80::10/64", "2001:db8:1::10/64" },
	    { PCPSEL_SRC_CAREOF, PCPSEL_SRC_HOME },
	    { "fe80::1", "2001:db8:1::1" },
	    { "2001:db8:1::1", "fe80::1" } },
	{ "rule 4 alone: home+care-of beats home", PCPSEL_MAPPING_ANY,
	    { "fe80::10/64", "2001:db8:1::10/64" },
	    { PCPSEL_SRC_HOME, PCPSEL_SRC_HOME | PCPSEL_SRC_CAREOF },
	    { "fe80::1", "2001:db8:1::1" },
	    { "2001:db8:1::1", "fe80::1" } },
	{ "rule 4: home vs no flag ties, rule 8 decides", PCPSEL_MAPPING_ANY,
	    { "fe80::10/64", "2001:db8:1::10/64" },
	    { 0, PCPSEL_SRC_HOME },
	    { "2001:db8:1::1", "fe80::1" },
	    { "fe80::1", "2001:db8:1::1" } },
	{ "source rule 1: D is a deprecated source, so rule 3 demotes it",
	    PCPSEL_MAPPING_ANY,
	    { "2001:db8:1::20/64", "2001:db8:1::10/64", "203.0.113.10/24" },
	    { 0, PCPSEL_SRC_DEPRECATED, 0 },
	    { "2001:db8:1::10", "192.0.2.1" },
	    { "192.0.2.1", "2001:db8:1::10" } },
	{ "source rule 3: a fresh source is chosen over a deprecated one",
	    PCPSEL_MAPPING_ANY,
	    { "2001:db8:1::10/64", "2001:db8:1::20/64", "203.0.113.10/24" },
	    { PCPSEL_SRC_DEPRECATED, 0, 0 },
	    { "192.0.2.1", "2001:db8:1::11" },
	    { "2001:db8:1::11", "192.0.2.1" } },
	{ "source rule 4: home+care-of source chosen, rule 9 follows it",
	    PCPSEL_MAPPING_ANY,
	    { "2001:db8:2::10/64", "2001:db8:1::10/64" },
	    { 0, PCPSEL_SRC_HOME | PCPSEL_SRC_CAREOF },
	    { "2001:db8:2::1", "2001:db8:1::1" },
	    { "2001:db8:1::1", "2001:db8:2::1" } },
	{ "source rule 7: temporary source chosen, rule 9 follows it",
	    PCPSEL_MAPPING_ANY,
	    { "2001:db8:2::10/64", "2001:db8:1::10/64" },
	    { 0, PCPSEL_SRC_TEMPORARY },
	    { "2001:db8:2::1", "2001:db8:1::1" },
	    { "2001:db8:1::1", "2001:db8:2::1" } },
	{ "source rule 8: longest prefix source, CommonPrefixLen capped",
	    PCPSEL_MAPPING_ANY,
	    { "2001:db8:1::10/32", "2001:db8:2::10/64" }, { 0 },
	    { "2001:db8:1::1", "2001:db8:2::1" },
	    { "2001:db8:2::1", "2001:db8:1::1" } },
	{ "P-FAM-1 mapping 4 drops the IPv6 source of a dual-stack host",
	    PCPSEL_MAPPING_V4,
	    { "2001:db8:3333::1/64", "203.0.113.10/24" }, { 0 },
	    { "2001:db8:1111::1", "192.0.2.1" },
	    { "192.0.2.1", "2001:db8:1111::1" } },
	{ "P-FAM-1 mapping 6 drops the IPv4 source of a dual-stack host",
	    PCPSEL_MAPPING_V6,
	    { "203.0.113.10/24", "2001:db8:3333::1/64" }, { 0 },
	    { "192.0.2.1", "2002:c000:201::1", "2001:db8:1111::1" },
	    { "2001:db8:1111::1", "2002:c000:201::1", "192.0.2.1" } },
	{ "source rule 2: a global source for a global destination",
	    PCPSEL_MAPPING_ANY,
	    { "2001:db8:3333::10/64", "fe80::10/64", "203.0.113.10/24" },
	    { 0 },
	    { "192.0.2.1", "2001:db8:1111::1" },
	    { "2001:db8:1111::1", "192.0.2.1" } },
	{ "::1 has precedence 50: ::1/128 is longer than ::/96 and ::/0",
	    PCPSEL_MAPPING_ANY,
	    { "2001:db8::10/64", "::1/128" }, { 0 },
	    { "2001:db8::1", "::1" },
	    { "::1", "2001:db8::1" } },
	{ "IPv4 169.254/16 is link-local: rule 8 before rule 9",
	    PCPSEL_MAPPING_ANY,
	    { "169.254.1.1/16", "198.51.100.10/24" }, { 0 },
	    { "198.51.100.1", "169.254.9.9" },	/* rule 9 alone: 120 > 112 */
	    { "169.254.9.9", "198.51.100.1" } },
	{ "unspecified :: is no source: rule 8 decides, not rule 2",
	    PCPSEL_MAPPING_ANY,
	    { "::/0" }, { 0 },
	    { "2001:db8:1::1", "fe80::1" },
	    { "fe80::1", "2001:db8:1::1" } },
	{ "unspecified 0.0.0.0 is no source", PCPSEL_MAPPING_ANY,
	    { "0.0.0.0/8" }, { 0 },
	    { "192.0.2.1", "169.254.9.9" },
	    { "169.254.9.9", "192.0.2.1" } },
	{ "multicast 224.0.0.1 is no source", PCPSEL_MAPPING_ANY,
	    { "224.0.0.1/32" }, { 0 },
	    { "192.0.2.1", "169.254.9.9" },
	    { "169.254.9.9", "192.0.2.1" } },
	{ "multicast ff0e::1 is no source", PCPSEL_MAPPING_ANY,
	    { "ff0e::1/128", "203.0.113.10/24" }, { 0 },
	    { "2001:db8:1::1", "192.0.2.1" },
	    { "192.0.2.1", "2001:db8:1::1" } },
	{ "mapping any: IPv6 and IPv4 both usable, rule 6", PCPSEL_MAPPING_ANY,
	    { "203.0.113.10/24", "2001:db8:3333::1/64" }, { 0 },
	    { "192.0.2.1", "2001:db8:1111::1" },
	    { "2001:db8:1111::1", "192.0.2.1" } },
	{ "no sources: rule 1 ties, precedence decides", PCPSEL_MAPPING_ANY,
	    { NULL }, { 0 },
	    { "192.0.2.1", "fd00::1", "2001:db8::1", "2002:c000:201::1" },
	    { "2001:db8::1", "192.0.2.1", "2002:c000:201::1", "fd00::1" } },
	{ "IPv4 169.254/16 source: scope matches 169.254.9.9 only (rule 2)",
	    PCPSEL_MAPPING_ANY,
	    { "169.254.1.1/16", "2001:db8:1::10/64" }, { 0 },
	    { "192.0.2.1", "169.254.9.9", "2001:db8:1::1" },
	    { "2001:db8:1::1", "169.254.9.9", "192.0.2.1" } },
	{ "IPv4 127/8 is link-local: rule 8 puts it before global IPv4",
	    PCPSEL_MAPPING_V4,
	    { "127.0.0.1/8", "198.51.100.10/24" }, { 0 },
	    { "198.51.100.7", "127.0.0.2" },	/* rule 9 alone: 120 > 104 */
	    { "127.0.0.2", "198.51.100.7" } },
	{ "multicast destination: its scope field (ff02 link, ff0e global)",
	    PCPSEL_MAPPING_ANY,
	    { "2001:db8:1::10/64" }, { 0 },
	    { "ff02::1", "ff0e::1" },
	    { "ff0e::1", "ff02::1" } },
	{ "multicast: site-local ff05 has no matching scope (rule 2), rule 8",
	    PCPSEL_MAPPING_ANY,
	    { "2001:db8:1::10/64", "fe80::10/64" }, { 0 },
	    { "ff05::1", "ff0e::1", "ff02::1" },
	    { "ff02::1", "ff0e::1", "ff05::1" } },
};
/* clang-format on */

START_TEST(test_rfc6724_rules)
{
	run_ovec(&rule_vectors[_i], NULL, 0);
}
END_TEST

/* Source rule 7 reversed: prefer_temporary 0 prefers the public source,
 * so Source(D) changes and with it the rule 9 result. */
START_TEST(test_rfc6724_prefer_public)
{
	struct pcpsel_source srcs[2];
	struct pcpsel_addr addrs[2];
	struct pcpsel_order_ctx ctx;
	/* clang-format off */
	static const char *const want_tmp[] = { "2001:db8:1::1",
	    "2001:db8:2::1" };
	static const char *const want_pub[] = { "2001:db8:2::1",
	    "2001:db8:1::1" };
	/* clang-format on */

	memset(srcs, 0, sizeof(srcs));
	parse("2001:db8:2::10/64", &srcs[0].addr, &srcs[0].prefixlen);
	parse("2001:db8:1::10/64", &srcs[1].addr, &srcs[1].prefixlen);
	srcs[1].flags = PCPSEL_SRC_TEMPORARY;
	memset(&ctx, 0, sizeof(ctx));
	ctx.sources = srcs;
	ctx.nsources = 2;

	ctx.prefer_temporary = 1;
	addrs[0] = A("2001:db8:2::1");
	addrs[1] = A("2001:db8:1::1");
	ck_assert_int_eq(pcpsel_order(addrs, NULL, 2, &ctx), 0);
	assert_order("prefer temporary", addrs, want_tmp, 2);

	ctx.prefer_temporary = 0;
	addrs[0] = A("2001:db8:1::1");
	addrs[1] = A("2001:db8:2::1");
	ck_assert_int_eq(pcpsel_order(addrs, NULL, 2, &ctx), 0);
	assert_order("prefer public", addrs, want_pub, 2);
}
END_TEST

/* Rule 1 with PCPSEL_DST_UNREACHABLE, and the flags permuted along. */
START_TEST(test_rfc6724_rule1_unreachable_flags_permuted)
{
	struct pcpsel_source src;
	struct pcpsel_addr addrs[3];
	unsigned flags[3] = { PCPSEL_DST_UNREACHABLE, 0,
		PCPSEL_DST_ENCAPSULATED };
	struct pcpsel_order_ctx ctx;
	/* clang-format off */
	static const char *const want[] = { "2001:db8:1::2",
	    "2001:db8:1::1", "192.0.2.1" };
	/* clang-format on */

	memset(&src, 0, sizeof(src));
	memset(&ctx, 0, sizeof(ctx));
	parse("2001:db8:1::10/64", &src.addr, &src.prefixlen);
	ctx.sources = &src;
	ctx.nsources = 1;
	addrs[0] = A("2001:db8:1::1"); /* known unreachable */
	addrs[1] = A("2001:db8:1::2"); /* the only usable one */
	addrs[2] = A("192.0.2.1"); /* no IPv4 source */
	ck_assert_int_eq(pcpsel_order(addrs, flags, 3, &ctx), 0);
	/* rule 1 puts ::2 first; between the two unusable ones rule 6
	 * (precedence 40 > 35) decides */
	assert_order("rule 1", addrs, want, 3);
	ck_assert_uint_eq(flags[0], 0);
	ck_assert_uint_eq(flags[1], PCPSEL_DST_UNREACHABLE);
	ck_assert_uint_eq(flags[2], PCPSEL_DST_ENCAPSULATED);
}
END_TEST

/* Rule 7 alone: an encapsulated destination loses, flags move along. */
START_TEST(test_rfc6724_rule7_encapsulated)
{
	struct pcpsel_source src;
	struct pcpsel_addr addrs[2];
	unsigned flags[2] = { PCPSEL_DST_ENCAPSULATED, 0 };
	struct pcpsel_order_ctx ctx;
	/* clang-format off */
	static const char *const want[] = { "2001:db8:1::2",
	    "2001:db8:1::1" };
	/* clang-format on */

	memset(&src, 0, sizeof(src));
	memset(&ctx, 0, sizeof(ctx));
	parse("2001:db8:1::10/64", &src.addr, &src.prefixlen);
	ctx.sources = &src;
	ctx.nsources = 1;
	addrs[0] = A("2001:db8:1::1");
	addrs[1] = A("2001:db8:1::2");
	ck_assert_int_eq(pcpsel_order(addrs, flags, 2, &ctx), 0);
	assert_order("rule 7", addrs, want, 2);
	ck_assert_uint_eq(flags[0], 0);
	ck_assert_uint_eq(flags[1], PCPSEL_DST_ENCAPSULATED);

	/* Without the flag, rule 10 keeps the input order. */
	addrs[0] = A("2001:db8:1::1");
	addrs[1] = A("2001:db8:1::2");
	ck_assert_int_eq(pcpsel_order(addrs, NULL, 2, &ctx), 0);
	assert_order("rule 7 off", addrs,
	    (const char *const[]){ "2001:db8:1::1", "2001:db8:1::2" }, 2);
}
END_TEST

/* A policy table that is default except for one row. */
static void
policy_with(struct pcpsel_policy *table, size_t *ret_n, const char *prefix,
    unsigned precedence)
{
	const struct pcpsel_policy *def;
	struct pcpsel_addr p;
	unsigned len;
	size_t i, n;
	int found = 0;

	def = pcpsel_policy_default(&n);
	memcpy(table, def, n * sizeof(*def));
	parse(prefix, &p, &len);
	for (i = 0; i < n; i++)
		if (table[i].len == len &&
		    memcmp(table[i].prefix, p.bytes, 16) == 0) {
			table[i].precedence = precedence;
			found = 1;
		}
	ck_assert_msg(found, "test bug: no row %s", prefix);
	*ret_n = n;
}

/* P-AS-1: a caller table changes the result; O7 flips when ULAs get
 * precedence 45 (the pending RFC 6724 update's intent). */
START_TEST(test_rfc6724_custom_policy_ula_flips_o7)
{
	struct pcpsel_policy table[16];
	size_t n;
	/* clang-format off */
	static const struct ovec o7 = { "O7 with fc00::/7 at 45",
	    PCPSEL_MAPPING_ANY,
	    { "fd00:db8:1::10/64", "203.0.113.10/24" }, { 0 },
	    { "192.0.2.1", "fd00:db8:1::1" },
	    { "fd00:db8:1::1", "192.0.2.1" } };
	/* clang-format on */

	policy_with(table, &n, "fc00::/7", 45);
	run_ovec(&o7, table, n);
	/* and the default table, passed explicitly, gives O7 as is */
	run_ovec(&digest_vectors[6], pcpsel_policy_default(NULL), 9);
}
END_TEST

START_TEST(test_rfc6724_custom_policy_ipv4_first)
{
	struct pcpsel_policy table[16];
	size_t n;
	/* clang-format off */
	static const struct ovec o1 = { "O1 with ::ffff:0:0/96 at 45",
	    PCPSEL_MAPPING_ANY,
	    { "203.0.113.10/24", "2001:db8:3333::1/64" }, { 0 },
	    { "2001:db8:1111::1", "192.0.2.1" },
	    { "192.0.2.1", "2001:db8:1111::1" } };
	/* clang-format on */

	policy_with(table, &n, "::ffff:0:0/96", 45);
	run_ovec(&o1, table, n);
}
END_TEST

/* With a flat table (every IPv6 address precedence 40, label 1) the scopes
 * of §3 show through Rule 8: ::1 is link-local (§3.4), fec0::/10 is
 * site-local, fe80::/10 link-local, ff05:: multicast site-local. */
/* clang-format off */
static const struct ovec flat_vectors[] = {
	{ "flat table: ::1 link-local, before global", PCPSEL_MAPPING_ANY,
	    { "2001:db8::10/64", "fe80::10/64" }, { 0 },
	    { "2001:db8::1", "::1" },
	    { "::1", "2001:db8::1" } },
	{ "flat table: fec0::/10 site-local, between link and global",
	    PCPSEL_MAPPING_ANY,
	    { "2001:db8::10/64", "fec0::10/64", "fe80::10/64" }, { 0 },
	    { "2001:db8::1", "fec0::1", "fe80::1" },
	    { "fe80::1", "fec0::1", "2001:db8::1" } },
	{ "flat table: ff05::1 needs a site-local source", PCPSEL_MAPPING_ANY,
	    { "2001:db8::10/64", "fec0::10/64" }, { 0 },
	    { "2001:db8::1", "ff05::1" },
	    { "ff05::1", "2001:db8::1" } },
};
/* clang-format on */

START_TEST(test_rfc6724_flat_policy_scopes)
{
	struct pcpsel_policy table[2];

	memset(table, 0, sizeof(table));
	table[0].len = 0; /* ::/0 */
	table[0].precedence = 40;
	table[0].label = 1;
	table[1].prefix[10] = 0xff; /* ::ffff:0:0/96 */
	table[1].prefix[11] = 0xff;
	table[1].len = 96;
	table[1].precedence = 35;
	table[1].label = 4;
	run_ovec(&flat_vectors[_i], table, 2);
}
END_TEST

/* P-AS-2: Rule 9 compares CommonPrefixLen only within one family.  With a
 * one-row table (::/0, so IPv4 too gets precedence 40 and label 1) an IPv6
 * and an IPv4 destination tie on Rules 1-8; the IPv4 one's 128-bit
 * CommonPrefixLen (>= 96) must not put it first: Rule 10 keeps the order. */
START_TEST(test_rfc6724_rule9_not_across_families)
{
	struct pcpsel_policy row;
	/* clang-format off */
	static const struct ovec v = { "rule 9 not across families",
	    PCPSEL_MAPPING_ANY,
	    { "203.0.113.10/24", "2001:db8:1::10/64" }, { 0 },
	    { "2001:db8:1::1", "192.0.2.1" },
	    { "2001:db8:1::1", "192.0.2.1" } };
	/* clang-format on */

	memset(&row, 0, sizeof(row));
	row.precedence = 40;
	row.label = 1;
	run_ovec(&v, &row, 1);
}
END_TEST

/* Lookups are longest-prefix match: the default rows in reverse order give
 * the same results for every digest vector. */
START_TEST(test_rfc6724_custom_policy_row_order)
{
	struct pcpsel_policy table[16];
	const struct pcpsel_policy *def;
	size_t i, n;

	def = pcpsel_policy_default(&n);
	for (i = 0; i < n; i++)
		table[i] = def[n - 1 - i];
	run_ovec(&digest_vectors[_i], table, n);
}
END_TEST

/* A table without ::/0: unmatched addresses get precedence 0 and match no
 * label. */
START_TEST(test_rfc6724_custom_policy_partial)
{
	struct pcpsel_policy row;
	struct pcpsel_addr prefix;
	/* clang-format off */
	static const struct ovec v = { "only 2001:db8:2::/48 listed",
	    PCPSEL_MAPPING_ANY,
	    { "2001:db8:1::10/64", "2001:db8:2::10/64" }, { 0 },
	    { "2001:db8:1::1", "2001:db8:2::1" },
	    { "2001:db8:2::1", "2001:db8:1::1" } };
	/* clang-format on */

	memset(&row, 0, sizeof(row));
	parse("2001:db8:2::/48", &prefix, &row.len);
	memcpy(row.prefix, prefix.bytes, sizeof(row.prefix));
	row.precedence = 0; /* only the label (rule 5) tells them apart */
	row.label = 7;
	run_ovec(&v, &row, 1);
}
END_TEST

START_TEST(test_rfc6724_policy_default_table)
{
	const struct pcpsel_policy *p;
	size_t n = 0;

	p = pcpsel_policy_default(&n);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(n, 9);
	/* RFC 6724 §2.1: ::1/128 50 0, ::/0 40 1, ::ffff:0:0/96 35 4 */
	ck_assert_uint_eq(p[0].len, 128);
	ck_assert_uint_eq(p[0].prefix[15], 1);
	ck_assert_uint_eq(p[0].precedence, 50);
	ck_assert_uint_eq(p[0].label, 0);
	ck_assert_uint_eq(p[1].len, 0);
	ck_assert_uint_eq(p[1].precedence, 40);
	ck_assert_uint_eq(p[1].label, 1);
	ck_assert_uint_eq(p[2].len, 96);
	ck_assert_uint_eq(p[2].prefix[10], 0xff);
	ck_assert_uint_eq(p[2].prefix[11], 0xff);
	ck_assert_uint_eq(p[2].precedence, 35);
	ck_assert_uint_eq(p[2].label, 4);
	/* fc00::/7 3 13 */
	ck_assert_uint_eq(p[5].prefix[0], 0xfc);
	ck_assert_uint_eq(p[5].len, 7);
	ck_assert_uint_eq(p[5].precedence, 3);
	ck_assert_uint_eq(p[5].label, 13);
	ck_assert_ptr_eq(pcpsel_policy_default(NULL), p);
}
END_TEST

/* Stability (rule 10, P-AS-4): 1000 equal entries keep their order, and
 * two interleaved classes are partitioned stably. */
START_TEST(test_rfc6724_stable_many_equal)
{
	struct pcpsel_source src;
	struct pcpsel_addr addrs[1000];
	struct pcpsel_order_ctx ctx;
	size_t i, k;

	memset(&src, 0, sizeof(src));
	memset(&ctx, 0, sizeof(ctx));
	parse("2001:db8:1::ffff/64", &src.addr, &src.prefixlen);
	ctx.sources = &src;
	ctx.nsources = 1;
	/* all in 2001:db8:1::/64: CommonPrefixLen capped at 64, all tie */
	for (i = 0; i < 1000; i++) {
		addrs[i] = A("2001:db8:1::");
		addrs[i].bytes[14] = (uint8_t)((999 - i) >> 8);
		addrs[i].bytes[15] = (uint8_t)(999 - i);
	}
	ck_assert_int_eq(pcpsel_order(addrs, NULL, 1000, &ctx), 0);
	for (i = 0; i < 1000; i++)
		ck_assert_uint_eq((unsigned)addrs[i].bytes[14] << 8 |
			addrs[i].bytes[15],
		    999 - i);

	/* odd i: 2001:db8:2::i (CommonPrefixLen 46), even: 2001:db8:1::i */
	for (i = 0; i < 1000; i++) {
		addrs[i] = A(i % 2 ? "2001:db8:2::" : "2001:db8:1::");
		addrs[i].bytes[14] = (uint8_t)(i >> 8);
		addrs[i].bytes[15] = (uint8_t)i;
	}
	ck_assert_int_eq(pcpsel_order(addrs, NULL, 1000, &ctx), 0);
	for (k = 0; k < 1000; k++) {
		i = k < 500 ? 2 * k : 2 * (k - 500) + 1;
		ck_assert_uint_eq(addrs[k].bytes[5], i % 2 ? 2 : 1);
		ck_assert_uint_eq((unsigned)addrs[k].bytes[14] << 8 |
			addrs[k].bytes[15],
		    i);
	}
}
END_TEST

/* 4095 destinations (PCPSEL_V6_MAX_ADDRS) of 7 classes in pseudo-random
 * order: the result is the stable partition by class rank. */
enum { BIG = PCPSEL_V6_MAX_ADDRS, NCLASS = 7 };

static void
big_make(size_t cls, size_t serial, struct pcpsel_addr *a, unsigned *flags)
{
	/* rank order: fe80::/64 (rule 8), 2001:db8:1::/64 (rule 9: 64),
	 * 2001:db8:2::/64 (46), 192.0.2.0/24 (rule 6; 101),
	 * 203.0.113.0/24 (100), 2002::/16 (rule 5: label 2),
	 * 2001:db8:1:: flagged unreachable (rule 1) */
	/* clang-format off */
	static const char *const base[NCLASS] = {
		"fe80::", "2001:db8:1::", "2001:db8:2::", "192.0.2.0",
		"203.0.113.0", "2002:c000:201::", "2001:db8:1:0:1::"
	};
	/* clang-format on */

	*a = A(base[cls]);
	*flags = cls == 6 ? PCPSEL_DST_UNREACHABLE : 0;
	if (cls == 3 || cls == 4) {
		a->bytes[15] = (uint8_t)(serial % 250 + 1);
		return;
	}
	a->bytes[13] = (uint8_t)(serial >> 16);
	a->bytes[14] = (uint8_t)(serial >> 8);
	a->bytes[15] = (uint8_t)serial;
}

START_TEST(test_rfc6724_large_4095)
{
	struct pcpsel_source srcs[3];
	struct pcpsel_addr *addrs, want;
	unsigned *flags, wflags;
	size_t *cls, i, c, k;
	struct pcpsel_order_ctx ctx;
	uint32_t seed = 12345;

	addrs = calloc(BIG, sizeof(*addrs));
	flags = calloc(BIG, sizeof(*flags));
	cls = calloc(BIG, sizeof(*cls));
	ck_assert(addrs != NULL && flags != NULL && cls != NULL);
	memset(srcs, 0, sizeof(srcs));
	parse("2001:db8:1::10/64", &srcs[0].addr, &srcs[0].prefixlen);
	parse("198.51.100.10/24", &srcs[1].addr, &srcs[1].prefixlen);
	parse("fe80::10/64", &srcs[2].addr, &srcs[2].prefixlen);
	memset(&ctx, 0, sizeof(ctx));
	ctx.sources = srcs;
	ctx.nsources = 3;
	for (i = 0; i < BIG; i++) {
		seed = seed * 1103515245u + 12345u;
		cls[i] = (seed >> 16) % NCLASS;
		big_make(cls[i], i, &addrs[i], &flags[i]);
	}
	ck_assert_int_eq(pcpsel_order(addrs, flags, BIG, &ctx), 0);
	/* expected: for each class in rank order, its members by input
	 * index (rule 10) */
	k = 0;
	for (c = 0; c < NCLASS; c++)
		for (i = 0; i < BIG; i++) {
			if (cls[i] != c)
				continue;
			big_make(c, i, &want, &wflags);
			ck_assert_msg(memcmp(&addrs[k], &want, sizeof(want)) ==
				0,
			    "position %zu: want class %zu input %zu", k, c, i);
			ck_assert_uint_eq(flags[k], wflags);
			k++;
		}
	ck_assert_uint_eq(k, BIG);
	free(addrs);
	free(flags);
	free(cls);
}
END_TEST

/* A count whose work space cannot exist: -ENOMEM before anything is read
 * or written. */
/* ---- the fast paths give the comparator's order ------------------------- */

/* Addresses on every row of the RFC 6724 §2.1 default table and on the
 * edges between rows. */
/* clang-format off */
static const char *const table_edges[] = {
	"::", "::1", "::2", "::ffff:0:1", "::fffe:0:1", "::1:0:0:1",
	"::1:ffff:c000:201", "::ffff:192.0.2.1", "192.0.2.1", "10.0.0.1",
	"169.254.1.1", "127.0.0.1", "0.1.2.3", "::192.0.2.1", "2002::1",
	"2002:c000:201::1", "2003::1", "2001::1", "2001:0:ffff::1",
	"2001:1::1", "2001:db8::1", "fc00::1", "fdff::1", "fe00::1",
	"fe80::1", "febf::1", "fec0::1", "feff::1", "ff02::1", "ff0e::1",
	"3ffe::1", "3fff::1", "3ffd::1", "1::1",
};
/* clang-format on */

/* The default table given explicitly (a copy, so the generic longest-
 * prefix walk runs) orders exactly as the built-in one (a decision on the
 * leading bytes): every pair of the edge addresses, both ways round, with
 * sources of every kind. */
START_TEST(test_rfc6724_default_table_fast_path)
{
	struct pcpsel_policy copy[16];
	struct pcpsel_source srcs[4];
	struct pcpsel_order_ctx fast, walk;
	const struct pcpsel_policy *def;
	struct pcpsel_addr x[2], y[2];
	size_t n, i, j, nedges = sizeof(table_edges) / sizeof(table_edges[0]);

	def = pcpsel_policy_default(&n);
	ck_assert_uint_le(n, 16);
	memcpy(copy, def, n * sizeof(*def));
	memset(srcs, 0, sizeof(srcs));
	parse("192.0.2.100/24", &srcs[0].addr, &srcs[0].prefixlen);
	parse("2001:db8::100/64", &srcs[1].addr, &srcs[1].prefixlen);
	parse("fe80::100/64", &srcs[2].addr, &srcs[2].prefixlen);
	parse("fd00::100/64", &srcs[3].addr, &srcs[3].prefixlen);
	memset(&fast, 0, sizeof(fast));
	fast.sources = srcs;
	fast.nsources = 4;
	fast.prefer_temporary = 1;
	walk = fast;
	walk.policy = copy;
	walk.npolicy = n;
	for (i = 0; i < nedges; i++)
		for (j = 0; j < nedges; j++) {
			x[0] = y[0] = A(table_edges[i]);
			x[1] = y[1] = A(table_edges[j]);
			ck_assert_int_eq(pcpsel_order(x, NULL, 2, &fast), 0);
			ck_assert_int_eq(pcpsel_order(y, NULL, 2, &walk), 0);
			ck_assert_msg(memcmp(x, y, sizeof(x)) == 0,
			    "%s, %s: built-in and copied table disagree",
			    table_edges[i], table_edges[j]);
		}
}
END_TEST

static uint32_t
xorshift(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

/* A random destination of one of many kinds (scopes, labels, families). */
static struct pcpsel_addr
random_dst(uint32_t *st)
{
	/* clang-format off */
	static const char *const bases[] = {
		"192.0.2.0", "198.51.100.0", "203.0.113.0", "169.254.0.0",
		"10.0.0.0", "2001:db8::", "2001:db8:1::", "2001:db8:1:ff00::",
		"fe80::", "fd00:db8::", "2002:c000:201::", "2001::", "fec0::",
		"ff0e::", "ff02::", "ff05::",
	};
	/* clang-format on */
	size_t k = xorshift(st) % (sizeof(bases) / sizeof(bases[0]));
	struct pcpsel_addr a = A(bases[k]);
	uint32_t r = xorshift(st);

	if (pcpsel_addr_is_v4(&a)) {
		a.bytes[14] ^= (uint8_t)(r >> 8);
		a.bytes[15] ^= (uint8_t)r;
	} else {
		/* host part, and sometimes the subnet: varied prefix
		 * lengths in common with the sources (Rule 9) */
		a.bytes[15] = (uint8_t)r;
		a.bytes[14] = (uint8_t)(r >> 8);
		if ((r >> 16) % 3 == 0)
			a.bytes[7] ^= (uint8_t)(r >> 24);
	}
	return a;
}

#define KEY_N 300

/*
 * Large inputs are sorted by one key per destination (linear) where that is
 * the comparator's order.  Check the result through the comparator itself,
 * pair by pair (two addresses are sorted by the merge sort): each address
 * never goes after the next, and two that tie keep their input order.
 * Over many random inputs, mapping families, sources and flags.
 */
START_TEST(test_rfc6724_key_sort_is_comparator_order)
{
	/* clang-format off */
	static const char *const src_sets[][4] = {
		{ "192.0.2.100/24", "2001:db8::100/64", "fe80::100/64", NULL },
		{ "169.254.7.7/16", "2001:db8:1::9/48", NULL, NULL },
		{ "10.1.1.1/8", "fd00:db8::1/64", "2001:db8::7/64",
		    "fe80::1/64" },
		{ "2002:c000:201::1/48", "fe80::2/64", NULL, NULL },
		{ "203.0.113.5/24", NULL, NULL, NULL },
	};
	static const int mappings[] = {
		PCPSEL_MAPPING_ANY, PCPSEL_MAPPING_V4, PCPSEL_MAPPING_V6
	};
	/* clang-format on */
	struct pcpsel_addr in[KEY_N], out[KEY_N], pair[2];
	unsigned fin[KEY_N], fout[KEY_N], fpair[2];
	struct pcpsel_source srcs[4];
	struct pcpsel_order_ctx ctx;
	uint32_t st = 0x9e3779b9u + (uint32_t)_i;
	size_t round, i, j, ns, ia, ib;

	for (round = 0; round < 24; round++) {
		memset(srcs, 0, sizeof(srcs));
		for (ns = 0; ns < 4 && src_sets[round % 5][ns] != NULL; ns++) {
			parse(src_sets[round % 5][ns], &srcs[ns].addr,
			    &srcs[ns].prefixlen);
			/* deprecated and temporary sources now and then */
			srcs[ns].flags =
			    (xorshift(&st) % 4 == 0 ? PCPSEL_SRC_DEPRECATED :
						      0) |
			    (xorshift(&st) % 3 == 0 ? PCPSEL_SRC_TEMPORARY :
						      0);
		}
		memset(&ctx, 0, sizeof(ctx));
		ctx.sources = srcs;
		ctx.nsources = ns;
		ctx.mapping = mappings[round % 3];
		ctx.prefer_temporary = (int)(round / 3 % 2);
		for (i = 0; i < KEY_N; i++) {
			do {
				in[i] = random_dst(&st);
				for (j = 0; j < i; j++)
					if (memcmp(&in[j], &in[i],
						sizeof(in[i])) == 0)
						break;
			} while (j < i);
			fin[i] = xorshift(&st) % 5 == 0 ?
			    PCPSEL_DST_ENCAPSULATED :
			    0;
		}
		memcpy(out, in, sizeof(in));
		memcpy(fout, fin, sizeof(fin));
		ck_assert_int_eq(pcpsel_order(out, fout, KEY_N, &ctx), 0);
		for (i = 0; i + 1 < KEY_N; i++) {
			for (ia = 0; memcmp(&in[ia], &out[i], 16) != 0; ia++)
				continue;
			for (ib = 0; memcmp(&in[ib], &out[i + 1], 16) != 0;
			     ib++)
				continue;
			ck_assert_uint_eq(fout[i], fin[ia]);
			/* out[i + 1] must not go strictly before out[i] */
			pair[0] = out[i];
			pair[1] = out[i + 1];
			fpair[0] = fout[i];
			fpair[1] = fout[i + 1];
			ck_assert_int_eq(pcpsel_order(pair, fpair, 2, &ctx),
			    0);
			ck_assert_msg(memcmp(&pair[0], &out[i], 16) == 0,
			    "round %zu, position %zu: the next address goes "
			    "first",
			    round, i);
			/* a tie keeps the input order (Rule 10) */
			pair[0] = out[i + 1];
			pair[1] = out[i];
			fpair[0] = fout[i + 1];
			fpair[1] = fout[i];
			ck_assert_int_eq(pcpsel_order(pair, fpair, 2, &ctx),
			    0);
			if (memcmp(&pair[0], &out[i + 1], 16) == 0)
				ck_assert_msg(ia < ib,
				    "round %zu, position "
				    "%zu: a tie out of input order",
				    round, i);
		}
	}
}
END_TEST

/* A random IPv4 destination: near the sources (every CommonPrefixLen
 * from 0 to 32 with 192.0.2.100), link-local (169.254.0.0/16, 127.0.0.0/8)
 * or anywhere at all (multicast and 0.0.0.0/8 too: the order does not
 * filter). */
static struct pcpsel_addr
random_v4_dst(uint32_t *st)
{
	/* clang-format off */
	static const char *const bases[] = {
		"192.0.2.100", "192.0.2.0", "198.51.100.0", "203.0.113.0",
		"10.0.0.0", "169.254.0.0", "127.0.0.0", "172.16.0.0",
	};
	/* clang-format on */
	uint32_t r = xorshift(st), k = r % 10, flip;
	struct pcpsel_addr a;

	if (k >= 8) {
		a = A("0.0.0.0");
		r = xorshift(st);
		a.bytes[12] = (uint8_t)(r >> 24);
		a.bytes[13] = (uint8_t)(r >> 16);
		a.bytes[14] = (uint8_t)(r >> 8);
		a.bytes[15] = (uint8_t)r;
		return a;
	}
	a = A(bases[k]);
	r = xorshift(st);
	/* flip one bit anywhere below the first 8 (any prefix length in
	 * common with a source of that /8), and the last byte */
	flip = 8 + r % 24;
	if (r >> 8 & 1u)
		a.bytes[12 + flip / 8] ^= (uint8_t)(0x80u >> (flip % 8));
	a.bytes[15] ^= (uint8_t)(r >> 16);
	return a;
}

/*
 * The IPv4 path of the ordering (every destination IPv4, the built-in
 * default table, at most one IPv4 candidate: numbers sorted instead of the
 * comparator) gives exactly what the general path gives: the same table
 * given as a copy takes the general path (the comparator's merge sort, or
 * its key sort from 48 destinations).  Random sources (0 to 3 IPv4 ones,
 * valid or not, any prefix length and flags; IPv6 ones), mapping families,
 * destination flags (or none), duplicates, counts of 2 to 300, and now and
 * then one IPv6 destination among them (the IPv4 path gives up).
 */
START_TEST(test_rfc6724_v4_path_equals_general)
{
	/* clang-format off */
	static const char *const v4_srcs[] = {
		"192.0.2.100", "192.0.3.1", "169.254.3.3", "10.9.8.7",
		"127.0.0.1", "0.0.0.0", "224.0.0.1", "203.0.113.5",
	};
	static const char *const v6_srcs[] = {
		"2001:db8::1", "fe80::1", "fd00::1", "2002:c000:201::1",
	};
	static const int mappings[] = {
		PCPSEL_MAPPING_ANY, PCPSEL_MAPPING_ANY, PCPSEL_MAPPING_V4,
		PCPSEL_MAPPING_V6
	};
	static const unsigned dflags[] = {
		0, 0, 0, PCPSEL_DST_UNREACHABLE, PCPSEL_DST_ENCAPSULATED,
		PCPSEL_DST_UNREACHABLE | PCPSEL_DST_ENCAPSULATED,
	};
	/* clang-format on */
	struct pcpsel_addr in[KEY_N], fast[KEY_N], gen[KEY_N];
	unsigned fin[KEY_N], ffast[KEY_N], fgen[KEY_N];
	struct pcpsel_policy copy[16];
	const struct pcpsel_policy *def;
	struct pcpsel_source srcs[6];
	struct pcpsel_order_ctx cf, cg;
	uint32_t st = 0x2545f491u + (uint32_t)_i, r;
	size_t round, i, n, ns, nv4, npol;
	bool use_flags, moved = false;

	def = pcpsel_policy_default(&npol);
	ck_assert_uint_le(npol, 16);
	memcpy(copy, def, npol * sizeof(*def));
	for (round = 0; round < 400; round++) {
		r = xorshift(&st);
		nv4 = r % 4;
		memset(srcs, 0, sizeof(srcs));
		for (ns = 0; ns < nv4; ns++) {
			r = xorshift(&st);
			srcs[ns].addr = A(v4_srcs[r % 8]);
			srcs[ns].prefixlen = (r >> 3) % 33;
			srcs[ns].flags = (r >> 9) % 16; /* any PCPSEL_SRC_* */
		}
		for (r = xorshift(&st) % 3; r > 0; r--, ns++) {
			uint32_t q = xorshift(&st);

			srcs[ns].addr = A(v6_srcs[q % 4]);
			srcs[ns].prefixlen = q % 4 == 3 ? 48 : 64;
			srcs[ns].flags = (q >> 4) % 16;
		}
		/* a random place for the IPv4 sources among the others */
		if (ns > 1 && xorshift(&st) % 2 == 0) {
			struct pcpsel_source t = srcs[0];

			srcs[0] = srcs[ns - 1];
			srcs[ns - 1] = t;
		}
		memset(&cf, 0, sizeof(cf));
		cf.sources = srcs;
		cf.nsources = ns;
		cf.mapping = mappings[xorshift(&st) % 4];
		cf.prefer_temporary = (int)(xorshift(&st) % 2);
		cg = cf;
		cg.policy = copy;
		cg.npolicy = npol;

		r = xorshift(&st);
		n = r % 4 == 0 ? 17 + (r >> 2) % (KEY_N - 16) :
				 2 + (r >> 2) % 15;
		use_flags = (r >> 16) % 4 != 0;
		for (i = 0; i < n; i++) {
			r = xorshift(&st);
			if (i > 0 && r % 8 == 0)
				in[i] = in[(r >> 3) % i]; /* a duplicate */
			else
				in[i] = random_v4_dst(&st);
			fin[i] = dflags[(r >> 12) % 6];
		}
		if (xorshift(&st) % 6 == 0)
			in[xorshift(&st) % n] = A("2001:db8::5");
		memcpy(fast, in, n * sizeof(in[0]));
		memcpy(gen, in, n * sizeof(in[0]));
		memcpy(ffast, fin, n * sizeof(fin[0]));
		memcpy(fgen, fin, n * sizeof(fin[0]));
		ck_assert_int_eq(pcpsel_order(fast, use_flags ? ffast : NULL,
				     n, &cf),
		    0);
		ck_assert_int_eq(pcpsel_order(gen, use_flags ? fgen : NULL, n,
				     &cg),
		    0);
		for (i = 0; i < n; i++) {
			char b1[INET6_ADDRSTRLEN], b2[INET6_ADDRSTRLEN];

			ck_assert_msg(memcmp(&fast[i], &gen[i], 16) == 0,
			    "round %zu (%zu destinations, %zu sources), "
			    "position %zu: %s, the general path %s",
			    round, n, ns, i, str(&fast[i], b1, sizeof(b1)),
			    str(&gen[i], b2, sizeof(b2)));
			if (use_flags)
				ck_assert_uint_eq(ffast[i], fgen[i]);
			if (memcmp(&fast[i], &in[i], 16) != 0)
				moved = true;
		}
	}
	/* the inputs were not all left as they came */
	ck_assert(moved);
}
END_TEST

START_TEST(test_rfc6724_enomem_huge_count)
{
	struct pcpsel_order_ctx ctx;
	struct pcpsel_addr a = A("192.0.2.1"), b = a;

	memset(&ctx, 0, sizeof(ctx));
	ck_assert_int_eq(pcpsel_order(&a, NULL, SIZE_MAX / 2, &ctx), -ENOMEM);
	ck_assert_mem_eq(&a, &b, sizeof(a));
}
END_TEST

START_TEST(test_rfc6724_zero_and_one)
{
	struct pcpsel_order_ctx ctx;
	struct pcpsel_addr a = A("192.0.2.1"), b = a;

	memset(&ctx, 0, sizeof(ctx));
	ck_assert_int_eq(pcpsel_order(NULL, NULL, 0, &ctx), 0);
	ck_assert_int_eq(pcpsel_order(&a, NULL, 1, &ctx), 0);
	ck_assert_mem_eq(&a, &b, sizeof(a));
}
END_TEST

/* -EINVAL cases; the addresses are unchanged. */
enum {
	BAD_CTX_NULL,
	BAD_ADDRS_NULL,
	BAD_SOURCES_NULL,
	BAD_MAPPING,
	BAD_NPOLICY_0,
	BAD_POLICY_LEN,
	BAD_V4_PLEN,
	BAD_V6_PLEN,
	BAD_SRC_FLAGS,
	BAD_DST_FLAGS,
	BAD_COUNT
};

START_TEST(test_rfc6724_einval)
{
	struct pcpsel_source srcs[2];
	struct pcpsel_policy row;
	struct pcpsel_addr addrs[2], orig[2];
	unsigned flags[2] = { 0, 0 };
	struct pcpsel_order_ctx ctx, *pctx = &ctx;
	struct pcpsel_addr *pa = addrs;

	memset(srcs, 0, sizeof(srcs));
	memset(&row, 0, sizeof(row));
	parse("203.0.113.10/24", &srcs[0].addr, &srcs[0].prefixlen);
	parse("2001:db8:1::10/64", &srcs[1].addr, &srcs[1].prefixlen);
	memset(&ctx, 0, sizeof(ctx));
	ctx.sources = srcs;
	ctx.nsources = 2;
	orig[0] = addrs[0] = A("192.0.2.1");
	orig[1] = addrs[1] = A("2001:db8:2::1");
	switch (_i) {
	case BAD_CTX_NULL:
		pctx = NULL;
		break;
	case BAD_ADDRS_NULL:
		pa = NULL;
		break;
	case BAD_SOURCES_NULL:
		ctx.sources = NULL;
		break;
	case BAD_MAPPING:
		ctx.mapping = 5;
		break;
	case BAD_NPOLICY_0:
		ctx.policy = &row;
		ctx.npolicy = 0;
		break;
	case BAD_POLICY_LEN:
		row.len = 129;
		ctx.policy = &row;
		ctx.npolicy = 1;
		break;
	case BAD_V4_PLEN:
		srcs[0].prefixlen = 33;
		break;
	case BAD_V6_PLEN:
		srcs[1].prefixlen = 129;
		break;
	case BAD_SRC_FLAGS:
		srcs[1].flags = 0x100;
		break;
	case BAD_DST_FLAGS:
		flags[1] = 0x80;
		break;
	}
	ck_assert_int_eq(pcpsel_order(pa, flags, 2, pctx), -EINVAL);
	ck_assert_mem_eq(addrs, orig, sizeof(addrs));
	ck_assert_uint_eq(flags[0], 0);
}
END_TEST

/* pcpsel_list_order() orders every server's addresses (list.c needed). */
START_TEST(test_rfc6724_list_order)
{
	struct pcpsel_list *list, *want;
	struct pcpsel_source src;
	struct pcpsel_order_ctx ctx;
	struct pcpsel_addr s1[3], s2[2], w1[3], w2[2];

	memset(&src, 0, sizeof(src));
	memset(&ctx, 0, sizeof(ctx));
	parse("198.51.100.20/24", &src.addr, &src.prefixlen);
	ctx.sources = &src;
	ctx.nsources = 1;
	ctx.mapping = PCPSEL_MAPPING_V4;
	/* server 1: O2-like, IPv6 has no source */
	s1[0] = A("2001:db8:1111::1");
	s1[1] = A("203.0.113.5");
	s1[2] = A("192.0.2.5");
	w1[0] = s1[2];
	w1[1] = s1[1];
	w1[2] = s1[0];
	s2[0] = A("192.0.2.9");
	s2[1] = A("198.51.100.9");
	w2[0] = s2[1];
	w2[1] = s2[0];
	list = pcpsel_list_new();
	want = pcpsel_list_new();
	ck_assert_ptr_nonnull(list);
	ck_assert_ptr_nonnull(want);
	ck_assert_int_eq(pcpsel_list_add_server(list,
			     PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6, s1,
			     3),
	    0);
	ck_assert_int_eq(pcpsel_list_add_server(list, PCPSEL_ORIGIN_DHCPV4, s2,
			     2),
	    0);
	ck_assert_int_eq(pcpsel_list_add_server(want,
			     PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6, w1,
			     3),
	    0);
	ck_assert_int_eq(pcpsel_list_add_server(want, PCPSEL_ORIGIN_DHCPV4, w2,
			     2),
	    0);
	ck_assert_int_eq(pcpsel_list_order(list, &ctx), 0);
	ck_assert_int_eq(pcpsel_list_equal(list, want), 1);
	/* bad context: the list is unchanged */
	ctx.mapping = 7;
	ck_assert_int_eq(pcpsel_list_order(list, &ctx), -EINVAL);
	ck_assert_int_eq(pcpsel_list_equal(list, want), 1);
	ctx.mapping = PCPSEL_MAPPING_V4;
	ck_assert_int_eq(pcpsel_list_order(NULL, &ctx), -EINVAL);
	ck_assert_int_eq(pcpsel_list_order(list, NULL), -EINVAL);
	pcpsel_list_free(list);
	pcpsel_list_free(want);
}
END_TEST

/* ---- ifaddrs.c: read-only, on the loopback interface only ---------- */

START_TEST(test_ifaddrs_loopback)
{
	struct pcpsel_source *srcs = NULL;
	struct pcpsel_addr lo4 = A("127.0.0.1"), lo6 = A("::1");
	size_t n = 0, i;
	int have4 = 0;

	ck_assert_int_eq(pcpsel_sources_get("lo", &srcs, &n), 0);
	ck_assert_ptr_nonnull(srcs);
	for (i = 0; i < n; i++) {
		if (memcmp(&srcs[i].addr, &lo4, sizeof(lo4)) == 0) {
			ck_assert_uint_eq(srcs[i].prefixlen, 8);
			ck_assert_uint_eq(srcs[i].flags, 0);
			have4 = 1;
		}
		if (memcmp(&srcs[i].addr, &lo6, sizeof(lo6)) == 0) {
			ck_assert_uint_eq(srcs[i].prefixlen, 128);
			ck_assert_uint_eq(srcs[i].flags, 0);
		}
		/* only unicast, in the documented prefix ranges */
		ck_assert_uint_ne(srcs[i].addr.bytes[0], 0xff);
	}
	ck_assert_msg(have4, "127.0.0.1/8 not found on lo");
	free(srcs);
}
END_TEST

static const struct {
	const char *name;
	int want;
} ifname_cases[] = {
	{ "pcpselnx0", -ENODEV }, /* valid name, no such interface */
	{ "", -EINVAL }, { ".", -EINVAL }, { "..", -EINVAL },
	{ "a/b", -EINVAL }, { "a b", -EINVAL }, { "lo\n", -EINVAL },
	{ "abcdefghijklmnop", -EINVAL }, /* 16 > IFNAMSIZ - 1 */
};

START_TEST(test_ifaddrs_bad_names)
{
	struct pcpsel_source *srcs = (struct pcpsel_source *)&srcs;
	size_t n = 42;

	ck_assert_int_eq(pcpsel_sources_get(ifname_cases[_i].name, &srcs, &n),
	    ifname_cases[_i].want);
	/* outputs untouched on failure */
	ck_assert_ptr_eq(srcs, (struct pcpsel_source *)&srcs);
	ck_assert_uint_eq(n, 42);
}
END_TEST

START_TEST(test_ifaddrs_null_args)
{
	struct pcpsel_source *srcs = NULL;
	size_t n = 0;

	ck_assert_int_eq(pcpsel_sources_get(NULL, &srcs, &n), -EINVAL);
	ck_assert_int_eq(pcpsel_sources_get("lo", NULL, &n), -EINVAL);
	ck_assert_int_eq(pcpsel_sources_get("lo", &srcs, NULL), -EINVAL);
}
END_TEST

Suite *
rfc6724_suite(void)
{
	Suite *s = suite_create("rfc6724");
	TCase *tc;

	tc = tcase_create("vectors");
	tcase_add_loop_test(tc, test_rfc6724_digest_vectors, 0,
	    (int)(sizeof(digest_vectors) / sizeof(digest_vectors[0])));
	tcase_add_loop_test(tc, test_rfc6724_rfc_examples, 0,
	    (int)(sizeof(rfc_examples) / sizeof(rfc_examples[0])));
	tcase_add_loop_test(tc, test_rfc6724_rfc_examples_reversed, 0,
	    (int)(sizeof(rfc_examples) / sizeof(rfc_examples[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("rules");
	tcase_add_loop_test(tc, test_rfc6724_rules, 0,
	    (int)(sizeof(rule_vectors) / sizeof(rule_vectors[0])));
	tcase_add_test(tc, test_rfc6724_prefer_public);
	tcase_add_test(tc, test_rfc6724_rule1_unreachable_flags_permuted);
	tcase_add_test(tc, test_rfc6724_rule7_encapsulated);
	tcase_add_test(tc, test_rfc6724_stable_many_equal);
	suite_add_tcase(s, tc);

	tc = tcase_create("policy");
	tcase_add_test(tc, test_rfc6724_policy_default_table);
	tcase_add_test(tc, test_rfc6724_custom_policy_ula_flips_o7);
	tcase_add_test(tc, test_rfc6724_custom_policy_ipv4_first);
	tcase_add_test(tc, test_rfc6724_custom_policy_partial);
	tcase_add_test(tc, test_rfc6724_rule9_not_across_families);
	tcase_add_loop_test(tc, test_rfc6724_flat_policy_scopes, 0,
	    (int)(sizeof(flat_vectors) / sizeof(flat_vectors[0])));
	tcase_add_loop_test(tc, test_rfc6724_custom_policy_row_order, 0,
	    (int)(sizeof(digest_vectors) / sizeof(digest_vectors[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_rfc6724_large_4095);
	tcase_add_test(tc, test_rfc6724_default_table_fast_path);
	tcase_add_loop_test(tc, test_rfc6724_key_sort_is_comparator_order, 0,
	    4);
	tcase_add_loop_test(tc, test_rfc6724_v4_path_equals_general, 0, 4);
	tcase_add_test(tc, test_rfc6724_zero_and_one);
	tcase_add_test(tc, test_rfc6724_enomem_huge_count);
	tcase_add_loop_test(tc, test_rfc6724_einval, 0, BAD_COUNT);
	tcase_add_test(tc, test_rfc6724_list_order);
	suite_add_tcase(s, tc);

	tc = tcase_create("ifaddrs");
	tcase_add_test(tc, test_ifaddrs_loopback);
	tcase_add_loop_test(tc, test_ifaddrs_bad_names, 0,
	    (int)(sizeof(ifname_cases) / sizeof(ifname_cases[0])));
	tcase_add_test(tc, test_ifaddrs_null_args);
	suite_add_tcase(s, tc);
	return s;
}
