/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_kea_check.c - pcpsel kea-check FILE [FILE ...]
 *
 * Starts pcpsel-kea-check (src/kea_check.cc), the C++ program that checks
 * the pcpsel settings of Kea configuration files with the hook's own code
 * and Kea's own parser.  It links Kea's libraries, so it is built with the
 * Kea hook, for the same Kea release, and installed beside pcpsel in
 * LIBEXECDIR/pcpsel; `pcpsel` itself never links Kea (it also runs on DHCP
 * clients, where Kea is not installed).
 *
 * PCPSEL_KEA_CHECK in the environment names another program to start (the
 * tests use the one of the build tree).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

#ifndef PCPSEL_KEA_CHECK_PATH
#define PCPSEL_KEA_CHECK_PATH "pcpsel-kea-check"
#endif

int
cmd_kea_check(int argc, char **argv)
{
	const char *prog = getenv("PCPSEL_KEA_CHECK");
	char **args;
	int i;

	if (prog == NULL || prog[0] == '\0')
		prog = PCPSEL_KEA_CHECK_PATH;
	args = calloc((size_t)argc + 1, sizeof(*args));
	if (args == NULL) {
		tool_err("kea-check", "%s", strerror(ENOMEM));
		return EXIT_IO;
	}
	args[0] = (char *)"pcpsel-kea-check";
	for (i = 1; i < argc; i++)
		args[i] = argv[i];
	args[argc] = NULL;
	execv(prog, args);
	free(args);
#ifdef HAVE_KEA
	if (errno == ENOENT)
		tool_err("kea-check",
		    "%s is not installed: it comes with the Kea hook (Debian: "
		    "the kea-hook-pcpsel package)",
		    prog);
	else
		tool_err("kea-check", "cannot run %s: %s", prog,
		    strerror(errno));
#else
	tool_err("kea-check",
	    "cannot run %s: %s (this pcpsel was built "
	    "without Kea's headers: kea-check is built with the Kea hook; "
	    "install kea-dev and build again)",
	    prog, strerror(errno));
#endif
	return EXIT_IO;
}
