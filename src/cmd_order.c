/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_order.c - pcpsel order [OPTIONS] --source ADDR[/PLEN] ... ADDR ...
 *
 * Sorts one PCP server's addresses in RFC 6724 §6 order (RFC 7488 §4) for
 * the candidate sources given on the command line, restricted to the
 * mapping family (P-FAM-1), and prints them one per line.  No network
 * access: the sources are what the caller says.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

#define EXIT_OSERR 71 /* EX_OSERR: out of memory */

static const char *cmd = "order";

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: pcpsel order [--mapping 4|6|any] [--prefer-public]\n"
	    "           --source ADDR[/PLEN] [--source ADDR[/PLEN] ...]\n"
	    "           ADDR [ADDR ...]\n"
	    "\n"
	    "Print the addresses ADDR (one PCP server's addresses) one per\n"
	    "line in RFC 6724 destination order, as a host would try them\n"
	    "(RFC 7488 section 4) whose interface has the given source\n"
	    "addresses.  IPv4 is ordered like IPv6, in its IPv4-mapped form;\n"
	    "the policy table is the RFC 6724 default.\n"
	    "\n"
	    "  -s, --source ADDR[/PLEN]\n"
	    "        a candidate source address and its on-link prefix\n"
	    "        length (default 32 for IPv4, 64 for IPv6); at least one\n"
	    "        source option is required\n"
	    "  --deprecated-source ADDR[/PLEN]\n"
	    "        a deprecated source (RFC 6724 source and destination\n"
	    "        Rule 3)\n"
	    "  --temporary-source ADDR[/PLEN]\n"
	    "        a temporary (privacy) source (source Rule 7)\n"
	    "  --prefer-public\n"
	    "        prefer public over temporary sources (source Rule 7)\n"
	    "  -m, --mapping 4|6|any\n"
	    "        the family of the PCP mapping wanted: 4 or 6 uses only\n"
	    "        the sources of that family; any (the default) uses all\n"
	    "  -h, --help\n"
	    "        show this help\n"
	    "\n"
	    "Exit status: 0 ok, 64 usage, 65 an invalid address or prefix\n"
	    "length.\n");
}

/* Parse "ADDR[/PLEN]" into @ret.  Returns 0 or -EINVAL. */
static int
parse_source(const char *text, unsigned flags, struct pcpsel_source *ret)
{
	char buf[PCPSEL_ADDRSTRLEN + 8];
	const char *slash, *p;
	size_t len;
	unsigned plen = 0, max;
	int v4;

	slash = strchr(text, '/');
	len = slash != NULL ? (size_t)(slash - text) : strlen(text);
	if (len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, text, len);
	buf[len] = '\0';
	memset(ret, 0, sizeof(*ret));
	if (pcpsel_addr_from_string(&ret->addr, buf) < 0)
		return -EINVAL;
	v4 = pcpsel_addr_is_v4(&ret->addr);
	max = v4 ? 32 : 128;
	if (slash == NULL)
		plen = v4 ? 32 : 64;
	else {
		/* 1 to 3 decimal digits, no sign, no blanks */
		p = slash + 1;
		if (*p == '\0' || strlen(p) > 3)
			return -EINVAL;
		for (; *p != '\0'; p++) {
			if (*p < '0' || *p > '9')
				return -EINVAL;
			plen = plen * 10 + (unsigned)(*p - '0');
		}
		if (plen > max)
			return -EINVAL;
	}
	ret->prefixlen = plen;
	ret->flags = flags;
	return 0;
}

enum { OPT_DEPRECATED = TOOL_OPT_OWN, OPT_TEMPORARY, OPT_PREFER_PUBLIC };

static const struct option longopts[] = { { "source", required_argument, NULL,
					      's' },
	{ "deprecated-source", required_argument, NULL, OPT_DEPRECATED },
	{ "temporary-source", required_argument, NULL, OPT_TEMPORARY },
	{ "prefer-public", no_argument, NULL, OPT_PREFER_PUBLIC },
	TOOL_LONGOPT_MAPPING, TOOL_LONGOPT_HELP, TOOL_LONGOPT_END };

int
cmd_order(int argc, char **argv)
{
	struct pcpsel_order_ctx ctx;
	struct pcpsel_source *srcs = NULL;
	struct pcpsel_addr *addrs = NULL;
	char buf[PCPSEL_ADDRSTRLEN];
	struct tool_args a;
	char safe[256];
	size_t nsrcs = 0, n = 0, i;
	unsigned flags;
	int c, r, ret = EXIT_USAGE;

	memset(&ctx, 0, sizeof(ctx));
	ctx.mapping = PCPSEL_MAPPING_ANY;
	ctx.prefer_temporary = 1;
	/* every option could be a source */
	srcs = calloc((size_t)(argc > 0 ? argc : 1), sizeof(*srcs));
	if (srcs == NULL) {
		tool_err(cmd, "out of memory");
		return EXIT_OSERR;
	}
	tool_args_init(&a, cmd, usage, "s:m:h", longopts);
	while ((c = tool_args_next(&a, argc, argv)) != TOOL_ARGS_END) {
		switch (c) {
		case TOOL_ARGS_EXIT:
			ret = a.rc;
			goto out;
		case 's':
		case OPT_DEPRECATED:
		case OPT_TEMPORARY:
			flags = c == OPT_DEPRECATED ? PCPSEL_SRC_DEPRECATED :
			    c == OPT_TEMPORARY	    ? PCPSEL_SRC_TEMPORARY :
						      0;
			if (parse_source(optarg, flags, &srcs[nsrcs]) < 0) {
				tool_safe_text(optarg, safe, sizeof(safe));
				tool_err(cmd, "invalid source address '%s'",
				    safe);
				ret = EXIT_DATA;
				goto out;
			}
			nsrcs++;
			break;
		case OPT_PREFER_PUBLIC:
			ctx.prefer_temporary = 0;
			break;
		}
	}
	ctx.mapping = a.mapping;
	if (nsrcs == 0) {
		ret = tool_args_error(&a, "no --source given");
		goto out;
	}
	if (optind >= argc) {
		ret = tool_args_error(&a, "no address to order");
		goto out;
	}
	addrs = calloc((size_t)(argc - optind), sizeof(*addrs));
	if (addrs == NULL) {
		tool_err(cmd, "out of memory");
		ret = EXIT_OSERR;
		goto out;
	}
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		if (pcpsel_addr_from_string(&addrs[n], argv[i]) < 0) {
			tool_safe_text(argv[i], safe, sizeof(safe));
			tool_err(cmd, "invalid address '%s'", safe);
			ret = EXIT_DATA;
			goto out;
		}
		n++;
	}
	ctx.sources = srcs;
	ctx.nsources = nsrcs;
	r = pcpsel_order(addrs, NULL, n, &ctx);
	if (r < 0) {
		tool_err(cmd, "cannot order: %s", strerror(-r));
		ret = r == -ENOMEM ? EXIT_OSERR : EXIT_USAGE;
		goto out;
	}
	for (i = 0; i < n; i++) {
		pcpsel_addr_to_string(&addrs[i], buf, sizeof(buf));
		printf("%s\n", buf);
	}
	ret = fflush(stdout) == 0 ? EXIT_OK : EXIT_IO;
out:
	free(srcs);
	free(addrs);
	return ret;
}
