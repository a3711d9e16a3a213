/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pcpsel.c - the pcpsel command-line tool: dispatch to a subcommand
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tool.h"

const char *tool_name = "pcpsel";

static const struct {
	const char *name;
	int (*run)(int, char **);
	int json; /* takes --json */
	const char *summary;
} commands[] = {
	{ "decode", cmd_decode, 1, "decode option 158 (-4) or 86 (-6) data" },
	{ "encode", cmd_encode, 0,
	    "encode servers as option 158 (-4) or 86 (-6) data" },
	{ "order", cmd_order, 0,
	    "order addresses by RFC 6724 for given sources" },
	{ "show", cmd_show, 1,
	    "show the PCP servers a client would use, per interface" },
	{ "kea-check", cmd_kea_check, 0,
	    "validate the pcpsel hook settings of a Kea config file" },
	{ "dhcpcd", cmd_dhcpcd, 0,
	    "update server lists from a dhcpcd hook run" },
	{ "dhclient", cmd_dhclient, 0,
	    "update server lists from a dhclient exit hook run" },
	{ "udhcpc", cmd_udhcpc, 0,
	    "update server lists from a udhcpc script run" },
	{ "nm", cmd_nm, 0,
	    "update server lists from a NetworkManager dispatcher run" },
	{ "probe", cmd_probe, 1,
	    "contact the PCP servers (RFC 7488) and report" },
	{ "map", cmd_map, 1,
	    "keep a port mapping on every PCP server of every uplink" },
};

/* 1 if "--json" is among the options of @argv (before a "--"): then even a
 * usage error that comes before it is reported as JSON. */
static int
wants_json(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--json") == 0)
			return 1;
	return 0;
}

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f,
	    "Usage: pcpsel COMMAND [OPTIONS] [ARGS]\n"
	    "       pcpsel COMMAND --help\n\nCommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(f,
	    "\nExit status: 0 ok, 64 usage, 65 malformed data, "
	    "66 no PCP server known, 74 I/O error.  See pcpsel(8).\n");
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("pcpsel %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		int rc;

		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		tool_json = commands[i].json && wants_json(argc - 1, argv + 1);
		rc = commands[i].run(argc - 1, argv + 1);
		/* --json: a failure without the command's own object is one
		 * {"error":...} object on stdout, with the same exit code */
		if (tool_json && !tool_json_done && rc != EXIT_OK) {
			tool_json_error(rc);
			if (fflush(stdout) != 0 && rc == EXIT_OK)
				rc = EXIT_IO;
		}
		return rc;
	}
	fprintf(stderr, "pcpsel: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
