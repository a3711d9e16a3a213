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
	const char *summary;
} commands[] = {
	{ "decode", cmd_decode, "decode option 158 (-4) or 86 (-6) data" },
	{ "encode", cmd_encode, "encode servers as option 158 (-4) or 86 (-6) data" },
	{ "order", cmd_order, "order addresses by RFC 6724 for given sources" },
	{ "show", cmd_show, "show the PCP servers a client would use, per interface" },
	{ "kea-check", cmd_kea_check, "validate the pcpsel hook settings of a Kea config file" },
	{ "dhcpcd", cmd_dhcpcd, "update server lists from a dhcpcd hook run" },
	{ "dhclient", cmd_dhclient, "update server lists from a dhclient exit hook run" },
	{ "udhcpc", cmd_udhcpc, "update server lists from a udhcpc script run" },
	{ "nm", cmd_nm, "update server lists from a NetworkManager dispatcher run" },
	{ "probe", cmd_probe, "contact the PCP servers (RFC 7488) and report" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: pcpsel COMMAND [OPTIONS] [ARGS]\n"
	    "       pcpsel COMMAND --help\n\nCommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(f, "\nExit status: 0 ok, 64 usage, 65 malformed data, "
	    "74 I/O error.  See pcpsel(8).\n");
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
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "pcpsel: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
