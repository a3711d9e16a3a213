/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_files.c - the server-list files (files.c, pcpsel-servers(5)):
 * exact text, parse errors with line numbers, atomic replace, refused
 * names, symlinks never followed, failures leave the old file intact.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pcpsel.h"
#include "check_suites.h"
#include "testutil.h"

#define HEAD_ETH0 "# PCP servers for eth0, written by pcpsel\n"

static char tmpdir[64];

static void
setup(void)
{
	tu_tmpdir_make(tmpdir, sizeof(tmpdir), "pcpsel-files");
}

static void
teardown(void)
{
	tu_tmpdir_remove(tmpdir);
}

/* Append a server of comma-separated @addrs to @list. */
static void
add(struct pcpsel_list *list, unsigned origin, const char *addrs)
{
	struct pcpsel_addr a[16];
	char buf[512], *tok, *save = NULL;
	size_t n = 0;

	snprintf(buf, sizeof(buf), "%s", addrs);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		ck_assert_uint_lt(n, 16);
		ck_assert_int_eq(pcpsel_addr_from_string(&a[n], tok), 0);
		n++;
	}
	ck_assert_int_eq(pcpsel_list_add_server(list, origin, a, n), 0);
}

/* The three-origin list used throughout, and its exact text. */
static struct pcpsel_list *
sample_list(void)
{
	struct pcpsel_list *list = pcpsel_list_new();

	ck_assert_ptr_nonnull(list);
	add(list, PCPSEL_ORIGIN_DHCPV4, "192.0.2.1");
	add(list, PCPSEL_ORIGIN_DHCPV4, "198.51.100.1,198.51.100.2");
	add(list, PCPSEL_ORIGIN_DHCPV6, "2001:db8:1::1,192.0.2.2");
	add(list, PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6,
	    "203.0.113.1,2001:db8::5,fe80::1");
	return list;
}

#define SAMPLE_TEXT \
	"server dhcpv4 192.0.2.1\n" \
	"server dhcpv4 198.51.100.1 198.51.100.2\n" \
	"server dhcpv6 2001:db8:1::1 192.0.2.2\n" \
	"server dhcpv4,dhcpv6 203.0.113.1 2001:db8::5 fe80::1\n"
static const char sample_text[] = SAMPLE_TEXT;

/* Whole content of @path into @buf (NUL-terminated); its length or -1. */
static ssize_t
slurp(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

static void
spew(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

static char *
path_in(const char *dir, const char *name)
{
	static char path[2048];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* Number of directory entries other than . and .. */
static int
count_entries(const char *dir)
{
	char cmd[300];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls -A '%s' | wc -l", dir);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

/* ---- format ----------------------------------------------------------- */

START_TEST(test_format_exact_text)
{
	struct pcpsel_list *list = sample_list();
	char *text = NULL;
	size_t len = 0;

	/* pcpsel-servers(5): "server <origin> <addr>...", single spaces,
	 * IPv4 dotted quad, IPv6 RFC 5952 */
	ck_assert_int_eq(pcpsel_file_format(list, &text, &len), 0);
	ck_assert_str_eq(text, sample_text);
	ck_assert_uint_eq(len, strlen(sample_text));
	free(text);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_format_rfc5952_text)
{
	struct pcpsel_list *list = pcpsel_list_new();
	char *text = NULL;

	add(list, PCPSEL_ORIGIN_DHCPV6,
	    "2001:0DB8:0000:0000:0001:0000:0000:0001,::ffff:198.51.100.7");
	ck_assert_int_eq(pcpsel_file_format(list, &text, NULL), 0);
	ck_assert_str_eq(text,
	    "server dhcpv6 2001:db8::1:0:0:1 198.51.100.7\n");
	free(text);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_format_empty_list_is_empty_text)
{
	struct pcpsel_list *list = pcpsel_list_new();
	char *text = NULL;
	size_t len = 99;

	ck_assert_int_eq(pcpsel_file_format(list, &text, &len), 0);
	ck_assert_ptr_nonnull(text);
	ck_assert_str_eq(text, "");
	ck_assert_uint_eq(len, 0);
	free(text);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_format_null_is_einval)
{
	struct pcpsel_list *list = pcpsel_list_new();
	char *text = (char *)"untouched";

	ck_assert_int_eq(pcpsel_file_format(NULL, &text, NULL), -EINVAL);
	ck_assert_int_eq(pcpsel_file_format(list, NULL, NULL), -EINVAL);
	ck_assert_str_eq(text, "untouched");
	pcpsel_list_free(list);
}
END_TEST

/* ---- parse ------------------------------------------------------------ */

START_TEST(test_parse_exact_text_round_trip)
{
	struct pcpsel_list *want = sample_list(), *got = pcpsel_list_new();
	size_t line = 77;
	char *text = NULL;

	ck_assert_int_eq(pcpsel_file_parse(got, sample_text,
			     strlen(sample_text), &line),
	    0);
	ck_assert_uint_eq(line, 77); /* untouched on success */
	ck_assert_int_eq(pcpsel_list_equal(got, want), 1);
	ck_assert_int_eq(pcpsel_file_format(got, &text, NULL), 0);
	ck_assert_str_eq(text, sample_text);
	free(text);
	pcpsel_list_free(got);
	pcpsel_list_free(want);
}
END_TEST

START_TEST(test_parse_skips_comments_blank_and_unknown_lines)
{
	static const char text[] =
	    "# PCP servers for eth0, written by pcpsel\n"
	    "\n"
	    "   \t\n"
	    "  # indented comment\n"
	    "lifetime 3600\n" /* unknown keyword: the format grows */
	    "servers dhcpv4 bogus\n" /* "servers" is not "server" */
	    "#server dhcpv4 192.0.2.9\n"
	    "server dhcpv4 192.0.2.1\n"
	    "x-future-word\n"
	    "  server\tdhcpv6   2001:db8::1 \t 198.51.100.1  \n"
	    "server dhcpv4 203.0.113.1"; /* no final newline */
	struct pcpsel_list *got = pcpsel_list_new(), *want = pcpsel_list_new();

	add(want, PCPSEL_ORIGIN_DHCPV4, "192.0.2.1");
	add(want, PCPSEL_ORIGIN_DHCPV6, "2001:db8::1,198.51.100.1");
	add(want, PCPSEL_ORIGIN_DHCPV4, "203.0.113.1");
	ck_assert_int_eq(pcpsel_file_parse(got, text, strlen(text), NULL), 0);
	ck_assert_int_eq(pcpsel_list_equal(got, want), 1);
	pcpsel_list_free(got);
	pcpsel_list_free(want);
}
END_TEST

START_TEST(test_parse_appends_to_list)
{
	static const char text[] = "server dhcpv6 2001:db8::1\n";
	struct pcpsel_list *list = pcpsel_list_new();
	char buf[46];

	add(list, PCPSEL_ORIGIN_DHCPV4, "192.0.2.1");
	ck_assert_int_eq(pcpsel_file_parse(list, text, strlen(text), NULL), 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 2);
	ck_assert_uint_eq(pcpsel_server_origin(list, 1), PCPSEL_ORIGIN_DHCPV6);
	pcpsel_addr_to_string(pcpsel_server_addrs(list, 1), buf, sizeof(buf));
	ck_assert_str_eq(buf, "2001:db8::1");
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_parse_empty_text_is_no_server)
{
	struct pcpsel_list *list = pcpsel_list_new();

	ck_assert_int_eq(pcpsel_file_parse(list, "", 0, NULL), 0);
	ck_assert_int_eq(pcpsel_file_parse(list, NULL, 0, NULL), 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 0);
	ck_assert_int_eq(pcpsel_file_parse(NULL, "", 0, NULL), -EINVAL);
	ck_assert_int_eq(pcpsel_file_parse(list, NULL, 3, NULL), -EINVAL);
	pcpsel_list_free(list);
}
END_TEST

static const struct {
	const char *text;
	size_t len; /* 0: strlen */
	size_t line;
} bad_texts[] = {
	{ "server\n", 0, 1 }, /* no origin */
	{ "# c\nserver dhcpv5 192.0.2.1\n", 0, 2 }, /* bad origin */
	/* words are exact, and the merged origin has one spelling */
	{ "server DHCPV4 192.0.2.1\n", 0, 1 },
	{ "server dhcpv6,dhcpv4 2001:db8::1\n", 0, 1 },
	{ "server dhcpv4,dhcpv4 192.0.2.1\n", 0, 1 },
	{ "server dhcpv4\n", 0, 1 }, /* no address */
	{ "server dhcpv4   \n", 0, 1 },
	{ "\n\n\nserver dhcpv4 192.0.2.256\n", 0, 4 }, /* bad address */
	{ "server dhcpv4 192.0.2.1/24\n", 0, 1 }, /* no prefix */
	{ "server dhcpv6 fe80::1%eth0\n", 0, 1 }, /* no zone */
	{ "server dhcpv4 192.0.2.1,192.0.2.2\n", 0, 1 }, /* commas */
	{ "server dhcpv4 192.0.2.1\r\n", 0, 1 }, /* CR is not a blank */
	{ "server dhcpv6 2001:0db8:0000:0000:0000:0000:0000:0001x\n", 0, 1 },
	/* duplicate inside a server and across servers (list invariant) */
	{ "server dhcpv4 192.0.2.1 192.0.2.1\n", 0, 1 },
	{ "server dhcpv4 192.0.2.1\n\nserver dhcpv6 ::ffff:192.0.2.1\n", 0,
	    3 },
	/* a NUL byte: not a text file */
	{ "server dhcpv4 192.0.2.1\nserver dhcpv4 192.0.2.2\0\n", 49, 2 },
	{ "# ok\n\0", 6, 2 },
	/* already in the caller's list (see the loop below) */
	{ "server dhcpv6 2001:db8:ffff::1\n", 0, 1 },
};

START_TEST(test_parse_error_reports_line)
{
	const char *text = bad_texts[_i].text;
	size_t len = bad_texts[_i].len != 0 ? bad_texts[_i].len : strlen(text);
	struct pcpsel_list *list = pcpsel_list_new(), *before;
	size_t line = 0;

	add(list, PCPSEL_ORIGIN_DHCPV6, "2001:db8:ffff::1");
	before = pcpsel_list_new();
	add(before, PCPSEL_ORIGIN_DHCPV6, "2001:db8:ffff::1");
	/* a bad "server" line makes the whole text -EBADMSG (pcpsel.h) */
	ck_assert_int_eq(pcpsel_file_parse(list, text, len, &line), -EBADMSG);
	ck_assert_uint_eq(line, bad_texts[_i].line);
	ck_assert_int_eq(pcpsel_list_equal(list, before), 1); /* unchanged */
	pcpsel_list_free(list);
	pcpsel_list_free(before);
}
END_TEST

/* ---- names, directory ------------------------------------------------- */

/* P-IF-4 (pcpsel-servers(5)): 1 to 15 bytes, each printable ASCII but '/'
 * and ':', not beginning with '.' */
/* clang-format off */
static const char *const refused_names[] = {
	"", ".", "..", "a/b", "/", "a b", "a\nb", "\t", "eth0\r", "eth\x7f",
	"eth\x01", "abcdefghijklmnop", /* 16 characters: IFNAMSIZ - 1 is 15 */
	"../eth0",
	/* issue 12 item 4: a leading '.' (Linux accepts ".x"; the readers
	 * take such names for the writer's temp files) */
	".x", "...", ".eth0.123.0",
	/* bytes >= 0x80 (Linux accepts them; JSON output must stay UTF-8) */
	"eth\xc3\xa9", "\x80", "eth\xff", "\xe2\x82\xac" "0",
	/* ':' (Linux refuses it: alias syntax) */
	"eth0:1", ":",
};
/* clang-format on */

START_TEST(test_ifname_refused)
{
	ck_assert_int_eq(pcpsel_ifname_check(refused_names[_i]), -EINVAL);
}
END_TEST

START_TEST(test_ifname_accepted)
{
	ck_assert_int_eq(pcpsel_ifname_check("eth0"), 0);
	ck_assert_int_eq(pcpsel_ifname_check("a"), 0);
	ck_assert_int_eq(pcpsel_ifname_check("x."), 0);
	ck_assert_int_eq(pcpsel_ifname_check("eth0.10"), 0);
	ck_assert_int_eq(pcpsel_ifname_check("br-lan_2"), 0);
	ck_assert_int_eq(pcpsel_ifname_check("a$b@c~!"), 0);
	ck_assert_int_eq(pcpsel_ifname_check("wlp0s20f3"), 0);
	ck_assert_int_eq(pcpsel_ifname_check("veth-pcp.10"), 0);
	ck_assert_int_eq(pcpsel_ifname_check("abcdefghijklmno"), 0); /* 15 */
	ck_assert_int_eq(pcpsel_ifname_check(NULL), -EINVAL);
}
END_TEST

START_TEST(test_servers_dir_env_override)
{
	unsetenv("PCPSEL_SERVERS_DIR");
	ck_assert_str_eq(pcpsel_servers_dir(), PCPSEL_SERVERS_DIR_DEFAULT);
	setenv("PCPSEL_SERVERS_DIR", "", 1);
	ck_assert_str_eq(pcpsel_servers_dir(), PCPSEL_SERVERS_DIR_DEFAULT);
	setenv("PCPSEL_SERVERS_DIR", "/tmp/elsewhere", 1);
	ck_assert_str_eq(pcpsel_servers_dir(), "/tmp/elsewhere");
	unsetenv("PCPSEL_SERVERS_DIR");
}
END_TEST

/* ---- write ------------------------------------------------------------ */

START_TEST(test_write_creates_exact_file_mode_0644)
{
	struct pcpsel_list *list = sample_list();
	char buf[1024];
	struct stat st;
	mode_t old = umask(077); /* the writer must not depend on it */

	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", list), 0);
	umask(old);
	ck_assert_int_eq(slurp(path_in(tmpdir, "eth0"), buf, sizeof(buf)),
	    (ssize_t)strlen(HEAD_ETH0 SAMPLE_TEXT));
	ck_assert_str_eq(buf, HEAD_ETH0 SAMPLE_TEXT);
	ck_assert_int_eq(lstat(path_in(tmpdir, "eth0"), &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0644);
	ck_assert_int_eq(count_entries(tmpdir), 1); /* no temp file left */
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_write_unchanged_returns_1_and_keeps_inode)
{
	struct pcpsel_list *list = sample_list();
	struct stat st1, st2;

	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", list), 0);
	ck_assert_int_eq(stat(path_in(tmpdir, "eth0"), &st1), 0);
	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", list), 1);
	ck_assert_int_eq(stat(path_in(tmpdir, "eth0"), &st2), 0);
	ck_assert_uint_eq(st1.st_ino, st2.st_ino); /* not touched */
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_write_replaces_atomically)
{
	struct pcpsel_list *a = sample_list(), *b = pcpsel_list_new();
	char buf[1024];
	struct stat st1, st2;

	add(b, PCPSEL_ORIGIN_DHCPV6, "2001:db8:2::1,2001:db8:2::2");
	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", a), 0);
	ck_assert_int_eq(stat(path_in(tmpdir, "eth0"), &st1), 0);
	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", b), 0);
	ck_assert_int_eq(stat(path_in(tmpdir, "eth0"), &st2), 0);
	/* a new inode renamed in place, not the old one rewritten */
	ck_assert_uint_ne(st1.st_ino, st2.st_ino);
	slurp(path_in(tmpdir, "eth0"), buf, sizeof(buf));
	ck_assert_str_eq(buf,
	    HEAD_ETH0 "server dhcpv6 2001:db8:2::1 2001:db8:2::2\n");
	ck_assert_int_eq(count_entries(tmpdir), 1);
	/* and back again */
	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", a), 0);
	slurp(path_in(tmpdir, "eth0"), buf, sizeof(buf));
	ck_assert_str_eq(buf, HEAD_ETH0 SAMPLE_TEXT);
	pcpsel_list_free(a);
	pcpsel_list_free(b);
}
END_TEST

START_TEST(test_write_rewrites_same_content_with_wrong_mode)
{
	struct pcpsel_list *list = sample_list();
	struct stat st;

	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", list), 0);
	ck_assert_int_eq(chmod(path_in(tmpdir, "eth0"), 0600), 0);
	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", list), 0);
	ck_assert_int_eq(stat(path_in(tmpdir, "eth0"), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0644);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_write_creates_missing_dir_0755)
{
	struct pcpsel_list *list = sample_list();
	char dir[128];
	struct stat st;
	mode_t old = umask(077);

	snprintf(dir, sizeof(dir), "%s/servers", tmpdir);
	ck_assert_int_eq(pcpsel_file_write(dir, "eth1", list), 0);
	umask(old);
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0755);
	ck_assert_int_eq(access(path_in(dir, "eth1"), F_OK), 0);
	pcpsel_list_free(list);
}
END_TEST

/* Issue 12 item 3: /run/pcp and /run/pcp/servers were made by the caller
 * with its umask (0700 under umask 077), and unprivileged readers got
 * "Permission denied".  Every missing directory of the path is created
 * 0755 whatever the umask (pcpsel-servers(5)); existing ones keep their
 * mode. */
START_TEST(test_write_creates_missing_parents_0755)
{
	struct pcpsel_list *list = sample_list();
	char dir[128], run[128], pcp[128];
	struct stat st;
	mode_t old;

	snprintf(run, sizeof(run), "%s/run", tmpdir);
	snprintf(pcp, sizeof(pcp), "%s/run/pcp", tmpdir);
	snprintf(dir, sizeof(dir), "%s/run/pcp/servers", tmpdir);
	ck_assert_int_eq(mkdir(run, 0711), 0);
	ck_assert_int_eq(chmod(run, 0711), 0);
	old = umask(077);
	ck_assert_int_eq(pcpsel_file_write(dir, "eth0", list), 0);
	umask(old);
	ck_assert_int_eq(stat(pcp, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0755);
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0755);
	ck_assert_int_eq(stat(run, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0711); /* not ours: kept */
	ck_assert_int_eq(stat(path_in(dir, "eth0"), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0644);
	/* a trailing slash or doubled ones change nothing */
	snprintf(dir, sizeof(dir), "%s//run2//pcp/servers/", tmpdir);
	old = umask(077);
	ck_assert_int_eq(pcpsel_file_write(dir, "eth0", list), 0);
	umask(old);
	snprintf(dir, sizeof(dir), "%s/run2", tmpdir);
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0755);
	/* an empty directory name is none */
	ck_assert_int_eq(pcpsel_file_write("", "eth0", list), -ENOENT);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_write_dir_is_a_file_enotdir)
{
	struct pcpsel_list *list = sample_list();
	char dir[128];
	char buf[64];

	/* running as root, a read-only directory cannot be had: a regular
	 * file where the directory (or its parent) should be fails as
	 * surely, and the file there stays as it was */
	spew(path_in(tmpdir, "plain"), "plain file\n");
	snprintf(dir, sizeof(dir), "%s/plain", tmpdir);
	ck_assert_int_eq(pcpsel_file_write(dir, "eth0", list), -ENOTDIR);
	snprintf(dir, sizeof(dir), "%s/plain/servers", tmpdir);
	ck_assert_int_eq(pcpsel_file_write(dir, "eth0", list), -ENOTDIR);
	slurp(path_in(tmpdir, "plain"), buf, sizeof(buf));
	ck_assert_str_eq(buf, "plain file\n");
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_write_failure_keeps_old_file)
{
	struct pcpsel_list *old = pcpsel_list_new(), *new = sample_list();
	struct rlimit rl, saved;
	void (*prev)(int);
	char buf[1024];
	int r;

	add(old, PCPSEL_ORIGIN_DHCPV4, "192.0.2.99");
	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", old), 0);
	/* make the temp file's write fail half-way, as a full file system
	 * would (works as root, unlike a read-only directory) */
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &saved), 0);
	rl = saved;
	rl.rlim_cur = 16;
	prev = signal(SIGXFSZ, SIG_IGN);
	/* no assertion while the limit holds: Check itself writes files */
	r = setrlimit(RLIMIT_FSIZE, &rl);
	if (r == 0)
		r = pcpsel_file_write(tmpdir, "eth0", new);
	setrlimit(RLIMIT_FSIZE, &saved);
	signal(SIGXFSZ, prev);
	ck_assert_int_eq(r, -EFBIG);
	slurp(path_in(tmpdir, "eth0"), buf, sizeof(buf));
	ck_assert_str_eq(buf, HEAD_ETH0 "server dhcpv4 192.0.2.99\n");
	ck_assert_int_eq(count_entries(tmpdir), 1); /* temp removed */
	pcpsel_list_free(old);
	pcpsel_list_free(new);
}
END_TEST

START_TEST(test_write_temp_names_exhausted_keeps_old_file)
{
	struct pcpsel_list *old = pcpsel_list_new(), *new = sample_list();
	char name[64], buf[1024];
	int i;

	add(old, PCPSEL_ORIGIN_DHCPV4, "192.0.2.99");
	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", old), 0);
	/* every temp name this process would try is taken (files.c tries
	 * ".<ifname>.<pid>.<n>" for n < 64) */
	for (i = 0; i < 64; i++) {
		snprintf(name, sizeof(name), ".eth0.%ld.%d", (long)getpid(),
		    i);
		spew(path_in(tmpdir, name), "stale\n");
	}
	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", new), -EEXIST);
	slurp(path_in(tmpdir, "eth0"), buf, sizeof(buf));
	ck_assert_str_eq(buf, HEAD_ETH0 "server dhcpv4 192.0.2.99\n");
	/* the stale files are not ours to remove or overwrite */
	ck_assert_int_eq(count_entries(tmpdir), 65);
	slurp(path_in(tmpdir, name), buf, sizeof(buf));
	ck_assert_str_eq(buf, "stale\n");
	pcpsel_list_free(old);
	pcpsel_list_free(new);
}
END_TEST

START_TEST(test_write_symlink_at_target_not_followed)
{
	struct pcpsel_list *list = sample_list();
	char victim[128], buf[1024];
	struct stat st;

	snprintf(victim, sizeof(victim), "%s/victim", tmpdir);
	spew(victim, "precious\n");
	ck_assert_int_eq(mkdir(path_in(tmpdir, "servers"), 0755), 0);
	snprintf(buf, sizeof(buf), "%s/servers", tmpdir);
	ck_assert_int_eq(symlink(victim, path_in(buf, "eth0")), 0);
	ck_assert_int_eq(pcpsel_file_write(buf, "eth0", list), 0);
	/* the symlink was replaced by the file, its target left alone */
	ck_assert_int_eq(lstat(path_in(buf, "eth0"), &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	slurp(victim, buf, sizeof(buf));
	ck_assert_str_eq(buf, "precious\n");
	snprintf(victim, sizeof(victim), "%s/servers/eth0", tmpdir);
	slurp(victim, buf, sizeof(buf));
	ck_assert_str_eq(buf, HEAD_ETH0 SAMPLE_TEXT);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_write_symlink_to_same_content_is_replaced)
{
	struct pcpsel_list *list = sample_list();
	char victim[128];
	struct stat st;

	/* a symlink whose target holds exactly the new text must not count
	 * as "unchanged": the comparison never follows it */
	snprintf(victim, sizeof(victim), "%s/victim", tmpdir);
	spew(victim, HEAD_ETH0 SAMPLE_TEXT);
	ck_assert_int_eq(symlink(victim, path_in(tmpdir, "eth0")), 0);
	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", list), 0);
	ck_assert_int_eq(lstat(path_in(tmpdir, "eth0"), &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_write_stale_temp_symlinks_not_followed)
{
	struct pcpsel_list *list = sample_list();
	char victim[128], name[64], buf[1024];
	struct stat st;
	int i;

	snprintf(victim, sizeof(victim), "%s/victim", tmpdir);
	spew(victim, "precious\n");
	/* symlinks at the first temp names, one dangling */
	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), ".eth0.%ld.%d", (long)getpid(),
		    i);
		ck_assert_int_eq(symlink(i == 1 ? "/nonexistent/pcpsel" :
						  victim,
				     path_in(tmpdir, name)),
		    0);
	}
	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", list), 0);
	slurp(victim, buf, sizeof(buf));
	ck_assert_str_eq(buf, "precious\n");
	ck_assert_int_eq(access("/nonexistent/pcpsel", F_OK), -1);
	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), ".eth0.%ld.%d", (long)getpid(),
		    i);
		ck_assert_int_eq(lstat(path_in(tmpdir, name), &st), 0);
		ck_assert(S_ISLNK(st.st_mode));
	}
	slurp(path_in(tmpdir, "eth0"), buf, sizeof(buf));
	ck_assert_str_eq(buf, HEAD_ETH0 SAMPLE_TEXT);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_write_refused_name)
{
	struct pcpsel_list *list = sample_list();

	ck_assert_int_eq(pcpsel_file_write(tmpdir, refused_names[_i], list),
	    -EINVAL);
	ck_assert_int_eq(pcpsel_file_remove(tmpdir, refused_names[_i]),
	    -EINVAL);
	ck_assert_int_eq(count_entries(tmpdir), 0);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_write_empty_list_removes_file)
{
	struct pcpsel_list *list = sample_list(), *empty = pcpsel_list_new();
	struct stat st;

	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", list), 0);
	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", empty), 0);
	ck_assert_int_eq(lstat(path_in(tmpdir, "eth0"), &st), -1);
	ck_assert_int_eq(errno, ENOENT);
	/* nothing to remove: unchanged */
	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", empty), 1);
	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", NULL), -EINVAL);
	pcpsel_list_free(list);
	pcpsel_list_free(empty);
}
END_TEST

START_TEST(test_remove_file)
{
	struct pcpsel_list *list = sample_list();
	char victim[128], dir[128];

	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", list), 0);
	ck_assert_int_eq(pcpsel_file_remove(tmpdir, "eth0"), 0);
	ck_assert_int_eq(access(path_in(tmpdir, "eth0"), F_OK), -1);
	ck_assert_int_eq(pcpsel_file_remove(tmpdir, "eth0"), 1);
	snprintf(dir, sizeof(dir), "%s/missing", tmpdir);
	ck_assert_int_eq(pcpsel_file_remove(dir, "eth0"), 1);
	/* a symlink is removed itself, its target stays */
	snprintf(victim, sizeof(victim), "%s/victim", tmpdir);
	spew(victim, "precious\n");
	ck_assert_int_eq(symlink(victim, path_in(tmpdir, "eth1")), 0);
	ck_assert_int_eq(pcpsel_file_remove(tmpdir, "eth1"), 0);
	ck_assert_int_eq(access(victim, F_OK), 0);
	pcpsel_list_free(list);
}
END_TEST

/* ---- read ------------------------------------------------------------- */

START_TEST(test_read_written_file)
{
	struct pcpsel_list *want = sample_list(), *got = pcpsel_list_new();

	ck_assert_int_eq(pcpsel_file_write(tmpdir, "eth0", want), 0);
	ck_assert_int_eq(pcpsel_file_read(tmpdir, "eth0", got, NULL), 0);
	ck_assert_int_eq(pcpsel_list_equal(got, want), 1);
	pcpsel_list_free(want);
	pcpsel_list_free(got);
}
END_TEST

START_TEST(test_read_missing_is_enoent)
{
	struct pcpsel_list *list = pcpsel_list_new();
	char dir[128];

	ck_assert_int_eq(pcpsel_file_read(tmpdir, "eth0", list, NULL),
	    -ENOENT);
	snprintf(dir, sizeof(dir), "%s/missing", tmpdir);
	ck_assert_int_eq(pcpsel_file_read(dir, "eth0", list, NULL), -ENOENT);
	ck_assert_uint_eq(pcpsel_list_count(list), 0);
	ck_assert_int_eq(pcpsel_file_read(tmpdir, "a/b", list, NULL), -EINVAL);
	ck_assert_int_eq(pcpsel_file_read(tmpdir, "eth0", NULL, NULL),
	    -EINVAL);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_read_symlink_refused)
{
	struct pcpsel_list *list = pcpsel_list_new();
	char target[128];

	snprintf(target, sizeof(target), "%s/real", tmpdir);
	spew(target, "server dhcpv4 192.0.2.1\n");
	ck_assert_int_eq(symlink(target, path_in(tmpdir, "eth0")), 0);
	ck_assert_int_eq(pcpsel_file_read(tmpdir, "eth0", list, NULL), -ELOOP);
	ck_assert_uint_eq(pcpsel_list_count(list), 0);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_read_not_regular_refused)
{
	struct pcpsel_list *list = pcpsel_list_new();

	ck_assert_int_eq(mkdir(path_in(tmpdir, "eth0"), 0755), 0);
	ck_assert_int_eq(pcpsel_file_read(tmpdir, "eth0", list, NULL),
	    -EINVAL);
	/* a FIFO is refused without blocking on open */
	ck_assert_int_eq(mkfifo(path_in(tmpdir, "eth1"), 0644), 0);
	ck_assert_int_eq(pcpsel_file_read(tmpdir, "eth1", list, NULL),
	    -EINVAL);
	ck_assert_uint_eq(pcpsel_list_count(list), 0);
	pcpsel_list_free(list);
}
END_TEST

/* Write a file of @size bytes: comment lines, then one server line. */
static void
write_sized(const char *path, size_t size)
{
	static const char tail[] = "server dhcpv4 192.0.2.1\n";
	FILE *f = fopen(path, "w");
	size_t left = size - (sizeof(tail) - 1);

	ck_assert_ptr_nonnull(f);
	while (left > 0) {
		size_t chunk = left > 64 ? 64 : left;

		/* "#" + blanks + "\n": one comment line of @chunk bytes */
		fputc('#', f);
		for (size_t k = 2; k < chunk; k++)
			fputc(' ', f);
		if (chunk > 1)
			fputc('\n', f);
		left -= chunk;
	}
	fputs(tail, f);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_read_oversize_is_efbig)
{
	struct pcpsel_list *list = pcpsel_list_new();
	struct stat st;

	write_sized(path_in(tmpdir, "eth0"), 1024 * 1024);
	ck_assert_int_eq(stat(path_in(tmpdir, "eth0"), &st), 0);
	ck_assert_int_eq(st.st_size, 1024 * 1024);
	ck_assert_int_eq(pcpsel_file_read(tmpdir, "eth0", list, NULL), 0);
	ck_assert_uint_eq(pcpsel_list_count(list), 1);

	pcpsel_list_clear(list);
	write_sized(path_in(tmpdir, "eth1"), 1024 * 1024 + 1);
	ck_assert_int_eq(pcpsel_file_read(tmpdir, "eth1", list, NULL), -EFBIG);
	ck_assert_uint_eq(pcpsel_list_count(list), 0);
	pcpsel_list_free(list);
}
END_TEST

START_TEST(test_read_malformed_reports_line)
{
	struct pcpsel_list *list = pcpsel_list_new();
	size_t line = 0;

	spew(path_in(tmpdir, "eth0"),
	    "# x\nserver dhcpv4 192.0.2.1\nserver dhcpv4 nonsense\n");
	ck_assert_int_eq(pcpsel_file_read(tmpdir, "eth0", list, &line),
	    -EBADMSG);
	ck_assert_uint_eq(line, 3);
	ck_assert_uint_eq(pcpsel_list_count(list), 0);
	pcpsel_list_free(list);
}
END_TEST

Suite *
files_suite(void)
{
	Suite *s = suite_create("files");
	TCase *tc;

	tc = tcase_create("format");
	tcase_add_test(tc, test_format_exact_text);
	tcase_add_test(tc, test_format_rfc5952_text);
	tcase_add_test(tc, test_format_empty_list_is_empty_text);
	tcase_add_test(tc, test_format_null_is_einval);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_test(tc, test_parse_exact_text_round_trip);
	tcase_add_test(tc, test_parse_skips_comments_blank_and_unknown_lines);
	tcase_add_test(tc, test_parse_appends_to_list);
	tcase_add_test(tc, test_parse_empty_text_is_no_server);
	tcase_add_loop_test(tc, test_parse_error_reports_line, 0,
	    (int)(sizeof(bad_texts) / sizeof(bad_texts[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_loop_test(tc, test_ifname_refused, 0,
	    (int)(sizeof(refused_names) / sizeof(refused_names[0])));
	tcase_add_test(tc, test_ifname_accepted);
	tcase_add_test(tc, test_servers_dir_env_override);
	suite_add_tcase(s, tc);

	tc = tcase_create("write");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_write_creates_exact_file_mode_0644);
	tcase_add_test(tc, test_write_unchanged_returns_1_and_keeps_inode);
	tcase_add_test(tc, test_write_replaces_atomically);
	tcase_add_test(tc, test_write_rewrites_same_content_with_wrong_mode);
	tcase_add_test(tc, test_write_creates_missing_dir_0755);
	tcase_add_test(tc, test_write_creates_missing_parents_0755);
	tcase_add_test(tc, test_write_dir_is_a_file_enotdir);
	tcase_add_test(tc, test_write_failure_keeps_old_file);
	tcase_add_test(tc, test_write_temp_names_exhausted_keeps_old_file);
	tcase_add_test(tc, test_write_symlink_at_target_not_followed);
	tcase_add_test(tc, test_write_symlink_to_same_content_is_replaced);
	tcase_add_test(tc, test_write_stale_temp_symlinks_not_followed);
	tcase_add_loop_test(tc, test_write_refused_name, 0,
	    (int)(sizeof(refused_names) / sizeof(refused_names[0])));
	tcase_add_test(tc, test_write_empty_list_removes_file);
	tcase_add_test(tc, test_remove_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("read");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_read_written_file);
	tcase_add_test(tc, test_read_missing_is_enoent);
	tcase_add_test(tc, test_read_symlink_refused);
	tcase_add_test(tc, test_read_not_regular_refused);
	tcase_add_test(tc, test_read_oversize_is_efbig);
	tcase_add_test(tc, test_read_malformed_reports_line);
	suite_add_tcase(s, tc);
	return s;
}
