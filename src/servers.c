/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * servers.c - what `pcpsel show` and `pcpsel probe` read, with one
 * behaviour for both (pcpsel(8) NOTHING KNOWN AND ERRORS):
 *
 *  - a file that cannot be used (malformed, too big, a symlink,
 *    unreadable) costs only its interface: it is reported on stderr (file
 *    and line), every other interface is shown, and the exit status is 65
 *    (a malformed or oversized file) or 74 (any other), 74 winning;
 *  - no PCP server known on any interface asked (no directory, no file, or
 *    files without a server) is exit status 66, with one line on stderr
 *    saying which, naming the directory (so a mistyped --dir is seen);
 *  - the directory cannot be listed (not a directory, no permission):
 *    exit status 74, nothing shown.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tool.h"

/* Text for a file error of pcpsel_file_read / pcpsel_view_error. */
static const char *
file_errstr(int err)
{
	switch (err) {
	case -EBADMSG:
		return "not a valid server-list file";
	case -ELOOP:
		return "is a symbolic link, refused";
	case -EINVAL:
		return "not a regular file";
	case -EFBIG:
		return "larger than 1 MiB";
	default:
		return strerror(-err);
	}
}

int
tool_servers_error(const struct tool_servers *ts, size_t k, char *buf,
    size_t size, size_t *ret_line)
{
	size_t line = 0;
	int err;

	err = pcpsel_view_error(ts->view, k, &line);
	if (ret_line != NULL)
		*ret_line = line;
	if (err == 0)
		return 0;
	if (err == -EBADMSG)
		snprintf(buf, size,
		    "line %zu: not a valid server line "
		    "(pcpsel-servers(5))",
		    line);
	else
		snprintf(buf, size, "%s", file_errstr(err));
	return err == -EBADMSG || err == -EFBIG ? EXIT_DATA : EXIT_IO;
}

/* One line on stderr saying why nothing is known, kept in @ts. */
static void
nothing_known(const char *cmd, struct tool_servers *ts, size_t n)
{
	struct stat st;

	if (stat(ts->dir, &st) < 0 && errno == ENOENT)
		snprintf(ts->none_why, sizeof(ts->none_why),
		    "no PCP server known: %s does not exist", ts->dir);
	else if (n == 0)
		snprintf(ts->none_why, sizeof(ts->none_why),
		    "no PCP server known: no server-list file in %s", ts->dir);
	else
		snprintf(ts->none_why, sizeof(ts->none_why),
		    "no PCP server known on %s given (%s)",
		    n == 1 ? "the interface" : "the interfaces", ts->dir);
	ts->none = 1;
	tool_err(cmd, "%s", ts->none_why);
}

int
tool_servers_load(const char *cmd, const char *dir, char **names, size_t n,
    int mapping, struct tool_servers *ts)
{
	char msg[256], safe[1024];
	size_t k, known = 0;
	int r, rc;

	memset(ts, 0, sizeof(*ts));
	ts->rc = EXIT_OK;
	ts->dir = dir != NULL ? dir : pcpsel_servers_dir();
	for (k = 0; k < n; k++)
		if (pcpsel_ifname_check(names[k]) < 0) {
			tool_safe_text(names[k], safe, sizeof(safe));
			tool_err(cmd,
			    "invalid interface name '%s' (see "
			    "pcpsel-servers(5))",
			    safe);
			return EXIT_USAGE;
		}

	r = pcpsel_view_load(ts->dir, (const char *const *)names, n, mapping,
	    &ts->view);
	if (r == -ENOENT && names == NULL) {
		/* no directory: nothing known (it is made on first write) */
		ts->view = NULL;
	} else if (r < 0) {
		tool_safe_text(ts->dir, safe, sizeof(safe));
		tool_err(cmd, "%s: %s", safe, strerror(-r));
		return EXIT_IO;
	}

	for (k = 0; k < pcpsel_view_count(ts->view); k++) {
		rc = tool_servers_error(ts, k, msg, sizeof(msg), NULL);
		if (rc != 0) {
			tool_safe_text(ts->dir, safe, sizeof(safe));
			tool_err(cmd, "%s/%s: %s", safe,
			    pcpsel_view_ifname(ts->view, k), msg);
			if (ts->rc != EXIT_IO)
				ts->rc = rc;
		}
		if (pcpsel_list_count(pcpsel_view_servers(ts->view, k)) > 0)
			known++;
	}
	if (known == 0 && ts->rc == EXIT_OK)
		nothing_known(cmd, ts, n);
	return 0;
}

void
tool_servers_free(struct tool_servers *ts)
{
	pcpsel_view_free(ts->view);
	ts->view = NULL;
}

void
tool_servers_json_if_error(const struct tool_servers *ts, size_t k)
{
	char msg[256], file[4096];
	size_t line;
	int rc;

	rc = tool_servers_error(ts, k, msg, sizeof(msg), &line);
	if (rc == 0)
		return;
	snprintf(file, sizeof(file), "%s/%s", ts->dir,
	    pcpsel_view_ifname(ts->view, k));
	putchar(',');
	tool_json_error_member(rc, msg, file, line);
}

void
tool_servers_json_end(const struct tool_servers *ts, int rc)
{
	char msg[256];
	size_t k, bad = 0;

	if (rc == EXIT_NONE) {
		putchar(',');
		tool_json_error_member(rc, ts->none_why, NULL, 0);
	} else if (rc == EXIT_DATA || rc == EXIT_IO) {
		for (k = 0; k < pcpsel_view_count(ts->view); k++)
			bad += pcpsel_view_error(ts->view, k, NULL) != 0;
		if (bad > 0)
			snprintf(msg, sizeof(msg),
			    "%zu server-list file%s "
			    "could not be used",
			    bad, bad == 1 ? "" : "s");
		else
			snprintf(msg, sizeof(msg), "%s", tool_last_error());
		putchar(',');
		tool_json_error_member(rc, msg, NULL, 0);
	}
	printf("}\n");
	tool_json_done = 1;
}
