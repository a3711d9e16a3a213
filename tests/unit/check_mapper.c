/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_mapper.c - the mapper's event-loop contract without a network: one
 * descriptor, no timer while nothing is due (no polling), a server-list
 * file written the way the dhcpcd hook writes it (temp file + rename)
 * wakes the descriptor (inotify) and is read after the debounce, an
 * interface this host lacks gets NO_SOURCE, stop on nothing held is done
 * at once, a removed directory ends the mapper with -ENOENT; with
 * wait_dir, a directory that does not exist yet is waited for (its nearest
 * existing parent watched, no timer) and used once it appears.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pcpsel.h"
#include "check_suites.h"
#include "testutil.h"

struct seen {
	int no_source;
	int bad_file;
	char ifname[PCPSEL_IFNAMSIZ];
};

static void
on_event(void *arg, const struct pcpsel_map_event *ev)
{
	struct seen *s = arg;

	if (ev->type == PCPSEL_MAP_NO_SOURCE) {
		s->no_source++;
		snprintf(s->ifname, sizeof(s->ifname), "%s", ev->ifname);
	} else if (ev->type == PCPSEL_MAP_BAD_FILE) {
		s->bad_file++;
	}
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char tmp[512], path[512];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(tmp, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	ck_assert_int_eq(rename(tmp, path), 0);
}

/* poll the mapper's descriptor for up to @ms: 1 readable, 0 not */
static int
wait_fd(struct pcpsel_mapper *m, int ms)
{
	struct pollfd pfd;

	pfd.fd = pcpsel_mapper_fd(m);
	pfd.events = POLLIN;
	pfd.revents = 0;
	return poll(&pfd, 1, ms);
}

START_TEST(test_mapper_event_loop_contract)
{
	struct pcpsel_mapper_config cfg;
	struct pcpsel_mapper *m = NULL;
	struct seen seen;
	char dir[256];
	int t, k;

	tu_tmpdir_make(dir, sizeof(dir), "pcpsel-mapper");
	memset(&seen, 0, sizeof(seen));
	memset(&cfg, 0, sizeof(cfg));
	cfg.dir = dir;
	cfg.family = PCPSEL_MAPPING_ANY;
	cfg.protocol = PCPSEL_PROTO_TCP;
	cfg.internal_port = 8080;
	cfg.event = on_event;
	cfg.event_arg = &seen;
	ck_assert_int_eq(pcpsel_mapper_new(&cfg, &m), 0);
	ck_assert_int_ge(pcpsel_mapper_fd(m), 0);
	/* nothing known, nothing due: no timer at all */
	ck_assert_int_eq(pcpsel_mapper_process(m), 0);
	ck_assert_int_eq(pcpsel_mapper_timeout(m), -1);
	ck_assert_int_eq(wait_fd(m, 0), 0);
	ck_assert_uint_eq(pcpsel_mapper_count(m), 0);

	write_file(dir, "pcpseltest0", "server dhcpv4 192.0.2.1\n");
	ck_assert_int_eq(wait_fd(m, 2000), 1); /* inotify */
	ck_assert_int_eq(pcpsel_mapper_process(m), 0);
	t = pcpsel_mapper_timeout(m);
	ck_assert_int_ge(t, 0);
	ck_assert_int_le(t, 250); /* the debounce of P-CHG-5 */
	for (k = 0; k < 20 && seen.no_source == 0; k++) {
		wait_fd(m, pcpsel_mapper_timeout(m));
		ck_assert_int_eq(pcpsel_mapper_process(m), 0);
	}
	ck_assert_int_eq(seen.no_source, 1);
	ck_assert_str_eq(seen.ifname, "pcpseltest0");
	ck_assert_uint_eq(pcpsel_mapper_count(m), 1);
	ck_assert_ptr_nonnull(pcpsel_mapper_servers(m, "pcpseltest0"));
	/* nothing to send to: no timer again */
	ck_assert_int_eq(pcpsel_mapper_timeout(m), -1);

	/* a malformed file: reported, the servers kept */
	write_file(dir, "pcpseltest0", "server dhcpv4 192.0.2.300\n");
	for (k = 0; k < 20 && seen.bad_file == 0; k++) {
		wait_fd(m,
		    pcpsel_mapper_timeout(m) < 0 ? 2000 :
						   pcpsel_mapper_timeout(m));
		ck_assert_int_eq(pcpsel_mapper_process(m), 0);
	}
	ck_assert_int_eq(seen.bad_file, 1);
	ck_assert_uint_eq(pcpsel_mapper_count(m), 1);

	ck_assert_int_eq(pcpsel_mapper_stop(m), 0);
	ck_assert_int_eq(pcpsel_mapper_done(m), 1);
	pcpsel_mapper_free(m);

	/* the directory removed under a running mapper */
	ck_assert_int_eq(pcpsel_mapper_new(&cfg, &m), 0);
	tu_tmpdir_remove(dir);
	ck_assert_int_eq(wait_fd(m, 2000), 1);
	ck_assert_int_eq(pcpsel_mapper_process(m), -ENOENT);
	pcpsel_mapper_free(m);
}
END_TEST

/* process until @done says so or @tries passes end; each pass waits for
 * the descriptor (the timeout the mapper gives, else 2 s) */
static void
run_until(struct pcpsel_mapper *m, const int *done, int tries)
{
	int k, t;

	for (k = 0; k < tries && *done == 0; k++) {
		t = pcpsel_mapper_timeout(m);
		wait_fd(m, t < 0 ? 2000 : t);
		ck_assert_int_eq(pcpsel_mapper_process(m), 0);
	}
}

/* A host starts pcpsel map before any lease: /run/pcp/servers is made
 * later, by the first DHCP client hook (mkdir -p). */
START_TEST(test_mapper_waits_for_dir)
{
	struct pcpsel_mapper_config cfg;
	struct pcpsel_mapper *m = NULL;
	struct seen seen;
	char top[256], dir[320], mid[300], path[400];
	FILE *f;

	tu_tmpdir_make(top, sizeof(top), "pcpsel-mapper");
	snprintf(mid, sizeof(mid), "%s/pcp", top);
	snprintf(dir, sizeof(dir), "%s/pcp/servers", top);
	memset(&seen, 0, sizeof(seen));
	memset(&cfg, 0, sizeof(cfg));
	cfg.dir = dir;
	cfg.family = PCPSEL_MAPPING_ANY;
	cfg.protocol = PCPSEL_PROTO_TCP;
	cfg.internal_port = 8080;
	cfg.event = on_event;
	cfg.event_arg = &seen;
	/* without wait_dir: missing is an error */
	ck_assert_int_eq(pcpsel_mapper_new(&cfg, &m), -ENOENT);
	ck_assert_ptr_null(m);
	cfg.wait_dir = 1;
	ck_assert_int_eq(pcpsel_mapper_new(&cfg, &m), 0);
	/* waiting: no server, no timer (no polling) */
	ck_assert_int_eq(pcpsel_mapper_process(m), 0);
	ck_assert_int_eq(pcpsel_mapper_timeout(m), -1);
	ck_assert_int_eq(wait_fd(m, 0), 0);
	ck_assert_uint_eq(pcpsel_mapper_count(m), 0);
	/* a file where the parent will be is no directory (ignored: the
	 * mapper watches "top" and keeps waiting) */
	snprintf(path, sizeof(path), "%s/pcp.tmp", top);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_int_eq(wait_fd(m, 2000), 1);
	ck_assert_int_eq(pcpsel_mapper_process(m), 0);
	ck_assert_int_eq(pcpsel_mapper_timeout(m), -1);
	/* one level appears: the watch moves down to it */
	ck_assert_int_eq(mkdir(mid, 0755), 0);
	ck_assert_int_eq(wait_fd(m, 2000), 1);
	ck_assert_int_eq(pcpsel_mapper_process(m), 0);
	ck_assert_int_eq(pcpsel_mapper_timeout(m), -1);
	ck_assert_uint_eq(pcpsel_mapper_count(m), 0);
	/* the directory and at once a file in it, as the hook does */
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	write_file(dir, "pcpseltest0", "server dhcpv4 192.0.2.1\n");
	ck_assert_int_eq(wait_fd(m, 2000), 1);
	run_until(m, &seen.no_source, 20);
	ck_assert_int_eq(seen.no_source, 1);
	ck_assert_str_eq(seen.ifname, "pcpseltest0");
	ck_assert_uint_eq(pcpsel_mapper_count(m), 1);
	/* then it works as usual: a second file is followed */
	write_file(dir, "pcpseltest1", "server dhcpv6 2001:db8::1\n");
	run_until(m, &seen.no_source, 0);
	seen.no_source = 0;
	run_until(m, &seen.no_source, 20);
	ck_assert_int_eq(seen.no_source, 1);
	ck_assert_str_eq(seen.ifname, "pcpseltest1");
	ck_assert_uint_eq(pcpsel_mapper_count(m), 2); /* if0 IPv4, if1 IPv6 */
	ck_assert_int_eq(pcpsel_mapper_stop(m), 0);
	pcpsel_mapper_free(m);
	m = NULL;

	/* the whole path made at once (mkdir -p) after the start */
	tu_tmpdir_remove(mid);
	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(pcpsel_mapper_new(&cfg, &m), 0);
	ck_assert_int_eq(mkdir(mid, 0755), 0);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	write_file(dir, "pcpseltest0", "server dhcpv4 192.0.2.1\n");
	run_until(m, &seen.no_source, 20);
	ck_assert_int_eq(seen.no_source, 1);
	pcpsel_mapper_free(m);
	m = NULL;

	/* a file in the way of the path: not a directory */
	tu_tmpdir_remove(mid);
	f = fopen(mid, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_int_eq(pcpsel_mapper_new(&cfg, &m), -ENOTDIR);
	ck_assert_ptr_null(m);
	/* ... or put there while waiting: the mapper cannot go on */
	ck_assert_int_eq(unlink(mid), 0);
	ck_assert_int_eq(pcpsel_mapper_new(&cfg, &m), 0);
	f = fopen(mid, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_int_eq(wait_fd(m, 2000), 1);
	ck_assert_int_eq(pcpsel_mapper_process(m), -ENOTDIR);
	pcpsel_mapper_free(m);
	tu_tmpdir_remove(top);
}
END_TEST

START_TEST(test_mapper_rejects)
{
	struct pcpsel_mapper_config cfg;
	struct pcpsel_mapper *m = NULL;
	const char *bad[] = { "a/b" };
	char dir[256];

	tu_tmpdir_make(dir, sizeof(dir), "pcpsel-mapper");
	memset(&cfg, 0, sizeof(cfg));
	cfg.dir = dir;
	cfg.protocol = PCPSEL_PROTO_UDP;
	ck_assert_int_eq(pcpsel_mapper_new(&cfg, &m), -EINVAL); /* port */
	cfg.internal_port = 5000;
	cfg.ifnames = bad;
	cfg.nifnames = 1;
	ck_assert_int_eq(pcpsel_mapper_new(&cfg, &m), -EINVAL);
	cfg.ifnames = NULL;
	cfg.nifnames = 0;
	cfg.family = 5;
	ck_assert_int_eq(pcpsel_mapper_new(&cfg, &m), -EINVAL);
	cfg.family = PCPSEL_MAPPING_V6;
	cfg.dir = "/nonexistent/pcpsel";
	ck_assert_int_eq(pcpsel_mapper_new(&cfg, &m), -ENOENT);
	cfg.dir = "/dev/null";
	ck_assert_int_eq(pcpsel_mapper_new(&cfg, &m), -ENOTDIR);
	ck_assert_ptr_null(m);
	pcpsel_mapper_free(NULL);
	tu_tmpdir_remove(dir);
}
END_TEST

Suite *
mapper_suite(void)
{
	Suite *s = suite_create("mapper");
	TCase *tc = tcase_create("loop");

	tcase_add_test(tc, test_mapper_event_loop_contract);
	tcase_add_test(tc, test_mapper_rejects);
	tcase_add_test(tc, test_mapper_waits_for_dir);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}
