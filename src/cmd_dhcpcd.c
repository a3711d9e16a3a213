/* SPDX-License-Identifier: BSD-2-Clause */
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
 * lease) and maps dhcpcd's reason to what it does (the table in
 * dhcpcd_reasons.h); adapter.c decodes them with libpcpsel and hands the
 * servers to libpcpsel's store (store.c), which keeps them per interface
 * and origin, merges, orders and publishes the interface's file under its
 * lock.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"
#include "adapter.h"

#define CMD "dhcpcd"
#define STATE_DIR_DEFAULT PCPSEL_STATE_DIR_DEFAULT
#define ENVIRON_MAX (1024 * 1024) /* larger is not dhcpcd's */
/* dhcpcd 9.4.1 privsep: PS_BUFLEN, 64 KiB and a little (IPC metadata),
 * is the most of the environment its root process receives; a block of
 * 64 KiB or more has been cut (or is at the edge of it). */
#define ENVIRON_CUT (64 * 1024)
#define V4_VAR "new_pcp_server"
#define V6_VAR "new_dhcp6_pcp_server"
/* Entries every lease of the origin has (the notes' §6.1): dhcpcd writes
 * new_ip_address when yiaddr or ciaddr is set, new_dhcp_message_type for
 * every DHCP reply (an INFORM ACK may have neither address); every DHCPv6
 * Reply has a Server Identifier (RFC 8415 §16.10, §21.3). */
#define V4_LEASE_VAR "new_ip_address="
#define V4_LEASE_VAR2 "new_dhcp_message_type="
#define V6_LEASE_VAR "new_dhcp6_server_id="
#define DHCP6_OPTION_SERVERID 2 /* RFC 8415 §21.3 */

static const struct {
	const char *reason;
	enum adapter_action action;
	unsigned origin;
} reasons[] = {
#define REASON(name, action, origin) { #name, ADAPTER_##action, origin },
#include "dhcpcd_reasons.h"
#undef REASON
};

/* One run: the adapter's event and the Server Identifier of the
 * environment (new_dhcp6_server_id, hex), to check the lease file. */
struct run {
	struct adapter_run a;
	char *server_id;
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

	fd = open(path,
	    O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
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

/* The environment of a lease event was cut (see the top of this file):
 * one line, and the origin's state stays as it was. */
static int
environ_cut(const struct run *run, unsigned origin, const char *why)
{
	tool_err(CMD,
	    "%s: %s: environment cut (dhcpcd passes at most 64 "
	    "KiB): %s: %s PCP servers unchanged",
	    run->a.ifname, run->a.reason, why, adapter_family(origin));
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
	struct adapter_opt *opt = v4 ? &run->a.v4 : &run->a.v6;
	char *buf = NULL, *entry, *end, why[64];
	const char *value;
	size_t len = 0, nth = 0, bad = 0;
	int r, bad_r = 0, lease = 0, rc = EXIT_OK;

	r = read_all(path, ENVIRON_MAX, 0, &buf, &len);
	if (r < 0) {
		tool_err(CMD, "%s: %s: %s: %s", run->a.ifname, run->a.reason,
		    path, strerror(-r));
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
		if (v4 ? strncmp(entry, V4_LEASE_VAR, strlen(V4_LEASE_VAR)) ==
				0 ||
			    strncmp(entry, V4_LEASE_VAR2,
				strlen(V4_LEASE_VAR2)) == 0 :
			 strncmp(entry, V6_LEASE_VAR, strlen(V6_LEASE_VAR)) ==
			    0) {
			lease = 1;
			if (!v4 && run->server_id == NULL) {
				run->server_id =
				    strdup(entry + strlen(V6_LEASE_VAR));
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
		r = adapter_opt_add_hex(opt, value);
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
		tool_err(CMD, "%s: %s: %s", run->a.ifname, run->a.reason,
		    strerror(ENOMEM));
		rc = EXIT_IO;
	} else if (!lease) {
		snprintf(why, sizeof(why), "no %s",
		    v4 ? "new_ip_address or "
			 "new_dhcp_message_type" :
			 "new_dhcp6_server_id");
		rc = environ_cut(run, origin, why);
	} else if (bad > 0) {
		/* dhcpcd's binhex is lowercase hex: not a dhcpcd environment */
		tool_err(CMD,
		    "%s: %s: %s: %s entry %zu: %s: %s PCP servers "
		    "unchanged",
		    run->a.ifname, run->a.reason, path, var, bad,
		    bad_r == -EINVAL ? "not hex" :
				       "over the limits (65535 "
				       "bytes, 4096 entries)",
		    adapter_family(origin));
		rc = EXIT_DATA;
	}
out:
	free(buf);
	if (rc != EXIT_OK)
		adapter_opt_free(opt);
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
	struct adapter_opt opt = { NULL, 0, 0 };
	char *msg = NULL;
	size_t len = 0, n = 0, i;
	int r, rc = EXIT_DATA;

	r = read_all(path, PCPSEL_DHCP6_MAX_MSG, 1, &msg, &len);
	if (r == -ENOENT && run->a.v6.present)
		return EXIT_OK; /* the fallback: exported instances */
	if (r == -ENOENT) {
		tool_err(CMD,
		    "%s: %s: no DHCPv6 lease %s: DHCPv6 PCP servers "
		    "unchanged",
		    run->a.ifname, run->a.reason, path);
		return EXIT_DATA;
	}
	if (r < 0) {
		tool_err(CMD, "%s: %s: %s: %s: DHCPv6 PCP servers unchanged",
		    run->a.ifname, run->a.reason, path,
		    r == -E2BIG ? "larger than a DHCPv6 message" :
				  strerror(-r));
		return r == -E2BIG ? EXIT_DATA : EXIT_IO;
	}
	r = pcpsel_dhcp6_find((const uint8_t *)msg, len, DHCP6_OPTION_SERVERID,
	    &sid, 1, &n);
	if (r == -EBADMSG) {
		tool_err(CMD,
		    "%s: %s: %s: not a DHCPv6 message: DHCPv6 PCP "
		    "servers unchanged",
		    run->a.ifname, run->a.reason, path);
		goto out;
	}
	if (run->server_id != NULL &&
	    (r < 0 || n != 1 || !same_id(&sid, run->server_id))) {
		tool_err(CMD,
		    "%s: %s: %s is not this event's lease (Server "
		    "Identifier differs): DHCPv6 PCP servers unchanged",
		    run->a.ifname, run->a.reason, path);
		goto out;
	}
	/* count, then take them all (P-DHCP6-3: an option running past the
	 * end of the message ends the walk, the instances before count) */
	r = pcpsel_dhcp6_find((const uint8_t *)msg, len, PCPSEL_DHCPV6_OPTION,
	    NULL, 0, &n);
	if (r >= 0 && n > ADAPTER_INSTANCES_MAX) {
		tool_err(CMD,
		    "%s: %s: %s: %zu option-%d instances, more than "
		    "%d: DHCPv6 PCP servers unchanged",
		    run->a.ifname, run->a.reason, path, n,
		    PCPSEL_DHCPV6_OPTION, ADAPTER_INSTANCES_MAX);
		goto out;
	}
	if (r >= 0 && n > 0) {
		bufs = calloc(n, sizeof(*bufs));
		r = bufs == NULL ? -ENOMEM :
				   pcpsel_dhcp6_find((const uint8_t *)msg, len,
				       PCPSEL_DHCPV6_OPTION, bufs, n, &n);
	}
	for (i = 0; r >= 0 && i < n; i++) {
		uint8_t *copy = malloc(bufs[i].len + 1);

		if (copy == NULL) {
			r = -ENOMEM;
			break;
		}
		memcpy(copy, bufs[i].data, bufs[i].len);
		r = adapter_opt_take(&opt, copy, bufs[i].len);
	}
	if (r < 0) {
		tool_err(CMD, "%s: %s: %s: %s", run->a.ifname, run->a.reason,
		    path, strerror(-r));
		rc = EXIT_IO;
		adapter_opt_free(&opt);
		goto out;
	}
	adapter_opt_free(&run->a.v6);
	run->a.v6 = opt;
	rc = EXIT_OK;
out:
	free(bufs);
	free(msg);
	return rc;
}

/* What @reason does, and to which origin. */
static enum adapter_action
reason_action(const char *reason, unsigned *ret_origin)
{
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (strcmp(reason, reasons[i].reason) == 0) {
			*ret_origin = reasons[i].origin;
			return reasons[i].action;
		}
	*ret_origin = 0;
	return ADAPTER_NONE; /* CARRIER, TEST, ROUTERADVERT, ... */
}

int
cmd_dhcpcd(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "environ", required_argument, NULL, 'e' },
		{ "lease6", required_argument, NULL, 'l' },
		{ "state-dir", required_argument, NULL, 's' },
		TOOL_LONGOPT_DIR, TOOL_LONGOPT_HELP, TOOL_LONGOPT_END
	};
	struct tool_args a;
	struct run run;
	const char *environ_path = NULL, *lease6_path = NULL;
	const char *dir, *state_dir = STATE_DIR_DEFAULT;
	enum adapter_action action;
	unsigned origin;
	int c, r, rc = EXIT_OK;

	memset(&run, 0, sizeof(run));
	run.a.cmd = CMD;
	/* the shared parser (src/util.c): -d/--dir and -h/--help there */
	tool_args_init(&a, CMD, usage, "+e:l:d:s:4:6:h", longopts);
	while ((c = tool_args_next(&a, argc, argv)) != TOOL_ARGS_END) {
		switch (c) {
		case TOOL_ARGS_EXIT:
			rc = a.rc;
			goto out;
		case 'e':
			environ_path = optarg;
			break;
		case 'l':
			lease6_path = optarg;
			break;
		case 's':
			state_dir = optarg;
			break;
		case '4':
		case '6':
			r = adapter_opt_add_hex(c == '4' ? &run.a.v4 :
							   &run.a.v6,
			    optarg);
			if (r < 0) {
				tool_err(CMD, "-%c %s: %s", c, optarg,
				    r == -EINVAL ? "not hex" : strerror(-r));
				rc = EXIT_USAGE;
				goto out;
			}
			break;
		}
	}
	dir = a.dir;
	if (argc - optind != 2) {
		usage(stderr);
		rc = EXIT_USAGE;
		goto out;
	}
	run.a.reason = argv[optind];
	run.a.ifname = argv[optind + 1];
	if (pcpsel_ifname_check(run.a.ifname) < 0) {
		tool_err(CMD, "'%s' is not an interface name", run.a.ifname);
		rc = EXIT_USAGE;
		goto out;
	}
	if (state_dir[0] == '\0' || (dir != NULL && dir[0] == '\0') ||
	    (lease6_path != NULL && lease6_path[0] == '\0')) {
		tool_err(CMD, "empty file or directory name");
		rc = EXIT_USAGE;
		goto out;
	}
	if (environ_path != NULL && (run.a.v4.present || run.a.v6.present)) {
		tool_err(CMD, "--environ excludes -4 and -6");
		rc = EXIT_USAGE;
		goto out;
	}
	action = reason_action(run.a.reason, &origin);
	if (action == ADAPTER_NONE)
		goto out;
	/* only a lease's own option counts (the old lease's do not) */
	if (environ_path != NULL && action == ADAPTER_SET) {
		rc = environ_load(&run, environ_path, origin);
		if (rc != EXIT_OK)
			goto out; /* nothing changed */
	}
	if (lease6_path != NULL && action == ADAPTER_SET &&
	    origin == PCPSEL_ORIGIN_DHCPV6) {
		rc = lease6_load(&run, lease6_path);
		if (rc != EXIT_OK)
			goto out; /* nothing changed */
	}
	rc = adapter_apply(&run.a, state_dir, dir, action, origin);
out:
	adapter_run_free(&run.a);
	free(run.server_id);
	return rc;
}
