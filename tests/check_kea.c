/*
 * check_kea.c - the Kea hook's "pcp-servers" parameters (kea.c) and the
 * JSON reader under them (json.c): exact option bytes for valid values,
 * exact messages for every kind of bad value, whole Kea configuration
 * files (pcpsel kea-check), and JSON edge cases that must give an error,
 * never a crash.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcpsel.h"
#include "check_suites.h"
#include "fixtures.h"

#define ROWS(a)		((int)(sizeof(a) / sizeof((a)[0])))
#define SUBNET		"subnet 192.0.2.0/24 (id 1)"
#define IN_SUBNET	"pcp-servers in " SUBNET

/* struct pcpsel_wire * that no call may write */
#define SENTINEL	((struct pcpsel_wire *)&sentinel_obj)
static int sentinel_obj;

/* Addresses not in fixtures.h */
#define K6_2001_DB8__2 \
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, \
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02
#define K6_2001_DB8__3 \
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, \
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03

/* Messages reported by pcpsel_kea_check. */
#define MAX_MSGS 32
struct msgs {
	int n;
	char text[MAX_MSGS][PCPSEL_KEA_ERRSIZE];
};

static void
collect(void *arg, const char *msg)
{
	struct msgs *m = arg;

	ck_assert_ptr_nonnull(msg);
	ck_assert_uint_lt(strlen(msg), PCPSEL_KEA_ERRSIZE);
	if (m->n < MAX_MSGS)
		snprintf(m->text[m->n], sizeof(m->text[0]), "%s", msg);
	m->n++;
}

static int
check_text(const char *text, struct msgs *m)
{
	memset(m, 0, sizeof(*m));
	return pcpsel_kea_check(text, strlen(text), collect, m);
}

/* Parse a "pcp-servers" value that must be valid. */
static struct pcpsel_wire *
servers_ok(int family, const char *json)
{
	struct pcpsel_wire *wire = SENTINEL;
	char err[PCPSEL_KEA_ERRSIZE] = "x";
	int r;

	r = pcpsel_kea_servers_parse(family, json, strlen(json), "global",
	    &wire, err, sizeof(err));
	ck_assert_msg(r == 0, "%s: %d %s", json, r, err);
	ck_assert_str_eq(err, "");
	ck_assert_ptr_nonnull(wire);
	ck_assert_ptr_ne(wire, SENTINEL);
	return wire;
}

static void
assert_instance(const struct pcpsel_wire *wire, size_t index,
    const uint8_t *want, size_t want_len)
{
	const uint8_t *data;
	size_t len = 0;

	data = pcpsel_wire_get(wire, index, &len);
	ck_assert_ptr_nonnull(data);
	ck_assert_uint_eq(len, want_len);
	ck_assert_mem_eq(data, want, want_len);
}

/* ------------------------------------------------------------------------
 * valid values: exact option bytes
 */

/* RFC 7291 §4.1: two servers, the first with two addresses, in one
 * option-158 instance. */
START_TEST(test_kea_v4_two_servers_exact_bytes)
{
	static const uint8_t want[] = {
		0x08,				/* List-Length, server 1 */
		ADDR4_192_0_2_1,
		ADDR4_192_0_2_2,
		0x04,				/* List-Length, server 2 */
		ADDR4_198_51_100_1,
	};
	struct pcpsel_wire *wire;

	wire = servers_ok(4, "[ [ \"192.0.2.1\", \"192.0.2.2\" ], "
	    "[ \"198.51.100.1\" ] ]");
	ck_assert_uint_eq(pcpsel_wire_count(wire), 1);
	assert_instance(wire, 0, want, sizeof(want));
	ck_assert_ptr_null(pcpsel_wire_get(wire, 1, NULL));
	pcpsel_wire_free(wire);
}
END_TEST

/* R7291-4: one option-86 instance per server; R7291-3/19: the IPv4
 * server is sent IPv4-mapped. */
START_TEST(test_kea_v6_three_servers_one_mapped)
{
	static const uint8_t want1[] = { ADDR6_2001_DB8__1 };
	static const uint8_t want2[] = { K6_2001_DB8__2, K6_2001_DB8__3 };
	static const uint8_t want3[] = { V4MAPPED(ADDR4_192_0_2_1) };
	struct pcpsel_wire *wire;
	struct pcpsel_list *list;
	struct pcpsel_buf insts[3];
	size_t i;

	wire = servers_ok(6, "[[\"2001:db8::1\"],"
	    "[\"2001:db8::2\",\"2001:db8::3\"],[\"192.0.2.1\"]]");
	ck_assert_uint_eq(pcpsel_wire_count(wire), 3);
	assert_instance(wire, 0, want1, sizeof(want1));
	assert_instance(wire, 1, want2, sizeof(want2));
	assert_instance(wire, 2, want3, sizeof(want3));

	/* and a client decodes the same three servers back */
	for (i = 0; i < 3; i++)
		insts[i].data = pcpsel_wire_get(wire, i, &insts[i].len);
	list = pcpsel_list_new();
	ck_assert_ptr_nonnull(list);
	ck_assert_int_eq(pcpsel_v6_decode(list, insts, 3, NULL), 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 3);
	ck_assert_uint_eq(pcpsel_server_count(list, 1), 2);
	ck_assert_int_eq(pcpsel_addr_is_v4(pcpsel_server_addrs(list, 2)), 1);
	pcpsel_list_free(list);
	pcpsel_wire_free(wire);
}
END_TEST

/* "[]" means: send no PCP server (0 instances), in both families. */
START_TEST(test_kea_empty_list_is_no_server)
{
	struct pcpsel_wire *wire;

	wire = servers_ok(4, "[]");
	ck_assert_uint_eq(pcpsel_wire_count(wire), 0);
	pcpsel_wire_free(wire);
	wire = servers_ok(6, " [ /* none */ ] ");
	ck_assert_uint_eq(pcpsel_wire_count(wire), 0);
	pcpsel_wire_free(wire);
}
END_TEST

/* ::ffff:a.b.c.d is an IPv4 address: valid in kea-dhcp4. */
START_TEST(test_kea_v4_mapped_text_is_ipv4)
{
	static const uint8_t want[] = { 0x04, ADDR4_192_0_2_1 };
	struct pcpsel_wire *wire;

	wire = servers_ok(4, "[[\"::ffff:192.0.2.1\"]]");
	ck_assert_uint_eq(pcpsel_wire_count(wire), 1);
	assert_instance(wire, 0, want, sizeof(want));
	pcpsel_wire_free(wire);
}
END_TEST

/* Kea's comment forms and escapes inside a value. */
START_TEST(test_kea_value_with_comments_and_escapes)
{
	static const uint8_t want[] = { 0x04, ADDR4_198_51_100_1 };
	struct pcpsel_wire *wire;

	wire = servers_ok(4, "# servers\n[ // one\n [ /* the only */ "
	    "\"198.51.100.\\u0031\" ] ]\n# end");
	ck_assert_uint_eq(pcpsel_wire_count(wire), 1);
	assert_instance(wire, 0, want, sizeof(want));
	pcpsel_wire_free(wire);
}
END_TEST

static char *
v4_server_json(unsigned naddrs)
{
	char *json;
	size_t len = 0;
	unsigned i;

	json = malloc(32 + (size_t)naddrs * 20);
	ck_assert_ptr_nonnull(json);
	len += (size_t)sprintf(json + len, "[[");
	for (i = 0; i < naddrs; i++)
		len += (size_t)sprintf(json + len, "%s\"192.0.2.%u\"",
		    i > 0 ? "," : "", i + 1);
	sprintf(json + len, "]]");
	return json;
}

/* RFC 7291 §4.1: 63 addresses make List-Length 252, the largest. */
START_TEST(test_kea_v4_63_addresses_fit)
{
	struct pcpsel_wire *wire;
	const uint8_t *data;
	char *json = v4_server_json(63);
	size_t len = 0;

	wire = servers_ok(4, json);
	ck_assert_uint_eq(pcpsel_wire_count(wire), 1);
	data = pcpsel_wire_get(wire, 0, &len);
	ck_assert_uint_eq(len, 253);
	ck_assert_uint_eq(data[0], 252);
	ck_assert_uint_eq(data[252], 63);
	pcpsel_wire_free(wire);
	free(json);
}
END_TEST

/* Over 255 bytes: several instances, each valid alone (split between
 * servers), concatenated equal to the RFC 3396 value. */
START_TEST(test_kea_v4_over_255_bytes_split_between_servers)
{
	uint8_t want[8 * 33], got[8 * 33];
	char json[8 * 8 * 20 + 64];
	struct pcpsel_wire *wire;
	const uint8_t *data;
	size_t i, n, len, total = 0, o = 0, w = 0, at;
	unsigned s, a;

	o += (size_t)sprintf(json + o, "[");
	for (s = 0; s < 8; s++) {
		o += (size_t)sprintf(json + o, "%s[", s > 0 ? "," : "");
		want[w++] = 32;
		for (a = 0; a < 8; a++) {
			o += (size_t)sprintf(json + o, "%s\"198.51.100.%u\"",
			    a > 0 ? "," : "", s * 8 + a + 1);
			want[w++] = 198;
			want[w++] = 51;
			want[w++] = 100;
			want[w++] = (uint8_t)(s * 8 + a + 1);
		}
		o += (size_t)sprintf(json + o, "]");
	}
	sprintf(json + o, "]");

	wire = servers_ok(4, json);
	n = pcpsel_wire_count(wire);
	ck_assert_uint_ge(n, 2);
	for (i = 0; i < n; i++) {
		data = pcpsel_wire_get(wire, i, &len);
		ck_assert_uint_le(len, PCPSEL_V4_MAX_INSTANCE);
		/* each instance is whole (List-Length, list) pairs */
		for (at = 0; at < len; at += 1 + (size_t)data[at])
			ck_assert_uint_eq(data[at], 32);
		ck_assert_uint_eq(at, len);
		ck_assert_uint_le(total + len, sizeof(got));
		memcpy(got + total, data, len);
		total += len;
	}
	ck_assert_uint_eq(total, sizeof(want));
	ck_assert_mem_eq(got, want, sizeof(want));
	pcpsel_wire_free(wire);
}
END_TEST

/* ------------------------------------------------------------------------
 * bad values: exact messages, -EINVAL, output untouched
 */

struct bad_value {
	int family;
	const char *json;
	const char *msg;
};

static const struct bad_value bad_values[] = {
	/* wrong JSON types */
	{ 4, "\"192.0.2.1\"", IN_SUBNET ": expected a list of servers (lists "
	    "of addresses), got \"192.0.2.1\"" },
	{ 4, "{\"a\": 1}", IN_SUBNET ": expected a list of servers (lists of "
	    "addresses), got a map" },
	{ 6, "null", IN_SUBNET ": expected a list of servers (lists of "
	    "addresses), got null" },
	{ 4, "[\"192.0.2.1\"]", IN_SUBNET ", server 1: expected a list of "
	    "addresses, got \"192.0.2.1\"" },
	{ 4, "[[true]]", IN_SUBNET ", server 1, address 1: expected an "
	    "address string, got true" },
	{ 6, "[[\"2001:db8::1\", 12]]", IN_SUBNET ", server 1, address 2: "
	    "expected an address string, got 12" },
	/* R7291-2: a server has one or more addresses */
	{ 4, "[[\"192.0.2.1\"], []]", IN_SUBNET ", server 2: [] is empty; a "
	    "server needs at least one address" },
	/* invalid addresses */
	{ 4, "[[\"192.0.2.1\"], [\"192.0.2.300\"]]", IN_SUBNET ", server 2, "
	    "address 1: \"192.0.2.300\" is not an IPv4 address" },
	{ 4, "[[\" 192.0.2.1\"]]", IN_SUBNET ", server 1, address 1: "
	    "\" 192.0.2.1\" is not an IPv4 address" },
	{ 4, "[[\"192.0.2.1/32\"]]", IN_SUBNET ", server 1, address 1: "
	    "\"192.0.2.1/32\" is not an IPv4 address" },
	{ 4, "[[\"192.0.2.1\\u0000\"]]", IN_SUBNET ", server 1, address 1: "
	    "\"192.0.2.1\\u0000\" is not an IPv4 address" },
	{ 6, "[[\"2001:db8::g\"]]", IN_SUBNET ", server 1, address 1: "
	    "\"2001:db8::g\" is not an IPv6 or IPv4 address" },
	{ 6, "[[\"fe80::1%eth0\"]]", IN_SUBNET ", server 1, address 1: "
	    "\"fe80::1%eth0\" is not an IPv6 or IPv4 address" },
	/* RFC 7291 §4.1: option 158 carries IPv4 only */
	{ 4, "[[\"2001:DB8::1\"]]", IN_SUBNET ", server 1, address 1: "
	    "\"2001:DB8::1\" is an IPv6 address; kea-dhcp4 sends only IPv4 "
	    "addresses" },
	/* R7291-8, R7291-15, P-DHCP4-3, P-DHCP6-4: unusable */
	{ 4, "[[\"127.0.0.1\"]]", IN_SUBNET ", server 1, address 1: "
	    "\"127.0.0.1\" is not usable as a PCP server address (loopback)" },
	{ 4, "[[\"224.0.0.1\"]]", IN_SUBNET ", server 1, address 1: "
	    "\"224.0.0.1\" is not usable as a PCP server address (multicast)" },
	{ 4, "[[\"0.0.0.0\"]]", IN_SUBNET ", server 1, address 1: "
	    "\"0.0.0.0\" is not usable as a PCP server address (0.0.0.0/8, "
	    "this network)" },
	{ 4, "[[\"255.255.255.255\"]]", IN_SUBNET ", server 1, address 1: "
	    "\"255.255.255.255\" is not usable as a PCP server address "
	    "(broadcast)" },
	{ 4, "[[\"240.0.0.1\"]]", IN_SUBNET ", server 1, address 1: "
	    "\"240.0.0.1\" is not usable as a PCP server address (reserved, "
	    "240.0.0.0/4)" },
	{ 6, "[[\"::1\"]]", IN_SUBNET ", server 1, address 1: \"::1\" is not "
	    "usable as a PCP server address (loopback)" },
	{ 6, "[[\"ff02::1\"]]", IN_SUBNET ", server 1, address 1: "
	    "\"ff02::1\" is not usable as a PCP server address (multicast)" },
	{ 6, "[[\"::\"]]", IN_SUBNET ", server 1, address 1: \"::\" is not "
	    "usable as a PCP server address (unspecified)" },
	{ 6, "[[\"::ffff:127.0.0.1\"]]", IN_SUBNET ", server 1, address 1: "
	    "\"::ffff:127.0.0.1\" is not usable as a PCP server address "
	    "(loopback)" },
	{ 6, "[[\"::192.0.2.1\"]]", IN_SUBNET ", server 1, address 1: "
	    "\"::192.0.2.1\" is not usable as a PCP server address "
	    "(IPv4-compatible, deprecated by RFC 4291)" },
	/* each address once in the whole value */
	{ 4, "[[\"192.0.2.1\", \"192.0.2.2\"], [\"198.51.100.1\", "
	    "\"192.0.2.2\"]]", IN_SUBNET ", server 2, address 2: "
	    "\"192.0.2.2\" is already given as server 1, address 2" },
	{ 4, "[[\"192.0.2.1\", \"192.0.2.1\"]]", IN_SUBNET ", server 1, "
	    "address 2: \"192.0.2.1\" is already given as server 1, "
	    "address 1" },
	{ 6, "[[\"192.0.2.1\"], [\"::ffff:192.0.2.1\"]]", IN_SUBNET ", "
	    "server 2, address 1: \"::ffff:192.0.2.1\" is already given as "
	    "server 1, address 1" },
	/* several errors: the first, and how many more */
	{ 4, "[[], []]", IN_SUBNET ", server 1: [] is empty; a server needs "
	    "at least one address (and 1 more error)" },
	{ 6, "[[1, \"x\", \"::1\"]]", IN_SUBNET ", server 1, address 1: "
	    "expected an address string, got 1 (and 2 more errors)" },
	/* not JSON */
	{ 4, "[[\"192.0.2.1\"]", IN_SUBNET ": not JSON: line 1, column 15: "
	    "unexpected end of input, expected ',' or ']'" },
	{ 4, "[[\"192.0.2.1\"]] x", IN_SUBNET ": not JSON: line 1, column 17: "
	    "unexpected data after the top-level value" },
	{ 6, "[[\"2001:db8::1\",]]", IN_SUBNET ": not JSON: line 1, column 17: "
	    "expected a value" },
};

START_TEST(test_kea_bad_value_message)
{
	const struct bad_value *row = &bad_values[_i];
	struct pcpsel_wire *wire = SENTINEL;
	char err[PCPSEL_KEA_ERRSIZE];
	int r;

	r = pcpsel_kea_servers_parse(row->family, row->json,
	    strlen(row->json), SUBNET, &wire, err, sizeof(err));
	ck_assert_int_eq(r, -EINVAL);
	ck_assert_ptr_eq(wire, SENTINEL);
	ck_assert_str_eq(err, row->msg);
}
END_TEST

/* RFC 7291 §4.1: a List-Length octet holds at most 63 addresses. */
START_TEST(test_kea_v4_64_addresses_refused)
{
	struct pcpsel_wire *wire = SENTINEL;
	char err[PCPSEL_KEA_ERRSIZE];
	char *json = v4_server_json(64);

	ck_assert_int_eq(pcpsel_kea_servers_parse(4, json, strlen(json),
	    "client class gold", &wire, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "pcp-servers in client class gold, server 1: "
	    "64 addresses, more than the 63 a DHCPv4 option 158 list can "
	    "hold");
	ck_assert_ptr_eq(wire, SENTINEL);
	/* the same server is fine for DHCPv6 */
	wire = servers_ok(6, json);
	ck_assert_uint_eq(pcpsel_wire_count(wire), 1);
	pcpsel_wire_free(wire);
	free(json);
}
END_TEST

/* Arguments; messages without a scope; small and absent buffers. */
START_TEST(test_kea_servers_arguments)
{
	struct pcpsel_wire *wire = SENTINEL;
	char err[PCPSEL_KEA_ERRSIZE], small[12];
	const char *bad = "[[\"127.0.0.1\"]]";

	ck_assert_int_eq(pcpsel_kea_servers_parse(5, "[]", 2, NULL, &wire,
	    err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(pcpsel_kea_servers_parse(4, NULL, 0, NULL, &wire,
	    err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(pcpsel_kea_servers_parse(4, "[]", 2, NULL, NULL,
	    err, sizeof(err)), -EINVAL);
	ck_assert_ptr_eq(wire, SENTINEL);

	ck_assert_int_eq(pcpsel_kea_servers_parse(4, bad, strlen(bad), NULL,
	    &wire, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "pcp-servers, server 1, address 1: "
	    "\"127.0.0.1\" is not usable as a PCP server address (loopback)");
	ck_assert_int_eq(pcpsel_kea_servers_parse(4, bad, strlen(bad), NULL,
	    &wire, small, sizeof(small)), -EINVAL);
	ck_assert_str_eq(small, "pcp-servers");
	ck_assert_int_eq(pcpsel_kea_servers_parse(4, bad, strlen(bad), NULL,
	    &wire, NULL, 0), -EINVAL);
	ck_assert_ptr_eq(wire, SENTINEL);

	/* @len is honoured: the text need not end in NUL */
	wire = NULL;
	ck_assert_int_eq(pcpsel_kea_servers_parse(4, "[]garbage", 2, NULL,
	    &wire, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(wire);
	pcpsel_wire_free(wire);
}
END_TEST

/* A long hostile value is cut in the message, never overflows it. */
START_TEST(test_kea_long_value_cut_in_message)
{
	struct pcpsel_wire *wire = SENTINEL;
	char err[PCPSEL_KEA_ERRSIZE], json[1200];
	size_t i;

	strcpy(json, "[[\"");
	for (i = 0; i < 1000; i++)
		json[3 + i] = (char)(i % 2 ? '"' : '\\');
	strcpy(json + 1003, "\"]]");
	ck_assert_int_eq(pcpsel_kea_servers_parse(6, json, strlen(json),
	    SUBNET, &wire, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "...\" is not an IPv6 or IPv4 address") !=
	    NULL, "%s", err);
	ck_assert_uint_lt(strlen(err), 200);
}
END_TEST

/* ------------------------------------------------------------------------
 * hook parameters
 */

START_TEST(test_kea_params_valid)
{
	static const uint8_t want[] = { 0x04, ADDR4_192_0_2_1 };
	struct pcpsel_wire *wire = SENTINEL;
	char err[PCPSEL_KEA_ERRSIZE];
	const char *json;
	int always = -1;

	/* no pcp-servers: NULL, always-send defaults to false */
	json = "{}";
	ck_assert_int_eq(pcpsel_kea_params_parse(4, json, strlen(json), &wire,
	    &always, err, sizeof(err)), 0);
	ck_assert_ptr_null(wire);
	ck_assert_int_eq(always, 0);

	json = "{ \"always-send\": true }";
	ck_assert_int_eq(pcpsel_kea_params_parse(6, json, strlen(json), &wire,
	    &always, err, sizeof(err)), 0);
	ck_assert_ptr_null(wire);
	ck_assert_int_eq(always, 1);

	/* as Kea serialises it */
	json = "{ \"always-send\": false, \"pcp-servers\": [ [ \"192.0.2.1\" ] "
	    "] }";
	ck_assert_int_eq(pcpsel_kea_params_parse(4, json, strlen(json), &wire,
	    &always, err, sizeof(err)), 0);
	ck_assert_int_eq(always, 0);
	ck_assert_uint_eq(pcpsel_wire_count(wire), 1);
	assert_instance(wire, 0, want, sizeof(want));
	pcpsel_wire_free(wire);

	json = "{\"pcp-servers\": [], \"always-send\": true}";
	ck_assert_int_eq(pcpsel_kea_params_parse(4, json, strlen(json), &wire,
	    &always, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(wire);
	ck_assert_uint_eq(pcpsel_wire_count(wire), 0);
	ck_assert_int_eq(always, 1);
	pcpsel_wire_free(wire);
}
END_TEST

static const struct bad_value bad_params[] = {
	{ 4, "[]", "hook parameters: expected a map, got []" },
	{ 4, "\"x\"", "hook parameters: expected a map, got \"x\"" },
	{ 4, "{\"pcp-server\": []}", "hook parameters: unknown parameter "
	    "\"pcp-server\" (known: pcp-servers, always-send)" },
	{ 4, "{\"always-send\": \"yes\"}", "always-send in hook parameters: "
	    "expected true or false, got \"yes\"" },
	{ 6, "{\"always-send\": 1}", "always-send in hook parameters: "
	    "expected true or false, got 1" },
	{ 4, "{\"always-send\": true, \"always-send\": false}",
	    "hook parameters: always-send is given more than once" },
	{ 4, "{\"pcp-servers\": [], \"pcp-servers\": []}",
	    "hook parameters: pcp-servers is given more than once" },
	{ 4, "{\"pcp-servers\": [[\"2001:db8::1\"]]}", "pcp-servers in hook "
	    "parameters, server 1, address 1: \"2001:db8::1\" is an IPv6 "
	    "address; kea-dhcp4 sends only IPv4 addresses" },
	{ 6, "{\"always-send\": true, \"pcp-servers\": [[\"192.0.2.1\"], "
	    "[\"192.0.2.1\"]]}", "pcp-servers in hook parameters, server 2, "
	    "address 1: \"192.0.2.1\" is already given as server 1, "
	    "address 1" },
	{ 4, "{\"pcp-servers\": \"192.0.2.1\", \"x\": 1}", "hook parameters: "
	    "unknown parameter \"x\" (known: pcp-servers, always-send) (and 1 "
	    "more error)" },
	{ 4, "{", "hook parameters: not JSON: line 1, column 2: unexpected "
	    "end of input, expected a string key" },
};

START_TEST(test_kea_bad_params_message)
{
	const struct bad_value *row = &bad_params[_i];
	struct pcpsel_wire *wire = SENTINEL;
	char err[PCPSEL_KEA_ERRSIZE];
	int always = 7;

	ck_assert_int_eq(pcpsel_kea_params_parse(row->family, row->json,
	    strlen(row->json), &wire, &always, err, sizeof(err)), -EINVAL);
	ck_assert_ptr_eq(wire, SENTINEL);
	ck_assert_int_eq(always, 7);
	ck_assert_str_eq(err, row->msg);
}
END_TEST

START_TEST(test_kea_params_arguments)
{
	struct pcpsel_wire *wire = SENTINEL;
	char err[PCPSEL_KEA_ERRSIZE];
	int always = 7;

	ck_assert_int_eq(pcpsel_kea_params_parse(0, "{}", 2, &wire, &always,
	    err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(pcpsel_kea_params_parse(4, "{}", 2, &wire, NULL,
	    err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(pcpsel_kea_params_parse(4, "{}", 2, NULL, &always,
	    NULL, 0), -EINVAL);
	ck_assert_ptr_eq(wire, SENTINEL);
	ck_assert_int_eq(always, 7);
}
END_TEST

/* ------------------------------------------------------------------------
 * whole configuration files (pcpsel kea-check)
 */

static const char cfg_good4[] =
	"# Kea 2.2, kea-dhcp4\n"
	"{\n"
	"  \"Dhcp4\": {\n"
	"    \"valid-lifetime\": 600, // Kea's business\n"
	"    \"hooks-libraries\": [\n"
	"      { \"library\": \"/usr/lib/kea/hooks/libdhcp_lease_cmds.so\",\n"
	"        \"parameters\": { \"pcp-servers\": \"not ours\" } },\n"
	"      { \"library\": \"/usr/lib/kea/hooks/libdhcp_pcpsel.so\",\n"
	"        \"parameters\": {\n"
	"          \"pcp-servers\": [ [ \"192.0.2.1\", \"192.0.2.2\" ],\n"
	"                           [ \"198.51.100.1\" ] ],\n"
	"          \"always-send\": true } } ],\n"
	"    /* scopes */\n"
	"    \"shared-networks\": [ { \"name\": \"net-a\",\n"
	"      \"user-context\": { \"pcp-servers\": [] },\n"
	"      \"subnet4\": [ { \"id\": 7, \"subnet\": \"203.0.113.0/24\",\n"
	"        \"user-context\": { \"pcp-servers\": [[\"203.0.113.9\"]] }"
	" } ] } ],\n"
	"    \"subnet4\": [ { \"id\": 1, \"subnet\": \"192.0.2.0/24\",\n"
	"      \"user-context\": { \"note\": 5, \"pcp-servers\":"
	" [[\"192.0.2.33\"]] },\n"
	"      \"reservations\": [ { \"hw-address\": \"02:00:00:00:00:01\",\n"
	"        \"user-context\": { \"pcp-servers\": [[\"192.0.2.44\"]] }"
	" } ] } ],\n"
	"    \"client-classes\": [ { \"name\": \"gold\",\n"
	"      \"user-context\": { \"pcp-servers\": [[\"203.0.113.77\"]] }"
	" } ],\n"
	"    \"reservations\": [ { \"client-id\": \"01:02\",\n"
	"      \"user-context\": { \"pcp-servers\": [[\"192.0.2.55\"]] } } ]\n"
	"  },\n"
	"  \"Control-agent\": { \"http-port\": 8000 }\n"
	"}\n";

static const char cfg_good6[] =
	"{ \"Dhcp6\": {\n"
	"  \"hooks-libraries\": [ { \"library\": \"libdhcp_pcpsel.so\",\n"
	"    \"parameters\": { \"pcp-servers\": [ [ \"2001:db8::1\" ],\n"
	"      [ \"2001:db8::2\", \"2001:db8::3\" ],\n"
	"      [ \"192.0.2.1\" ] ] } } ],\n"
	"  \"subnet6\": [ { \"id\": 1, \"subnet\": \"2001:db8:1::/64\",\n"
	"    \"reservations\": [\n"
	"      { \"duid\": \"00:03:00:01:02:00:00:00:00:99\",\n"
	"      \"user-context\": { \"pcp-servers\": [[\"2001:db8:1::44\"]] }"
	" } ] } ]\n"
	"} }\n";

START_TEST(test_kea_check_good_configs)
{
	struct msgs m;

	ck_assert_int_eq(check_text(cfg_good4, &m), 0);
	ck_assert_int_eq(m.n, 0);
	ck_assert_int_eq(check_text(cfg_good6, &m), 0);
	ck_assert_int_eq(m.n, 0);
	/* report may be NULL */
	ck_assert_int_eq(pcpsel_kea_check(cfg_good4, strlen(cfg_good4), NULL,
	    NULL), 0);
}
END_TEST

static const char cfg_bad4[] =
	"{ \"Dhcp4\": {\n"
	"  \"hooks-libraries\": [ { \"library\": \"/x/libdhcp_pcpsel.so\",\n"
	"    \"parameters\": { \"pcp-servers\": [[\"2001:db8::1\"]],\n"
	"      \"always-send\": \"no\", \"debug\": true } } ],\n"
	"  \"shared-networks\": [ { \"name\": \"net-a\",\n"
	"    \"user-context\": { \"pcp-servers\": [[\"127.0.0.1\"]] },\n"
	"    \"subnet4\": [ { \"id\": 7, \"subnet\": \"203.0.113.0/24\",\n"
	"      \"user-context\": { \"pcp-servers\": [[]] } } ] } ],\n"
	"  \"subnet4\": [ { \"id\": 1, \"subnet\": \"192.0.2.0/24\",\n"
	"    \"user-context\": { \"pcp-servers\": [[\"192.0.2.300\"]] },\n"
	"    \"reservations\": [ { \"hw-address\": \"02:00:00:00:00:01\",\n"
	"      \"user-context\": { \"pcp-servers\": [\"192.0.2.1\"] } },\n"
	"      { \"ip-address\": \"192.0.2.9\",\n"
	"      \"user-context\": { \"pcp-servers\": [[\"224.0.0.1\"]] } }\n"
	"    ] },\n"
	"    { \"subnet\": \"198.51.100.0/24\",\n"
	"      \"user-context\": { \"pcp-servers\": 1 } } ],\n"
	"  \"client-classes\": [ { \"name\": \"caf\\u00e9\",\n"
	"    \"user-context\": { \"pcp-servers\": [[\"192.0.2.5\","
	" \"192.0.2.5\"]] } },\n"
	"    { \"user-context\": { \"pcp-servers\": {} } } ],\n"
	"  \"reservations\": [ { \"circuit-id\": \"'a\\tb'\",\n"
	"    \"user-context\": { \"pcp-servers\": [[\"0.1.2.3\"]] } } ]\n"
	"} }";

static const char *const cfg_bad4_msgs[] = {
	"hook parameters: unknown parameter \"debug\" (known: pcp-servers, "
	    "always-send)",
	"always-send in hook parameters: expected true or false, got \"no\"",
	"pcp-servers in hook parameters, server 1, address 1: \"2001:db8::1\" "
	    "is an IPv6 address; kea-dhcp4 sends only IPv4 addresses",
	"pcp-servers in shared network net-a, server 1, address 1: "
	    "\"127.0.0.1\" is not usable as a PCP server address (loopback)",
	"pcp-servers in subnet 203.0.113.0/24 (id 7), server 1: [] is empty; "
	    "a server needs at least one address",
	"pcp-servers in subnet 192.0.2.0/24 (id 1), server 1, address 1: "
	    "\"192.0.2.300\" is not an IPv4 address",
	"pcp-servers in reservation hw-address 02:00:00:00:00:01 in subnet "
	    "192.0.2.0/24 (id 1), server 1: expected a list of addresses, got "
	    "\"192.0.2.1\"",
	"pcp-servers in reservation #2 in subnet 192.0.2.0/24 (id 1), "
	    "server 1, address 1: \"224.0.0.1\" is not usable as a PCP server "
	    "address (multicast)",
	"pcp-servers in subnet 198.51.100.0/24: expected a list of servers "
	    "(lists of addresses), got 1",
	"pcp-servers in client class caf\xc3\xa9, server 1, address 2: "
	    "\"192.0.2.5\" is already given as server 1, address 1",
	"pcp-servers in client class #2: expected a list of servers (lists "
	    "of addresses), got {}",
	"pcp-servers in global reservation circuit-id 61:09:62, server 1, "
	    "address 1: \"0.1.2.3\" is not usable as a PCP server address "
	    "(0.0.0.0/8, this network)",
};

/* Every error is reported, in scope order, each naming its scope. */
START_TEST(test_kea_check_reports_every_error)
{
	struct msgs m;
	int i;

	ck_assert_int_eq(check_text(cfg_bad4, &m), ROWS(cfg_bad4_msgs));
	ck_assert_int_eq(m.n, ROWS(cfg_bad4_msgs));
	for (i = 0; i < ROWS(cfg_bad4_msgs); i++)
		ck_assert_str_eq(m.text[i], cfg_bad4_msgs[i]);
	ck_assert_int_eq(pcpsel_kea_check(cfg_bad4, strlen(cfg_bad4), NULL,
	    NULL), ROWS(cfg_bad4_msgs));
}
END_TEST

struct cfg_case {
	const char *text;
	int result;		/* number of errors or -EBADMSG */
	const char *msg;	/* the first message, or NULL for none */
};

static const struct cfg_case cfg_cases[] = {
	/* a user-context pcp-servers is checked without any hook entry */
	{ "{\"Dhcp4\": {\"subnet4\": [{\"id\": 2, \"subnet\": \"192.0.2.0/24\","
	    " \"user-context\": {\"pcp-servers\": [[\"192.0.2.256\"]]}}]}}", 1,
	    "pcp-servers in subnet 192.0.2.0/24 (id 2), server 1, address 1: "
	    "\"192.0.2.256\" is not an IPv4 address" },
	/* a pcpsel hook entry whose parameters are not a map */
	{ "{\"Dhcp6\": {\"hooks-libraries\": [{\"library\": "
	    "\"/usr/lib/libdhcp_pcpsel.so\", \"parameters\": [\"x\"]}]}}", 1,
	    "hook parameters: expected a map, got a list" },
	/* a pcpsel entry without parameters; other libraries ignored */
	{ "{\"Dhcp4\": {\"hooks-libraries\": [{\"library\": "
	    "\"libdhcp_pcpsel.so\"}, {\"library\": \"libdhcp_pcpsel.so.bak\", "
	    "\"parameters\": 5}, {\"library\": 7}, 3]}}", 0, NULL },
	/* other user-context keys, unknown keys, odd shapes: Kea's */
	{ "{\"Dhcp4\": {\"user-context\": {\"pcp-servers\": 1}, \"subnet4\": "
	    "[5, {\"user-context\": [1]}, {\"user-context\": {\"x\": 1}}], "
	    "\"client-classes\": {}, \"shared-networks\": [[]]}, \"Logging\": "
	    "{}}", 0, NULL },
	/* each daemon checks its own family */
	{ "{\"Dhcp6\": {\"subnet6\": [{\"subnet\": \"2001:db8::/64\", "
	    "\"user-context\": {\"pcp-servers\": [[\"2001:db8::1\"]]}}]}, "
	    "\"Dhcp4\": {\"client-classes\": [{\"name\": \"c\", "
	    "\"user-context\": {\"pcp-servers\": [[\"2001:db8::1\"]]}}]}}", 1,
	    "pcp-servers in client class c, server 1, address 1: "
	    "\"2001:db8::1\" is an IPv6 address; kea-dhcp4 sends only IPv4 "
	    "addresses" },
	/* Dhcp6 reservations by DUID, subnets in shared networks */
	{ "{\"Dhcp6\": {\"shared-networks\": [{\"name\": \"n\", \"subnet6\": "
	    "[{\"subnet\": \"2001:db8:1::/64\", \"id\": 3, \"reservations\": "
	    "[{\"duid\": \"01:02\", \"user-context\": {\"pcp-servers\": "
	    "[[\"ff02::2\"]]}}]}]}]}}", 1,
	    "pcp-servers in reservation duid 01:02 in subnet 2001:db8:1::/64 "
	    "(id 3), server 1, address 1: \"ff02::2\" is not usable as a PCP "
	    "server address (multicast)" },
	/* the same key twice in one user-context: the last one counts */
	{ "{\"Dhcp4\": {\"subnet4\": [{\"id\": 4, \"user-context\": "
	    "{\"pcp-servers\": [[\"127.0.0.1\"]], \"pcp-servers\": "
	    "[[\"192.0.2.1\"]]}}]}}", 1,
	    "pcp-servers in subnet id 4: given more than once in "
	    "user-context" },
	/* identifiers shown as Kea shows them: lowercase hex, ':' */
	{ "{\"Dhcp4\": {\"reservations\": [{\"hw-address\": \"02000000000A\", "
	    "\"user-context\": {\"pcp-servers\": []}}, {\"flex-id\": \"x y\", "
	    "\"user-context\": {\"pcp-servers\": [[\"::1\"]]}}]}}", 1,
	    "pcp-servers in global reservation flex-id x y, server 1, "
	    "address 1: \"::1\" is an IPv6 address; kea-dhcp4 sends only IPv4 "
	    "addresses" },
	{ "{\"Dhcp4\": {\"reservations\": [{\"hw-address\": \"02000000000A\", "
	    "\"user-context\": {\"pcp-servers\": 1}}]}}", 1,
	    "pcp-servers in global reservation hw-address 02:00:00:00:00:0a: "
	    "expected a list of servers (lists of addresses), got 1" },
	{ "{\"Dhcp4\": [], \"Dhcp6\": {}}", 1,
	    "Dhcp4: expected a map, got []" },
	{ "{\"Dhcp4\": {}, \"Dhcp4\": {}}", 1,
	    "Dhcp4 is given more than once" },
	/* not a Kea DHCP configuration */
	{ "", -EBADMSG, "not JSON: line 1, column 1: unexpected end of input, "
	    "expected a value" },
	{ "[{\"Dhcp4\": {}}]", -EBADMSG, "not a Kea configuration: the top "
	    "level is not a map" },
	{ "{\"DhcpDdns\": {}, \"dhcp4\": {}}", -EBADMSG, "not a Kea DHCP "
	    "configuration: neither Dhcp4 nor Dhcp6 at the top level" },
	{ "{\n  \"Dhcp4\": {\n    \"valid-lifetime\": 600\n"
	    "    \"subnet4\": []\n  }\n}", -EBADMSG,
	    "not JSON: line 4, column 5: expected ',' or '}'" },
};

START_TEST(test_kea_check_config_case)
{
	const struct cfg_case *row = &cfg_cases[_i];
	struct msgs m;

	ck_assert_int_eq(check_text(row->text, &m), row->result);
	if (row->msg == NULL) {
		ck_assert_int_eq(m.n, 0);
		return;
	}
	ck_assert_int_eq(m.n, row->result < 0 ? 1 : row->result);
	ck_assert_str_eq(m.text[0], row->msg);
}
END_TEST

/* The example files under tests/kea/configs (shared with the hook's
 * integration tests); only when make check tells where the sources are. */
static const struct cfg_case file_cases[] = {
	{ "good-4.json", 0, NULL },
	{ "good-6.json", 0, NULL },
	{ "bad-4-params.json", 1, "pcp-servers in hook parameters, server 2, "
	    "address 1: \"2001:db8::1\" is an IPv6 address; kea-dhcp4 sends "
	    "only IPv4 addresses" },
	{ "bad-4-subnet.json", 1, "pcp-servers in subnet 192.0.2.0/26 (id 1), "
	    "server 1, address 2: \"192.0.2.300\" is not an IPv4 address" },
	{ "bad-6-params.json", 1, "pcp-servers in hook parameters, server 2: "
	    "[] is empty; a server needs at least one address" },
	{ "bad-4-many.json", 9, "hook parameters: unknown parameter "
	    "\"pcp-server\" (known: pcp-servers, always-send)" },
	{ "bad-json.json", -EBADMSG, "not JSON: line 6, column 9: expected ',' "
	    "or '}'" },
};

START_TEST(test_kea_check_example_file)
{
	const struct cfg_case *row = &file_cases[_i];
	const char *dir = getenv("top_srcdir");
	char path[4096], *text;
	struct msgs m;
	size_t len;
	long size;
	FILE *f;

	if (dir == NULL || *dir == '\0')
		return;		/* run outside make check */
	snprintf(path, sizeof(path), "%s/tests/kea/configs/%s", dir,
	    row->text);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "%s missing", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	ck_assert_int_gt(size, 0);
	rewind(f);
	text = malloc((size_t)size + 1);
	ck_assert_ptr_nonnull(text);
	len = fread(text, 1, (size_t)size, f);
	fclose(f);
	ck_assert_uint_eq(len, (size_t)size);
	text[len] = '\0';
	ck_assert_int_eq(check_text(text, &m), row->result);
	free(text);
	if (row->msg == NULL) {
		ck_assert_int_eq(m.n, 0);
		return;
	}
	ck_assert_int_eq(m.n, row->result < 0 ? 1 : row->result);
	ck_assert_str_eq(m.text[0], row->msg);
}
END_TEST

/* ------------------------------------------------------------------------
 * JSON edge cases: an error with its line and column, never a crash
 */

static const struct cfg_case json_bad[] = {
	{ "{\"Dhcp4\": {}", -EBADMSG, "line 1, column 13: unexpected end of "
	    "input, expected ',' or '}'" },
	{ "{\"Dhcp4\": {},}", -EBADMSG, "line 1, column 14: expected a string "
	    "key" },
	{ "{\"Dhcp4\": [1,]}", -EBADMSG, "line 1, column 14: expected a "
	    "value" },
	{ "{'Dhcp4': {}}", -EBADMSG, "line 1, column 2: expected a string "
	    "key" },
	{ "{\"Dhcp4\" {}}", -EBADMSG, "line 1, column 10: expected ':' after "
	    "a key" },
	{ "{\"Dhcp4\": {}} x", -EBADMSG, "line 1, column 15: unexpected data "
	    "after the top-level value" },
	{ "{\"Dhcp4\": {}} /", -EBADMSG, "line 1, column 15: unexpected data "
	    "after the top-level value" },
	{ "{\"Dhcp4\": {} /}", -EBADMSG, "line 1, column 14: expected ',' or "
	    "'}'" },
	{ "/* never closed", -EBADMSG, "line 1, column 1: unterminated "
	    "comment" },
	{ "{\"a\":\n  \"abc", -EBADMSG, "line 2, column 3: unterminated "
	    "string" },
	{ "{\"a\": \"x\ny\"}", -EBADMSG, "line 1, column 9: control character "
	    "0x0a in a string" },
	{ "{\"a\": \"\\x\"}", -EBADMSG, "line 1, column 8: bad escape \\x" },
	{ "{\"a\": \"\\u12\"}", -EBADMSG, "line 1, column 8: \\u needs four "
	    "hex digits" },
	{ "{\"a\": \"\\ud800\"}", -EBADMSG, "line 1, column 8: lone high "
	    "surrogate \\ud800" },
	{ "{\"a\": \"\\uDC00\"}", -EBADMSG, "line 1, column 8: lone low "
	    "surrogate \\udc00" },
	{ "{\"a\": \"\\ud800\\u0041\"}", -EBADMSG, "line 1, column 8: bad "
	    "surrogate pair" },
	{ "{\"a\": 99999999999999999999}", -EBADMSG, "line 1, column 7: "
	    "integer out of 64-bit range" },
	{ "{\"a\": 9223372036854775808}", -EBADMSG, "line 1, column 7: "
	    "integer out of 64-bit range" },
	{ "{\"a\": -9223372036854775809}", -EBADMSG, "line 1, column 7: "
	    "integer out of 64-bit range" },
	{ "{\"a\": 1.00000000000000000000000000000000000000000000000000000000"
	    "000000000}", -EBADMSG, "line 1, column 7: number too long" },
	{ "{\"a\": 01}", -EBADMSG, "line 1, column 7: leading zero in a "
	    "number" },
	{ "{\"a\": 1.}", -EBADMSG, "line 1, column 7: bad number" },
	{ "{\"a\": 1e+}", -EBADMSG, "line 1, column 7: bad number" },
	{ "{\"a\": -}", -EBADMSG, "line 1, column 7: bad number" },
	{ "{\"a\": .5}", -EBADMSG, "line 1, column 7: expected a value" },
	{ "{\"a\": tru}", -EBADMSG, "line 1, column 7: expected a value" },
	{ "{\"a\": True}", -EBADMSG, "line 1, column 7: expected a value" },
	{ "{\n  \"Dhcp4\": {\n    \"x\": ]\n  }\n}", -EBADMSG,
	    "line 3, column 10: expected a value" },
};

START_TEST(test_kea_json_bad)
{
	const struct cfg_case *row = &json_bad[_i];
	char want[PCPSEL_KEA_ERRSIZE];
	struct msgs m;

	ck_assert_int_eq(check_text(row->text, &m), -EBADMSG);
	ck_assert_int_eq(m.n, 1);
	snprintf(want, sizeof(want), "not JSON: %s", row->msg);
	ck_assert_str_eq(m.text[0], want);
}
END_TEST

/* Valid JSON corners (Kea's comments, every escape, number limits). */
static const char *const json_good[] = {
	"# c\n{ // c\n \"Dhcp4\" /* c\n c */ : { } } # end",
	"{\"Dhcp4\": {\"x\": \"# not a comment // nor /* this */\"}}",
	"{\"Dhcp4\": {\"x\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"
	    "\\u0000\"}}",
	"{\"Dhcp4\": {\"x\": [-9223372036854775808, 9223372036854775807, 0, -0,"
	    " 1.5e-3, 1E+9, 2e400, true, false, null, {}, []]}}",
	"\t\r\n{\"Dhcp6\":{}}\r\n",
	"{\"Dhcp4\": {}}/**/",
	"{\"Dhcp4\": {}}#",
};

START_TEST(test_kea_json_good)
{
	struct msgs m;

	ck_assert_int_eq(check_text(json_good[_i], &m), 0);
	ck_assert_int_eq(m.n, 0);
}
END_TEST

/* Decoded \u escapes reach messages as UTF-8 (surrogate pair included). */
START_TEST(test_kea_json_unicode_in_scope)
{
	struct msgs m;

	ck_assert_int_eq(check_text("{\"Dhcp4\": {\"client-classes\": "
	    "[{\"name\": \"\\ud83d\\ude00\", \"user-context\": "
	    "{\"pcp-servers\": 0}}]}}", &m), 1);
	ck_assert_str_eq(m.text[0], "pcp-servers in client class "
	    "\xf0\x9f\x98\x80: expected a list of servers (lists of "
	    "addresses), got 0");
}
END_TEST

/* PS_JSON_MAX_DEPTH: 64 levels parse, 65 do not, a million never
 * recurse. */
START_TEST(test_kea_json_depth_limit)
{
	struct pcpsel_wire *wire = SENTINEL;
	char err[PCPSEL_KEA_ERRSIZE];
	size_t n = 1000000, i;
	char *json;
	struct msgs m;

	json = malloc(2 * n + 1);
	ck_assert_ptr_nonnull(json);
	for (i = 0; i < 64; i++) {
		json[i] = '[';
		json[64 + i] = ']';
	}
	ck_assert_int_eq(pcpsel_kea_servers_parse(4, json, 128, NULL, &wire,
	    err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "pcp-servers, server 1, address 1: expected an "
	    "address string, got a list");

	for (i = 0; i < 65; i++) {
		json[i] = '[';
		json[65 + i] = ']';
	}
	ck_assert_int_eq(pcpsel_kea_servers_parse(4, json, 130, NULL, &wire,
	    err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "pcp-servers: not JSON: line 1, column 65: "
	    "nested deeper than 64");

	memset(json, '[', n);
	memset(json + n, ']', n);
	json[2 * n] = '\0';
	ck_assert_int_eq(check_text(json, &m), -EBADMSG);
	ck_assert_str_eq(m.text[0], "not JSON: line 1, column 65: nested "
	    "deeper than 64");
	memset(json, '{', n);
	ck_assert_int_eq(pcpsel_kea_check(json, n, NULL, NULL), -EBADMSG);
	free(json);
	ck_assert_ptr_eq(wire, SENTINEL);
}
END_TEST

/* Every proper prefix of a valid file is an error, never a crash; the
 * length is honoured exactly (the bytes are copied so that a read past
 * the end is caught by valgrind / ASan). */
START_TEST(test_kea_json_truncated)
{
	const size_t full = sizeof(cfg_good4) - 1;
	size_t len, last;
	struct msgs m;
	char *copy;
	int r;

	last = (size_t)(strrchr(cfg_good4, '}') - cfg_good4);
	for (len = 0; len <= full; len++) {
		copy = malloc(len > 0 ? len : 1);
		ck_assert_ptr_nonnull(copy);
		memcpy(copy, cfg_good4, len);
		memset(&m, 0, sizeof(m));
		r = pcpsel_kea_check(copy, len, collect, &m);
		free(copy);
		if (len <= last) {
			ck_assert_int_eq(r, -EBADMSG);
			ck_assert_int_eq(m.n, 1);
		} else
			ck_assert_int_eq(r, 0);
	}
}
END_TEST

/* NUL bytes and other binary inside the text. */
START_TEST(test_kea_json_binary)
{
	static const char nul_in_string[] = "{\"Dhcp4\": {\"a\": \"x\0y\"}}";
	static const char nul_outside[] = "{\"Dhcp4\": {}\0}";
	static const char high[] = "{\"Dhcp4\": {\"a\": \"\xff\xfe\"}}";
	struct msgs m;

	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(pcpsel_kea_check(nul_in_string,
	    sizeof(nul_in_string) - 1, collect, &m), -EBADMSG);
	ck_assert_str_eq(m.text[0], "not JSON: line 1, column 19: control "
	    "character 0x00 in a string");
	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(pcpsel_kea_check(nul_outside,
	    sizeof(nul_outside) - 1, collect, &m), -EBADMSG);
	ck_assert_str_eq(m.text[0], "not JSON: line 1, column 13: expected "
	    "',' or '}'");
	/* raw bytes >= 0x80 are taken as they are, like Kea does */
	ck_assert_int_eq(check_text(high, &m), 0);
	ck_assert_int_eq(pcpsel_kea_check(NULL, 0, NULL, NULL), -EBADMSG);
	ck_assert_int_eq(pcpsel_kea_check(NULL, 1, NULL, NULL), -EINVAL);
}
END_TEST

/* Random damage to a bad configuration: every outcome is a documented
 * one, and the message count matches the result. */
START_TEST(test_kea_json_mutations_never_crash)
{
	static const char tokens[] = "[]{}\",:\\/*#\n0-e.tu";
	const size_t len = sizeof(cfg_bad4) - 1;
	uint32_t seed = 0x7291u;
	struct pcpsel_wire *wire;
	char err[PCPSEL_KEA_ERRSIZE];
	struct msgs m;
	size_t at;
	char *copy;
	int iter, k, r;

	copy = malloc(len);
	ck_assert_ptr_nonnull(copy);
	for (iter = 0; iter < 3000; iter++) {
		memcpy(copy, cfg_bad4, len);
		for (k = 0; k < 1 + iter % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			at = (seed >> 8) % len;

			seed = seed * 1103515245u + 12345u;
			copy[at] = (seed >> 16) % 4 == 0 ?
			    (char)(seed >> 8) :
			    tokens[(seed >> 8) % (sizeof(tokens) - 1)];
		}
		memset(&m, 0, sizeof(m));
		r = pcpsel_kea_check(copy, len, collect, &m);
		ck_assert_msg(r >= 0 || r == -EBADMSG, "r = %d", r);
		ck_assert_int_eq(m.n, r >= 0 ? r : 1);

		/* and a damaged value alone */
		wire = NULL;
		r = pcpsel_kea_servers_parse(iter % 2 ? 6 : 4, copy + 140,
		    80, "x", &wire, err, sizeof(err));
		ck_assert_msg(r == 0 || r == -EINVAL, "r = %d", r);
		ck_assert_int_eq(r == 0, err[0] == '\0');
		ck_assert_int_eq(r == 0, wire != NULL);
		pcpsel_wire_free(wire);
	}
	free(copy);
}
END_TEST

Suite *
kea_suite(void)
{
	Suite *s = suite_create("kea");
	TCase *tc;

	tc = tcase_create("valid");
	tcase_add_test(tc, test_kea_v4_two_servers_exact_bytes);
	tcase_add_test(tc, test_kea_v6_three_servers_one_mapped);
	tcase_add_test(tc, test_kea_empty_list_is_no_server);
	tcase_add_test(tc, test_kea_v4_mapped_text_is_ipv4);
	tcase_add_test(tc, test_kea_value_with_comments_and_escapes);
	tcase_add_test(tc, test_kea_v4_63_addresses_fit);
	tcase_add_test(tc, test_kea_v4_over_255_bytes_split_between_servers);
	tcase_add_test(tc, test_kea_params_valid);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_loop_test(tc, test_kea_bad_value_message, 0,
	    ROWS(bad_values));
	tcase_add_loop_test(tc, test_kea_bad_params_message, 0,
	    ROWS(bad_params));
	tcase_add_test(tc, test_kea_long_value_cut_in_message);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_kea_v4_64_addresses_refused);
	tcase_add_test(tc, test_kea_servers_arguments);
	tcase_add_test(tc, test_kea_params_arguments);
	suite_add_tcase(s, tc);

	tc = tcase_create("config");
	tcase_add_test(tc, test_kea_check_good_configs);
	tcase_add_test(tc, test_kea_check_reports_every_error);
	tcase_add_loop_test(tc, test_kea_check_config_case, 0,
	    ROWS(cfg_cases));
	tcase_add_loop_test(tc, test_kea_check_example_file, 0,
	    ROWS(file_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("json");
	tcase_add_loop_test(tc, test_kea_json_bad, 0, ROWS(json_bad));
	tcase_add_loop_test(tc, test_kea_json_good, 0, ROWS(json_good));
	tcase_add_test(tc, test_kea_json_unicode_in_scope);
	tcase_add_test(tc, test_kea_json_depth_limit);
	tcase_add_test(tc, test_kea_json_truncated);
	tcase_add_test(tc, test_kea_json_binary);
	tcase_add_test(tc, test_kea_json_mutations_never_crash);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	return s;
}
