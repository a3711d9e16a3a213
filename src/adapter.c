/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * adapter.c - what every DHCP-client adapter of the tool shares: option
 * instances and the text forms clients write them in, decoding with the
 * one line an event logs, the hand-over to libpcpsel's store, and the
 * command of the adapters whose client passes options as script variables
 * (see adapter.h)
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

#include "tool.h"
#include "adapter.h"

void
adapter_opt_free(struct adapter_opt *opt)
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
int
adapter_opt_take(struct adapter_opt *opt, uint8_t *data, size_t len)
{
	struct pcpsel_buf *bufs;

	if (opt->n >= ADAPTER_INSTANCES_MAX) {
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
int
adapter_opt_add_hex(struct adapter_opt *opt, const char *hex)
{
	uint8_t *data;
	size_t len;
	int r;

	if (opt->n >= ADAPTER_INSTANCES_MAX)
		return -E2BIG;
	r = tool_hex_decode(hex, &data, &len);
	if (r < 0)
		return r;
	return adapter_opt_take(opt, data, len);
}

/* Parse dhclient's decimal form ("8 192 0 2 1") into @buf (NULL: count
 * only).  The number of bytes, or -1 with *@ret_pos the offset of the
 * first character out of place (a number over 255: its first digit). */
static long
dec_parse(const char *text, uint8_t *buf, size_t *ret_pos)
{
	const char *p = text;
	unsigned v;
	size_t digits;
	long n = 0;

	if (*p == '\0')
		return 0;
	for (;;) {
		v = 0;
		for (digits = 0;
		     digits < 4 && isdigit((unsigned char)p[digits]); digits++)
			v = v * 10 + (unsigned)(p[digits] - '0');
		if (digits == 0 || digits == 4 || v > 255) {
			*ret_pos = (size_t)(p - text) + (digits == 4 ? 3 : 0);
			return -1;
		}
		if (buf != NULL)
			buf[n] = (uint8_t)v;
		n++;
		p += digits;
		if (*p == '\0')
			return n;
		/* one space between two numbers, none at either end */
		if (*p != ' ') {
			*ret_pos = (size_t)(p - text);
			return -1;
		}
		p++;
	}
}

int
adapter_opt_add_text(struct adapter_opt *opt, const char *text, unsigned forms,
    size_t *ret_pos)
{
	uint8_t *data;
	size_t pos = 0, hex_pos = 0;
	int hex = (forms & ADAPTER_FORM_HEX) &&
	    (!(forms & ADAPTER_FORM_DEC) || strchr(text, ' ') == NULL);
	long n;
	int r;

	if (hex) {
		r = adapter_opt_add_hex(opt, text);
		if (r != -EINVAL)
			return r;
		/* the first character that is neither a hex digit nor a
		 * ':' (none: the text ends inside a byte) */
		while (text[hex_pos] != '\0' &&
		    (isxdigit((unsigned char)text[hex_pos]) ||
			text[hex_pos] == ':'))
			hex_pos++;
		if (!(forms & ADAPTER_FORM_DEC)) {
			if (ret_pos != NULL)
				*ret_pos = hex_pos;
			return -EINVAL;
		}
		/* "8", "255": one byte, decimal */
	}
	if (opt->n >= ADAPTER_INSTANCES_MAX)
		return -E2BIG;
	n = dec_parse(text, NULL, &pos);
	if (n < 0) {
		if (ret_pos != NULL)
			*ret_pos = hex ? hex_pos : pos;
		return -EINVAL;
	}
	if (n > PCPSEL_MAX_INPUT)
		return -E2BIG;
	data = malloc(n > 0 ? (size_t)n : 1);
	if (data == NULL)
		return -ENOMEM;
	(void)dec_parse(text, data, &pos);
	return adapter_opt_take(opt, data, (size_t)n);
}

enum adapter_action
adapter_reason_find(const struct adapter_reason *reasons, size_t n,
    const char *reason, unsigned *ret_origins)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(reason, reasons[i].name) == 0) {
			*ret_origins = reasons[i].origins;
			return reasons[i].action;
		}
	*ret_origins = 0;
	return ADAPTER_NONE;
}

const char *
adapter_family(unsigned origin)
{
	return origin == PCPSEL_ORIGIN_DHCPV4 ? "DHCPv4" : "DHCPv6";
}

/* "1 address", "2 addresses": @one and @many after the count. */
static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void set_msg(struct adapter_run *run, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add_msg(struct adapter_run *run, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Start a message, after the run's earlier ones and "; ": one run logs
 * one line (an event of two origins, a malformed option and a damaged
 * state...).  The first failure's exit code counts. */
static void
set_msg(struct adapter_run *run, int rc, const char *fmt, ...)
{
	size_t len = strlen(run->msg);
	va_list ap;

	if (len > 0 && len < sizeof(run->msg) - 1) {
		snprintf(run->msg + len, sizeof(run->msg) - len, "; ");
		len = strlen(run->msg);
	}
	if (len < sizeof(run->msg) - 1) {
		va_start(ap, fmt);
		vsnprintf(run->msg + len, sizeof(run->msg) - len, fmt, ap);
		va_end(ap);
	}
	if (run->rc == EXIT_OK)
		run->rc = rc;
}

/* Append @fmt to the run's message: the run's one line grows when a
 * DHCPv6 option had bad instances and dropped addresses too. */
static void
add_msg(struct adapter_run *run, const char *fmt, ...)
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
decode(struct adapter_run *run, unsigned origin, struct pcpsel_list *list)
{
	struct pcpsel_decode_info info;
	const struct adapter_opt *opt;
	const char *family;
	size_t start = strlen(run->msg); /* this option's message */
	int code, r;

	family = adapter_family(origin);
	if (origin == PCPSEL_ORIGIN_DHCPV4) {
		opt = &run->v4;
		code = PCPSEL_DHCPV4_OPTION;
	} else {
		opt = &run->v6;
		code = PCPSEL_DHCPV6_OPTION;
	}
	if (!opt->present)
		return 0; /* option absent: no server of this origin */
	memset(&info, 0, sizeof(info));
	if (origin == PCPSEL_ORIGIN_DHCPV4)
		r = pcpsel_v4_decode(list, opt->bufs, opt->n, &info);
	else
		r = pcpsel_v6_decode(list, opt->bufs, opt->n, &info);
	if (r == -EBADMSG && info.reason == PCPSEL_BAD_V4_SHORT)
		/* R7291-9: the value is the total length */
		set_msg(run, EXIT_DATA,
		    "%s: %s: %s option %d malformed (%s: "
		    "%zu %s): no %s PCP server",
		    run->ifname, run->reason, family, code,
		    pcpsel_malformed_str(info.reason), info.value,
		    plural(info.value, "byte", "bytes"), family);
	else if (r == -EBADMSG && origin == PCPSEL_ORIGIN_DHCPV4)
		set_msg(run, EXIT_DATA,
		    "%s: %s: %s option %d malformed (%s, "
		    "List-Length %zu at offset %zu): no %s PCP server",
		    run->ifname, run->reason, family, code,
		    pcpsel_malformed_str(info.reason), info.value, info.offset,
		    family);
	else if (r == -EBADMSG)
		set_msg(run, EXIT_DATA,
		    "%s: %s: %s option %d malformed (%s, "
		    "instance %zu of %zu, length %zu): no %s PCP server",
		    run->ifname, run->reason, family, code,
		    pcpsel_malformed_str(info.reason), info.offset + 1, opt->n,
		    info.value, family);
	else if (r == -E2BIG)
		set_msg(run, EXIT_DATA,
		    "%s: %s: %s option %d longer than %d "
		    "bytes: no %s PCP server",
		    run->ifname, run->reason, family, code, PCPSEL_MAX_INPUT,
		    family);
	if (r == -EBADMSG || r == -E2BIG) {
		pcpsel_list_clear(list);
		return 0;
	}
	if (r < 0)
		return r;
	if (origin == PCPSEL_ORIGIN_DHCPV6 && info.bad_instances > 0)
		/* P-DHCP6-1/2: a bad instance is skipped, the others count */
		set_msg(run, EXIT_DATA,
		    "%s: %s: DHCPv6 option %d: %zu of %zu "
		    "instances malformed and skipped (first: instance %zu, "
		    "%s, length %zu)",
		    run->ifname, run->reason, PCPSEL_DHCPV6_OPTION,
		    info.bad_instances, opt->n, info.offset + 1,
		    pcpsel_malformed_str(info.reason), info.value);
	if (info.filtered == 0 && info.duplicates == 0)
		return 0;
	/* P-DHCP4-6: a warning when addresses are dropped */
	if (strlen(run->msg) == start)
		set_msg(run, EXIT_OK, "%s: %s: %s option %d: ", run->ifname,
		    run->reason, family, code);
	else
		add_msg(run, "; ");
	add_msg(run,
	    "dropped %zu unusable %s (loopback, multicast, "
	    "unspecified or reserved) and %zu %s",
	    info.filtered, plural(info.filtered, "address", "addresses"),
	    info.duplicates,
	    plural(info.duplicates, "duplicate", "duplicates"));
	if (info.dropped_servers > 0) /* P-DHCP4-4 */
		add_msg(run, "; %zu %s left empty", info.dropped_servers,
		    plural(info.dropped_servers, "server", "servers"));
	if (pcpsel_list_count(list) == 0)
		add_msg(run, ": no %s PCP server", family);
	return 0;
}

int
adapter_apply(struct adapter_run *run, const char *state_dir,
    const char *servers_dir, enum adapter_action action, unsigned origin)
{
	static const unsigned origins[] = { PCPSEL_ORIGIN_DHCPV4,
		PCPSEL_ORIGIN_DHCPV6 };
	struct pcpsel_store_report report;
	struct pcpsel_store *store = NULL;
	struct pcpsel_list *list = NULL;
	unsigned damaged = 0;
	size_t i, damaged_line = 0;
	int r;

	if (action == ADAPTER_NONE)
		return EXIT_OK;
	if (action == ADAPTER_ALL)
		origin = PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6;
	memset(&report, 0, sizeof(report));
	r = pcpsel_store_new(state_dir, servers_dir, &store);
	if (r == 0 && action == ADAPTER_SET) {
		/* one origin after the other: each change is whole */
		for (i = 0; r == 0 && i < 2; i++) {
			if (!(origin & origins[i]))
				continue;
			list = pcpsel_list_new();
			r = list == NULL ? -ENOMEM :
					   decode(run, origins[i], list);
			if (r == 0)
				r = pcpsel_store_set(store, run->ifname,
				    origins[i], list, &report);
			pcpsel_list_free(list);
			list = NULL;
			if (damaged == 0 && report.damaged != 0)
				damaged_line = report.damaged_line;
			damaged |= report.damaged;
		}
	} else if (r == 0) {
		r = pcpsel_store_clear(store, run->ifname, origin, &report);
		damaged = report.damaged;
		damaged_line = report.damaged_line;
	}
	pcpsel_store_free(store);
	if (r < 0) {
		/* the previous file stays intact (pcpsel_file_write) */
		tool_err(run->cmd,
		    "%s: %s: cannot update the PCP server list: "
		    "%s",
		    run->ifname, run->reason, strerror(-r));
		return EXIT_IO;
	}
	if (damaged != 0)
		set_msg(run, EXIT_DATA,
		    "%s: %s: state %s/%s/%s damaged (line "
		    "%zu): ignored",
		    run->ifname, run->reason, state_dir,
		    damaged & PCPSEL_ORIGIN_DHCPV4 ? "dhcpv4" : "dhcpv6",
		    run->ifname, damaged_line);
	if (run->msg[0] != '\0')
		tool_err(run->cmd, "%s", run->msg);
	return run->rc;
}

void
adapter_run_free(struct adapter_run *run)
{
	adapter_opt_free(&run->v4);
	adapter_opt_free(&run->v6);
}

static void
main_usage(const struct adapter_client *client, FILE *f)
{
	fprintf(f,
	    "Usage: pcpsel %s [OPTIONS] %s INTERFACE\n"
	    "Update INTERFACE's PCP server list from one run of\n%s.\n\n",
	    client->cmd, client->operand, client->name);
	if (client->forms4 != 0)
		fprintf(f,
		    "  -4 VALUE              option 158 data,\n"
		    "                        %s\n",
		    client->var4);
	if (client->forms6 != 0)
		fprintf(f,
		    "  -6 VALUE              one option-86 instance,\n"
		    "                        %s\n",
		    client->var6);
	fprintf(f,
	    "  -d, --dir DIR         server-list directory [%s]\n"
	    "  -s, --state-dir DIR   per-origin state [%s]\n"
	    "  -h, --help            this text\n"
	    "\n"
	    "Exit status: 0 ok, 64 usage, 65 malformed option or value\n"
	    "(message on stderr), 74 I/O error.  See %s.\n",
	    pcpsel_servers_dir(), PCPSEL_STATE_DIR_DEFAULT, client->page);
}

/* The values given for @origin: the origin's instances.  A value in no
 * accepted form: one line, the origin stays as it was (0), else 1. */
static int
main_values(struct adapter_run *run, const struct adapter_client *client,
    unsigned origin, char *const *values, size_t n)
{
	int v4 = origin == PCPSEL_ORIGIN_DHCPV4;
	unsigned forms = v4 ? client->forms4 : client->forms6;
	size_t i, pos = 0;
	int r = 0;

	for (i = 0; i < n && r == 0; i++)
		r = adapter_opt_add_text(v4 ? &run->v4 : &run->v6, values[i],
		    forms, &pos);
	if (r == 0)
		return 1;
	if (r == -EINVAL)
		set_msg(run, EXIT_DATA,
		    "%s: %s: %s option %d: value %zu is "
		    "not %s (character %zu): %s PCP servers unchanged",
		    run->ifname, run->reason, adapter_family(origin),
		    v4 ? PCPSEL_DHCPV4_OPTION : PCPSEL_DHCPV6_OPTION, i,
		    forms == ADAPTER_FORM_DEC ?
			"decimal bytes (dhclient's "
			"\"array of unsigned integer 8\")" :
			forms == ADAPTER_FORM_HEX ? "hex bytes" :
						    "hex or decimal bytes",
		    pos + 1, adapter_family(origin));
	else
		set_msg(run, r == -ENOMEM ? EXIT_IO : EXIT_DATA,
		    "%s: %s: %s "
		    "option %d: %s: %s PCP servers unchanged",
		    run->ifname, run->reason, adapter_family(origin),
		    v4 ? PCPSEL_DHCPV4_OPTION : PCPSEL_DHCPV6_OPTION,
		    r == -E2BIG ?
			"over the limits (65535 bytes, 4096 values)" :
			strerror(-r),
		    adapter_family(origin));
	adapter_opt_free(v4 ? &run->v4 : &run->v6);
	return 0;
}

/* The client whose usage tool_args prints (tool_args takes a plain
 * usage(FILE *)); set by adapter_main before it parses. */
static const struct adapter_client *usage_client;

static void
adapter_usage(FILE *f)
{
	main_usage(usage_client, f);
}

int
adapter_main(const struct adapter_client *client, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "state-dir", required_argument, NULL, 's' },
		TOOL_LONGOPT_DIR, TOOL_LONGOPT_HELP, TOOL_LONGOPT_END
	};
	struct tool_args a;
	struct adapter_run run;
	char **v4 = NULL, **v6 = NULL;
	size_t n4 = 0, n6 = 0;
	const char *dir, *state_dir = PCPSEL_STATE_DIR_DEFAULT;
	enum adapter_action action;
	unsigned origins, keep = 0;
	int c, rc = EXIT_OK;

	memset(&run, 0, sizeof(run));
	run.cmd = client->cmd;
	/* at most one value per argument */
	v4 = calloc((size_t)argc, sizeof(*v4));
	v6 = calloc((size_t)argc, sizeof(*v6));
	if (v4 == NULL || v6 == NULL) {
		tool_err(client->cmd, "%s", strerror(ENOMEM));
		rc = EXIT_IO;
		goto out;
	}
	/* the shared parser (src/util.c): -d/--dir, -h/--help, a missing
	 * value and an unknown option are handled there */
	usage_client = client;
	tool_args_init(&a, client->cmd, adapter_usage, "+4:6:d:s:h", longopts);
	while ((c = tool_args_next(&a, argc, argv)) != TOOL_ARGS_END) {
		switch (c) {
		case TOOL_ARGS_EXIT:
			rc = a.rc;
			goto out;
		case '4':
		case '6':
			if ((c == '4' ? client->forms4 : client->forms6) ==
			    0) {
				rc = tool_args_error(&a,
				    "%s passes no option %s", client->cmd,
				    c == '4' ? "158" : "86");
				goto out;
			}
			if (c == '4')
				v4[n4++] = optarg;
			else
				v6[n6++] = optarg;
			break;
		case 's':
			state_dir = optarg;
			break;
		}
	}
	dir = a.dir;
	if (argc - optind != 2) {
		main_usage(client, stderr);
		rc = EXIT_USAGE;
		goto out;
	}
	run.reason = argv[optind];
	run.ifname = argv[optind + 1];
	if (pcpsel_ifname_check(run.ifname) < 0) {
		tool_err(client->cmd, "'%s' is not an interface name",
		    run.ifname);
		rc = EXIT_USAGE;
		goto out;
	}
	if (state_dir[0] == '\0' || (dir != NULL && dir[0] == '\0')) {
		tool_err(client->cmd, "empty directory name");
		rc = EXIT_USAGE;
		goto out;
	}
	action = adapter_reason_find(client->reasons, client->n_reasons,
	    run.reason, &origins);
	if (action == ADAPTER_NONE)
		goto out;
	/* only the event's own origins count; a bad value keeps its
	 * origin as it was */
	if (action == ADAPTER_SET) {
		if ((origins & PCPSEL_ORIGIN_DHCPV4) &&
		    !main_values(&run, client, PCPSEL_ORIGIN_DHCPV4, v4, n4))
			keep |= PCPSEL_ORIGIN_DHCPV4;
		if ((origins & PCPSEL_ORIGIN_DHCPV6) &&
		    !main_values(&run, client, PCPSEL_ORIGIN_DHCPV6, v6, n6))
			keep |= PCPSEL_ORIGIN_DHCPV6;
		origins &= ~keep;
	}
	if (origins != 0 || action == ADAPTER_ALL)
		rc = adapter_apply(&run, state_dir, dir, action, origins);
	else if (run.msg[0] != '\0') {
		tool_err(client->cmd, "%s", run.msg);
		rc = run.rc;
	}
out:
	adapter_run_free(&run);
	free(v4);
	free(v6);
	return rc;
}
