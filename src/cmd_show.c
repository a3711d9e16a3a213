/* cmd_show.c - placeholder, being written */
#include "config.h"
#include <stdio.h>
#include "tool.h"

int
cmd_show(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "pcpsel: not implemented yet\n");
	return EXIT_USAGE;
}
