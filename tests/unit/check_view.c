/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_view.c - the reading side for PCP clients (view.c): directory
 * listing, named interfaces, errors, and ordering with live sources
 * (RFC 7488 §3, RFC 6724, P-FAM-1).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pcpsel.h"
#include "check_suites.h"
#include "testutil.h"

/* Interface names that do not exist on any test machine: their servers
 * keep the file's order (no sources, -ENODEV; pcpsel-servers(5)). */
#define IF_A "pcpseltest0"
#define IF_B "pcpseltest1"

static char tmpdir[64];

static void
setup(void)
{
	tu_tmpdir_make(tmpdir, sizeof(tmpdir), "pcpsel-view");
}

static void
teardown(void)
{
	tu_tmpdir_remove(tmpdir);
}

static void
spew(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* Server @i of @list as "origin addr addr ..." for exact comparison. */
static const char *
server_str(const struct pcpsel_list *list, size_t i)
{
	static char out[512];
	char buf[PCPSEL_ADDRSTRLEN];
	const struct pcpsel_addr *a = pcpsel_server_addrs(list, i);
	size_t j, len;

	len = (size_t)snprintf(out, sizeof(out), "%u",
	    pcpsel_server_origin(list, i));
	for (j = 0; j < pcpsel_server_naddrs(list, i); j++) {
		pcpsel_addr_to_string(&a[j], buf, sizeof(buf));
		len +=
		    (size_t)snprintf(out + len, sizeof(out) - len, " %s", buf);
	}
	return out;
}

static void
fill_dir(void)
{
	char path[128];

	spew(IF_B, "server dhcpv6 2001:db8:2::2 2001:db8:2::1\n");
	spew(IF_A,
	    "# written by hand\n"
	    "server dhcpv4 198.51.100.2 198.51.100.1\n"
	    "server dhcpv4,dhcpv6 2001:db8:1::1 192.0.2.1\n");
	/* skipped: a writer's temp file, a name that is no interface name,
	 * a directory and a symlink (each would fail if read) */
	spew("." IF_A ".123.0", "server bogus\n");
	spew("bad name", "server bogus\n");
	spew("abcdefghijklmnop", "server bogus\n");
	/* names outside P-IF-4 that Linux would accept (issue 12 item 4) */
	spew(".x", "server bogus\n");
	spew("eth\xc3\xa9", "server bogus\n");
	spew("eth\xff", "server bogus\n");
	spew("eth0:1", "server bogus\n");
	snprintf(path, sizeof(path), "%s/sub", tmpdir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/link", tmpdir);
	ck_assert_int_eq(symlink("bad name", path), 0);
}

START_TEST(test_view_lists_dir_in_name_order)
{
	struct pcpsel_view *view = NULL;
	const struct pcpsel_list *l;

	fill_dir();
	ck_assert_int_eq(pcpsel_view_load(tmpdir, NULL, 0, PCPSEL_MAPPING_ANY,
			     &view),
	    0);
	ck_assert_uint_eq(pcpsel_view_count(view), 2);
	ck_assert_str_eq(pcpsel_view_ifname(view, 0), IF_A);
	ck_assert_str_eq(pcpsel_view_ifname(view, 1), IF_B);
	/* interfaces that do not exist keep the file's order */
	l = pcpsel_view_servers(view, 0);
	ck_assert_uint_eq(pcpsel_list_count(l), 2);
	ck_assert_str_eq(server_str(l, 0), "1 198.51.100.2 198.51.100.1");
	ck_assert_str_eq(server_str(l, 1), "3 2001:db8:1::1 192.0.2.1");
	l = pcpsel_view_servers(view, 1);
	ck_assert_uint_eq(pcpsel_list_count(l), 1);
	ck_assert_str_eq(server_str(l, 0), "2 2001:db8:2::2 2001:db8:2::1");
	ck_assert_ptr_null(pcpsel_view_ifname(view, 2));
	ck_assert_ptr_null(pcpsel_view_servers(view, 2));
	pcpsel_view_free(view);
}
END_TEST

START_TEST(test_view_named_interfaces_keep_given_order)
{
	static const char *const names[] = { IF_B, "pcpsel-none", IF_A };
	struct pcpsel_view *view = NULL;

	fill_dir();
	ck_assert_int_eq(pcpsel_view_load(tmpdir, names, 3, PCPSEL_MAPPING_V4,
			     &view),
	    0);
	ck_assert_uint_eq(pcpsel_view_count(view), 3);
	ck_assert_str_eq(pcpsel_view_ifname(view, 0), IF_B);
	ck_assert_str_eq(pcpsel_view_ifname(view, 1), "pcpsel-none");
	ck_assert_str_eq(pcpsel_view_ifname(view, 2), IF_A);
	ck_assert_uint_eq(pcpsel_list_count(pcpsel_view_servers(view, 0)), 1);
	/* no file: no server known there */
	ck_assert_uint_eq(pcpsel_list_count(pcpsel_view_servers(view, 1)), 0);
	ck_assert_uint_eq(pcpsel_list_count(pcpsel_view_servers(view, 2)), 2);
	pcpsel_view_free(view);
}
END_TEST

START_TEST(test_view_named_in_missing_dir_has_no_server)
{
	static const char *const names[] = { IF_A };
	struct pcpsel_view *view = NULL;
	char dir[128];

	snprintf(dir, sizeof(dir), "%s/missing", tmpdir);
	ck_assert_int_eq(pcpsel_view_load(dir, names, 1, PCPSEL_MAPPING_ANY,
			     &view),
	    0);
	ck_assert_uint_eq(pcpsel_view_count(view), 1);
	ck_assert_uint_eq(pcpsel_list_count(pcpsel_view_servers(view, 0)), 0);
	pcpsel_view_free(view);
}
END_TEST

START_TEST(test_view_empty_dir)
{
	struct pcpsel_view *view = NULL;

	ck_assert_int_eq(pcpsel_view_load(tmpdir, NULL, 0, PCPSEL_MAPPING_ANY,
			     &view),
	    0);
	ck_assert_uint_eq(pcpsel_view_count(view), 0);
	ck_assert_ptr_null(pcpsel_view_ifname(view, 0));
	pcpsel_view_free(view);
	pcpsel_view_free(NULL);
	ck_assert_uint_eq(pcpsel_view_count(NULL), 0);
}
END_TEST

START_TEST(test_view_errors)
{
	static const char *const bad[] = { IF_A, "a/b" };
	static const char *const link[] = { "link" };
	struct pcpsel_view *view = (struct pcpsel_view *)&view; /* sentinel */
	struct pcpsel_view *const sentinel = view;
	char dir[128];

	fill_dir();
	ck_assert_int_eq(pcpsel_view_load(tmpdir, NULL, 0, 5, &view), -EINVAL);
	ck_assert_int_eq(pcpsel_view_load(tmpdir, NULL, 0, PCPSEL_MAPPING_ANY,
			     NULL),
	    -EINVAL);
	ck_assert_int_eq(pcpsel_view_load(tmpdir, bad, 2, PCPSEL_MAPPING_ANY,
			     &view),
	    -EINVAL);
	snprintf(dir, sizeof(dir), "%s/missing", tmpdir);
	ck_assert_int_eq(pcpsel_view_load(dir, NULL, 0, PCPSEL_MAPPING_ANY,
			     &view),
	    -ENOENT);
	ck_assert_ptr_eq(view, sentinel); /* untouched on failure */
	/* a symlink named explicitly is refused, not followed: that
	 * interface reports -ELOOP, with no server */
	ck_assert_int_eq(pcpsel_view_load(tmpdir, link, 1, PCPSEL_MAPPING_ANY,
			     &view),
	    0);
	ck_assert_uint_eq(pcpsel_view_count(view), 1);
	ck_assert_int_eq(pcpsel_view_error(view, 0, NULL), -ELOOP);
	ck_assert_uint_eq(pcpsel_list_count(pcpsel_view_servers(view, 0)), 0);
	pcpsel_view_free(view);
}
END_TEST

/* Issue 12 item 5: one bad file must not cost the other interfaces their
 * servers; the view names the file and line (issue 13 item 6). */
START_TEST(test_view_bad_file_spares_the_others)
{
	static const char *const named[] = { IF_A, IF_B, "pcpsel-none" };
	struct pcpsel_view *view = NULL;
	size_t line = 99;

	fill_dir();
	/* a future origin word, then an address out of range */
	spew(IF_B,
	    "# new writer\nserver dhcpv4 192.0.2.1\n"
	    "server dhcpv7 2001:db8::7\n");
	spew("pcpseltest2", "server dhcpv4 192.0.2.300\n");
	/* a future keyword is skipped, as before */
	spew("pcpseltest3",
	    "priority 7\nserver dhcpv6 2001:db8:3::1\n"
	    "server-v2 dhcpv4 x\n");
	ck_assert_int_eq(pcpsel_view_load(tmpdir, NULL, 0, PCPSEL_MAPPING_ANY,
			     &view),
	    0);
	ck_assert_uint_eq(pcpsel_view_count(view), 4);
	ck_assert_str_eq(pcpsel_view_ifname(view, 0), IF_A);
	ck_assert_int_eq(pcpsel_view_error(view, 0, &line), 0);
	ck_assert_uint_eq(line, 0);
	ck_assert_uint_eq(pcpsel_list_count(pcpsel_view_servers(view, 0)), 2);
	ck_assert_str_eq(pcpsel_view_ifname(view, 1), IF_B);
	ck_assert_int_eq(pcpsel_view_error(view, 1, &line), -EBADMSG);
	ck_assert_uint_eq(line, 3);
	ck_assert_uint_eq(pcpsel_list_count(pcpsel_view_servers(view, 1)), 0);
	ck_assert_str_eq(pcpsel_view_ifname(view, 2), "pcpseltest2");
	ck_assert_int_eq(pcpsel_view_error(view, 2, &line), -EBADMSG);
	ck_assert_uint_eq(line, 1);
	ck_assert_str_eq(pcpsel_view_ifname(view, 3), "pcpseltest3");
	ck_assert_int_eq(pcpsel_view_error(view, 3, NULL), 0);
	ck_assert_str_eq(server_str(pcpsel_view_servers(view, 3), 0),
	    "2 2001:db8:3::1");
	ck_assert_int_eq(pcpsel_view_error(view, 4, &line), -ERANGE);
	ck_assert_int_eq(pcpsel_view_error(NULL, 0, &line), -ERANGE);
	pcpsel_view_free(view);

	/* the same for named interfaces; no file is no error */
	ck_assert_int_eq(pcpsel_view_load(tmpdir, named, 3, PCPSEL_MAPPING_ANY,
			     &view),
	    0);
	ck_assert_int_eq(pcpsel_view_error(view, 0, NULL), 0);
	ck_assert_uint_eq(pcpsel_list_count(pcpsel_view_servers(view, 0)), 2);
	ck_assert_int_eq(pcpsel_view_error(view, 1, &line), -EBADMSG);
	ck_assert_uint_eq(line, 3);
	ck_assert_int_eq(pcpsel_view_error(view, 2, &line), 0);
	ck_assert_uint_eq(line, 0);
	pcpsel_view_free(view);
}
END_TEST

/* 1 if interface lo has both 127.0.0.1 and ::1 as candidate sources. */
static int
lo_is_dual_stack(void)
{
	struct pcpsel_source *src = NULL;
	struct pcpsel_addr v4, v6;
	size_t n = 0, i;
	int have4 = 0, have6 = 0;

	if (pcpsel_sources_get("lo", &src, &n) < 0)
		return 0;
	pcpsel_addr_from_string(&v4, "127.0.0.1");
	pcpsel_addr_from_string(&v6, "::1");
	for (i = 0; i < n; i++) {
		have4 |= memcmp(&src[i].addr, &v4, sizeof(v4)) == 0;
		have6 |= memcmp(&src[i].addr, &v6, sizeof(v6)) == 0;
	}
	free(src);
	return have4 && have6;
}

START_TEST(test_view_orders_for_mapping_family)
{
	static const char *const lo[] = { "lo" };
	struct pcpsel_view *view = NULL;

	if (!lo_is_dual_stack()) {
		fprintf(stderr,
		    "check_view: lo lacks 127.0.0.1 or ::1, "
		    "live-order test not applicable\n");
		return;
	}
	/* P-FAM-1: an IPv4 mapping counts only IPv4 sources, so the IPv6
	 * address has none and goes last (RFC 6724 Rule 1, as O2) */
	spew("lo", "server dhcpv4,dhcpv6 2001:db8::1 192.0.2.1\n");
	ck_assert_int_eq(pcpsel_view_load(tmpdir, lo, 1, PCPSEL_MAPPING_V4,
			     &view),
	    0);
	ck_assert_str_eq(server_str(pcpsel_view_servers(view, 0), 0),
	    "3 192.0.2.1 2001:db8::1");
	pcpsel_view_free(view);
	/* and the IPv6 mapping the other way round (as O3) */
	spew("lo", "server dhcpv4,dhcpv6 192.0.2.1 2001:db8::1\n");
	ck_assert_int_eq(pcpsel_view_load(tmpdir, lo, 1, PCPSEL_MAPPING_V6,
			     &view),
	    0);
	ck_assert_str_eq(server_str(pcpsel_view_servers(view, 0), 0),
	    "3 2001:db8::1 192.0.2.1");
	pcpsel_view_free(view);
}
END_TEST

Suite *
view_suite(void)
{
	Suite *s = suite_create("view");
	TCase *tc;

	tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_view_lists_dir_in_name_order);
	tcase_add_test(tc, test_view_named_interfaces_keep_given_order);
	tcase_add_test(tc, test_view_named_in_missing_dir_has_no_server);
	tcase_add_test(tc, test_view_empty_dir);
	tcase_add_test(tc, test_view_errors);
	tcase_add_test(tc, test_view_bad_file_spares_the_others);
	tcase_add_test(tc, test_view_orders_for_mapping_family);
	suite_add_tcase(s, tc);
	return s;
}
