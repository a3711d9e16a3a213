/*
 * cmd_dhcpcd.c - `pcpsel dhcpcd`: the C side of the dhcpcd hook
 *
 * dhcpcd-run-hooks sources dhcpcd-hook/60-pcpsel, which calls
 *
 *	pcpsel dhcpcd --environ /proc/$$/environ --state-dir DIR REASON IFNAME
 *
 * Every byte of option 158 / 86 is decoded here through libpcpsel, never in
 * shell.  What was learned is kept per interface and per origin in the
 * state directory, as server-list files of their own:
 *
 *	DIR/dhcpv4/IFNAME	servers from DHCPv4 option 158
 *	DIR/dhcpv6/IFNAME	servers from DHCPv6 option 86
 *	DIR/lock		serialises every run (flock(2): v4 and v6 events
 *				at once never lose an update)
 *
 * and the two are merged (P-DHCP-1: v4 first), ordered (RFC 6724 with the
 * interface's addresses) and written atomically to <servers dir>/IFNAME,
 * only when the content changes (pcpsel_file_write).
 *
 * Why --environ: dhcpcd passes several option-86 instances (RFC 7291 §3.1:
 * one per PCP server) as several environment entries with one name,
 * new_dhcp6_pcp_server=...  A shell variable keeps only the last of them
 * and getenv() returns the first, so the hook hands us the raw environment
 * block of the dhcpcd-run-hooks process, where all of them are, in wire
 * order.
 *
 * That block may be cut: dhcpcd 9.4.1 with privilege separation hands the
 * environment to its root process in one message of at most 64 KiB and
 * runs the hook with what arrived (the last entry cut, or only the old
 * lease's entries).  A cut block is refused: the origin's servers stay as
 * they were, with one message (environ_cut).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tool.h"

#define CMD			"dhcpcd"
#define STATE_DIR_DEFAULT	"/run/dhcpcd/hook-state/pcpsel"
#define ENVIRON_MAX		(1024 * 1024)	/* larger is not dhcpcd's */
/* dhcpcd 9.4.1 privsep: PS_BUFLEN, 64 KiB and a little (IPC metadata),
 * is the most of the environment its root process receives; a block of
 * 64 KiB or more has been cut (or is at the edge of it). */
#define ENVIRON_CUT		(64 * 1024)
#define INSTANCES_MAX		4096		/* option instances per run */
#define V4_VAR			"new_pcp_server="
#define V6_VAR			"new_dhcp6_pcp_server="
/* Entries every lease of the origin has (the notes' §6.1): dhcpcd writes
 * new_ip_address when yiaddr or ciaddr is set, new_dhcp_message_type for
 * every DHCP reply (an INFORM ACK may have neither address); every DHCPv6
 * Reply has a Server Identifier (RFC 8415 §16.10, §21.3). */
#define V4_LEASE_VAR		"new_ip_address="
#define V4_LEASE_VAR2		"new_dhcp_message_type="
#define V6_LEASE_VAR		"new_dhcp6_server_id="

/* What a reason does to the interface's servers. */
enum action {
	ACT_NONE,	/* nothing (CARRIER, TEST, ROUTERADVERT, ...) */
	ACT_SET,	/* replace the origin's servers with the new lease's */
	ACT_DEL,	/* remove the origin's servers */
	ACT_DEL_ALL	/* remove the interface's file and state */
};

static const struct {
	const char *reason;
	enum action action;
	unsigned origin;
} reasons[] = {
	/* DHCPv4: a lease (new_* variables) */
	{ "BOUND", ACT_SET, PCPSEL_ORIGIN_DHCPV4 },
	{ "RENEW", ACT_SET, PCPSEL_ORIGIN_DHCPV4 },
	{ "REBIND", ACT_SET, PCPSEL_ORIGIN_DHCPV4 },
	{ "REBOOT", ACT_SET, PCPSEL_ORIGIN_DHCPV4 },
	{ "INFORM", ACT_SET, PCPSEL_ORIGIN_DHCPV4 },
	{ "RECONFIGURE", ACT_SET, PCPSEL_ORIGIN_DHCPV4 },
	{ "TIMEOUT", ACT_SET, PCPSEL_ORIGIN_DHCPV4 },
	/* DHCPv4: the lease is gone (dhcpcd says STOP on release) */
	{ "EXPIRE", ACT_DEL, PCPSEL_ORIGIN_DHCPV4 },
	{ "RELEASE", ACT_DEL, PCPSEL_ORIGIN_DHCPV4 },
	{ "STOP", ACT_DEL, PCPSEL_ORIGIN_DHCPV4 },
	{ "NAK", ACT_DEL, PCPSEL_ORIGIN_DHCPV4 },
	{ "FAIL", ACT_DEL, PCPSEL_ORIGIN_DHCPV4 },
	/* DHCPv6 */
	{ "BOUND6", ACT_SET, PCPSEL_ORIGIN_DHCPV6 },
	{ "RENEW6", ACT_SET, PCPSEL_ORIGIN_DHCPV6 },
	{ "REBIND6", ACT_SET, PCPSEL_ORIGIN_DHCPV6 },
	{ "REBOOT6", ACT_SET, PCPSEL_ORIGIN_DHCPV6 },
	{ "INFORM6", ACT_SET, PCPSEL_ORIGIN_DHCPV6 },
	{ "EXPIRE6", ACT_DEL, PCPSEL_ORIGIN_DHCPV6 },
	{ "RELEASE6", ACT_DEL, PCPSEL_ORIGIN_DHCPV6 },
	{ "STOP6", ACT_DEL, PCPSEL_ORIGIN_DHCPV6 },
	{ "FAIL6", ACT_DEL, PCPSEL_ORIGIN_DHCPV6 },
	/* the link: whatever was learned on it is gone.  STOPPED carries no
	 * old_* variables with `persistent`; PREINIT starts a new dhcpcd on
	 * the interface, so anything left is from a run that did not stop
	 * cleanly. */
	{ "NOCARRIER", ACT_DEL_ALL, 0 },
	{ "DEPARTED", ACT_DEL_ALL, 0 },
	{ "STOPPED", ACT_DEL_ALL, 0 },
	{ "PREINIT", ACT_DEL_ALL, 0 },
};

/* The option instances given to one run. */
struct opt {
	struct pcpsel_buf *bufs;
	size_t n;
	int present;
};

struct run {
	const char *reason;
	const char *ifname;
	const char *dir;		/* server-list directory */
	const char *state_dir;
	struct opt v4;			/* option 158 fragments (RFC 3396) */
	struct opt v6;			/* option 86 instances */
	char msg[512];			/* the one line to log, if any */
	int rc;				/* exit code */
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: pcpsel dhcpcd [OPTIONS] REASON INTERFACE\n"
	    "Update INTERFACE's PCP server list from one dhcpcd hook run.\n"
	    "\n"
	    "  -e, --environ FILE    read new_pcp_server and every\n"
	    "                        new_dhcp6_pcp_server entry from FILE, a\n"
	    "                        NUL-separated environment block such as\n"
	    "                        /proc/PID/environ\n"
	    "  -4 HEX                option 158 data (repeat for RFC 3396\n"
	    "                        fragments)\n"
	    "  -6 HEX                one option 86 instance (repeatable)\n"
	    "  -d, --dir DIR         server-list directory [%s]\n"
	    "  -s, --state-dir DIR   per-origin state [%s]\n"
	    "  -h, --help            this text\n"
	    "\n"
	    "Exit status: 0 ok, 64 usage, 65 malformed option (message on\n"
	    "stderr), 74 I/O error.  See pcpsel-dhcpcd(8).\n",
	    pcpsel_servers_dir(), STATE_DIR_DEFAULT);
}

static void
opt_free(struct opt *opt)
{
	size_t i;

	for (i = 0; i < opt->n; i++)
		free((void *)opt->bufs[i].data);
	free(opt->bufs);
	opt->bufs = NULL;
	opt->n = 0;
}

/* Append the bytes of @hex as one instance.  0, -EINVAL, -E2BIG,
 * -ENOMEM. */
static int
opt_add_hex(struct opt *opt, const char *hex)
{
	struct pcpsel_buf *bufs;
	uint8_t *data;
	size_t len;
	int r;

	if (opt->n >= INSTANCES_MAX)
		return -E2BIG;
	r = tool_hex_decode(hex, &data, &len);
	if (r < 0)
		return r;
	bufs = realloc(opt->bufs, (opt->n + 1) * sizeof(*bufs));
	if (bufs == NULL) {
		free(data);
		return -ENOMEM;
	}
	opt->bufs = bufs;
	opt->bufs[opt->n].data = data;
	opt->bufs[opt->n].len = len;
	opt->n++;
	opt->present = 1;
	return 0;
}

/* Read the whole of @path (a /proc file has no size) into a NUL-terminated
 * buffer.  0, -E2BIG, -ENOMEM or -errno. */
static int
read_all(const char *path, char **ret, size_t *ret_len)
{
	char *buf;
	size_t len = 0;
	ssize_t got;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	buf = malloc(ENVIRON_MAX + 1);
	if (buf == NULL) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		got = read(fd, buf + len, ENVIRON_MAX + 1 - len);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto fail;
		}
		if (got == 0)
			break;
		len += (size_t)got;
		if (len > ENVIRON_MAX) {
			err = -E2BIG;
			goto fail;
		}
	}
	close(fd);
	buf[len] = '\0';
	*ret = buf;
	*ret_len = len;
	return 0;
fail:
	close(fd);
	free(buf);
	return err;
}

static const char *
family_name(unsigned origin)
{
	return origin == PCPSEL_ORIGIN_DHCPV4 ? "DHCPv4" : "DHCPv6";
}

/* "1 address", "2 addresses": @one and @many after the count. */
static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* The environment of a lease event was cut (see the top of this file):
 * one line, and the origin's state stays as it was. */
static int
environ_cut(const struct run *run, unsigned origin, const char *why)
{
	tool_err(CMD, "%s: %s: environment cut (dhcpcd passes at most 64 "
	    "KiB): %s: %s PCP servers unchanged", run->ifname, run->reason,
	    why, family_name(origin));
	return EXIT_DATA;
}

/* Read the environment block of a lease event of @origin: every entry is
 * "name=value" followed by a NUL.  Several entries may share a name
 * (several option-86 instances); all of them count, in order.  Only the
 * new lease's option of @origin is read.  A cut block (it ends inside an
 * entry, it holds 64 KiB or more, or the lease's own entries are missing)
 * or a value that is not hex changes nothing: EXIT_DATA with one line.
 * EXIT_OK, EXIT_DATA, EXIT_IO. */
static int
environ_load(struct run *run, const char *path, unsigned origin)
{
	const char *var = origin == PCPSEL_ORIGIN_DHCPV4 ? V4_VAR : V6_VAR;
	struct opt *opt = origin == PCPSEL_ORIGIN_DHCPV4 ? &run->v4 : &run->v6;
	char *buf = NULL, *entry, *end, why[64];
	size_t len = 0, nth = 0, bad = 0;
	int r, bad_r = 0, lease = 0, rc = EXIT_OK;

	r = read_all(path, &buf, &len);
	if (r < 0) {
		tool_err(CMD, "%s: %s: %s: %s", run->ifname, run->reason, path,
		    strerror(-r));
		return EXIT_IO;
	}
	if (len > 0 && buf[len - 1] != '\0') {
		rc = environ_cut(run, origin, "it ends inside an entry");
		goto out;
	}
	if (len >= ENVIRON_CUT) {
		snprintf(why, sizeof(why), "it holds %zu bytes", len);
		rc = environ_cut(run, origin, why);
		goto out;
	}
	/* read_all() put a NUL after the last byte: every entry ends */
	end = buf + len;
	for (entry = buf; entry < end; entry += strlen(entry) + 1) {
		if (origin == PCPSEL_ORIGIN_DHCPV4 ?
		    strncmp(entry, V4_LEASE_VAR, strlen(V4_LEASE_VAR)) == 0 ||
		    strncmp(entry, V4_LEASE_VAR2, strlen(V4_LEASE_VAR2)) == 0 :
		    strncmp(entry, V6_LEASE_VAR, strlen(V6_LEASE_VAR)) == 0)
			lease = 1;
		if (strncmp(entry, var, strlen(var)) != 0 || bad > 0)
			continue;
		nth++;
		r = opt_add_hex(opt, entry + strlen(var));
		if (r == -ENOMEM) {
			tool_err(CMD, "%s: %s: %s", run->ifname, run->reason,
			    strerror(ENOMEM));
			rc = EXIT_IO;
			goto out;
		}
		if (r < 0) {
			/* reported once the block is known to be whole */
			bad = nth;
			bad_r = r;
		}
	}
	if (!lease) {
		snprintf(why, sizeof(why), "no %s", origin ==
		    PCPSEL_ORIGIN_DHCPV4 ? "new_ip_address or "
		    "new_dhcp_message_type" : "new_dhcp6_server_id");
		rc = environ_cut(run, origin, why);
	} else if (bad > 0) {
		/* dhcpcd's binhex is lowercase hex: not a dhcpcd environment */
		tool_err(CMD, "%s: %s: %s: %.*s entry %zu: %s: %s PCP servers "
		    "unchanged", run->ifname, run->reason, path,
		    (int)strlen(var) - 1, var, bad, bad_r == -EINVAL ?
		    "not hex" : "over the limits (65535 bytes, 4096 entries)",
		    family_name(origin));
		rc = EXIT_DATA;
	}
out:
	free(buf);
	if (rc != EXIT_OK)
		opt_free(opt);
	return rc;
}

/* mkdir -p @path (0755).  0 or -errno. */
static int
mkdir_p(const char *path)
{
	char *copy, *p;
	int r = 0;

	copy = strdup(path);
	if (copy == NULL)
		return -ENOMEM;
	for (p = copy + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (p[-1] != '/') {
			char c = *p;

			*p = '\0';
			if (mkdir(copy, 0755) < 0 && errno != EEXIST) {
				r = -errno;
				break;
			}
			*p = c;
		}
		if (*p == '\0')
			break;
	}
	free(copy);
	return r;
}

/* Take the state directory's lock (flock(2), so `flock DIR/lock` can hold
 * it from a shell): two hook runs at the same moment (a v4 and a v6 event,
 * or two interfaces) are serialised, so neither loses the other's update.
 * The lock goes when the process exits.  fd or -errno. */
static int
lock_state(const char *state_dir)
{
	char path[4096];
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/lock", state_dir) >=
	    sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY,
	    0600);
	if (fd < 0)
		return -errno;
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			int err = -errno;

			close(fd);
			return err;
		}
	}
	return fd;
}

static const char *
origin_name(unsigned origin)
{
	return origin == PCPSEL_ORIGIN_DHCPV4 ? "dhcpv4" : "dhcpv6";
}

/* The state file directory of one origin. */
static int
state_path(char *buf, size_t size, const char *state_dir, unsigned origin)
{
	if ((size_t)snprintf(buf, size, "%s/%s", state_dir,
	    origin_name(origin)) >= size)
		return -ENAMETOOLONG;
	return 0;
}

static void set_msg(struct run *run, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add_msg(struct run *run, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Keep the first message only: one run logs one line. */
static void
set_msg(struct run *run, int rc, const char *fmt, ...)
{
	va_list ap;

	if (run->msg[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(run->msg, sizeof(run->msg), fmt, ap);
		va_end(ap);
	}
	if (run->rc == EXIT_OK)
		run->rc = rc;
}

/* Append @fmt to the run's message: the run's one line grows when a
 * DHCPv6 option had bad instances and dropped addresses too. */
static void
add_msg(struct run *run, const char *fmt, ...)
{
	size_t len = strlen(run->msg);
	va_list ap;

	if (len >= sizeof(run->msg) - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(run->msg + len, sizeof(run->msg) - len, fmt, ap);
	va_end(ap);
}

/* Decode the new lease's option of @origin into @list.  A malformed option
 * counts as discarded (P-DHCP4-2: no DHCPv4-learned PCP server at all; for
 * DHCPv6 when every instance is malformed, P-DHCP6-2), with one message.
 * Addresses dropped from a well-formed option (the address policy,
 * R7291-8/15, P-DHCP4-3, P-DHCP6-4; duplicates, P-DHCP4-5/6, P-DHCP6-6)
 * give one warning line, exit code still 0 (the data are well formed).
 * 0, or -ENOMEM / -EINVAL. */
static int
decode(struct run *run, unsigned origin, struct pcpsel_list *list)
{
	struct pcpsel_decode_info info;
	const struct opt *opt;
	const char *family;
	int code, r;

	family = family_name(origin);
	if (origin == PCPSEL_ORIGIN_DHCPV4) {
		opt = &run->v4;
		code = PCPSEL_DHCPV4_OPTION;
	} else {
		opt = &run->v6;
		code = PCPSEL_DHCPV6_OPTION;
	}
	if (!opt->present)
		return 0;	/* option absent: no server of this origin */
	memset(&info, 0, sizeof(info));
	if (origin == PCPSEL_ORIGIN_DHCPV4)
		r = pcpsel_v4_decode(list, opt->bufs, opt->n, &info);
	else
		r = pcpsel_v6_decode(list, opt->bufs, opt->n, &info);
	if (r == -EBADMSG && info.reason == PCPSEL_BAD_V4_SHORT)
		/* R7291-9: the value is the total length */
		set_msg(run, EXIT_DATA, "%s: %s: %s option %d malformed (%s: "
		    "%zu %s): no %s PCP server", run->ifname, run->reason,
		    family, code, pcpsel_malformed_str(info.reason),
		    info.value, plural(info.value, "byte", "bytes"), family);
	else if (r == -EBADMSG && origin == PCPSEL_ORIGIN_DHCPV4)
		set_msg(run, EXIT_DATA, "%s: %s: %s option %d malformed (%s, "
		    "List-Length %zu at offset %zu): no %s PCP server",
		    run->ifname, run->reason, family, code,
		    pcpsel_malformed_str(info.reason), info.value, info.offset,
		    family);
	else if (r == -EBADMSG)
		set_msg(run, EXIT_DATA, "%s: %s: %s option %d malformed (%s, "
		    "instance %zu of %zu, length %zu): no %s PCP server",
		    run->ifname, run->reason, family, code,
		    pcpsel_malformed_str(info.reason), info.offset + 1, opt->n,
		    info.value, family);
	else if (r == -E2BIG)
		set_msg(run, EXIT_DATA, "%s: %s: %s option %d longer than %d "
		    "bytes: no %s PCP server", run->ifname, run->reason,
		    family, code, PCPSEL_MAX_INPUT, family);
	if (r == -EBADMSG || r == -E2BIG) {
		pcpsel_list_clear(list);
		return 0;
	}
	if (r < 0)
		return r;
	if (origin == PCPSEL_ORIGIN_DHCPV6 && info.bad_instances > 0)
		/* P-DHCP6-1/2: a bad instance is skipped, the others count */
		set_msg(run, EXIT_DATA, "%s: %s: DHCPv6 option %d: %zu of %zu "
		    "instances malformed and skipped (first: instance %zu, "
		    "%s, length %zu)", run->ifname, run->reason,
		    PCPSEL_DHCPV6_OPTION, info.bad_instances, opt->n,
		    info.offset + 1, pcpsel_malformed_str(info.reason),
		    info.value);
	if (info.filtered == 0 && info.duplicates == 0)
		return 0;
	/* P-DHCP4-6: a warning when addresses are dropped */
	if (run->msg[0] == '\0')
		set_msg(run, EXIT_OK, "%s: %s: %s option %d: ", run->ifname,
		    run->reason, family, code);
	else
		add_msg(run, "; ");
	add_msg(run, "dropped %zu unusable %s (loopback, multicast, "
	    "unspecified or reserved) and %zu %s", info.filtered,
	    plural(info.filtered, "address", "addresses"), info.duplicates,
	    plural(info.duplicates, "duplicate", "duplicates"));
	if (info.dropped_servers > 0)	/* P-DHCP4-4 */
		add_msg(run, "; %zu %s left empty", info.dropped_servers,
		    plural(info.dropped_servers, "server", "servers"));
	if (pcpsel_list_count(list) == 0)
		add_msg(run, ": no %s PCP server", family);
	return 0;
}

/* Read one origin's state into @list (a missing file is no server; a
 * damaged one is dropped with a message). */
static int
state_read(struct run *run, unsigned origin, struct pcpsel_list *list)
{
	char dir[4096];
	size_t line = 0;
	int r;

	r = state_path(dir, sizeof(dir), run->state_dir, origin);
	if (r < 0)
		return r;
	r = pcpsel_file_read(dir, run->ifname, list, &line);
	if (r == -ENOENT)
		return 0;
	if (r == -EBADMSG || r == -EFBIG) {
		pcpsel_list_clear(list);
		set_msg(run, EXIT_DATA, "%s: %s: state %s/%s damaged (line "
		    "%zu): ignored", run->ifname, run->reason, dir,
		    run->ifname, line);
		return 0;
	}
	return r;
}

/* Write (empty list: remove) one origin's state. */
static int
state_write(struct run *run, unsigned origin, const struct pcpsel_list *list)
{
	char dir[4096];
	int r;

	r = state_path(dir, sizeof(dir), run->state_dir, origin);
	if (r < 0)
		return r;
	if (pcpsel_list_count(list) == 0) {
		r = pcpsel_file_remove(dir, run->ifname);
		return r == -ENOENT ? 0 : r;
	}
	r = mkdir_p(dir);
	if (r < 0)
		return r;
	r = pcpsel_file_write(dir, run->ifname, list);
	return r < 0 ? r : 0;
}

/* Order each server's addresses by RFC 6724 for the interface's current
 * addresses (any mapping family).  Without addresses (the interface may be
 * gone) the order of the options is kept. */
static int
order(struct run *run, struct pcpsel_list *list)
{
	struct pcpsel_order_ctx ctx;
	struct pcpsel_source *sources = NULL;
	size_t n = 0;
	int r;

	if (pcpsel_list_count(list) == 0)
		return 0;
	r = pcpsel_sources_get(run->ifname, &sources, &n);
	if (r < 0 || n == 0) {
		free(sources);
		return r == -ENOMEM ? r : 0;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.sources = sources;
	ctx.nsources = n;
	ctx.policy = NULL;
	ctx.mapping = PCPSEL_MAPPING_ANY;
	ctx.prefer_temporary = 1;
	r = pcpsel_list_order(list, &ctx);
	free(sources);
	return r == -ENOMEM ? r : 0;
}

/* Remove the interface's state and file. */
static int
remove_all(struct run *run)
{
	static const unsigned origins[] = {
		PCPSEL_ORIGIN_DHCPV4, PCPSEL_ORIGIN_DHCPV6
	};
	struct pcpsel_list *empty;
	size_t i;
	int r, err = 0;

	empty = pcpsel_list_new();
	if (empty == NULL)
		return -ENOMEM;
	for (i = 0; i < sizeof(origins) / sizeof(origins[0]); i++) {
		r = state_write(run, origins[i], empty);
		if (r < 0 && err == 0)
			err = r;
	}
	pcpsel_list_free(empty);
	r = pcpsel_file_remove(run->dir, run->ifname);
	if (r < 0 && r != -ENOENT && err == 0)
		err = r;
	return err;
}

/* Under the lock: update the state of @origin, then rebuild the file from
 * both origins' state. */
static int
update(struct run *run, enum action action, unsigned origin)
{
	struct pcpsel_list *v4 = NULL, *v6 = NULL, *mine = NULL, *merged;
	int r;

	merged = pcpsel_list_new();
	mine = pcpsel_list_new();
	v4 = pcpsel_list_new();
	v6 = pcpsel_list_new();
	if (merged == NULL || mine == NULL || v4 == NULL || v6 == NULL) {
		r = -ENOMEM;
		goto out;
	}
	if (action == ACT_SET) {
		r = decode(run, origin, mine);
		if (r < 0)
			goto out;
	}
	/* ACT_DEL: @mine stays empty, which removes the origin's state */
	r = state_write(run, origin, mine);
	if (r < 0)
		goto out;
	r = state_read(run, PCPSEL_ORIGIN_DHCPV4, v4);
	if (r < 0)
		goto out;
	r = state_read(run, PCPSEL_ORIGIN_DHCPV6, v6);
	if (r < 0)
		goto out;
	/* P-DHCP-1: DHCPv4 servers first, a DHCPv6 server sharing an address
	 * with one of them joins it */
	r = pcpsel_list_merge(merged, v4, v6);
	if (r < 0)
		goto out;
	r = order(run, merged);
	if (r < 0)
		goto out;
	if (pcpsel_list_count(merged) == 0) {
		r = pcpsel_file_remove(run->dir, run->ifname);
		if (r == -ENOENT)
			r = 0;
	} else {
		/* makes the directories 0755 whatever our umask */
		r = pcpsel_file_write(run->dir, run->ifname, merged);
	}
	if (r > 0)
		r = 0;	/* unchanged, or nothing to remove */
out:
	pcpsel_list_free(merged);
	pcpsel_list_free(mine);
	pcpsel_list_free(v4);
	pcpsel_list_free(v6);
	return r;
}

/* What @reason does, and to which origin. */
static enum action
reason_action(const char *reason, unsigned *ret_origin)
{
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (strcmp(reason, reasons[i].reason) == 0) {
			*ret_origin = reasons[i].origin;
			return reasons[i].action;
		}
	*ret_origin = 0;
	return ACT_NONE;	/* CARRIER, TEST, ROUTERADVERT, ... */
}

static int
run_reason(struct run *run, enum action action, unsigned origin)
{
	int fd, r;

	r = mkdir_p(run->state_dir);
	if (r < 0) {
		tool_err(CMD, "%s: %s", run->state_dir, strerror(-r));
		return EXIT_IO;
	}
	fd = lock_state(run->state_dir);
	if (fd < 0) {
		tool_err(CMD, "%s/lock: %s", run->state_dir, strerror(-fd));
		return EXIT_IO;
	}
	if (action == ACT_DEL_ALL)
		r = remove_all(run);
	else
		r = update(run, action, origin);
	close(fd);
	if (r < 0) {
		/* the previous file stays intact (pcpsel_file_write) */
		tool_err(CMD, "%s: %s: cannot update the PCP server list: %s",
		    run->ifname, run->reason, strerror(-r));
		return EXIT_IO;
	}
	if (run->msg[0] != '\0')
		tool_err(CMD, "%s", run->msg);
	return run->rc;
}

int
cmd_dhcpcd(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "environ", required_argument, NULL, 'e' },
		{ "dir", required_argument, NULL, 'd' },
		{ "state-dir", required_argument, NULL, 's' },
		TOOL_LONGOPT_HELP,
		TOOL_LONGOPT_END
	};
	struct tool_args a;
	struct run run;
	const char *environ_path = NULL;
	enum action action;
	unsigned origin;
	int c, r, rc = EXIT_OK;

	memset(&run, 0, sizeof(run));
	run.state_dir = STATE_DIR_DEFAULT;
	/* the shared parser (src/util.c): -d/--dir and -h/--help there */
	tool_args_init(&a, CMD, usage, "+e:d:s:4:6:h", longopts);
	while ((c = tool_args_next(&a, argc, argv)) != TOOL_ARGS_END) {
		switch (c) {
		case TOOL_ARGS_EXIT:
			rc = a.rc;
			goto out;
		case 'e':
			environ_path = optarg;
			break;
		case 's':
			run.state_dir = optarg;
			break;
		case '4':
		case '6':
			r = opt_add_hex(c == '4' ? &run.v4 : &run.v6, optarg);
			if (r < 0) {
				tool_err(CMD, "-%c %s: %s", c, optarg,
				    r == -EINVAL ? "not hex" : strerror(-r));
				rc = EXIT_USAGE;
				goto out;
			}
			break;
		}
	}
	run.dir = a.dir;
	if (argc - optind != 2) {
		usage(stderr);
		rc = EXIT_USAGE;
		goto out;
	}
	run.reason = argv[optind];
	run.ifname = argv[optind + 1];
	if (pcpsel_ifname_check(run.ifname) < 0) {
		tool_err(CMD, "'%s' is not an interface name", run.ifname);
		rc = EXIT_USAGE;
		goto out;
	}
	if (run.state_dir[0] == '\0' ||
	    (run.dir != NULL && run.dir[0] == '\0')) {
		tool_err(CMD, "empty directory name");
		rc = EXIT_USAGE;
		goto out;
	}
	if (run.dir == NULL)
		run.dir = pcpsel_servers_dir();
	if (environ_path != NULL) {
		if (run.v4.present || run.v6.present) {
			tool_err(CMD, "--environ excludes -4 and -6");
			rc = EXIT_USAGE;
			goto out;
		}
	}
	action = reason_action(run.reason, &origin);
	if (action == ACT_NONE)
		goto out;
	/* only a lease's own option counts (the old lease's do not) */
	if (environ_path != NULL && action == ACT_SET) {
		rc = environ_load(&run, environ_path, origin);
		if (rc != EXIT_OK)
			goto out;	/* nothing changed */
	}
	rc = run_reason(&run, action, origin);
out:
	opt_free(&run.v4);
	opt_free(&run.v6);
	return rc;
}
