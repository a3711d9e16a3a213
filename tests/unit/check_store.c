/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_store.c - the per-interface store (store.c): set and clear one
 * origin, the merge into the interface's file, unchanged content not
 * rewritten, damaged state, refused arguments, directory modes, the lock
 * (a holder blocks every change; two writers never lose an update) and
 * failures that leave the file as it was.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pcpsel.h"
#include "check_suites.h"
#include "testutil.h"

/* An interface that does not exist: the order learned is kept. */
#define IF "pst0"
#define IF2 "pst1"

static char tmpdir[64];
static char state[128];
static char servers[128];
static struct pcpsel_store *store;

static void
setup(void)
{
	tu_tmpdir_make(tmpdir, sizeof(tmpdir), "pcpsel-store");
	snprintf(state, sizeof(state), "%s/state", tmpdir);
	snprintf(servers, sizeof(servers), "%s/servers", tmpdir);
	ck_assert_int_eq(pcpsel_store_new(state, servers, &store), 0);
}

static void
teardown(void)
{
	pcpsel_store_free(store);
	store = NULL;
	tu_tmpdir_remove(tmpdir);
}

/* A list of servers given as "a,b;c" (';' between servers), @origin. */
static struct pcpsel_list *
mklist(unsigned origin, const char *spec)
{
	struct pcpsel_list *list = pcpsel_list_new();
	char buf[1024], *srv, *s1 = NULL;

	ck_assert_ptr_nonnull(list);
	snprintf(buf, sizeof(buf), "%s", spec);
	for (srv = strtok_r(buf, ";", &s1); srv != NULL;
	     srv = strtok_r(NULL, ";", &s1)) {
		struct pcpsel_addr a[16];
		char *tok, *s2 = NULL;
		size_t n = 0;

		for (tok = strtok_r(srv, ",", &s2); tok != NULL;
		     tok = strtok_r(NULL, ",", &s2)) {
			ck_assert_uint_lt(n, 16);
			ck_assert_int_eq(pcpsel_addr_from_string(&a[n], tok),
			    0);
			n++;
		}
		ck_assert_int_eq(pcpsel_list_add_server(list, origin, a, n),
		    0);
	}
	return list;
}

/* Whole content of @path, or "" when it cannot be read (static buffer). */
static const char *
slurp(const char *path)
{
	static char buf[8192];
	ssize_t n;
	int fd;

	buf[0] = '\0';
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return buf;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static const char *
file_of(const char *dir, const char *sub, const char *ifname)
{
	static char path[256];

	if (sub != NULL)
		snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, ifname);
	else
		snprintf(path, sizeof(path), "%s/%s", dir, ifname);
	return path;
}

static int
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static ino_t
inode(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return st.st_ino;
}

#define HEAD(i) "# PCP servers for " i ", written by pcpsel\n"

/* set(): replace one origin's servers, as many times as the list. */
static int
set(const char *ifname, unsigned origin, const char *spec,
    struct pcpsel_store_report *report)
{
	struct pcpsel_list *list = mklist(origin, spec);
	int r;

	r = pcpsel_store_set(store, ifname, origin, list, report);
	pcpsel_list_free(list);
	return r;
}

START_TEST(test_set_v4_then_v6_merged_file)
{
	struct pcpsel_store_report rep;

	memset(&rep, 0x7f, sizeof(rep));
	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV4,
			     "192.0.2.1,192.0.2.2;198.51.100.1", &rep),
	    0);
	ck_assert_int_eq(rep.changed, 1);
	ck_assert_uint_eq(rep.damaged, 0);
	ck_assert_str_eq(slurp(file_of(servers, NULL, IF)),
	    HEAD(IF) "server dhcpv4 192.0.2.1 192.0.2.2\n"
		     "server dhcpv4 198.51.100.1\n");
	/* P-DHCP-1: a DHCPv6 server sharing an address with a DHCPv4 one
	 * joins it; the others come after the DHCPv4 servers */
	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV6,
			     "2001:db8::1;2001:db8::2,198.51.100.1", &rep),
	    0);
	ck_assert_int_eq(rep.changed, 1);
	ck_assert_str_eq(slurp(file_of(servers, NULL, IF)),
	    HEAD(IF) "server dhcpv4 192.0.2.1 192.0.2.2\n"
		     "server dhcpv4,dhcpv6 198.51.100.1 2001:db8::2\n"
		     "server dhcpv6 2001:db8::1\n");
	/* the per-origin state, as learned */
	ck_assert_str_eq(slurp(file_of(state, "dhcpv4", IF)),
	    HEAD(IF) "server dhcpv4 192.0.2.1 192.0.2.2\n"
		     "server dhcpv4 198.51.100.1\n");
	ck_assert_str_eq(slurp(file_of(state, "dhcpv6", IF)),
	    HEAD(IF) "server dhcpv6 2001:db8::1\n"
		     "server dhcpv6 2001:db8::2 198.51.100.1\n");
	ck_assert(exists(file_of(state, NULL, "lock")));
}
END_TEST

START_TEST(test_same_content_not_rewritten)
{
	struct pcpsel_store_report rep;
	ino_t ino;

	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV4, "192.0.2.1", NULL), 0);
	ino = inode(file_of(servers, NULL, IF));
	memset(&rep, 0x7f, sizeof(rep));
	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV4, "192.0.2.1", &rep), 0);
	ck_assert_int_eq(rep.changed, 0);
	ck_assert_uint_eq(inode(file_of(servers, NULL, IF)), ino);
	ck_assert_int_eq(pcpsel_store_publish(store, IF, &rep), 0);
	ck_assert_int_eq(rep.changed, 0);
	ck_assert_uint_eq(inode(file_of(servers, NULL, IF)), ino);
}
END_TEST

START_TEST(test_origin_of_the_list_is_replaced)
{
	/* a list made with another origin is kept as the origin set */
	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV4, "2001:db8::7", NULL),
	    0);
	{
		struct pcpsel_list *list =
		    mklist(PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6,
			"192.0.2.7");

		ck_assert_int_eq(pcpsel_store_set(store, IF,
				     PCPSEL_ORIGIN_DHCPV6, list, NULL),
		    0);
		pcpsel_list_free(list);
	}
	ck_assert_str_eq(slurp(file_of(servers, NULL, IF)),
	    HEAD(IF) "server dhcpv4 2001:db8::7\n"
		     "server dhcpv6 192.0.2.7\n");
}
END_TEST

START_TEST(test_empty_list_removes_origin_then_file)
{
	struct pcpsel_list *empty = pcpsel_list_new();
	struct pcpsel_store_report rep;

	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV4, "192.0.2.1", NULL), 0);
	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV6, "2001:db8::1", NULL),
	    0);
	ck_assert_int_eq(pcpsel_store_set(store, IF, PCPSEL_ORIGIN_DHCPV4,
			     empty, &rep),
	    0);
	ck_assert_int_eq(rep.changed, 1);
	ck_assert(!exists(file_of(state, "dhcpv4", IF)));
	ck_assert_str_eq(slurp(file_of(servers, NULL, IF)),
	    HEAD(IF) "server dhcpv6 2001:db8::1\n");
	ck_assert_int_eq(pcpsel_store_set(store, IF, PCPSEL_ORIGIN_DHCPV6,
			     empty, &rep),
	    0);
	ck_assert_int_eq(rep.changed, 1);
	ck_assert(!exists(file_of(servers, NULL, IF)));
	ck_assert(!exists(file_of(state, "dhcpv6", IF)));
	/* nothing left to remove: unchanged */
	ck_assert_int_eq(pcpsel_store_set(store, IF, PCPSEL_ORIGIN_DHCPV6,
			     empty, &rep),
	    0);
	ck_assert_int_eq(rep.changed, 0);
	pcpsel_list_free(empty);
}
END_TEST

START_TEST(test_clear_one_origin_and_all)
{
	struct pcpsel_store_report rep;

	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV4, "192.0.2.1", NULL), 0);
	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV6, "2001:db8::1", NULL),
	    0);
	ck_assert_int_eq(set(IF2, PCPSEL_ORIGIN_DHCPV4, "192.0.2.9", NULL), 0);
	ck_assert_int_eq(pcpsel_store_clear(store, IF, PCPSEL_ORIGIN_DHCPV6,
			     &rep),
	    0);
	ck_assert_int_eq(rep.changed, 1);
	ck_assert_str_eq(slurp(file_of(servers, NULL, IF)),
	    HEAD(IF) "server dhcpv4 192.0.2.1\n");
	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV6, "2001:db8::1", NULL),
	    0);
	ck_assert_int_eq(pcpsel_store_clear(store, IF,
			     PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6,
			     &rep),
	    0);
	ck_assert_int_eq(rep.changed, 1);
	ck_assert(!exists(file_of(servers, NULL, IF)));
	ck_assert(!exists(file_of(state, "dhcpv4", IF)));
	ck_assert(!exists(file_of(state, "dhcpv6", IF)));
	/* interfaces are kept apart (RFC 7291 §7) */
	ck_assert_str_eq(slurp(file_of(servers, NULL, IF2)),
	    HEAD(IF2) "server dhcpv4 192.0.2.9\n");
}
END_TEST

START_TEST(test_get_returns_state_as_learned)
{
	struct pcpsel_list *got = mklist(PCPSEL_ORIGIN_DHCPV4, "203.0.113.9");
	struct pcpsel_list *want;

	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV6,
			     "2001:db8::2,198.51.100.1;2001:db8::1", NULL),
	    0);
	ck_assert_int_eq(pcpsel_store_get(store, IF, PCPSEL_ORIGIN_DHCPV6,
			     got),
	    0);
	want = mklist(PCPSEL_ORIGIN_DHCPV6,
	    "2001:db8::2,198.51.100.1;2001:db8::1");
	ck_assert(pcpsel_list_equal(got, want));
	/* no state: no server */
	ck_assert_int_eq(pcpsel_store_get(store, IF, PCPSEL_ORIGIN_DHCPV4,
			     got),
	    0);
	ck_assert_uint_eq(pcpsel_list_count(got), 0);
	pcpsel_list_free(want);
	pcpsel_list_free(got);
}
END_TEST

START_TEST(test_damaged_state_reported_and_ignored)
{
	struct pcpsel_store_report rep;
	struct pcpsel_list *got = mklist(PCPSEL_ORIGIN_DHCPV4, "203.0.113.9");
	struct pcpsel_list *keep = mklist(PCPSEL_ORIGIN_DHCPV4, "203.0.113.9");
	FILE *f;

	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV6, "2001:db8::1", NULL),
	    0);
	f = fopen(file_of(state, "dhcpv6", IF), "w");
	ck_assert_ptr_nonnull(f);
	fputs("# comment\nserver dhcpv6 2001:db8::1\nserver dhcpv6 nonsense\n",
	    f);
	fclose(f);
	memset(&rep, 0, sizeof(rep));
	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV4, "192.0.2.1", &rep), 0);
	ck_assert_uint_eq(rep.damaged, PCPSEL_ORIGIN_DHCPV6);
	ck_assert_uint_eq(rep.damaged_line, 3);
	ck_assert_str_eq(slurp(file_of(servers, NULL, IF)),
	    HEAD(IF) "server dhcpv4 192.0.2.1\n");
	ck_assert_int_eq(pcpsel_store_get(store, IF, PCPSEL_ORIGIN_DHCPV6,
			     got),
	    -EBADMSG);
	ck_assert(pcpsel_list_equal(got, keep));
	/* a new DHCPv6 lease replaces the damaged state */
	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV6, "2001:db8::3", &rep),
	    0);
	ck_assert_uint_eq(rep.damaged, 0);
	ck_assert_str_eq(slurp(file_of(servers, NULL, IF)),
	    HEAD(IF) "server dhcpv4 192.0.2.1\n"
		     "server dhcpv6 2001:db8::3\n");
	pcpsel_list_free(got);
	pcpsel_list_free(keep);
}
END_TEST

START_TEST(test_refused_arguments_touch_nothing)
{
	struct pcpsel_list *list = mklist(PCPSEL_ORIGIN_DHCPV4, "192.0.2.1");
	struct pcpsel_store *s = (struct pcpsel_store *)0x1;
	struct pcpsel_store_report rep;

	ck_assert_int_eq(pcpsel_store_new(NULL, servers, &s), -EINVAL);
	ck_assert_int_eq(pcpsel_store_new("", servers, &s), -EINVAL);
	ck_assert_int_eq(pcpsel_store_new(state, "", &s), -EINVAL);
	ck_assert_int_eq(pcpsel_store_new(state, NULL, NULL), -EINVAL);
	ck_assert_ptr_eq(s, (struct pcpsel_store *)0x1);
	memset(&rep, 0x7f, sizeof(rep));
	ck_assert_int_eq(pcpsel_store_set(store, "../x", PCPSEL_ORIGIN_DHCPV4,
			     list, &rep),
	    -EINVAL);
	ck_assert_int_eq(pcpsel_store_set(store, IF, 0, list, &rep), -EINVAL);
	ck_assert_int_eq(pcpsel_store_set(store, IF,
			     PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6, list,
			     &rep),
	    -EINVAL);
	ck_assert_int_eq(pcpsel_store_set(store, IF, PCPSEL_ORIGIN_DHCPV4,
			     NULL, &rep),
	    -EINVAL);
	ck_assert_int_eq(pcpsel_store_set(NULL, IF, PCPSEL_ORIGIN_DHCPV4, list,
			     &rep),
	    -EINVAL);
	ck_assert_int_eq(pcpsel_store_clear(store, IF, 0, &rep), -EINVAL);
	ck_assert_int_eq(pcpsel_store_clear(store, IF, 0x4, &rep), -EINVAL);
	ck_assert_int_eq(pcpsel_store_clear(store, "", PCPSEL_ORIGIN_DHCPV4,
			     &rep),
	    -EINVAL);
	ck_assert_int_eq(pcpsel_store_publish(store, "a/b", &rep), -EINVAL);
	ck_assert_int_eq(pcpsel_store_get(store, IF, 0, list), -EINVAL);
	ck_assert_int_eq(rep.changed, 0x7f7f7f7f);
	ck_assert(!exists(state));
	ck_assert(!exists(servers));
	pcpsel_store_free(NULL);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_directories_0755_under_umask_077)
{
	struct stat st;
	mode_t old = umask(077);
	int r = set(IF, PCPSEL_ORIGIN_DHCPV4, "192.0.2.1", NULL);

	umask(old);
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(stat(state, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0755);
	ck_assert_int_eq(stat(file_of(state, NULL, "dhcpv4"), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0755);
	ck_assert_int_eq(stat(servers, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0755);
	ck_assert_int_eq(stat(file_of(servers, NULL, IF), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0644);
}
END_TEST

START_TEST(test_servers_dir_unusable_keeps_file)
{
	char path[256];
	struct pcpsel_store *bad;
	FILE *f;

	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV4, "192.0.2.1", NULL), 0);
	/* a store whose servers directory lies under a regular file */
	snprintf(path, sizeof(path), "%s/plain", tmpdir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/plain/servers", tmpdir);
	ck_assert_int_eq(pcpsel_store_new(state, path, &bad), 0);
	ck_assert_int_eq(set(IF, PCPSEL_ORIGIN_DHCPV4, "192.0.2.1", NULL), 0);
	{
		struct pcpsel_list *list =
		    mklist(PCPSEL_ORIGIN_DHCPV4, "192.0.2.2");

		ck_assert_int_eq(pcpsel_store_set(bad, IF,
				     PCPSEL_ORIGIN_DHCPV4, list, NULL),
		    -ENOTDIR);
		pcpsel_list_free(list);
	}
	pcpsel_store_free(bad);
	/* the other store's file is as it was */
	ck_assert_str_eq(slurp(file_of(servers, NULL, IF)),
	    HEAD(IF) "server dhcpv4 192.0.2.1\n");
}
END_TEST

START_TEST(test_env_servers_dir_when_null)
{
	struct pcpsel_store *s;
	char dir[160];

	snprintf(dir, sizeof(dir), "%s/envdir", tmpdir);
	ck_assert_int_eq(setenv("PCPSEL_SERVERS_DIR", dir, 1), 0);
	ck_assert_int_eq(pcpsel_store_new(state, NULL, &s), 0);
	{
		struct pcpsel_list *list =
		    mklist(PCPSEL_ORIGIN_DHCPV4, "192.0.2.5");

		ck_assert_int_eq(pcpsel_store_set(s, IF, PCPSEL_ORIGIN_DHCPV4,
				     list, NULL),
		    0);
		pcpsel_list_free(list);
	}
	unsetenv("PCPSEL_SERVERS_DIR");
	pcpsel_store_free(s);
	ck_assert_str_eq(slurp(file_of(dir, NULL, IF)),
	    HEAD(IF) "server dhcpv4 192.0.2.5\n");
}
END_TEST

/* While something holds <state>/lock, no change completes; once it is
 * released, the waiting change is done. */
START_TEST(test_lock_holder_blocks_changes)
{
	char lock[192];
	int fd, status, i;
	pid_t pid;

	ck_assert_int_eq(mkdir(state, 0755), 0);
	snprintf(lock, sizeof(lock), "%s/lock", state);
	fd = open(lock, O_RDWR | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(flock(fd, LOCK_EX), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(set(IF, PCPSEL_ORIGIN_DHCPV4, "192.0.2.1", NULL) == 0 ?
			0 :
			1);
	/* the child is started or waiting: it can never have written */
	for (i = 0; i < 20; i++) {
		ck_assert(!exists(file_of(servers, NULL, IF)));
		ck_assert_int_eq(waitpid(pid, &status, WNOHANG), 0);
		usleep(10000);
	}
	ck_assert_int_eq(flock(fd, LOCK_UN), 0);
	close(fd);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_str_eq(slurp(file_of(servers, NULL, IF)),
	    HEAD(IF) "server dhcpv4 192.0.2.1\n");
}
END_TEST

/* Two processes change the two origins of one interface 200 times at
 * once: the final file holds both last updates. */
START_TEST(test_concurrent_origins_lose_nothing)
{
	static const unsigned origin[2] = { PCPSEL_ORIGIN_DHCPV4,
		PCPSEL_ORIGIN_DHCPV6 };
	pid_t pid[2];
	int k, status;

	for (k = 0; k < 2; k++) {
		pid[k] = fork();
		ck_assert_int_ge(pid[k], 0);
		if (pid[k] == 0) {
			char spec[64];
			int i, bad = 0;

			for (i = 1; i <= 200; i++) {
				if (k == 0)
					snprintf(spec, sizeof(spec),
					    "192.0.2.%d", i);
				else
					snprintf(spec, sizeof(spec),
					    "2001:db8::%x", i);
				bad |= set(IF, origin[k], spec, NULL) != 0;
			}
			_exit(bad);
		}
	}
	for (k = 0; k < 2; k++) {
		ck_assert_int_eq(waitpid(pid[k], &status, 0), pid[k]);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	ck_assert_str_eq(slurp(file_of(servers, NULL, IF)),
	    HEAD(IF) "server dhcpv4 192.0.2.200\n"
		     "server dhcpv6 2001:db8::c8\n");
}
END_TEST

Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_set_v4_then_v6_merged_file);
	tcase_add_test(tc, test_same_content_not_rewritten);
	tcase_add_test(tc, test_origin_of_the_list_is_replaced);
	tcase_add_test(tc, test_empty_list_removes_origin_then_file);
	tcase_add_test(tc, test_clear_one_origin_and_all);
	tcase_add_test(tc, test_get_returns_state_as_learned);
	tcase_add_test(tc, test_damaged_state_reported_and_ignored);
	tcase_add_test(tc, test_refused_arguments_touch_nothing);
	tcase_add_test(tc, test_directories_0755_under_umask_077);
	tcase_add_test(tc, test_servers_dir_unusable_keeps_file);
	tcase_add_test(tc, test_env_servers_dir_when_null);
	tcase_add_test(tc, test_lock_holder_blocks_changes);
	tcase_add_test(tc, test_concurrent_origins_lose_nothing);
	suite_add_tcase(s, tc);
	return s;
}
