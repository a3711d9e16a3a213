/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_encode.c - pcpsel encode -4|-6 SERVER [SERVER ...]
 *
 * SERVER is the comma-separated address list of one PCP server.  Prints the
 * option data (no code, no length) in lowercase hex, one line per option
 * instance: option 158 split only between servers when over 255 bytes
 * (RFC 7291 §4.1, RFC 3396), option 86 one instance per server (R7291-4).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static const char *cmd = "encode";

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: pcpsel encode -4 SERVER [SERVER ...]\n"
	    "       pcpsel encode -6 SERVER [SERVER ...]\n"
	    "\n"
	    "Encode PCP servers as DHCPv4 option 158 (-4) or DHCPv6 option\n"
	    "86 (-6) data, without option code and length.  SERVER is the\n"
	    "comma-separated addresses of one server, e.g.\n"
	    "192.0.2.1,192.0.2.2.  Prints lowercase hex, one line per option\n"
	    "instance.  With -6, IPv4 addresses are written IPv4-mapped.\n"
	    "\n"
	    "  -4        option 158 (DHCPv4): IPv4 only, at most %d\n"
	    "            addresses per server\n"
	    "  -6        option 86 (DHCPv6)\n"
	    "  --help    show this help\n"
	    "\n"
	    "Exit status: 0 ok, 64 usage, 65 an invalid, unusable, duplicate\n"
	    "or wrong-family address, or too many addresses in one server.\n",
	    PCPSEL_V4_MAX_ADDRS);
}

/* Every SERVER argument, parsed: the addresses back to back, per server
 * its count, and per address its text and argument (for messages). */
struct parsed {
	struct pcpsel_addr *addrs;
	const char **text;
	size_t *lens;
	size_t *server; /* per address: its SERVER argument, 1-based */
	size_t naddrs;
	size_t *counts;
	size_t nservers;
};

static void
parsed_free(struct parsed *p)
{
	free(p->addrs);
	free(p->text);
	free(p->lens);
	free(p->server);
	free(p->counts);
}

/*
 * Parse the SERVER arguments @args[0..@n) into @p, checking each address
 * alone (syntax, family, usability) and each server's size, and stop at the
 * first failure: its message is written into @msg and its exit code
 * returned (0: none).  Duplicates are left to pcpsel_list_add_servers(),
 * which checks every address in one pass; the caller reports whichever
 * failure comes first in argument order, as a check address by address
 * would.
 */
static int
parse_servers(struct parsed *p, int family, char **args, size_t n, char *msg,
    size_t msgsize)
{
	const char *q, *comma;
	size_t total = 0, i, k, cnt, len;

	for (i = 0; i < n; i++) {
		total++;
		for (q = args[i]; *q != '\0'; q++)
			total += *q == ',';
	}
	p->addrs = calloc(total, sizeof(*p->addrs));
	p->text = calloc(total, sizeof(*p->text));
	p->lens = calloc(total, sizeof(*p->lens));
	p->server = calloc(total, sizeof(*p->server));
	/* one entry per server, more for a server cut up (too_many) */
	p->counts = calloc(total, sizeof(*p->counts));
	if (p->addrs == NULL || p->text == NULL || p->lens == NULL ||
	    p->server == NULL || p->counts == NULL) {
		snprintf(msg, msgsize, "%s", strerror(ENOMEM));
		return EXIT_IO;
	}
	for (i = 0; i < n; i++) {
		q = args[i];
		cnt = 0;
		do {
			char buf[PCPSEL_ADDRSTRLEN + 1];
			struct pcpsel_addr *a = &p->addrs[p->naddrs + cnt];

			comma = strchr(q, ',');
			len = comma != NULL ? (size_t)(comma - q) : strlen(q);
			/* counted now: a failure below is at this address */
			p->counts[p->nservers] = ++cnt;
			p->text[p->naddrs + cnt - 1] = q;
			p->lens[p->naddrs + cnt - 1] = len;
			p->server[p->naddrs + cnt - 1] = i + 1;
			if (len >= sizeof(buf)) {
				snprintf(msg, msgsize,
				    "server %zu: invalid address '%.*s'",
				    i + 1, (int)len, q);
				goto bad;
			}
			memcpy(buf, q, len);
			buf[len] = '\0';
			if (pcpsel_addr_from_string(a, buf) < 0) {
				snprintf(msg, msgsize,
				    "server %zu: invalid address '%s'", i + 1,
				    buf);
				goto bad;
			}
			if (family == 4 && !pcpsel_addr_is_v4(a)) {
				snprintf(msg, msgsize,
				    "server %zu: address '%s' is not IPv4 "
				    "(option 158 carries IPv4 only)",
				    i + 1, buf);
				goto bad;
			}
			/* R7291-8/15, P-DHCP4-3, P-DHCP6-4 */
			if (!pcpsel_addr_usable(a)) {
				snprintf(msg, msgsize,
				    "server %zu: address '%s' is not usable as "
				    "a PCP server address",
				    i + 1, buf);
				goto bad;
			}
			q = comma != NULL ? comma + 1 : q + len;
		} while (comma != NULL);
		/* RFC 7291 §4.1: List-Length is one octet, so 63 addresses
		 * at most */
		if (family == 4 && cnt > PCPSEL_V4_MAX_ADDRS) {
			snprintf(msg, msgsize,
			    "server %zu: %zu addresses, at most %d fit one "
			    "option-158 list",
			    i + 1, cnt, PCPSEL_V4_MAX_ADDRS);
			goto too_many;
		}
		if (cnt > PCPSEL_V6_MAX_ADDRS) {
			snprintf(msg, msgsize,
			    "server %zu: %zu addresses, at most %d allowed",
			    i + 1, cnt, PCPSEL_V6_MAX_ADDRS);
			goto too_many;
		}
		p->nservers++;
		p->naddrs += cnt;
	}
	return 0;
too_many:
	/* its addresses still count for duplicates (which come first), in
	 * pieces that pcpsel_list_add_servers() takes: a duplicate is a
	 * duplicate in whichever server */
	while (cnt > 0) {
		k = cnt < PCPSEL_V6_MAX_ADDRS ? cnt : PCPSEL_V6_MAX_ADDRS;
		p->counts[p->nservers++] = k;
		p->naddrs += k;
		cnt -= k;
	}
	return EXIT_DATA;
bad:
	/* the addresses before the bad one still count for duplicates */
	k = p->counts[p->nservers] - 1;
	p->counts[p->nservers] = k;
	if (k > 0) {
		p->nservers++;
		p->naddrs += k;
	}
	return EXIT_DATA;
}

int
cmd_encode(int argc, char **argv)
{
	struct pcpsel_list *list = NULL;
	struct pcpsel_wire *wire = NULL;
	static const struct option longopts[] = { TOOL_LONGOPT_HELP,
		TOOL_LONGOPT_END };
	struct tool_args a;
	struct parsed p;
	char msg[256];
	int family, argi, c, r, ret;
	size_t i, len, bad = SIZE_MAX;

	tool_args_init(&a, cmd, usage, "46h", longopts);
	while ((c = tool_args_next(&a, argc, argv)) != TOOL_ARGS_END) {
		if (c == TOOL_ARGS_EXIT ||
		    tool_args_family(&a, c) == TOOL_ARGS_EXIT)
			return a.rc;
	}
	if (a.family == 0)
		return tool_args_error(&a,
		    "give -4 (option 158) or -6 (option 86)");
	family = a.family;
	argi = optind;
	if (argi >= argc)
		return tool_args_error(&a, "no SERVER given");
	memset(&p, 0, sizeof(p));
	msg[0] = '\0';
	ret = parse_servers(&p, family, argv + argi, (size_t)(argc - argi),
	    msg, sizeof(msg));
	list = pcpsel_list_new();
	if (list == NULL) {
		tool_err(cmd, "%s", strerror(ENOMEM));
		ret = EXIT_IO;
		goto out;
	}
	/* every address at most once (what was parsed before a failure
	 * too: a duplicate there comes first) */
	r = pcpsel_list_add_servers(list,
	    family == 4 ? PCPSEL_ORIGIN_DHCPV4 : PCPSEL_ORIGIN_DHCPV6, p.addrs,
	    p.counts, p.nservers, &bad);
	if (r == -EINVAL && bad != SIZE_MAX) {
		tool_err(cmd, "server %zu: address '%.*s' given twice",
		    p.server[bad], (int)p.lens[bad], p.text[bad]);
		ret = EXIT_DATA;
		goto out;
	} else if (ret != 0) {
		tool_err(cmd, "%s", msg);
		goto out;
	} else if (r < 0) {
		tool_err(cmd, "%s", strerror(-r));
		ret = r == -ENOMEM ? EXIT_IO : EXIT_DATA;
		goto out;
	}
	r = family == 4 ? pcpsel_v4_encode(list, &wire) :
			  pcpsel_v6_encode(list, &wire);
	if (r < 0) {
		/* every address was checked above: only -ENOMEM is left */
		tool_err(cmd, "%s", strerror(-r));
		ret = r == -ENOMEM ? EXIT_IO : EXIT_DATA;
		goto out;
	}
	for (i = 0; i < pcpsel_wire_count(wire); i++) {
		const uint8_t *data = pcpsel_wire_get(wire, i, &len);

		tool_hex_print(data, len);
	}
	ret = EXIT_OK;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		tool_err(cmd, "write error: %s", strerror(errno));
		ret = EXIT_IO;
	}
out:
	if (wire != NULL)
		pcpsel_wire_free(wire);
	pcpsel_list_free(list);
	parsed_free(&p);
	return ret;
}
