/*
 * adapter.c - what every DHCP-client adapter of the tool shares: option
 * instances, decoding with the one line an event logs, and the hand-over
 * to libpcpsel's store (see adapter.h)
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Keep the first message only: one run logs one line. */
static void
set_msg(struct adapter_run *run, int rc, const char *fmt, ...)
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
	if (run->msg[0] == '\0')
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
	struct pcpsel_store_report report;
	struct pcpsel_store *store = NULL;
	struct pcpsel_list *list = NULL;
	int r;

	if (action == ADAPTER_NONE)
		return EXIT_OK;
	memset(&report, 0, sizeof(report));
	r = pcpsel_store_new(state_dir, servers_dir, &store);
	if (r == 0 && action == ADAPTER_SET) {
		list = pcpsel_list_new();
		r = list == NULL ? -ENOMEM : decode(run, origin, list);
		if (r == 0)
			r = pcpsel_store_set(store, run->ifname, origin, list,
			    &report);
	} else if (r == 0) {
		r = pcpsel_store_clear(store, run->ifname,
		    action == ADAPTER_ALL ?
			PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6 :
			origin,
		    &report);
	}
	pcpsel_list_free(list);
	pcpsel_store_free(store);
	if (r < 0) {
		/* the previous file stays intact (pcpsel_file_write) */
		tool_err(run->cmd,
		    "%s: %s: cannot update the PCP server list: "
		    "%s",
		    run->ifname, run->reason, strerror(-r));
		return EXIT_IO;
	}
	if (report.damaged != 0)
		set_msg(run, EXIT_DATA,
		    "%s: %s: state %s/%s/%s damaged (line "
		    "%zu): ignored",
		    run->ifname, run->reason, state_dir,
		    report.damaged & PCPSEL_ORIGIN_DHCPV4 ? "dhcpv4" :
							    "dhcpv6",
		    run->ifname, report.damaged_line);
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
