/*
 * cmd_kea_check.c - pcpsel kea-check FILE [FILE ...]
 *
 * Validates the pcpsel hook's parameters and every "pcp-servers"
 * user-context of a Kea configuration file with the code the hook runs in
 * load(), because `kea-dhcp4 -t` and the config-test command never call a
 * hook's load() (notes/kea-hook.md §4.3).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

/* Larger Kea configuration files are refused. */
#define FILE_MAX	(16u * 1024 * 1024)

static const char *cmd = "kea-check";

static void
usage(FILE *f)
{
	fprintf(f,
	    "Usage: pcpsel kea-check FILE [FILE ...]\n"
	    "\n"
	    "Check the pcpsel settings of a Kea configuration file (\"-\" for\n"
	    "standard input) with the same code and messages as the Kea hook:\n"
	    "the \"parameters\" of every hooks-libraries entry for\n"
	    "libdhcp_pcpsel.so, and every \"pcp-servers\" in the\n"
	    "user-context of shared networks, subnets, client classes and\n"
	    "host reservations, under Dhcp4 and Dhcp6.  Comments (#, // and\n"
	    "/* */) are allowed as Kea allows them.  Every error is printed\n"
	    "on standard error; a valid file gets\n"
	    "\"FILE: pcpsel settings OK\" on standard output.\n"
	    "Run it before reloading Kea: kea-dhcp4 -t does not check hook\n"
	    "parameters, and a bad one refused at reload stops the service.\n"
	    "\n"
	    "  --help    show this help\n"
	    "\n"
	    "Exit status: 0 valid, 64 usage, 65 invalid settings or not a Kea\n"
	    "JSON configuration, 74 unreadable file.\n");
}

/* Read all of @f (at most FILE_MAX bytes) into *@ret (free() it).
 * 0, -EFBIG, -ENOMEM or a negative errno. */
static int
read_all(FILE *f, char **ret, size_t *ret_len)
{
	size_t len = 0, cap = 0, n;
	char *buf = NULL, *p;

	for (;;) {
		if (cap - len < 65536) {
			if (cap > FILE_MAX) {
				free(buf);
				return -EFBIG;
			}
			cap = cap != 0 ? cap * 2 : 65536;
			p = realloc(buf, cap + 1);
			if (p == NULL) {
				free(buf);
				return -ENOMEM;
			}
			buf = p;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (len > FILE_MAX) {
			free(buf);
			return -EFBIG;
		}
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		return errno != 0 ? -errno : -EIO;
	}
	buf[len] = '\0';
	*ret = buf;
	*ret_len = len;
	return 0;
}

static void
report(void *arg, const char *msg)
{
	const char *const *name = arg;

	tool_err(cmd, "%s: %s", *name, msg);
}

/* Check one file; returns its exit code. */
static int
check_file(const char *path)
{
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int r;

	if (strcmp(path, "-") == 0)
		f = stdin;
	else {
		f = fopen(path, "rb");
		if (f == NULL) {
			tool_err(cmd, "%s: %s", name, strerror(errno));
			return EXIT_IO;
		}
	}
	errno = 0;
	r = read_all(f, &text, &len);
	if (f != stdin)
		fclose(f);
	if (r == -EFBIG) {
		tool_err(cmd, "%s: larger than %u bytes", name, FILE_MAX);
		return EXIT_DATA;
	}
	if (r < 0) {
		tool_err(cmd, "%s: %s", name, strerror(-r));
		return EXIT_IO;
	}

	r = pcpsel_kea_check(text, len, report, &name);
	free(text);
	if (r == -ENOMEM) {
		tool_err(cmd, "%s: %s", name, strerror(ENOMEM));
		return EXIT_IO;
	}
	if (r < 0)
		return EXIT_DATA;
	if (r > 0) {
		tool_err(cmd, "%s: %d %s", name, r, r == 1 ? "error" :
		    "errors");
		return EXIT_DATA;
	}
	printf("%s: pcpsel settings OK\n", name);
	return EXIT_OK;
}

int
cmd_kea_check(int argc, char **argv)
{
	int i, r, nfiles = 0, options = 1, status = EXIT_OK;

	for (i = 1; i < argc; i++) {
		if (!options || strcmp(argv[i], "-") == 0 ||
		    argv[i][0] != '-') {
			nfiles++;
			continue;
		}
		if (strcmp(argv[i], "--") == 0)
			options = 0;
		else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		} else {
			tool_err(cmd, "unknown option '%s'", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (nfiles == 0) {
		tool_err(cmd, "no FILE given");
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 1, options = 1; i < argc; i++) {
		if (options && strcmp(argv[i], "--") == 0) {
			options = 0;
			continue;
		}
		r = check_file(argv[i]);
		/* the worst wins: I/O error, then invalid, then OK */
		if (r == EXIT_IO || (r == EXIT_DATA && status == EXIT_OK))
			status = r;
	}
	return status;
}
