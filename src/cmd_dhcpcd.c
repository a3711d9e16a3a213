/*
 * cmd_dhcpcd.c - `pcpsel dhcpcd`: the dhcpcd adapter
 *
 * dhcpcd-run-hooks sources dhcpcd-hook/60-pcpsel, which calls
 *
 *	pcpsel dhcpcd --environ /proc/$$/environ \
 *	    --lease6 /var/lib/dhcpcd/IFNAME.lease6 --state-dir DIR REASON IFNAME
 *
 * This adapter only carries data: it finds the option bytes of the event
 * (option 158 in the hook environment, option 86 in dhcpcd's saved DHCPv6
 * lease), decodes them with libpcpsel and hands the servers to the store
 * (pcpsel_store_set/_clear, libpcpsel/store.c), which keeps them per
 * interface and origin, merges, orders and publishes the interface's file
 * under its lock.  What each dhcpcd reason does is the table in
 * dhcpcd_reasons.h.
 *
 * Why the lease file for option 86: dhcpcd passes each option-86 instance
 * (RFC 7291 §3.1: one per PCP server) as its own environment entry, all
 * with one name, and a server decides how many it sends: with ~1000
 * instances the environment of a renewal (old and new lease) passes 64
 * KiB, which dhcpcd 9.4.1 and 10.1.0 with privilege separation cut and
 * then mishandle (heap corruption in 9.4.1, the daemon exits in 10.1.0).
 * The shipped dhcpcd.conf.pcpsel therefore requests option 86 without
 * exporting it, and every instance is read from the reply dhcpcd saved
 * before running the hook.  The environment is still read for option 158
 * (one entry), for the Server Identifier that ties the lease file to the
 * event, and as the fallback: duplicate new_dhcp6_pcp_server entries
 * (define6 86 binhex pcp_server, hence --environ and not getenv()) or
 * indexed ones (define6 86 index embed ...: new_dhcp6_pcp_server1, 2...).
 *
 * An environment block may be cut (dhcpcd 9.4.1 privsep hands at most 64
 * KiB to its root process): a cut block is refused, the origin's servers
 * stay as they were, with one message (environ_cut).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

#define CMD			"dhcpcd"
#define STATE_DIR_DEFAULT	"/run/dhcpcd/hook-state/pcpsel"
#define ENVIRON_MAX		(1024 * 1024)	/* larger is not dhcpcd's */
/* dhcpcd 9.4.1 privsep: PS_BUFLEN, 64 KiB and a little (IPC metadata),
 * is the most of the environment its root process receives; a block of
 * 64 KiB or more has been cut (or is at the edge of it). */
#define ENVIRON_CUT		(64 * 1024)
/* Option instances per run.  A DHCPv6 message holds at most 3276
 * well-formed option-86 instances (20 bytes each in 65527), so every
 * legitimate one counts; more are only empty (malformed) instances. */
#define INSTANCES_MAX		4096
#define V4_VAR			"new_pcp_server"
#define V6_VAR			"new_dhcp6_pcp_server"
/* Entries every lease of the origin has (the notes' §6.1): dhcpcd writes
 * new_ip_address when yiaddr or ciaddr is set, new_dhcp_message_type for
 * every DHCP reply (an INFORM ACK may have neither address); every DHCPv6
 * Reply has a Server Identifier (RFC 8415 §16.10, §21.3). */
#define V4_LEASE_VAR		"new_ip_address="
#define V4_LEASE_VAR2		"new_dhcp_message_type="
#define V6_LEASE_VAR		"new_dhcp6_server_id="
#define DHCP6_OPTION_SERVERID	2	/* RFC 8415 §21.3 */

/* What a reason does to the interface's servers (dhcpcd_reasons.h). */
enum action {
	ACT_NONE,	/* nothing (CARRIER, TEST, ROUTERADVERT, ...) */
	ACT_SET,	/* replace the origin's servers with the new lease's */
	ACT_CLEAR,	/* remove the origin's servers */
	ACT_ALL		/* remove everything the interface learned */
};

static const struct {
	const char *reason;
	enum action action;
	unsigned origin;
} reasons[] = {
#define REASON(name, action, origin) { #name, ACT_##action, origin },
#include "dhcpcd_reasons.h"
#undef REASON
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
	struct opt v4;			/* option 158 fragments (RFC 3396) */
	struct opt v6;			/* option 86 instances */
	char *server_id;		/* new_dhcp6_server_id, hex */
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
	    "  -e, --environ FILE    read new_pcp_server, new_dhcp6_server_id\n"
	    "                        and every new_dhcp6_pcp_server[N] entry\n"
	    "                        from FILE, a NUL-separated environment\n"
	    "                        block such as /proc/PID/environ\n"
	    "  -l, --lease6 FILE     read every option-86 instance from FILE,\n"
	    "                        dhcpcd's saved DHCPv6 lease\n"
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
	opt->present = 0;
}

/* Append @len bytes at @data (owned by @opt from now on) as one instance.
 * 0, -E2BIG (@data freed), -ENOMEM (@data freed). */
static int
opt_take(struct opt *opt, uint8_t *data, size_t len)
{
	struct pcpsel_buf *bufs;

	if (opt->n >= INSTANCES_MAX) {
		free(data);
		return -E2BIG;
	}
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

/* Append the bytes of @hex as one instance.  0, -EINVAL, -E2BIG,
 * -ENOMEM. */
static int
opt_add_hex(struct opt *opt, const char *hex)
{
	uint8_t *data;
	size_t len;
	int r;

	if (opt->n >= INSTANCES_MAX)
		return -E2BIG;
	r = tool_hex_decode(hex, &data, &len);
	if (r < 0)
		return r;
	return opt_take(opt, data, len);
}

/* Read the whole of @path (a /proc file has no size), at most @max bytes,
 * into a NUL-terminated buffer; never through a symlink at the last
 * component with @nofollow.  0, -E2BIG, -ENOMEM or -errno. */
static int
read_all(const char *path, size_t max, int nofollow, char **ret,
    size_t *ret_len)
{
	char *buf;
	size_t len = 0;
	ssize_t got;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
	    (nofollow ? O_NOFOLLOW : 0));
	if (fd < 0)
		return -errno;
	buf = malloc(max + 1);
	if (buf == NULL) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		got = read(fd, buf + len, max + 1 - len);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto fail;
		}
		if (got == 0)
			break;
		len += (size_t)got;
		if (len > max) {
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

/* The value of @entry if it is "@var=..." or, with @indexed, "@varN=..."
 * (N decimal digits), else NULL. */
static const char *
entry_value(const char *entry, const char *var, int indexed)
{
	size_t len = strlen(var);

	if (strncmp(entry, var, len) != 0)
		return NULL;
	entry += len;
	if (indexed)
		while (isdigit((unsigned char)*entry))
			entry++;
	return *entry == '=' ? entry + 1 : NULL;
}

/* Read the environment block of a lease event of @origin: every entry is
 * "name=value" followed by a NUL.  Several entries may share a name
 * (several option-86 instances); all of them count, in order, and so do
 * indexed names (new_dhcp6_pcp_server1, ...).  Only the new lease's
 * option of @origin is read, and for DHCPv6 its Server Identifier.  A cut
 * block (it ends inside an entry, it holds 64 KiB or more, or the lease's
 * own entries are missing) or a value that is not hex changes nothing:
 * EXIT_DATA with one line.  EXIT_OK, EXIT_DATA, EXIT_IO. */
static int
environ_load(struct run *run, const char *path, unsigned origin)
{
	int v4 = origin == PCPSEL_ORIGIN_DHCPV4;
	const char *var = v4 ? V4_VAR : V6_VAR;
	struct opt *opt = v4 ? &run->v4 : &run->v6;
	char *buf = NULL, *entry, *end, why[64];
	const char *value;
	size_t len = 0, nth = 0, bad = 0;
	int r, bad_r = 0, lease = 0, rc = EXIT_OK;

	r = read_all(path, ENVIRON_MAX, 0, &buf, &len);
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
		if (v4 ?
		    strncmp(entry, V4_LEASE_VAR, strlen(V4_LEASE_VAR)) == 0 ||
		    strncmp(entry, V4_LEASE_VAR2, strlen(V4_LEASE_VAR2)) == 0 :
		    strncmp(entry, V6_LEASE_VAR, strlen(V6_LEASE_VAR)) == 0) {
			lease = 1;
			if (!v4 && run->server_id == NULL) {
				run->server_id = strdup(entry +
				    strlen(V6_LEASE_VAR));
				if (run->server_id == NULL) {
					r = -ENOMEM;
					break;
				}
			}
		}
		value = entry_value(entry, var, !v4);
		if (value == NULL || bad > 0)
			continue;
		nth++;
		r = opt_add_hex(opt, value);
		if (r == -ENOMEM)
			break;
		if (r < 0) {
			/* reported once the block is known to be whole */
			bad = nth;
			bad_r = r;
		}
		r = 0;
	}
	if (r == -ENOMEM) {
		tool_err(CMD, "%s: %s: %s", run->ifname, run->reason,
		    strerror(ENOMEM));
		rc = EXIT_IO;
	} else if (!lease) {
		snprintf(why, sizeof(why), "no %s", v4 ? "new_ip_address or "
		    "new_dhcp_message_type" : "new_dhcp6_server_id");
		rc = environ_cut(run, origin, why);
	} else if (bad > 0) {
		/* dhcpcd's binhex is lowercase hex: not a dhcpcd environment */
		tool_err(CMD, "%s: %s: %s: %s entry %zu: %s: %s PCP servers "
		    "unchanged", run->ifname, run->reason, path, var, bad,
		    bad_r == -EINVAL ? "not hex" : "over the limits (65535 "
		    "bytes, 4096 entries)", family_name(origin));
		rc = EXIT_DATA;
	}
out:
	free(buf);
	if (rc != EXIT_OK)
		opt_free(opt);
	return rc;
}

/* 1 if the bytes @id equal the hex text @hex (either case), else 0. */
static int
same_id(const struct pcpsel_buf *id, const char *hex)
{
	uint8_t *bytes;
	size_t len;
	int same;

	if (tool_hex_decode(hex, &bytes, &len) < 0)
		return 0;
	same = len == id->len && memcmp(bytes, id->data, len) == 0;
	free(bytes);
	return same;
}

/* A DHCPv6 lease event: take every option-86 instance from @path,
 * dhcpcd's saved reply, in place of what the environment gave.  dhcpcd
 * writes the file before it runs the hooks of a reply, so it holds this
 * event's lease; with --environ its Server Identifier must be the
 * event's.  No file: the environment's or -6 instances count if there are
 * any (a dhcpcd.conf that exports option 86), else nothing changes.  A
 * file that cannot be read or used changes nothing.  EXIT_OK, EXIT_DATA,
 * EXIT_IO, with one line unless EXIT_OK. */
static int
lease6_load(struct run *run, const char *path)
{
	struct pcpsel_buf *bufs = NULL, sid;
	struct opt opt = { NULL, 0, 0 };
	char *msg = NULL;
	size_t len = 0, n = 0, i;
	int r, rc = EXIT_DATA;

	r = read_all(path, PCPSEL_DHCP6_MAX_MSG, 1, &msg, &len);
	if (r == -ENOENT && run->v6.present)
		return EXIT_OK;	/* the fallback: exported instances */
	if (r == -ENOENT) {
		tool_err(CMD, "%s: %s: no DHCPv6 lease %s: DHCPv6 PCP servers "
		    "unchanged", run->ifname, run->reason, path);
		return EXIT_DATA;
	}
	if (r < 0) {
		tool_err(CMD, "%s: %s: %s: %s: DHCPv6 PCP servers unchanged",
		    run->ifname, run->reason, path, r == -E2BIG ?
		    "larger than a DHCPv6 message" : strerror(-r));
		return r == -E2BIG ? EXIT_DATA : EXIT_IO;
	}
	r = pcpsel_dhcp6_find((const uint8_t *)msg, len,
	    DHCP6_OPTION_SERVERID, &sid, 1, &n);
	if (r == -EBADMSG) {
		tool_err(CMD, "%s: %s: %s: not a DHCPv6 message: DHCPv6 PCP "
		    "servers unchanged", run->ifname, run->reason, path);
		goto out;
	}
	if (run->server_id != NULL && (r < 0 || n != 1 ||
	    !same_id(&sid, run->server_id))) {
		tool_err(CMD, "%s: %s: %s is not this event's lease (Server "
		    "Identifier differs): DHCPv6 PCP servers unchanged",
		    run->ifname, run->reason, path);
		goto out;
	}
	/* count, then take them all (P-DHCP6-3: an option running past the
	 * end of the message ends the walk, the instances before count) */
	r = pcpsel_dhcp6_find((const uint8_t *)msg, len, PCPSEL_DHCPV6_OPTION,
	    NULL, 0, &n);
	if (r >= 0 && n > INSTANCES_MAX) {
		tool_err(CMD, "%s: %s: %s: %zu option-%d instances, more than "
		    "%d: DHCPv6 PCP servers unchanged", run->ifname,
		    run->reason, path, n, PCPSEL_DHCPV6_OPTION, INSTANCES_MAX);
		goto out;
	}
	if (r >= 0 && n > 0) {
		bufs = calloc(n, sizeof(*bufs));
		r = bufs == NULL ? -ENOMEM : pcpsel_dhcp6_find(
		    (const uint8_t *)msg, len, PCPSEL_DHCPV6_OPTION, bufs, n,
		    &n);
	}
	for (i = 0; r >= 0 && i < n; i++) {
		uint8_t *copy = malloc(bufs[i].len + 1);

		if (copy == NULL) {
			r = -ENOMEM;
			break;
		}
		memcpy(copy, bufs[i].data, bufs[i].len);
		r = opt_take(&opt, copy, bufs[i].len);
	}
	if (r < 0) {
		tool_err(CMD, "%s: %s: %s: %s", run->ifname, run->reason, path,
		    strerror(-r));
		rc = EXIT_IO;
		opt_free(&opt);
		goto out;
	}
	opt_free(&run->v6);
	run->v6 = opt;
	rc = EXIT_OK;
out:
	free(bufs);
	free(msg);
	return rc;
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

/* Hand the event to the store.  EXIT_* with the run's one line. */
static int
apply(struct run *run, struct pcpsel_store *store, const char *state_dir,
    enum action action, unsigned origin)
{
	struct pcpsel_store_report report;
	struct pcpsel_list *list = NULL;
	int r;

	memset(&report, 0, sizeof(report));
	if (action == ACT_SET) {
		list = pcpsel_list_new();
		r = list == NULL ? -ENOMEM : decode(run, origin, list);
		if (r == 0)
			r = pcpsel_store_set(store, run->ifname, origin, list,
			    &report);
	} else {
		r = pcpsel_store_clear(store, run->ifname, action == ACT_ALL ?
		    PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6 : origin,
		    &report);
	}
	pcpsel_list_free(list);
	if (r < 0) {
		/* the previous file stays intact (pcpsel_file_write) */
		tool_err(CMD, "%s: %s: cannot update the PCP server list: %s",
		    run->ifname, run->reason, strerror(-r));
		return EXIT_IO;
	}
	if (report.damaged != 0)
		set_msg(run, EXIT_DATA, "%s: %s: state %s/%s/%s damaged (line "
		    "%zu): ignored", run->ifname, run->reason, state_dir,
		    report.damaged & PCPSEL_ORIGIN_DHCPV4 ? "dhcpv4" : "dhcpv6",
		    run->ifname, report.damaged_line);
	if (run->msg[0] != '\0')
		tool_err(CMD, "%s", run->msg);
	return run->rc;
}

int
cmd_dhcpcd(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "environ", required_argument, NULL, 'e' },
		{ "lease6", required_argument, NULL, 'l' },
		{ "dir", required_argument, NULL, 'd' },
		{ "state-dir", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct run run;
	struct pcpsel_store *store = NULL;
	const char *environ_path = NULL, *lease6_path = NULL;
	const char *dir = NULL, *state_dir = STATE_DIR_DEFAULT;
	enum action action;
	unsigned origin;
	int c, r, rc = EXIT_OK;

	memset(&run, 0, sizeof(run));
	optind = 1;
	while ((c = getopt_long(argc, argv, "+e:l:d:s:4:6:h", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'e':
			environ_path = optarg;
			break;
		case 'l':
			lease6_path = optarg;
			break;
		case 'd':
			dir = optarg;
			break;
		case 's':
			state_dir = optarg;
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
		case 'h':
			usage(stdout);
			goto out;
		default:
			usage(stderr);
			rc = EXIT_USAGE;
			goto out;
		}
	}
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
	if (state_dir[0] == '\0' || (dir != NULL && dir[0] == '\0') ||
	    (lease6_path != NULL && lease6_path[0] == '\0')) {
		tool_err(CMD, "empty file or directory name");
		rc = EXIT_USAGE;
		goto out;
	}
	if (environ_path != NULL && (run.v4.present || run.v6.present)) {
		tool_err(CMD, "--environ excludes -4 and -6");
		rc = EXIT_USAGE;
		goto out;
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
	if (lease6_path != NULL && action == ACT_SET &&
	    origin == PCPSEL_ORIGIN_DHCPV6) {
		rc = lease6_load(&run, lease6_path);
		if (rc != EXIT_OK)
			goto out;	/* nothing changed */
	}
	r = pcpsel_store_new(state_dir, dir, &store);
	if (r < 0) {
		tool_err(CMD, "%s: %s", state_dir, strerror(-r));
		rc = EXIT_IO;
		goto out;
	}
	rc = apply(&run, store, state_dir, action, origin);
out:
	pcpsel_store_free(store);
	opt_free(&run.v4);
	opt_free(&run.v6);
	free(run.server_id);
	return rc;
}
