/* cmd_probe.c - placeholder, being written */
#include "config.h"
#include <stdio.h>
#include "tool.h"

int
cmd_probe(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "pcpsel: not implemented yet\n");
	return EXIT_USAGE;
}
