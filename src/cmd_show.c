/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_show.c - pcpsel show [--dir DIR] [--mapping 4|6|any] [--json]
 *              [INTERFACE ...]
 *
 * What a PCP client would use: the server-list files (pcpsel-servers(5)),
 * each server's addresses ordered with the interface's current addresses
 * (RFC 7488 §3, RFC 6724, P-FAM-1), through pcpsel_view_load().  Errors and
 * "nothing known" as servers.c says, the same as for pcpsel probe.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static const char *cmd = "show";

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: pcpsel show [--dir DIR] [--mapping 4|6|any] [--json] "
	    "[INTERFACE ...]\n"
	    "\n"
	    "Show the PCP servers a client would use on each INTERFACE\n"
	    "(default: every interface that has a server-list file), each\n"
	    "server's addresses ordered by RFC 6724 with the interface's\n"
	    "current addresses as sources.\n"
	    "\n"
	    "  --dir DIR          server-list directory (default: %s)\n"
	    "  --mapping 4|6|any  family of the wanted mapping: only sources\n"
	    "                     of that family count (default: any)\n"
	    "  --json             print one JSON object instead (errors too)\n"
	    "  --help             show this help\n"
	    "\n"
	    "Exit status: 0 ok, 64 usage, 65 a malformed or oversized file,\n"
	    "66 no PCP server known (no directory, no file, no server),\n"
	    "74 I/O error.  A file that cannot be used is reported and the\n"
	    "other interfaces are shown.\n",
	    pcpsel_servers_dir());
}

static void
print_text(const struct tool_servers *ts)
{
	const struct pcpsel_view *view = ts->view;
	size_t k, i;

	for (k = 0; k < pcpsel_view_count(view); k++) {
		const struct pcpsel_list *list = pcpsel_view_servers(view, k);

		/* a file that could not be used: reported on stderr */
		if (pcpsel_view_error(view, k, NULL) != 0)
			continue;
		if (pcpsel_list_count(list) == 0) {
			printf("%s: no PCP server known\n",
			    pcpsel_view_ifname(view, k));
			continue;
		}
		printf("%s:\n", pcpsel_view_ifname(view, k));
		for (i = 0; i < pcpsel_list_count(list); i++) {
			printf("  server %s",
			    tool_origin_word(pcpsel_server_origin(list, i)));
			tool_addrs_text(list, i);
			putchar('\n');
		}
	}
}

static void
print_json(const struct tool_servers *ts, int rc)
{
	const struct pcpsel_view *view = ts->view;
	size_t k, i;

	printf("{\"interfaces\":[");
	for (k = 0; k < pcpsel_view_count(view); k++) {
		const struct pcpsel_list *list = pcpsel_view_servers(view, k);

		printf("%s{\"name\":", k > 0 ? "," : "");
		tool_json_string(pcpsel_view_ifname(view, k));
		printf(",\"servers\":[");
		for (i = 0; i < pcpsel_list_count(list); i++) {
			printf("%s{", i > 0 ? "," : "");
			tool_server_json(list, i);
			putchar('}');
		}
		putchar(']');
		tool_servers_json_if_error(ts, k);
		putchar('}');
	}
	putchar(']');
	tool_servers_json_end(ts, rc);
}

int
cmd_show(int argc, char **argv)
{
	static const struct option longopts[] = { TOOL_LONGOPT_DIR,
		TOOL_LONGOPT_MAPPING, TOOL_LONGOPT_JSON, TOOL_LONGOPT_HELP,
		TOOL_LONGOPT_END };
	struct tool_servers ts;
	struct tool_args a;
	int c, rc;

	tool_args_init(&a, cmd, usage, "h", longopts);
	while ((c = tool_args_next(&a, argc, argv)) != TOOL_ARGS_END) {
		if (c == TOOL_ARGS_EXIT)
			return a.rc;
	}
	rc =
	    tool_servers_load(cmd, a.dir, optind < argc ? argv + optind : NULL,
		(size_t)(argc - optind), a.mapping, &ts);
	if (rc != 0)
		return rc;
	rc = ts.rc != EXIT_OK ? ts.rc : ts.none ? EXIT_NONE : EXIT_OK;
	if (tool_json)
		print_json(&ts, rc);
	else
		print_text(&ts);
	tool_servers_free(&ts);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		tool_err(cmd, "write error: %s", strerror(errno));
		rc = EXIT_IO;
	}
	return rc;
}
